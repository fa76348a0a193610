package io.github.classiczoo.core.model;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A DL4J model zip with a small {@code zoo-model} entry saying what it is: model name, knobs, input shape,
 * classes, class names, normalisation and the dataset it was trained on. Checkpoints carry it, so a
 * checkpoint is also a model file. The zip is DL4J's own ({@code ModelSerializer}): its graph holds plain DL4J
 * layers plus the zoo's few layer classes in zoo-core, so it loads wherever zoo-core is on the class path.
 *
 * <pre>{@code
 * ComputationGraph net = ModelFile.load(Path.of("run/checkpoint-best.zip"));   // weights, on the fast path if present
 * ModelFile.Info info = ModelFile.info(Path.of("run/checkpoint-best.zip"));    // what it is: model, classes, input ...
 * }</pre>
 */
public final class ModelFile {

    static final String KEY = "zoo-model";
    /** A run directory's checkpoints: the best epoch's (on validation, or the last one without) and the last one. */
    public static final String BEST = "checkpoint-best.zip";
    public static final String LAST = "checkpoint-last.zip";

    private ModelFile() {
    }

    /**
     * @param normalization the input normalisation by name ({@code lecun98}, {@code imagenet}, {@code dataset},
     *                   {@code per-pixel-mean}, {@code mean[..]-std[..]}); zoo-data's {@code Normalization} reads it
     * @param pixelMean  the training set's mean image for per-pixel-mean normalisation, else null
     * @param classNames the output classes' names (imported weights), else null
     * @param weights    where imported weights came from ({@code file}, {@code sha256}, {@code source}), else null
     */
    public record Info(String model, Map<String, String> knobs, int[] input, int classes, String normalization, String dataset,
                       PixelMean pixelMean, List<String> classNames, Map<String, String> weights) {

        public Info(String model, Map<String, String> knobs, int[] input, int classes, String normalization, String dataset, PixelMean pixelMean) {
            this(model, knobs, input, classes, normalization, dataset, pixelMean, null, null);
        }

        /** The same model with a new head of {@code n} classes (names, or null), as {@link FineTune} makes it. */
        public Info withClasses(int n, List<String> names) {
            if (names != null && names.size() != n) {
                throw new IllegalArgumentException(n + " classes but " + names.size() + " names");
            }
            return new Info(model, knobs, input, n, normalization, dataset, pixelMean, names, weights);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("knobs", knobs);
            m.put("input", input);
            m.put("classes", classes);
            m.put("normalization", normalization);
            m.put("dataset", dataset);
            if (pixelMean != null) {
                m.put("pixelMeanShape", new int[] {pixelMean.c(), pixelMean.h(), pixelMean.w()});
                m.put("pixelMean", pixelMean.px());
            }
            if (classNames != null) {
                m.put("classNames", classNames);
            }
            if (weights != null) {
                m.put("weights", weights);
            }
            return m;
        }
    }

    /** A training set's mean image (channels × height × width, row-major), subtracted by per-pixel-mean normalisation. */
    public record PixelMean(int c, int h, int w, float[] px) {
        public PixelMean {
            if ((long) c * h * w != px.length) {
                throw new IllegalArgumentException("pixel mean of " + c + "×" + h + "×" + w + " needs " + (long) c * h * w + " values; got " + px.length);
            }
        }
    }

    /**
     * Writes {@code net} (weights, and the updater state if {@code withUpdater}) and its {@code info} as a model file,
     * atomically: {@code file} is either the complete new file or left as it was.
     */
    public static void save(ComputationGraph net, Path file, Info info, boolean withUpdater) throws IOException {
        Files2.writeAtomically(file, tmp -> {
            ModelSerializer.writeModel(net, tmp.toFile(), withUpdater);
            addInfo(tmp, info);
        });
    }

    public static void addInfo(Path zip, Info info) {
        ModelSerializer.addObjectToFile(zip.toFile(), KEY, Json.write(info.toMap()));
    }

    public static Info info(Path zip) {
        Object o;
        try {
            o = ModelSerializer.getObjectFromFile(zip.toFile(), KEY);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(zip + " is not a classic-zoo model file (no " + KEY + " entry): " + e.getMessage(), e);
        }
        JsonNode j = Json.read((String) o);
        Map<String, String> knobs = new LinkedHashMap<>();
        j.get("knobs").fields().forEachRemaining(e -> knobs.put(e.getKey(), e.getValue().asText()));
        JsonNode in = j.get("input");
        PixelMean mean = null;
        if (j.has("pixelMean")) {
            JsonNode s = j.get("pixelMeanShape");
            JsonNode v = j.get("pixelMean");
            float[] px = new float[v.size()];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) v.get(i).asDouble();
            }
            mean = new PixelMean(s.get(0).asInt(), s.get(1).asInt(), s.get(2).asInt(), px);
        }
        List<String> names = null;
        if (j.has("classNames")) {
            names = new ArrayList<>();
            for (JsonNode n : j.get("classNames")) {
                names.add(n.asText());
            }
        }
        Map<String, String> weights = null;
        if (j.has("weights")) {
            Map<String, String> w = new LinkedHashMap<>();
            j.get("weights").fields().forEachRemaining(e -> w.put(e.getKey(), e.getValue().asText()));
            weights = w;
        }
        return new Info(j.get("model").asText(), knobs, new int[] {in.get(0).asInt(), in.get(1).asInt(), in.get(2).asInt()},
                j.get("classes").asInt(), j.get("normalization").asText(), j.get("dataset").asText(), mean, names, weights);
    }

    /**
     * The network in a model file, with its weights and without its updater state, put on the fast path
     * ({@link FastPath#install}) when a speed layer such as zoo-native is on the class path.
     */
    public static ComputationGraph load(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException("model file " + zip + " does not exist");
        }
        try {
            return FastPath.install(ModelSerializer.restoreComputationGraph(zip.toFile(), false));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read model file " + zip + ": " + e.getMessage(), e);
        }
    }

    /** A run directory's best checkpoint if it has one, else its last; a file is returned as is. */
    public static Path resolve(Path runDirOrFile) {
        if (!Files.exists(runDirOrFile)) {
            throw new IllegalArgumentException(runDirOrFile + " does not exist (expected a run directory or a model file)");
        }
        if (Files.isDirectory(runDirOrFile)) {
            for (String n : new String[] {BEST, LAST}) {
                if (Files.isRegularFile(runDirOrFile.resolve(n))) {
                    return runDirOrFile.resolve(n);
                }
            }
            throw new IllegalArgumentException(runDirOrFile + " has no " + BEST + " or " + LAST + ": not a run directory with a finished epoch");
        }
        return runDirOrFile;
    }
}
