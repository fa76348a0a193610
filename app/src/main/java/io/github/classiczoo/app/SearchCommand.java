package io.github.classiczoo.app;

import io.github.classiczoo.app.search.Candidates;
import io.github.classiczoo.app.search.Scheduler;
import io.github.classiczoo.app.search.SparkTrials;
import io.github.classiczoo.app.search.Strategy;
import io.github.classiczoo.app.search.Sweep;
import io.github.classiczoo.app.search.Trial;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.TrainingJob;
import io.github.classiczoo.train.search.SearchSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Search a model's hyperparameters: each candidate trained, compared on validation.",
        description = {"Candidates come from the model family's search space (the recipe's learning",
            "rate, momentum, weight decay and batch size, and the model's own knobs; see",
            "--dry-run) drawn by Arbiter, and train through the same harness as `zoo",
            "train`: same data pipeline, seed and metrics. They are ranked by accuracy on",
            "validation images held out of the training set; only the best is evaluated,",
            "once, on the test set.",
            "",
            "DIR gets results.csv and results.json (one row per trial), trials/NNNN/ (each",
            "trial's run directory), plots/score-vs-PARAM.png and best.json. A trial that",
            "diverges or fails is recorded with its reason and the search goes on.",
            "Rerunning the same command resumes: recorded trials are not rerun.",
            "",
            "A space file (JSON) changes the family's space, e.g.",
            "  {\"replace\": false, \"params\": {\"lr\": {\"log\": [1e-4, 1e-2]},",
            "   \"width\": {\"range\": [0.5, 2]}, \"pool\": {\"values\": [\"max\", \"avg\"]},",
            "   \"batch\": null}}",
            "Named parameters replace or join the defaults; null leaves one out (the",
            "recipe's or model's value is used); \"replace\": true searches only those",
            "named. Kinds: log, range (uniform), int, values.", ""})
final class SearchCommand implements Callable<Integer>, SweepCommand {

    @Parameters(paramLabel = "MODEL", description = "A model from `zoo list`.")
    String model;

    /** Required. */
    @Mixin
    DatasetOption datasetOption;

    /** The dataset searched on, as {@code search.json} records it (a relative folder made absolute by {@link #absolutize}). */
    private String dataset;

    private String dataset() {
        if (dataset == null) {
            dataset = datasetRef().toString();
        }
        return dataset;
    }

    private io.github.classiczoo.data.store.DatasetRef datasetRef() {
        return datasetOption.required("the dataset to search on");
    }

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Search directory; an existing one of the same search is resumed.")
    Path out;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "random", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; "
            + "genetic search is not offered).")
    Strategy strategy;

    /** The most trials one search runs: the candidate list is drawn up front and recorded. */
    static final int MAX_TRIALS = 10_000;

    @Option(names = "--trials", paramLabel = "N", description = "Trials to run (default: 10 for random, the whole grid for grid).")
    Integer trials;

    @Option(names = "--grid-points", paramLabel = "K", defaultValue = "3",
            description = "Grid: values per range parameter, log-spaced for log ranges (default: ${DEFAULT-VALUE}).")
    int gridPoints;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs per trial (default: the space's recipe's, 10).")
    Integer epochs;

    @Option(names = "--subset", paramLabel = "K", description = "Use the first K training images (a tenth of them, at most 5,000, "
            + "held out for validation) and K/6 test images (default: all).")
    int subset;

    @Option(names = "--parallel", paramLabel = "P", description = "Trials run at once, each in its own directory (default: 1; with --spark, "
            + "every task slot).")
    Integer parallel;

    @Option(names = "--scheduler", paramLabel = "S", defaultValue = "none", description = "Stop unpromising trials early: asha "
            + "(asynchronous successive halving: at rungs of --min-epochs × eta^k epochs a trial goes on only if it is in the best "
            + "1/eta of the trials that reached that rung so far), median (a trial whose best validation error is worse than the "
            + "median of the others' at the same epoch stops), or none (default: ${DEFAULT-VALUE}). Same candidates either way.")
    Scheduler.Kind scheduler;

    @Option(names = "--eta", paramLabel = "N", defaultValue = "3", description = "ASHA's reduction factor: rungs grow and survivors shrink "
            + "by it (default: ${DEFAULT-VALUE}).")
    int eta;

    @Option(names = "--min-epochs", paramLabel = "E", defaultValue = "1", description = "ASHA's first rung; the median rule's first "
            + "epoch to decide at (default: ${DEFAULT-VALUE}).")
    int minEpochs;

    @Option(names = "--time-limit", paramLabel = "DURATION", description = "Start no trial after this long, e.g. 30m, 2h, 1h30m, 90s "
            + "(running trials finish; rerun to continue). Default: none.")
    String timeLimit;

    @Option(names = "--space", paramLabel = "FILE", description = "A JSON file narrowing or widening the model's default space (see above).")
    Path spaceFile;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed of the candidate draw, the validation split and "
            + "every trial's training (default: ${DEFAULT-VALUE}). Same seed, same candidates in the same order.")
    long seed;

    @Option(names = "--dry-run", description = "Print the space and the candidates; train nothing.")
    boolean dryRun;

    @Mixin
    DataOptions data;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run each trial as a Spark task on an executor (local[N], "
            + "spark://HOST:PORT, yarn, k8s://...): the same candidates and trainer, results gathered here. --out, --space, "
            + "--files and folder datasets must be on a filesystem every executor sees; each executor reads the dataset from "
            + "its own cache. Trials per executor: its cores / spark.task.cpus (each trial uses that many native threads).")
    String spark;

    @Option(names = "--ui", paramLabel = "PORT", arity = "0..1", fallbackValue = "" + LiveView.DEFAULT_PORT,
            description = "Watch the trials in DL4J's training UI at http://localhost:PORT/train/overview (default port: "
                    + LiveView.DEFAULT_PORT + "), one session per trial; each trial keeps its statistics in its directory's "
                    + LiveView.STATS_FILE + " (`zoo ui SEARCH_DIR` shows them again). Not with --spark. Listens on this machine only "
                    + "unless --ui-host says otherwise.")
    Integer ui;

    @Option(names = "--ui-host", paramLabel = "ADDRESS", defaultValue = LiveView.DEFAULT_HOST, description = "Address the live view listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens it to every "
                    + "network interface — DL4J's server has no authentication, so only on a network you trust).")
    String uiHost;

    @Spec
    CommandSpec spec;

    /** The most trials a Spark search runs at once (one driver thread waits on each). */
    static final int MAX_SPARK_PARALLEL = 1024;

    /** What a search is before it runs: the driver runs it, and each Spark executor rebuilds it from the same command line. */
    record Plan(ZooModel model, SearchSpace space, Recipe base, List<Map<String, String>> candidates, Duration limit, Scheduler scheduler) {
    }

    /** Checks the options, builds the space and draws the candidates (no data is read). */
    Plan plan() {
        ZooModel m = Zoo.registry().get(model);
        if (parallel != null && TrainOptions.positive(parallel, "--parallel") > (spark == null ? 64 : MAX_SPARK_PARALLEL)) {
            throw new IllegalArgumentException("--parallel " + parallel + " is more trials at once than " + (spark == null ? 64 : MAX_SPARK_PARALLEL));
        }
        if (out != null && out.toString().isBlank()) {
            throw new IllegalArgumentException("--out needs a directory; got an empty path");
        }
        if (spark != null && spark.isBlank()) {
            throw new IllegalArgumentException("--spark needs a master URL: local[N], spark://HOST:PORT, yarn or k8s://...");
        }
        if (spark != null && ui != null) {
            throw new IllegalArgumentException("--ui watches trials trained in this JVM; with --spark they run on the executors "
                    + "(on a cluster, Spark's own UI, port 4040 by default, shows the jobs; the zoo turns it off for local[N])");
        }
        TrainOptions.positive(gridPoints, "--grid-points");
        if (trials != null && (TrainOptions.positive(trials, "--trials") > MAX_TRIALS)) {
            throw new IllegalArgumentException("--trials " + trials + " is more than a search runs (at most " + MAX_TRIALS
                    + "); split it into searches of fewer trials");
        }
        if (gridPoints > 1000) {
            throw new IllegalArgumentException("--grid-points " + gridPoints + " is more than 1000 values per range");
        }
        if (subset < 0) {
            throw new IllegalArgumentException("--subset must be 0 (all) or more; got " + subset);
        }
        Duration limit = timeLimit == null ? null : parseDuration(timeLimit);
        SearchSpace space = Zoo.recipes().searchSpace(m);
        if (spaceFile != null) {
            space = space.withFile(spaceFile);
        }
        try {
            space = space.check(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("search space of " + m.name() + (spaceFile != null ? " with " + spaceFile : "") + ": " + e.getMessage(), e);
        }
        if (space.params().isEmpty()) {
            throw new IllegalArgumentException("the search space of " + m.name() + " is empty: nothing to search");
        }
        Recipe base = space.base().withDataset(dataset()).withSeed(seed);
        if (epochs != null) {
            base = base.withEpochs(TrainOptions.positive(epochs, "--epochs"));
        }
        space = new SearchSpace(base, space.params());

        List<Map<String, String>> candidates;
        if (strategy == Strategy.GRID) {
            long size = Candidates.gridSize(space, gridPoints);
            if (size > Integer.MAX_VALUE || (trials == null && size > MAX_TRIALS)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the grid has %s candidates (%d points per range): more than the %,d a search runs; "
                        + "use fewer --grid-points, narrow the --space, or run its first N with --trials N",
                        size == Long.MAX_VALUE ? "over 9e18" : String.format(Locale.ROOT, "%,d", size), gridPoints, MAX_TRIALS));
            }
            candidates = Candidates.grid(space, gridPoints, trials == null ? (int) size : trials);
        } else {
            candidates = Candidates.random(space, trials == null ? 10 : trials, seed);
        }
        Scheduler sched = new Scheduler(scheduler, eta, minEpochs, base.epochs());
        return new Plan(m, space, base, candidates, limit, sched);
    }

    /** The search's sweep over {@code sources}; trials run in this JVM unless given another runner. */
    Sweep sweep(Plan p, TrainingJob.Sources sources, int parallelTrials) {
        Sweep.Settings settings = new Sweep.Settings(p.model().name(), dataset(), p.base().name(), strategy, seed, p.base().epochs(), subset, gridPoints,
                p.space().toMap(), p.scheduler(), false);
        return new Sweep(p.model(), p.space(), settings, sources, p.candidates(), out, parallelTrials, p.limit(), msg -> System.err.println(msg));
    }

    @Override
    public Integer call() throws Exception {
        Plan p = plan();
        if (spark != null && !dryRun) {
            SparkOptions.checkMaster(spark); // on the driver only: an executor rebuilds the plan, and need not reach the master
        }
        ZooModel m = p.model();
        Threads.chooseFor(m);
        if (dryRun) {
            printSpace(m, p.space(), p.candidates());
            return 0;
        }
        System.err.printf(Locale.ROOT, "searching %s on %s: %d %s %s, %s each, recipe %s, seed %d → %s%n", m.name(), dataset(),
                p.candidates().size(), strategy, p.candidates().size() == 1 ? "candidate" : "candidates", Text.count(p.base().epochs(), "epoch"),
                p.base().name(), seed, out);
        p.space().params().forEach(q -> System.err.println("  " + q));
        if (p.scheduler().active()) {
            System.err.println("  early stopping: " + p.scheduler().describe());
        }
        TrainingJob.Sources sources = TrainingJob.load(p.base(), data.store(), data.from, subset);
        Sweep.Outcome o;
        if (spark == null) {
            Sweep sw = sweep(p, sources, parallel == null ? 1 : parallel);
            try (LiveView view = ui == null ? null : LiveView.start(ui, "--ui", uiHost)) {
                if (view != null) {
                    sw.listenToNetworks(view::record);
                    System.err.println("live view: " + view.address() + " (one session per trial; `zoo ui " + out + "` shows them again)");
                }
                o = sw.run();
            }
        } else {
            o = onSpark(spark, parallel, commandLine(), n -> sweep(p, sources, n), p.candidates());
        }
        System.out.print(table(p.space(), o));
        if (p.scheduler().active()) {
            int trained = o.trials().stream().mapToInt(Trial::epochs).sum();
            long stopped = o.trials().stream().filter(Trial::stopped).count();
            System.out.printf(Locale.ROOT, "%s: %d of %d trials stopped early; %,d epochs trained of the %,d every trial to the end would take%n",
                    p.scheduler().kind(), stopped, o.trials().size(), trained, (long) o.trials().size() * p.base().epochs());
        }
        if (o.notStarted() > 0) {
            System.out.printf(Locale.ROOT, "%d of %d trials not %s; rerun the same command to finish the search. "
                    + "The best is evaluated on the test set once every trial has run.%n", o.notStarted(), p.candidates().size(),
                    o.lost() > 0 ? "run (lost with their Spark task or interrupted, see above; or the time limit)" : "started (time limit)");
            return o.lost() > 0 ? 1 : 0; // lost tasks are a failure to report (a time limit is not)
        }
        if (o.best().isEmpty()) {
            System.out.println("no trial finished successfully; nothing was evaluated on the test set (reasons in " + out.resolve("results.csv") + ")");
            return 1;
        }
        Sweep.Best b = o.best().get();
        System.out.printf(Locale.ROOT, "best: trial %d %s: validation error %.2f%% (%,d images), test error %.2f%% (%,d images, evaluated once)%n",
                b.trial().id(), b.trial().params(), 100 * (1 - b.trial().valAccuracy()), sources.validation().size(), 100 * b.test().error(),
                b.test().examples());
        System.out.println("model: " + b.modelFile() + " (run manifest beside it)");
        System.out.println("results: " + out.resolve("results.csv") + ", " + out.resolve("results.json") + ", plots in " + out.resolve("plots"));
        return 0;
    }

    /**
     * Runs a sweep's trials as Spark tasks on {@code master}, {@code parallel} at once (default: every task slot); the
     * executors rebuild the sweep from {@code args}, the command line ({@link SweepCommand}).
     */
    static Sweep.Outcome onSpark(String master, Integer parallel, List<String> args, java.util.function.IntFunction<Sweep> sweep,
                                 List<Map<String, String>> candidates) throws Exception {
        String cwd = Path.of("").toAbsolutePath().toString();
        try (SparkTrials st = SparkTrials.start(master, new TrialTask(args, cwd))) {
            int slots = st.slots();
            int n = parallel == null ? Math.min(slots, MAX_SPARK_PARALLEL) : parallel;
            Sweep sw = sweep.apply(n);
            TrialTask.register(args, cwd, sw); // an executor in this JVM (local mode) uses this sweep and its loaded data
            try {
                System.err.printf(Locale.ROOT, "spark: %s, %d trial(s) at once (%d task slot(s), spark.task.cpus %d)%n", master, n, slots,
                        st.taskCpus());
                return sw.runTrialsWith(id -> st.run(id, candidates.get(id - 1))).run();
            } finally {
                TrialTask.unregister(args, cwd);
            }
        }
    }

    @Override
    public Sweep executorSweep(Path cwd) {
        absolutize(cwd);
        Plan p = plan();
        TrainingJob.Sources sources = TrainingJob.load(p.base(), data.store(), data.from, subset);
        return sweep(p, sources, Integer.MAX_VALUE);
    }

    /**
     * The whole command line as the root command parsed it, @-files expanded (an executor may not see them): what the
     * executors parse again. (A subcommand's own parse result holds only its part.)
     */
    List<String> commandLine() {
        return commandLine(spec);
    }

    static List<String> commandLine(CommandSpec spec) {
        return List.copyOf(spec.root().commandLine().getParseResult().expandedArgs());
    }

    /**
     * One trial as a Spark task: the executor parses the driver's command line again (paths resolved against the driver's
     * working directory), draws the same candidates, loads the dataset once per executor JVM, and runs trial {@code id}
     * with the local trainer into its directory under {@code --out}; the trial's row goes back to the driver as JSON.
     */
    static final class TrialTask implements org.apache.spark.api.java.function.Function<Integer, String> {
        private static final long serialVersionUID = 1L;
        private static final Map<List<String>, Sweep> SWEEPS = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<String> args;
        private final String cwd;

        TrialTask(List<String> args, String cwd) {
            this.args = List.copyOf(args);
            this.cwd = cwd;
        }

        private static List<String> key(List<String> args, String cwd) {
            List<String> k = new ArrayList<>(args);
            k.add(cwd);
            return k;
        }

        static void register(List<String> args, String cwd, Sweep sweep) {
            SWEEPS.put(key(args, cwd), sweep);
        }

        static void unregister(List<String> args, String cwd) {
            SWEEPS.remove(key(args, cwd));
        }

        @Override
        public String call(Integer id) {
            org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
            Threads.use(tc == null ? 1 : tc.cpus());
            Sweep sw = SWEEPS.computeIfAbsent(key(args, cwd), k -> rebuild());
            return Json.write(sw.runFresh(id).toMap());
        }

        private Sweep rebuild() {
            CommandLine.ParseResult pr = Zoo.commandLine().parseArgs(args.toArray(String[]::new));
            return ((SweepCommand) pr.subcommand().commandSpec().userObject()).executorSweep(Path.of(cwd)).quietTrials();
        }
    }

    /** Resolves the command's relative paths against the driver's working directory (an executor's is elsewhere). */
    void absolutize(Path cwd) {
        out = cwd.resolve(out);
        spaceFile = spaceFile == null ? null : cwd.resolve(spaceFile);
        data.from = data.from == null ? null : cwd.resolve(data.from);
        data.dataDir = data.dataDir == null ? null : cwd.resolve(data.dataDir);
        datasetOption.resolveAgainst(cwd);
        dataset = datasetRef().toString();
    }

    /** The trials ranked: successful ones by validation error (lowest first), then the failed ones with their status. */
    static String table(SearchSpace space, Sweep.Outcome o) {
        List<Trial> ranked = new ArrayList<>(o.trials());
        ranked.sort(Trial.RANKING);
        List<String> head = new ArrayList<>(List.of("trial", "status"));
        head.addAll(space.names());
        head.addAll(List.of("val error", "val loss", "epochs", "time"));
        List<List<String>> rows = new ArrayList<>();
        for (Trial t : ranked) {
            List<String> r = new ArrayList<>(List.of(String.format(Locale.ROOT, "%04d", t.id()), t.status().toString()));
            space.names().forEach(n -> r.add(t.params().getOrDefault(n, ""))); // numbers are drawn with 4 significant digits
            r.add(t.scored() ? String.format(Locale.ROOT, "%.2f%%", 100 * (1 - t.valAccuracy())) : "-");
            r.add(t.scored() ? String.format(Locale.ROOT, "%.4f", t.valLoss()) : "-");
            r.add(Integer.toString(t.epochs()));
            r.add(Progress.clockText(t.seconds()));
            rows.add(r);
        }
        StringBuilder sb = new StringBuilder(Text.table(head, rows, new boolean[head.size()], false));
        for (Trial t : ranked) {
            if (!t.scored()) {
                sb.append(String.format(Locale.ROOT, "trial %04d %s: %s%n", t.id(), t.status(), t.error()));
            }
        }
        return sb.toString();
    }

    private static void printSpace(ZooModel m, SearchSpace space, List<Map<String, String>> candidates) {
        System.out.println("search space of " + m.name() + " (recipe " + space.base().name() + ": " + space.base().optimizer().toMap()
                + ", weight decay " + space.base().weightDecay() + ", batch " + space.base().batchSize() + ", " + Text.count(space.base().epochs(), "epoch") + "):");
        space.params().forEach(p -> System.out.println("  " + p));
        System.out.println(candidates.size() + " candidates:");
        for (int i = 0; i < candidates.size(); i++) {
            System.out.printf(Locale.ROOT, "  %04d %s%n", i + 1, candidates.get(i));
        }
    }

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    /** "30m", "2h", "1h30m", "90s". */
    static Duration parseDuration(String text) {
        Matcher mt = DURATION.matcher(text.trim());
        if (text.isBlank() || !mt.matches()) {
            throw new IllegalArgumentException("--time-limit takes a duration such as 30m, 2h, 1h30m or 90s; got '" + text + "'");
        }
        long s = 0;
        s += mt.group(1) == null ? 0 : Long.parseLong(mt.group(1)) * 3600;
        s += mt.group(2) == null ? 0 : Long.parseLong(mt.group(2)) * 60;
        s += mt.group(3) == null ? 0 : Long.parseLong(mt.group(3));
        if (s == 0) {
            throw new IllegalArgumentException("--time-limit must be longer than 0; got '" + text + "'");
        }
        return Duration.ofSeconds(s);
    }

}
