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
        checkMaster(master);
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

    private static final java.util.regex.Pattern LOCAL = java.util.regex.Pattern.compile("local(\\[\\s*(\\d+|\\*)\\s*(,\\s*(\\d+)\\s*)?])?");
    private static final java.util.regex.Pattern LOCAL_CLUSTER = java.util.regex.Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*\\d+\\s*,\\s*\\d+\\s*]");

    /** How long the reachability check of a {@code spark://} master waits for each address. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /**
     * Refuses a master Spark could not use, in one line naming it and what to check, before Spark starts (Spark itself
     * prints ~20 lines of stack trace for {@code local[0]}, cannot parse {@code yarn} without its YARN module, and spends
     * 70 s retrying an unreachable {@code spark://} host): {@code local[N]} and {@code local[N,F]} need N ≥ 1 (or {@code *})
     * and F ≥ 1; a {@code spark://} master must accept a connection within {@value #CONNECT_TIMEOUT_MILLIS} ms; {@code yarn},
     * {@code k8s://} and {@code mesos://} need Spark's module for that cluster manager on the class path (spark-submit brings it).
     */
    static void checkMaster(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("--spark needs a master URL: local[N], spark://HOST:PORT, yarn or k8s://...");
        }
        String m = master.strip();
        java.util.regex.Matcher local = LOCAL.matcher(m);
        if (m.startsWith("local-cluster")) {
            if (!LOCAL_CLUSTER.matcher(m).matches()) {
                throw new IllegalArgumentException("--spark " + master + ": local-cluster takes [WORKERS,CORES,MEMORY_MB]");
            }
            return;
        }
        if (m.startsWith("local")) {
            if (!local.matches()) {
                throw new IllegalArgumentException("--spark " + master + ": not a local master; use local, local[N], local[*] or local[N,MAX_FAILURES] "
                        + "with N at least 1");
            }
            String threads = local.group(2), failures = local.group(4);
            if (threads != null && !threads.equals("*") && (threads.length() > 6 || Integer.parseInt(threads) < 1)) {
                throw new IllegalArgumentException("--spark " + master + ": local[N] needs N from 1 to 999999 threads");
            }
            if (failures != null && (failures.length() > 6 || Integer.parseInt(failures) < 1)) {
                throw new IllegalArgumentException("--spark " + master + ": local[N,F] needs F, the attempts per task, from 1 to 999999");
            }
            return;
        }
        if (m.startsWith("spark://")) {
            for (String hostPort : m.substring("spark://".length()).split(",")) {
                reachable(master, hostPort);
            }
            return;
        }
        if (m.equals("yarn") || m.startsWith("k8s://") || m.startsWith("mesos://")) {
            String module = m.equals("yarn") ? "spark-yarn" : m.startsWith("k8s") ? "spark-kubernetes" : "spark-mesos";
            if (!clusterManagerFor(m)) {
                throw new IllegalArgumentException("--spark " + master + ": this JVM has no " + module + " (Spark's support for that cluster "
                        + "manager); submit the zoo's job jar with spark-submit --master " + m + ", which brings it (docs/cluster.md)");
            }
            if (m.equals("yarn") && System.getenv("HADOOP_CONF_DIR") == null && System.getenv("YARN_CONF_DIR") == null) {
                throw new IllegalArgumentException("--spark yarn: neither HADOOP_CONF_DIR nor YARN_CONF_DIR is set; point one at the "
                        + "cluster's configuration directory");
            }
            return;
        }
        throw new IllegalArgumentException("--spark " + master + ": not a master URL Spark knows; use local[N], spark://HOST:PORT, yarn, "
                + "k8s://https://HOST:PORT or mesos://HOST:PORT");
    }

    /** Whether a Spark cluster manager for {@code master} (YARN, Kubernetes, Mesos) is on the class path. */
    private static boolean clusterManagerFor(String master) {
        try {
            for (org.apache.spark.scheduler.ExternalClusterManager c : java.util.ServiceLoader.load(org.apache.spark.scheduler.ExternalClusterManager.class)) {
                if (c.canCreate(master)) {
                    return true;
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            return false;
        }
        return false;
    }

    private static void reachable(String master, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int port;
        try {
            port = colon < 1 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--spark " + master + ": '" + hostPort + "' is not HOST:PORT (a standalone master listens on 7077 "
                    + "by default)");
        }
        String host = hostPort.substring(0, colon);
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--spark " + master + ": cannot reach the master at " + host + ":" + port + " (" + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + "); check the host and port and that the master is running (nothing was "
                    + "written)");
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
