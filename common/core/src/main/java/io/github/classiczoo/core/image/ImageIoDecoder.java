package io.github.classiczoo.core.image;

import io.github.classiczoo.core.util.ZooException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * The JDK's ImageIO as an {@link ImageDecoder}, for a user with the core alone. PNG pixels are the file's own, hence
 * Pillow's: samples are read from the raster as stored (grey is not passed through Java's colour conversion, which would
 * change its levels; 16-bit samples keep their high byte, 1-, 2- and 4-bit grey are scaled to 0–255 as libpng expands
 * them), palettes expanded, alpha dropped. JPEG is decoded by the JDK's own libjpeg 6b, where Pillow uses libjpeg-turbo:
 * their inverse DCT and chroma upsampling may differ by a few levels per pixel, so a JPEG's pixels can differ slightly
 * from zoo-data's decoder; CMYK JPEGs are not read. Add zoo-data to the class path for the zoo's own decoder.
 */
public final class ImageIoDecoder implements ImageDecoder {

    @Override
    public String name() {
        return "imageio";
    }

    @Override
    public Image decode(String name, byte[] bytes, ImageFile.Header header) {
        BufferedImage bi;
        try {
            bi = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new ZooException("cannot decode " + name + ": a damaged " + header.format() + " (" + e.getMessage() + ")", e);
        }
        if (bi == null) {
            throw new ZooException("cannot decode " + name + ": ImageIO reads no " + header.format() + " of this kind");
        }
        return rgb(bi);
    }

    /** The image's pixels as channel-major 8-bit RGB (see the class comment). */
    static Image rgb(BufferedImage bi) {
        int h = bi.getHeight(), w = bi.getWidth(), plane = h * w;
        float[] px = new float[3 * plane];
        ColorModel cm = bi.getColorModel();
        Raster r = bi.getRaster();
        boolean raw = cm instanceof ComponentColorModel
                && (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY || cm.getColorSpace().isCS_sRGB());
        if (raw) {
            boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
            for (int c = 0; c < 3; c++) {
                int band = grey ? 0 : c, bits = cm.getComponentSize(band);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        px[c * plane + y * w + x] = eight(r.getSample(x, y, band), bits);
                    }
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = bi.getRGB(x, y);
                    px[y * w + x] = (argb >> 16) & 0xff;
                    px[plane + y * w + x] = (argb >> 8) & 0xff;
                    px[2 * plane + y * w + x] = argb & 0xff;
                }
            }
        }
        return new Image(3, h, w, px);
    }

    /** A {@code bits}-bit sample as 8 bits: the high byte of a deeper one, a shallower one scaled to 0–255 (libpng's expansion). */
    private static int eight(int v, int bits) {
        if (bits >= 8) {
            return v >> (bits - 8);
        }
        return v * 255 / ((1 << bits) - 1);
    }
}
