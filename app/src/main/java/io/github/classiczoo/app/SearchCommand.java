package io.github.classiczoo.app;

import io.github.classiczoo.app.search.Candidates;
import io.github.classiczoo.app.search.Sweep;
import io.github.classiczoo.app.search.Trial;
import io.github.classiczoo.core.model.ZooModel;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
final class SearchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "A model from `zoo list`.")
    String model;

    @Option(names = "--dataset", required = true, paramLabel = "D", description = "mnist, fashion-mnist, cifar10, cifar100, or folder:PATH.")
    String dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Search directory; an existing one of the same search is resumed.")
    Path out;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "random", description = "random or grid (default: ${DEFAULT-VALUE}).")
    String strategy;

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

    @Option(names = "--parallel", paramLabel = "P", defaultValue = "1", description = "Trials run at once, each in its own directory (default: ${DEFAULT-VALUE}).")
    int parallel;

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

    @Override
    public Integer call() throws Exception {
        ZooModel m = Zoo.registry().get(model);
        Threads.chooseFor(m);
        if (!strategy.equals("random") && !strategy.equals("grid")) {
            throw new IllegalArgumentException("--strategy takes random or grid; got '" + strategy + "' (genetic search is not offered)");
        }
        if (TrainOptions.positive(parallel, "--parallel") > 64) {
            throw new IllegalArgumentException("--parallel " + parallel + " is more trials at once than 64");
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
        Recipe base = space.base().withDataset(dataset).withSeed(seed);
        if (epochs != null) {
            base = base.withEpochs(TrainOptions.positive(epochs, "--epochs"));
        }
        space = new SearchSpace(base, space.params());

        List<Map<String, String>> candidates;
        if (strategy.equals("grid")) {
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
        if (dryRun) {
            printSpace(m, space, candidates);
            return 0;
        }
        System.err.printf(Locale.ROOT, "searching %s on %s: %d %s candidates, %d epoch(s) each, recipe %s, seed %d → %s%n", m.name(), dataset,
                candidates.size(), strategy, base.epochs(), base.name(), seed, out);
        space.params().forEach(p -> System.err.println("  " + p));
        TrainingJob.Sources sources = TrainingJob.load(base, data.store(), data.from, subset);
        Sweep.Settings settings = new Sweep.Settings(m.name(), dataset, base.name(), strategy, seed, base.epochs(), subset, gridPoints, space.toMap());
        Sweep.Outcome o = new Sweep(m, space, settings, sources, candidates, out, parallel, limit, msg -> System.err.println(msg)).run();
        System.out.print(table(space, o));
        if (o.notStarted() > 0) {
            System.out.printf(Locale.ROOT, "%d of %d trials not started (time limit); rerun the same command to finish the search. "
                    + "The best is evaluated on the test set once every trial has run.%n", o.notStarted(), candidates.size());
            return 0;
        }
        if (o.best().isEmpty()) {
            System.out.println("no trial finished successfully; nothing was evaluated on the test set (reasons in " + out.resolve("results.csv") + ")");
            return 1;
        }
        Sweep.Best b = o.best().get();
        System.out.printf(Locale.ROOT, "best: trial %d %s: validation accuracy %.2f%% (%,d images), test accuracy %.2f%% (%,d images, evaluated once)%n",
                b.trial().id(), b.trial().params(), 100 * b.trial().valAccuracy(), sources.validation().size(), 100 * b.test().top1(), b.test().examples());
        System.out.println("model: " + b.modelFile() + " (run manifest beside it)");
        System.out.println("results: " + out.resolve("results.csv") + ", " + out.resolve("results.json") + ", plots in " + out.resolve("plots"));
        return 0;
    }

    /** The trials ranked: successful ones by validation accuracy, then the failed ones with their status. */
    static String table(SearchSpace space, Sweep.Outcome o) {
        List<Trial> ranked = new ArrayList<>(o.trials());
        ranked.sort(Trial.RANKING);
        List<String> head = new ArrayList<>(List.of("trial", "status"));
        head.addAll(space.names());
        head.addAll(List.of("val acc", "val loss", "epochs", "time"));
        List<List<String>> rows = new ArrayList<>();
        for (Trial t : ranked) {
            List<String> r = new ArrayList<>(List.of(String.format(Locale.ROOT, "%04d", t.id()), t.status()));
            space.names().forEach(n -> r.add(t.params().getOrDefault(n, ""))); // numbers are drawn with 4 significant digits
            r.add(t.ok() ? String.format(Locale.ROOT, "%.2f%%", 100 * t.valAccuracy()) : "-");
            r.add(t.ok() ? String.format(Locale.ROOT, "%.4f", t.valLoss()) : "-");
            r.add(Integer.toString(t.epochs()));
            r.add(Progress.clockText(t.seconds()));
            rows.add(r);
        }
        StringBuilder sb = new StringBuilder(Text.table(head, rows, new boolean[head.size()], false));
        for (Trial t : ranked) {
            if (!t.ok()) {
                sb.append(String.format(Locale.ROOT, "trial %04d %s: %s%n", t.id(), t.status(), t.error()));
            }
        }
        return sb.toString();
    }

    private static List<List<String>> prepend(List<String> head, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        return all;
    }

    private static void printSpace(ZooModel m, SearchSpace space, List<Map<String, String>> candidates) {
        System.out.println("search space of " + m.name() + " (recipe " + space.base().name() + ": " + space.base().optimizer().toMap()
                + ", weight decay " + space.base().weightDecay() + ", batch " + space.base().batchSize() + ", " + space.base().epochs() + " epochs):");
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
