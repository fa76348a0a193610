package io.github.classiczoo.app.search;

import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.spark.SparkFitter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * A search's trials as Spark tasks: each trial is a one-task Spark job submitted from one of the sweep's threads (so as
 * many run at once as the sweep has threads and Spark has task slots), and its row comes back to the driver, which
 * records it as a local search does. Spark retries a task whose executor is lost ({@code spark.task.maxFailures}, or
 * {@code local[N,F]}); a trial whose every attempt was lost is recorded as {@link Trial.Status#LOST} and run again by a rerun.
 * A trial that fails or diverges inside the trainer is not a lost task: it comes back as an ordinary failed row.
 */
public final class SparkTrials implements AutoCloseable {

    private final JavaSparkContext sc;
    private final boolean ownContext;
    private final Function<Integer, String> task;

    /** Runs trials with {@code task} (trial id → its {@link Trial#toMap()} row as JSON) on {@code sc}. */
    public SparkTrials(JavaSparkContext sc, Function<Integer, String> task) {
        this(sc, task, false);
    }

    private SparkTrials(JavaSparkContext sc, Function<Integer, String> task, boolean ownContext) {
        this.sc = sc;
        this.task = task;
        this.ownContext = ownContext;
    }

    /** Starts a Spark context on {@code master} for the search (stopped by {@link #close()}). */
    public static SparkTrials start(String master, Function<Integer, String> task) {
        SparkConf conf = SparkFitter.conf(master, "classic-zoo search");
        JavaSparkContext sc;
        try {
            sc = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot start Spark on " + master + ": " + e.getMessage(), e);
        }
        return new SparkTrials(sc, task, true);
    }

    /** Native threads each trial uses: Spark's {@code spark.task.cpus}. */
    public int taskCpus() {
        return sc.getConf().getInt("spark.task.cpus", 1);
    }

    /** Trials Spark can run at once: its default parallelism (the executors' cores) over {@link #taskCpus()}. */
    public int slots() {
        return Math.max(1, sc.defaultParallelism() / taskCpus());
    }

    /** Runs trial {@code id} (candidate {@code params}) as a Spark job and returns its row. */
    public Trial run(int id, Map<String, String> params) {
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        sc.setJobDescription(String.format(Locale.ROOT, "classic-zoo search trial %d %s", id, params));
        try {
            List<String> row = sc.parallelize(List.of(id), 1).map(task).collect();
            Trial t = Trial.fromJson(Json.read(row.get(0)));
            if (t.id() != id) {
                throw new IllegalStateException("the task for trial " + id + " returned trial " + t.id());
            }
            if (!t.params().equals(params)) { // the executor drew other candidates: its --space, jars or data differ from the driver's
                return new Trial(id, params, Trial.Status.FAILED, Double.NaN, Double.NaN, 0, t.epochs(), t.seconds(), t.started(), t.ended(),
                        "the executor ran " + t.params() + " as trial " + id + ", not the driver's " + params
                                + ": --space or the zoo's version differs between the driver and the executors");
            }
            return t;
        } catch (Exception e) { // Spark's SparkException is checked, though Java cannot see it thrown here
            String m = rootMessage(e);
            return new Trial(id, params, Trial.Status.LOST, Double.NaN, Double.NaN, 0, 0, Math.round((System.nanoTime() - t0) / 1e7) / 100.0, started,
                    Instant.now().toString(), "Spark task lost: " + m);
        }
    }

    /** The first line of the deepest cause's message: Spark wraps a task's exception in a job-abort report. */
    static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        if (c == e) { // Spark's SparkException carries the remote cause only as text: keep its summary line
            m = m.lines().findFirst().orElse(m);
        }
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        if (ownContext) {
            sc.stop();
        }
    }
}
