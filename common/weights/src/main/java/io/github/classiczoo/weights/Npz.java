package io.github.classiczoo.weights;

import io.github.classiczoo.core.util.Files2;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * numpy's {@code .npy} and {@code .npz} files, through ND4J's readers (checked here on the files numpy 1.24
 * writes with {@code np.save}/{@code np.savez}, float32 and uint8; ND4J cannot read the deflated entries of
 * {@code np.savez_compressed}) and a zip of stored {@code .npy} entries for writing.
 */
public final class Npz {

    private Npz() {
    }

    /** Every array of an {@code .npz}, by key (the entry name without {@code .npy}). */
    public static Map<String, INDArray> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("weight file " + file + " does not exist");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getMethod() != ZipEntry.STORED) {
                    throw new IllegalArgumentException(file + " is compressed (np.savez_compressed); write it with np.savez");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as a numpy .npz file (a zip of .npy files): " + e.getMessage(), e);
        }
        try {
            return new TreeMap<>(Nd4j.createFromNpzFile(file.toFile()));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read " + file + " as a numpy .npz file: " + e.getMessage(), e);
        }
    }

    /** A float32 {@code .npy} array; other types are refused with a message saying how to convert. */
    public static INDArray readFloat32(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("input file " + file + " does not exist");
        }
        INDArray a;
        try {
            a = Nd4j.createFromNpyFile(file.toFile());
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read " + file + " as a numpy .npy file: " + e.getMessage(), e);
        }
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException(file + " holds " + a.dataType() + " values; float32 is needed (numpy: x.astype(np.float32))");
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
