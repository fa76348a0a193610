/**
 * zoo-spark: the training harness on Spark. {@link io.github.classiczoo.spark.SparkFitter} is a
 * {@link io.github.classiczoo.train.Fitter} that gathers the trainer's minibatches into rounds and fits them by DL4J's
 * synchronous parameter averaging, so recipes, schedules, checkpoints and resuming work unchanged; start one with
 * {@link io.github.classiczoo.spark.SparkFitter#start} (its settings are a {@link io.github.classiczoo.spark.SparkSettings})
 * and give it to {@link io.github.classiczoo.train.Trainer#fitWith}. {@link io.github.classiczoo.spark.HadoopFileTree}
 * lets folder datasets live on any filesystem Hadoop reaches ({@code hdfs://}, {@code s3a://}, ...). Depends on zoo-core,
 * zoo-train, zoo-data, dl4j-spark and Spark (provided); the harness never depends on it. Documented in docs/cluster.md in
 * the repository.
 */
package io.github.classiczoo.spark;
