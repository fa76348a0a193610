package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.ImageDecoder;
import io.github.classiczoo.core.image.ImageFile;
import io.github.classiczoo.core.image.ImageIoDecoder;
import io.github.classiczoo.data.formats.OpenCvDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** With zoo-data on the class path its decoder is used; the JDK's, the core's fallback, gives the same PNG pixels. */
class DecodersTest {

    static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, b));
        return b.toByteArray();
    }

    static Image both(byte[] bytes, String name, boolean exact) {
        ImageFile.Header h = ImageFile.inspect(name, bytes);
        Image cv = new OpenCvDecoder().decode(name, bytes, h), io = new ImageIoDecoder().decode(name, bytes, h);
        assertEquals(3, io.c());
        if (exact) {
            assertArrayEquals(cv.px(), io.px(), 0f, name);
        }
        return io;
    }

    @Test
    void zooDataDecodesWhenItIsThere() {
        assertEquals("opencv", ImageDecoder.best().name());
    }

    @Test
    void pngPixelsAreTheSameWithEitherDecoder() throws Exception {
        Random r = new Random(3);
        int w = 37, h = 23;
        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB),
                argb = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB), grey16 = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        byte[] lut = new byte[16];
        for (int i = 0; i < 16; i++) {
            lut[i] = (byte) (i * 17);
        }
        BufferedImage palette = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(4, 16, lut, lut.clone(), lut.clone()));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                grey.getRaster().setSample(x, y, 0, r.nextInt(256));
                grey16.getRaster().setSample(x, y, 0, r.nextInt(65536));
                rgb.setRGB(x, y, r.nextInt(1 << 24));
                argb.setRGB(x, y, r.nextInt());
                palette.getRaster().setSample(x, y, 0, r.nextInt(16));
            }
        }
        Image g = both(encode(grey, "png"), "grey.png", true);
        assertEquals(grey.getRaster().getSample(5, 4, 0), g.at(1, 4, 5), 0f, "grey levels unchanged (no colour-space conversion)");
        both(encode(rgb, "png"), "rgb.png", true);
        both(encode(argb, "png"), "argb.png", true);
        both(encode(palette, "png"), "palette.png", true);
        Image g16 = both(encode(grey16, "png"), "grey16.png", true);
        assertEquals(grey16.getRaster().getSample(0, 0, 0) >> 8, g16.at(0, 0, 0), 0f, "16-bit keeps its high byte");
    }

    @Test
    void jpegPixelsDifferByAFewLevelsAtMost() throws Exception {
        BufferedImage rgb = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                rgb.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x + y) * 2));
            }
        }
        byte[] jpg = encode(rgb, "jpg");
        ImageFile.Header h = ImageFile.inspect("smooth.jpg", jpg);
        float[] cv = new OpenCvDecoder().decode("smooth.jpg", jpg, h).px(), io = new ImageIoDecoder().decode("smooth.jpg", jpg, h).px();
        float worst = 0;
        for (int i = 0; i < cv.length; i++) {
            worst = Math.max(worst, Math.abs(cv[i] - io[i]));
        }
        System.out.println("JPEG: ImageIO against libjpeg-turbo, max |Δ| " + worst + " levels");
        assertTrue(worst <= 8, "JPEG decoders differ by " + worst + " levels");
    }
}
