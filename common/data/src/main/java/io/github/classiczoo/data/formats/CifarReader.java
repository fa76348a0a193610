package io.github.classiczoo.data.formats;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.ZooDataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009): fixed-length records of label
 * byte(s) and 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue, row-major 32×32). CIFAR-10 records
 * have one label byte; CIFAR-100 records have the coarse then the fine label, and the fine label is used.
 */
public final class CifarReader {

    public static final int PIXELS = 3 * 32 * 32;

    private CifarReader() {
    }

    /** Concatenates the records of {@code files}; {@code labelBytes} is 1 (CIFAR-10) or 2 (CIFAR-100). */
    public static ImageSet read(String name, List<Path> files, int labelBytes, List<String> classNames) {
        int record = labelBytes + PIXELS;
        long total = 0;
        for (Path f : files) {
            long size = size(f);
            if (size == 0 || size % record != 0) {
                throw new ZooDataException(String.format(Locale.ROOT,
                        "%s is not a CIFAR binary file: its %,d bytes are not a whole number of %,d-byte records (%d label byte%s + 3,072 pixels)",
                        f, size, record, labelBytes, labelBytes == 1 ? "" : "s"));
            }
            total += size / record;
        }
        if (total * PIXELS > Integer.MAX_VALUE) {
            throw new ZooDataException(name + ": " + total + " images do not fit in memory at once");
        }
        byte[] px = new byte[(int) (total * PIXELS)];
        int[] labels = new int[(int) total];
        int i = 0;
        byte[] rec = new byte[record];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                long n = size(f) / record;
                for (long k = 0; k < n; k++, i++) {
                    if (in.readNBytes(rec, 0, record) != record) {
                        throw new ZooDataException(f + " ended in the middle of record " + k);
                    }
                    int label = rec[labelBytes - 1] & 0xff;
                    if (label >= classNames.size()) {
                        throw new ZooDataException(String.format(Locale.ROOT, "%s: label %d of record %d is out of range (expected 0..%d)",
                                f, label, k, classNames.size() - 1));
                    }
                    labels[i] = label;
                    System.arraycopy(rec, labelBytes, px, i * PIXELS, PIXELS);
                }
            } catch (IOException e) {
                throw new ZooDataException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return new ImageSet(name, new InputShape(3, 32, 32), px, labels, classNames);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new ZooDataException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
