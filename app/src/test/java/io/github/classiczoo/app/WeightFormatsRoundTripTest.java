package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.weights.Npz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code zoo export} to {@code .pth} and {@code .safetensors} and {@code zoo import} back: the same parameters, bit for
 * bit; the {@code .safetensors} keeps the class names and torchvision's model name in its metadata, the {@code .pth}
 * (a plain state_dict) cannot.
 */
class WeightFormatsRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void pthAndSafetensorsExportImportBackToTheSameModel() throws Exception {
        Map<String, INDArray> w = new WeightsCommandTest().weights();
        List<String> names = List.of("cat", "dog", "owl", "eel");
        byte[] text = String.join("\n", names).getBytes(StandardCharsets.UTF_8);
        int[] u = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            u[i] = text[i] & 0xff;
        }
        w.put("__classes__", Nd4j.createFromArray(u).castTo(DataType.UBYTE));
        Npz.writeNpz(dir.resolve("w.npz"), w);
        Path model = dir.resolve("m.zip");
        assertEquals(0, CommandTest.run("import", "resnet18-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", model.toString(),
                "-k", "width=0.125").code());
        INDArray params = ModelFile.load(model).params();

        for (String ext : List.of("pth", "safetensors")) {
            Path file = dir.resolve("out." + ext), back = dir.resolve("back-" + ext + ".zip");
            CommandTest.Result r = CommandTest.run("export", model.toString(), "--out", file.toString());
            assertEquals(0, r.code(), r.err());
            r = CommandTest.run("import", "resnet18-torchvision", "--from", file.toString(), "--out", back.toString(), "-k", "width=0.125");
            assertEquals(0, r.code(), r.err());
            org.junit.jupiter.api.Assertions.assertArrayEquals(params.data().asFloat(), ModelFile.load(back).params().data().asFloat(),
                    ext + ": parameters changed on the way"); // exactly: assertEquals on INDArrays allows 1e-5
            if (ext.equals("safetensors")) {
                assertEquals(names, ModelFile.info(back).classNames());
            } else {
                assertNull(ModelFile.info(back).classNames());
            }
        }
    }
}
