package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Trainer;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Run a paper's recipe end to end and print the result beside the paper's.",
        description = {"Fetches the dataset if needed, trains by the paper's recipe (its",
            "deviations are listed in the run's report.md and manifest.json) and ends",
            "with the line (here the one `zoo reproduce lenet5` printed on this project's",
            "machine; docs/models.md, \"The papers' figures, measured here\")",
            "  lenet5 on MNIST: test error 0.96%% (paper: 0.95%%, §III.C, Fig. 9) — reached",
            "followed by the run directory.", ""})
final class ReproduceCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", completionCandidates = RecipeNames.class, description = "A recipe: ${COMPLETION-CANDIDATES}.")
    String name;

    /** For ImageNet recipes: the folder holding train/ and val/, one sub-folder per class; other recipes use the paper's. */
    @Mixin
    DatasetOption dataset;

    @Mixin
    TrainOptions opts;

    @Mixin
    SparkOptions spark;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        ModelRegistry reg = Zoo.registry();
        Recipe r = opts.apply(Zoo.recipes().get(name));
        DatasetRef d = dataset.ref();
        if (r.dataset().needsFolder()) {
            if (d == null || !d.isFolder()) {
                throw new IllegalArgumentException("recipe " + name + " trains on ImageNet: give its folder, --data DIR (DIR/train/CLASS/*.JPEG and "
                        + "DIR/val/CLASS/...)");
            }
            r = r.withDataset(d);
        } else if (d != null && !d.equals(r.dataset())) {
            throw new IllegalArgumentException("recipe " + name + " reproduces the paper on " + r.dataset() + "; to train it on " + d
                    + ", use `zoo train " + r.model() + " --recipe " + name + " --dataset " + d + "`");
        }
        if (r.paper() == null) {
            throw new IllegalArgumentException("recipe " + name + " has no paper figure to reproduce; use `zoo train --recipe " + name + "`");
        }
        ZooModel m = reg.get(r.model());
        Trainer.Result res = Runs.run(m, r, opts, data, spark);
        double ours = r.paper().ours(res.finalMetrics());
        boolean reached = r.paper().reached(ours);
        String metric = r.paper().metric().startsWith("top-5") ? "top-5 error" : "test error";
        System.out.printf(Locale.ROOT, "%s on %s: %s %.2f%% (paper: %.2f%%, %s) — %s%n", m.name(), r.dataset().toString().toUpperCase(Locale.ROOT),
                metric, ours, r.paper().value(), r.paper().source(), reached ? "reached" : "not reached (target ≤ " + r.paper().target() + "%)");
        System.out.println("run directory: " + res.runDir());
        return 0;
    }

    static final class RecipeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Zoo.recipes().all().stream().filter(r -> r.paper() != null).map(Recipe::name).iterator();
        }
    }
}
