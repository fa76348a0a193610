package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.Features;
import io.github.classiczoo.core.model.Pretrained;
import io.github.classiczoo.train.Predictor;
import io.github.classiczoo.weights.Npz;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * `zoo features` on the shipped lenet5-modern@fashion-mnist weights: the stages' files, the same arrays as
 * {@link Features} on the input `zoo predict` makes; and bad inputs refused in one line with nothing written.
 */
class FeaturesCommandTest {

    static final String MODEL = "lenet5-modern@fashion-mnist";

    @TempDir
    static Path dir;
    static Path file, png1, png2, raw;
    static Predictor predictor;
    static Features features;

    @BeforeAll
    static void inputs() throws Exception {
        file = Pretrained.parse(MODEL).file();
        predictor = Predictor.load(file);
        features = Features.load(file);
        java.util.Random r = new java.util.Random(4);
        png1 = png(dir.resolve("a.png"), r);
        png2 = png(dir.resolve("b.png"), r);
        float[] px = new float[2 * 28 * 28];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(256);
        }
        raw = dir.resolve("raw.npy");
        Npz.writeNpy(raw, Nd4j.create(px, new long[] {2, 1, 28, 28}, 'c'));
    }

    static Path png(Path f, java.util.Random r) throws Exception {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.getRaster().setSample(x, y, 0, r.nextInt(256));
            }
        }
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    static INDArray read(Path f) {
        return Nd4j.createFromNpyFile(f.toFile());
    }

    @Test
    void imagesGiveTheStagesAsFeaturesComputesThemOnPredictsInput() throws Exception {
        Path out = dir.resolve("img");
        CommandTest.Result r = CommandTest.run("features", MODEL, "--image", png1.toString(), png2.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // lenet5-modern: C1 6 maps 28×28 (padding 2), C3 16 maps 10×10, F5 120 units (LeNet5Modern's table)
        try (var s = Files.list(out)) {
            assertEquals(List.of("C1.npy", "C3.npy", "F5.npy"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        INDArray x = Nd4j.concat(0, predictor.image(png1), predictor.image(png2));
        Map<String, INDArray> want = features.stages(x);
        assertEquals("[2, 6, 28, 28]", Arrays.toString(read(out.resolve("C1.npy")).shape()));
        assertEquals("[2, 16, 10, 10]", Arrays.toString(read(out.resolve("C3.npy")).shape()));
        assertEquals("[2, 120]", Arrays.toString(read(out.resolve("F5.npy")).shape()));
        for (String n : want.keySet()) {
            assertEquals(want.get(n), read(out.resolve(n + ".npy")).castTo(DataType.FLOAT), n);
        }
        assertTrue(r.out().startsWith("lenet5-modern: 2 inputs -> " + out) && r.out().contains("  C3 [2, 16, 10, 10]"), r.out());
    }

    @Test
    void rawPixelsAreNormalisedAsPredictDoesAndNormalizedOnesFedAsTheyAre() throws Exception {
        INDArray x = PredictCommand.normalize(Npz.readFloat32(raw), predictor.info(), raw);
        Path normalized = dir.resolve("normalized.npy");
        Npz.writeNpy(normalized, x);
        Path a = dir.resolve("raw-out"), b = dir.resolve("normalized-out");
        CommandTest.Result r = CommandTest.run("features", file.toString(), "--input", raw.toString(), "--layers", "C3",
                "--out", a.toString());
        assertEquals(0, r.code(), r.err());
        r = CommandTest.run("features", file.toString(), "--input", normalized.toString(), "--normalized", "--layers", "F6,C3,output", "--out", b.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, INDArray> want = features.layers(x, "C3", "F6", "output");
        assertEquals(want.get("C3"), read(a.resolve("C3.npy")));
        for (String n : want.keySet()) {
            assertEquals(want.get(n), read(b.resolve(n + ".npy")), n);
        }
        assertEquals(2.0, read(b.resolve("output.npy")).sumNumber().doubleValue(), 1e-5, "the output layer's softmax, two rows");
        // --force replaces; without it, an existing file is refused
        assertEquals(0, CommandTest.run("features", file.toString(), "--input", normalized.toString(), "--normalized", "--layers", "C3",
                "--out", b.toString(), "--force").code());
        Hostile.refused(dir, "already exists; pass --force", "features", file.toString(), "--input", normalized.toString(), "--normalized",
                "--layers", "C1,C3", "--out", b.toString());
        assertFalse(Files.exists(b.resolve("C1.npy")), "C1 was written although C3 was refused");
        // an input is never an output, even with --force
        Hostile.refused(dir, "an input of this command", "features", file.toString(), "--input", b.resolve("C3.npy").toString(), "--normalized",
                "--layers", "C3", "--out", b.toString(), "--force");
    }

    @Test
    void badInputsAreRefusedInOneLineAndNothingIsWritten() throws Exception {
        Path out = dir.resolve("refused");
        Path wrongShape = dir.resolve("rgb.npy"), text = dir.resolve("notes.npy"), nan = dir.resolve("nan.npy");
        Npz.writeNpy(wrongShape, Nd4j.zeros(DataType.FLOAT, 1, 3, 28, 28));
        Files.writeString(text, "not an array");
        INDArray withNan = Nd4j.zeros(DataType.FLOAT, 1, 1, 28, 28);
        withNan.putScalar(5, Float.NaN);
        Npz.writeNpy(nan, withNan);
        String o = out.toString();
        Hostile.refused(dir, "no layer 'C9' in this network; its stages are C1, C3, F5", "features", MODEL, "--image", png1.toString(),
                "--layers", "C3,C9", "--out", o);
        Hostile.refused(dir, "needs [N, 1, 28, 28]", "features", MODEL, "--input", wrongShape.toString(), "--normalized", "--out", o);
        Hostile.refused(dir, "needs [N, 1, 28, 28]", "features", MODEL, "--input", wrongShape.toString(), "--out", o);
        Hostile.refused(dir, "is not a numpy .npy array", "features", MODEL, "--input", text.toString(), "--out", o);
        Hostile.refused(dir, "NaN or infinite", "features", MODEL, "--input", nan.toString(), "--normalized", "--out", o);
        Hostile.refused(dir, "--normalized goes with --input", "features", MODEL, "--image", png1.toString(), "--normalized", "--out", o);
        Hostile.refused(dir, "is not a layer name", "features", MODEL, "--image", png1.toString(), "--layers", "../C1", "--out", o);
        Hostile.refused(dir, "names a layer twice", "features", MODEL, "--image", png1.toString(), "--layers", "C1,C1", "--out", o);
        Hostile.refused(dir, "is a file; a directory is needed", "features", MODEL, "--image", png1.toString(), "--out", text.toString());
        assertFalse(Files.exists(out), "the --out directory was created");
    }
}
