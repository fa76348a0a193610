package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.weights.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 20, class 1: a command that writes never writes onto one of its own inputs (compared as real paths), never
 * replaces an existing file without {@code --force}, and refuses before any work: exit 1, one line naming the option
 * and the file, and every file in the directory byte for byte as it was.
 */
class HostileOutputsTest {

    @TempDir
    Path dir;
    Path npz;
    Path model;
    Path x;

    @BeforeEach
    void files() throws Exception {
        npz = dir.resolve("w.npz");
        Npz.writeNpz(npz, new WeightsCommandTest().weights());
        model = dir.resolve("m.zip");
        assertEquals(0, CommandTest.run("import", "resnet18-torchvision", "--from", npz.toString(), "--out", model.toString(),
                "-k", "width=0.125").code());
        x = dir.resolve("x.npy");
        Npz.writeNpy(x, Nd4j.randn(DataType.FLOAT, 1, 3, 224, 224));
    }

    private void refused(String expected, String... args) throws IOException {
        Hostile.refused(dir, expected, args);
    }

    @Test
    void importNeverOverwritesItsOwnInput() throws IOException {
        refused("is " + npz + ", an input", "import", "resnet18-torchvision", "--from", npz.toString(), "--out", npz.toString(),
                "-k", "width=0.125", "--force");
        // the same file by another name
        refused("an input", "import", "resnet18-torchvision", "--from", npz.toString(), "--out", dir.resolve("sub/../w.npz").toString(),
                "-k", "width=0.125", "--force");
        Path link = dir.resolve("link.npz");
        Files.createSymbolicLink(link, npz);
        refused("an input", "import", "resnet18-torchvision", "--from", npz.toString(), "--out", link.toString(), "-k", "width=0.125", "--force");
    }

    @Test
    void exportAndPredictNeverOverwriteTheirInputs() throws IOException {
        refused("is " + model + ", an input", "export", model.toString(), "--out", model.toString(), "--force");
        refused("an input", "predict", "--model", model.toString(), "--input", x.toString(), "--output", x.toString(), "--force");
        refused("an input", "predict", "--model", model.toString(), "--input", x.toString(), "--output", model.toString(), "--force");
    }

    @Test
    void existingFilesAreReplacedOnlyWithForce() throws IOException {
        Path other = dir.resolve("other.zip");
        Files.writeString(other, "keep me");
        refused("--out " + other + " already exists; pass --force", "import", "resnet18-torchvision", "--from", npz.toString(),
                "--out", other.toString(), "-k", "width=0.125");
        refused("already exists", "export", model.toString(), "--out", other.toString());
        refused("already exists", "predict", "--model", model.toString(), "--input", x.toString(), "--output", other.toString());
        refused("is a directory", "export", model.toString(), "--out", dir.toString(), "--force");

        CommandTest.Result r = CommandTest.run("import", "resnet18-torchvision", "--from", npz.toString(), "--out", other.toString(),
                "-k", "width=0.125", "--force");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.readString(other, java.nio.charset.StandardCharsets.ISO_8859_1).equals("keep me"));
    }
}
