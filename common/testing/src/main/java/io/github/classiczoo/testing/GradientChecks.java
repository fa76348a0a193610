package io.github.classiczoo.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Numeric gradient checks for custom layers, shared by every module: every parameter's analytic gradient
 * (DL4J backprop) against central differences of the network's loss, in float64.
 */
public final class GradientChecks {

    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-5;
    private static final double MIN_ABS_ERROR = 1e-8;

    private GradientChecks() {
    }

    /**
     * Builds the graph in float64 and checks all parameters. The configuration must be float64, have no
     * dropout or other stochastic layers, and no regularisation. Failing parameters are listed in the
     * assertion message with their largest relative error.
     */
    public static void assertGradientsMatch(ComputationGraphConfiguration conf, INDArray input, INDArray labels) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = input.castTo(DataType.DOUBLE);
        INDArray y = labels.castTo(DataType.DOUBLE);
        long batch = x.size(0);

        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient analytic = net.gradient();
        DataSet ds = new DataSet(x, y);

        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            // Flat views in each array's own storage order, so index i is the same element in both.
            INDArray raw = e.getValue();
            INDArray p = raw.reshape(raw.ordering(), new long[] {raw.length()});   // still a view into the network
            INDArray rawGrad = analytic.getGradientFor(e.getKey());
            INDArray g = rawGrad.reshape(rawGrad.ordering(), new long[] {rawGrad.length()}).dup();
            double worst = 0;
            for (long i = 0; i < p.length(); i++) {
                double orig = p.getDouble(i);
                p.putScalar(i, orig + EPS);
                double plus = net.score(ds, true) * batch;
                p.putScalar(i, orig - EPS);
                double minus = net.score(ds, true) * batch;
                p.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * EPS);
                double a = g.getDouble(i);
                double abs = Math.abs(a - numeric);
                double rel = abs / Math.max(Math.abs(a), Math.abs(numeric));
                if (abs > MIN_ABS_ERROR && rel > MAX_REL_ERROR) {
                    worst = Math.max(worst, rel);
                    if (worst == rel && failures.size() < 40) {
                        failures.add(String.format(Locale.ROOT, "%s[%d]: analytic %.8g, numeric %.8g (rel %.2g)", e.getKey(), i, a, numeric, rel));
                    }
                }
                checked++;
            }
        }
        assertTrue(checked > 0, "no parameters to check");
        assertTrue(failures.isEmpty(), checked + " parameters checked; analytic and numeric gradients differ:\n" + String.join("\n", failures));
    }

    /** A one-hot [n, classes] label matrix. */
    public static INDArray oneHot(int n, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 + 3) % classes, 1.0);
        }
        return y;
    }
}
