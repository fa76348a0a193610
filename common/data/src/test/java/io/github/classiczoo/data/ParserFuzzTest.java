package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.classiczoo.core.image.ImageFile;
import io.github.classiczoo.data.formats.CifarReader;
import io.github.classiczoo.data.store.CifarTest;
import io.github.classiczoo.data.formats.IdxReader;
import io.github.classiczoo.data.store.Datasets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style tests of the data parsers (IDX, CIFAR, image headers): a few hundred seeded mutations of good files —
 * truncations, bit flips, huge or negative declared sizes, wrong magic — must be read or refused with the zoo's own
 * {@link ZooDataException} (for image files, the core's {@link io.github.classiczoo.core.util.ZooException}); nothing else
 * may escape. Tagged {@code parsers}: the build runs them in a JVM with a small heap and a small off-heap limit (root
 * pom), so an allocation driven by a declared size fails them.
 * A failure names its seed; rerun one with {@code -Dtest='ParserFuzzTest#idx' } and the seed in the display name.
 */
@Tag("parsers")
class ParserFuzzTest {

    @TempDir
    static Path dir;

    static List<Long> seeds() {
        return new Random(20_26_12_02L).longs(200).boxed().toList();
    }

    /** A good file's bytes, then one of: truncation, bit flips, a random 32-bit value over a header field, or garbage. */
    static byte[] mutate(byte[] good, Random r, int headerBytes) {
        byte[] b = good.clone();
        switch (r.nextInt(4)) {
            case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            case 1 -> {
                for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> {
                int at = 4 * r.nextInt(Math.max(1, headerBytes / 4));
                int v = switch (r.nextInt(4)) {
                    case 0 -> Integer.MAX_VALUE;
                    case 1 -> -1 - r.nextInt(1000);
                    case 2 -> 1 << (16 + r.nextInt(15));
                    default -> r.nextInt();
                };
                ByteBuffer.wrap(b).putInt(Math.min(at, b.length - 4), v);
            }
            default -> {
                b = new byte[r.nextInt(200)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    static void onlyZooErrors(long seed, Runnable r) {
        try {
            r.run();
        } catch (io.github.classiczoo.core.util.ZooException e) { // ZooDataException, or the core's image refusals
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                fail("seed " + seed + ": an empty message");
            }
        } catch (Throwable t) {
            fail("seed " + seed + ": " + t, t);
        }
    }

    static Path write(String name, byte[] b, boolean gzip) throws IOException {
        Path p = dir.resolve(name + (gzip ? ".gz" : ""));
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(b);
        }
        return p;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void idx(long seed) throws IOException {
        Random r = new Random(seed);
        ByteBuffer images = ByteBuffer.allocate(16 + 5 * 28 * 28).putInt(IdxReader.IMAGES_MAGIC).putInt(5).putInt(28).putInt(28);
        ByteBuffer labels = ByteBuffer.allocate(8 + 5).putInt(IdxReader.LABELS_MAGIC).putInt(5).put(new byte[] {0, 1, 2, 3, 4});
        boolean gz = r.nextBoolean();
        Path img = write("img-" + seed, mutate(images.array(), r, 16), gz);
        Path lab = write("lab-" + seed, mutate(labels.array(), r, 8), gz);
        onlyZooErrors(seed, () -> IdxReader.read("fuzz", img, lab, Datasets.MNIST.classNames()));
        Files.delete(img);
        Files.delete(lab);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void cifar(long seed) throws IOException {
        Random r = new Random(seed);
        Path f = write("cifar-" + seed, mutate(CifarTest.records(3, 1, 0), r, 8), false);
        onlyZooErrors(seed, () -> CifarReader.read("fuzz", List.of(f), 1, Datasets.get("cifar10").classNames()));
        Files.delete(f);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void imageFiles(long seed) throws IOException {
        Random r = new Random(seed);
        boolean png = r.nextBoolean();
        Path good = dir.resolve("good" + (png ? ".png" : ".jpg"));
        if (!Files.exists(good)) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(24, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 24; x++) {
                    img.setRGB(x, y, (x * 10) << 16 | (y * 15) << 8 | 90);
                }
            }
            javax.imageio.ImageIO.write(img, png ? "png" : "jpg", good.toFile());
        }
        Path f = dir.resolve("img-" + seed + (png ? ".png" : ".jpg"));
        Files.write(f, mutate(Files.readAllBytes(good), r, 24));
        onlyZooErrors(seed, () -> ImageFile.decode(f));
        Files.delete(f);
    }
}
