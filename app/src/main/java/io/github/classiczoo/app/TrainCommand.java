package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.train.Recipe;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Train a model on a dataset, by a named recipe or the default one.",
        description = {"Writes a run directory: manifest.json, metrics.csv, loss.png, error.png,",
            "report.md and checkpoints (checkpoint-last.zip every epoch, the one before it as",
            "checkpoint-previous.zip, checkpoint-best.zip on the best validation error), all",
            "written atomically; one process holds a run directory at a time. A killed run",
            "loses at most the epoch in progress: continue it with --resume RUN_DIR (settings",
            "that would change the recorded run are refused; more --epochs are recorded).",
            "A NaN or infinite loss stops the run with a message; the last good checkpoint",
            "stays. Data order, augmentation and initialisation depend only on the seed.",
            "",
            "Without --recipe: Adam 1e-3, 10 epochs, batch 64, the dataset's mean/std",
            "normalisation and 5,000 validation images. A named recipe brings its dataset",
            "(--dataset trains it on another). A model whose input does not fit the",
            "dataset's images is built for them (e.g. resnet18 on fashion-mnist: 1×28×28).", ""})
final class TrainCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "A model from `zoo list`.")
    String model;

    /** Needed without --recipe; with one, the recipe's own dataset is the default. */
    @Mixin
    DatasetOption dataset;

    @Option(names = "--recipe", paramLabel = "NAME", completionCandidates = AllRecipes.class,
            description = "A named recipe (it names its model, which must be MODEL): ${COMPLETION-CANDIDATES}.")
    String recipe;

    @Mixin
    TrainOptions opts;

    @Mixin
    SparkOptions spark;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        ZooModel m = Zoo.registry().get(model);
        DatasetRef d = recipe == null ? dataset.required("without --recipe, the dataset") : dataset.ref();
        Recipe r = recipe == null ? Recipe.defaults(m.name(), d.toString()) : Zoo.recipes().get(recipe);
        if (!r.model().equals(m.name()) && recipe != null) {
            throw new IllegalArgumentException("recipe " + r.name() + " is for " + r.model() + ", not " + m.name());
        }
        if (d == null && r.dataset().needsFolder()) {
            throw new IllegalArgumentException("recipe " + r.name() + " trains on ImageNet: give its folder, --data DIR (DIR/train/CLASS/..., "
                    + "DIR/val/CLASS/...)");
        }
        Runs.run(m, opts.apply(d == null ? r : r.withDataset(d)), opts, data, spark);
        return 0;
    }

    static final class AllRecipes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Zoo.recipes().all().stream().map(Recipe::name).iterator();
        }
    }
}
