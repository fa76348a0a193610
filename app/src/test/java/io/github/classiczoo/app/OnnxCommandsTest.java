package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.weights.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zoo export --out FILE.onnx} and {@code --engine onnxruntime} on the command line: what they write and what they refuse. */
class OnnxCommandsTest {

    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void importedModel() throws Exception {
        Path npz = dir.resolve("w.npz");
        Npz.writeNpz(npz, new WeightsCommandTest().weights());
        model = dir.resolve("m.zip");
        assertEquals(0, CommandTest.run("import", "resnet18-torchvision", "--from", npz.toString(), "--out", model.toString(),
                "-k", "width=0.125").code());
    }

    private static Map<String, String> metadata(Path onnx) throws IOException {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx));
        Map<String, String> meta = new HashMap<>();
        m.getMetadataPropsList().forEach(p -> meta.put(p.getKey(), p.getValue()));
        return meta;
    }

    @Test
    void aModelFileExportsWithItsNameClassesAndPreprocessing() throws Exception {
        Path onnx = dir.resolve("m.onnx");
        CommandTest.Result r = CommandTest.run("export", model.toString(), "--out", onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resnet18-torchvision (" + model + "): ONNX opset 17"), r.out());
        Map<String, String> meta = metadata(onnx);
        assertEquals("resnet18-torchvision", meta.get("model"));
        assertEquals("4", meta.get("classes")); // the fixture's fc has 4 outputs and names none
        assertTrue(!meta.containsKey("class_names"), meta.toString());
        assertEquals("resize-crop", Json.read(meta.get("preprocessing")).get("geometry").asText());
        assertTrue(meta.get("preprocessing_text").contains("224"), meta.get("preprocessing_text"));
    }

    @Test
    void aBareModelExportsFreshWeightsAndSaysSo() throws Exception {
        Path onnx = dir.resolve("r20.onnx");
        CommandTest.Result r = CommandTest.run("export", "resnet20", "--out", onnx.toString(), "--seed", "3", "-k", "width=0.5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resnet20 (fresh weights, seed 3)"), r.out());
        assertTrue(metadata(onnx).get("weights").startsWith("untrained"), metadata(onnx).toString());
        // the seed makes the weights: the same seed the same file, another seed other weights
        Path same = dir.resolve("same.onnx"), other = dir.resolve("other.onnx");
        assertEquals(0, CommandTest.run("export", "resnet20", "--out", same.toString(), "--seed", "3", "-k", "width=0.5").code());
        assertEquals(0, CommandTest.run("export", "resnet20", "--out", other.toString(), "--seed", "4", "-k", "width=0.5").code());
        assertEquals(firstWeights(onnx), firstWeights(same));
        assertTrue(!firstWeights(onnx).equals(firstWeights(other)), "--seed changed nothing");
    }

    private static org.nd4j.shade.protobuf.ByteString firstWeights(Path onnx) throws IOException {
        return Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getInitializer(0).getRawData();
    }

    @Test
    void badRequestsAreRefusedInOneLineAndWriteNothing() throws IOException {
        Hostile.refused(dir, "the format follows the extension, .onnx (any model) or .npz, .pth", "export", model.toString(), "--out",
                dir.resolve("m.h5").toString());
        Hostile.refused(dir, "names a model, not weights", "export", "resnet20", "--out", dir.resolve("r.npz").toString());
        Hostile.refused(dir, "--input, --knob and --seed make a bare MODEL", "export", model.toString(), "--out", dir.resolve("x.onnx").toString(),
                "-k", "width=0.5");
        Hostile.refused(dir, "--input, --knob and --seed make a bare MODEL", "export", model.toString(), "--out", dir.resolve("x.onnx").toString(),
                "--seed", "7");
        Hostile.refused(dir, "resnet9 does not exist", "export", "resnet9", "--out", dir.resolve("x.onnx").toString());
        CommandTest.Result usage = CommandTest.run("bench", "lenet5", "--engine", "tvm");
        assertEquals(2, usage.code());
        assertTrue(usage.err().startsWith("Invalid value for option '--engine': engine must be dl4j or onnxruntime; got 'tvm'"), usage.err());
        Hostile.refused(dir, "--engine onnxruntime runs inference only; add --mode infer", "bench", "lenet5", "--engine", "onnxruntime");
    }

    @Test
    void benchTimesOnnxRuntime() {
        CommandTest.Result r = CommandTest.run("bench", "lenet5", "--mode", "infer", "--engine", "onnxruntime", "--iters", "2", "--warmup", "1",
                "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals("onnxruntime", Json.read(r.out()).get("engine").asText());
    }
}
