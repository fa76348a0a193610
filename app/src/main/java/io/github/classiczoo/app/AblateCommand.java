package io.github.classiczoo.app;

import io.github.classiczoo.app.search.Scheduler;
import io.github.classiczoo.app.search.Strategy;
import io.github.classiczoo.app.search.Sweep;
import io.github.classiczoo.app.search.Trial;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.TrainingJob;
import io.github.classiczoo.train.search.SearchSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ablate", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Train a model's variants on paired seeds and compare their test errors.",
        description = {"Each --knob NAME=V1,V2,... names a knob and the values to compare (several",
            "--knob options: every combination). Every variant trains with the same recipe",
            "on the same N seeds (variant i and j share seed k, so their difference is",
            "paired), is evaluated on the test set, and the table gives each variant's",
            "mean ± standard deviation, the paired difference to the first variant, and",
            "the paper's figure where the paper gives one (with --recipe, on the recipe's",
            "own dataset; the figure is for the paper's setup, which --subset or --epochs",
            "is not).",
            "",
            "DIR gets ablation.json and ablation.png (the table and the runs' errors),",
            "results.csv/results.json and trials/NNNN/ (each run's directory). Rerunning",
            "the same command resumes; --spark runs each run as a Spark task.",
            "",
            "Examples:",
            "  zoo ablate lenet5-modern --knob activation=relu,tanh --knob pool=max,avg \\",
            "      --dataset mnist --seeds 3 --out abl",
            "  zoo ablate lenet5 --recipe lenet5 --knob output=rbf,softmax --out abl",
            "  zoo ablate resnet20 --recipe resnet20-cifar10 --knob residual=true,false --out abl",
            ""})
final class AblateCommand implements Callable<Integer>, SweepCommand {

    @Parameters(paramLabel = "MODEL", description = "A model from `zoo list`.")
    String model;

    @Option(names = "--knob", paramLabel = "NAME=V1,V2", required = true,
            description = "A knob and the values to compare (at least two); repeat for several knobs (every combination runs).")
    List<String> knobs;

    @Option(names = "--recipe", paramLabel = "NAME", description = "The recipe every variant trains with (it names MODEL); default: the "
            + "model family's search recipe (validation held out), which needs --dataset.")
    String recipe;

    @Mixin
    DatasetOption datasetOption;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "Seeds per variant, shared by every variant "
            + "(default: ${DEFAULT-VALUE}): the recipe's seed, seed+1, ...")
    int seeds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Ablation directory; an existing one of the same ablation is resumed.")
    Path out;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs per run (default: the recipe's).")
    Integer epochs;

    @Option(names = "--subset", paramLabel = "K", description = "Use the first K training images and K/6 test images (default: all).")
    int subset;

    @Option(names = "--parallel", paramLabel = "P", description = "Runs at once (default: 1; with --spark, every task slot).")
    Integer parallel;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run each run as a Spark task (local[N], spark://HOST:PORT, yarn, "
            + "k8s://...); --out and folder datasets must be on a filesystem every executor sees.")
    String spark;

    @Option(names = "--dry-run", description = "Print the variants and runs; train nothing.")
    boolean dryRun;

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    /** The most runs one ablation makes. */
    static final int MAX_RUNS = 1000;

    /** What an ablation is before it runs: the driver runs it, and each Spark executor rebuilds it from the same command line. */
    /** @param papersData whether the runs use the named recipe's own dataset (the paper's figures are for it) */
    record Plan(ZooModel model, SearchSpace space, Recipe base, List<Map<String, String>> variants, List<Map<String, String>> runs,
                boolean papersData) {
    }

    /**
     * Figures the papers give for variants other than their recipes' own: model, the variant's knobs as written, the figure.
     * A variant equal to the model's defaults gets its recipe's own figure instead.
     */
    static final List<PaperVariant> PAPER_VARIANTS = List.of(
            new PaperVariant("resnet18", Map.of("residual", "false"), 27.94, "He et al. 2015, Table 2: plain-18, 10-crop top-1 error"),
            new PaperVariant("resnet34", Map.of("residual", "false"), 28.54, "He et al. 2015, Table 2: plain-34, 10-crop top-1 error"),
            new PaperVariant("alexnet", Map.of("lrn", "false"), 40.7 + 1.4,
                    "Krizhevsky et al. 2012, §3.3: response normalisation cuts top-1 error by 1.4 points (40.7 + 1.4)"));

    record PaperVariant(String model, Map<String, String> knobs, double value, String source) {
    }

    Plan plan() {
        ZooModel m = Zoo.registry().get(model);
        if (TrainOptions.positive(seeds, "--seeds") > 100) {
            throw new IllegalArgumentException("--seeds " + seeds + " is more than 100 seeds per variant");
        }
        if (subset < 0) {
            throw new IllegalArgumentException("--subset must be 0 (all) or more; got " + subset);
        }
        if (out.toString().isBlank()) {
            throw new IllegalArgumentException("--out needs a directory; got an empty path");
        }
        if (parallel != null && TrainOptions.positive(parallel, "--parallel") > 64) {
            throw new IllegalArgumentException("--parallel " + parallel + " is more runs at once than 64");
        }
        if (spark != null && spark.isBlank()) {
            throw new IllegalArgumentException("--spark needs a master URL: local[N], spark://HOST:PORT, yarn or k8s://...");
        }
        Recipe base;
        boolean papersData = false;
        if (recipe != null) {
            base = Zoo.recipes().get(recipe);
            if (!base.model().equals(m.name())) {
                throw new IllegalArgumentException("recipe " + recipe + " trains " + base.model() + ", not " + m.name());
            }
            papersData = datasetOption.ref() == null || datasetOption.ref().toString().equals(String.valueOf(base.dataset()));
            if (datasetOption.ref() != null) {
                base = base.withDataset(datasetOption.ref());
            }
        } else {
            base = Zoo.recipes().searchSpace(m).base().withDataset(datasetOption.required("without --recipe, the dataset"));
        }
        if (epochs != null) {
            base = base.withEpochs(TrainOptions.positive(epochs, "--epochs"));
        }
        List<SearchSpace.Param> params = new ArrayList<>();
        for (String k : knobs) {
            int eq = k.indexOf('=');
            if (eq <= 0 || eq == k.length() - 1) {
                throw new IllegalArgumentException("--knob takes NAME=V1,V2,...; got '" + k + "'");
            }
            String name = k.substring(0, eq).trim();
            if (m.knobs().stream().noneMatch(x -> x.name().equals(name))) {
                throw new IllegalArgumentException("--knob " + name + ": " + m.name() + " has no such knob ("
                        + (m.knobs().isEmpty() ? "it has none" : String.join(", ", m.knobs().stream().map(Knob::name).toList())) + ")");
            }
            List<String> values = List.of(k.substring(eq + 1).split(",", -1));
            if (values.size() < 2) {
                throw new IllegalArgumentException("--knob " + name + " needs at least two values to compare; got " + values);
            }
            if (params.stream().anyMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("--knob " + name + " is given twice; list its values in one option");
            }
            params.add(SearchSpace.Param.values(name, values.stream().map(String::trim).toArray()));
        }
        List<Object> seedValues = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedValues.add(base.seed() + i);
        }
        params.add(SearchSpace.Param.values("seed", seedValues.toArray()));
        SearchSpace space;
        try {
            space = new SearchSpace(base, params).check(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--knob " + e.getMessage(), e);
        }
        List<Map<String, String>> variants = new ArrayList<>();
        variants.add(new LinkedHashMap<>());
        for (SearchSpace.Param p : space.params()) {
            if (!p.name().equals("seed")) {
                List<Map<String, String>> next = new ArrayList<>();
                for (Map<String, String> v : variants) {
                    for (String x : p.values()) {
                        Map<String, String> w = new LinkedHashMap<>(v);
                        w.put(p.name(), x);
                        next.add(w);
                    }
                }
                variants = next;
            }
        }
        if ((long) variants.size() * seeds > MAX_RUNS) {
            throw new IllegalArgumentException(variants.size() + " variants × " + seeds + " seeds is more than the " + MAX_RUNS + " runs an ablation makes");
        }
        // seed-major: the first seed of every variant, then the second ... so a partial ablation is already paired
        List<Map<String, String>> runs = new ArrayList<>();
        for (String seed : space.param("seed").orElseThrow().values()) {
            for (Map<String, String> v : variants) {
                Map<String, String> r = new LinkedHashMap<>(v);
                r.put("seed", seed);
                runs.add(r);
            }
        }
        return new Plan(m, space, base, variants, runs, papersData);
    }

    Sweep sweep(Plan p, TrainingJob.Sources sources, int parallelRuns) {
        Sweep.Settings settings = new Sweep.Settings(p.model().name(), String.valueOf(p.base().dataset()), p.base().name(), Strategy.GRID,
                p.base().seed(), p.base().epochs(), subset, 0, p.space().toMap(), Scheduler.none(p.base().epochs()), true);
        return new Sweep(p.model(), p.space(), settings, sources, p.runs(), out, parallelRuns, null, msg -> System.err.println(msg));
    }

    @Override
    public Sweep executorSweep(Path cwd) {
        out = cwd.resolve(out);
        data.from = data.from == null ? null : cwd.resolve(data.from);
        data.dataDir = data.dataDir == null ? null : cwd.resolve(data.dataDir);
        datasetOption.resolveAgainst(cwd);
        Plan p = plan();
        return sweep(p, TrainingJob.load(p.base(), data.store(), data.from, subset), Integer.MAX_VALUE);
    }

    @Override
    public Integer call() throws Exception {
        Plan p = plan();
        if (spark != null && !dryRun) {
            SparkOptions.checkMaster(spark);
        }
        Threads.chooseFor(p.model());
        System.err.printf(Locale.ROOT, "ablating %s on %s: %d variants × %s = %d runs, recipe %s (%s each) → %s%n", p.model().name(), p.base().dataset(),
                p.variants().size(), Text.count(seeds, "seed"), p.runs().size(), p.base().name(), Text.count(p.base().epochs(), "epoch"), out);
        if (dryRun) {
            for (int i = 0; i < p.runs().size(); i++) {
                System.out.printf(Locale.ROOT, "  %04d %s%n", i + 1, p.runs().get(i));
            }
            return 0;
        }
        TrainingJob.Sources sources = TrainingJob.load(p.base(), data.store(), data.from, subset);
        Sweep.Outcome o = spark == null ? sweep(p, sources, parallel == null ? 1 : parallel).run()
                : SearchCommand.onSpark(spark, parallel, SearchCommand.commandLine(spec), n -> sweep(p, sources, n), p.runs());
        List<Row> rows = rows(p, o);
        System.out.print(table(rows, seeds));
        writeFiles(p, rows);
        System.out.println("runs: " + out.resolve("results.csv") + "; table and plot: " + out.resolve("ablation.json") + ", " + out.resolve("ablation.png"));
        if (o.notStarted() > 0) {
            System.out.printf(Locale.ROOT, "%d of %d runs did not finish (lost with their Spark task or interrupted, see above); rerun the same command "
                    + "to run them.%n", o.notStarted(), p.runs().size());
            return 1;
        }
        long failed = o.trials().stream().filter(t -> !t.ok()).count();
        if (failed > 0) {
            System.out.printf(Locale.ROOT, "%d run(s) failed (reasons in %s); the table leaves them out.%n", failed, out.resolve("results.csv"));
            return 1;
        }
        return 0;
    }

    /** One variant's figures: its runs' test errors by seed (NaN where a run has none), the paper's figure if it gives one. */
    record Row(Map<String, String> variant, double[] errors, PaperVariant paper) {
        double mean() {
            return java.util.Arrays.stream(errors).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        /** Sample standard deviation (n − 1); NaN for fewer than two runs. */
        double sd() {
            return sd(java.util.Arrays.stream(errors).filter(Double::isFinite).toArray());
        }

        static double sd(double[] x) {
            if (x.length < 2) {
                return Double.NaN;
            }
            double m = java.util.Arrays.stream(x).average().orElseThrow();
            return Math.sqrt(java.util.Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
        }
    }

    private List<Row> rows(Plan p, Sweep.Outcome o) {
        Map<Integer, Trial> byId = new LinkedHashMap<>();
        o.trials().forEach(t -> byId.put(t.id(), t));
        List<Row> rows = new ArrayList<>();
        for (int v = 0; v < p.variants().size(); v++) {
            double[] e = new double[seeds];
            for (int s = 0; s < seeds; s++) {
                int id = s * p.variants().size() + v + 1;
                Trial t = byId.get(id);
                e[s] = t != null && t.ok() ? Sweep.testError(out.toAbsolutePath(), id) : Double.NaN;
            }
            rows.add(new Row(p.variants().get(v), e, paper(p, p.variants().get(v))));
        }
        return rows;
    }

    /**
     * The paper's figure for {@code variant}: its recipe's own if the variant is the model's default, else a known variant's;
     * none unless the runs use a paper recipe on its own dataset (a figure for ImageNet is not one for CIFAR-10).
     */
    static PaperVariant paper(Plan p, Map<String, String> variant) {
        if (!p.papersData() || p.base().paper() == null) {
            return null;
        }
        boolean isDefault = variant.entrySet().stream().allMatch(e -> e.getValue().equals(p.model().spec().knobs().get(e.getKey())));
        if (isDefault && p.base().paper() != null) {
            Recipe.PaperResult r = p.base().paper();
            return new PaperVariant(p.model().name(), variant, r.value(), r.metric() + ", " + r.source());
        }
        return PAPER_VARIANTS.stream().filter(x -> x.model().equals(p.model().name()) && x.knobs().equals(variant)
                && !p.base().paper().metric().startsWith("top-5")).findFirst().orElse(null); // these are top-1 figures
    }

    static String table(List<Row> rows, int seeds) {
        List<String> head = List.of("variant", "runs", "test error", "Δ vs first (paired)", "per seed", "paper");
        List<List<String>> body = new ArrayList<>();
        double[] first = rows.isEmpty() ? new double[0] : rows.get(0).errors();
        for (Row r : rows) {
            long n = java.util.Arrays.stream(r.errors()).filter(Double::isFinite).count();
            double[] diffs = new double[seeds];
            int k = 0;
            for (int s = 0; s < seeds; s++) {
                if (Double.isFinite(r.errors()[s]) && Double.isFinite(first[s])) {
                    diffs[k++] = r.errors()[s] - first[s];
                }
            }
            double[] d = java.util.Arrays.copyOf(diffs, k);
            List<String> perSeed = new ArrayList<>();
            for (double e : r.errors()) {
                perSeed.add(Double.isFinite(e) ? String.format(Locale.ROOT, "%.2f", 100 * e) : "-");
            }
            body.add(List.of(variantText(r.variant()), n + "/" + seeds, pm(r.mean(), r.sd()),
                    r == rows.get(0) ? "" : d.length == 0 ? "-" : pm(java.util.Arrays.stream(d).average().orElseThrow(), Row.sd(d)),
                    String.join(" ", perSeed), r.paper() == null ? "-" : String.format(Locale.ROOT, "%.2f%%%s", r.paper().value(),
                            r.paper().source().startsWith("top-5") ? " (top-5)" : "")));
        }
        StringBuilder sb = new StringBuilder(Text.table(head, body, new boolean[head.size()], true));
        rows.stream().filter(r -> r.paper() != null).forEach(r -> sb.append(String.format(Locale.ROOT, "paper, %s: %s (its own setup)%n",
                variantText(r.variant()), r.paper().source())));
        return sb.toString();
    }

    static String variantText(Map<String, String> v) {
        return String.join(" ", v.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    private static String pm(double mean, double sd) {
        if (Double.isNaN(mean)) {
            return "-";
        }
        return Double.isNaN(sd) ? String.format(Locale.ROOT, "%.2f%%", 100 * mean) : String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * mean, 100 * sd);
    }

    private void writeFiles(Plan p, List<Row> rows) throws java.io.IOException {
        List<Map<String, Object>> vs = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", r.variant());
            List<Object> errors = new ArrayList<>();
            for (double e : r.errors()) {
                errors.add(Double.isFinite(e) ? e : null);
            }
            m.put("testErrors", errors);
            m.put("mean", Double.isFinite(r.mean()) ? r.mean() : null);
            m.put("sd", Double.isFinite(r.sd()) ? r.sd() : null);
            if (r.paper() != null) {
                m.put("paper", Map.of("value", r.paper().value(), "source", r.paper().source()));
            }
            vs.add(m);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", p.model().name());
        json.put("recipe", p.base().name());
        json.put("dataset", String.valueOf(p.base().dataset()));
        json.put("epochs", p.base().epochs());
        json.put("subset", subset);
        json.put("seeds", p.space().param("seed").orElseThrow().values());
        json.put("variants", vs);
        Files2.writeStringAtomically(out.resolve("ablation.json"), Json.write(json));
        io.github.classiczoo.app.search.Plots.ablation(out.resolve("ablation.png"), rows.stream().map(r -> variantText(r.variant())).toList(),
                rows.stream().map(Row::errors).toList(), p.model().name() + " (recipe " + p.base().name() + "): test error by variant");
    }
}
