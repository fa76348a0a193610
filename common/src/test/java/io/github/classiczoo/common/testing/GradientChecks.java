package io.github.classiczoo.common.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Numeric gradient checks (central differences in float64) for custom layers, shared by every module. */
public final class GradientChecks {

    private GradientChecks() {
    }

    /**
     * Builds the graph in float64 and compares every parameter's and the input's analytic gradient with
     * central differences (ε = 1e-6, max relative error 1e-5 unless both are below 1e-9 absolute).
     * The configuration must use the NoOp updater and no dropout.
     */
    public static void assertGradientsMatch(ComputationGraphConfiguration conf, INDArray input, INDArray labels) {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(net)
                .inputs(new INDArray[] {input.castTo(DataType.DOUBLE)})
                .labels(new INDArray[] {labels.castTo(DataType.DOUBLE)})
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
        assertTrue(ok, "numeric and analytic gradients differ (see the log above for the parameters that failed)");
    }

    /** A one-hot [n, classes] label matrix, class i % classes for row i. */
    public static INDArray oneHot(int n, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 + 3) % classes, 1.0);
        }
        return y;
    }
}
