package io.github.classiczoo.data;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.ImageFile;
import java.io.Serializable;

/**
 * One image as it travels to a Spark executor, compact and undecoded: a JPEG/PNG file's own bytes ({@code c = 0}), or
 * the 8-bit pixels of an in-memory dataset ({@code c × h × w} bytes, channel-major). {@link #decode} gives the same
 * {@link Image} that {@link ImageSource#image} gives on the driver.
 *
 * @param name where the image came from (a file, or dataset and index), for errors
 */
public record StoredImage(String name, byte[] bytes, int c, int h, int w) implements Serializable {

    /** A file's bytes, decoded on arrival ({@link ImageFile#decode(String, byte[])}: inspected again, it is untrusted there too). */
    public static StoredImage file(String name, byte[] bytes) {
        return new StoredImage(name, bytes, 0, 0, 0);
    }

    /** Pixels in [0, 255] as bytes. */
    public static StoredImage pixels(String name, Image img) {
        byte[] b = new byte[img.px().length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Math.round(Math.max(0, Math.min(255, img.px()[i])));
        }
        return new StoredImage(name, b, img.c(), img.h(), img.w());
    }

    public Image decode() {
        if (c == 0) {
            return ImageFile.decode(name, bytes);
        }
        float[] px = new float[bytes.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = bytes[i] & 0xff;
        }
        return new Image(c, h, w, px);
    }
}
