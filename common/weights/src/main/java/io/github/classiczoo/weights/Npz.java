package io.github.classiczoo.weights;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * numpy's {@code .npy} and {@code .npz} files: read with the zoo's own checked parser ({@link Npy}; checked here on the files
 * numpy 1.24 writes with {@code np.save}, {@code np.savez} and {@code np.savez_compressed}), written as a zip of stored
 * {@code .npy} entries as {@code np.savez} writes them.
 */
public final class Npz {

    private Npz() {
    }

    /** At most this many arrays in one {@code .npz} (ResNet-152 has 1,000 or so). */
    static final int MAX_ARRAYS = 100_000;

    /**
     * Every array of an {@code .npz} (stored or deflated entries, as {@code np.savez} and {@code np.savez_compressed}
     * write them), by key (the entry name without {@code .npy}). The file is untrusted: see {@link Npy}.
     */
    public static Map<String, INDArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ZooException("weight file " + file + " " + io.github.classiczoo.core.util.Files2.whyNotRegular(file));
        }
        Map<String, INDArray> out = new TreeMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ARRAYS) {
                throw new ZooException(file + " has " + zip.size() + " entries; an .npz of weights has at most " + MAX_ARRAYS);
            }
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.isDirectory()) {
                    continue;
                }
                if (!e.getName().endsWith(".npy")) {
                    throw new ZooException(file + ": member " + e.getName() + " is not an .npy array; not a numpy .npz file");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    // stored members hold what the file holds; a deflated one at most 100× its compressed size (weights hardly compress)
                    long bound = e.getMethod() == ZipEntry.DEFLATED ? Math.max(0, e.getCompressedSize()) * 100 + (1 << 20) : Long.MAX_VALUE;
                    out.put(e.getName().substring(0, e.getName().length() - 4), Npy.read(in, file + ": member " + e.getName(), bound));
                } catch (ZipException | java.io.EOFException x) {
                    throw new ZooException(file + ": member " + e.getName() + " is damaged (" + x.getMessage() + ")");
                }
            }
        } catch (ZipException e) {
            throw new ZooException(file + " is not a numpy .npz file (a zip of .npy arrays): " + e.getMessage());
        } catch (IOException e) {
            throw new ZooException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A float32 (or float64, converted) {@code .npy} array; other types are refused with a message saying how to convert. */
    public static INDArray readFloat32(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ZooException("input file " + file + " " + io.github.classiczoo.core.util.Files2.whyNotRegular(file));
        }
        INDArray a;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            a = Npy.read(in, file.toString());
        } catch (IOException e) {
            throw new ZooException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (a.dataType() != DataType.FLOAT) {
            throw new ZooException(file + " holds " + a.dataType() + " values; float32 is needed (numpy: x.astype(np.float32))");
        }
        return a;
    }

    /** Text stored as a uint8 array (the exporter's reserved {@code __meta__}, {@code __classes__} entries). */
    public static String text(INDArray bytes) {
        byte[] b = new byte[(int) bytes.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes.getInt(i);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Writes one array as {@code .npy}, atomically. */
    public static void writeNpy(Path target, INDArray a) throws IOException {
        Files2.writeAtomically(target, tmp -> Files.write(tmp, Nd4j.toNpyByteArray(a)));
    }

    /**
     * Writes arrays as an uncompressed {@code .npz}, atomically: stored zip entries, as {@code np.savez} writes
     * them (ND4J's reader cannot read deflated entries).
     */
    public static void writeNpz(Path target, Map<String, INDArray> arrays) throws IOException {
        Files2.writeAtomically(target, tmp -> {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    byte[] npy = Nd4j.toNpyByteArray(e.getValue().dup('c'));
                    ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(npy.length);
                    CRC32 crc = new CRC32();
                    crc.update(npy);
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    zip.write(npy);
                    zip.closeEntry();
                }
            }
        });
    }
}
