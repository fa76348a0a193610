package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.app.Zoo;
import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.testing.TestFiles;
import io.github.classiczoo.train.Predictor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Numerical parity with torchvision (Debian's python3-torch/python3-torchvision, run as a separate process):
 * seeded random weights exported by {@code tools/export_torchvision.py}, imported with {@code zoo import}, the
 * same random batch through both in inference mode (logits, and the stages {@code zoo features} writes against
 * torchvision's feature extractor); the reverse path ({@code zoo export} into torchvision's
 * {@code load_state_dict(strict=True)}); the ImageNet evaluation transform against torchvision's; and
 * {@code zoo eval} of an imported model on a folder dataset against torchvision's top-1.
 *
 * <p>Without torch the tests are skipped with a loud message, except under CI (env {@code CI} set, as
 * {@code .ci/run} does), where they fail. {@code ZOO_PYTHON} names the interpreter to use instead of
 * {@code /usr/bin/python3}, then {@code python3}.
 */
class TorchParityTest {

    /** max |Δlogit| ≤ this × max |logit| (float32 on both sides). */
    static final double LOGIT_TOLERANCE = 1e-4;
    /** after ImageNet normalisation; Pillow rounds to 8 bits twice, ≤ 1 level = 1/255/0.224 = 0.0175 */
    static final double PIXEL_TOLERANCE = 2e-2;

    static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTorch() throws Exception {
        // ZOO_PYTHON, if set, is the only interpreter tried; Debian's torch is only visible to /usr/bin/python3
        List<String> candidates = System.getenv("ZOO_PYTHON") != null ? List.of(System.getenv("ZOO_PYTHON")) : List.of("/usr/bin/python3", "python3");
        StringBuilder tried = new StringBuilder();
        for (String p : candidates) {
            try {
                Processes.Result r = Processes.run(Processes.repoRoot(), 120, List.of(p, "-c", "import torch, torchvision, PIL"));
                if (r.code() == 0) {
                    python = p;
                    return;
                }
                tried.append("\n  ").append(p).append(": ").append(r.out().strip().lines().reduce((a, b) -> b).orElse(""));
            } catch (java.io.IOException e) {
                tried.append("\n  ").append(p).append(": ").append(e.getMessage());
            }
        }
        String msg = "torch and torchvision are needed for the parity tests (apt-get install python3-torch python3-torchvision); tried:" + tried;
        if (System.getenv("CI") != null) {
            throw new AssertionError(msg);
        }
        System.err.println("\n" + "!".repeat(100) + "\n!!! SKIPPING TorchParityTest: " + msg + "\n" + "!".repeat(100) + "\n");
        Assumptions.abort(msg);
    }

    static String py(Path workDir, String... args) throws Exception {
        return py(workDir, Map.of(), args);
    }

    static String py(Path workDir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(python));
        cmd.addAll(List.of(args));
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("OMP_NUM_THREADS", "2");
        Processes.Result r = Processes.run(workDir, 1800, cmd, e);
        assertEquals(0, r.code(), String.join(" ", cmd) + "\n" + r.out());
        return r.out();
    }

    static String tool(String name) {
        return Processes.repoRoot().resolve("tools").resolve(name).toString();
    }

    static String resource(String name) {
        return Processes.repoRoot().resolve("integration-tests/src/test/resources/parity").resolve(name).toString();
    }

    /** Runs the zoo command line in this JVM; returns its standard output, failing on a non-zero exit. */
    static String zoo(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(p);
            code = Zoo.run(args);
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, "zoo " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    static double maxAbs(INDArray a) {
        return a.castTo(DataType.DOUBLE).amaxNumber().doubleValue();
    }

    /** Asserts max |Δ| ≤ tolerance × max |torch| and returns max |Δ| / max |torch|. */
    static double assertLogitsMatch(String what, Path torch, Path ours) {
        INDArray t = Nd4j.createFromNpyFile(torch.toFile()), j = Nd4j.createFromNpyFile(ours.toFile());
        assertEquals(java.util.Arrays.toString(t.shape()), java.util.Arrays.toString(j.shape()), what);
        double diff = maxAbs(t.sub(j)), scale = maxAbs(t);
        System.out.printf(Locale.ROOT, "parity %-28s max|Δlogit| %.3g, max|logit| %.4g, ratio %.3g (limit %.0e)%n", what, diff, scale, diff / scale,
                LOGIT_TOLERANCE);
        assertTrue(scale > 0, what + ": all logits are zero, nothing was compared");
        assertTrue(diff <= LOGIT_TOLERANCE * scale, what + ": max |Δlogit| " + diff + " > " + LOGIT_TOLERANCE + " × " + scale);
        return diff / scale;
    }

    /**
     * GoogLeNet exported with its auxiliary heads imports them (knob aux=true) and still gives torchvision's logits. Every
     * -torchvision model's {@code .npz} import against torchvision's logits is in TorchWeightFilesTest, which makes the
     * same {@code .npz} with the same tool for its torch-written files (one Python run per model serves both).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"googlenet --aux"})
    void importedWeightsGiveTorchvisionsLogits(String args) throws Exception {
        String model = args.split(" ")[0];
        long t0 = System.nanoTime();
        List<String> export = new ArrayList<>(List.of(tool("export_torchvision.py"), model, "w.npz", "--seed", "11"));
        if (args.contains("--aux")) {
            export.add("--aux");
        }
        py(dir, export.toArray(String[]::new));
        py(dir, tool("torchvision_logits.py"), model, "w.npz", "x.npy", "torch.npy", "--random-input", "2", "--seed", "3");
        zoo("import", model + "-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", dir.resolve("m.zip").toString());
        if (args.contains("--aux")) {
            assertEquals("true", ModelFile.info(dir.resolve("m.zip")).knobs().get("aux"), "aux heads imported");
        }
        zoo("predict", "--model", dir.resolve("m.zip").toString(), "--input", dir.resolve("x.npy").toString(), "--output", dir.resolve("ours.npy").toString(), "--normalized");
        assertLogitsMatch(args, dir.resolve("torch.npy"), dir.resolve("ours.npy"));
        System.out.printf(Locale.ROOT, "parity %-28s %.0f s (export, torch, import, predict)%n", args, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * {@code zoo features} (the model's default stages) against torchvision's {@code create_feature_extractor} with the
     * stages' names as return nodes, on the same imported weights and the same normalised batch of two 224×224 images. A
     * module path as a return node is its module's last operation ({@code layer1} is {@code layer1.2.relu_2},
     * {@code inception4e} is {@code inception4e.cat}): our stage vertices are those ops. GoogLeNet is built without
     * {@code transform_input} on both sides (the export's default, recorded in the .npz and read by torchvision_logits.py's
     * {@code load_model}), so both take the same array as it is; its aux heads are not built (they hang off 4a and 4d and
     * change no stage). Criterion: max |Δ| ≤ 10⁻⁴ × max |torch| per stage (float32 on both sides: torchvision's own float32
     * GoogLeNet differs from its float64 one by 3 × 10⁻⁵ of the largest at inception5b).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet50", "googlenet"})
    void featuresAreTorchvisionsFeatureExtractorOutputs(String model) throws Exception {
        List<String> stages = model.equals("googlenet") ? List.of("inception3b", "inception4e", "inception5b")
                : List.of("layer1", "layer2", "layer3", "layer4");
        long t0 = System.nanoTime();
        py(dir, tool("export_torchvision.py"), model, "w.npz", "--seed", "21");
        py(dir, "-c", "import numpy as np; np.save('x.npy', np.random.default_rng(5).standard_normal((2, 3, 224, 224)).astype(np.float32))");
        List<String> torch = new ArrayList<>(List.of(resource("torchvision_features.py"), model, "w.npz", "x.npy", "torch"));
        torch.addAll(stages);
        py(dir, torch.toArray(String[]::new));
        zoo("import", model + "-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", dir.resolve("m.zip").toString());
        zoo("features", dir.resolve("m.zip").toString(), "--input", dir.resolve("x.npy").toString(), "--normalized", "--out", dir.resolve("ours").toString());
        try (var files = Files.list(dir.resolve("ours"))) {
            assertEquals(stages.stream().map(s -> s + ".npy").sorted().toList(), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "the default stages are torchvision's node names");
        }
        for (String s : stages) {
            INDArray t = Nd4j.createFromNpyFile(dir.resolve("torch").resolve(s + ".npy").toFile()),
                    j = Nd4j.createFromNpyFile(dir.resolve("ours").resolve(s + ".npy").toFile());
            assertEquals(java.util.Arrays.toString(t.shape()), java.util.Arrays.toString(j.shape()), model + " " + s);
            double diff = maxAbs(t.sub(j)), scale = maxAbs(t);
            System.out.printf(Locale.ROOT, "parity features %-10s %-12s %-18s max|Δ| %.3g, max|value| %.4g, ratio %.3g (limit %.0e)%n", model, s,
                    java.util.Arrays.toString(t.shape()), diff, scale, diff / scale, LOGIT_TOLERANCE);
            assertTrue(scale > 0, model + " " + s + ": all zero, nothing was compared");
            assertTrue(diff <= LOGIT_TOLERANCE * scale, model + " " + s + ": max |Δ| " + diff + " > " + LOGIT_TOLERANCE + " × " + scale);
        }
        System.out.printf(Locale.ROOT, "parity features %-10s %.0f s (export, torch, import, features)%n", model, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * torchvision's GoogLeNet with {@code transform_input} (its pretrained weights) maps ImageNet-normalised input
     * to (x − 0.5) / 0.5; the import records that normalisation instead, which is the same function of the image.
     */
    @Test
    void googlenetTransformInputBecomesTheModelFilesNormalisation() throws Exception {
        py(dir, tool("export_torchvision.py"), "googlenet", "w.npz", "--seed", "12", "--transform-input");
        py(dir, "-c", "import numpy as np; x = np.random.default_rng(6).random((2, 3, 224, 224), dtype=np.float32)\n"
                + "m = np.array([0.485, 0.456, 0.406], np.float32).reshape(3, 1, 1); s = np.array([0.229, 0.224, 0.225], np.float32).reshape(3, 1, 1)\n"
                + "np.save('imagenet.npy', ((x - m) / s).astype(np.float32)); np.save('half.npy', ((x - 0.5) / 0.5).astype(np.float32))");
        py(dir, tool("torchvision_logits.py"), "googlenet", "w.npz", "imagenet.npy", "torch.npy");
        zoo("import", "googlenet-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", dir.resolve("m.zip").toString());
        assertEquals("mean[0.5,0.5,0.5]-std[0.5,0.5,0.5]", ModelFile.info(dir.resolve("m.zip")).normalization().name());
        zoo("predict", "--model", dir.resolve("m.zip").toString(), "--input", dir.resolve("half.npy").toString(), "--output", dir.resolve("ours.npy").toString(), "--normalized");
        assertLogitsMatch("googlenet transform_input", dir.resolve("torch.npy"), dir.resolve("ours.npy"));
    }

    /**
     * The --pretrained path without a download: a random state_dict placed where torchvision caches its
     * GoogLeNet weights ($TORCH_HOME/hub/checkpoints/googlenet-1378be20.pth). torchvision builds the pretrained
     * GoogLeNet with transform_input and drops its aux heads; the model file must say so and carry ImageNet's names.
     */
    @Test
    void pretrainedPathCarriesImageNetNamesAndTransformInput() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("torch/hub/checkpoints"));
        py(dir, "-c", "import torch, torchvision; torch.save(torchvision.models.googlenet(weights=None, aux_logits=True, init_weights=True)"
                + ".state_dict(), '" + cache.resolve("googlenet-1378be20.pth") + "')");
        String out = py(dir, Map.of("TORCH_HOME", dir.resolve("torch").toString()), tool("export_torchvision.py"), "googlenet", "w.npz", "--pretrained");
        assertTrue(out.contains("GoogLeNet_Weights.IMAGENET1K_V1"), out);
        zoo("import", "googlenet-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", dir.resolve("m.zip").toString());
        ModelFile.Info info = ModelFile.info(dir.resolve("m.zip"));
        assertEquals("mean[0.5,0.5,0.5]-std[0.5,0.5,0.5]", info.normalization().name());
        assertEquals("false", info.knobs().get("aux"));
        assertEquals(1000, info.classNames().size());
        assertEquals(List.of("tench", "goldfish"), info.classNames().subList(0, 2));
        assertEquals("toilet tissue", info.classNames().get(999));
        assertEquals("torchvision GoogLeNet_Weights.IMAGENET1K_V1", info.weights().get("source"));
    }

    /** The reverse path: weights made in the JVM, exported with torchvision's keys, loaded strictly by torchvision. */
    @Test
    void exportedWeightsLoadStrictlyIntoTorchvision() throws Exception {
        ZooModel m = ModelRegistry.load().get("resnet18-torchvision");
        var spec = m.spec();
        ComputationGraph net = m.create(spec);
        Nd4j.getRandom().setSeed(5);
        for (Layer l : net.getLayers()) { // fresh batch norms are the identity: give them statistics worth checking
            Map<String, INDArray> p = l.paramTable();
            if (p.containsKey("log10stdev")) {
                p.get("gamma").assign(Nd4j.rand(DataType.FLOAT, p.get("gamma").shape()).addi(0.5));
                p.get("beta").assign(Nd4j.rand(DataType.FLOAT, p.get("beta").shape()).subi(0.5));
                p.get("mean").assign(Nd4j.rand(DataType.FLOAT, p.get("mean").shape()).subi(0.5).muli(0.2));
                p.get("log10stdev").assign(Nd4j.rand(DataType.FLOAT, p.get("log10stdev").shape()).muli(0.4).subi(0.2));
            }
        }
        Path file = dir.resolve("java.zip");
        ModelFile.save(net, file, new ModelFile.Info(m.name(), spec.knobs(), spec.input().toArray(), spec.classes(),
                io.github.classiczoo.core.image.Preprocessing.standard(spec.input().toArray(), "imagenet", "imagenet", null), "imagenet"), false);
        zoo("export", file.toString(), "--out", dir.resolve("java.npz").toString());
        py(dir, tool("torchvision_logits.py"), "resnet18", "java.npz", "x.npy", "torch.npy", "--random-input", "2", "--seed", "4");
        zoo("predict", "--model", file.toString(), "--input", dir.resolve("x.npy").toString(), "--output", dir.resolve("ours.npy").toString(), "--normalized");
        assertLogitsMatch("resnet18 (zoo export)", dir.resolve("torch.npy"), dir.resolve("ours.npy"));
    }

    @Test
    void evaluationTransformMatchesTorchvisions() throws Exception {
        py(dir, resource("torchvision_preprocess.py"), dir.toString());
        INDArray tv = Nd4j.createFromNpyFile(dir.resolve("torchvision.npy").toFile());
        List<Path> jpegs = jpegs(dir);
        assertEquals(tv.size(0), jpegs.size());
        double worst = 0;
        for (int i = 0; i < jpegs.size(); i++) {
            float[] ours = Preprocessing.of(new int[] {3, 224, 224}, Preprocessing.ResizeCrop.imagenet(224), Normalization.imagenet())
                    .values(FolderSource.decode(jpegs.get(i)));
            INDArray diff = Nd4j.create(ours, 3, 224, 224).sub(tv.get(NDArrayIndex.point(i)));
            double d = maxAbs(diff);
            System.out.printf(Locale.ROOT, "preprocessing %-22s max |Δ| %.4f%n", jpegs.get(i).getFileName(), d);
            worst = Math.max(worst, d);
        }
        System.out.printf(Locale.ROOT, "preprocessing: max |Δ| after normalisation %.4f over %d JPEGs (limit %.0e)%n", worst, jpegs.size(), PIXEL_TOLERANCE);
        assertTrue(worst <= PIXEL_TOLERANCE, "max difference " + worst);
    }

    /**
     * The same files through Pillow's {@code convert('RGB')} and the zoo's decoder: every PNG colour model and bit depth
     * gives the same 8-bit RGB (16-bit grey aside: Pillow 9 clips it, the zoo scales it like 16-bit colour — ImageFileTest).
     */
    @Test
    void decodedPixelsMatchPillows() throws Exception {
        java.util.Random r = new java.util.Random(9);
        int w = 7, h = 5;
        List<Path> files = new ArrayList<>();
        int[][] kinds = {{2, 16}, {2, 8}, {6, 8}, {6, 16}, {4, 8}, {4, 16}, {0, 8}, {0, 1}, {0, 2}, {0, 4}, {3, 8}};
        for (int[] k : kinds) {
            int channels = switch (k[0]) { case 2 -> 3; case 6 -> 4; case 4 -> 2; default -> 1; };
            byte[] rows = new byte[h * ((w * channels * k[1] + 7) / 8)];
            r.nextBytes(rows);
            byte[] palette = null;
            if (k[0] == 3) {
                palette = new byte[3 * 256];
                r.nextBytes(palette);
            }
            files.add(TestFiles.png(dir.resolve("t" + k[0] + "-" + k[1] + ".png"), w, h, k[0], k[1], rows, palette));
        }
        List<String> args = new ArrayList<>(List.of("-c", "import sys, numpy as np; from PIL import Image\n"
                + "for f in sys.argv[1:]: np.save(f + '.npy', np.asarray(Image.open(f).convert('RGB'), dtype=np.float32))"));
        files.forEach(f -> args.add(f.toString()));
        py(dir, args.toArray(String[]::new));
        for (Path f : files) {
            INDArray pil = Nd4j.createFromNpyFile(Path.of(f + ".npy").toFile()).permute(2, 0, 1).dup('c'); // HWC → CHW
            float[] ours = FolderSource.decode(f).px();
            assertEquals(0.0, maxAbs(Nd4j.create(ours, 3, h, w).sub(pil)), 0.0, f.getFileName() + ": zoo and Pillow disagree");
        }
    }

    /** zoo eval on an imported model and a folder dataset: the same top-1 as torchvision's transform and model. */
    @Test
    void evalOfAnImportedModelAgreesWithTorchvision() throws Exception {
        py(dir, resource("torchvision_preprocess.py"), dir.toString());
        py(dir, tool("export_torchvision.py"), "resnet18", "w.npz", "--seed", "2", "--num-classes", "3");
        py(dir, tool("torchvision_logits.py"), "resnet18", "w.npz", "torchvision.npy", "torch.npy");
        zoo("import", "resnet18-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", dir.resolve("m.zip").toString());
        List<Path> jpegs = jpegs(dir);
        INDArray torch = Nd4j.createFromNpyFile(dir.resolve("torch.npy").toFile());
        int right = 0;
        for (int i = 0; i < jpegs.size(); i++) { // image i belongs to class c(i % 3)
            Path c = Files.createDirectories(dir.resolve("val/c" + (i % 3)));
            Files.copy(jpegs.get(i), c.resolve(jpegs.get(i).getFileName()));
            right += torch.getRow(i).argMax().getInt(0) == i % 3 ? 1 : 0;
        }
        String out = zoo("eval", dir.resolve("m.zip").toString(), "--dataset", "folder:" + dir.resolve("val"), "--json");
        var j = Json.read(out.substring(out.indexOf('{')));
        System.out.printf(Locale.ROOT, "eval: zoo top-1 %s of %d images, torchvision %d right%n", j.get("top1").asText(), jpegs.size(), right);
        assertEquals(jpegs.size(), j.get("examples").asInt());
        assertEquals(right / (double) jpegs.size(), j.get("top1").asDouble(), 1e-9);
    }

    static List<Path> jpegs(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }
}
