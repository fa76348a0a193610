package io.github.classiczoo.weights;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style test of the safetensors reader: seeded mutations of a good file (truncations, bit flips, the header
 * length or a number in the header rewritten, garbage) end in tensors or the zoo's own exception. Tagged
 * {@code parsers}: run with a small heap and off-heap limit (root pom). A failure names its seed.
 */
@Tag("parsers")
class SafetensorsFuzzTest {

    @TempDir
    static Path dir;
    static byte[] good;

    @BeforeAll
    static void good() throws IOException {
        good = Files.readAllBytes(SafetensorsFiles.write(dir.resolve("good.safetensors"), SafetensorsTest.sample(), Map.of("format", "pt")));
    }

    static List<Long> seeds() {
        return new Random(29_3L).longs(200).boxed().toList();
    }

    static byte[] mutate(byte[] good, Random r) {
        byte[] b = good.clone();
        String text = new String(b, StandardCharsets.ISO_8859_1);
        switch (r.nextInt(5)) {
            case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 1 -> {
                for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> { // another header length, up to 2^63
                int byteIndex = r.nextInt(8);
                b[byteIndex] = (byte) r.nextInt(256);
            }
            case 3 -> { // digits of a shape or an offset rewritten in place: other, possibly huge or negative, numbers
                int at = text.indexOf(r.nextBoolean() ? "\"shape\":[" : "\"data_offsets\":[", r.nextInt(text.length() / 2));
                if (at >= 0) {
                    at = text.indexOf('[', at) + 1;
                    String digits = "-9876543210";
                    for (int i = 0; i < 3 && b[at + i] != ']'; i++) {
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
    void safetensors(long seed) throws IOException {
        Path f = Files.write(dir.resolve("f-" + seed + ".safetensors"), mutate(good, new Random(seed)));
        try {
            Safetensors.read(f);
        } catch (ZooException e) {
            if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                fail("seed " + seed + ": not one line: " + e.getMessage());
            }
        } catch (Throwable t) {
            fail("seed " + seed + ": " + t, t);
        }
        Files.delete(f);
    }
}
