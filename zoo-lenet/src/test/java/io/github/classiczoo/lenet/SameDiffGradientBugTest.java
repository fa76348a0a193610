package io.github.classiczoo.lenet;

import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Canary for a DL4J 1.0.0-M2.1 bug that shaped this module: a {@link SameDiffLayer} (and a SameDiffVertex)
 * reports twice the true gradient of its parameters and input. LeNet-5's special layers therefore use
 * standard DL4J layers, not SameDiff ones (the RBF output layer, a SameDiffOutputLayer, is not affected
 * and passes its gradient check). If this test fails after a DL4J upgrade, the bug is fixed and SameDiff
 * layers become an option again.
 */
class SameDiffGradientBugTest {

    /** y = x ⊙ w. */
    public static class Scale extends SameDiffLayer {
        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
            return x.mul(p.get("w"));
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.clear();
            params.addWeightParam("w", 1, 3);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("w").assign(Nd4j.createFromArray(0.5, -1.0, 2.0).reshape(1, 3));
        }

        @Override
        public InputType getOutputType(int i, InputType t) {
            return t;
        }

        @Override
        public void setNIn(InputType t, boolean override) {
        }
    }

    @AfterEach
    void restoreFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void sameDiffLayerGradientsAreTwiceTheCentralDifference() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        GraphDefaults d = GraphDefaults.standard().withUpdater(new NoOp()).withDataType(DataType.DOUBLE);
        ZooGraph g = ZooGraph.start(new ModelSpec(new InputShape(1, 1, 3), 3, Map.of(), d));
        String x = g.layer("s", new Scale(), g.input());
        x = g.layer("out", softmaxOutput(3), x);
        ComputationGraph net = new ComputationGraph(g.build(x));
        net.init();
        INDArray in = Nd4j.createFromArray(0.3, -0.7, 1.1, 0.9, 0.2, -0.4).reshape(2, 1, 1, 3);
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 0, 1}});
        net.setInputs(in);
        net.setLabels(labels);
        net.computeGradientAndScore();
        double analytic = net.gradient().getGradientFor("s_w").getDouble(0);
        INDArray w = net.getLayer("s").getParam("w");
        double eps = 1e-6;
        DataSet ds = new DataSet(in, labels);
        w.putScalar(0, 0.5 + eps);
        double plus = net.score(ds, true);
        w.putScalar(0, 0.5 - eps);
        double minus = net.score(ds, true);
        double numeric = (plus - minus) / (2 * eps) * 2; // score is the batch mean; gradients are of the sum
        assertEquals(2.0, analytic / numeric, 1e-6);
    }
}
