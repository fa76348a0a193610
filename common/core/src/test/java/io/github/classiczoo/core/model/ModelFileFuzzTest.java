package io.github.classiczoo.core.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style test of the model-file reader: seeded mutations of a good file end in a loaded model or the zoo's own
 * exception. Tagged {@code parsers}: run with a small heap and off-heap limit (root pom). A failure names its seed.
 */
@Tag("parsers")
class ModelFileFuzzTest {

    @TempDir
    static Path dir;
    static byte[] goodBytes;

    @BeforeAll
    static void writeGood() throws IOException {
        Path good = dir.resolve("good.zip");
        ModelFile.save(ModelFileTest.tiny(5, 3), good, ModelFileTest.info(3), true);
        goodBytes = Files.readAllBytes(good);
    }

    static List<Long> seeds() {
        return new Random(20261202).longs(300).boxed().toList();
    }

    /**
     * Random damage to a good file (truncation, bit flips, a rewritten length): loading either works or ends in the
     * zoo's own exception, never another one and never an allocation beyond what the file declares.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void damagedFilesEndInTheZoosOwnError(long seed) throws IOException {
        Random r = new Random(seed);
        byte[] b = goodBytes.clone();
        switch (r.nextInt(3)) {
            case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 1 -> {
                for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            default -> {
                int at = r.nextInt(b.length - 8);
                for (int i = 0; i < 8; i++) {
                    b[at + i] = (byte) r.nextInt(256);
                }
            }
        }
        Path f = dir.resolve("fuzz-" + seed + ".zip");
        Files.write(f, b);
        try {
            ModelFile.info(f);
            ModelFile.load(f);
        } catch (ZooException e) {
            assertFalse(e.getMessage().isBlank());
        } catch (Throwable t) {
            fail("seed " + seed + ": " + t, t);
        } finally {
            Files.delete(f);
        }
    }

}
