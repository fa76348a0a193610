package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.train.Predictor;
import io.github.classiczoo.weights.Npz;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "predict", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Run a model file on images (top-k classes) or on a tensor (.npy logits).",
        description = {"--image: each file is decoded to the model's channels (grey as Pillow's",
            "convert('L'), colour from grey) and placed as the model's own evaluation does: a",
            "model trained on MNIST, Fashion-MNIST or CIFAR gets the image at that dataset's",
            "size (28 or 32), padded into its input; any other (folders, imported torchvision",
            "weights) gets the shorter side resized to 256 and the centre 224×224 cut (sizes",
            "scale with the input). Then the model file's normalisation (`zoo summary",
            "MODEL_FILE` shows it); the top-k classes and their probabilities are printed.",
            "--input: a float32 [N, C, H, W] .npy of raw pixels, in [0, 1] or 0-255 (told",
            "apart by the largest value), normalised here as the model file says; with",
            "--normalized, an array already normalised. --output gets the logits [N,",
            "classes] (the output layer before its softmax), float32, written atomically.", ""})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL_FILE", description = "A model file or run directory.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--image", arity = "1..*", paramLabel = "FILE", description = "JPEG or PNG images.")
        List<Path> images;

        @Option(names = "--input", paramLabel = "X.npy", description = "A float32 NCHW tensor (needs --output).")
        Path input;
    }

    @Option(names = "--output", paramLabel = "Y.npy", description = "Where --input's logits go.")
    Path output;

    @Option(names = "--force", description = "Replace --output's file if it exists (never when it is an input).")
    boolean force;

    @Option(names = "--normalized", description = "--input is already normalised (as the model's training was); by default it holds raw pixels.")
    boolean normalized;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Classes to print per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "dl4j", description = "dl4j, or onnxruntime: the graph `zoo export` writes, run by "
            + "ONNX Runtime; same preprocessing, same logits (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Override
    public Integer call() throws Exception {
        if (source.input != null && output == null) {
            throw new IllegalArgumentException("--input needs --output Y.npy for the logits");
        }
        if (source.images != null && output != null) {
            throw new IllegalArgumentException("--output goes with --input; --image prints its results");
        }
        if (output != null) {
            Files2.checkOutput("--output", output, force, model, source.input);
        }
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1; got " + top);
        }
        if (normalized && source.images != null) {
            throw new IllegalArgumentException("--normalized goes with --input; image files are normalised as the model file says");
        }
        Path file = ModelFile.resolve(model);
        ModelFile.Info info = ModelFile.info(file);
        INDArray x = null;
        if (source.input != null) { // the input's problems before the model is loaded
            x = Npz.readFloat32(source.input);
            checkValues(x, source.input);
            checkShape(x, info, source.input);
            x = normalized ? x : normalize(x, info, source.input);
        }
        int threads = Threads.chooseFor(info.model()); // raising the thread count works after loading too
        try (Engine.Runner run = engine.open(ModelFile.load(file), info, threads)) {
            if (x != null) {
                INDArray y = run.logits().apply(x);
                Files2.writeOutput(output, force, tmp -> Npz.writeNpy(tmp, y));
                System.out.println(info.model() + ": logits " + java.util.Arrays.toString(y.shape()) + " -> " + output
                        + (engine == Engine.DL4J ? "" : " (" + engine + ")"));
                return 0;
            }
            for (Path img : source.images) {
                INDArray logits = run.logits().apply(info.preprocessing().apply(img));
                System.out.println(img + ":");
                for (double[] c : Predictor.top(logits.getRow(0), top)) {
                    System.out.printf(Locale.ROOT, "  %6.2f%%  %s%n", 100 * c[1], Predictor.className(info, (int) c[0]));
                }
            }
        }
        return 0;
    }

    /**
     * Refuses an input with no images (a first dimension of 0: DL4J fails on it deep inside the network) or with NaN or
     * infinite values (they would come out as NaN logits, or as a range "from NaN to NaN"), naming the file.
     */
    static void checkValues(INDArray x, Path file) {
        if (x.length() == 0) {
            throw new IllegalArgumentException(file + " has no images: its shape is " + java.util.Arrays.toString(x.shape())
                    + "; --input needs at least one [C, H, W] image");
        }
        float[] v = x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
        long bad = 0;
        int first = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds %,d NaN or infinite values (of %,d; the first at flat index %,d): "
                    + "an input must be finite numbers", file, bad, v.length, first));
        }
    }

    /** Refuses an array that is not {@code [N, C, H, W]} of the model's input, naming the file and what is needed. */
    static void checkShape(INDArray x, ModelFile.Info info, Path file) {
        long[] want = {info.input()[0], info.input()[1], info.input()[2]};
        if (x.rank() != 4 || !java.util.Arrays.equals(java.util.Arrays.copyOfRange(x.shape(), 1, 4), want)) {
            throw new IllegalArgumentException(file + " has shape " + java.util.Arrays.toString(x.shape()) + "; " + info.model() + " needs [N, "
                    + want[0] + ", " + want[1] + ", " + want[2] + "] (float32, NCHW)");
        }
    }

    /**
     * Raw pixels normalised as the model's training was: values in [0, 1] are taken as fractions of 255, values up to 255 as
     * they are; anything outside [0, 255] is refused (an array already normalised wants --normalized).
     */
    static INDArray normalize(INDArray x, ModelFile.Info info, Path file) {
        checkShape(x, info, file); // the shape first: a wrong one gets its own message, not an index error below
        float[] v = x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        if (!(min >= 0) || !(max <= 255)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds values from %g to %g: raw pixels are in [0, 1] or 0-255; "
                    + "pass --normalized if the array is already normalised", file, min, max));
        }
        INDArray raw = max <= 1 ? x.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).mul(255f) : x;
        return info.preprocessing().apply(raw); // at the input's size: normalised as the model file says
    }
}
