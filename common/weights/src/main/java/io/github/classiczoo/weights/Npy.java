package io.github.classiczoo.weights;

import io.github.classiczoo.core.model.ModelZip;
import io.github.classiczoo.core.util.ZooException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * numpy's {@code .npy} format (versions 1–3), read as untrusted input: the header's type, order and shape are
 * checked, the data must be exactly as long as the shape says, and memory grows with the bytes actually read (never
 * with a declared size alone), up to {@link ModelZip#maxParams()} values per array.
 * Types: float32, float64 (read as float32) and uint8, little-endian or single-byte, C or Fortran order.
 */
final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** The array in {@code in} ({@code what} names it in messages: the file, or the file and its entry). */
    static INDArray read(InputStream in, String what) throws IOException {
        return read(in, what, Long.MAX_VALUE);
    }

    /** As above, refusing data of more than {@code maxBytes} (a compressed member's bound: its compressed size × 100). */
    static INDArray read(InputStream in, String what, long maxBytes) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !java.util.Arrays.equals(java.util.Arrays.copyOf(magic, 6), MAGIC)) {
            throw new ZooException(what + " is not a numpy .npy array (no \\x93NUMPY magic)");
        }
        int major = magic[6];
        int headerLength;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            if (l.length < 2) {
                throw new ZooException(what + " is truncated inside its .npy header");
            }
            headerLength = (l[0] & 0xff) | (l[1] & 0xff) << 8;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            if (l.length < 4) {
                throw new ZooException(what + " is truncated inside its .npy header");
            }
            headerLength = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new ZooException(what + " is .npy version " + major + "; versions 1-3 are read");
        }
        if (headerLength < 0 || headerLength > 1 << 16) {
            throw new ZooException(what + " declares a .npy header of " + headerLength + " bytes");
        }
        byte[] hb = in.readNBytes(headerLength);
        if (hb.length < headerLength) {
            throw new ZooException(what + " is truncated inside its .npy header");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), o = ORDER.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new ZooException(what + " has a malformed .npy header: " + header.strip());
        }
        String descr = d.group(1);
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            case "|u1", "<u1" -> 1;
            default -> throw new ZooException(what + " holds '" + descr + "' values; float32 ('<f4'), float64 or uint8 is needed "
                    + "(numpy: x.astype(np.float32))");
        };
        long[] shape = shape(s.group(1), what);
        long count = 1;
        for (long dim : shape) {
            if (dim > 0 && count > ModelZip.maxParams() / dim) {
                throw new ZooException(what + " declares shape " + java.util.Arrays.toString(shape) + ": more than "
                        + String.format(Locale.ROOT, "%,d", ModelZip.maxParams()) + " values; refused (-D" + ModelZip.MAX_PARAMS_PROPERTY + "=N raises the limit)");
            }
            count *= dim;
        }
        if (count * width > Integer.MAX_VALUE - 16) {
            throw new ZooException(what + " declares " + count + " values: more than one array can hold here");
        }
        if (count * width > maxBytes) {
            throw new ZooException(String.format(Locale.ROOT, "%s declares %,d bytes of data, far more than its compressed size can hold "
                    + "for weights (a decompression bomb?); refused", what, count * width));
        }
        byte[] data = readExactly(in, count * width, what);
        float[] values = new float[(int) count];
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (width) {
                case 4 -> b.getFloat();
                case 8 -> (float) b.getDouble();
                default -> b.get() & 0xff;
            };
        }
        char order = "True".equals(o.group(1)) ? 'f' : 'c';
        if (count == 0) {
            return Nd4j.create(width == 1 ? org.nd4j.linalg.api.buffer.DataType.UBYTE : org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
        }
        if (width == 1) {
            return Nd4j.create(values, shape, order).castTo(org.nd4j.linalg.api.buffer.DataType.UBYTE);
        }
        return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, order).dup('c');
    }

    private static long[] shape(String text, String what) {
        String t = text.strip();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        if (parts.length == 0) {
            throw new ZooException(what + " has a malformed shape (" + text + ")");
        }
        int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        if (n > 32) {
            throw new ZooException(what + " declares " + n + " dimensions");
        }
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].strip().replaceAll("L$", ""));
            } catch (NumberFormatException e) {
                throw new ZooException(what + " has a malformed shape (" + text + ")");
            }
            if (shape[i] < 0) {
                throw new ZooException(what + " declares a negative dimension: shape (" + text + ")");
            }
        }
        return shape;
    }

    /** Exactly {@code n} bytes and then the end: memory grows with what arrives, so a short stream costs only its length. */
    private static byte[] readExactly(InputStream in, long n, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(n, 1 << 20));
        byte[] buf = new byte[1 << 16];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new ZooException(String.format(Locale.ROOT, "%s is truncated: %,d of the %,d data bytes its header declares", what, n - left, n));
            }
            out.write(buf, 0, r);
            left -= r;
        }
        if (in.read() >= 0) {
            throw new ZooException(String.format(Locale.ROOT, "%s is over-long: bytes after the %,d data bytes its header declares", what, n));
        }
        return out.toByteArray();
    }
}
