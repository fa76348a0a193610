package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.testing.TestFiles;
import io.github.classiczoo.weights.Npz;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, images: an image above the pixel limit is refused from its header, a truncated or non-image file is named,
 * a folder with too many damaged images (in val/ too) is refused before any training, and eval refuses a folder whose
 * classes are not the model's.
 */
class HostileImagesTest {

    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void model() throws Exception {
        Path npz = dir.resolve("w.npz");
        Npz.writeNpz(npz, new WeightsCommandTest().weights());
        model = dir.resolve("m.zip");
        assertEquals(0, CommandTest.run("import", "resnet18-torchvision", "--from", npz.toString(), "--out", model.toString(), "-k", "width=0.125").code());
        Files.delete(npz);
    }

    static void jpeg(Path f, int seed) throws IOException {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(seed % 40, seed % 30, 0xff8040);
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "jpg", f.toFile());
    }

    private void predictRefused(Path image, String expected) throws IOException {
        Hostile.refused(dir, expected, "predict", "--model", model.toString(), "--image", image.toString());
    }

    @Test
    void predictRefusesBombsTruncatedAndNonImages() throws IOException {
        Path big = TestFiles.png(dir.resolve("big.png"), 4, 4, 0, 8, new byte[16], null);
        byte[] b = Files.readAllBytes(big);
        java.nio.ByteBuffer.wrap(b, 16, 8).putInt(12000).putInt(12000);
        Files.write(big, b);
        predictRefused(big, big + " is 12000×12000 = 144,000,000 pixels, above the limit of 89,478,485");
        Path cut = dir.resolve("cut.jpg");
        jpeg(cut, 1);
        b = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(b, b.length / 2));
        predictRefused(cut, cut + " is a truncated or damaged JPEG");
        Path text = dir.resolve("text.jpg");
        Files.writeString(text, "hello");
        predictRefused(text, text + " is not a JPEG or PNG image");
    }

    @Test
    void damagedImagesInValAreFoundBeforeTraining() throws IOException {
        Path data = dir.resolve("data");
        for (String split : new String[] {"train", "val"}) {
            for (String c : new String[] {"a", "b"}) {
                for (int i = 0; i < 5; i++) {
                    jpeg(data.resolve(split + "/" + c + "/" + i + ".jpg"), i);
                }
            }
        }
        Path bad = data.resolve("val/b/3.jpg");
        byte[] b = Files.readAllBytes(bad);
        Files.write(bad, Arrays.copyOf(b, b.length - 40));
        Path run = dir.resolve("run");
        Hostile.refused(dir, "val: 1 of 10 images are damaged or unusable, more than the 0.10% allowed", "train", "mlp-300",
                "--dataset", "folder:" + data, "--epochs", "1", "--out", run.toString());
        assertFalse(Files.exists(run), "no run directory before the data is known good");
        Hostile.refused(dir, "3.jpg", "eval", model.toString(), "--dataset", "folder:" + data.resolve("val"));
    }

    /**
     * Issue 27: a 178-byte PNG of 100000×1 pixels (within the pixel limit) ended training in "zoo train: -1814036480" (an
     * int overflow in the resize, no file named) and predict and eval at 1.7 GB of memory. Refused from its header, named,
     * and counted among a folder's damaged images before any training.
     */
    @Test
    void stripsOfExtremeAspectRatioAreNamedNotOverflowed() throws IOException {
        Path strip = TestFiles.png(dir.resolve("strip.png"), 100_000, 1, 0, 8, new byte[100_000], null);
        predictRefused(strip, strip + " is 100000×1 pixels: one side is more than 100 times the other");
        Path data = dir.resolve("data");
        for (String split : new String[] {"train", "val"}) {
            for (String c : new String[] {"a", "b"}) {
                for (int i = 0; i < 4; i++) {
                    jpeg(data.resolve(split + "/" + c + "/" + i + ".jpg"), i);
                }
            }
        }
        Path inTrain = Files.copy(strip, data.resolve("train/b/strip.png"));
        Files.delete(strip);
        Path run = dir.resolve("run");
        String line = Hostile.refused(dir, "1 of 9 images are damaged or unusable", "train", "mlp-300", "--dataset", "folder:" + data,
                "--epochs", "1", "--batch", "4", "--out", run.toString());
        assertTrue(line.contains(inTrain + " is 100000×1 pixels"), line);
        assertFalse(Files.exists(run));
        Path inVal = Files.move(inTrain, data.resolve("val/a/strip.png"));
        line = Hostile.refused(dir, "1 of 9 images are damaged or unusable", "eval", model.toString(), "--dataset", "folder:" + data.resolve("val"));
        assertTrue(line.contains(inVal + " is 100000×1 pixels"), line);
    }

    @Test
    void evalRefusesAFolderWhoseClassesAreNotTheModels() throws Exception {
        // the model's classes: 0..3 (no names: the fc's rows) → give it names by importing with __classes__
        Path npz = dir.resolve("named.npz");
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> w = new WeightsCommandTest().weights();
        byte[] names = "ant\nbee\ncat\ndog".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] u = new int[names.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = names[i] & 0xff;
        }
        w.put("__classes__", org.nd4j.linalg.factory.Nd4j.createFromArray(u).castTo(org.nd4j.linalg.api.buffer.DataType.UBYTE));
        Npz.writeNpz(npz, w);
        Path named = dir.resolve("named.zip");
        assertEquals(0, CommandTest.run("import", "resnet18-torchvision", "--from", npz.toString(), "--out", named.toString(), "-k", "width=0.125").code());
        Path val = dir.resolve("val");
        for (String c : new String[] {"ant", "bee", "cow", "dog"}) {
            jpeg(val.resolve(c + "/0.jpg"), 3);
        }
        Hostile.refused(dir, "class 2 is 'cat' in the model but 'cow' in the data", "eval", named.toString(), "--dataset", "folder:" + val);
    }

    /** Issue 20: {@code zoo eval RUN_DIR} on a folder-trained run evaluates the folder's held-out images, not its root. */
    @Test
    void evalOfAFolderTrainedRunUsesItsHeldOutImages() throws IOException {
        Path data = dir.resolve("data");
        for (String split : new String[] {"train", "val"}) {
            for (String c : new String[] {"a", "b"}) {
                for (int i = 0; i < 4; i++) {
                    jpeg(data.resolve(split + "/" + c + "/" + i + ".jpg"), i);
                }
            }
        }
        Path run = dir.resolve("run");
        CommandTest.Result t = CommandTest.run("train", "mlp-300", "--dataset", "folder:" + data, "--epochs", "1", "--validation", "0",
                "--batch", "4", "--out", run.toString());
        assertEquals(0, t.code(), t.err());
        CommandTest.Result e = CommandTest.run("eval", run.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.err().contains("evaluating " + data.resolve("val")) && e.out().contains("8 images"),
                e.err() + e.out());
    }
}
