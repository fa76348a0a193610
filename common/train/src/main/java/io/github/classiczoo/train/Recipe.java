package io.github.classiczoo.train;

import io.github.classiczoo.data.Augment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to train a model: data, optimiser, schedule and budget. Papers' recipes are named and live in their
 * model modules; {@link #defaults} is what {@code zoo train} uses when no recipe is named.
 *
 * @param normalization {@code lecun98} (§III.A of LeCun et al. 1998) or {@code dataset} (the dataset's mean/std)
 * @param validation    images held out of the training set for model selection; 0 = the paper's protocol of
 *                      training on the whole training set and reporting the test set after every epoch (no
 *                      selection on it: the final figure is the last epoch's)
 * @param paper         the paper's figure this recipe reproduces, or null
 * @param maxIterations stop after this many iterations even inside an epoch (ResNet CIFAR: 64k); 0 = none
 */
public record Recipe(String name, String description, String model, Map<String, String> knobs, String dataset,
                     String normalization, Augment augment, Optimizer optimizer, LrSchedule schedule, double weightDecay,
                     int epochs, int batchSize, long seed, int validation, PaperResult paper, List<String> deviations, long maxIterations) {

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
    }

    /** A recipe without an iteration cap. */
    public Recipe(String name, String description, String model, Map<String, String> knobs, String dataset,
                  String normalization, Augment augment, Optimizer optimizer, LrSchedule schedule, double weightDecay,
                  int epochs, int batchSize, long seed, int validation, PaperResult paper, List<String> deviations) {
        this(name, description, model, knobs, dataset, normalization, augment, optimizer, schedule, weightDecay, epochs, batchSize, seed,
                validation, paper, deviations, 0);
    }

    /** Adam 1e-3, 10 epochs, batch 64, dataset normalisation, 5,000 validation images, no augmentation. */
    public static Recipe defaults(String model, String dataset) {
        return new Recipe("default", "generic default: Adam 1e-3, constant rate", model, Map.of(), dataset, "dataset",
                Augment.NONE, Optimizer.adam(1e-3), LrSchedule.constant(), 0, 10, 64, 42, 5000, null, List.of());
    }

    public Recipe withEpochs(int e) {
        return new Recipe(name, description, model, knobs, dataset, normalization, augment, optimizer, schedule, weightDecay, e, batchSize, seed, validation, paper, deviations, maxIterations);
    }

    public Recipe withBatchSize(int b) {
        return new Recipe(name, description, model, knobs, dataset, normalization, augment, optimizer, schedule, weightDecay, epochs, b, seed, validation, paper, deviations, maxIterations);
    }

    public Recipe withLr(double lr) {
        return new Recipe(name, description, model, knobs, dataset, normalization, augment, optimizer.withLr(lr), schedule, weightDecay, epochs, batchSize, seed, validation, paper, deviations, maxIterations);
    }

    public Recipe withOptimizer(Optimizer o) {
        return new Recipe(name, description, model, knobs, dataset, normalization, augment, o, schedule, weightDecay, epochs, batchSize, seed, validation, paper, deviations, maxIterations);
    }

    public Recipe withWeightDecay(double wd) {
        return new Recipe(name, description, model, knobs, dataset, normalization, augment, optimizer, schedule, wd, epochs, batchSize, seed, validation, paper, deviations, maxIterations);
    }

    public Recipe withSeed(long s) {
        return new Recipe(name, description, model, knobs, dataset, normalization, augment, optimizer, schedule, weightDecay, epochs, batchSize, s, validation, paper, deviations, maxIterations);
    }

    public Recipe withValidation(int v) {
        return new Recipe(name, description, model, knobs, dataset, normalization, augment, optimizer, schedule, weightDecay, epochs, batchSize, seed, v, paper, deviations, maxIterations);
    }

    public Recipe withDataset(String d) {
        return new Recipe(name, description, model, knobs, d, normalization, augment, optimizer, schedule, weightDecay, epochs, batchSize, seed, validation, paper, deviations, maxIterations);
    }

    public Recipe withKnobs(Map<String, String> k) {
        return new Recipe(name, description, model, k, dataset, normalization, augment, optimizer, schedule, weightDecay, epochs, batchSize, seed, validation, paper, deviations, maxIterations);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("description", description);
        m.put("model", model);
        m.put("knobs", knobs);
        m.put("dataset", dataset);
        m.put("normalization", normalization);
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
        if (paper != null) {
            m.put("paper", Map.of("metric", paper.metric(), "value", paper.value(), "source", paper.source(), "target", paper.target()));
        }
        m.put("deviations", deviations);
        return m;
    }
}
