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

/**
 * Property-style test of the torch.save reader: seeded mutations of good files in both formats — of the file's bytes,
 * and, re-zipped so that the archive stays valid, of the pickle and the storage records inside a zip — end in tensors
 * or the zoo's own exception, never another error. Tagged {@code parsers}: run with a small heap and off-heap limit
 * (root pom), so an allocation driven by a size a mutated file declares fails the test. A failure names its seed.
 */
@Tag("parsers")
class TorchFileFuzzTest {

    @TempDir
    static Path dir;
    static byte[] zip;
    static byte[] legacy;
    static byte[] pickle;
    static byte[] wrapped;

    @BeforeAll
    static void good() throws IOException {
        pickle = TorchFiles.pickle(TorchFiles.SAMPLE, null, false);
        wrapped = TorchFiles.pickle(TorchFiles.SAMPLE, "state_dict", false);
        zip = Files.readAllBytes(TorchFiles.zip(dir.resolve("good.pth"), pickle, TorchFiles.SAMPLE_STORAGES, Map.of()));
        legacy = Files.readAllBytes(TorchFiles.legacy(dir.resolve("good.pt"), TorchFiles.pickle(TorchFiles.SAMPLE, "model", true),
                TorchFiles.SAMPLE_STORAGES, TorchFiles.SAMPLE_COUNTS));
    }

    static List<Long> seeds() {
        return new Random(29_2L).longs(200).boxed().toList();
    }

    /** Opcodes and lengths a mutation writes into a pickle: the ones the reader acts on, and large counts. */
    private static final byte[] INTERESTING = {'(', ')', 't', 'R', 'Q', 'b', 'h', 'j', 'q', 'r', 'X', 'u', 's', 'a', 'e', ']', '}', '.', 'N',
        'K', 'M', 'J', (byte) 0x8a, (byte) 0x85, (byte) 0x86, (byte) 0x87, (byte) 0x88, (byte) 0x89, (byte) 0xff, 0x7f, 0, 1};

    static byte[] mutate(byte[] good, Random r) {
        byte[] b = good.clone();
        switch (r.nextInt(5)) {
            case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 1 -> {
                for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2, 3 -> {
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    b[r.nextInt(b.length)] = INTERESTING[r.nextInt(INTERESTING.length)];
                }
            }
            default -> {
                b = new byte[r.nextInt(300)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    static void read(long seed, Path f) {
        try {
            TorchFile.read(f);
        } catch (ZooException e) {
            if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                fail("seed " + seed + ": not one line: " + e.getMessage());
            }
        } catch (Throwable t) {
            fail("seed " + seed + ": " + t, t);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bothFormats(long seed) throws IOException {
        Random r = new Random(seed);
        Path z = Files.write(dir.resolve("f-" + seed + ".pth"), mutate(zip, r));
        Path l = Files.write(dir.resolve("f-" + seed + ".pt"), mutate(legacy, r));
        // inside a valid archive: a mutated pickle, and a storage record of another length
        Map<String, byte[]> storages = new LinkedHashMap<>(TorchFiles.SAMPLE_STORAGES);
        String key = List.copyOf(storages.keySet()).get(r.nextInt(storages.size()));
        if (r.nextBoolean()) {
            storages.put(key, java.util.Arrays.copyOf(storages.get(key), r.nextInt(2 * storages.get(key).length + 1)));
        }
        Path inner = TorchFiles.zip(dir.resolve("g-" + seed + ".pth"), mutate(r.nextBoolean() ? pickle : wrapped, r), storages, Map.of());
        for (Path f : List.of(z, l, inner)) {
            read(seed, f);
            Files.delete(f);
        }
    }
}
