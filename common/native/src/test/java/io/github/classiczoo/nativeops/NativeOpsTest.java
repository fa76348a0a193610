package io.github.classiczoo.nativeops;

import static io.github.classiczoo.core.graph.Layers.avgPool;
import static io.github.classiczoo.core.graph.Layers.batchNorm;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.maxPool;
import static io.github.classiczoo.core.graph.Layers.maxPoolCeil;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.graph.Layers;
import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.testing.GraphChecks;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The native path ({@link NativeOps}: libnd4j's conv2d and pooling ops, with their backward ops) computes
 * the same function as DL4J's reference path: forward outputs, every gradient and one SGD step (which also moves
 * the batch-norm running statistics) agree within float32 tolerance, on every layer kind the zoo's factories build
 * (convolution, max/average pooling in Truncate and Same modes, batch norm after a convolution and after a dense
 * layer with {@link FusedBatchNorm}; LRN stays on DL4J's path).
 */
class NativeOpsTest {

    /** Odd sizes on purpose, so Same-mode and padded pools meet ragged edges. */
    private static ComputationGraphConfiguration config() {
        ModelSpec spec = new ModelSpec(new InputShape(3, 19, 19), 5, Map.of(),
                new GraphDefaults(7, new Sgd(0.1), 0.0, DataType.FLOAT));
        ZooGraph g = ZooGraph.start(spec);
        String x = g.layer("conv1", conv(8, 3).pad(1), g.input());
        x = g.layer("bn1", batchNorm(1e-5), x);
        x = g.layer("relu1", Layers.activation(Activation.RELU), x);
        x = g.layer("pool1", maxPool(3, 2, 1), x);                    // 10×10
        x = g.layer("lrn1", Layers.lrn(2, 5, 1e-2, 0.75), x);          // stays on DL4J's path (see NativeOps), in the graph all the same
        x = g.layer("conv2", conv(12, 5).stride(2).pad(2).noBias().activation(Activation.RELU), x); // 5×5
        x = g.layer("pool2", maxPoolCeil(3, 1), x);                   // Same mode, 5×5
        x = g.layer("sub", maxPool(1, 2), x);                         // ResNet option A's subsampling, 3×3
        x = g.layer("conv3", conv(6, 1).activation(Activation.TANH), x);
        x = g.layer("pool3", avgPool(2, 2), x);                       // 1×1
        x = g.layer("fc", dense(10).activation(Activation.IDENTITY), x);
        x = g.layer("bnfc", batchNorm(1e-3), x);                      // rank 2: DL4J hands the helper [N, C, 1, 1]
        x = g.layer("relufc", Layers.activation(Activation.RELU), x);
        x = g.layer("out", softmaxOutput(5), x);
        return g.build(x);
    }

    private static ComputationGraph net(boolean nativeOps) {
        ComputationGraph n = new ComputationGraph(config());
        n.init();
        GraphChecks.moveBatchNormAway(n, 11, "bn1", "bnfc");
        if (nativeOps) {
            NativeOps.installOn(n);
        }
        return n;
    }

    @Test
    void theNativeHelpersEngageOnConvolutionAndPooling() {
        Map<String, String> on = NativeOps.installed(net(true));
        assertEquals(Map.of("conv1", "ZooConvHelper", "conv2", "ZooConvHelper", "conv3", "ZooConvHelper",
                "bn1", "FusedBatchNorm", "bnfc", "FusedBatchNorm",
                "pool1", "MKLDNNSubsamplingHelper", "pool2", "MKLDNNSubsamplingHelper", "pool3", "MKLDNNSubsamplingHelper",
                "sub", "MKLDNNSubsamplingHelper"), on);
        assertTrue(NativeOps.installed(net(false)).isEmpty());
        // without oneDNN (the plain natives) only batch norm gets a helper: it needs no oneDNN
        ComputationGraph bnOnly = NativeOps.installOn(net(false), false);
        assertEquals(Map.of("bn1", "FusedBatchNorm", "bnfc", "FusedBatchNorm"), NativeOps.installed(bnOnly));
    }

    @Test
    void theBuildsNativesHaveOneDnnSoTheDefaultIsTheNativePath() {
        // surefire passes the build's JavaCPP platform extension (-onednn); under -Pcuda there is nothing to check
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        if (ext.contains("onednn")) {
            assertTrue(NativeOps.hasOneDnn(), "the -onednn natives did not load");
            boolean switchSet = System.getProperty("zoo.nativeOps") != null || System.getenv("ZOO_NATIVE_OPS") != null;
            if (!switchSet) {
                assertTrue(NativeOps.enabled(), "with oneDNN natives and no switch set, the native path is the default");
            }
        }
    }

    @Test
    void sameOutputsGradientsAndStepAsTheReferencePath() {
        ComputationGraph ref = net(false);
        ComputationGraph fast = net(true);
        fast.setParams(ref.params().dup());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 19, 19).subi(0.5).muli(4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 5);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 5, 1.0);
        }

        GraphChecks.close("inference output", ref.outputSingle(false, x), fast.outputSingle(false, x), 1e-5);
        GraphChecks.close("training output", ref.outputSingle(true, x), fast.outputSingle(true, x), 1e-5);

        GraphChecks.sameScoreAndGradients(ref, fast, x, y, 1e-5, 1e-4);

        // the conv helper's shortcuts engaged: conv1 (identity, fed by the input) and conv2 (ReLU) reuse their forward
        // output inside backprop, conv3 (tanh) cannot; conv1 computes no gradient for the images
        Map<String, ZooConvHelper> helpers = new TreeMap<>();
        for (var l : fast.getLayers()) {
            if (helperOf(l) instanceof ZooConvHelper h) {
                helpers.put(l.conf().getLayer().getLayerName(), h);
            }
        }
        assertEquals(1, helpers.get("conv1").forwardsReused);
        assertEquals(1, helpers.get("conv2").forwardsReused);
        assertEquals(0, helpers.get("conv3").forwardsReused);
        assertEquals(1, helpers.get("conv1").weightsOnlyBackwards);
        assertEquals(0, helpers.get("conv2").weightsOnlyBackwards);

        for (int step = 1; step <= 3; step++) { // the running mean and variance move with every step
            ref.fit(new org.nd4j.linalg.dataset.MultiDataSet(x, y));
            fast.fit(new org.nd4j.linalg.dataset.MultiDataSet(x, y));
            for (var e : new TreeMap<>(ref.paramTable()).entrySet()) {
                GraphChecks.close("after step " + step + ", " + e.getKey(), e.getValue(), fast.paramTable().get(e.getKey()), 1e-4);
            }
        }
        GraphChecks.close("inference output after the steps", ref.outputSingle(false, x), fast.outputSingle(false, x), 1e-4);
    }

    private static Object helperOf(org.deeplearning4j.nn.api.Layer l) {
        try {
            java.lang.reflect.Field f = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
            f.setAccessible(true);
            return l instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer ? f.get(l) : null;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
