package io.github.classiczoo.app.search;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.DirectoryLock;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.train.EpochRow;
import io.github.classiczoo.train.Metrics;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Trainer;
import io.github.classiczoo.train.TrainingDivergedException;
import io.github.classiczoo.train.TrainingJob;
import io.github.classiczoo.train.search.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Runs a search's trials through the project's harness ({@link TrainingJob} → {@link Trainer}, validation only)
 * and keeps its directory:
 * <ul>
 * <li>{@code search.json} — the settings and candidates; a rerun with the same {@code --out} must match them</li>
 * <li>{@code trials/NNNN/} — each trial's own run directory (manifest, metrics, checkpoints)</li>
 * <li>{@code results.csv}, {@code results.json} — one row per finished trial, rewritten atomically after each</li>
 * <li>{@code plots/score-vs-PARAM.png} — validation error against each parameter</li>
 * <li>{@code best.json} — the best trial and its one test-set evaluation</li>
 * </ul>
 * Trials that finished (ok or failed) are never rerun; a trial interrupted midway starts again from scratch.
 */
public final class Sweep {

    /** What makes two runs the same search: the same settings draw the same candidates and train them the same way. */
    public record Settings(String model, String dataset, String recipe, String strategy, long seed, int epochs, int subset, int gridPoints,
                           Map<String, Object> space) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("dataset", dataset);
            m.put("recipe", recipe);
            m.put("strategy", strategy);
            m.put("seed", seed);
            m.put("epochs", epochs);
            m.put("subset", subset);
            m.put("gridPoints", gridPoints);
            m.put("space", space);
            return m;
        }
    }

    /** The best trial and its test-set metrics. */
    public record Best(Trial trial, Metrics test, Path modelFile) {
    }

    /**
     * How the search ended: every recorded trial by id, the best with its test figure (empty if none succeeded, or if
     * trials are still to run), how many are still to run (not started under the time limit, or lost with their Spark
     * task), and how many of those were lost.
     */
    public record Outcome(List<Trial> trials, Optional<Best> best, int notStarted, int lost) {
    }

    private final ZooModel model;
    private final SearchSpace space;
    private final Settings settings;
    private final TrainingJob.Sources sources;
    private final List<Map<String, String>> candidates;
    private final Path dir;
    private final int parallel;
    private final Duration timeLimit;
    private final Consumer<String> log;
    private final Map<Integer, Trial> done = new TreeMap<>();
    private long startNanos;
    private double secondsThisRun;
    private int ranThisRun;
    private IntFunction<Trial> runner = this::runTrial;
    private boolean quiet;

    private Trainer.NetworkListener netListener;

    /**
     * @param space     the checked space; its base recipe already carries the dataset, seed and epochs
     * @param timeLimit no trial starts after it (running ones finish); null = none
     */
    public Sweep(ZooModel model, SearchSpace space, Settings settings, TrainingJob.Sources sources, List<Map<String, String>> candidates,
                 Path dir, int parallel, Duration timeLimit, Consumer<String> log) {
        if (space.base().validation() <= 0) {
            throw new IllegalArgumentException("recipe " + space.base().name() + " holds out no validation images; a search needs them "
                    + "(trials are compared on validation, never on the test set)");
        }
        this.model = model;
        this.space = space;
        this.settings = settings;
        this.sources = sources;
        this.candidates = List.copyOf(candidates);
        this.dir = dir.toAbsolutePath();
        this.parallel = parallel;
        this.timeLimit = timeLimit;
        this.log = log;
    }

    /** Runs each trial through {@code runner} (a Spark task, {@code SparkTrials}) instead of in this JVM. */
    public Sweep runTrialsWith(IntFunction<Trial> runner) {
        this.runner = runner;
        return this;
    }

    /** Adds a DL4J listener to each trial's network (the live view's, which records into the trial's directory). */
    public Sweep listenToNetworks(Trainer.NetworkListener l) {
        this.netListener = l;
        return this;
    }

    /** No progress bars for this sweep's trials (on a Spark executor, where several share one log). */
    public Sweep quietTrials() {
        this.quiet = true;
        return this;
    }

    public Outcome run() throws Exception {
        startNanos = System.nanoTime();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create search directory " + dir + ": " + e.getMessage(), e);
        }
        try (DirectoryLock lock = DirectoryLock.acquire(dir, "search directory")) {
            int stale = Files.exists(dir.resolve("search.json")) ? Files2.deleteStaleTemps(dir) : 0; // only in a search directory
            if (stale > 0) {
                log.accept("removed " + stale + " unfinished temporary file(s) that a killed write left in " + dir);
            }
            return runLocked();
        }
    }

    private Outcome runLocked() throws Exception {
        prepare();
        List<Integer> pending = new ArrayList<>();
        for (int id = 1; id <= candidates.size(); id++) {
            if (!done.containsKey(id)) {
                pending.add(id);
            }
        }
        if (!done.isEmpty()) {
            log.accept(String.format(Locale.ROOT, "resuming %s: %d trial(s) recorded, %d to run", dir, done.size(), pending.size()));
        }
        int[] notStarted = {0};
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int id : pending) {
                futures.add(pool.submit(() -> {
                    if (timeUp()) {
                        synchronized (this) {
                            notStarted[0]++;
                        }
                        return null;
                    }
                    record(runner.apply(id));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(); // a failure to write results (not a failed trial) ends the search here
            }
        } finally {
            pool.shutdownNow();
        }
        if (notStarted[0] > 0) {
            log.accept(String.format(Locale.ROOT, "time limit %s reached: %d trial(s) not started; rerun the same command to continue",
                    Progress.clockText(timeLimit.toSeconds()), notStarted[0]));
        }
        int lost = (int) done.values().stream().filter(Trial::lost).count();
        if (lost > 0) {
            log.accept(String.format(Locale.ROOT, "%d trial(s) lost with their Spark task; rerun the same command to run them again", lost));
        }
        // the test set is looked at once, for the final choice: not while trials are still to run
        Optional<Best> best = notStarted[0] + lost == 0 ? best().map(this::testOnce) : Optional.empty();
        writeResults(best.orElse(null));
        return new Outcome(new ArrayList<>(done.values()), best, notStarted[0] + lost, lost);
    }

    /** Creates the directory or checks it holds this same search; loads recorded trials; clears interrupted ones. */
    private void prepare() throws IOException {
        Path searchFile = dir.resolve("search.json");
        if (Files.isDirectory(dir) && !Files.exists(searchFile)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.anyMatch(p -> Files.exists(p) && !p.getFileName().toString().equals(DirectoryLock.FILE))) {
                    throw new IllegalArgumentException(dir + " has files but no search.json: not a search directory (nothing there was changed); "
                            + "choose another --out");
                }
            }
        }
        try {
            Files.createDirectories(dir.resolve("trials"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create search directory " + dir + ": " + e.getMessage(), e);
        }
        if (Files.exists(searchFile)) {
            JsonNode was = Json.read(Files.readString(searchFile)).get("settings");
            JsonNode now = Json.read(Json.write(settings.toMap()));
            List<String> differ = new ArrayList<>();
            now.fieldNames().forEachRemaining(f -> {
                if (!now.get(f).equals(was.get(f))) {
                    differ.add(f + " " + was.get(f) + " there, " + now.get(f) + " here");
                }
            });
            if (!differ.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds a different search (" + String.join("; ", differ)
                        + "); rerun with its settings to resume it, or choose another --out");
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("settings", settings.toMap());
        s.put("baseRecipe", space.base().toMap());
        s.put("candidates", candidates);
        Files2.writeStringAtomically(searchFile, Json.write(s));

        Path results = dir.resolve("results.json");
        if (Files.exists(results)) {
            for (JsonNode t : Json.read(Files.readString(results)).get("trials")) {
                Trial trial = Trial.fromJson(t);
                if (trial.id() <= candidates.size() && !trial.params().equals(candidates.get(trial.id() - 1))) {
                    throw new IllegalStateException("trial " + trial.id() + " in " + results + " ran " + trial.params()
                            + " but the candidate list now has " + candidates.get(trial.id() - 1));
                }
                if (trial.lost()) {
                    log.accept("trial " + trial.id() + " was lost with its Spark task last time (" + trial.error() + "); running it again");
                } else {
                    done.put(trial.id(), trial);
                }
            }
        }
        for (int id = 1; id <= candidates.size(); id++) {
            Path t = dir.resolve(Trial.dirName(id));
            if (!done.containsKey(id) && Files.exists(t)) {
                log.accept("trial " + id + " was interrupted before it finished; running it again from the start");
                Files2.deleteTree(t);
            }
        }
    }

    /**
     * Runs trial {@code id} from the start, clearing what an earlier attempt left in its directory: a Spark executor's
     * entry point (the driver holds the lock and records the result).
     */
    public Trial runFresh(int id) {
        Path tdir = dir.resolve(Trial.dirName(id));
        try {
            if (Files.exists(tdir)) {
                // an earlier attempt still running (a speculative copy, an executor cut off but alive) holds the trial's lock
                try (DirectoryLock held = DirectoryLock.acquire(tdir, "trial directory")) {
                    // free: that attempt is gone
                } catch (RuntimeException busy) {
                    return failed(id, Trial.FAILED, "another attempt of trial " + id + " is still running in " + tdir + ": " + busy.getMessage(),
                            System.nanoTime(), Instant.now().toString());
                }
                Files2.deleteTree(tdir);
            }
        } catch (IOException e) {
            return failed(id, Trial.FAILED, "cannot clear " + tdir + " left by an earlier attempt: " + e.getMessage(), System.nanoTime(),
                    Instant.now().toString());
        }
        return runTrial(id);
    }

    private Trial runTrial(int id) {
        Map<String, String> c = candidates.get(id - 1);
        Path tdir = dir.resolve(Trial.dirName(id));
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        log.accept(String.format(Locale.ROOT, "trial %d/%d: %s", id, candidates.size(), c));
        try {
            Trainer.Result r = trainer(id).validationOnly().start();
            EpochRow best = r.history().get(0);
            for (EpochRow row : r.history()) {
                if (row.eval().error() < best.eval().error()) { // the first best epoch, as the trainer's checkpoint-best
                    best = row;
                }
            }
            return new Trial(id, c, Trial.OK, best.eval().top1(), best.eval().loss(), best.epoch(), r.history().size(), seconds(t0), started,
                    Instant.now().toString(), null);
        } catch (TrainingDivergedException e) {
            return failed(id, Trial.DIVERGED, e.getMessage(), t0, started);
        } catch (OutOfMemoryError e) {
            return failed(id, Trial.FAILED, "out of memory: " + e.getMessage(), t0, started);
        } catch (Exception e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failed(id, Trial.FAILED, m, t0, started);
        }
    }

    private Trainer trainer(int id) {
        Map<String, String> c = candidates.get(id - 1);
        Recipe r = space.recipe(c);
        Progress progress = parallel == 1 && !quiet ? Progress.console() : Progress.silent();
        Trainer t = TrainingJob.trainer(model, r, sources, SearchSpace.knobs(c), null, dir.resolve(Trial.dirName(id)), progress,
                msg -> log.accept("trial " + id + ": " + msg));
        return netListener == null ? t : t.listenToNetwork(netListener);
    }

    private Trial failed(int id, String status, String message, long t0, String started) {
        int epochs = 0;
        try {
            Path manifest = dir.resolve(Trial.dirName(id)).resolve("manifest.json");
            if (Files.exists(manifest)) {
                epochs = Json.read(Files.readString(manifest)).path("epochsDone").asInt(0);
            }
        } catch (IOException | RuntimeException ignored) {
            // the count of epochs is a detail; the failure itself is recorded
        }
        log.accept("trial " + id + " " + status + ": " + message);
        return new Trial(id, candidates.get(id - 1), status, Double.NaN, Double.NaN, 0, epochs, seconds(t0), started, Instant.now().toString(), message);
    }

    /** Records a finished trial: results rewritten atomically, plots, a progress line. */
    private synchronized void record(Trial t) throws IOException {
        done.put(t.id(), t);
        ranThisRun++;
        secondsThisRun += t.seconds();
        writeResults(null);
        Plots.write(dir.resolve("plots"), space, new ArrayList<>(done.values()));
        long left = candidates.size() - done.size();
        String best = best().map(b -> String.format(Locale.ROOT, "best so far: trial %d, validation error %.2f%%", b.id(), 100 * (1 - b.valAccuracy()))).orElse("no successful trial yet");
        double eta = secondsThisRun / ranThisRun * left / Math.min(parallel, Math.max(1, left));
        if (timeLimit != null) {
            eta = Math.min(eta, Math.max(0, timeLimit.toSeconds() - elapsed()));
        }
        log.accept(String.format(Locale.ROOT, "trial %d/%d %s%s in %s | %s | %d left, about %s to go", t.id(), candidates.size(), t.status(),
                t.ok() ? String.format(Locale.ROOT, " (validation error %.2f%%)", 100 * (1 - t.valAccuracy())) : "", Progress.clockText(t.seconds()),
                best, left, Progress.clockText(left == 0 ? 0 : eta)));
    }

    /** Highest validation accuracy; ties go to the lower validation loss, then the earlier trial ({@link Trial#RANKING}). */
    private synchronized Optional<Trial> best() {
        return done.values().stream().filter(Trial::ok).min(Trial.RANKING);
    }

    /** The best trial's best checkpoint, evaluated once on the test set (a rerun reuses the recorded figure). */
    private Best testOnce(Trial t) {
        Path modelFile = dir.resolve(Trial.dirName(t.id())).resolve(Trainer.BEST);
        Path bestFile = dir.resolve("best.json");
        try {
            if (Files.exists(bestFile)) {
                JsonNode b = Json.read(Files.readString(bestFile));
                if (b.get("trial").asInt() == t.id()) {
                    JsonNode m = b.get("test");
                    return new Best(t, Metrics.fromJson(m), modelFile);
                }
            }
            log.accept("evaluating trial " + t.id() + "'s best checkpoint once on the test set");
            Metrics test = trainer(t.id()).evaluateTest(modelFile);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trial", t.id());
            m.put("params", t.params());
            m.put("validation", Map.of("accuracy", t.valAccuracy(), "loss", t.valLoss(), "epoch", t.bestEpoch()));
            m.put("test", test.toMap());
            m.put("model", dir.relativize(modelFile).toString());
            m.put("manifest", Trial.dirName(t.id()) + "/manifest.json");
            Files2.writeStringAtomically(bestFile, Json.write(m));
            return new Best(t, test, modelFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + bestFile + ": " + e.getMessage(), e);
        }
    }

    private synchronized void writeResults(Best best) throws IOException {
        List<String> names = space.names();
        StringBuilder csv = new StringBuilder(Trial.csvHeader(names)).append('\n');
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Trial t : done.values()) {
            csv.append(t.csv(names)).append('\n');
            rows.add(t.toMap());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("search", settings.toMap());
        json.put("trials", rows);
        if (best != null) {
            json.put("best", Map.of("trial", best.trial().id(), "testAccuracy", best.test().top1(), "testLoss", best.test().loss(),
                    "model", dir.relativize(best.modelFile()).toString()));
        }
        Files2.writeStringAtomically(dir.resolve("results.csv"), csv.toString());
        Files2.writeStringAtomically(dir.resolve("results.json"), Json.write(json));
    }

    private boolean timeUp() {
        return timeLimit != null && elapsed() >= timeLimit.toSeconds();
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }
}
