package io.github.classiczoo.train;

import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.ZooException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Whether a run directory may be continued by a trainer: its manifest must be the zoo's, of the same model, recipe and
 * dataset, and continuing must not change what the run computes — the recipe (all but its epochs and description),
 * knobs, input, classes, the data (split sizes, files' hashes) and how minibatches are applied. Refused with one line
 * listing every difference; nothing is changed.
 */
final class ResumeCheck {

    private ResumeCheck() {
    }

    /** Refuses to continue the run in {@code dir}, whose manifest is {@code m}, with these settings if it would change it. */
    static void check(Path dir, JsonNode m, ZooModel model, ModelSpec spec, Recipe recipe, Trainer.Data data, Fitter fitter) {
        if (!m.path("model").isTextual() || !m.path("recipe").isObject()) {
            throw new ZooException(dir.resolve(RunDirectory.MANIFEST) + " has no model or recipe: not a manifest the "
                    + "zoo wrote (nothing was changed)");
        }
        String was = m.path("model").asText();
        if (!was.equals(model.name())) {
            throw new IllegalArgumentException("run directory " + dir + " is a run of " + was + ", not of " + model.name());
        }
        String wasRecipe = m.path("recipe").path("name").asText();
        if (!wasRecipe.equals(recipe.name()) || !m.path("recipe").path("dataset").asText().equals(String.valueOf(recipe.dataset()))) {
            throw new IllegalArgumentException("run directory " + dir + " is a run of recipe " + wasRecipe + " on " + m.path("recipe").path("dataset").asText()
                    + ", not " + recipe.name() + " on " + recipe.dataset());
        }
        List<String> changed = changes(m, model, spec, recipe, data, fitter);
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("continuing " + dir + " would change the recorded run: " + String.join("; ", changed)
                    + " (only the number of epochs may change; nothing was changed: resume with the recorded settings, or start a new run)");
        }
    }

    /**
     * What resuming with this trainer's settings would change in the recorded run ({@code m}, its manifest): the recipe
     * (all but its epochs and description), knobs, input, classes and the data (the split sizes, the files' hashes).
     */
    private static List<String> changes(JsonNode m, ZooModel model, ModelSpec spec, Recipe recipe, Trainer.Data data, Fitter fitter) {
        Map<String, String> was = new java.util.TreeMap<>(), now = new java.util.TreeMap<>();
        flatten("", m.path("recipe"), was);
        flatten("", Json.read(Json.write(recipe.toMap())), now);
        for (String k : List.of("epochs", "description")) {
            was.remove(k);
            now.remove(k);
        }
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("knobs", spec.knobs());
        current.put("input", spec.input().toArray());
        current.put("classes", spec.classes());
        current.put("trainImages", data.train().size());
        current.put("validationImages", data.validation() == null ? 0 : data.validation().size());
        current.put("testImages", data.test().size());
        current.put("datasetSha256", data.sha256());
        JsonNode c = Json.read(Json.write(current));
        for (var it = c.fields(); it.hasNext(); ) {
            var e = it.next();
            flatten(e.getKey(), m.path(e.getKey()), was);
            flatten(e.getKey(), e.getValue(), now);
        }
        // a knob added since the run was recorded did not exist then: the run had what is now its default (a new knob's
        // default is always the architecture as it was), so a missing recorded knob at its default is no change
        for (io.github.classiczoo.core.model.Knob k : model.knobs()) {
            String key = "knobs." + k.name();
            if (!was.containsKey(key) && now.containsKey(key) && now.get(key).equals(Json.read(Json.write(model.spec().knobs())).path(k.name()).asText())) {
                now.remove(key);
            }
        }
        // how minibatches were applied is part of the computation (where the workers run is not: the master may change)
        was.put("training", training(m.path("distributed")));
        now.put("training", training(Json.read(Json.write(fitter.describe()))));
        return differences(was, now);
    }

    /** Each key whose value differs between two flattened records, as "key was → now" ("(none)" where one lacks it), in key order. */
    static List<String> differences(Map<String, String> was, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(was.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            String a = was.getOrDefault(k, "(none)"), b = now.getOrDefault(k, "(none)");
            if (!a.equals(b)) {
                out.add(k + " " + a + " → " + b);
            }
        }
        return out;
    }

    /** "one JVM", or the distributed settings that change what is computed (workers, averaging frequency). */
    private static String training(JsonNode distributed) {
        if (distributed.isMissingNode() || distributed.isEmpty()) {
            return "one JVM";
        }
        return distributed.path("workers").asText() + " workers averaging every " + distributed.path("averagingFrequency").asText() + " minibatches";
    }

    static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (!n.isMissingNode()) {
            out.put(prefix, n.isValueNode() ? n.asText() : n.toString());
        }
    }
}
