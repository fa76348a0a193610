package io.github.classiczoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TorchvisionWeightsTest {

    /** conv (2→2, 1×1) → bn (ε 0.5) → dense 8→3, named as torchvision modules would be. */
    static ComputationGraph tiny(boolean logStd) {
        var conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder().addInputs("in")
                .addLayer("features.0", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.IDENTITY).build(), "in")
                .addLayer("features.1", new BatchNormalization.Builder().eps(0.5).useLogStd(logStd).build(), "features.0")
                .addLayer("fc", new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build(), "features.1")
                .setOutputs("fc").setInputTypes(InputType.convolutional(2, 2, 2)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static Map<String, INDArray> torchTensors() {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("features.0.weight", Nd4j.create(new float[] {1, 0, 0, 1}, 2, 2, 1, 1)); // identity 1×1 conv
        t.put("features.0.bias", Nd4j.create(new float[] {0, 0}, 2));
        t.put("features.1.weight", Nd4j.create(new float[] {2, 1}, 2));
        t.put("features.1.bias", Nd4j.create(new float[] {0.5f, 0}, 2));
        t.put("features.1.running_mean", Nd4j.create(new float[] {1, 0}, 2));
        t.put("features.1.running_var", Nd4j.create(new float[] {1, 3.5f}, 2));
        INDArray fc = Nd4j.zeros(DataType.FLOAT, 3, 8); // torch layout [out, in]
        fc.putScalar(0, 0, 1); // logit 0 = channel 0 at (0,0); logit 2 = channel 1 at (0,0) (flattened C, H, W)
        fc.putScalar(2, 4, 1);
        t.put("fc.weight", fc);
        t.put("fc.bias", Nd4j.create(new float[] {0, 10, 0}, 3));
        return t;
    }

    @Test
    void batchNormUsesTorchsFormulaUnderBothDl4jConventions() {
        for (boolean logStd : new boolean[] {true, false}) {
            ComputationGraph g = tiny(logStd);
            TorchvisionWeights.load(g, torchTensors());
            INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 2);
            x.putScalar(new int[] {0, 0, 0, 0}, 3f);
            x.putScalar(new int[] {0, 1, 0, 0}, 4f);
            INDArray y = g.outputSingle(x);
            // γ (x − mean) / √(var + ε) + β: channel 0: 2 · (3 − 1) / √1.5 + 0.5 = 3.765986; channel 1: 4 / √4 = 2
            assertEquals(3.765986, y.getDouble(0, 0), 1e-5, "logStd " + logStd);
            assertEquals(10, y.getDouble(0, 1), 1e-6);
            assertEquals(2, y.getDouble(0, 2), 1e-5);
            // and back: export gives the tensors that were loaded
            Map<String, INDArray> back = TorchvisionWeights.export(g);
            assertEquals(torchTensors().keySet(), back.keySet());
            torchTensors().forEach((k, v) -> assertTrue(v.equalsWithEps(back.get(k), 1e-5), k + ": " + back.get(k)));
        }
    }

    @Test
    void everyProblemIsListedAndNothingIsChanged() {
        ComputationGraph g = tiny(true);
        INDArray before = g.params().dup();
        Map<String, INDArray> t = torchTensors();
        t.remove("features.1.running_var");
        t.put("features.2.weight", Nd4j.ones(DataType.FLOAT, 2));
        t.put("fc.weight", Nd4j.zeros(DataType.FLOAT, 8, 3)); // DL4J's layout, not torch's
        t.put("fc.bias", Nd4j.zeros(DataType.DOUBLE, 3));
        t.put("__meta__", Nd4j.zeros(DataType.UBYTE, 2)); // reserved: ignored
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchvisionWeights.load(g, t));
        String m = e.getMessage();
        assertTrue(m.contains("1 missing [features.1.running_var]"), m);
        assertTrue(m.contains("1 unexpected [features.2.weight]"), m);
        assertTrue(m.contains("fc.weight is [8, 3], expected [3, 8]"), m);
        assertTrue(m.contains("fc.bias is DOUBLE, not float32"), m);
        assertEquals(before, g.params());
        assertEquals(List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "features.1.running_mean",
                "features.1.running_var", "fc.weight", "fc.bias"), TorchvisionWeights.keys(g));
    }

    /** A state_dict from torch.save carries each batch norm's int64 step counter; only a batch norm's is expected. */
    @Test
    void batchNormStepCountersAreIgnored() {
        ComputationGraph g = tiny(true);
        Map<String, INDArray> t = torchTensors();
        t.put("features.1.num_batches_tracked", Nd4j.scalar(DataType.LONG, 1234));
        TorchvisionWeights.load(g, t);
        assertEquals(3.765986, g.outputSingle(probe()).getDouble(0, 0), 1e-5);
        t.put("fc.num_batches_tracked", Nd4j.scalar(DataType.LONG, 1)); // fc is no batch norm
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchvisionWeights.load(g, t));
        assertTrue(e.getMessage().contains("1 unexpected [fc.num_batches_tracked]"), e.getMessage());
    }

    /** The input of the formula check above: channel 0 is 3 and channel 1 is 4 at (0, 0). */
    static INDArray probe() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 2, 2, 2);
        x.putScalar(new int[] {0, 0, 0, 0}, 3f);
        x.putScalar(new int[] {0, 1, 0, 0}, 4f);
        return x;
    }
}
