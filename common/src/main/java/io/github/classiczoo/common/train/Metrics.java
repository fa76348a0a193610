package io.github.classiczoo.common.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Evaluation of a model on one split. Accuracies and errors are fractions in [0, 1]. */
public record Metrics(String split, long examples, double loss, double top1, double top5, double[] perClassAccuracy, int[][] confusion) {

    public double error() {
        return 1 - top1;
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
