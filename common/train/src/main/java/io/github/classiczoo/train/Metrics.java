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

    /**
     * Classes up to which {@link #toMap()} holds the per-class accuracy and the confusion matrix (what a manifest, a search's
     * {@code best.json} and {@code zoo eval --json} carry); beyond, a run writes them once to their own file
     * ({@link RunDirectory#CONFUSION}), so that a record does not grow with the square of the classes.
     */
    public static final int MAX_INLINE_CLASSES = 100;

    /** Classes up to which {@link #classTable} shows the confusion matrix (beyond, per-class accuracy only). */
    public static final int MATRIX_CLASSES = 20;

    /**
     * Per-class accuracy and, for up to {@link #MATRIX_CLASSES} classes, the confusion matrix, each row labelled with its
     * class's index and name (columns are the predicted classes by index): what {@code zoo eval} prints and report.md holds.
     */
    public String classTable(java.util.List<String> names) {
        int n = perClassAccuracy.length;
        boolean matrix = confusion != null && n <= MATRIX_CLASSES;
        java.util.List<String> head = new java.util.ArrayList<>(java.util.List.of("class", "images", "accuracy"));
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        for (int c = 0; c < n; c++) {
            java.util.List<String> r = new java.util.ArrayList<>();
            r.add(c + " " + (names != null && c < names.size() ? names.get(c) : ""));
            long images = 0;
            if (confusion != null) {
                for (int v : confusion[c]) {
                    images += v;
                }
            }
            r.add(confusion == null ? "-" : String.format(java.util.Locale.ROOT, "%,d", images));
            r.add(Double.isNaN(perClassAccuracy[c]) ? "-" : String.format(java.util.Locale.ROOT, "%.2f%%", 100 * perClassAccuracy[c]));
            if (matrix) {
                for (int v : confusion[c]) {
                    r.add(Integer.toString(v));
                }
            }
            rows.add(r);
        }
        if (matrix) {
            for (int c = 0; c < n; c++) {
                head.add("→" + c);
            }
        }
        boolean[] right = new boolean[head.size()];
        java.util.Arrays.fill(right, 1, right.length, true);
        return (matrix ? "Per-class accuracy and confusion matrix (rows: true class; →k: predicted as class k):\n"
                : "Per-class accuracy (the confusion matrix of " + n + " classes is " + (n <= MAX_INLINE_CLASSES ? "in the JSON output"
                        : "in a run directory's " + RunDirectory.CONFUSION) + "):\n")
                + io.github.classiczoo.core.util.Text.table(head, rows, right);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", split);
        m.put("examples", examples);
        m.put("loss", loss);
        m.put("top1", top1);
        m.put("top5", top5);
        m.put("error", error());
        if (perClassAccuracy == null || perClassAccuracy.length <= MAX_INLINE_CLASSES) {
            m.put("perClassAccuracy", perClassAccuracy);
            m.put("confusion", confusion);
        } else {
            m.put("classes", perClassAccuracy.length);
            m.put("perClass", "not inline above " + MAX_INLINE_CLASSES + " classes (a run writes " + RunDirectory.CONFUSION + ")");
        }
        return m;
    }

    /**
     * The per-class figures as CSV: {@code class,name,accuracy}, then — where the confusion matrix was counted — every
     * non-zero off-diagonal cell as {@code true,predicted,count} after a blank line. Grows with what was seen, not n².
     */
    public String perClassCsv(java.util.List<String> names) {
        StringBuilder sb = new StringBuilder("class,name,accuracy\n");
        for (int c = 0; c < perClassAccuracy.length; c++) {
            String name = names != null && c < names.size() ? names.get(c) : "";
            if (name.contains(",") || name.contains("\"") || name.contains("\n")) {
                name = "\"" + name.replace("\"", "\"\"").replace("\n", " ") + "\"";
            }
            sb.append(c).append(',').append(name).append(',').append(Double.isNaN(perClassAccuracy[c]) ? "" : Double.toString(perClassAccuracy[c])).append('\n');
        }
        if (confusion != null) {
            sb.append("\ntrue,predicted,count\n");
            for (int t = 0; t < confusion.length; t++) {
                for (int q = 0; q < confusion[t].length; q++) {
                    if (t != q && confusion[t][q] != 0) {
                        sb.append(t).append(',').append(q).append(',').append(confusion[t][q]).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }
}
