package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.weights.Npz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code zoo import} picks the reader by the --from file's extension: a .safetensors file gives the same model as the
 * .npz of the same tensors; an unknown extension, a pickle that would run {@code posix.system} and a safetensors header
 * length of 4 GB are refused in one line, with nothing written and no marker file made. (torch-written .pth files:
 * integration-tests' TorchParityTest; the readers' own cases: zoo-weights.)
 */
class ImportFormatsTest {

    @TempDir
    Path dir;

    /** A .safetensors file of float32 tensors, laid out in the map's order. */
    static Path safetensors(Path file, Map<String, INDArray> tensors) throws IOException {
        StringBuilder h = new StringBuilder("{");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            float[] v = e.getValue().dup('c').data().asFloat();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float x : v) {
                b.putFloat(x);
            }
            h.append(h.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue().shape())).append(",\"data_offsets\":[").append(data.size()).append(',')
                    .append(data.size() + b.capacity()).append("]}");
            data.writeBytes(b.array());
        }
        byte[] header = h.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        f.writeBytes(header);
        f.writeBytes(data.toByteArray());
        return Files.write(file, f.toByteArray());
    }

    @Test
    void safetensorsGivesTheModelTheNpzGives() throws Exception {
        Map<String, INDArray> w = new WeightsCommandTest().weights();
        Npz.writeNpz(dir.resolve("w.npz"), w);
        safetensors(dir.resolve("w.safetensors"), w);
        Nd4j.getRandom().setSeed(3);
        Npz.writeNpy(dir.resolve("x.npy"), Nd4j.randn(DataType.FLOAT, 2, 3, 224, 224));
        INDArray[] y = new INDArray[2];
        String[] files = {"w.npz", "w.safetensors"};
        for (int i = 0; i < 2; i++) {
            Path model = dir.resolve("m" + i + ".zip");
            CommandTest.Result r = CommandTest.run("import", "resnet18-torchvision", "--from", dir.resolve(files[i]).toString(), "--out",
                    model.toString(), "-k", "width=0.125");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("resnet18-torchvision: 102 tensors"), r.out());
            r = CommandTest.run("predict", "--model", model.toString(), "--input", dir.resolve("x.npy").toString(), "--output",
                    dir.resolve("y" + i + ".npy").toString(), "--normalized");
            assertEquals(0, r.code(), r.err());
            y[i] = Nd4j.createFromNpyFile(dir.resolve("y" + i + ".npy").toFile());
        }
        assertEquals(y[0], y[1]);
        assertTrue(y[0].amaxNumber().doubleValue() > 0, "logits were compared");
        assertEquals("safetensors file", ModelFile.info(dir.resolve("m1.zip")).weights().get("source"));
    }

    @Test
    void unknownExtensionsAndHostileFilesAreRefused() throws Exception {
        Files.write(dir.resolve("w.bin"), new byte[16]);
        Hostile.refused(dir, dir.resolve("w.bin") + ": unknown kind of weight file; the name must end in .npz, .pth, .pt, .safetensors", "import",
                "resnet18-torchvision", "--from", dir.resolve("w.bin").toString(), "--out", dir.resolve("m.zip").toString());

        // torch.save of an object whose __reduce__ returns (os.system, ('touch MARKER',)), as CPython pickles it on Linux
        Path marker = dir.resolve("marker");
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 2, 'c'});
        p.writeBytes("posix\nsystem\n".getBytes(StandardCharsets.US_ASCII));
        byte[] cmd = ("touch " + marker).getBytes(StandardCharsets.UTF_8);
        p.write('X');
        p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(cmd.length).array());
        p.writeBytes(cmd);
        p.writeBytes(new byte[] {(byte) 0x85, 'R', '.'});
        Path evil = dir.resolve("evil.pth");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
            z.putNextEntry(new java.util.zip.ZipEntry("evil/data.pkl"));
            z.write(p.toByteArray());
            z.closeEntry();
        }
        Hostile.refused(dir, evil + ": evil/data.pkl at byte 2: the pickle names the global posix.system", "import", "resnet18-torchvision",
                "--from", evil.toString(), "--out", dir.resolve("m.zip").toString());
        assertFalse(Files.exists(marker), "the pickle's command ran");

        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 32).array());
        Hostile.refused(dir, huge + " declares a safetensors header of 4294967296 bytes; at most 100,000,000 are read", "import",
                "resnet18-torchvision", "--from", huge.toString(), "--out", dir.resolve("m.zip").toString());
    }

    @Test
    void helpNamesTheFormats() {
        CommandTest.Result r = CommandTest.run("import", "--help");
        assertEquals(0, r.code(), r.err());
        for (String s : new String[] {".npz", ".pth, .pt", ".safetensors", "Any other extension is refused"}) {
            assertTrue(r.out().contains(s), s + " in:\n" + r.out());
        }
    }
}
