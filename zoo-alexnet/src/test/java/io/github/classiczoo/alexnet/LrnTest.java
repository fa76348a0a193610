package io.github.classiczoo.alexnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.graph.Layers;
import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J's local response normalisation against a direct implementation of AlexNet §3.3. */
class LrnTest {

    /** b_i = a_i / (k + α Σ_{j=max(0,i−n/2)}^{min(N−1,i+n/2)} a_j²)^β, over channels, at every position. */
    static double paper(INDArray a, int b, int i, int y, int x, double k, int n, double alpha, double beta) {
        int channels = (int) a.size(1);
        double sum = 0;
        for (int j = Math.max(0, i - n / 2); j <= Math.min(channels - 1, i + n / 2); j++) {
            double v = a.getDouble(b, j, y, x);
            sum += v * v;
        }
        return a.getDouble(b, i, y, x) / Math.pow(k + alpha * sum, beta);
    }

    @Test
    void theLrnFactoryComputesThePapersFormula() {
        double k = 2, alpha = 1e-4, beta = 0.75;
        int n = 5;
        GraphDefaults d = GraphDefaults.standard().withDataType(DataType.DOUBLE);
        ZooGraph g = ZooGraph.start(new ModelSpec(new InputShape(7, 3, 3), 1, Map.of(), d));
        String out = g.layer("lrn", AlexNet.lrn(), g.input());
        ComputationGraph net = new ComputationGraph(g.build(out));
        net.init();
        // activations of the size a ReLU layer gives (tens), so the α term matters
        INDArray a = Nd4j.rand(DataType.DOUBLE, 2, 7, 3, 3).muli(60);
        INDArray got = net.outputSingle(a);
        double worst = 0;
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 7; i++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 3; x++) {
                        double want = paper(a, b, i, y, x, k, n, alpha, beta);
                        worst = Math.max(worst, Math.abs(got.getDouble(b, i, y, x) - want) / Math.abs(want));
                    }
                }
            }
        }
        assertEquals(0, worst, 1e-9, "largest relative difference from §3.3");
    }

    @Test
    void dl4jTakesAlphaAsThePaperDoesNotDividedByNAsPyTorch() {
        GraphDefaults d = GraphDefaults.standard().withDataType(DataType.DOUBLE);
        ZooGraph g = ZooGraph.start(new ModelSpec(new InputShape(7, 1, 1), 1, Map.of(), d));
        String out = g.layer("lrn", Layers.lrn(2, 5, 1e-4, 0.75), g.input());
        ComputationGraph net = new ComputationGraph(g.build(out));
        net.init();
        INDArray a = Nd4j.rand(DataType.DOUBLE, 1, 7, 1, 1).muli(60);
        double got = net.outputSingle(a).getDouble(0, 3, 0, 0);
        double asPaper = paper(a, 0, 3, 0, 0, 2, 5, 1e-4, 0.75);
        double alphaOverN = paper(a, 0, 3, 0, 0, 2, 5, 1e-4 / 5, 0.75);
        assertEquals(asPaper, got, 1e-9);
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(got - alphaOverN) > 1e-3, "α/n would have been indistinguishable here");
    }
}
