package io.github.classiczoo.it;

import static io.github.classiczoo.it.TorchParityTest.assertLogitsMatch;
import static io.github.classiczoo.it.TorchParityTest.py;
import static io.github.classiczoo.it.TorchParityTest.resource;
import static io.github.classiczoo.it.TorchParityTest.tool;
import static io.github.classiczoo.it.TorchParityTest.zoo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.app.Zoo;
import io.github.classiczoo.weights.TorchFile;
import io.github.classiczoo.weights.WeightFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code zoo import} of the files torch itself writes, read without Python: seeded random torchvision weights
 * ({@code tools/export_torchvision.py}) saved by Debian's torch 1.13 in its zip format (the classifier's weight as a
 * transposed view) and its legacy format (a DataParallel training checkpoint wrapping the state_dict), and as
 * {@code .safetensors} ({@code parity/torch_weight_files.py}); each imported model must give torchvision's logits on the
 * same batch, within {@link TorchParityTest#LOGIT_TOLERANCE} of the largest. And a pickle that runs a command under
 * {@code torch.load} — shown to, with torch — is refused by {@code zoo import} before it runs anything.
 *
 * <p>Needs torch like {@link TorchParityTest} (skipped loudly without it, failed under CI).
 */
class TorchWeightFilesTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void findTorch() throws Exception {
        TorchParityTest.findTorch();
    }

    /**
     * Every -torchvision model, from the {@code .npz} {@code tools/export_torchvision.py} writes and the three files torch
     * wrote. Every model goes through {@code zoo import} and {@code zoo predict} from the zip {@code .pth}; ResNet-18 and
     * GoogLeNet from each file; for the others their {@code .npz}, legacy {@code .pth} and
     * {@code .safetensors} must read to exactly the same tensors under the same keys (the import after reading is one
     * code path, so the same tensors make the same model): a model file per format for the five large nets would cost
     * minutes of compressing and decompressing 100–240 MB zips for nothing the comparison does not already show.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alexnet", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152"})
    void torchWrittenFilesGiveTorchvisionsLogits(String model) throws Exception {
        long t0 = System.nanoTime();
        py(dir, tool("export_torchvision.py"), model, "w.npz", "--seed", "13");
        py(dir, tool("torchvision_logits.py"), model, "w.npz", "x.npy", "torch.npy", "--random-input", "2", "--seed", "5");
        py(dir, resource("torch_weight_files.py"), model, "w.npz", "files");
        boolean everyFile = model.equals("resnet18") || model.equals("googlenet");
        // the .npz export_torchvision.py wrote (the Python route, TorchParityTest's before) and the files torch wrote
        for (String file : everyFile ? List.of("w.npz", "zip.pth", "legacy.pth", "w.safetensors") : List.of("zip.pth")) {
            Path m = dir.resolve(file + ".zip"), y = dir.resolve(file + ".npy");
            Path from = file.equals("w.npz") ? dir.resolve(file) : dir.resolve("files").resolve(file);
            String out = zoo("import", model + "-torchvision", "--from", from.toString(), "--out", m.toString());
            assertTrue(out.contains(" 1000 classes"), out);
            zoo("predict", "--model", m.toString(), "--input", dir.resolve("x.npy").toString(), "--output", y.toString(), "--normalized");
            assertLogitsMatch(model + " " + file, dir.resolve("torch.npy"), y);
            Files.delete(m);
        }
        if (!everyFile) {
            java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> zip = TorchFile.read(dir.resolve("files/zip.pth"));
            for (String file : List.of("legacy.pth", "w.safetensors", "w.npz")) {
                Path f = file.equals("w.npz") ? dir.resolve(file) : dir.resolve("files").resolve(file);
                java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> other = new java.util.HashMap<>(WeightFormat.of(f).read(f));
                java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> want = new java.util.HashMap<>(zip);
                if (file.equals("w.npz")) { // the tool's .npz adds its metadata and class names, and leaves out BN step counters
                    other.keySet().removeAll(List.of("__meta__", "__classes__"));
                    want.keySet().removeIf(k -> k.endsWith(".num_batches_tracked"));
                }
                assertEquals(new java.util.TreeSet<>(want.keySet()), new java.util.TreeSet<>(other.keySet()), model + " " + file + ": keys");
                want.forEach((k, v) -> { // exactly (assertEquals on INDArrays allows 1e-5)
                    assertEquals(java.util.Arrays.toString(v.shape()), java.util.Arrays.toString(other.get(k).shape()), model + " " + file + ": " + k);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(v.data().asDouble(), other.get(k).data().asDouble(), model + " " + file + ": " + k);
                });
            }
        }
        System.out.printf(Locale.ROOT, "parity %-28s %.0f s (export, torch, %s)%n", model + " .pth/.safetensors",
                (System.nanoTime() - t0) / 1e9, everyFile ? "4 × import + predict" : "import + predict, 3 files read and compared");
    }

    /**
     * The way back: a model imported from torch's weights, exported by {@code zoo export} as {@code .pth} and
     * {@code .safetensors}, holds the tensors torch wrote (bit for bit, but the running variances to float rounding). The {@code .pth} is read by
     * {@code torch.load(weights_only=True)} and loaded into torchvision's ResNet-18 (strict but for the
     * {@code num_batches_tracked} counters); the {@code .safetensors} by its format's definition (a JSON header, then raw
     * little-endian float32), as Debian has no {@code safetensors} package.
     */
    @Test
    void exportedPthAndSafetensorsHoldTorchsTensors() throws Exception {
        py(dir, tool("export_torchvision.py"), "resnet18", "w.npz", "--seed", "21");
        Path m = dir.resolve("m.zip");
        zoo("import", "resnet18-torchvision", "--from", dir.resolve("w.npz").toString(), "--out", m.toString());
        zoo("export", m.toString(), "--out", dir.resolve("out.pth").toString());
        zoo("export", m.toString(), "--out", dir.resolve("out.safetensors").toString());
        String out = py(dir, "-c", "import json, struct, numpy as np, torch, torchvision\n"
                + "ref = np.load('w.npz')\n"
                + "sd = torch.load('out.pth', weights_only=True)\n"
                + "net = torchvision.models.resnet18()\n"
                + "missing, unexpected = net.load_state_dict(sd, strict=False)\n"
                + "assert not unexpected and all(k.endswith('num_batches_tracked') for k in missing), (missing, unexpected)\n"
                + "raw = open('out.safetensors', 'rb').read()\n"
                + "n = struct.unpack('<Q', raw[:8])[0]\n"
                + "head = json.loads(raw[8:8 + n])\n"
                + "meta = head.pop('__metadata__')\n"
                + "st = {k: np.frombuffer(raw[8 + n + v['data_offsets'][0]:8 + n + v['data_offsets'][1]], '<f4').reshape(v['shape']) for k, v in head.items()}\n"
                + "keys = [k for k in ref.files if not k.startswith('__')]\n"
                + "assert sorted(keys) == sorted(sd) == sorted(st), 'keys differ'\n"
                + "exact = [k for k in keys if not k.endswith('running_var')]\n"
                + "worst = max(max(abs(sd[k].numpy() - ref[k]).max(), abs(st[k] - ref[k]).max()) for k in exact)\n"
                + "var = max(max(abs(sd[k].numpy() / ref[k] - 1).max(), abs(st[k] / ref[k] - 1).max()) for k in keys if k not in exact)\n"
                + "print('tensors', len(keys), 'max diff', worst, 'var', 'ok' if var < 1e-6 else var, 'model', json.loads(meta['meta'])['model'])\n");
        // batch norm's running variance is stored as DL4J keeps it (log10 of the standard deviation): back to within float
        // rounding (1e-6 relative), every other tensor bit for bit
        assertTrue(out.contains(" max diff 0.0 var ok model resnet18"), out);
    }

    /**
     * torch.save of an object whose {@code __reduce__} returns {@code (os.system, ("touch marker",))}, in both formats:
     * {@code torch.load} (1.13's default, weights_only=False) runs the command; {@code zoo import} names the global and
     * stops, with no marker, no model file and one error line.
     */
    @Test
    void aPickleThatRunsCodeUnderTorchLoadIsRefused() throws Exception {
        py(dir, "-c", "import os, torch\n"
                + "class Payload:\n"
                + "    def __reduce__(self):\n"
                + "        return (os.system, ('touch marker',))\n"
                + "torch.save({'state_dict': Payload()}, 'zip.pth')\n"
                + "torch.save({'state_dict': Payload()}, 'legacy.pth', _use_new_zipfile_serialization=False)\n");
        Path marker = dir.resolve("marker");
        py(dir, "-c", "import torch; torch.load('zip.pth')");
        assertTrue(Files.exists(marker), "the file is live: torch.load ran its command");
        Files.delete(marker);
        for (String file : List.of("zip.pth", "legacy.pth")) {
            Path out = dir.resolve("m.zip");
            PrintStream err = System.err, stdout = System.out;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int code;
            try (PrintStream p = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                System.setErr(p);
                System.setOut(p);
                code = Zoo.run("import", "resnet18-torchvision", "--from", dir.resolve(file).toString(), "--out", out.toString());
            } finally {
                System.setErr(err);
                System.setOut(stdout);
            }
            String text = buf.toString(StandardCharsets.UTF_8).strip();
            System.out.println(file + ": " + text);
            assertNotEquals(0, code, text);
            assertEquals(1, text.lines().count(), "one line: " + text);
            assertTrue(text.contains("the pickle names the global posix.system"), text);
            assertFalse(Files.exists(marker), "zoo import ran the pickle's command");
            assertFalse(Files.exists(out), "a model file was written");
        }
    }
}
