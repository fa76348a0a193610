package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.weights.Npz;
import io.github.classiczoo.weights.TorchvisionWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** zoo import / predict / export without torch: a narrow resnet18-torchvision (width 1/8) and weights written here. */
class WeightsCommandTest {

    @TempDir
    Path dir;

    static CommandTest.Result run(String... args) {
        return CommandTest.run(args);
    }

    /** A narrow resnet18-torchvision's weights in torchvision's keys, from a freshly initialised graph. */
    Map<String, INDArray> weights() {
        ZooModel m = Zoo.registry().get("resnet18-torchvision");
        ComputationGraph net = m.create(m.spec(Map.of("width", "0.125")).withClasses(4));
        return new LinkedHashMap<>(TorchvisionWeights.export(net));
    }

    @Test
    void importPredictExportRoundTrip() throws Exception {
        Map<String, INDArray> w = weights();
        Npz.writeNpz(dir.resolve("w.npz"), w);
        Path model = dir.resolve("m.zip");
        CommandTest.Result r = run("import", "resnet18-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", model.toString(),
                "-k", "width=0.125");
        assertEquals(0, r.code(), r.err());
        ModelFile.Info info = ModelFile.info(model);
        assertEquals(4, info.classes()); // the fc's shape decides when the file names no classes
        assertEquals(64, info.weights().get("sha256").length());
        assertEquals(io.github.classiczoo.core.image.Normalization.imagenet(), info.normalization());
        assertEquals(new io.github.classiczoo.core.image.Preprocessing.ResizeCrop(256), info.preprocessing().geometry());
        assertTrue(r.out().contains("preprocessing: RGB; shorter side resized to 256, centre 224×224 crop; x = (p/255 − mean[c]) / std[c], mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]"), r.out());

        Nd4j.getRandom().setSeed(1);
        Npz.writeNpy(dir.resolve("x.npy"), Nd4j.randn(DataType.FLOAT, 2, 3, 224, 224));
        r = run("predict", "--model", model.toString(), "--input", dir.resolve("x.npy").toString(), "--output", dir.resolve("y.npy").toString(),
                "--normalized");
        assertEquals(0, r.code(), r.err());
        // raw pixels are the default: a normalised array (negative values) is refused, naming the way out
        assertError("holds values from", "predict", "--model", model.toString(), "--input", dir.resolve("x.npy").toString(), "--output",
                dir.resolve("y2.npy").toString());
        assertEquals("[2, 4]", java.util.Arrays.toString(Nd4j.createFromNpyFile(dir.resolve("y.npy").toFile()).shape()));

        r = run("export", model.toString(), "--out", dir.resolve("back.npz").toString());
        assertEquals(0, r.code(), r.err());
        Map<String, INDArray> back = Npz.read(dir.resolve("back.npz"));
        for (Map.Entry<String, INDArray> e : w.entrySet()) {
            assertTrue(e.getValue().equalsWithEps(back.get(e.getKey()), 1e-5 * (1 + e.getValue().amaxNumber().doubleValue())), e.getKey());
        }
    }

    @Test
    void badWeightsAreAllListedAndNothingIsWritten() throws Exception {
        Map<String, INDArray> w = weights();
        w.remove("layer1.0.bn1.running_mean");
        w.put("layer9.0.conv1.weight", Nd4j.zeros(DataType.FLOAT, 1));
        w.put("layer1.0.conv1.weight", Nd4j.zeros(DataType.FLOAT, 8, 8, 1, 1));
        Npz.writeNpz(dir.resolve("bad.npz"), w);
        Path out = dir.resolve("m.zip");
        CommandTest.Result r = run("import", "resnet18-torchvision", "--from", dir.resolve("bad.npz").toString(), "--out", out.toString(),
                "-k", "width=0.125");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("1 missing [layer1.0.bn1.running_mean]") && r.err().contains("1 unexpected [layer9.0.conv1.weight]")
                && r.err().contains("1 mis-shaped [layer1.0.conv1.weight is [8, 8, 1, 1], expected [8, 8, 3, 3]]"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void clearOneLineErrors() throws Exception {
        assertError("weight file " + dir.resolve("none.npz") + " does not exist",
                "import", "resnet18-torchvision", "--from", dir.resolve("none.npz").toString(), "--out", dir.resolve("m.zip").toString());
        assertError("resnet18 is not one: try resnet18-torchvision",
                "import", "resnet18", "--from", dir.resolve("none.npz").toString(), "--out", dir.resolve("m.zip").toString());
        Files.writeString(dir.resolve("text.npz"), "not a zip");
        assertError(dir.resolve("text.npz") + " is not a numpy .npz file",
                "import", "resnet18-torchvision", "--from", dir.resolve("text.npz").toString(), "--out", dir.resolve("m.zip").toString());
        assertError("unknown model", "import", "resnet19-torchvision", "--from", "x.npz", "--out", "m.zip");
        Npz.writeNpz(dir.resolve("w.npz"), weights());
        assertEquals(0, run("import", "resnet18-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", dir.resolve("m.zip").toString(),
                "-k", "width=0.125").code());
        Npz.writeNpy(dir.resolve("i64.npy"), Nd4j.zeros(DataType.LONG, 1, 3, 224, 224));
        assertError(dir.resolve("i64.npy") + " holds '<i8' values; float32 ('<f4'), float64 or uint8 is needed",
                "predict", "--model", dir.resolve("m.zip").toString(), "--input", dir.resolve("i64.npy").toString(), "--output", dir.resolve("y.npy").toString());
        Npz.writeNpy(dir.resolve("small.npy"), Nd4j.zeros(DataType.FLOAT, 1, 3, 32, 32));
        assertError(dir.resolve("small.npy") + " has shape [1, 3, 32, 32]; resnet18-torchvision needs [N, 3, 224, 224]",
                "predict", "--model", dir.resolve("m.zip").toString(), "--input", dir.resolve("small.npy").toString(), "--output", dir.resolve("y.npy").toString());
        assertError("holds imported weights; pass --data VAL_DIR", "eval", dir.resolve("m.zip").toString());
        assertError("--input needs --output", "predict", "--model", dir.resolve("m.zip").toString(), "--input", dir.resolve("small.npy").toString());
        assertError("image file " + dir.resolve("no.jpg") + " does not exist", "predict", "--model", dir.resolve("m.zip").toString(), "--image",
                dir.resolve("no.jpg").toString());
    }

    void assertError(String expected, String... args) {
        CommandTest.Result r = run(args);
        assertTrue(r.code() != 0, String.join(" ", args));
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }
}
