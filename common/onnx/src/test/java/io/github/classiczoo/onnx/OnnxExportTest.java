package io.github.classiczoo.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Logits;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.testing.GraphChecks;
import io.github.classiczoo.weights.OnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every registered model exported and run in ONNX Runtime gives DL4J's logits: max |Δ| ≤ 1e-4 × max |logit| on a seeded
 * input, with batch norm's statistics moved away from 1 and 0 so that each one counts. Native input sizes for LeNet-5,
 * the MLPs, AlexNet, GoogLeNet, ResNet-50 and the CIFAR ResNets; the other ImageNet ResNets at 64×64 (their global
 * pooling takes any size), to keep the suite short. Then Debian's {@code onnx.checker} on every file, if installed.
 */
class OnnxExportTest {

    private static final Set<String> NATIVE = Set.of("resnet50", "resnet50-torchvision");

    @TempDir
    static Path dir;

    static Stream<String> models() {
        return ModelRegistry.load().all().stream().map(ZooModel::name);
    }

    static ModelSpec specFor(ZooModel m) {
        ModelSpec s = m.spec();
        InputShape in = s.input();
        if (m.family().equals("ResNet") && in.height() == 224 && !NATIVE.contains(m.name())) {
            s = s.withInput(new InputShape(in.channels(), 64, 64));
        }
        return s;
    }

    /**
     * The network with fresh seeded weights and batch norm's parameters moved away from their initial values. In inference
     * mode nothing renormalises an untrained residual net's activations, which grow with every block: ResNet-1202's 600
     * overflow float, so nets with more than 200 batch norms get each block's last one scaled by 0.02 (a block then adds
     * little, as a trained one does).
     */
    static ComputationGraph seeded(ZooModel m, ModelSpec spec) {
        Nd4j.getRandom().setSeed(17);
        ComputationGraph net = m.create(spec);
        List<String> bns = new ArrayList<>();
        net.getConfiguration().getVertices().forEach((name, v) -> {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization) {
                bns.add(name);
            }
        });
        GraphChecks.moveBatchNormAway(net, 5, bns.toArray(String[]::new));
        if (bns.size() > 200) {
            bns.stream().filter(b -> b.endsWith(".bn2")).forEach(b -> net.getParam(b + "_gamma").muli(0.02));
        }
        return net;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void exportedModelGivesDl4jsLogitsInOnnxRuntime(String name) throws Exception {
        ZooModel m = ModelRegistry.load().get(name);
        ModelSpec spec = specFor(m);
        ComputationGraph net = seeded(m, spec);
        InputShape in = spec.input();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, in.channels(), in.height(), in.width());
        INDArray want = Logits.graph(net).output(false, x)[0];
        assertTrue(Double.isFinite(want.sumNumber().doubleValue()), name + ": DL4J's logits are not finite");

        Onnx.ModelProto proto = OnnxExport.model(net, m.name(), in.toArray(), spec.classes(), Map.of());
        assertEquals("input", proto.getGraph().getInput(0).getName());
        assertEquals("batch", proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam(), "symbolic batch");
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(proto, 2)) {
            INDArray got = ort.logits(x);
            assertEquals(List.of(2L, (long) spec.classes()), List.of(got.shape()[0], got.shape()[1]));
            double scale = want.amaxNumber().doubleValue();
            double diff = want.sub(got).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-4 * scale, name + ": max |Δ| = " + diff + ", max |logit| = " + scale);
            // a different batch size through the same session: the batch dimension is symbolic
            INDArray one = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup();
            assertTrue(ort.logits(one).sub(got.getRow(0).reshape(1, spec.classes())).amaxNumber().doubleValue() <= 1e-4 * scale);
        }
        Checker.check(dir, name, proto);
    }

    @Test
    void googLeNetLeavesItsAuxiliaryClassifiersOutAndSaysSo() {
        ZooModel m = ModelRegistry.load().get("googlenet");
        ComputationGraph net = m.create(m.spec());
        Onnx.ModelProto proto = OnnxExport.model(net, m.name(), m.spec().input().toArray(), 1000, Map.of());
        assertEquals(1, proto.getGraph().getOutputCount());
        assertTrue(proto.getGraph().getNodeList().stream().noneMatch(n -> n.getName().startsWith("aux")), "an auxiliary head was written");
        assertTrue(proto.getMetadataPropsList().stream().anyMatch(p -> p.getKey().equals("left_out") && p.getValue().contains("aux1.classifier")));
    }

    @Test
    void alexNetsLrnTakesThePapersAlphaTimesItsSize() {
        ZooModel m = ModelRegistry.load().get("alexnet");
        Onnx.ModelProto proto = OnnxExport.model(m.create(m.spec()), m.name(), m.spec().input().toArray(), 1000, Map.of());
        Onnx.NodeProto lrn = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("LRN")).findFirst().orElseThrow();
        Map<String, Onnx.AttributeProto> a = new java.util.HashMap<>();
        lrn.getAttributeList().forEach(at -> a.put(at.getName(), at));
        assertEquals(5, a.get("size").getI());
        assertEquals(5 * 1e-4, a.get("alpha").getF(), 1e-9, "the paper's α = 1e-4 over n = 5 channels");
        assertEquals(2.0, a.get("bias").getF(), 1e-9);
        assertEquals(0.75, a.get("beta").getF(), 1e-9);
    }

    /** DL4J layers whose function the exporter does not write — subclasses of known ones included — end the export by name. */
    @Test
    void layersItDoesNotKnowAreRefusedByName() {
        for (org.deeplearning4j.nn.conf.layers.Layer l : List.of(
                new org.deeplearning4j.nn.conf.layers.Deconvolution2D.Builder(3, 3).nOut(2).build(),
                new org.deeplearning4j.nn.conf.layers.LocalResponseNormalization.Builder().n(4).build())) {
            ComputationGraph net = new ComputationGraph(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().graphBuilder()
                    .addInputs("input")
                    .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(8, 8, 2))
                    .addLayer("odd", l, "input")
                    .addLayer("out", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(3)
                            .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "odd")
                    .setOutputs("out").build());
            net.init();
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> OnnxExport.model(net, "toy", new int[] {2, 8, 8}, 3, Map.of()));
            assertTrue(e.getMessage().startsWith("cannot write odd as ONNX: "), e.getMessage());
        }
    }

    @Test
    void aPerPixelMeanTravelsInTheMetadata() {
        ZooModel m = ModelRegistry.load().get("resnet20");
        int[] in = m.spec().input().toArray();
        float[] px = new float[3 * 32 * 32];
        java.util.Arrays.fill(px, 120.5f);
        io.github.classiczoo.core.image.Normalization perPixel = new io.github.classiczoo.core.image.Normalization("per-pixel-mean",
                new float[] {1 / 255f, 1 / 255f, 1 / 255f}, new float[3], new io.github.classiczoo.core.image.Image(3, 32, 32, px));
        io.github.classiczoo.core.model.ModelFile.Info info = new io.github.classiczoo.core.model.ModelFile.Info("resnet20", Map.of(), in, 10,
                io.github.classiczoo.core.image.Preprocessing.of(in, new io.github.classiczoo.core.image.Preprocessing.Pad(32, 32), perPixel), "cifar10");
        Onnx.ModelProto proto = OnnxExport.model(m.create(m.spec()), info);
        String mean = proto.getMetadataPropsList().stream().filter(p -> p.getKey().equals("pixel_mean")).findFirst().orElseThrow().getValue();
        org.nd4j.shade.jackson.databind.JsonNode j = io.github.classiczoo.core.util.Json.read(mean);
        assertEquals("[3,32,32]", j.get("shape").toString());
        assertEquals(3 * 32 * 32, j.get("values").size());
        assertEquals(120.5, j.get("values").get(7).asDouble(), 1e-6);
    }

    /** Debian's {@code onnx.checker.check_model} on an exported file, when {@code python3-onnx} is installed (required in CI). */
    static final class Checker {
        private static Boolean available;

        static void check(Path dir, String name, Onnx.ModelProto proto) throws Exception {
            if (!available()) {
                return;
            }
            Path f = dir.resolve(name + ".onnx");
            Files.write(f, proto.toByteArray());
            try {
                Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1])); print('ok')",
                        f.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertEquals(0, p.waitFor(), name + ": onnx.checker: " + out);
            } finally {
                Files.deleteIfExists(f);
            }
        }

        static synchronized boolean available() throws Exception {
            if (available == null) {
                boolean ok;
                try {
                    ok = new ProcessBuilder("/usr/bin/python3", "-c", "import onnx").start().waitFor() == 0;
                } catch (java.io.IOException e) {
                    ok = false;
                }
                if (!ok && System.getenv("CI") != null) {
                    throw new AssertionError("python3-onnx is needed for onnx.checker in CI (apt-get install python3-onnx)");
                }
                if (!ok) {
                    System.err.println("OnnxExportTest: python3-onnx not installed; onnx.checker skipped");
                }
                available = ok;
            }
            return available;
        }
    }
}
