package io.github.classiczoo.app;

import io.github.classiczoo.core.model.Features;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.weights.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "features", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Write a model's stage outputs (or any layer's) as .npy files.",
        description = {"Runs the model in inference mode up to the deepest layer asked for and",
            "writes DIR/NAME.npy per layer: float32, [N, C, H, W] for a map, [N, units]",
            "for a vector. By default the layers are the model's stages, shallow to deep,",
            "named as torchvision's feature extractor names them where it can: ResNet",
            "layer1-layer4 (strides 4-32); GoogLeNet inception3b, inception4e, inception5b;",
            "AlexNet's pooled convolution maps; LeNet's C1, C3, C5; an MLP's hidden layers.",
            "--layers names stages or any vertices (`zoo summary MODEL_FILE` lists them).",
            "",
            "Inputs are made as `zoo predict` makes them: --image files get the model's",
            "evaluation transform and normalisation; --input is a float32 [N, C, H, W] .npy",
            "of raw pixels (0-255, or [0, 1] when no value is above 1) normalised as the",
            "model file says, or, with --normalized, an array fed as it is.",
            "Existing files are refused unless --force; when a write fails, the files this",
            "command created are removed.",
            "",
            "Examples:",
            "  zoo features r50.zip --image photo.jpg --out f   # f/layer1.npy ... layer4.npy",
            "  zoo features lenet5@mnist --input x.npy --layers C3,F6 --out f",
            ""})
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL_FILE|RUN_DIR|MODEL@WEIGHTS", description = "A model file, a run directory (its best checkpoint) or shipped weights.")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--image", arity = "1..*", paramLabel = "FILE", description = "JPEG or PNG images, one input each.")
        List<Path> images;

        @Option(names = "--input", paramLabel = "X.npy", description = "A float32 [N, C, H, W] array of the model's input shape.")
        Path input;
    }

    @Option(names = "--normalized", description = "--input is already normalised (as the model's training was); by default it holds raw pixels.")
    boolean normalized;

    @Option(names = "--layers", split = ",", paramLabel = "NAME", description = "Stages or vertices to write (default: the model's stages).")
    List<String> layers;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for NAME.npy (created if absent).")
    Path out;

    @Option(names = "--force", description = "Replace existing NAME.npy files.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (normalized && source.images != null) {
            throw new IllegalArgumentException("--normalized goes with --input; image files are normalised as the model file says");
        }
        if (out.toString().isEmpty()) {
            throw new IllegalArgumentException("--out needs a directory; got an empty path");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; a directory is needed (nothing was written)");
        }
        Path file = ModelFile.resolve(model);
        ModelFile.Info info = ModelFile.info(file);
        List<String> names = names(info, file);
        List<Path> inputs = new ArrayList<>(List.of(file));
        inputs.addAll(source.images != null ? source.images : List.of(source.input));
        Map<String, Path> files = new LinkedHashMap<>();
        for (String n : names) {
            files.put(n, out.resolve(n + ".npy"));
            Files2.checkOutput("--out", files.get(n), force, inputs.toArray(Path[]::new));
        }
        Threads.chooseFor(info.model());
        Features features = Features.load(file);
        names.forEach(features::vertex); // unknown names end here, before the input is read
        INDArray x = modelInput(info);
        Map<String, INDArray> arrays = features.layers(x, names.toArray(String[]::new));
        write(arrays, files);
        System.out.println(info.model() + ": " + x.size(0) + (x.size(0) == 1 ? " input" : " inputs") + " -> " + out);
        for (String n : names) {
            System.out.println("  " + n + " " + Arrays.toString(arrays.get(n).shape()));
        }
        return 0;
    }

    /** --layers, or the model's stages; each a file name of its own. */
    private List<String> names(ModelFile.Info info, Path file) {
        List<String> names = layers != null ? layers : Features.stagesOf(info).stream().map(Stage::name).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException(info.model() + " declares no stages; name its layers with --layers A,B (`zoo summary " + file
                    + "` lists them)");
        }
        for (String n : names) {
            if (!n.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("--layers: '" + n + "' is not a layer name (letters, digits, '.', '_', '-')");
            }
        }
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("--layers names a layer twice: " + String.join(",", names));
        }
        return names;
    }

    /**
     * The network's input for this command's --image or --input, made as {@code zoo predict} makes it: image files and raw
     * pixels through the model file's {@link io.github.classiczoo.core.image.Preprocessing}; an array already normalised
     * ({@code --normalized}) as it is, once its shape is checked.
     */
    private INDArray modelInput(ModelFile.Info info) {
        if (source.images != null) {
            return info.preprocessing().apply(source.images.toArray(Path[]::new));
        }
        INDArray x = Npz.readFloat32(source.input);
        PredictCommand.checkValues(x, source.input);
        if (!normalized) {
            return PredictCommand.normalize(x, info, source.input);
        }
        PredictCommand.checkShape(x, info, source.input);
        return x;
    }

    /** Each array to its file, atomically; if one write fails, the files written before it that did not exist are removed. */
    private void write(Map<String, INDArray> arrays, Map<String, Path> files) {
        boolean dirExisted = Files.isDirectory(out);
        List<Path> created = new ArrayList<>();
        try {
            for (Map.Entry<String, Path> e : files.entrySet()) {
                INDArray a = arrays.get(e.getKey());
                INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
                boolean existed = Files.exists(e.getValue(), LinkOption.NOFOLLOW_LINKS);
                Files2.writeOutput(e.getValue(), force, tmp -> Npz.writeNpy(tmp, c));
                if (!existed) {
                    created.add(e.getValue());
                }
            }
        } catch (RuntimeException e) {
            try {
                for (Path f : created) {
                    Files.deleteIfExists(f);
                }
                if (!dirExisted) {
                    Files.deleteIfExists(out); // only if empty
                }
            } catch (IOException ignored) {
                // the write's own error is the one to report
            }
            throw e;
        }
    }
}
