package io.github.classiczoo.data.formats;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.ZooDataException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (raw or gzipped), checking the magic number, the
 * dimensions and that the file holds exactly the bytes its header announces.
 */
public final class IdxReader {

    /** The IDX format's magic numbers for an image file (3 dimensions of unsigned bytes) and a label file (1 dimension). */
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an image file and its label file into one {@link ImageSet}. */
    public static ImageSet read(String name, Path images, Path labels, List<String> classNames) {
        int[] header = new int[3];
        byte[] px = readImages(images, header);
        int[] lb = readLabels(labels, classNames.size());
        if (lb.length != header[0]) {
            throw new ZooDataException(String.format(Locale.ROOT, "%s has %d images but %s has %d labels", images, header[0], labels, lb.length));
        }
        return new ImageSet(name, new InputShape(1, header[1], header[2]), px, lb, classNames);
    }

    /** Pixels of an idx3-ubyte file; {@code dims} receives count, rows, columns. */
    static byte[] readImages(Path file, int[] dims) {
        try (DataInputStream in = new DataInputStream(Files2.openMaybeGzip(file))) {
            int magic = readHeaderInt(in, file);
            if (magic != IMAGES_MAGIC) {
                throw new ZooDataException(String.format(Locale.ROOT,
                        "%s is not an IDX image file: magic number 0x%08x, expected 0x%08x", file, magic, IMAGES_MAGIC));
            }
            int n = readHeaderInt(in, file), rows = readHeaderInt(in, file), cols = readHeaderInt(in, file);
            if (n < 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE - 16) {
                throw new ZooDataException(String.format(Locale.ROOT, "%s has an impossible header: %d images of %d×%d", file, n, rows, cols));
            }
            byte[] px = readExactly(in, n * rows * cols, file, String.format(Locale.ROOT, "%,d images of %d×%d", n, rows, cols));
            expectEnd(in, file);
            dims[0] = n;
            dims[1] = rows;
            dims[2] = cols;
            return px;
        } catch (IOException e) {
            throw new ZooDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static int[] readLabels(Path file, int classes) {
        try (DataInputStream in = new DataInputStream(Files2.openMaybeGzip(file))) {
            int magic = readHeaderInt(in, file);
            if (magic != LABELS_MAGIC) {
                throw new ZooDataException(String.format(Locale.ROOT,
                        "%s is not an IDX label file: magic number 0x%08x, expected 0x%08x", file, magic, LABELS_MAGIC));
            }
            int n = readHeaderInt(in, file);
            if (n < 0) {
                throw new ZooDataException(file + " has an impossible header: " + n + " labels");
            }
            byte[] raw = readExactly(in, n, file, String.format(Locale.ROOT, "%,d labels", n));
            expectEnd(in, file);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = raw[i] & 0xff;
                if (labels[i] >= classes) {
                    throw new ZooDataException(String.format(Locale.ROOT, "%s: label %d at position %d is out of range (expected 0..%d)",
                            file, labels[i], i, classes - 1));
                }
            }
            return labels;
        } catch (IOException e) {
            throw new ZooDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new ZooDataException(file + " is truncated: it ends inside its IDX header");
        }
    }

    /** The {@code n} bytes the header announces; memory grows with the bytes that arrive, so a lying header costs nothing. */
    private static byte[] readExactly(InputStream in, int n, Path file, String what) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(Math.min(n, 1 << 20));
        byte[] buf = new byte[1 << 16];
        int left = n;
        while (left > 0) {
            int r = in.read(buf, 0, Math.min(buf.length, left));
            if (r < 0) {
                throw new ZooDataException(String.format(Locale.ROOT, "%s is truncated: its header announces %s (%,d bytes of data) but only %,d are there",
                        file, what, n, n - left));
            }
            out.write(buf, 0, r);
            left -= r;
        }
        return out.toByteArray();
    }

    private static void expectEnd(InputStream in, Path file) throws IOException {
        if (in.read() >= 0) {
            throw new ZooDataException(file + " has bytes after the data its header announces: not an IDX file of that size");
        }
    }
}
