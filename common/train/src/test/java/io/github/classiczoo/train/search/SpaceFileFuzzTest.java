package io.github.classiczoo.train.search;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.recipes.Recipes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style test of the search-space file: seeded mutations of a good file (characters dropped, changed or
 * inserted; numbers replaced by huge, tiny, negative or non-finite ones) give a space that passes the model's check or
 * the one-line usage error ({@code IllegalArgumentException}, as the command prints it); nothing else may escape, and no
 * accepted space has a non-finite bound. Tagged {@code parsers}. A failure names its seed.
 */
@Tag("parsers")
class SpaceFileFuzzTest {

    static final String GOOD = "{\"replace\": false, \"params\": {\"lr\": {\"log\": [1e-4, 1e-2]}, \"batch\": {\"values\": [32, 64]},"
            + " \"weight-decay\": {\"range\": [0, 0.001]}}}";
    static final String[] NUMBERS = {"1e400", "-1e400", "1e-400", "0", "-5", "2147483648", "9e18", "NaN", "1.5", "\"x\"", "null", "[]", "{}"};

    @TempDir
    static Path dir;

    static List<Long> seeds() {
        return new Random(31_337L).longs(300).boxed().toList();
    }

    /** The file the mutations start from is a good one: otherwise every case would be a refusal and prove nothing. */
    @org.junit.jupiter.api.Test
    void theUnmutatedFileIsAccepted() throws IOException {
        Path f = dir.resolve("good.json");
        Files.writeString(f, GOOD);
        ZooModel model = ModelRegistry.load().get("lenet5");
        org.junit.jupiter.api.Assertions.assertEquals(3, Recipes.load(ModelRegistry.load()).searchSpace(model).withFile(f).check(model).params().stream()
                .filter(p -> List.of("lr", "batch", "weight-decay").contains(p.name())).count());
    }

    /** Issue 27: a device or FIFO as the space file is read with the 1 MB bound (it read /dev/zero to 5.6 GB). */
    @org.junit.jupiter.api.Test
    void aDeviceIsReadWithTheBound() {
        ZooModel model = ModelRegistry.load().get("lenet5");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Recipes.load(ModelRegistry.load()).searchSpace(model).withFile(Path.of("/dev/zero")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("space file: /dev/zero is not a regular file (a device, a FIFO or a socket)"),
                e.getMessage());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void spaceFiles(long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder(GOOD);
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(4)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.setCharAt(at, "{}[],:\"0e-9 ".charAt(r.nextInt(12)));
                case 2 -> s.insert(at, NUMBERS[r.nextInt(NUMBERS.length)]);
                default -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-?[0-9][0-9.e-]*").matcher(s);
                    if (m.find(at) || m.find(0)) {
                        s.replace(m.start(), m.end(), NUMBERS[r.nextInt(NUMBERS.length)]);
                    }
                }
            }
        }
        Path f = dir.resolve("space-" + seed + ".json");
        Files.writeString(f, s, StandardCharsets.UTF_8);
        ZooModel model = ModelRegistry.load().get("lenet5");
        try {
            SearchSpace space = Recipes.load(ModelRegistry.load()).searchSpace(model).withFile(f).check(model);
            for (SearchSpace.Param p : space.params()) {
                if (!Double.isFinite(p.min()) || !Double.isFinite(p.max())) {
                    fail("seed " + seed + ": accepted a non-finite bound in " + s);
                }
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                fail("seed " + seed + ": an empty message for " + s);
            }
        } catch (Throwable t) {
            fail("seed " + seed + ": " + t + " for " + s, t);
        } finally {
            Files.delete(f);
        }
    }
}
