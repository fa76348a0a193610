package io.github.classiczoo.app.search;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.DirectoryLock;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.Stop;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.core.util.WriteFailedException;
import io.github.classiczoo.core.util.ZooException;
import io.github.classiczoo.train.EpochRow;
import io.github.classiczoo.train.Metrics;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.RunDirectory;
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
 * <li>with a {@link Scheduler}, each trial stops early where it decides; the decisions read the validation errors the trials'
 * manifests hold, so a resumed search (and every Spark executor, on a shared {@code --out}) sees the same rungs</li>
 * <li>{@code plots/score-vs-PARAM.png} — validation error against each parameter</li>
 * <li>{@code best.json} — the best trial and its one test-set evaluation</li>
 * </ul>
 * Trials that finished (ok, failed or diverged) are never rerun; a trial interrupted midway (killed, or ended by the
 * environment: no space left, an I/O error) starts again from scratch. A trial directory is removed only if the search
 * made it and no process holds it.
 */
public final class Sweep {

    /** What makes two runs the same search: the same settings draw the same candidates and train them the same way. */
    public record Settings(String model, String dataset, String recipe, Strategy strategy, long seed, int epochs, int subset, int gridPoints,
                           Map<String, Object> space, Scheduler scheduler, boolean testEach) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("dataset", dataset);
            m.put("recipe", recipe);
            m.put("strategy", strategy.toString());
            m.put("seed", seed);
            m.put("epochs", epochs);
            m.put("subset", subset);
            m.put("gridPoints", gridPoints);
            m.put("space", space);
            if (scheduler.active()) { // a search without one records what it always did, so older directories still resume
                m.put("scheduler", scheduler.toMap());
            }
            if (testEach) {
                m.put("testEveryTrial", true);
            }
            return m;
        }
    }

    /** The best trial and its test-set metrics. */
    public record Best(Trial trial, Metrics test, Path modelFile) {
    }

    /**
     * How the search ended: every recorded trial by id, the best with its test figure (empty if none succeeded, or if
     * trials are still to run), how many are still to run (not started under the time limit, lost with their Spark task,
     * or interrupted by the environment), and how many of those were lost or interrupted (a failure to report; a time
     * limit is not).
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
    /** Trials whose rerun was already announced (recorded lost or interrupted), so that clearing them says it once. */
    private final java.util.Set<Integer> announced = new java.util.HashSet<>();
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
        if (space.base().validation() <= 0 && !settings.testEach()) {
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
        checkSearchDirectory(); // before anything is written: a refused --out is left as it was
        boolean existed = Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create search directory " + dir + ": " + Files2.reason(e) + " (nothing was written)", e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, "search directory");
        try {
            checkSearchDirectory(); // again, now that it is held
            List<Integer> interrupted = prepare();
            int stale = Files.exists(dir.resolve("search.json")) ? Files2.deleteStaleTemps(dir) : 0; // only in a search directory
            if (stale > 0) {
                log.accept("removed " + stale + " unfinished temporary file(s) that a killed write left in " + dir);
            }
            clearInterrupted(interrupted);
        } catch (RuntimeException | IOException e) {
            lock.abandon();
            if (!existed) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isEmpty()) {
                        Files.deleteIfExists(dir);
                    }
                } catch (IOException ignored) {
                    // left as it is
                }
            }
            throw e;
        }
        try (lock; AutoCloseable cooperating = Stop.cooperate()) {
            return runPending();
        }
    }

    /**
     * Refuses a directory that has files but no {@code search.json}: not a search's (nothing there is changed). The lock and
     * what a search killed while writing its first {@code search.json} left (a stale temporary of it) are not such files.
     */
    private void checkSearchDirectory() throws IOException {
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve("search.json"))) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.anyMatch(p -> !p.getFileName().toString().equals(DirectoryLock.FILE) && !isStaleSearchFileTemp(p))) {
                    throw new IllegalArgumentException(dir + " has files but no search.json: not a search directory (nothing there was changed); "
                            + "choose another --out");
                }
            }
        } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("search directory " + dir + " is a file; choose another --out (nothing was written)");
        }
    }

    private static boolean isStaleSearchFileTemp(Path p) {
        return p.getFileName().toString().startsWith(".search.json.zoo-") && Files2.isStaleTemp(p);
    }

    private Outcome runPending() throws Exception {
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
                    if (Stop.requested() != null) {
                        return null; // not started: a rerun runs it
                    }
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
        if (Stop.requested() != null) { // what finished is recorded; the trials cut short run again on a rerun
            writeResults(null);
            throw new Stop.Stopped(Stop.requested(), dir);
        }
        int lost = (int) done.values().stream().filter(Trial::lost).count();
        if (lost > 0) {
            log.accept(String.format(Locale.ROOT, "%d trial(s) lost with their Spark task; rerun the same command to run them again", lost));
        }
        int interrupted = (int) done.values().stream().filter(Trial::interrupted).count();
        if (interrupted > 0) {
            log.accept(String.format(Locale.ROOT, "%d trial(s) interrupted by the environment (%s); they are no result: free what they "
                    + "needed and rerun the same command to run them again", interrupted,
                    done.values().stream().filter(Trial::interrupted).findFirst().map(Trial::error).orElse("")));
            lost += interrupted;
        }
        // the test set is looked at once, for the final choice: not while trials are still to run
        // (an ablation tests every trial itself, so no choice is made)
        Optional<Best> best = notStarted[0] + lost == 0 && !settings.testEach() ? best().map(this::testOnce) : Optional.empty();
        writeResults(best.orElse(null));
        return new Outcome(new ArrayList<>(done.values()), best, notStarted[0] + lost, lost);
    }

    /**
     * Checks the directory holds this same search and loads its recorded trials; returns the trials to run again whose
     * directories exist (interrupted midway), each checked to be the search's own and free ({@link #checkTrialDirectory}).
     * Everything that can refuse is checked before {@code search.json} is written.
     */
    private List<Integer> prepare() throws IOException {
        Path searchFile = dir.resolve("search.json");
        if (Files.exists(searchFile)) {
            JsonNode was = Json.read(Files2.readString(searchFile, SEARCH_FILE_LIMIT)).get("settings");
            JsonNode now = Json.read(Json.write(settings.toMap()));
            // every key either side has: a setting this run lacks (a scheduler, testing every trial) is one it changes
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            now.fieldNames().forEachRemaining(keys::add);
            if (was != null) {
                was.fieldNames().forEachRemaining(keys::add);
            }
            List<String> differ = new ArrayList<>();
            for (String f : keys) {
                JsonNode a = was == null ? null : was.get(f), b = now.get(f);
                if (a == null ? b != null : !a.equals(b)) {
                    differ.add(f + " " + (a == null ? "none" : a) + " there, " + (b == null ? "none" : b) + " here");
                }
            }
            if (!differ.isEmpty()) {
                throw new IllegalArgumentException(dir + " holds a different search (" + String.join("; ", differ)
                        + "); rerun with its settings to resume it, or choose another --out");
            }
        }
        Path results = dir.resolve("results.json");
        List<Trial> rerun = new ArrayList<>();
        if (Files.exists(results)) {
            for (JsonNode t : Json.read(Files2.readString(results, SEARCH_FILE_LIMIT)).get("trials")) {
                Trial trial = Trial.fromJson(t);
                if (trial.id() <= candidates.size() && !trial.params().equals(candidates.get(trial.id() - 1))) {
                    throw new IllegalStateException("trial " + trial.id() + " in " + results + " ran " + trial.params()
                            + " but the candidate list now has " + candidates.get(trial.id() - 1));
                }
                if (trial.rerun()) {
                    rerun.add(trial);
                } else {
                    done.put(trial.id(), trial);
                }
            }
        }
        List<Integer> toClear = new ArrayList<>();
        for (int id = 1; id <= candidates.size(); id++) {
            if (!done.containsKey(id) && Files.exists(dir.resolve(Trial.dirName(id)), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                checkTrialDirectory(id);
                toClear.add(id);
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("settings", settings.toMap());
        s.put("baseRecipe", space.base().toMap());
        s.put("candidates", candidates);
        Files2.writeStringAtomically(searchFile, Json.write(s)); // first: a kill after it leaves a search directory a rerun resumes
        try {
            Files.createDirectories(dir.resolve("trials"));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create search directory " + dir + ": " + Files2.reason(e), e);
        }
        for (Trial t : rerun) {
            log.accept("trial " + t.id() + " was " + (t.lost() ? "lost with its Spark task" : "interrupted") + " last time (" + t.error()
                    + "); running it again");
            announced.add(t.id());
        }
        return toClear;
    }

    /** A search file, results or a trial's manifest is read whole only below this size (they are small; a huge one is not the zoo's). */
    private static final long SEARCH_FILE_LIMIT = 64L << 20;

    /**
     * Refuses, with one line, to touch trial {@code id}'s directory unless the search made it: a directory another process
     * holds (its lock), one whose manifest is not this search's trial {@code id} (a {@code zoo train --out} there), or one with
     * files a run does not write. Nothing is changed.
     */
    private void checkTrialDirectory(int id) {
        Path t = dir.resolve(Trial.dirName(id));
        String why = RunDirectory.foreignContent(t, m -> trialMark(id).equals(m.path(PART_OF).asText(null)));
        if (why != null) {
            throw new ZooException("trial " + id + "'s directory " + t + " " + why + "; the search does not remove what it did not write: "
                    + "move it away, or choose another --out (nothing was changed)");
        }
        try (DirectoryLock held = DirectoryLock.acquire(t, "trial directory")) {
            // free: no process is writing it
        } catch (ZooException busy) {
            throw new ZooException("trial " + id + "'s directory " + t + " is in use by another zoo process; wait for it to end, or choose "
                    + "another --out (nothing was changed)");
        }
    }

    /** Removes the directories of trials interrupted midway (checked by {@link #prepare}), so they run again from the start. */
    private void clearInterrupted(List<Integer> ids) throws IOException {
        for (int id : ids) {
            if (!announced.contains(id)) {
                log.accept("trial " + id + " was interrupted before it finished; running it again from the start");
            }
            RunDirectory.deleteRun(dir.resolve(Trial.dirName(id)));
        }
    }

    /** The manifest key that marks a run directory as a search's trial, and its value for trial {@code id}. */
    static final String PART_OF = Trainer.PART_OF;

    private static String trialMark(int id) {
        return "search trial " + id;
    }

    /**
     * Runs trial {@code id} from the start, clearing what an earlier attempt left in its directory: a Spark executor's
     * entry point (the driver holds the lock and records the result).
     */
    public Trial runFresh(int id) {
        Path tdir = dir.resolve(Trial.dirName(id));
        try {
            if (Files.exists(tdir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                // an earlier attempt still running (a speculative copy, an executor cut off but alive) holds the trial's lock
                checkTrialDirectory(id);
                RunDirectory.deleteRun(tdir);
            }
        } catch (IOException | RuntimeException e) {
            return failed(id, Trial.Status.INTERRUPTED, "cannot clear " + tdir + " left by an earlier attempt: " + e.getMessage(), System.nanoTime(),
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
        if (Files.exists(tdir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) { // made since the search checked it: not the search's
            return failed(id, Trial.Status.INTERRUPTED, "its directory " + tdir + " appeared while the search ran (another command wrote it); "
                    + "it was left as it is", t0, started);
        }
        try {
            String[] stopped = {null};
            Trainer t = trainer(id).partOf(trialMark(id));
            if (!settings.testEach()) {
                t.validationOnly();
            }
            if (settings.scheduler().active()) {
                t.stopEarlyIf(history -> stopped[0] = settings.scheduler().decidesAt(history.size())
                        ? settings.scheduler().decide(id, curves(id, history)) : null);
            }
            Trainer.Result r = t.start();
            if (settings.testEach() && !"validation".equals(r.history().get(0).eval().split())) {
                // the recipe holds out no validation images: its epochs were scored on the test set, which is no score to rank by
                return new Trial(id, c, Trial.Status.OK, Double.NaN, Double.NaN, 0, r.history().size(), seconds(t0), started, Instant.now().toString(), null);
            }
            EpochRow best = r.history().get(0);
            for (EpochRow row : r.history()) {
                if (row.eval().error() < best.eval().error()) { // the first best epoch, as the trainer's checkpoint-best
                    best = row;
                }
            }
            return new Trial(id, c, stopped[0] == null ? Trial.Status.OK : Trial.Status.STOPPED, best.eval().top1(), best.eval().loss(), best.epoch(),
                    r.history().size(), seconds(t0), started, Instant.now().toString(), stopped[0], settings.scheduler().rungReached(r.history().size()));
        } catch (TrainingDivergedException e) {
            return failed(id, Trial.Status.DIVERGED, e.getMessage(), t0, started);
        } catch (Stop.Stopped e) {
            return failed(id, Trial.Status.INTERRUPTED, e.getMessage(), t0, started);
        } catch (OutOfMemoryError e) {
            return failed(id, Trial.Status.FAILED, "out of memory: " + e.getMessage(), t0, started);
        } catch (Exception e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // no space left, an I/O error: the environment failed, not the candidate; a rerun runs it again
            return failed(id, WriteFailedException.isEnvironment(e) ? Trial.Status.INTERRUPTED : Trial.Status.FAILED, m, t0, started);
        }
    }

    /**
     * Every trial's validation errors by epoch, as their manifests in this search directory hold them (a trial that has not
     * started, or whose manifest cannot be read, has none), with trial {@code id}'s own from {@code own}: what a scheduler
     * decides on. Reading the directory rather than memory makes a resumed search and Spark executors see the same rungs.
     */
    Map<Integer, double[]> curves(int id, List<EpochRow> own) {
        Map<Integer, double[]> c = new TreeMap<>();
        for (int other = 1; other <= candidates.size(); other++) {
            if (other == id) {
                continue;
            }
            Path manifest = dir.resolve(Trial.dirName(other)).resolve("manifest.json");
            try {
                if (Files.isRegularFile(manifest)) {
                    JsonNode h = Json.read(Files2.readString(manifest, SEARCH_FILE_LIMIT)).path("history");
                    List<Double> errors = new ArrayList<>();
                    for (JsonNode row : h) {
                        if ("validation".equals(row.path("split").asText()) && row.path("top1").isNumber()) {
                            errors.add(1 - row.get("top1").asDouble());
                        }
                    }
                    if (!errors.isEmpty()) {
                        c.put(other, errors.stream().mapToDouble(Double::doubleValue).toArray());
                    }
                }
            } catch (RuntimeException ignored) {
                // a manifest being replaced or foreign: that trial is left out of this decision
            }
        }
        c.put(id, own.stream().mapToDouble(r -> r.eval().error()).toArray());
        return c;
    }

    private Trainer trainer(int id) {
        Map<String, String> c = candidates.get(id - 1);
        Recipe r = space.recipe(c);
        Progress progress = parallel == 1 && !quiet ? Progress.console() : Progress.silent();
        Trainer t = TrainingJob.trainer(model, r, sources, SearchSpace.knobs(c), null, dir.resolve(Trial.dirName(id)), progress,
                msg -> log.accept("trial " + id + ": " + msg));
        return netListener == null ? t : t.listenToNetwork(netListener);
    }

    private Trial failed(int id, Trial.Status status, String message, long t0, String started) {
        int epochs = 0;
        try {
            Path manifest = dir.resolve(Trial.dirName(id)).resolve("manifest.json");
            if (Files.exists(manifest)) {
                epochs = Json.read(Files2.readString(manifest, SEARCH_FILE_LIMIT)).path("epochsDone").asInt(0);
            }
        } catch (RuntimeException ignored) {
            // the count of epochs is a detail; the failure itself is recorded
        }
        log.accept("trial " + id + " " + status + ": " + message);
        return new Trial(id, candidates.get(id - 1), status, Double.NaN, Double.NaN, 0, epochs, seconds(t0), started, Instant.now().toString(), message,
                settings.scheduler().rungReached(epochs));
    }

    /** Records a finished trial: results rewritten atomically, plots, a progress line. */
    private synchronized void record(Trial t) throws IOException {
        done.put(t.id(), t);
        ranThisRun++;
        secondsThisRun += t.seconds();
        writeResults(null);
        if (!settings.testEach()) {
            Plots.write(dir.resolve("plots"), space, new ArrayList<>(done.values()));
        }
        long left = candidates.size() - done.size();
        String best = best().map(b -> String.format(Locale.ROOT, "best so far: trial %d, validation error %.2f%%%s", b.id(), 100 * (1 - b.valAccuracy()),
                b.stopped() ? " after " + Text.count(b.epochs(), "epoch") : "")).orElse("no successful trial yet");
        double eta = secondsThisRun / ranThisRun * left / Math.min(parallel, Math.max(1, left));
        if (timeLimit != null) {
            eta = Math.min(eta, Math.max(0, timeLimit.toSeconds() - elapsed()));
        }
        String score = !t.scored() ? "" : settings.testEach() ? testText(t.id())
                : String.format(Locale.ROOT, " (best validation error %.2f%%)", 100 * (1 - t.valAccuracy()));
        log.accept(String.format(Locale.ROOT, "trial %d/%d %s%s in %s | %s%d left, about %s to go", t.id(), candidates.size(),
                t.stopped() ? t.error() : t.status(), score, Progress.clockText(t.seconds()), settings.testEach() ? "" : best + " | ", left,
                Progress.clockText(left == 0 ? 0 : eta)));
    }

    /** " (test error 1.23%)" from trial {@code id}'s manifest, or "" if it holds none. */
    private String testText(int id) {
        double e = testError(dir, id);
        return Double.isNaN(e) ? "" : String.format(Locale.ROOT, " (test error %.2f%%)", 100 * e);
    }

    /** Trial {@code id}'s test error as its manifest records it (a trial of a sweep that tests each), or NaN. */
    public static double testError(Path dir, int id) {
        try {
            JsonNode f = Json.read(Files2.readString(dir.resolve(Trial.dirName(id)).resolve("manifest.json"), SEARCH_FILE_LIMIT)).path("final");
            return f.path("top1").isNumber() ? 1 - f.get("top1").asDouble() : Double.NaN;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The first by {@link Trial#RANKING}: a trial that trained to the end (the top rung) before one a scheduler stopped; then
     * the highest validation accuracy, the lower validation loss, the earlier trial.
     */
    private synchronized Optional<Trial> best() {
        return done.values().stream().filter(Trial::scored).min(Trial.RANKING);
    }

    /** The best trial's best checkpoint, evaluated once on the test set (a rerun reuses the recorded figure). */
    private Best testOnce(Trial t) {
        Path modelFile = dir.resolve(Trial.dirName(t.id())).resolve(Trainer.BEST);
        Path bestFile = dir.resolve("best.json");
        if (Files.exists(bestFile)) {
            JsonNode b = Json.read(Files2.readString(bestFile, SEARCH_FILE_LIMIT));
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
