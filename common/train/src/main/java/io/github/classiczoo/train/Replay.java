package io.github.classiczoo.train;

import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.store.DatasetRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * What a recorded run was, read back from its manifest alone, so that it can be run again and its figures compared
 * ({@code zoo verify}): the recipe (today's recipe of the recorded name with the recorded epochs, batch, rate, seed, weight
 * decay, validation, dataset and augmentation kind, which must then equal the recorded recipe in every field but its description), the knobs,
 * the input, a subset's size and the dataset files' SHA-256s; then {@link #compare} tells every recorded figure a replay
 * did not give again. A boosted run ({@link Boosting}) is replayed as its net 1: {@link #model} and {@link #recipe} are
 * then the base recipe's, and only net 1's epochs are compared.
 *
 * @param subset the training images of a {@code --subset} run (0: the whole training set)
 */
public record Replay(String model, Recipe recipe, Map<String, String> knobs, int[] input, int subset, Map<String, String> sha256,
                     String commit, String backend, JsonNode history, JsonNode finalMetrics) {

    /** The figures of an epoch a replay must give again, in the order a table of differences lists them. */
    static final List<String> FIGURES = List.of("iteration", "lr", "trainLoss", "split", "examples", "loss", "top1", "top5");

    /** One recorded figure a replay gave otherwise; {@code epoch} 0 is the run's final evaluation. */
    public record Difference(int epoch, String figure, String recorded, String replayed) {
    }

    /**
     * Reads a manifest the zoo wrote, finding its recipe by name in {@code recipes} (e.g. {@code Recipes::get}); refuses
     * one it cannot replay, saying why: not the zoo's, unfinished, trained on
     * Spark, or of a recipe that today's recipes cannot give again.
     */
    public static Replay of(JsonNode m, java.util.function.Function<String, Recipe> recipes, int fullTrainingSet) {
        if (!m.path("model").isTextual() || !m.path("recipe").isObject() || !m.path("recipe").path("name").isTextual()) {
            throw new IllegalArgumentException("not a run manifest the zoo wrote (no model or recipe)");
        }
        String status = m.path("status").asText();
        if (!status.equals("finished")) {
            throw new IllegalArgumentException("the run is " + status + ", not finished: only a finished run's record is replayed");
        }
        if (m.has("distributed")) {
            throw new IllegalArgumentException("the run was trained on Spark (" + m.get("distributed") + "); a replay runs on this JVM "
                    + "and would not fit minibatches the same way");
        }
        if (m.has("epochChanges")) {
            throw new IllegalArgumentException("the run's epochs were changed while it ran (" + m.get("epochChanges") + "); its record "
                    + "is not one recipe's");
        }
        JsonNode r = m.get("recipe");
        String name = r.get("name").asText();
        Recipe base = name.equals("default") ? Recipe.defaults(m.get("model").asText(), r.path("dataset").asText())
                : recipes.apply(name);
        Recipe recipe = base.toBuilder()
                .epochs(r.path("epochs").asInt())
                .batchSize(r.path("batchSize").asInt())
                .optimizer(base.optimizer().withLr(r.path("optimizer").path("lr").asDouble()))
                .seed(r.path("seed").asLong())
                .weightDecay(r.path("weightDecay").asDouble())
                .validation(r.path("validation").asInt())
                .dataset(DatasetRef.parse(r.path("dataset").asText()))
                .augment(base.augment().withKind(io.github.classiczoo.data.pipeline.Augment.Kind.parse(r.path("augment").path("kind").asText())))
                .build();
        List<String> differ = differences(r, Json.read(Json.write(recipe.toMap())));
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException("today's recipe " + name + " differs from the recorded one in " + String.join("; ", differ)
                    + ": the run cannot be replayed from its record");
        }
        Map<String, String> knobs = new LinkedHashMap<>();
        m.path("knobs").fields().forEachRemaining(e -> knobs.put(e.getKey(), e.getValue().asText()));
        Map<String, String> sha = new LinkedHashMap<>();
        m.path("datasetSha256").fields().forEachRemaining(e -> sha.put(e.getKey(), e.getValue().asText()));
        int[] input = new int[m.path("input").size()];
        for (int i = 0; i < input.length; i++) {
            input[i] = m.get("input").get(i).asInt();
        }
        int used = m.path("trainImages").asInt() + m.path("validationImages").asInt();
        String model = m.get("model").asText();
        JsonNode finalMetrics = m.path("final");
        if (recipe.boosting() != null) {
            // a boosted run's record is net 1's epochs: nets 2 and 3 learn from patterns the finished earlier nets chose
            recipe = Boosting.base(recipe, recipes);
            model = recipe.model();
            finalMetrics = org.nd4j.shade.jackson.databind.node.MissingNode.getInstance();
            knobs.clear();
        }
        return new Replay(model, recipe, knobs, input, used < fullTrainingSet ? used : 0, sha,
                m.path("environment").path("gitCommit").asText("unknown"), m.path("environment").path("backend").asText("unknown"),
                m.path("history"), finalMetrics);
    }

    /** The recorded epochs. */
    public int epochs() {
        return recipe.epochs();
    }

    /** Whether the record holds per-epoch figures (manifests written before they were recorded hold the final ones only). */
    public boolean hasHistory() {
        return history.isArray() && history.size() == recipe.epochs();
    }

    /** How many recorded figures a replay of the first {@code k} epochs compares. */
    public int compared(int k) {
        return (hasHistory() ? k * FIGURES.size() : 0) + (k == recipe.epochs() && finalMetrics.isObject() ? 5 : 0);
    }

    /**
     * Every recorded figure of the first {@code replayed.size()} epochs a replay did not give again, exactly (a CPU run is
     * deterministic: the same seed gives the same numbers); with every epoch replayed, also the final evaluation's (the
     * recorded final evaluation, {@code replayedFinal}, is compared on split, examples, loss, top-1 and top-5).
     */
    public List<Difference> compare(List<EpochRow> replayed, Metrics replayedFinal) {
        List<Difference> out = new ArrayList<>();
        if (hasHistory()) {
            for (EpochRow row : replayed) {
                JsonNode rec = history.get(row.epoch() - 1);
                Map<String, Object> now = row.toMap();
                for (String f : FIGURES) {
                    add(out, row.epoch(), f, rec.path(f), now.get(f));
                }
            }
        }
        if (replayed.size() == recipe.epochs() && replayedFinal != null && finalMetrics.isObject()) {
            Map<String, Object> now = replayedFinal.toMap();
            for (String f : List.of("split", "examples", "loss", "top1", "top5")) {
                add(out, 0, f, finalMetrics.path(f), now.get(f));
            }
        }
        return out;
    }

    private static void add(List<Difference> out, int epoch, String figure, JsonNode recorded, Object replayed) {
        String a = recorded.isMissingNode() ? "(none)" : recorded.asText();
        String b = String.valueOf(replayed);
        boolean same = recorded.isNumber() && replayed instanceof Number n ? recorded.asDouble() == n.doubleValue() : a.equals(b);
        if (!same) {
            out.add(new Difference(epoch, figure, a, b));
        }
    }

    /** The recipe fields (all but epochs' and description's siblings that a replay sets) in which {@code was} and {@code now} differ. */
    private static List<String> differences(JsonNode was, JsonNode now) {
        Map<String, String> a = new TreeMap<>(), b = new TreeMap<>();
        ResumeCheck.flatten("", was, a);
        ResumeCheck.flatten("", now, b);
        a.remove("description");
        b.remove("description");
        return ResumeCheck.differences(a, b);
    }
}
