package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.weights.OnnxExport;
import io.github.classiczoo.weights.TorchvisionImport;
import io.github.classiczoo.weights.WeightFormat;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Write a model as ONNX (.onnx), or a -torchvision model's weights as torchvision's state_dict (.npz, .pth, .safetensors).",
        description = {"The format follows --out's extension.",
            "",
            ".onnx: the model's inference graph in standard ONNX operators (opset 17, which",
            "ONNX Runtime 1.20 and newer run): input `input` [batch, C, H, W], normalised as",
            "the model file says; output `logits` [batch, classes], the output layer before",
            "its softmax, exactly what `zoo predict --output` writes. Dropout and losses are",
            "left out, and so are GoogLeNet's auxiliary classifiers (training only). The",
            "model's name, classes, class names and preprocessing are in the file's",
            "metadata_props. A bare MODEL from `zoo list` exports the architecture with",
            "fresh weights (--seed), for inference engines and benchmarks.",
            "",
            ".npz, .pth/.pt, .safetensors: the reverse of `zoo import`, for -torchvision",
            "models: torchvision's state_dict keys, float32 values, so load_state_dict",
            "(strict=False, or strict once the num_batches_tracked counters, training state",
            "that is not stored, are added from a fresh model) takes them. .pth is what",
            "torch.save(state_dict) writes (zip format; torch.load(weights_only=True) reads",
            "it); .npz and .safetensors also carry the class names and torchvision's",
            "model name (as `zoo import` reads them back from the .npz).",
            "",
            "Examples:",
            "  zoo export lenet5@mnist --out lenet5.onnx",
            "  zoo export runs/resnet20 --out resnet20.onnx",
            "  zoo export resnet50 --out resnet50-untrained.onnx",
            "  zoo export r50.zip --out resnet50.pth", ""})
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL_FILE|RUN_DIR|MODEL@WEIGHTS|MODEL",
            description = "A model file, a run directory (its best checkpoint), shipped weights, or a model name (fresh weights; .onnx only).")
    String source;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.onnx, FILE.npz, FILE.pth or FILE.safetensors, written atomically.")
    Path out;

    @Option(names = "--force", description = "Replace --out's file if it exists (never when it is the model file read).")
    boolean force;

    @Option(names = "--seed", paramLabel = "S", description = "A bare MODEL's initialisation seed (default: 42).")
    Long seed;

    @Mixin
    ModelOptions modelOptions;


    @Override
    public Integer call() throws Exception {
        ZooModel bare = bareModel();
        if (bare == null && (modelOptions.input != null || !modelOptions.knobs.isEmpty() || seed != null)) {
            throw new IllegalArgumentException("--input, --knob and --seed make a bare MODEL; " + source + " is a model file with its own");
        }
        Path file = bare == null ? ModelFile.resolve(Path.of(source)) : null;
        Files2.checkOutput("--out", out, force, file == null ? null : Path.of(source), file);
        WeightFormat weights = weightFormat(out);
        if (bare != null) {
            if (weights != null) {
                throw new IllegalArgumentException(source + " names a model, not weights: " + weights.label() + " export needs a -torchvision "
                        + "model file (`zoo import` makes one); .onnx takes a bare model");
            }
            long s = seed == null ? 42 : seed;
            ModelSpec spec = modelOptions.spec(bare);
            spec = spec.withDefaults(spec.defaults().withSeed(s)); // the graph's seed: DL4J re-seeds from it when it initialises
            ComputationGraph net = bare.create(spec);
            Onnx.ModelProto proto = OnnxExport.model(net, bare.name(), spec.input().toArray(), spec.classes(),
                    Map.of("weights", "untrained: fresh initialisation, seed " + s + " (no preprocessing was learnt)"));
            write(proto, bare.name() + " (fresh weights, seed " + s + ")");
            return 0;
        }
        if (weights != null) {
            int[] tensors = new int[1];
            Files2.writeOutput(out, force, tmp -> tensors[0] = TorchvisionImport.export(file, tmp, weights));
            System.out.println(ModelFile.info(file).model() + ": " + tensors[0] + " tensors -> " + out);
            return 0;
        }
        ModelFile.Info info = ModelFile.info(file);
        Onnx.ModelProto proto = OnnxExport.model(ModelFile.load(file), info);
        write(proto, info.model() + " (" + (Files.exists(Path.of(source)) ? file.toString() : source) + ")");
        return 0;
    }

    /** The registered model {@code source} names, if it is a name and not a file, directory or MODEL@WEIGHTS. */
    private ZooModel bareModel() {
        if (source.contains("@") || source.contains("/") || Files.exists(Path.of(source)) || !Zoo.registry().contains(source)) {
            return null;
        }
        return Zoo.registry().get(source);
    }

    /** The weight format --out's extension names, or null for .onnx; refused in one line when it is neither. */
    private static WeightFormat weightFormat(Path out) {
        String n = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".onnx")) {
            return null;
        }
        try {
            return WeightFormat.of(out);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--out " + out + ": the format follows the extension, .onnx (any model) or .npz, .pth, .pt, "
                    + ".safetensors (a -torchvision model's state_dict)");
        }
    }

    private void write(Onnx.ModelProto proto, String what) {
        Files2.writeOutput(out, force, tmp -> {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                proto.writeTo(o);
            }
        });
        long params = proto.getGraph().getInitializerList().stream()
                .mapToLong(t -> t.getDimsList().stream().reduce(1L, (a, b) -> a * b)).sum();
        String leftOut = proto.getMetadataPropsList().stream().filter(p -> p.getKey().equals("left_out")).map(p -> "; left out " + p.getValue())
                .findFirst().orElse("");
        System.out.printf(Locale.ROOT, "%s: ONNX opset %d, %,d nodes, %,d values in %,d constants%s -> %s (%s)%n", what,
                proto.getOpsetImport(0).getVersion(), proto.getGraph().getNodeCount(), params, proto.getGraph().getInitializerCount(),
                leftOut, out, Text.bytes(proto.getSerializedSize()));
    }
}
