package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.weights.Npz;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 20, model files: every command that reads one (predict, eval, export) refuses a damaged, hostile or mismatched
 * file with one line naming it, before any work, and changes nothing.
 */
class HostileModelFilesTest {

    @TempDir
    Path dir;
    Path good;
    Path x;

    @BeforeEach
    void files() throws IOException {
        ZooModel m = Zoo.registry().get("lenet5");
        ModelSpec spec = m.spec(java.util.Map.of());
        good = dir.resolve("good.zip");
        ModelFile.save(m.create(spec), good, new ModelFile.Info("lenet5", spec.knobs(), spec.input().toArray(), 10, io.github.classiczoo.core.image.Preprocessing.standard(spec.input().toArray(), "lecun98", "mnist", null), "mnist"), false);
        x = dir.resolve("x.npy");
        Npz.writeNpy(x, Nd4j.zeros(DataType.FLOAT, 1, 1, 32, 32));
    }

    private void refusedByEveryReader(Path bad, String expected) throws IOException {
        Hostile.refused(dir, expected, "predict", "--model", bad.toString(), "--input", x.toString(), "--output", dir.resolve("y.npy").toString());
        Hostile.refused(dir, expected, "eval", bad.toString(), "--dataset", "mnist");
        // export takes only -torchvision models: whichever it finds first, the refusal names the file
        Hostile.refused(dir, bad.toString(), "export", bad.toString(), "--out", dir.resolve("o.npz").toString());
    }

    @Test
    void notAZipOrTruncated() throws IOException {
        Path text = dir.resolve("text.zip");
        Files.writeString(text, "not a model");
        refusedByEveryReader(text, text + " is not a model file: not a readable zip");
        Path half = dir.resolve("half.zip");
        byte[] b = Files.readAllBytes(good);
        Files.write(half, Arrays.copyOf(b, b.length / 2));
        refusedByEveryReader(half, half.toString());
    }

    @Test
    void aSerializedObjectIsRefusedUnread() throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(o)) {
            out.writeObject(new java.util.HashMap<>(java.util.Map.of("k", new java.util.ArrayList<>())));
        }
        Path f = Hostile.rewriteZip(good, dir.resolve("tmp.zip"), "zoo-model.json", null, false);
        Path gadget = Hostile.rewriteZip(f, dir.resolve("gadget.zip"), "zoo-model", o.toByteArray(), false);
        Files.delete(f);
        refusedByEveryReader(gadget, "entry zoo-model is not a plain string");
    }

    @Test
    void headersThatDeclareHugeArrays() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeUTF("MIXED_DATA_TYPES");
        d.writeLong(1L << 62);
        d.writeUTF("LONG");
        refusedByEveryReader(Hostile.rewriteZip(good, dir.resolve("bomb.zip"), "coefficients.bin", b.toByteArray(), false),
                "entry coefficients.bin has a malformed array header");
        String conf;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(good.toFile())) {
            conf = new String(z.getInputStream(z.getEntry("configuration.json")).readAllBytes(), StandardCharsets.UTF_8);
        }
        String wide = conf.replaceFirst("\"nout\" : 120,", "\"nout\" : 3000000000,");
        refusedByEveryReader(Hostile.rewriteZip(good, dir.resolve("wide.zip"), "configuration.json", wide.getBytes(StandardCharsets.UTF_8), false),
                "more than 1,000,000,000 parameters");
    }

    @Test
    void nonFiniteWeightsAndMetadataThatDoesNotMatchTheGraph() throws IOException {
        ZooModel m = Zoo.registry().get("lenet5");
        ModelSpec spec = m.spec(java.util.Map.of());
        ComputationGraph net = m.create(spec);
        net.params().putScalar(7, Double.POSITIVE_INFINITY);
        Path inf = dir.resolve("inf.zip");
        ModelFile.save(net, inf, new ModelFile.Info("lenet5", spec.knobs(), spec.input().toArray(), 10, io.github.classiczoo.core.image.Preprocessing.standard(spec.input().toArray(), "lecun98", "mnist", null), "mnist"), false);
        refusedByEveryReader(inf, "weights that are NaN or infinite");
        Path mismatch = dir.resolve("mismatch.zip");
        ModelFile.save(m.create(spec), mismatch, new ModelFile.Info("lenet5", spec.knobs(), spec.input().toArray(), 7, io.github.classiczoo.core.image.Preprocessing.standard(spec.input().toArray(), "lecun98", "mnist", null), "mnist"), false);
        refusedByEveryReader(mismatch, "says 7 classes but the graph's output");
    }
}
