/**
 * zoo-train, the training harness. {@link io.github.classiczoo.train.TrainingJob} puts a model, a
 * {@link io.github.classiczoo.train.Recipe} and a dataset together into a {@link io.github.classiczoo.train.Trainer}, the
 * loop: each step fitted by a {@link io.github.classiczoo.train.Fitter} (this JVM, or zoo-spark's parameter averaging) at
 * the {@link io.github.classiczoo.train.LrSchedule}'s rate, each epoch evaluated ({@link io.github.classiczoo.train.Evaluator},
 * {@link io.github.classiczoo.train.Metrics}) and checkpointed in the {@link io.github.classiczoo.train.RunDirectory}, which
 * owns every file of a run and lets a killed run resume exactly. {@link io.github.classiczoo.train.RunListener}s are told
 * as it goes ({@link io.github.classiczoo.train.Trainer#listen}); {@link io.github.classiczoo.train.Predictor} is inference
 * with a model file. Depends on zoo-core, zoo-data, zoo-native (at run time) and XChart; the families never depend on it.
 * Documented in docs/training.md in the repository.
 */
package io.github.classiczoo.train;
