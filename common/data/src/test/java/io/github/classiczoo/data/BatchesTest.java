package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.pipeline.Batches;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class BatchesTest {

    /** n images of 1×2×3 whose pixel k of image i is 10·i + k, label i % 3. */
    static ImageSet tiny(int n) {
        byte[] px = new byte[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 6; k++) {
                px[i * 6 + k] = (byte) (10 * i + k);
            }
            labels[i] = i % 3;
        }
        return new ImageSet("tiny", new InputShape(1, 2, 3), px, labels, List.of("a", "b", "c"));
    }

    @Test
    void padsWithTheBackgroundValueAndNormalises() {
        // LeNet-5's input: 28×28 digits centred in 32×32, background −0.1, ink (255) 1.175
        Batches b = new Batches(tiny(1), new InputShape(1, 4, 5), Normalization.lecun98(), Augment.NONE, 1, false, 0);
        INDArray x = b.epoch(0).next().getFeatures();
        assertArrayEquals(new long[] {1, 1, 4, 5}, x.shape());
        assertEquals(-0.1, x.getDouble(0, 0, 0, 0), 1e-6);             // padding
        assertEquals(-0.1, x.getDouble(0, 0, 1, 1), 1e-6);             // pixel value 0
        assertEquals(-0.1 + 1.275 * 5 / 255.0, x.getDouble(0, 0, 2, 3), 1e-6); // pixel k=5 at (1,2) lands at (2,3)
        assertEquals(1.175, Normalization.lecun98().apply(255, 0), 1e-6);
    }

    @Test
    void theOrderOfAnEpochDependsOnlyOnSeedAndEpoch() {
        Batches a = new Batches(tiny(50), new InputShape(1, 2, 3), Normalization.mnist(), Augment.NONE, 8, true, 7);
        Batches b = new Batches(tiny(50), new InputShape(1, 2, 3), Normalization.mnist(), Augment.NONE, 8, true, 7);
        assertArrayEquals(a.order(3), b.order(3));
        assertFalse(java.util.Arrays.equals(a.order(3), a.order(4)));
        int[] sorted = a.order(3).clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
        // every image once per epoch, in batches of 8 and a last one of 2
        Batches.Epoch e = a.epoch(0);
        int seen = 0, batches = 0;
        while (e.hasNext()) {
            DataSet ds = e.next();
            seen += ds.numExamples();
            batches++;
        }
        assertEquals(50, seen);
        assertEquals(7, batches);
        assertEquals(7, a.batchesPerEpoch());
    }

    @Test
    void cropAndFlipAugmentationIsSeededAndKeepsTheShape() {
        ImageSet one = tiny(1);
        Batches aug = new Batches(one, new InputShape(1, 2, 3), Normalization.meanStd(new float[] {0}, new float[] {1}), Augment.padCropFlip(1), 1, false, 11);
        INDArray a = aug.epoch(0).next().getFeatures();
        INDArray again = aug.epoch(0).next().getFeatures();
        assertEquals(a, again);
        boolean differs = false;
        for (int e = 1; e < 20 && !differs; e++) {
            differs = !aug.epoch(e).next().getFeatures().equals(a);
        }
        assertTrue(differs, "augmentation never changed the image in 20 epochs");
        assertArrayEquals(new long[] {1, 1, 2, 3}, a.shape());
    }

    @Test
    void refusesAChannelMismatch() {
        ZooDataException e = assertThrows(ZooDataException.class,
                () -> new Batches(tiny(2), new InputShape(3, 2, 3), Normalization.mnist(), Augment.NONE, 1, false, 0));
        assertTrue(e.getMessage().contains("1-channel") && e.getMessage().contains("3 channels"), e.getMessage());
    }

    @Test
    void refusesImagesLargerThanTheModelInput() {
        ZooDataException e = assertThrows(ZooDataException.class,
                () -> new Batches(tiny(2), new InputShape(1, 2, 2), Normalization.mnist(), Augment.NONE, 1, false, 0));
        assertTrue(e.getMessage().contains("2×3 images but the model takes 2×2") && e.getMessage().contains("build the model for input 1,2,3"), e.getMessage());
    }

    @Test
    void splitsAreSeededAndDisjoint() {
        ImageSource[] s = tiny(40).split(10, 5);
        ImageSource[] t = tiny(40).split(10, 5);
        assertEquals(30, s[0].size());
        assertEquals(10, s[1].size());
        java.util.Set<Float> val = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            assertEquals(s[1].image(i).px()[0], t[1].image(i).px()[0], 0f); // the same seed, the same split
            val.add(s[1].image(i).px()[0]);  // pixel 0 of image i is 10·i: an identity
        }
        for (int i = 0; i < 30; i++) {
            assertFalse(val.contains(s[0].image(i).px()[0]), "an image is in both splits");
        }
    }
}
