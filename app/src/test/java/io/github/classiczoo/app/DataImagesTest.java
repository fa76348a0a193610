package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.data.store.Datasets;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zoo data images}: a dataset's own pixels as PNG files to try {@code zoo predict --image} on. */
class DataImagesTest {

    @Test
    void savesTheDatasetsOwnPixelsNamedByClass(@TempDir Path tmp) throws Exception {
        ImageSet test = TestData.store().load(Datasets.MNIST, io.github.classiczoo.data.Split.TEST, null);
        CommandTest.Result r = CommandTest.run("data", "images", "mnist", "--start", "5", "--count", "2", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        for (int i = 5; i < 7; i++) {
            Path f = tmp.resolve(String.format("test-%05d-%s.png", i, test.classNames().get(test.label(i))));
            BufferedImage img = ImageIO.read(f.toFile());
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
            byte[] px = test.stored(i).bytes();
            int[] got = img.getRaster().getPixels(0, 0, 28, 28, (int[]) null);
            for (int k = 0; k < 784; k++) {
                assertEquals(px[k] & 0xff, got[k], "pixel " + k + " of image " + i);
            }
        }
        assertEquals("t-shirt-top", DataCommand.Images.fileName("T-shirt/top"));
        assertEquals("ankle-boot", DataCommand.Images.fileName("Ankle boot"));
    }

    @Test
    void refusesWhatItCannotDoAndOverwritesNothing(@TempDir Path tmp) throws Exception {
        Path existing = tmp.resolve("test-00001-2.png");
        byte[] mine = "not a digit".getBytes();
        Files.write(existing, mine);
        CommandTest.Result clash = CommandTest.run("data", "images", "mnist", "--count", "3", "--out", tmp.toString());
        assertEquals(1, clash.code());
        assertTrue(clash.err().contains("zoo data images: " + existing + " exists; nothing was written"), clash.err());
        assertArrayEquals(mine, Files.readAllBytes(existing));
        assertEquals(1, Files.list(tmp).count(), "nothing written beside it");

        CommandTest.Result past = CommandTest.run("data", "images", "mnist", "--start", "9999", "--count", "2", "--out", tmp.toString());
        assertEquals(1, past.code());
        assertTrue(past.err().contains("has 10,000 images"), past.err());
        CommandTest.Result many = CommandTest.run("data", "images", "mnist", "--count", "1000000", "--out", tmp.toString());
        assertEquals(1, many.code());
        assertTrue(many.err().contains("--count must be 1-10000"), many.err());
        CommandTest.Result split = CommandTest.run("data", "images", "mnist", "--split", "val", "--out", tmp.toString());
        assertEquals(2, split.code(), "a word the option does not take is bad usage");
        assertTrue(split.err().contains("Invalid value for option '--split': split must be train or test; got 'val'"), split.err());
        String help = CommandTest.run("data", "images", "--help").out();
        assertTrue(help.contains("train, test (default: test)"), "the help lists the words --split takes: " + help);
    }
}
