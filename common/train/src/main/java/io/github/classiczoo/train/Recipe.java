package io.github.classiczoo.train;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DatasetRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to train a model: data, optimiser, schedule and budget, as typed values. Build one with {@link #builder}; the
 * papers' recipes are named in {@code recipes/} ({@code LeNetRecipes}, {@code ResNetRecipes}, ...); {@link #defaults} is
 * what {@code zoo train} uses when no recipe is named.
 *
 * @param dataset       the dataset, or null in a search space's base recipe (the searched dataset fills it in)
 * @param normalization how inputs are normalised ({@code lecun98}: §III.A of LeCun et al. 1998; {@code dataset}: the
 *                      dataset's mean/std; {@code imagenet}; {@code per-pixel-mean}: He et al. §4.2)
 * @param validation    images held out of the training set for model selection; 0 = the paper's protocol of
 *                      training on the whole training set and reporting the test set after every epoch (no
 *                      selection on it: the final figure is the last epoch's)
 * @param paper         the paper's figure this recipe reproduces, or null
 * @param maxIterations stop after this many iterations even inside an epoch (ResNet CIFAR: 64k); 0 = none
 * @param boosting      the recipe whose three nets {@link Boosting} trains by filtering (LeCun et al. 1998 §III.C.9) and
 *                      joins into this recipe's model, or null for a plain run
 */
public record Recipe(String name, String description, String model, Map<String, String> knobs, DatasetRef dataset,
                     Normalization.Scheme normalization, Augment augment, Optimizer optimizer, LrSchedule schedule, double weightDecay,
                     int epochs, int batchSize, long seed, int validation, PaperResult paper, List<String> deviations, long maxIterations,
                     String boosting) {

    /** A paper's figure: test error in percent (top-1, or top-5 if {@code metric} says so), and where it comes from. */
    public record PaperResult(String metric, double value, String source, double target) {
        /** Our figure in the paper's metric. */
        public double ours(Metrics m) {
            return 100 * (metric.startsWith("top-5") ? 1 - m.top5() : m.error());
        }

        /** "reached" means our figure is at or below {@code target} (test error: lower is better). */
        public boolean reached(double ours) {
            return ours <= target;
        }
    }

    public Recipe {
        knobs = Map.copyOf(knobs);
        deviations = List.copyOf(deviations);
        if (name == null || model == null || normalization == null || augment == null || optimizer == null || schedule == null) {
            throw new IllegalArgumentException("a recipe needs a name, a model, a normalisation, an augmentation, an optimiser and a schedule");
        }
        if (epochs < 1 || batchSize < 1 || validation < 0 || maxIterations < 0 || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("recipe " + name + ": epochs and batch size must be at least 1, validation and the "
                    + "iteration cap at least 0, weight decay a non-negative number; got epochs " + epochs + ", batch " + batchSize
                    + ", validation " + validation + ", cap " + maxIterations + ", weight decay " + weightDecay);
        }
    }


    /** A recipe for {@code model} named {@code name}; unset fields are {@link #defaults}' (Adam 1e-3, 10 epochs ...). */
    public static Builder builder(String name, String model) {
        return new Builder(name, model);
    }

    /** Adam 1e-3, 10 epochs, batch 64, dataset normalisation, 5,000 validation images, no augmentation, seed 42. */
    public static Recipe defaults(String model, String dataset) {
        Builder b = builder("default", model).description("generic default: Adam 1e-3, constant rate");
        return (dataset == null ? b : b.dataset(DatasetRef.parse(dataset))).build();
    }

    /** This recipe's fields in a builder, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder(name, model);
        b.description = description;
        b.knobs = knobs;
        b.dataset = dataset;
        b.normalization = normalization;
        b.augment = augment;
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.weightDecay = weightDecay;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.seed = seed;
        b.validation = validation;
        b.paper = paper;
        b.deviations = deviations;
        b.maxIterations = maxIterations;
        b.boosting = boosting;
        return b;
    }

    public Recipe withEpochs(int e) {
        return toBuilder().epochs(e).build();
    }

    public Recipe withBatchSize(int b) {
        return toBuilder().batchSize(b).build();
    }

    public Recipe withLr(double lr) {
        return toBuilder().optimizer(optimizer.withLr(lr)).build();
    }

    public Recipe withOptimizer(Optimizer o) {
        return toBuilder().optimizer(o).build();
    }

    public Recipe withWeightDecay(double wd) {
        return toBuilder().weightDecay(wd).build();
    }

    public Recipe withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public Recipe withValidation(int v) {
        return toBuilder().validation(v).build();
    }

    /** With another dataset: a name such as {@code mnist}, or {@code folder:PATH}. */
    public Recipe withDataset(String d) {
        return withDataset(DatasetRef.parse(d));
    }

    public Recipe withDataset(DatasetRef d) {
        return toBuilder().dataset(d).build();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("model", model);
        m.put("knobs", knobs);
        m.put("dataset", dataset == null ? null : dataset.toString());
        m.put("normalization", normalization.toString());
        m.put("augment", augment.toMap());
        m.put("optimizer", optimizer.toMap());
        m.put("schedule", schedule.toMap());
        m.put("weightDecay", weightDecay);
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("seed", seed);
        m.put("validation", validation);
        if (maxIterations > 0) {
            m.put("maxIterations", maxIterations);
        }
        if (boosting != null) {
            m.put("boosting", boosting);
        }
        if (paper != null) {
            m.put("paper", Map.of("metric", paper.metric(), "value", paper.value(), "source", paper.source(), "target", paper.target()));
        }
        m.put("deviations", deviations);
        return m;
    }

    /** Builds a {@link Recipe}; every setting has {@link #defaults}' value until set. */
    public static final class Builder {
        private final String name;
        private final String model;
        private String description;
        private Map<String, String> knobs = Map.of();
        private DatasetRef dataset;
        private Normalization.Scheme normalization = Normalization.Scheme.DATASET;
        private Augment augment = Augment.NONE;
        private Optimizer optimizer = Optimizer.adam(1e-3);
        private LrSchedule schedule = LrSchedule.constant();
        private double weightDecay;
        private int epochs = 10;
        private int batchSize = 64;
        private long seed = 42;
        private int validation = 5000;
        private PaperResult paper;
        private List<String> deviations = List.of();
        private long maxIterations;
        private String boosting;

        private Builder(String name, String model) {
            this.name = name;
            this.model = model;
            this.description = name;
        }

        public Builder description(String d) {
            description = d;
            return this;
        }

        /** Model knobs the recipe sets (e.g. a width). */
        public Builder knobs(Map<String, String> k) {
            knobs = k;
            return this;
        }

        public Builder dataset(DatasetRef d) {
            dataset = d;
            return this;
        }

        public Builder normalization(Normalization.Scheme n) {
            normalization = n;
            return this;
        }

        public Builder augment(Augment a) {
            augment = a;
            return this;
        }

        public Builder optimizer(Optimizer o) {
            optimizer = o;
            return this;
        }

        public Builder schedule(LrSchedule s) {
            schedule = s;
            return this;
        }

        /** L2 on every weight and bias (PyTorch's weight decay for SGD). */
        public Builder weightDecay(double wd) {
            weightDecay = wd;
            return this;
        }

        public Builder epochs(int e) {
            epochs = e;
            return this;
        }

        public Builder batchSize(int b) {
            batchSize = b;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Training images held out for model selection; 0 = the paper's protocol (no selection, test after every epoch). */
        public Builder validation(int v) {
            validation = v;
            return this;
        }

        public Builder paper(PaperResult p) {
            paper = p;
            return this;
        }

        public Builder deviations(List<String> d) {
            deviations = d;
            return this;
        }

        public Builder maxIterations(long n) {
            maxIterations = n;
            return this;
        }

        /** Train by boosting three nets of recipe {@code base} ({@link Boosting}). */
        public Builder boosting(String base) {
            boosting = base;
            return this;
        }

        public Recipe build() {
            return new Recipe(name, description, model, knobs, dataset, normalization, augment, optimizer, schedule, weightDecay,
                    epochs, batchSize, seed, validation, paper, deviations, maxIterations, boosting);
        }
    }
}
