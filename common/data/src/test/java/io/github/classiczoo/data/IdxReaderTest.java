package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.data.formats.IdxReader;
import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.Datasets;
import io.github.classiczoo.testing.TestFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    static final List<String> DIGITS = Datasets.MNIST.classNames();

    /** The build's test cache with the real MNIST in it (zoo-data-testing's TestData.store(), which this module cannot use). */
    static DataStore mnist() {
        DataStore s = new DataStore(TestFiles.cacheDir(), msg -> System.err.println("test data: " + msg));
        s.fetch(Datasets.MNIST, null);
        return s;
    }

    @Test
    void readsTheRealMnist() {
        DataStore store = mnist();
        ImageSet train = store.load(Datasets.MNIST, Split.TRAIN, null);
        ImageSet test = store.load(Datasets.MNIST, Split.TEST, null);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals(28, train.shape().height());
        // The first training digit is a 5 and the first test digit a 7 (the files' well-known first labels).
        assertEquals(5, train.labels()[0]);
        assertEquals(7, test.labels()[0]);
        int[] counts = new int[10];
        for (int l : train.labels()) {
            counts[l]++;
        }
        assertEquals(5_923, counts[0]); // MNIST's training set has 5,923 zeros and 6,742 ones
        assertEquals(6_742, counts[1]);
    }

    @Test
    void readsFashionMnistFromDebiansPackageLocation(@org.junit.jupiter.api.io.TempDir Path cache) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")) || System.getenv("CI") != null,
                "Debian's dataset-fashion-mnist is not installed (.ci/run installs it)");
        List<String> log = new java.util.ArrayList<>();
        DataStore store = new DataStore(cache, log::add);
        ImageSet train = store.load(Datasets.FASHION_MNIST, Split.TRAIN, null);
        assertTrue(log.stream().anyMatch(l -> l.contains("system location /usr/share/datasets/fashion-mnist")), log.toString());
        assertEquals(60_000, train.size());
        assertEquals(9, train.labels()[0]); // an ankle boot
        int[] counts = new int[10];
        for (int l : train.labels()) {
            counts[l]++;
        }
        for (int c : counts) {
            assertEquals(6_000, c); // Fashion-MNIST is balanced
        }
    }

    static Path idxImages(Path dir, String name, int magic, int n, int rows, int cols, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + dataBytes);
        b.putInt(magic).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (i * 7));
        }
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    static Path idxLabels(Path dir, String name, int magic, int n, byte[] labels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(magic).putInt(n).put(labels);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void readsSmallRawAndGzippedFiles(@TempDir Path dir) throws IOException {
        Path img = idxImages(dir, "img", IdxReader.IMAGES_MAGIC, 3, 2, 2, 12);
        Path lab = idxLabels(dir, "lab", IdxReader.LABELS_MAGIC, 3, new byte[] {1, 0, 9});
        ImageSet s = IdxReader.read("tiny", img, lab, DIGITS);
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {1, 0, 9}, s.labels());
        assertEquals((byte) 7, s.pixels()[1]);
        Path gz = dir.resolve("img.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(img));
        }
        assertArrayEquals(s.pixels(), IdxReader.read("tiny", gz, lab, DIGITS).pixels());
    }

    @Test
    void corruptFilesEndInMessagesThatNameTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path lab = idxLabels(dir, "lab", IdxReader.LABELS_MAGIC, 3, new byte[] {1, 0, 9});
        Path badMagic = idxImages(dir, "magic", 0x00000801, 3, 2, 2, 12);
        assertMessage(() -> IdxReader.read("x", badMagic, lab, DIGITS), "magic", "magic number 0x00000801, expected 0x00000803");
        Path truncated = idxImages(dir, "short", IdxReader.IMAGES_MAGIC, 3, 2, 2, 10);
        assertMessage(() -> IdxReader.read("x", truncated, lab, DIGITS), "short", "truncated", "only 10 are there");
        Path longer = idxImages(dir, "long", IdxReader.IMAGES_MAGIC, 3, 2, 2, 13);
        assertMessage(() -> IdxReader.read("x", longer, lab, DIGITS), "long", "bytes after");
        Path header = dir.resolve("header");
        Files.write(header, new byte[] {0, 0, 8});
        assertMessage(() -> IdxReader.read("x", header, lab, DIGITS), "header", "ends inside its IDX header");
        Path img = idxImages(dir, "img", IdxReader.IMAGES_MAGIC, 3, 2, 2, 12);
        Path badLabel = idxLabels(dir, "badlabel", IdxReader.LABELS_MAGIC, 3, new byte[] {1, 10, 2});
        assertMessage(() -> IdxReader.read("x", img, badLabel, DIGITS), "badlabel", "label 10 at position 1 is out of range");
        Path fewer = idxLabels(dir, "fewer", IdxReader.LABELS_MAGIC, 2, new byte[] {1, 2});
        assertMessage(() -> IdxReader.read("x", img, fewer, DIGITS), "has 3 images", "has 2 labels");
    }

    @Test
    void corruptedCopiesOfRealMnistAreRefused(@TempDir Path dir) throws IOException {
        DataStore store = mnist();
        store.fetch(Datasets.MNIST, null);
        byte[] real = Files.readAllBytes(store.dir(Datasets.MNIST).resolve("t10k-images-idx3-ubyte"));
        Path labels = store.dir(Datasets.MNIST).resolve("t10k-labels-idx1-ubyte");
        Path cut = dir.resolve("t10k-cut");
        Files.write(cut, Arrays.copyOf(real, real.length - 784 * 3 - 5));
        assertMessage(() -> IdxReader.read("x", cut, labels, DIGITS), "t10k-cut", "truncated", "10,000 images of 28×28");
        byte[] flipped = real.clone();
        flipped[3] = 0x01;
        Path magic = dir.resolve("t10k-magic");
        Files.write(magic, flipped);
        assertMessage(() -> IdxReader.read("x", magic, labels, DIGITS), "t10k-magic", "not an IDX image file");
    }

    static void assertMessage(Runnable r, String... parts) {
        ZooDataException e = assertThrows(ZooDataException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }
}
