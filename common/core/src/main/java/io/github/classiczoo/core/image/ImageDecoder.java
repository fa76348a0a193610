package io.github.classiczoo.core.image;

import java.util.ServiceLoader;

/**
 * Turns a JPEG or PNG file's bytes, whose header {@link ImageFile#inspect} has accepted, into 8-bit RGB pixels
 * ({@link ImageFile} says exactly which). zoo-data provides the decoder the zoo trains with (libjpeg and libpng through
 * OpenCV, Pillow's pixels exactly), found as a {@link ServiceLoader} service; with the core alone the JDK's ImageIO
 * decodes ({@link ImageIoDecoder}).
 */
public interface ImageDecoder {

    /** Decodes {@code bytes} ({@code name} names them in errors; {@code header} is what inspecting them found). */
    Image decode(String name, byte[] bytes, ImageFile.Header header);

    /** A short name for reports: {@code opencv}, {@code imageio}. */
    String name();

    /** zoo-data's decoder if it is on the class path, else ImageIO. */
    static ImageDecoder best() {
        return Holder.BEST;
    }

    /** Found once: a service lookup per image would scan the class path each time. */
    final class Holder {
        static final ImageDecoder BEST = ServiceLoader.load(ImageDecoder.class).findFirst().orElseGet(ImageIoDecoder::new);

        private Holder() {
        }
    }
}
