package io.github.classiczoo.train;

import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's {@code manifest.json}: what the run is (model, recipe, data, environment) and where it stands. What the run is
 * does not change while it runs and is computed once — the model summary behind {@code params} builds the whole graph's
 * shapes, and a 20-epoch run writes its manifest 22 times; {@link #of} adds where it stands.
 */
final class RunManifest {

    /** What the run is, before and after the status entries (the manifest keeps this order). */
    private final Map<String, Object> head = new LinkedHashMap<>(), tail = new LinkedHashMap<>();
    private final String partOf;
    private final Recipe recipe;

    RunManifest(ZooModel model, ModelSpec spec, Recipe recipe, Trainer.Data data, Fitter fitter, String partOf) {
        this.recipe = recipe;
        this.partOf = partOf;
        head.put("model", model.name());
        head.put("family", model.family());
        head.put("paperCitation", model.paper().cite());
        head.put("input", spec.input().toArray());
        head.put("classes", spec.classes());
        head.put("knobs", spec.knobs());
        head.put("params", ModelSummary.of(model, spec).params());
        head.put("recipe", recipe.toMap());
        head.put("seed", recipe.seed());
        tail.put("environment", RunInfo.environment());
        if (!fitter.describe().isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>(fitter.describe());
            d.put("batchPerWorker", recipe.batchSize()); // each worker fits the recipe's minibatches
            tail.put("distributed", d);
        }
        tail.put("datasetSha256", data.sha256());
        tail.put("trainImages", data.train().size());
        tail.put("validationImages", data.validation() == null ? 0 : data.validation().size());
        tail.put("testImages", data.test().size());
    }

    /** The manifest for state {@code s}: {@code status} (running, finished, diverged ...), a message or null, the final metrics or null. */
    Map<String, Object> of(TrainerState s, String status, String message, Metrics finalMetrics) {
        Map<String, Object> m = new LinkedHashMap<>(head);
        m.put("status", status);
        if (partOf != null) {
            m.put(Trainer.PART_OF, partOf);
        }
        if (message != null) {
            m.put("message", message);
        }
        m.putAll(tail);
        m.put("started", s.started);
        m.put("ended", s.ended);
        m.put("epochsDone", s.epochsDone);
        if (!s.epochChanges.isEmpty()) {
            m.put("epochChanges", s.epochChanges);
        }
        m.put("iterations", s.iteration);
        m.put("history", s.rows.stream().map(EpochRow::toMap).toList());
        if (!Double.isNaN(s.best)) {
            m.put("bestValidationError", s.best);
            m.put("bestEpoch", s.bestEpoch);
        }
        if (finalMetrics != null) {
            m.put("final", new LinkedHashMap<>(finalMetrics.toMap()));
            if (recipe.paper() != null) {
                m.put("reproduction", reproduction(recipe.paper(), finalMetrics));
            }
        }
        return m;
    }

    /** The manifest's {@code reproduction} entry: the paper's figure beside ours. */
    static Map<String, Object> reproduction(Recipe.PaperResult paper, Metrics finalMetrics) {
        double ours = paper.ours(finalMetrics);
        Map<String, Object> pr = new LinkedHashMap<>();
        pr.put("metric", paper.metric());
        pr.put("paper", paper.value());
        pr.put("source", paper.source());
        pr.put("ours", ours);
        pr.put("target", paper.target());
        pr.put("reached", paper.reached(ours));
        return pr;
    }
}
