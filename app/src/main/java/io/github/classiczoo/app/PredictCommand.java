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
        description = {"--image: each file is decoded, its shorter side resized to 256 and the centre",
            "224×224 cut (sizes scale with the model's input), normalised as the model file",
            "says (ImageNet mean/std for imported torchvision weights); the top-k classes",
            "and their softmax probabilities are printed.",
            "--input: a float32 [N, C, H, W] .npy, already normalised; --output gets the",
            "logits [N, classes] (the output layer before its softmax), float32, written",
            "atomically.", ""})
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

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Classes to print per image (default: ${DEFAULT-VALUE}).")
    int top;

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
        Predictor p = Predictor.load(ModelFile.resolve(model));
        Threads.chooseFor(p.info().model()); // raising the thread count works after loading too
        if (source.input != null) {
            INDArray y = p.logits(Npz.readFloat32(source.input));
            Npz.writeNpy(output, y);
            System.out.println(p.info().model() + ": logits " + java.util.Arrays.toString(y.shape()) + " -> " + output);
            return 0;
        }
        for (Path img : source.images) {
            INDArray logits = p.logits(p.image(img));
            System.out.println(img + ":");
            for (double[] c : Predictor.top(logits.getRow(0), top)) {
                System.out.printf(Locale.ROOT, "  %6.2f%%  %s%n", 100 * c[1], p.className((int) c[0]));
            }
        }
        return 0;
    }
}
