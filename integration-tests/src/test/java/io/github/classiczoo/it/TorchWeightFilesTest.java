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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"alexnet", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152"})
    void torchWrittenFilesGiveTorchvisionsLogits(String model) throws Exception {
        long t0 = System.nanoTime();
        py(dir, tool("export_torchvision.py"), model, "w.npz", "--seed", "13");
        py(dir, tool("torchvision_logits.py"), model, "w.npz", "x.npy", "torch.npy", "--random-input", "2", "--seed", "5");
        py(dir, resource("torch_weight_files.py"), model, "w.npz", "files");
        for (String file : List.of("zip.pth", "legacy.pth", "w.safetensors")) {
            Path m = dir.resolve(file + ".zip"), y = dir.resolve(file + ".npy");
            String out = zoo("import", model + "-torchvision", "--from", dir.resolve("files").resolve(file).toString(), "--out", m.toString());
            assertTrue(out.contains(" 1000 classes"), out);
            zoo("predict", "--model", m.toString(), "--input", dir.resolve("x.npy").toString(), "--output", y.toString(), "--normalized");
            assertLogitsMatch(model + " " + file, dir.resolve("torch.npy"), y);
            Files.delete(m);
        }
        System.out.printf(Locale.ROOT, "parity %-28s %.0f s (export, torch, 3 × import + predict)%n", model + " .pth/.safetensors",
                (System.nanoTime() - t0) / 1e9);
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
