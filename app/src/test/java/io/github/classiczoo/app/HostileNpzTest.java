package io.github.classiczoo.app;

import io.github.classiczoo.weights.Npz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, npz files: {@code zoo import} (and {@code predict --input} for .npy) refuses members with negative or huge
 * shapes, truncated or over-long data, NaN weights, a {@code __classes__} count that disagrees with the classifier and a
 * {@code __meta__} that is not a JSON object — one line naming the file and the member, nothing written.
 */
class HostileNpzTest {

    @TempDir
    Path dir;
    Path good;

    @BeforeEach
    void files() throws Exception {
        good = dir.resolve("good.npz");
        Npz.writeNpz(good, new WeightsCommandTest().weights());
    }

    /** An .npy file's bytes: version 1 header with {@code descr} and {@code shape}, then {@code data}. */
    static byte[] npy(String descr, String shape, byte[] data) throws IOException {
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        h = h + " ".repeat(63 - (10 + h.length()) % 64) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0});
        b.write(h.getBytes(StandardCharsets.ISO_8859_1));
        b.write(data);
        return b.toByteArray();
    }

    private void importRefused(String member, byte[] content, String expected) throws IOException {
        Path bad = Hostile.rewriteZip(good, dir.resolve("bad.npz"), member, content, true);
        Hostile.refused(dir, expected, "import", "resnet18-torchvision", "--from", bad.toString(), "--out", dir.resolve("m.zip").toString(),
                "-k", "width=0.125");
        Files.delete(bad);
    }

    @Test
    void membersWithImpossibleShapesOrLengths() throws IOException {
        importRefused("fc.bias.npy", npy("<f4", "-4,", new byte[16]), "member fc.bias.npy declares a negative dimension");
        importRefused("fc.bias.npy", npy("<f4", "4000000000, 4000000000", new byte[16]), "member fc.bias.npy declares shape");
        importRefused("fc.bias.npy", npy("<f4", "4,", new byte[10]), "member fc.bias.npy is truncated");
        importRefused("fc.bias.npy", npy("<f4", "4,", new byte[20]), "member fc.bias.npy is over-long");
        importRefused("fc.bias.npy", npy("<c8", "4,", new byte[32]), "member fc.bias.npy holds '<c8' values");
        importRefused("fc.bias.npy", "not an array".getBytes(StandardCharsets.UTF_8), "member fc.bias.npy is not a numpy .npy array");
        importRefused("fc.bias.npy", npy("<f4", ",", new byte[0]), "member fc.bias.npy has a malformed shape");
        // a deflated member whose header declares far more than its compressed bytes can hold: refused before reading
        Path bomb = Hostile.rewriteZip(good, dir.resolve("bomb.npz"), "fc.bias.npy", npy("<f4", "50000000,", new byte[64]), false);
        Hostile.refused(dir, "member fc.bias.npy declares 200,000,000 bytes of data, far more than its compressed size", "import",
                "resnet18-torchvision", "--from", bomb.toString(), "--out", dir.resolve("m.zip").toString(), "-k", "width=0.125");
        Files.delete(bomb);
    }

    @Test
    void nanWeightsAndReservedEntriesThatDoNotFit() throws IOException {
        byte[] nan = new byte[16];
        java.nio.ByteBuffer.wrap(nan).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
        importRefused("fc.bias.npy", npy("<f4", "4,", nan), "member fc.bias holds NaN or infinite values");
        byte[] three = "a\nb\nc".getBytes(StandardCharsets.UTF_8);
        importRefused("__classes__.npy", npy("|u1", three.length + ",", three), "__classes__ names 3 classes but fc.weight has 4 rows");
        byte[] meta = "{not json".getBytes(StandardCharsets.UTF_8);
        importRefused("__meta__.npy", npy("|u1", meta.length + ",", meta), "member __meta__ is not JSON text");
        byte[] deep = "[".repeat(100_000).getBytes(StandardCharsets.UTF_8); // issue 27: overflowed the JSON reader's stack
        importRefused("__meta__.npy", npy("|u1", deep.length + ",", deep), "member __meta__ is not JSON text (JSON nested deeper than 100 levels");
        byte[] list = "[1, 2]".getBytes(StandardCharsets.UTF_8);
        importRefused("__meta__.npy", npy("|u1", list.length + ",", list), "member __meta__ is not a JSON object");
    }

    @Test
    void predictInputsWithBadHeaders() throws Exception {
        Path model = dir.resolve("m.zip");
        CommandTest.Result r = CommandTest.run("import", "resnet18-torchvision", "--from", good.toString(), "--out", model.toString(), "-k", "width=0.125");
        org.junit.jupiter.api.Assertions.assertEquals(0, r.code(), r.err());
        Path x = dir.resolve("x.npy");
        Files.write(x, npy("<f4", "1, 3, 224, -224", new byte[0]));
        Hostile.refused(dir, x + " declares a negative dimension", "predict", "--model", model.toString(), "--input", x.toString(),
                "--output", dir.resolve("y.npy").toString());
        Files.write(x, npy("<f4", "1000, 3, 224, 224", new byte[64]));
        Hostile.refused(dir, x + " is truncated", "predict", "--model", model.toString(), "--input", x.toString(),
                "--output", dir.resolve("y.npy").toString());
        // issue 27: an empty array ended in a 30-line trace from inside the network; NaN as "values from NaN to NaN"
        Files.write(x, npy("<f4", "0, 3, 224, 224", new byte[0]));
        for (String normalized : new String[] {"--top=5", "--normalized"}) {
            Hostile.refused(dir, x + " has no images: its shape is [0, 3, 224, 224]", "predict", "--model", model.toString(), "--input",
                    x.toString(), "--output", dir.resolve("y.npy").toString(), normalized);
        }
        java.nio.ByteBuffer values = java.nio.ByteBuffer.allocate(3 * 224 * 224 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        values.putFloat(7 * 4, Float.NaN).putFloat(9 * 4, Float.NEGATIVE_INFINITY).putFloat(100 * 4, Float.NaN);
        Files.write(x, npy("<f4", "1, 3, 224, 224", values.array()));
        for (String normalized : new String[] {"--top=5", "--normalized"}) {
            Hostile.refused(dir, x + " holds 3 NaN or infinite values (of 150,528; the first at flat index 7)", "predict", "--model",
                    model.toString(), "--input", x.toString(), "--output", dir.resolve("y.npy").toString(), normalized);
        }
    }
}
