package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Image;
import org.junit.jupiter.api.Test;

/** Resizing and cropping as torchvision's Resize/CenterCrop on PIL images (Pillow's bilinear filter). */
class ImageResizeTest {

    private static Image row(float... v) {
        return new Image(1, 1, v.length, v);
    }

    @Test
    void downscalingAveragesOverTheWidenedTriangleAsPillowDoes() {
        // 4 → 2: scale 2, so the triangle spans ±2 input pixels. Output 0 is centred at 1.0 and takes inputs
        // 0, 1, 2 at weights 0.75, 0.75, 0.25 (normalised by 1.75): (0·0.75 + 10·0.75 + 20·0.25) / 1.75 = 7.142857.
        // Pillow, float ('F') image: Image.fromarray([[0,10,20,30]]).resize((2,1), BILINEAR) = [7.142857, 22.857143].
        assertArrayEquals(new float[] {7.142857f, 22.857143f}, row(0, 10, 20, 30).resize(1, 2).px(), 1e-5f);
    }

    @Test
    void upscalingIsPlainBilinearWithRenormalisedBorders() {
        // 4 → 6, Pillow: [0, 5, 11.666667, 18.333334, 25, 30]; the first output (centre 0.33) sees only pixel 0
        assertArrayEquals(new float[] {0, 5, 11.666667f, 18.333334f, 25, 30}, row(0, 10, 20, 30).resize(1, 6).px(), 1e-5f);
    }

    @Test
    void rowsAndColumnsAreFilteredSeparately() {
        // a 2×2 image to 1×1 averages all four pixels
        Image sq = new Image(1, 2, 2, new float[] {0, 10, 20, 30});
        assertEquals(15f, sq.resize(1, 1).px()[0], 1e-5f);
    }

    @Test
    void shorterSideAndCentreCropRoundAsTorchvision() {
        Image img = new Image(1, 333, 500, new float[333 * 500]);
        // torchvision Resize(256): int(256 * 500 / 333) = int(384.38) = 384
        assertEquals(384, img.resizeShorter(256).w());
        Image tall = new Image(1, 1000, 333, new float[333 * 1000]);
        assertEquals(768, tall.resizeShorter(256).h()); // int(768.77) = 768, not 769
        // CenterCrop: top = int(round((h - th) / 2)), Python rounding half to even: 57.5 → 58, 58.5 → 58
        float[] v = new float[339];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        assertEquals(58f, new Image(1, 1, 339, v).centerCrop(1, 224).px()[0]); // margin 115, 57.5 → 58
        assertEquals(58f, new Image(1, 1, 341, java.util.Arrays.copyOf(v, 341)).centerCrop(1, 224).px()[0]); // margin 117, 58.5 → 58
    }

    /**
     * Issue 27: the sizes of a resize were multiplied in int. A 1×100000 strip resized to shorter side 256 asked for
     * 3 × 256 × 25,600,000 values, which is -1,814,036,480 in int (a NegativeArraySizeException as the error) after
     * a 300 MB first pass; and 3×65536×65536 is 0 in int, so an image of that size with no values was accepted.
     */
    @Test
    void sizesAreLongSafeAndAResizeTooLargeToHoldIsRefusedBeforeAllocating() {
        Image strip = new Image(3, 1, 100_000, new float[300_000]);
        io.github.classiczoo.core.util.ZooException e = assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> strip.resizeShorter(256));
        assertTrue(e.getMessage().contains("resizing a 1×100000 image to 256×25600000 would take "
                + "19,660,800,000 values"), e.getMessage());
        Image line = new Image(1, 1, 10_000_000, new float[10_000_000]);
        e = assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> line.resizeShorter(256));
        assertTrue(e.getMessage().contains("would make its longer side 2,560,000,000 pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Image(3, 65536, 65536, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> strip.crop(0, 0, 1, Integer.MAX_VALUE));
        assertEquals(25_600, new Image(1, 1, 100, new float[100]).resizeShorter(256).w(), "a resize within the limit is unchanged");
    }
}
