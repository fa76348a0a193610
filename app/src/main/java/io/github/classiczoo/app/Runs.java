package io.github.classiczoo.app;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Trainer;
import io.github.classiczoo.train.TrainingJob;
import java.nio.file.Path;
import java.util.Locale;

/** The part train and reproduce share: build the trainer, run or resume it, print the outcome. */
final class Runs {

    private Runs() {
    }

    static Trainer.Result run(ZooModel model, Recipe recipe, TrainOptions opts, DataOptions data) throws Exception {
        return run(model, recipe, opts, data, null);
    }

    /** As above; with {@code spark} enabled, minibatches are fitted on Spark by parameter averaging (zoo-spark). */
    static Trainer.Result run(ZooModel model, Recipe recipe, TrainOptions opts, DataOptions data, SparkOptions spark) throws Exception {
        if (opts.ui != null && spark != null && spark.enabled()) {
            throw new IllegalArgumentException("--ui watches a run trained in this JVM; a --spark run's steps happen on the executors "
                    + "(on a cluster, Spark's own UI, port 4040 by default, shows the job; the zoo turns it off for local[N])");
        }
        Integer batch = opts.batch;
        if (spark != null) {
            spark.check();
            recipe = spark.apply(recipe, opts.batch);
            batch = spark.batchPerWorker != null ? spark.batchPerWorker : batch;
        }
        opts.checkDeterminism();
        opts.checkEarly();
        Threads.chooseFor(model);
        Path dir = opts.runDir(recipe.name().equals("default") ? model.name() + "-" + recipe.dataset() : recipe.name());
        io.github.classiczoo.core.model.InputShape input = opts.input == null ? null : io.github.classiczoo.core.model.InputShape.parse(opts.input);
        if (opts.validation != null && opts.subset > 0 && opts.validation >= opts.subset) {
            throw new IllegalArgumentException("--validation " + opts.validation + " is not less than --subset " + opts.subset
                    + ": no training images would be left");
        }
        // an explicit --validation is held out as given (a recipe's own count is cut to a tenth of a --subset)
        TrainingJob.Sources sources = TrainingJob.load(recipe, data.store(), data.from, opts.subset, opts.validation != null);
        String batchOption = spark != null && spark.batchPerWorker != null ? "--batch-per-worker" : "--batch";
        if (batch != null && input != null) {
            Limits.batch(batchOption, batch, input);
        }
        if (batch != null && batch > sources.train().size()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %d is more than the %,d training images", batchOption, batch,
                    sources.train().size()));
        }
        if (recipe.boosting() != null) {
            return boost(model, recipe, sources, opts, dir);
        }
        Trainer t = TrainingJob.trainer(model, recipe, sources, opts.knobs, input, dir, Progress.console(), msg -> System.err.println(msg));
        System.err.printf(Locale.ROOT, "%s %s on %s, recipe %s: %s, batch %d, %s → %s%n", opts.resume != null ? "resuming" : "training",
                model.name(), recipe.dataset(), recipe.name(), Text.count(recipe.epochs(), "epoch"), recipe.batchSize(), recipe.optimizer().toMap(), dir);
        try (LiveView ui = opts.ui == null ? null : LiveView.start(opts.ui, "--ui", opts.uiHost)) {
            if (ui != null) {
                t.listenToNetwork(ui::record);
                System.err.println("live view: " + ui.address() + " (recorded in " + dir.resolve(LiveView.STATS_FILE) + "; `zoo ui "
                        + dir + "` shows it again)");
            }
            return runAndReport(t, model, recipe, opts, spark);
        }
    }

    /** A boosted recipe's run: three nets of its base recipe, filtered and joined ({@link io.github.classiczoo.train.Boosting}). */
    private static Trainer.Result boost(ZooModel model, Recipe recipe, TrainingJob.Sources sources, TrainOptions opts, Path dir) throws Exception {
        if (opts.resume != null || opts.ui != null || !opts.knobs.isEmpty() || opts.input != null) {
            throw new IllegalArgumentException("recipe " + recipe.name() + " trains three nets by boosting; it takes no --resume, --ui, -k or --input");
        }
        Recipe base = io.github.classiczoo.train.Boosting.base(recipe, Zoo.recipes()::get);
        System.err.printf(Locale.ROOT, "boosting %s on %s: three %s nets by recipe %s (%s each), the second and third on filtered patterns → %s%n",
                model.name(), recipe.dataset(), base.model(), base.name(), Text.count(base.epochs(), "epoch"), dir);
        Trainer.Result r = io.github.classiczoo.train.Boosting.run(model, recipe, Zoo.registry().get(base.model()), base, sources, dir,
                Progress.console(), msg -> System.err.println(msg));
        System.out.printf(Locale.ROOT, "%s on %s: test error %.2f%% (top-5 error %.2f%%), %s%n", model.name(), recipe.dataset(),
                100 * r.finalMetrics().error(), 100 * (1 - r.finalMetrics().top5()), Progress.clockText(r.seconds()));
        return r;
    }

    private static Trainer.Result runAndReport(Trainer t, ZooModel model, Recipe recipe, TrainOptions opts, SparkOptions spark) throws Exception {
        Trainer.Result r;
        if (spark != null && spark.enabled()) {
            try (io.github.classiczoo.spark.SparkFitter f = spark.start()) {
                System.err.printf(Locale.ROOT, "spark: %s, %s workers averaging every %d minibatches of %d (%d images a round)%n", spark.master,
                        f.describe().get("workers"), spark.averagingFrequency, recipe.batchSize(),
                        (long) (Integer) f.describe().get("workers") * spark.averagingFrequency * recipe.batchSize());
                t.fitWith(f);
                r = opts.resume != null ? t.resume(opts.resumeFrom) : t.start();
            }
        } else {
            r = opts.resume != null ? t.resume(opts.resumeFrom) : t.start();
        }
        System.out.printf(Locale.ROOT, "%s on %s: test error %.2f%% (top-5 error %.2f%%) after %s, %s%n", model.name(), recipe.dataset(),
                100 * r.finalMetrics().error(), 100 * (1 - r.finalMetrics().top5()), Text.count(r.history().size(), "epoch"),
                Progress.clockText(r.seconds()));
        return r;
    }
}
