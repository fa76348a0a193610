package io.github.classiczoo.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Files in real formats, written byte by byte for tests: PNGs of any colour type and depth, one-colour images, a folder
 * dataset, tar.gz archives; and the build's dataset cache. Nothing here knows the zoo's classes, so zoo-data's own tests
 * use it as well as the modules above; datasets the zoo fetches (MNIST, a CIFAR-format archive) are zoo-data-testing's.
 */
public final class TestFiles {

    /** The variable the zoo's data store reads (zoo-data's {@code DataStore.ENV}). */
    public static final String CACHE_ENV = "CLASSIC_ZOO_DATA";

    private TestFiles() {
    }

    /**
     * The build's dataset cache: {@code $CLASSIC_ZOO_DATA}, which the build's test configuration sets to a directory
     * under the checkout's {@code target/} (the parent pom's {@code zoo.test.data}), never the user's
     * {@code ~/.cache/classic-zoo}.
     */
    public static Path cacheDir() {
        String dir = System.getenv(CACHE_ENV);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("tests read datasets from $" + CACHE_ENV + ", which the build sets for them (the parent "
                    + "pom's zoo.test.data); running them another way, set it to a directory of their own, not the user's cache");
        }
        return Path.of(dir);
    }

    /** Writes a .tar.gz whose entries are {@code members} (any path, even escaping ones) with {@code contents}. */
    public static Path tarGz(Path archive, List<String> members, List<byte[]> contents) throws IOException {
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
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < h; y++) {
            raw.write(0);
            raw.write(rows, y * rowBytes, rowBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) bitDepth).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        if (palette != null) {
            chunk(out, "PLTE", palette);
        }
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(raw.toByteArray());
        }
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A {@code w}×{@code h} image of one colour through ImageIO: {@code format} "png", "jpg", or "gray" (an 8-bit grey PNG). */
    public static Path image(Path file, int w, int h, int r, int g, int b, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, format.equals("gray") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, format.equals("gray") ? "png" : format, file.toFile());
        return file;
    }

    /** A folder dataset: root/{train,val}/{cat: reddish PNGs, dog: bluish JPEGs}, {@code perClass} each, several sizes. */
    public static Path imageFolder(Path root, int perClass) throws IOException {
        Random rng = new Random(4);
        for (String split : List.of("train", "val")) {
            for (int i = 0; i < perClass; i++) {
                int w = 20 + rng.nextInt(30), h = 20 + rng.nextInt(30);
                image(root.resolve(split + "/cat/c" + i + ".png"), w, h, 200 + rng.nextInt(50), 40, 30, "png");
                image(root.resolve(split + "/dog/d" + i + ".jpg"), h, w, 30, 50, 200 + rng.nextInt(50), "jpg");
            }
        }
        return root;
    }
}
