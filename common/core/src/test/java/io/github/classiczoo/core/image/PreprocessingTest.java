package io.github.classiczoo.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The transform a model file carries, with the core alone (ImageIO decoding): placement, numbers, and its three inputs. */
class PreprocessingTest {

    static final Preprocessing LENET = Preprocessing.of(new int[] {1, 32, 32}, new Preprocessing.Pad(28, 28), Normalization.lecun98());

    static BufferedImage digit(long seed) {
        BufferedImage g = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                g.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        return g;
    }

    @Test
    void aDigitIsPaddedIntoTheInputWithThePapersLevels() {
        BufferedImage g = digit(1);
        INDArray x = LENET.apply(g);
        assertArrayEquals(new long[] {1, 1, 32, 32}, x.shape());
        assertEquals(-0.1f, x.getFloat(0, 0, 0, 0), 1e-7f, "padding is white, the background");
        assertEquals(-0.1f, x.getFloat(0, 0, 31, 31), 1e-7f);
        for (int[] p : new int[][] {{0, 0}, {5, 7}, {27, 27}}) {
            int v = g.getRaster().getSample(p[1], p[0], 0);
            assertEquals(v / 255f * 1.275f - 0.1f, x.getFloat(0, 0, p[0] + 2, p[1] + 2), 1e-6f, "pixel " + p[0] + "," + p[1]);
        }
    }

    @Test
    void filesImagesAndRawArraysGiveTheSameInput(@TempDir Path tmp) throws Exception {
        BufferedImage g = digit(2);
        BufferedImage rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        float[] raw = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = g.getRaster().getSample(x, y, 0);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
                raw[y * 28 + x] = v;
            }
        }
        ImageIO.write(g, "png", tmp.resolve("g.png").toFile());
        ImageIO.write(rgb, "png", tmp.resolve("rgb.png").toFile());
        INDArray want = LENET.apply(g);
        assertEquals(want, LENET.apply(tmp.resolve("g.png")), "grey PNG");
        assertEquals(want, LENET.apply(tmp.resolve("rgb.png")), "the same digit saved as RGB: grey as Pillow's convert('L')");
        assertEquals(want, LENET.apply(rgb));
        assertEquals(want, LENET.apply(Nd4j.create(raw, 1, 1, 28, 28)), "raw 28×28 pixels are placed as a file is");
        INDArray two = LENET.apply(tmp.resolve("g.png"), tmp.resolve("rgb.png"));
        assertArrayEquals(new long[] {2, 1, 32, 32}, two.shape());
        // raw pixels at the input's own size are taken as placed: normalised only
        INDArray placed = LENET.apply(Nd4j.zeros(1, 1, 32, 32).addi(255));
        assertEquals(1.175f, placed.getFloat(0, 0, 0, 0), 1e-6f);
    }

    @Test
    void imagenetWeightsGetTheResizeAndCentreCrop() {
        Preprocessing p = Preprocessing.of(new int[] {3, 224, 224}, Preprocessing.ResizeCrop.imagenet(224), Normalization.imagenet());
        assertEquals(new Preprocessing.ResizeCrop(256), p.geometry());
        Image wide = new Image(3, 300, 600, new float[3 * 300 * 600]);
        Image placed = p.place(wide);
        assertEquals(224, placed.h());
        assertEquals(224, placed.w());
        assertTrue(p.describe().contains("shorter side resized to 256, centre 224×224 crop"), p.describe());
        assertTrue(LENET.describe().contains("x = p/255 · 1.275 − 0.1"), LENET.describe());
    }

    @Test
    void theOlderNamesMeanWhatTheyMeantBefore() {
        assertEquals(new Preprocessing.Pad(28, 28), Preprocessing.standard(new int[] {1, 32, 32}, "lecun98", "mnist", null).geometry());
        assertEquals(new Preprocessing.Pad(32, 32), Preprocessing.standard(new int[] {3, 32, 32}, "dataset", "cifar10", null).geometry());
        assertEquals(Normalization.cifar10(), Preprocessing.standard(new int[] {3, 32, 32}, "dataset", "cifar10", null).normalization());
        Preprocessing folder = Preprocessing.standard(new int[] {3, 224, 224}, "dataset", "folder:/data/x", null);
        assertEquals(new Preprocessing.ResizeCrop(256), folder.geometry());
        assertEquals(Normalization.imagenet(), folder.normalization());
    }

    @Test
    void refusesWhatCannotBeFed() {
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.of(new int[] {1, 32, 32}, new Preprocessing.Pad(40, 40), Normalization.lecun98()));
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.of(new int[] {1, 32, 32}, new Preprocessing.Pad(28, 28), Normalization.imagenet()));
        String m = assertThrows(IllegalArgumentException.class, () -> LENET.apply(Nd4j.zeros(2, 28, 28))).getMessage();
        assertTrue(m.contains("[N, C, H, W]"), m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LENET.apply(new Path[0])).getMessage().contains("no images given"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LENET.apply(Nd4j.zeros(0, 1, 28, 28))).getMessage().contains("no images given"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LENET.apply((BufferedImage) null)).getMessage().contains("image 0 is null"));
    }
}
