package io.github.classiczoo.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Evaluation of a model on one split. Accuracies and errors are fractions in [0, 1]. */
public record Metrics(String split, long examples, double loss, double top1, double top5, double[] perClassAccuracy, int[][] confusion) {

    public double error() {
        return 1 - top1;
    }

    /** The summary figures of {@link #toMap()} read back (per-class accuracy and confusion are not restored). */
    public static Metrics fromJson(JsonNode m) {
        return new Metrics(m.get("split").asText(), m.get("examples").asLong(), m.get("loss").asDouble(),
                m.get("top1").asDouble(), m.get("top5").asDouble(), null, null);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", split);
        m.put("examples", examples);
        m.put("loss", loss);
        m.put("top1", top1);
        m.put("top5", top5);
        m.put("error", error());
        m.put("perClassAccuracy", perClassAccuracy);
        m.put("confusion", confusion);
        return m;
    }
}
