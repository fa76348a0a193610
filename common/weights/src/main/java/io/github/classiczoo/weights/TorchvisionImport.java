package io.github.classiczoo.weights;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A torchvision weight file turned into a model file: the zoo's {@code NAME-torchvision} graph, every tensor placed by
 * name ({@link TorchvisionWeights}), and the {@code zoo-model.json} entry extended with the class names, the input
 * normalisation and the source file's SHA-256. The file is any {@link WeightFormat}: an {@code .npz} written by
 * {@code tools/export_torchvision.py}, a {@code torch.save} state_dict ({@code .pth}, {@code .pt}) or a
 * {@code .safetensors} file, told apart by extension.
 *
 * <p>Reserved entries (UTF-8 text as uint8; the exporter writes them into the {@code .npz}): {@code __meta__}, JSON with
 * {@code model} (torchvision's name), {@code source}, {@code aux_logits}, {@code transform_input}; {@code __classes__},
 * the class names one per line. Without them the file is taken as plain ImageNet weights for the named model.
 */
public final class TorchvisionImport {

    /**
     * torchvision's GoogLeNet {@code transform_input} turns ImageNet-normalised input into (x − 0.5) / 0.5 exactly: the
     * normalisation recorded for it, by the name zoo-data's {@code Normalization.meanStd} gives it (a test holds the two equal).
     */
    public static final String TRANSFORM_INPUT = "mean[0.5,0.5,0.5]-std[0.5,0.5,0.5]";

    private TorchvisionImport() {
    }

    /** What an import wrote. */
    public record Result(ModelFile.Info info, int tensors, long values) {
    }

    /**
     * Imports torchvision weights ({@code .npz}, {@code .pth}/{@code .pt} or {@code .safetensors}) into a model file
     * {@code out} for a {@code -torchvision} model, e.g.
     * {@code TorchvisionImport.run(ResNets.resnet50Torchvision().model(), Path.of("resnet50.pth"), Path.of("r50.zip"))};
     * then {@code ModelFile.load(out)}.
     */
    public static Result run(ZooModel model, Path file, Path out) throws IOException {
        return run(model, Map.of(), file, out);
    }

    /** As {@link #run(ZooModel, Path, Path)}, with knob values (e.g. {@code aux=true} for GoogLeNet's auxiliary heads). */
    public static Result run(ZooModel model, Map<String, String> knobs, Path file, Path out) throws IOException {
        if (!model.name().endsWith("-torchvision")) {
            throw new IllegalArgumentException("torchvision weights load into the -torchvision models (vertex names = torchvision module paths); "
                    + model.name() + " is not one: try " + model.name() + "-torchvision");
        }
        if (!java.nio.file.Files.isRegularFile(file)) { // a device or a missing file is named as such, whatever its name says
            throw new ZooException("weight file " + file + " " + Files2.whyNotRegular(file));
        }
        WeightFormat format = WeightFormat.of(file); // then its kind, by the name's extension
        Map<String, INDArray> tensors;
        JsonNode meta;
        List<String> classes;
        if (format == WeightFormat.SAFETENSORS) { // the metadata `zoo export` writes: meta (JSON) and classes (one per line)
            Safetensors.Contents c = Safetensors.readAll(file);
            tensors = c.tensors();
            meta = c.metadata().containsKey("meta") ? meta(file, "__metadata__ entry meta", c.metadata().get("meta")) : null;
            classes = c.metadata().containsKey("classes") ? List.of(c.metadata().get("classes").split("\n", -1)) : null;
        } else {
            tensors = format.read(file);
            meta = tensors.containsKey("__meta__") ? meta(file, "member __meta__", Npz.text(tensors.get("__meta__"))) : null;
            classes = tensors.containsKey("__classes__") ? List.of(Npz.text(tensors.get("__classes__")).split("\n", -1)) : null;
        }
        if (meta != null && meta.has("model") && !model.name().equals(meta.get("model").asText() + "-torchvision")) {
            throw new IllegalArgumentException(file + " holds torchvision's " + meta.get("model").asText() + "; import it as "
                    + meta.get("model").asText() + "-torchvision, not " + model.name());
        }
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            INDArray t = e.getValue();
            if (!e.getKey().startsWith("__") && t.length() > 0 && t.dataType().isFPType()
                    && (BooleanIndexing.or(t, Conditions.isNan()) || BooleanIndexing.or(t, Conditions.isInfinite()))) {
                throw new ZooException(file + (format == WeightFormat.NPZ ? ": member " : ": tensor ") + e.getKey()
                        + " holds NaN or infinite values; such weights cannot be imported");
            }
        }
        Map<String, String> k = new LinkedHashMap<>(knobs);
        if (meta != null && meta.path("aux_logits").asBoolean(false) && model.knobs().stream().anyMatch(x -> x.name().equals("aux"))) {
            k.putIfAbsent("aux", "true");
        }
        ModelSpec spec = model.spec(k);
        String headKey = model.configuration(spec).getNetworkOutputs().get(0) + ".weight";
        INDArray head = tensors.get(headKey);
        if (classes != null) {
            if (head != null && head.rank() == 2 && head.size(0) != classes.size()) {
                throw new ZooException(file + ": " + (format == WeightFormat.SAFETENSORS ? "__metadata__ entry classes" : "__classes__")
                        + " names " + classes.size() + " classes but " + headKey + " has " + head.size(0)
                        + " rows; the file's parts do not belong together");
            }
            spec = spec.withClasses(classes.size());
        } else if (head != null && head.rank() == 2) { // no names: the classifier's weight says how many classes
            spec = spec.withClasses((int) head.size(0));
        }
        ComputationGraph net = model.create(spec);
        TorchvisionWeights.load(net, tensors);

        boolean transformInput = meta != null && meta.path("transform_input").asBoolean(false);
        Map<String, String> weights = new LinkedHashMap<>();
        weights.put("file", file.toAbsolutePath().normalize().toString());
        weights.put("sha256", Files2.sha256(file));
        weights.put("source", meta != null && meta.has("source") ? meta.get("source").asText()
                : format == WeightFormat.NPZ ? "unknown (no __meta__ entry)" : format.label() + " file");
        if (meta != null && meta.has("torchvision")) {
            weights.put("torchvision", meta.get("torchvision").asText());
        }
        int[] input = spec.input().toArray(); // torchvision's ImageNet evaluation: resize to 256, centre 224 crop
        Preprocessing pre = Preprocessing.of(input, Preprocessing.ResizeCrop.imagenet(input[1]),
                transformInput ? Normalization.parseMeanStd(TRANSFORM_INPUT) : Normalization.imagenet());
        ModelFile.Info info = new ModelFile.Info(model.name(), spec.knobs(), input, spec.classes(), pre, "imagenet", classes, weights);
        ModelFile.save(net, out, info, false);
        List<String> placed = TorchvisionWeights.keys(net);
        return new Result(info, placed.size(), placed.stream().mapToLong(key -> tensors.get(key).length()).sum());
    }

    /** The metadata text {@code what} of {@code file} (the .npz's {@code __meta__}, a .safetensors' {@code meta}) as a JSON object. */
    private static JsonNode meta(Path file, String what, String text) {
        JsonNode meta;
        try {
            meta = Json.read(text);
        } catch (java.io.UncheckedIOException e) {
            throw new ZooException(file + ": " + what + " is not JSON text (" + e.getMessage().replaceFirst("^invalid JSON: ", "") + ")");
        } catch (RuntimeException e) {
            throw new ZooException(file + ": " + what + " is not JSON text");
        }
        if (!meta.isObject()) {
            throw new ZooException(file + ": " + what + " is not a JSON object");
        }
        return meta;
    }

    /**
     * Writes a {@code -torchvision} model file's weights with torchvision's state_dict keys, float32, to {@code out} in
     * {@code format}: an {@code .npz} (with the {@code __meta__} and {@code __classes__} entries {@code zoo import} reads
     * back), a {@code torch.save} file (zip format; a plain state_dict, so no class names) or a {@code .safetensors} file
     * (the same metadata as the {@code .npz}, in its {@code __metadata__}: {@code meta} as JSON, {@code classes} one per
     * line). Returns the number of tensors.
     */
    public static int export(Path modelFile, Path out, WeightFormat format) throws IOException {
        ModelFile.Info info = ModelFile.info(modelFile);
        if (!info.model().endsWith("-torchvision")) {
            throw new IllegalArgumentException(modelFile + " holds " + info.model() + "; only the -torchvision models have torchvision's names");
        }
        Map<String, INDArray> t = new LinkedHashMap<>(TorchvisionWeights.export(ModelFile.load(modelFile)));
        int tensors = t.size();
        String name = info.model().substring(0, info.model().length() - "-torchvision".length());
        boolean aux = Boolean.parseBoolean(info.knobs().getOrDefault("aux", "false"));
        String meta = Json.write(Map.of("model", name, "source", "zoo export of " + modelFile.getFileName(), "aux_logits", aux,
                "transform_input", info.normalization().name().equals(TRANSFORM_INPUT)));
        switch (format) {
            case NPZ -> {
                t.put("__meta__", bytes(meta));
                if (info.classNames() != null) {
                    t.put("__classes__", bytes(String.join("\n", info.classNames())));
                }
                Npz.writeNpz(out, t);
            }
            case TORCH -> TorchFile.write(out, t);
            case SAFETENSORS -> {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("meta", meta);
                if (info.classNames() != null) {
                    m.put("classes", String.join("\n", info.classNames()));
                }
                Safetensors.write(out, t, m);
            }
        }
        return tensors;
    }

    /** UTF-8 text as a uint8 array, as the exporter stores it. */
    private static INDArray bytes(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] u = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            u[i] = b[i] & 0xff;
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(u).castTo(org.nd4j.linalg.api.buffer.DataType.UBYTE);
    }
}
