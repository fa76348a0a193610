package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.pipeline.Distortion;
import io.github.classiczoo.data.pipeline.Transform;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LeCun et al. 1998 §III.B's distortions and LeNet-1's 16×16 placement. */
class DistortionTest {

    /** A 28×28 "digit": a filled 8×12 rectangle of 255 centred at (13.5, 13.5). */
    static Image digit() {
        float[] px = new float[28 * 28];
        for (int y = 8; y < 20; y++) {
            for (int x = 10; x < 18; x++) {
                px[y * 28 + x] = 255;
            }
        }
        return new Image(1, 28, 28, px);
    }

    /** A smooth 28×28 blob (σ 3 px) whose ink bilinear sampling keeps, unlike a sharp edge's. */
    static Image blob() {
        float[] px = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                px[y * 28 + x] = (float) (255 * Math.exp(-((x - 13.5) * (x - 13.5) + (y - 13.5) * (y - 13.5)) / 18));
            }
        }
        return new Image(1, 28, 28, px);
    }

    static double[] centroidAndMass(Image img) {
        double m = 0, sx = 0, sy = 0;
        for (int y = 0; y < img.h(); y++) {
            for (int x = 0; x < img.w(); x++) {
                double v = img.at(0, y, x);
                m += v;
                sx += v * x;
                sy += v * y;
            }
        }
        return new double[] {sx / m, sy / m, m};
    }

    @Test
    void noRangeIsTheIdentity() {
        Image d = digit();
        assertArrayEquals(d.px(), new Distortion(0, 0, 0, 0).apply(d, new Random(1)).px());
    }

    @Test
    void aShiftMovesTheDigitAndOnlyThat() {
        // translate ±2 drawn as 2·(2u − 1): find a draw, then check the centroid moved by it and the ink is kept
        Image d = digit();
        Random r = new Random(5);
        double tx = (2 * r.nextDouble() - 1) * 2, ty = (2 * r.nextDouble() - 1) * 2;
        double[] before = centroidAndMass(d), after = centroidAndMass(new Distortion(2, 0, 0, 0).apply(d, new Random(5)));
        assertEquals(before[0] + tx, after[0], 1e-3);
        assertEquals(before[1] + ty, after[1], 1e-3);
        assertEquals(before[2], after[2], 1e-3 * before[2]);
    }

    @Test
    void scalingAndSqueezingChangeTheInkByTheirAreaFactor() {
        // a scale s multiplies the area by s² and a squeeze q by q·(1/q) = 1: the ink follows (bilinear sampling, away from the border)
        Image d = blob();
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            r.nextDouble();
            r.nextDouble();
            double s = 1 + (2 * r.nextDouble() - 1) * 0.15;
            double mass = centroidAndMass(new Distortion(0, 0.15, 0.15, 0.25).apply(d, new Random(seed)))[2];
            assertEquals(centroidAndMass(d)[2] * s * s, mass, 0.005 * mass, "seed " + seed);
        }
    }

    @Test
    void drawsDependOnlyOnTheGeneratorAndDiffer() {
        Image d = digit();
        Image a = Distortion.LECUN98.apply(d, new Random(3)), b = Distortion.LECUN98.apply(d, new Random(3));
        assertArrayEquals(a.px(), b.px());
        assertFalse(java.util.Arrays.equals(a.px(), Distortion.LECUN98.apply(d, new Random(4)).px()));
    }

    @Test
    void theDistortAugmentationPadsThenDistortsForTrainingAndTestsUndistorted() {
        InputShape lenet5 = new InputShape(1, 32, 32);
        Transform train = Augment.DISTORT.train(lenet5);
        Image placed = Augment.NONE.train(lenet5).apply(digit(), new Random(0)).get(0);
        Image distorted = train.apply(digit(), new Random(0)).get(0);
        assertEquals(32, distorted.h());
        assertFalse(java.util.Arrays.equals(placed.px(), distorted.px()));
        assertEquals(new Preprocessing.Pad(28, 28), Augment.DISTORT.geometry(lenet5, digit()));
        assertEquals("distort", Augment.DISTORT.toMap().get("kind"));
        assertEquals(Distortion.LECUN98.toMap(), Augment.DISTORT.toMap().get("distortion"));
    }

    @Test
    void aPaddedAugmentationMayResizeImagesBeforeCentringThem() {
        InputShape lenet1 = new InputShape(1, 28, 28);
        Augment a = Augment.NONE.resized(16);
        Image placed = a.train(lenet1).apply(digit(), new Random(0)).get(0);
        assertEquals(28, placed.h());
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (y < 6 || y >= 22 || x < 6 || x >= 22) {
                    assertEquals(0f, placed.at(0, y, x), "outside the centred 16×16 at " + y + "," + x);
                }
            }
        }
        assertEquals(centroidAndMass(digit())[2] * (16 / 28.0) * (16 / 28.0), centroidAndMass(placed)[2], 0.01 * centroidAndMass(placed)[2]);
        // testing places images the same way, as the model file records it
        Preprocessing.Geometry g = a.geometry(lenet1, digit());
        assertEquals(new Preprocessing.Pad(16, 16), g);
        assertArrayEquals(placed.px(), g.place(digit(), 28, 28).px(), 1e-4f);
        assertEquals(16, a.toMap().get("resize"));
        assertThrows(IllegalArgumentException.class, () -> Augment.ALEXNET.resized(16));
    }
}
