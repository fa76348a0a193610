package io.github.classiczoo.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the tests that hold one computation path to another share. */
public final class GraphChecks {

    private GraphChecks() {
    }

    /** Copies of every parameter array, by name (before a step, for {@link #assertTrainableWeightsMoved}). */
    public static Map<String, INDArray> snapshot(ComputationGraph n) {
        Map<String, INDArray> m = new TreeMap<>();
        n.paramTable().forEach((k, v) -> m.put(k, v.dup()));
        return m;
    }

    /**
     * Every trainable parameter array (weights, biases, batch norm's γ and β) changed since {@code before}: a gradient
     * reached each one. Batch norm's running mean and variance are left out: they move in any training-mode forward
     * pass, with or without gradients. Returns how many arrays were checked.
     */
    public static int assertTrainableWeightsMoved(String what, Map<String, INDArray> before, ComputationGraph after) {
        int checked = 0;
        for (var e : before.entrySet()) {
            String k = e.getKey();
            if (k.endsWith("_mean") || k.endsWith("_var") || k.endsWith("_log10stdev")) {
                continue;
            }
            checked++;
            assertTrue(!e.getValue().equals(after.getParam(k)), what + ": trainable parameter " + k + " did not move in the step");
        }
        assertTrue(checked > 0, what + ": no trainable parameters");
        return checked;
    }

    /** Batch norm's γ, β and running statistics away from their initial 1, 0, 0, 1, so that each one matters. */
    public static void moveBatchNormAway(ComputationGraph n, long seed, String... layers) {
        Nd4j.getRandom().setSeed(seed);
        for (String bn : layers) {
            n.getParam(bn + "_gamma").assign(Nd4j.rand(DataType.FLOAT, n.getParam(bn + "_gamma").shape()).addi(0.5));
            n.getParam(bn + "_beta").assign(Nd4j.rand(DataType.FLOAT, n.getParam(bn + "_beta").shape()).subi(0.5));
            n.getParam(bn + "_mean").assign(Nd4j.rand(DataType.FLOAT, n.getParam(bn + "_mean").shape()).subi(0.5));
            n.getParam(bn + "_log10stdev").assign(Nd4j.rand(DataType.FLOAT, n.getParam(bn + "_log10stdev").shape()).subi(0.5).muli(0.6));
        }
    }

    /** The same score (relative {@code scoreTol}) and every gradient {@link #close} within {@code gradTol}. */
    public static void sameScoreAndGradients(ComputationGraph ref, ComputationGraph other, INDArray x, INDArray y, double scoreTol, double gradTol) {
        for (ComputationGraph n : new ComputationGraph[] {ref, other}) {
            n.setInputs(x);
            n.setLabels(y);
            n.computeGradientAndScore();
        }
        assertEquals(ref.score(), other.score(), scoreTol * Math.abs(ref.score()));
        Map<String, INDArray> gr = new TreeMap<>(ref.gradient().gradientForVariable());
        Map<String, INDArray> go = other.gradient().gradientForVariable();
        assertEquals(gr.keySet(), new TreeMap<>(go).keySet());
        for (var e : gr.entrySet()) {
            close("gradient " + e.getKey(), e.getValue(), go.get(e.getKey()), gradTol);
        }
    }

    /** max |a − b| ≤ tol × max(1, max |a|). */
    public static void close(String what, INDArray a, INDArray b, double tol) {
        assertEquals(Arrays.toString(a.shape()), Arrays.toString(b.shape()), what + ": shape");
        double diff = a.sub(b).amaxNumber().doubleValue();
        double scale = Math.max(1.0, a.amaxNumber().doubleValue());
        assertTrue(diff <= tol * scale, what + ": max |Δ| = " + diff + " (scale " + scale + ")");
    }
}
