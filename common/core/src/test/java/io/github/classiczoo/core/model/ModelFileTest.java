package io.github.classiczoo.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.util.ZooException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Model files as untrusted input: what a damaged, hostile or mismatched file gets, and that a good one round-trips. */
class ModelFileTest {

    @TempDir
    static Path dir;
    static Path good;
    static byte[] goodBytes;

    static ComputationGraph tiny(int hidden, int classes) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).graphBuilder()
                .addInputs("in").setInputTypes(InputType.feedForward(6))
                .addLayer("h", new DenseLayer.Builder().nOut(hidden).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build(), "h")
                .setOutputs("out").build());
        net.init();
        return net;
    }

    static ModelFile.Info info(int classes) {
        return new ModelFile.Info("tiny", Map.of("width", "5"), new int[] {1, 1, 6}, classes,
                Preprocessing.standard(new int[] {1, 1, 6}, "mean[0.5]-std[0.5]", "test", null), "test");
    }

    @BeforeAll
    static void writeGood() throws IOException {
        good = dir.resolve("good.zip");
        ModelFile.save(tiny(5, 3), good, info(3), true);
        goodBytes = Files.readAllBytes(good);
    }

    @Test
    void roundTripsAndStaysReadableByDl4j() throws IOException {
        ComputationGraph net = tiny(5, 3);
        Path f = dir.resolve("rt.zip");
        ModelFile.save(net, f, info(3), true, Map.of("extra.json", "{\"a\": 1}"));
        assertArrayEquals(net.params().toFloatVector(), ModelFile.load(f).params().toFloatVector());
        assertEquals("tiny", ModelFile.info(f).model());
        assertEquals("{\"a\": 1}", ModelZip.readJson(f, "extra.json"));
        assertArrayEquals(net.params().toFloatVector(), ModelSerializer.restoreComputationGraph(f.toFile(), true).params().toFloatVector());
        try (ZipFile z = new ZipFile(f.toFile())) {
            assertTrue(z.stream().allMatch(e -> List.of("configuration.json", "coefficients.bin", "updaterState.bin", "zoo-model.json", "extra.json")
                    .contains(e.getName())), "only DL4J's three entries and plain JSON");
        }
    }

    /** A file an older version wrote: the info as a Java-serialized string under {@code zoo-model}. */
    @Test
    void readsTheOlderSerializedStringEntry() throws IOException {
        Path f = rewrite("legacy.zip", "zoo-model.json", null);
        String json = ModelZip.readJson(good, "zoo-model.json");
        f = addEntry(f, "zoo-model", serialize(json));
        assertEquals(ModelFile.info(good).model(), ModelFile.info(f).model());
    }

    /** Marks, if ever deserialized, that a class other than String was instantiated from a file. */
    static final class Gadget implements Serializable {
        static volatile boolean instantiated;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            instantiated = true;
        }
    }

    @Test
    void refusesAnySerializedObjectButAString() throws IOException {
        Path f = addEntry(rewrite("gadget.zip", "zoo-model.json", null), "zoo-model", serialize(new Gadget()));
        String msg = refused(() -> ModelFile.info(f));
        assertTrue(msg.contains("zoo-model") && msg.contains("refused unread"), msg);
        assertFalse(Gadget.instantiated, "the gadget's readObject ran");
        Map<String, Object> map = new HashMap<>();
        map.put("k", new Gadget());
        Path g = addEntry(rewrite("gadget2.zip", "zoo-model.json", null), "zoo-model", serialize(map));
        refused(() -> ModelFile.info(g));
        assertFalse(Gadget.instantiated);
    }

    /** 26 bytes that declare an array of 2^62 values: refused from the header, nothing allocated. */
    @Test
    void refusesHugeDeclaredArraysBeforeAllocating() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeUTF("MIXED_DATA_TYPES");
        d.writeLong(1L << 62);
        d.writeUTF("LONG");
        Path f = rewrite("huge.zip", "coefficients.bin", b.toByteArray());
        String msg = refused(() -> ModelFile.load(f));
        assertTrue(msg.contains("coefficients.bin") && msg.contains("malformed"), msg);
    }

    @Test
    void refusesGraphsBeyondTheParameterLimit() throws IOException {
        Path f = dir.resolve("wide.zip");
        String config = tiny(5, 3).getConfiguration().toJson().replace("\"nout\" : 5", "\"nout\" : 4000000000");
        assertTrue(config.contains("4000000000"), "the test edits the hidden layer's width");
        Files.write(f, goodBytes);
        Path g = rewrite("wide.zip", "configuration.json", config.getBytes(StandardCharsets.UTF_8));
        String msg = refused(() -> ModelFile.load(g));
        assertTrue(msg.contains("1,000,000,000 parameters") && msg.contains(ModelZip.MAX_PARAMS_PROPERTY), msg);
    }

    @Test
    void refusesAGraphThatCannotBeBuilt() throws IOException {
        String config = tiny(5, 3).getConfiguration().toJson();
        String broken = config.replace("\"h\" : [ \"in\" ]", "\"h\" : [ \"nowhere\" ]");
        assertTrue(!broken.equals(config), "the test rewires a vertex's input");
        Path f = rewrite("broken.zip", "configuration.json", broken.getBytes(StandardCharsets.UTF_8));
        String msg = refused(() -> ModelFile.load(f));
        assertTrue(msg.contains("configuration.json"), msg);
    }

    @Test
    void refusesPartsThatDoNotBelongTogether() throws IOException {
        Path other = dir.resolve("other.zip");
        ModelFile.save(tiny(7, 3), other, info(3), false);
        byte[] coefficients;
        try (ZipFile z = new ZipFile(other.toFile())) {
            coefficients = z.getInputStream(z.getEntry("coefficients.bin")).readAllBytes();
        }
        Path f = rewrite("mixed.zip", "coefficients.bin", coefficients);
        String msg = refused(() -> ModelFile.load(f));
        assertTrue(msg.contains("coefficients.bin") && msg.contains("do not belong together"), msg);

        Path m = dir.resolve("mismatch.zip");
        ModelFile.save(tiny(5, 3), m, info(10), false);
        msg = refused(() -> ModelFile.load(m));
        assertTrue(msg.contains("10 classes") && msg.contains("has 3"), msg);
    }

    @Test
    void refusesNonFiniteWeightsNamingThem() throws IOException {
        ComputationGraph net = tiny(5, 3);
        net.getParam("h_W").putScalar(2, Float.NaN);
        Path f = dir.resolve("nan.zip");
        ModelFile.save(net, f, info(3), false);
        String msg = refused(() -> ModelFile.load(f));
        assertTrue(msg.contains("NaN or infinite") && msg.contains("h_W") && !msg.contains("out_W"), msg);
    }

    @Test
    void refusesEntriesLargerThanTheirLimitWhateverTheZipClaims() throws IOException {
        byte[] spaces = new byte[ModelZip.MAX_JSON_BYTES + 10];
        java.util.Arrays.fill(spaces, (byte) ' ');
        Path f = rewrite("bomb.zip", "zoo-model.json", spaces); // ~65 KB compressed
        assertTrue(Files.size(f) < 1 << 20);
        String msg = refused(() -> ModelFile.info(f));
        assertTrue(msg.contains("zoo-model.json") && msg.contains("larger than"), msg);
    }

    @Test
    void namesWhatIsWrongWithMalformedMetadata() throws IOException {
        String json = ModelZip.readJson(good, "zoo-model.json");
        for (String[] c : new String[][] {{"\"classes\" : 3", "\"classes\" : -3", "classes is -3"},
                                          {"\"input\" : [ 1, 1, 6 ]", "\"input\" : [ 1, 6 ]", "input"},
                                          {"\"model\" : \"tiny\"", "\"model\" : 7", "model is 7"}}) {
            assertTrue(json.contains(c[0]), c[0]);
            Path f = rewrite("meta.zip", "zoo-model.json", json.replace(c[0], c[1]).getBytes(StandardCharsets.UTF_8));
            String msg = refused(() -> ModelFile.info(f));
            assertTrue(msg.contains("zoo-model.json") && msg.contains(c[2]), msg);
        }
        Path f = rewrite("meta.zip", "zoo-model.json", "{not json".getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(() -> ModelFile.info(f)).contains("not valid JSON"));
        Files.writeString(f, "not a zip at all");
        assertTrue(refused(() -> ModelFile.load(f)).contains("not a readable zip"));
    }

    @Test
    void recordsItsPreprocessingWithNumbersAndReadsOlderFilesByTheirNames() throws IOException {
        Preprocessing p = Preprocessing.of(new int[] {1, 1, 6}, new Preprocessing.Pad(1, 4), Normalization.mnist());
        Path f = dir.resolve("pre.zip");
        ModelFile.save(tiny(5, 3), f, new ModelFile.Info("tiny", Map.of("width", "5"), new int[] {1, 1, 6}, 3, p, "mnist"), false);
        assertEquals(p, ModelFile.info(f).preprocessing());
        String json = ModelZip.readJson(f, "zoo-model.json");
        assertTrue(json.contains("\"geometry\" : \"pad\"") && json.contains("\"scale\""), json);

        // a file from before preprocessing was recorded: its normalisation by name, the placement by its dataset (here none known)
        String old = json.replaceAll("\"preprocessing\" : \\{[^}]*\\},?", "").replace("\"mnist\"", "\"elsewhere\"");
        assertFalse(old.contains("preprocessing"), old);
        Path o = rewrite("old.zip", "zoo-model.json", old.getBytes(StandardCharsets.UTF_8));
        Preprocessing read = ModelFile.info(o).preprocessing();
        assertEquals(new Preprocessing.ResizeCrop(1), read.geometry());
        assertEquals(Normalization.mnist(), read.normalization());

        for (String[] c : new String[][] {{"\"pad\"", "\"zoom\"", "geometry 'zoom' is not one of [pad, resize-crop]"},
                                          {"\"size\" : [ 1, 4 ]", "\"size\" : [ 1, 40 ]", "1×40 images do not fit a 1×6 input"},
                                          {"\"scale\" : [ ", "\"scale\" : [ 1, 2, ", "scale has 3 values; 1 is needed"},
                                          {"\"shift\" : [ ", "\"shift\" : [ \"x\", ", "shift"}}) {
            assertTrue(json.contains(c[0]), c[0] + " in " + json);
            Path bad = rewrite("badpre.zip", "zoo-model.json", json.replace(c[0], c[1]).getBytes(StandardCharsets.UTF_8));
            String msg = refused(() -> ModelFile.info(bad));
            assertTrue(msg.contains("zoo-model.json") && msg.contains(c[2]) && !msg.contains("\n"), msg);
        }
    }

    /** Issue 27: an entry nested 100,000 levels deep overflowed the stack of the JSON reader (an Error, not a refusal). */
    @Test
    void refusesMetadataNestedTooDeep() throws IOException {
        Path f = rewrite("deep.zip", "zoo-model.json", "[".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        String msg = refused(() -> ModelFile.info(f));
        assertTrue(msg.startsWith(f + ": its zoo-model.json entry is not valid JSON") && msg.contains("nested deeper than 100 levels"), msg);
    }

    private static String refused(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ZooException.class, e).getMessage();
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    /** The good file with entry {@code name} replaced by {@code content} (or removed if null). */
    private static Path rewrite(String file, String name, byte[] content) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(good.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        if (content == null) {
            entries.remove(name);
        } else {
            entries.put(name, content);
        }
        return write(dir.resolve(file), entries);
    }

    private static Path addEntry(Path f, String name, byte[] content) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(f.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        entries.put(name, content);
        return write(f, entries);
    }

    private static Path write(Path f, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }
}
