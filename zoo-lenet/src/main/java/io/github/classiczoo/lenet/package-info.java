/**
 * zoo-lenet: LeCun et al. 1998's networks — {@link io.github.classiczoo.lenet.LeNet5} as published,
 * {@link io.github.classiczoo.lenet.LeNet1}, {@link io.github.classiczoo.lenet.LeNet4}, boosted LeNet-4
 * ({@link io.github.classiczoo.lenet.LeNet4Boosted}), the multilayer perceptrons of Fig. 9
 * ({@link io.github.classiczoo.lenet.Mlp}) — and {@link io.github.classiczoo.lenet.LeNet5Modern}, the LeNet-5 most frameworks
 * ship. A user starts from {@link io.github.classiczoo.lenet.LeNets}, one typed factory per model returning a
 * {@link io.github.classiczoo.core.model.ModelBuilder}; {@link io.github.classiczoo.lenet.LeNetFamily} registers the models
 * with zoo-core's registry. Depends on zoo-core alone; the trained weights are the separate zoo-lenet-weights artifact.
 * Documented in docs/java.md and docs/models.md in the repository.
 */
package io.github.classiczoo.lenet;
