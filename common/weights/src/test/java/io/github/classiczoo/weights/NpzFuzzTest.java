package io.github.classiczoo.weights;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Property-style test of the npz/npy reader: seeded mutations of a good file (truncations, bit flips, a rewritten shape
 * in the header, garbage) end in arrays or the zoo's own exception. Tagged {@code parsers}: run with a small heap and
 * off-heap limit (root pom). A failure names its seed.
 */
@Tag("parsers")
class NpzFuzzTest {

    @TempDir
    static Path dir;
    static byte[] npz;
    static byte[] npy;

    @BeforeAll
    static void good() throws IOException {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("conv.weight", Nd4j.rand(DataType.FLOAT, 4, 3, 3, 3));
        m.put("fc.bias", Nd4j.rand(DataType.FLOAT, 10));
        Npz.writeNpz(dir.resolve("good.npz"), m);
        npz = Files.readAllBytes(dir.resolve("good.npz"));
        Npz.writeNpy(dir.resolve("good.npy"), Nd4j.rand(DataType.FLOAT, 2, 3, 4));
        npy = Files.readAllBytes(dir.resolve("good.npy"));
    }

    static List<Long> seeds() {
        return new Random(7_20_26L).longs(200).boxed().toList();
    }

    static byte[] mutate(byte[] good, Random r) {
        byte[] b = good.clone();
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int shape = text.indexOf("'shape': (");
        switch (r.nextInt(4)) {
            case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 1 -> {
                for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> { // a shape of other, possibly huge or negative, numbers in the same number of characters
                if (shape >= 0) {
                    int at = shape + "'shape': (".length();
                    String digits = "-9876543210";
                    for (int i = 0; i < 3 && at + i < b.length && b[at + i] != ')'; i++) {
                        b[at + i] = (byte) digits.charAt(r.nextInt(digits.length()));
                    }
                }
            }
            default -> {
                b = new byte[r.nextInt(300)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void npzAndNpy(long seed) throws IOException {
        Random r = new Random(seed);
        Path z = dir.resolve("f-" + seed + ".npz"), y = dir.resolve("f-" + seed + ".npy");
        Files.write(z, mutate(npz, r));
        Files.write(y, mutate(npy, r));
        for (Runnable read : List.<Runnable>of(() -> Npz.read(z), () -> Npz.readFloat32(y))) {
            try {
                read.run();
            } catch (ZooException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    fail("seed " + seed + ": an empty message");
                }
            } catch (Throwable t) {
                fail("seed " + seed + ": " + t, t);
            }
        }
        Files.delete(z);
        Files.delete(y);
    }
}
