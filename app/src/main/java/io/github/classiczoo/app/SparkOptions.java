package io.github.classiczoo.app;

import io.github.classiczoo.spark.SparkFitter;
import picocli.CommandLine.Option;

/** Training on Apache Spark (zoo-spark): shared by train and reproduce. */
final class SparkOptions {

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train on Spark with synchronous parameter averaging: local[N] on this "
            + "machine, spark://HOST:PORT, yarn or k8s://... (under spark-submit: the master it was given).")
    String master;

    @Option(names = "--workers", paramLabel = "N", description = "With --spark: model replicas averaged each round (default: Spark's "
            + "default parallelism, N for local[N]).")
    Integer workers;

    @Option(names = "--averaging-frequency", paramLabel = "K", defaultValue = "5", description = "With --spark: minibatches each worker "
            + "fits between averagings (default: ${DEFAULT-VALUE}). Each worker's minibatch is the recipe's batch (--batch).")
    int averagingFrequency;

    @Option(names = "--batch-per-worker", paramLabel = "B", description = "With --spark: the minibatch each worker fits (the recipe's batch "
            + "size; the same as --batch). A round of W workers and frequency K consumes W×K×B images.")
    Integer batchPerWorker;

    boolean enabled() {
        return master != null;
    }

    /** Refuses Spark options without --spark, and impossible ones with it, before any data is read. */
    void check() {
        if (master == null) {
            if (workers != null || averagingFrequency != 5 || batchPerWorker != null) {
                throw new IllegalArgumentException("--workers, --averaging-frequency and --batch-per-worker apply with --spark MASTER");
            }
            return;
        }
        if (master.isBlank()) {
            throw new IllegalArgumentException("--spark needs a master URL: local[N], spark://HOST:PORT, yarn or k8s://...");
        }
        if (workers != null && (workers < 1 || workers > 4096)) {
            throw new IllegalArgumentException("--workers must be 1..4096; got " + workers);
        }
        if (averagingFrequency < 1 || averagingFrequency > 100_000) {
            throw new IllegalArgumentException("--averaging-frequency must be 1..100000; got " + averagingFrequency);
        }
        if (batchPerWorker != null) {
            TrainOptions.positive(batchPerWorker, "--batch-per-worker");
        }
    }

    /** The recipe with {@code --batch-per-worker} as its batch size; refused beside a different {@code --batch}. */
    io.github.classiczoo.train.Recipe apply(io.github.classiczoo.train.Recipe r, Integer batch) {
        if (batchPerWorker == null) {
            return r;
        }
        if (batch != null && !batch.equals(batchPerWorker)) {
            throw new IllegalArgumentException("--batch " + batch + " and --batch-per-worker " + batchPerWorker + " disagree: on Spark each worker "
                    + "fits minibatches of the recipe's batch size; give one of them");
        }
        return r.withBatchSize(batchPerWorker);
    }

    /** Starts a Spark context on the master (stopped when the fitter is closed). */
    SparkFitter start() {
        return SparkFitter.start(master, workers == null ? 0 : workers, averagingFrequency);
    }
}
