package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.app.CommandTest.Result;
import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.store.Datasets;
import io.github.classiczoo.train.Predictor;
import io.github.classiczoo.weights.Npz;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 17, first item: `zoo predict --image` on a 1-channel model. A PNG of an MNIST test digit (grey, and the same
 * digit as RGB) reaches LeNet-5 exactly as `zoo eval` feeds it that digit — 28×28 padded into 32×32, LeCun's
 * normalisation, no ImageNet resize — so it gets the same class and probabilities; and raw pixels in an .npy too.
 */
class PredictTest {

    @Test
    void anMnistDigitAsPngIsPredictedAsEvalSeesIt(@TempDir Path tmp) throws Exception {
        TestData.store();
        Path run = tmp.resolve("run");
        Result t = CommandTest.run("train", "lenet5", "--dataset", "mnist", "--subset", "1200", "--epochs", "1", "--out", run.toString());
        assertEquals(0, t.code(), t.err());
        Path model = ModelFile.resolve(run);
        ModelFile.Info info = ModelFile.info(model);
        ImageSet test = TestData.store().load(Datasets.MNIST, io.github.classiczoo.data.Split.TEST, null);

        // the model file says how its inputs are normalised (issue 17, item 2), in text and JSON
        Result s = CommandTest.run("summary", run.toString());
        assertEquals(0, s.code(), s.err());
        // `zoo train` without --recipe normalises by the dataset's statistics: MNIST's mean 0.1307 and std 0.3081
        assertTrue(s.out().contains("trained on: mnist") && s.out().contains("(p/255 − 0.1307) / 0.3081"), s.out());
        var j = io.github.classiczoo.core.util.Json.read(CommandTest.run("summary", run.toString(), "--json").out()).get("modelFile");
        assertEquals(0.1307, j.get("normalization").get("mean").get(0).asDouble(), 1e-6);
        assertEquals(0.3081, j.get("normalization").get("std").get(0).asDouble(), 1e-6);
        assertEquals(10, j.get("classNames").size());

        // the digit as the evaluation pipeline makes it, through the predictor's network
        InputShape in = new InputShape(info.input()[0], info.input()[1], info.input()[2]);
        INDArray evalX = new Batches(test, in, Normalization.mnist(), Augment.NONE, 1, false, 0).epoch(0).next().getFeatures();
        Predictor p = Predictor.load(model);
        INDArray want = p.logits(evalX);

        byte[] px = test.stored(0).bytes();
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), rgb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = px[y * 28 + x] & 0xff;
                grey.getRaster().setSample(x, y, 0, v);
                rgb.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        ImageIO.write(grey, "png", tmp.resolve("digit.png").toFile());
        ImageIO.write(rgb, "png", tmp.resolve("digit-rgb.png").toFile());
        for (String f : new String[] {"digit.png", "digit-rgb.png"}) {
            assertArrayEquals(evalX.data().asFloat(), p.image(tmp.resolve(f)).data().asFloat(), f);
            Result r = CommandTest.run("predict", "--model", model.toString(), "--image", tmp.resolve(f).toString(), "--top", "1");
            assertEquals(0, r.code(), r.err());
            double[] best = Predictor.top(want.getRow(0), 1).get(0);
            String line = String.format(Locale.ROOT, "%6.2f%%  %s", 100 * best[1], p.className((int) best[0]));
            assertTrue(r.out().contains(line), "expected '" + line + "' in " + r.out());
        }

        // raw pixels in [0, 1] as an .npy (placed as the model takes them: padded by 2 into 32×32), normalised by predict
        float[] raw = new float[32 * 32];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                raw[(y + 2) * 32 + x + 2] = (px[y * 28 + x] & 0xff) / 255f;
            }
        }
        Npz.writeNpy(tmp.resolve("x.npy"), Nd4j.create(raw, new long[] {1, 1, 32, 32}, 'c'));
        Result r = CommandTest.run("predict", "--model", model.toString(), "--input", tmp.resolve("x.npy").toString(), "--output",
                tmp.resolve("y.npy").toString());
        assertEquals(0, r.code(), r.err());
        INDArray got = Nd4j.createFromNpyFile(tmp.resolve("y.npy").toFile());
        assertArrayEquals(want.data().asFloat(), got.data().asFloat(), 1e-4f);
    }
}
