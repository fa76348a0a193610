package io.github.classiczoo.core.image;

import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A JPEG or PNG file as untrusted input. Before a pixel is decoded, its header is read for the size, which must stay
 * within {@link #maxPixels()}, and its end is checked (a JPEG's end-of-image marker, a PNG's {@code IEND} chunk) so
 * that a truncated file is reported rather than used half grey. Decoding ({@link ImageDecoder}) gives 8-bit RGB whatever
 * the file holds, as Pillow's {@code convert('RGB')} does: 16-bit channels keep their high byte, palettes are expanded,
 * grey is repeated into three channels, alpha is dropped, and EXIF orientation is ignored (torchvision does not apply
 * it). One difference: Pillow clips 16-bit <em>grey</em> PNGs to 0-255 when converting; here they are scaled like 16-bit
 * colour, so the same picture reaches the network in the same range at either depth.
 */
public final class ImageFile {

    /** Environment variable and system property that set the pixel limit. */
    public static final String MAX_PIXELS_ENV = "CLASSIC_ZOO_MAX_IMAGE_PIXELS", MAX_PIXELS_PROPERTY = "classiczoo.maxImagePixels";
    /** Pillow's {@code Image.MAX_IMAGE_PIXELS}: 1024 × 1024 × 1024 / 4 / 3, about 89.5 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    /**
     * The most one side of an image may be times the other. Every transform resizes the shorter side to the model's
     * input (256 for 224×224) before cutting it, so a 100000×1 strip would become 25,600,000 pixels long — gigabytes for
     * one image of a few hundred bytes. Panoramas and scanned strips stay well within 100:1.
     */
    public static final int MAX_ASPECT_RATIO = 100;

    private ImageFile() {
    }

    /** What a file's header says. */
    public record Header(String format, int width, int height) {
    }

    /**
     * The pixel limit: {@code -Dclassiczoo.maxImagePixels}, else {@code $CLASSIC_ZOO_MAX_IMAGE_PIXELS}, else Pillow's
     * default ({@value #DEFAULT_MAX_PIXELS}). Decoding an image takes about 30 bytes per pixel on its way to the network.
     */
    public static long maxPixels() {
        String v = System.getProperty(MAX_PIXELS_PROPERTY, System.getenv(MAX_PIXELS_ENV));
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_PIXELS;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ZooException(MAX_PIXELS_ENV + "=" + v + " is not a positive whole number of pixels");
    }

    /**
     * Reads {@code f}'s header and checks its end, without decoding: the format and size, or a {@link ZooException}
     * naming the file and what is wrong (not a JPEG/PNG, damaged or truncated, above the pixel limit).
     */
    public static Header inspect(Path f) {
        try (SeekableByteChannel ch = Files.newByteChannel(f)) {
            return inspect(f, ch);
        } catch (IOException e) {
            throw new ZooException("cannot read image " + f + ": " + e.getMessage(), e);
        }
    }

    /** {@link #inspect(Path)} of an image's bytes ({@code name} says where they came from). */
    public static Header inspect(String name, byte[] bytes) {
        try (SeekableByteChannel ch = new BytesChannel(bytes)) {
            return inspect((Object) name, ch);
        } catch (IOException e) {
            throw new ZooException("cannot read image " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@link #inspect(Path)} through a channel on the file (another filesystem's, for a zoo-data's {@code FileTree}); {@code name} names it in errors. */
    public static Header inspect(String name, SeekableByteChannel ch) {
        try {
            return inspect((Object) name, ch);
        } catch (IOException e) {
            throw new ZooException("cannot read image " + name + ": " + e.getMessage(), e);
        }
    }

    private static Header inspect(Object f, SeekableByteChannel ch) throws IOException {
        long size = ch.size();
        if (size > maxPixels() * 8 + (64L << 20)) {
            throw new ZooException(String.format(Locale.ROOT, "%s is %,d bytes, more than any image within the %,d-pixel limit needs; refused",
                    f, size, maxPixels()));
        }
        byte[] head = read(ch, 0, (int) Math.min(size, 64));
        Header h;
        if (head.length >= 24 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            h = png(f, head);
            if (!tailHas(ch, size, new byte[] {'I', 'E', 'N', 'D'}) && !pngHasIend(ch, size)) {
                throw new ZooException(f + " is a truncated or damaged PNG: it has no IEND chunk at its end");
            }
        } else if (head.length >= 4 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
            long[] scan = new long[1];
            h = jpeg(f, ch, size, scan);
            if (!tailHas(ch, size, new byte[] {(byte) 0xFF, (byte) 0xD9}) && !jpegHasEoiAfter(ch, size, scan[0])) {
                throw new ZooException(f + " is a truncated or damaged JPEG: it has no end-of-image marker");
            }
        } else {
            throw new ZooException(f + " is not a JPEG or PNG image (by its first bytes)");
        }
        if (h.width() < 1 || h.height() < 1) {
            throw new ZooException(f + " is a damaged " + h.format() + ": its header gives " + h.width() + "×" + h.height() + " pixels");
        }
        long pixels = (long) h.width() * h.height();
        if (pixels > maxPixels()) {
            throw new ZooException(String.format(Locale.ROOT, "%s is %d×%d = %,d pixels, above the limit of %,d; refused before decoding "
                    + "(raise it with %s=N if the image is genuine)", f, h.width(), h.height(), pixels, maxPixels(), MAX_PIXELS_ENV));
        }
        if (Math.max(h.width(), h.height()) > (long) MAX_ASPECT_RATIO * Math.min(h.width(), h.height())) {
            throw new ZooException(String.format(Locale.ROOT, "%s is %d×%d pixels: one side is more than %d times the other, too narrow "
                    + "a picture to resize to a model's input; refused", f, h.width(), h.height(), MAX_ASPECT_RATIO));
        }
        if (3 * pixels > Image.maxValues()) { // only when the pixel limit was raised above what one Java array holds as RGB
            throw new ZooException(String.format(Locale.ROOT, "%s is %d×%d = %,d pixels, more than one image in memory can hold (%,d); refused",
                    f, h.width(), h.height(), pixels, Image.maxValues() / 3));
        }
        return h;
    }

    /** Decodes one JPEG or PNG file to an 8-bit RGB image of its own size, after {@link #inspect} accepts it. */
    public static Image decode(Path f) {
        return decode(f.toString(), read(f));
    }

    /**
     * A file's bytes, after {@link #inspect} accepts it (so no more than an image within the pixel limit needs): what a
     * Spark executor receives to decode with {@link #decode(String, byte[])}.
     */
    public static byte[] read(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new ZooException("image file " + f + " " + io.github.classiczoo.core.util.Files2.whyNotRegular(f));
        }
        inspect(f);
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new ZooException("cannot read image " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a JPEG or PNG file's bytes ({@code f} names them in errors), inspected again first: they are untrusted here
     * too. The decoder is the best on the class path ({@link ImageDecoder#best()}): zoo-data's, Pillow's pixels exactly,
     * or the JDK's ImageIO.
     */
    public static Image decode(String f, byte[] bytes) {
        Header h = inspect(f, bytes);
        Image img = ImageDecoder.best().decode(f, bytes, h);
        if (img.h() != h.height() || img.w() != h.width() || img.c() != 3) {
            throw new ZooException(String.format(Locale.ROOT, "%s decoded to %d×%d×%d, its header says %d×%d: a damaged %s",
                    f, img.h(), img.w(), img.c(), h.height(), h.width(), h.format()));
        }
        return img;
    }

    private static Header png(Object f, byte[] head) {
        if (!(head[12] == 'I' && head[13] == 'H' && head[14] == 'D' && head[15] == 'R')) {
            throw new ZooException(f + " is a damaged PNG: its first chunk is not IHDR");
        }
        ByteBuffer b = ByteBuffer.wrap(head, 16, 8);
        long w = Integer.toUnsignedLong(b.getInt()), h = Integer.toUnsignedLong(b.getInt());
        if (w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
            throw new ZooException(f + " is a damaged PNG: its header gives " + w + "×" + h + " pixels");
        }
        return new Header("PNG", (int) w, (int) h);
    }

    /**
     * Walks the JPEG's marker segments to the frame header (SOFn) and on to the start of scan, seeking over the others;
     * {@code scan[0]} receives where the image data begins (0 if it was not reached).
     */
    private static Header jpeg(Object f, SeekableByteChannel ch, long size, long[] scan) throws IOException {
        long pos = 2;
        Header found = null;
        for (int segments = 0; segments < 10_000 && pos + 4 <= size; segments++) {
            byte[] m = read(ch, pos, 4);
            if ((m[0] & 0xff) != 0xFF) {
                break;
            }
            int marker = m[1] & 0xff;
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2;
                continue;
            }
            int length = ((m[2] & 0xff) << 8) | (m[3] & 0xff);
            if (length < 2) {
                break;
            }
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame && found == null) {
                byte[] sof = read(ch, pos + 4, 5);
                if (sof.length < 5) {
                    break;
                }
                int h = ((sof[1] & 0xff) << 8) | (sof[2] & 0xff), w = ((sof[3] & 0xff) << 8) | (sof[4] & 0xff);
                found = new Header("JPEG", w, h);
            }
            if (marker == 0xDA) {
                scan[0] = pos + 2 + length;
                break;
            }
            if (marker == 0xD9) {
                break;
            }
            pos += 2 + length;
        }
        if (found == null) {
            throw new ZooException(f + " is a damaged JPEG: no frame header before its image data");
        }
        return found;
    }

    /**
     * Whether an end-of-image marker follows the image data (for files with data appended after the image — motion
     * photos, camera trailers — whose last kilobyte does not end it). In entropy-coded data a 0xFF is always followed by
     * 0x00 or a restart marker, so 0xFF 0xD9 there is the end of the image.
     */
    private static boolean jpegHasEoiAfter(SeekableByteChannel ch, long size, long from) throws IOException {
        if (from <= 0) {
            return false;
        }
        boolean ff = false;
        for (long pos = from; pos < size; pos += 1 << 16) {
            byte[] b = read(ch, pos, (int) Math.min(1 << 16, size - pos));
            for (byte x : b) {
                if (ff && (x & 0xff) == 0xD9) {
                    return true;
                }
                ff = (x & 0xff) == 0xFF;
            }
        }
        return false;
    }

    /** Whether walking the PNG's chunks from the signature reaches IEND inside the file (trailing data after it is allowed). */
    private static boolean pngHasIend(SeekableByteChannel ch, long size) throws IOException {
        long pos = 8;
        while (pos + 12 <= size) {
            byte[] c = read(ch, pos, 8);
            long length = Integer.toUnsignedLong(ByteBuffer.wrap(c, 0, 4).getInt());
            if (c[4] == 'I' && c[5] == 'E' && c[6] == 'N' && c[7] == 'D') {
                return true;
            }
            pos += 12 + length;
        }
        return false;
    }

    /** Whether the last kilobyte of the file holds {@code pattern}. */
    private static boolean tailHas(SeekableByteChannel ch, long size, byte[] pattern) throws IOException {
        int n = (int) Math.min(size, 1024);
        byte[] tail = read(ch, size - n, n);
        for (int i = tail.length - pattern.length; i >= 0; i--) {
            boolean match = true;
            for (int k = 0; k < pattern.length && match; k++) {
                match = tail[i + k] == pattern[k];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(SeekableByteChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Math.max(0, n));
        ch.position(pos);
        while (b.hasRemaining() && ch.read(b) > 0) {
            // keep reading
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** A read-only channel over bytes in memory, for {@link #inspect(String, byte[])}. */
    private static final class BytesChannel extends ReadOnlyChannel {
        private final byte[] bytes;

        BytesChannel(byte[] bytes) {
            super(bytes.length);
            this.bytes = bytes;
        }

        @Override
        protected int readAt(long position, byte[] b, int off, int len) {
            System.arraycopy(bytes, (int) position, b, off, len);
            return len;
        }
    }
}
