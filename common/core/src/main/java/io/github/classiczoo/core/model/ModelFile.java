package io.github.classiczoo.core.model;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.ZooException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A DL4J model zip with a small {@code zoo-model.json} entry saying what it is: model name, knobs, input shape,
 * classes, class names, the preprocessing its inputs need and the dataset it was trained on. Checkpoints carry it, so a
 * checkpoint is also a model file. The zip has DL4J's layout ({@code ModelSerializer} reads it): its graph holds plain
 * DL4J layers plus the zoo's few layer classes in zoo-core, so it loads wherever zoo-core is on the class path.
 * Files are read as untrusted input, without Java serialization and within declared sizes ({@link ModelZip}).
 *
 * <pre>{@code
 * ComputationGraph net = ModelFile.load(Path.of("run/checkpoint-best.zip"));   // weights, on the fast path if present
 * ModelFile.Info info = ModelFile.info(Path.of("run/checkpoint-best.zip"));    // what it is: model, classes, input ...
 * ModelFile.save(net, Path.of("best.zip"), info, false);                        // atomically; false: no updater state
 * Path f = ModelFile.resolve(Path.of("runs/lenet5"));    // a run directory's best checkpoint; also a file or lenet5@mnist
 * }</pre>
 */
public final class ModelFile {

    static final String KEY = "zoo-model.json";
    /** A run directory's checkpoints: the best epoch's (on validation, or the last one without) and the last one. */
    public static final String BEST = "checkpoint-best.zip";
    /** The entry of a training checkpoint that holds the trainer's state ({@code epochsDone}, the schedule, the best epoch). */
    public static final String TRAINER_STATE = "zoo-trainer-state.json";
    public static final String LAST = "checkpoint-last.zip";

    private ModelFile() {
    }

    /**
     * @param preprocessing how images become this network's input: placement, scale, normalisation (with its numbers)
     * @param dataset       the dataset it was trained on ({@code mnist}, {@code folder:DIR}, {@code imagenet} for imported weights)
     * @param classNames    the output classes' names, else null
     * @param weights       where imported weights came from ({@code file}, {@code sha256}, {@code source}), else null
     */
    public record Info(String model, Map<String, String> knobs, int[] input, int classes, Preprocessing preprocessing, String dataset,
                       List<String> classNames, Map<String, String> weights) {

        public Info {
            if (preprocessing == null) {
                throw new IllegalArgumentException("a model file's info needs its preprocessing");
            }
            if (!java.util.Arrays.equals(preprocessing.input(), input)) {
                throw new IllegalArgumentException("preprocessing for " + java.util.Arrays.toString(preprocessing.input()) + " but the input is "
                        + java.util.Arrays.toString(input));
            }
        }

        public Info(String model, Map<String, String> knobs, int[] input, int classes, Preprocessing preprocessing, String dataset) {
            this(model, knobs, input, classes, preprocessing, dataset, null, null);
        }

        /** The normalisation its inputs get (part of {@link #preprocessing()}). */
        public Normalization normalization() {
            return preprocessing.normalization();
        }

        /** The same model with a new head of {@code n} classes (names, or null), as {@link FineTune} makes it. */
        public Info withClasses(int n, List<String> names) {
            if (names != null && names.size() != n) {
                throw new IllegalArgumentException(n + " classes but " + names.size() + " names");
            }
            return new Info(model, knobs, input, n, preprocessing, dataset, names, weights);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("knobs", knobs);
            m.put("input", input);
            m.put("classes", classes);
            Normalization n = preprocessing.normalization();
            m.put("normalization", n.name());
            m.put("preprocessing", preprocessing.toMap());
            m.put("dataset", dataset);
            if (n.pixelMean() != null) {
                m.put("pixelMeanShape", new int[] {n.pixelMean().c(), n.pixelMean().h(), n.pixelMean().w()});
                m.put("pixelMean", n.pixelMean().px());
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

    /**
     * Writes {@code net} (weights, and the updater state if {@code withUpdater}) and its {@code info} as a model file,
     * atomically: {@code file} is either the complete new file or left as it was.
     */
    public static void save(ComputationGraph net, Path file, Info info, boolean withUpdater) throws IOException {
        save(net, file, info, withUpdater, Map.of());
    }

    /** As {@link #save(ComputationGraph, Path, Info, boolean)}, with more JSON entries (a trainer's state) beside the info. */
    public static void save(ComputationGraph net, Path file, Info info, boolean withUpdater, Map<String, String> jsonEntries) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(KEY, Json.write(info.toMap()));
        entries.putAll(jsonEntries);
        Files2.writeAtomically(file, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                ModelZip.write(net, withUpdater, entries, out);
            }
        });
    }

    /** What the model file {@code zip} holds, from its {@code zoo-model.json} entry; refused if it has none or it is malformed. */
    public static Info info(Path zip) {
        String text = ModelZip.readJson(zip, KEY);
        if (text == null) {
            throw new ZooException(zip + " is not a classic-zoo model file: it has no " + KEY + " entry (a plain DL4J model zip? "
                    + "classic-zoo needs to know its model, input and classes)");
        }
        JsonNode j;
        try {
            j = Json.read(text);
        } catch (RuntimeException e) {
            throw new ZooException(zip + ": its " + KEY + " entry is not valid JSON (" + e.getMessage().replaceFirst("^invalid JSON: ", "") + ")");
        }
        try {
            return parse(j);
        } catch (RuntimeException e) {
            throw new ZooException(zip + ": its " + KEY + " entry is malformed: " + e.getMessage());
        }
    }

    private static Info parse(JsonNode j) {
        Map<String, String> knobs = new LinkedHashMap<>();
        required(j, "knobs", JsonNode::isObject).fields().forEachRemaining(e -> knobs.put(e.getKey(), e.getValue().asText()));
        int[] input = shape(required(j, "input", JsonNode::isArray), "input");
        int classes = required(j, "classes", JsonNode::canConvertToInt).asInt();
        if (classes < 1) {
            throw new IllegalArgumentException("classes is " + classes);
        }
        Image mean = null;
        if (j.has("pixelMean")) {
            int[] s = shape(required(j, "pixelMeanShape", JsonNode::isArray), "pixelMeanShape");
            JsonNode v = required(j, "pixelMean", JsonNode::isArray);
            if ((long) s[0] * s[1] * s[2] != v.size()) {
                throw new IllegalArgumentException("pixelMean has " + v.size() + " values for a " + s[0] + "×" + s[1] + "×" + s[2] + " image");
            }
            float[] px = new float[v.size()];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) v.get(i).asDouble();
            }
            mean = new Image(s[0], s[1], s[2], px);
        }
        List<String> names = null;
        if (j.has("classNames")) {
            names = new ArrayList<>();
            for (JsonNode n : required(j, "classNames", JsonNode::isArray)) {
                names.add(n.asText());
            }
            if (names.size() != classes) {
                throw new IllegalArgumentException(names.size() + " class names for " + classes + " classes");
            }
        }
        Map<String, String> weights = null;
        if (j.has("weights")) {
            Map<String, String> w = new LinkedHashMap<>();
            required(j, "weights", JsonNode::isObject).fields().forEachRemaining(e -> w.put(e.getKey(), e.getValue().asText()));
            weights = w;
        }
        String normalization = required(j, "normalization", JsonNode::isTextual).asText(), dataset = j.path("dataset").asText("");
        Preprocessing pre = j.has("preprocessing") ? preprocessing(required(j, "preprocessing", JsonNode::isObject), input, normalization, mean)
                : Preprocessing.standard(input, normalization, dataset, mean); // a file written before preprocessing was recorded
        return new Info(required(j, "model", JsonNode::isTextual).asText(), knobs, input, classes, pre, dataset, names, weights);
    }

    /** A recorded {@link Preprocessing}: its geometry and numbers; the name and per-pixel mean are recorded beside it. */
    private static Preprocessing preprocessing(JsonNode p, int[] input, String name, Image mean) {
        String kind = required(p, "geometry", JsonNode::isTextual).asText();
        Preprocessing.Geometry g = switch (kind) {
            case "pad" -> {
                JsonNode size = required(p, "size", n -> n.isArray() && n.size() == 2 && n.get(0).canConvertToInt() && n.get(1).canConvertToInt());
                yield new Preprocessing.Pad(size.get(0).asInt(), size.get(1).asInt());
            }
            case "resize-crop" -> new Preprocessing.ResizeCrop(required(p, "resize", JsonNode::canConvertToInt).asInt());
            default -> throw new IllegalArgumentException("preprocessing geometry '" + kind + "' is not one of " + Preprocessing.GEOMETRIES);
        };
        float[] scale = floats(required(p, "scale", JsonNode::isArray), "scale", input[0]);
        float[] shift = floats(required(p, "shift", JsonNode::isArray), "shift", scale.length);
        return Preprocessing.of(input, g, new Normalization(name, scale, shift, mean));
    }

    /** {@code n} (or one) finite numbers. */
    private static float[] floats(JsonNode a, String field, int n) {
        if (a.size() != 1 && a.size() != n) {
            throw new IllegalArgumentException(field + " has " + a.size() + " values; " + (n == 1 ? "1 is" : "1 or " + n + " are") + " needed");
        }
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).isNumber() || !Float.isFinite((float) a.get(i).asDouble())) {
                throw new IllegalArgumentException(field + " " + a + " is not finite numbers");
            }
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }

    private static JsonNode required(JsonNode j, String field, java.util.function.Predicate<JsonNode> ok) {
        JsonNode n = j.get(field);
        if (n == null || !ok.test(n)) {
            throw new IllegalArgumentException(n == null ? "no " + field : field + " is " + n);
        }
        return n;
    }

    /** Three positive dimensions of at most 2^15 each (channels × height × width). */
    private static int[] shape(JsonNode a, String field) {
        if (a.size() != 3) {
            throw new IllegalArgumentException(field + " " + a + " is not [channels, height, width]");
        }
        int[] s = new int[3];
        for (int i = 0; i < 3; i++) {
            if (!a.get(i).canConvertToInt() || a.get(i).asInt() < 1 || a.get(i).asInt() > 1 << 15) {
                throw new IllegalArgumentException(field + " " + a + " is not [channels, height, width] of 1.." + (1 << 15));
            }
            s[i] = a.get(i).asInt();
        }
        return s;
    }

    /**
     * The network in a model file, with its weights and without its updater state, put on the fast path
     * ({@link FastPath#install}) when a speed layer such as zoo-native is on the class path. The file is untrusted input
     * ({@link ModelZip}): a malformed one is refused with a {@link ZooException} naming what is wrong, as is one whose
     * weights are NaN or infinite, or whose {@code zoo-model.json} does not describe its graph.
     */
    public static ComputationGraph load(Path zip) {
        ComputationGraph net = ModelZip.readNetwork(zip, false);
        String info = ModelZip.readJson(zip, KEY);
        if (info != null) {
            checkMatches(zip, info(zip), net);
        }
        return FastPath.install(net);
    }

    /**
     * Refuses a file whose metadata does not describe its graph: the graph must take the recorded input (shape inference
     * on a copy of its configuration) and end in as many outputs as the recorded classes.
     */
    static void checkMatches(Path zip, Info info, ComputationGraph net) {
        Map<String, InputType> types;
        try {
            types = net.getConfiguration().clone().getLayerActivationTypes(InputType.convolutional(info.input()[1], info.input()[2], info.input()[0]));
        } catch (RuntimeException e) {
            throw new ZooException(zip + ": its " + KEY + " entry says input " + info.input()[0] + "×" + info.input()[1] + "×" + info.input()[2]
                    + " but the graph does not take it (" + e.getMessage() + "); the file's parts do not belong together");
        }
        String out = net.getConfiguration().getNetworkOutputs().get(0);
        InputType t = types.get(out);
        if (t != null && t.arrayElementsPerExample() != info.classes()) {
            throw new ZooException(zip + ": its " + KEY + " entry says " + info.classes() + " classes but the graph's output " + out + " has "
                    + t.arrayElementsPerExample() + "; the file's parts do not belong together");
        }
    }

    /**
     * A run directory's best checkpoint if it has one, else its last; a file is returned as is; {@code MODEL@WEIGHTS}
     * ({@code lenet5@mnist}), when no such file exists, is the shipped weights' verified model file ({@link Pretrained#file}).
     */
    public static Path resolve(Path runDirOrFile) {
        if (!Files.exists(runDirOrFile)) {
            Pretrained w = Pretrained.parse(runDirOrFile.toString());
            if (w != null) {
                return w.file();
            }
            throw new IllegalArgumentException(runDirOrFile + " does not exist (expected a run directory or a model file)");
        }
        if (Files.isDirectory(runDirOrFile)) {
            Path best = runDirOrFile.resolve(BEST);
            if ((Files.exists(best) || Files.isSymbolicLink(best)) && !Files.isRegularFile(best)) { // never the last one silently instead
                throw new ZooException(best + " " + Files2.whyNotRegular(best) + "; name the checkpoint file to evaluate instead of the run directory");
            }
            if (Files.isRegularFile(runDirOrFile.resolve(BEST))) {
                checkBestAgreesWithManifest(runDirOrFile);
                return runDirOrFile.resolve(BEST);
            }
            if (Files.isRegularFile(runDirOrFile.resolve(LAST))) {
                return runDirOrFile.resolve(LAST);
            }
            throw new IllegalArgumentException(runDirOrFile + " has no " + BEST + " or " + LAST + ": not a run directory with a finished epoch");
        }
        return runDirOrFile;
    }

    /**
     * The epoch a training checkpoint holds (its {@value #TRAINER_STATE} entry's {@code epochsDone}), or -1 if the file is
     * missing, not a checkpoint or unreadable.
     */
    public static int checkpointEpoch(Path checkpoint) {
        try {
            String state = Files.isRegularFile(checkpoint) ? ModelZip.readJson(checkpoint, TRAINER_STATE) : null;
            return state == null ? -1 : Json.read(state).path("epochsDone").asInt(-1);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Refuses a run directory whose best checkpoint is not the epoch its manifest names as best (a write that failed between
     * the two): evaluating it would silently use other weights than the ones the record describes.
     */
    private static void checkBestAgreesWithManifest(Path run) {
        Path manifest = run.resolve("manifest.json");
        try {
            if (!Files.isRegularFile(manifest) || Files.size(manifest) > 64L << 20) {
                return;
            }
            JsonNode best = Json.read(Files.readString(manifest)).path("bestEpoch");
            if (!best.canConvertToInt()) {
                return;
            }
            int held = checkpointEpoch(run.resolve(BEST));
            if (held >= 0 && held != best.asInt()) {
                throw new ZooException(run.resolve(BEST) + " holds epoch " + held + " but " + manifest + " names epoch " + best.asInt()
                        + " as the best (a write that failed between the two); resuming the run repairs it, or name a checkpoint file "
                        + "instead of the run directory");
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // an unreadable manifest does not decide which file is read: the model file itself is checked when loaded
        }
    }
}
