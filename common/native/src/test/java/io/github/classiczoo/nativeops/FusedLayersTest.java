package io.github.classiczoo.nativeops;

import static io.github.classiczoo.core.graph.Layers.batchNorm;
import static io.github.classiczoo.core.graph.Layers.batchNormRelu;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.globalAvgPool;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.graph.AddRelu;
import io.github.classiczoo.core.graph.BatchNormRelu;
import io.github.classiczoo.core.graph.FastRelu;
import io.github.classiczoo.core.graph.Layers;
import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.testing.GraphChecks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * {@link BatchNormRelu} and {@link AddRelu} compute what the layers they replace compute (batch norm then an
 * {@code ActivationLayer(RELU)}; an element-wise add then the same): outputs in both modes, the score, every gradient
 * and three SGD steps (which also move the running statistics) agree, on DL4J's path and with the native helpers.
 * The graph has the awkward cases: an add whose second input also feeds a convolution (DL4J adds that convolution's
 * gradient into the add's gradient array in place), an add-and-ReLU output read by two vertices, batch norms that
 * an add may overwrite in training (first input, second input) and two it may not (one read by another vertex too,
 * one fused with its ReLU, whose output is its backward mask), and
 * batch norm on a dense layer's rank-2 output.
 */
class FusedLayersTest {

    private static ComputationGraphConfiguration config(boolean fused) {
        ModelSpec spec = new ModelSpec(new InputShape(3, 9, 9), 4, Map.of(),
                new GraphDefaults(5, new Sgd(0.1), 0.0, DataType.FLOAT));
        ZooGraph g = ZooGraph.start(spec);
        String x = g.layer("conv1", conv(8, 3).pad(1).noBias(), g.input());
        String a = bnRelu(g, fused, "bn1", x);
        x = g.layer("conv2", conv(8, 3).pad(1).noBias(), a);
        x = g.layer("bn2", batchNorm(), x);
        String b = addRelu(g, fused, "block1", x, a);        // a also feeds conv2
        x = g.layer("conv3", conv(8, 1).noBias(), b);
        x = g.layer("bn3", batchNorm(), x);
        String c = addRelu(g, fused, "block2", b, x);        // b feeds conv3 and this add, and is the first input here
        x = g.layer("conv4", conv(8, 1).noBias(), c);
        String bn4 = g.layer("bn4", batchNorm(), x);
        String d = addRelu(g, fused, "block3", c, bn4);      // bn4 is also read by "sum"
        String e = bnRelu(g, fused, "bn5", g.layer("conv5", conv(8, 1).noBias(), d));
        String f = addRelu(g, fused, "block4", e, d);        // bn5's output is its own backward mask
        x = g.layer("pool", globalAvgPool(), g.add("sum", f, bn4));
        x = g.layer("fc", dense(6).activation(Activation.RELU), x);    // FastRelu, saved and restored below
        x = bnRelu(g, fused, "bnfc", x);                      // rank 2
        return g.build(g.layer("out", softmaxOutput(4), x));
    }

    private static String bnRelu(ZooGraph g, boolean fused, String name, String in) {
        if (fused) {
            return g.layer(name, batchNormRelu(), in);
        }
        return g.layer(name + ".relu", Layers.activation(Activation.RELU), g.layer(name, batchNorm(), in));
    }

    private static String addRelu(ZooGraph g, boolean fused, String name, String... in) {
        if (fused) {
            return g.addRelu(name, in);
        }
        return g.layer(name + ".relu", Layers.activation(Activation.RELU), g.add(name, in));
    }

    private static ComputationGraph net(boolean fused, boolean nativeOps) {
        ComputationGraph n = new ComputationGraph(config(fused));
        n.init();
        GraphChecks.moveBatchNormAway(n, 13, "bn1", "bn2", "bn3", "bn4", "bn5", "bnfc"); // so that the ReLUs cut and every parameter matters
        return nativeOps ? NativeOps.installOn(n) : n;
    }

    @ParameterizedTest(name = "native helpers {0}")
    @ValueSource(booleans = {false, true})
    void fusedLayersComputeWhatTheirPairsCompute(boolean nativeOps) throws Exception {
        ComputationGraph ref = net(false, nativeOps);
        ComputationGraph fused = net(true, nativeOps);
        Map<String, INDArray> refParams = ref.paramTable();
        assertEquals(new TreeMap<>(refParams).keySet(), new TreeMap<>(fused.paramTable()).keySet());
        fused.setParams(ref.params().dup()); // same layers with parameters, in the same order
        if (nativeOps) {
            assertEquals("FusedBatchNorm", NativeOps.installed(fused).get("bn1"));
            assertEquals("FusedBatchNorm", NativeOps.installed(fused).get("bnfc"));
        }
        assertInstanceOf(BatchNormRelu.Impl.class, fused.getLayer("bn1"));
        assertInstanceOf(AddRelu.Impl.class, fused.getVertex("block1"));

        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 3, 9, 9).subi(0.5).muli(3);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 4);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 4, 1.0);
        }
        // the ReLUs cut a good share of their inputs (else this would not test the masks)
        INDArray bn1 = fused.feedForward(x, true).get("bn1");
        double zeros = bn1.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertTrue(zeros > 0.2 && zeros < 0.8, "share of zeros after bn1: " + zeros);

        // in training, the adds write into the batch norms that nothing else reads, and only there
        Map<String, INDArray> training = fused.feedForward(x, true);
        assertTrue(sameBuffer(training.get("bn2"), training.get("block1")), "block1 adds into bn2's output");
        assertTrue(sameBuffer(training.get("bn3"), training.get("block2")), "block2 adds into bn3's output");
        assertFalse(sameBuffer(training.get("bn4"), training.get("block3")), "block3 must not overwrite bn4 (also read by sum)");
        assertFalse(sameBuffer(training.get("block1"), training.get("block2")), "block2 must not overwrite block1 (read by conv3)");
        assertFalse(sameBuffer(training.get("bn5"), training.get("block4")), "block4 must not overwrite bn5 (batch norm and ReLU)");
        Map<String, INDArray> inference = fused.feedForward(x, false);
        assertFalse(sameBuffer(inference.get("bn2"), inference.get("block1")), "no overwriting in inference");

        GraphChecks.close("inference output", ref.outputSingle(false, x), fused.outputSingle(false, x), 1e-5);
        GraphChecks.close("training output", ref.outputSingle(true, x), fused.outputSingle(true, x), 1e-5);

        GraphChecks.sameScoreAndGradients(ref, fused, x, y, 1e-6, 1e-5);

        for (int step = 1; step <= 3; step++) {
            ref.fit(new MultiDataSet(x, y));
            fused.fit(new MultiDataSet(x, y));
            for (var e : new TreeMap<>(ref.paramTable()).entrySet()) {
                GraphChecks.close("after step " + step + ", " + e.getKey(), e.getValue(), fused.paramTable().get(e.getKey()), 1e-5);
            }
        }
        INDArray out = fused.outputSingle(false, x);
        GraphChecks.close("inference output after the steps", ref.outputSingle(false, x), out, 1e-5);

        // a saved model file restores the fused classes and the same function
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        ModelSerializer.writeModel(fused, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(file.toByteArray()), true);
        assertInstanceOf(BatchNormRelu.Impl.class, back.getLayer("bn1"));
        assertInstanceOf(AddRelu.Impl.class, back.getVertex("block2"));
        assertInstanceOf(FastRelu.class, ((BaseLayer) back.getLayer("fc").conf().getLayer()).getActivationFn());
        GraphChecks.close("restored inference output", out, (nativeOps ? NativeOps.installOn(back) : back).outputSingle(false, x), 1e-6);
    }

    private static boolean sameBuffer(INDArray a, INDArray b) {
        return a.data().address() == b.data().address();
    }

    @Test
    void fastReluIsDl4jsReluWithTheSameGradient() {
        Nd4j.getRandom().setSeed(8);
        INDArray z = Nd4j.rand(DataType.FLOAT, 4, 5, 6, 7).subi(0.5);
        for (int i = 0; i < 40; i += 3) {
            z.putScalar(i, 0.0); // ReLU's kink: both give 0 there
        }
        INDArray eps = Nd4j.rand(DataType.FLOAT, 4, 5, 6, 7).subi(0.5);
        INDArray want = new ActivationReLU().backprop(z.dup(), eps.dup()).getFirst();
        INDArray got = new FastRelu().backprop(z.dup(), eps.dup()).getFirst();
        assertEquals(want, got);
        assertEquals(new ActivationReLU().getActivation(z.dup(), true), new FastRelu().getActivation(z.dup(), true));
        assertInstanceOf(FastRelu.class, Layers.activationFn(Activation.RELU));
        assertEquals("tanh", Layers.activationFn(Activation.TANH).toString());
    }
}
