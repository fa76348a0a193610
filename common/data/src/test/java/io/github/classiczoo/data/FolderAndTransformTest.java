package io.github.classiczoo.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.pipeline.PcaLighting;
import io.github.classiczoo.data.pipeline.Transform;
import io.github.classiczoo.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder datasets on images the test writes, and the papers' image transforms. */
class FolderAndTransformTest {

    /** Writes an RGB image filled with (r, g, b). */
    @Test
    void scansClassesInNameOrderAndDecodesToRgb(@TempDir Path tmp) throws IOException {
        TestFiles.imageFolder(tmp, 3);
        FolderSource s = FolderSource.scan(tmp.resolve("train"));
        assertEquals(List.of("cat", "dog"), s.classNames());
        assertEquals(6, s.size());
        assertEquals(0, s.label(0));
        assertEquals(1, s.label(5));
        Image cat = s.image(0);
        assertEquals(3, cat.c());
        assertTrue(cat.at(0, 0, 0) > 190 && cat.at(2, 0, 0) < 40, "PNG decoded as BGR? r=" + cat.at(0, 0, 0) + " b=" + cat.at(2, 0, 0));
        Image dog = s.image(4);
        assertTrue(dog.at(2, 3, 3) > 180 && dog.at(0, 3, 3) < 60, "JPEG decoded as BGR?");
    }

    @Test
    void grayscaleFilesBecomeThreeEqualChannels(@TempDir Path tmp) throws IOException {
        TestFiles.image(tmp.resolve("g/x/a.png"), 8, 6, 90, 90, 90, "gray");
        Image img = FolderSource.scan(tmp.resolve("g")).image(0);
        assertEquals(3, img.c());
        assertEquals(img.at(0, 2, 2), img.at(1, 2, 2), 0.0);
        assertEquals(img.at(1, 2, 2), img.at(2, 2, 2), 0.0);
    }

    @Test
    void badFoldersAndFilesEndInMessagesNamingThem(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("empty/cls"));
        ZooDataException e = assertThrows(ZooDataException.class, () -> FolderSource.scan(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains("cls") && e.getMessage().contains("no JPEG or PNG"), e.getMessage());
        assertThrows(ZooDataException.class, () -> FolderSource.scan(tmp.resolve("missing")));
        Files.createDirectories(tmp.resolve("flat"));
        Files.writeString(tmp.resolve("flat/a.jpg"), "x");
        assertTrue(assertThrows(ZooDataException.class, () -> FolderSource.scan(tmp.resolve("flat"))).getMessage().contains("no class sub-folders"));
        Files.createDirectories(tmp.resolve("corrupt/cls"));
        Files.writeString(tmp.resolve("corrupt/cls/broken.jpg"), "not a jpeg at all");
        io.github.classiczoo.core.util.ZooException d = assertThrows(io.github.classiczoo.core.util.ZooException.class, () -> FolderSource.scan(tmp.resolve("corrupt")));
        assertTrue(d.getMessage().contains("broken.jpg") && d.getMessage().contains("not a JPEG or PNG"), d.getMessage());
    }

    static Image ramp(int h, int w) {
        float[] px = new float[3 * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 251;
        }
        return new Image(3, h, w, px);
    }

    @Test
    void evaluationTransformsResizeTheShorterSideThenCrop() {
        Image wide = ramp(30, 40);
        Image r = wide.resizeShorter(36);
        assertEquals(36, r.h());
        assertEquals(48, r.w());
        List<Image> one = Transform.centerCrop(36, 32).apply(wide, new Random(0));
        assertEquals(1, one.size());
        assertEquals(32, one.get(0).h());
        assertEquals(32, one.get(0).w());
        List<Image> ten = Transform.tenCrop(36, 32).apply(wide, new Random(0));
        assertEquals(10, ten.size());
        assertArrayEquals(ten.get(0).flipHorizontal().px(), ten.get(5).px(), 0f);
        assertArrayEquals(one.get(0).px(), ten.get(4).px(), 0f); // the fifth view is the centre crop
        // a resize to the same size changes nothing; resizing a constant image keeps it constant
        assertArrayEquals(wide.px(), wide.resize(30, 40).px(), 0f);
        Image flat = new Image(1, 5, 7, new float[35]);
        java.util.Arrays.fill(flat.px(), 77f);
        for (float v : flat.resize(11, 3).px()) {
            assertEquals(77f, v, 1e-4);
        }
    }

    @Test
    void trainingTransformsAreRandomButSeeded() {
        Image img = ramp(50, 60);
        Transform scale = Transform.scaleAugment(36, 48, 32);
        Image a = scale.apply(img, new Random(9)).get(0);
        Image b = scale.apply(img, new Random(9)).get(0);
        assertArrayEquals(a.px(), b.px(), 0f);
        assertEquals(32, a.h());
        assertEquals(32, a.w());
        Transform inception = Transform.areaAspectCrop(32);
        Image i1 = inception.apply(img, new Random(5)).get(0);
        assertEquals(32, i1.h());
        assertEquals(32, i1.w());
        assertArrayEquals(i1.px(), inception.apply(img, new Random(5)).get(0).px(), 0f);
        Transform alex = Transform.alexnetTrain(40, 32, 0.1);
        Image p = alex.apply(img, new Random(3)).get(0);
        assertEquals(32, p.h());
        assertNotEquals(alex.apply(img, new Random(3)).get(0).px()[0], alex.apply(img, new Random(4)).get(0).px()[0]);
    }

    @Test
    void pcaLightingShiftsEachChannelByOneConstant() {
        Image img = ramp(4, 5);
        Image lit = PcaLighting.apply(img, new Random(1), 0.1);
        for (int ch = 0; ch < 3; ch++) {
            float d0 = lit.at(ch, 0, 0) - img.at(ch, 0, 0);
            assertEquals(d0, lit.at(ch, 3, 4) - img.at(ch, 3, 4), 1e-3);
            assertTrue(Math.abs(d0) < 255 * 0.1, "offset " + d0 + " is larger than three σ of the paper's noise");
        }
        assertArrayEquals(img.px(), PcaLighting.apply(img, new Random(1), 0).px(), 0f);
    }

    @Test
    void augmentKindsGiveThePapersSizesScaledToTheInput() {
        io.github.classiczoo.core.model.InputShape in224 = new io.github.classiczoo.core.model.InputShape(3, 224, 224);
        Image big = ramp(300, 400);
        assertEquals(224, Augment.RESNET_SCALE.train(in224).apply(big, new Random(1)).get(0).h());
        Preprocessing p224 = Preprocessing.of(in224.toArray(), Augment.RESNET_SCALE.geometry(in224, big), Normalization.imagenet());
        assertEquals(new Preprocessing.ResizeCrop(256), p224.geometry());
        assertEquals(10, Transform.evaluation(p224, true).views());
        assertEquals(1, Transform.evaluation(p224, false).views());
        assertEquals(224, Transform.evaluation(p224, false).apply(big, null).get(0).w());
        assertEquals(new Preprocessing.Pad(300, 400), Augment.NONE.geometry(in224, big), "in-memory images are padded at their own size");
        io.github.classiczoo.core.model.InputShape in112 = new io.github.classiczoo.core.model.InputShape(3, 112, 112);
        assertEquals(128, Augment.scaled(256, 112));
        assertEquals(240, Augment.scaled(480, 112));
        assertEquals(112, Augment.ALEXNET.train(in112).apply(big, new Random(2)).get(0).w());
    }
}
