package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/** {@code zoo verify}: a recorded run replayed from its manifest, every figure compared. */
class VerifyCommandTest {

    @TempDir
    static Path dir;

    static Path run;

    @BeforeAll
    static void trainARun() {
        run = dir.resolve("run");
        CommandTest.Result r = CommandTest.run("train", "mlp-300", "--dataset", "mnist", "--subset", "600", "--epochs", "2", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aFinishedRunReplaysToTheSameFigures() {
        CommandTest.Result r = CommandTest.run("verify", run.toString());
        assertEquals(0, r.code(), r.err());
        // 2 epochs × 8 figures, and the final evaluation's 5
        assertTrue(r.out().contains("epochs 1–2 of 2 replayed; all 21 recorded figures are equal"), r.out());
        assertEquals(1, r.out().lines().count(), r.out());
        CommandTest.Result first = CommandTest.run("verify", run.toString(), "--epochs", "1");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("epoch 1 of 2 replayed; all 8 recorded figures are equal"), first.out());
    }

    @Test
    void aRunWithAnotherAugmentationReplaysWithIt() throws IOException {
        Path distorted = dir.resolve("distorted");
        CommandTest.Result r = CommandTest.run("train", "mlp-300", "--dataset", "mnist", "--subset", "600", "--epochs", "1", "--augment", "distort",
                "--out", distorted.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("distort", Json.read(Files.readString(distorted.resolve("manifest.json"))).get("recipe").get("augment").get("kind").asText());
        CommandTest.Result v = CommandTest.run("verify", distorted.toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("all 13 recorded figures are equal"), v.out());
        // the undistorted run's first epoch is not this one's
        assertTrue(Json.read(Files.readString(distorted.resolve("manifest.json"))).get("history").get(0).get("trainLoss").asDouble()
                != Json.read(Files.readString(run.resolve("manifest.json"))).get("history").get(0).get("trainLoss").asDouble());
        CommandTest.Result bad = CommandTest.run("train", "mlp-300", "--dataset", "mnist", "--augment", "sideways");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("sideways") && bad.err().contains("distort"), bad.err());
    }

    @Test
    void aChangedFigureIsTabledAndExitsOne() throws IOException {
        Path copy = copyRun("changed");
        ObjectNode m = (ObjectNode) Json.read(Files.readString(copy.resolve("manifest.json")));
        ((ObjectNode) m.get("history").get(0)).put("trainLoss", 1.25);
        Files.writeString(copy.resolve("manifest.json"), Json.write(m));
        CommandTest.Result r = CommandTest.run("verify", copy.toString(), "--epochs", "1");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("1 of 8 recorded figures differ in epoch 1 of 2"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("trainLoss") && l.contains("1.25")), r.out());
    }

    @Test
    void whatCannotBeReplayedIsRefusedInOneLine() throws IOException {
        Hostile.refused(dir, "neither a run directory nor MODEL@WEIGHTS", "verify", "no-such-run");
        Hostile.refused(dir, "not a run directory", "verify", Files.createDirectories(dir.resolve("empty")).toString());
        Path garbled = copyRun("garbled");
        Files.writeString(garbled.resolve("manifest.json"), "{\"model\": ");
        Hostile.refused(dir, "is not readable JSON", "verify", garbled.toString());
        Path running = copyRun("running");
        edit(running, m -> m.put("status", "running"));
        Hostile.refused(dir, "the run is running, not finished", "verify", running.toString());
        Path otherRecipe = copyRun("other-recipe");
        edit(otherRecipe, m -> ((ObjectNode) m.get("recipe")).put("normalization", "lecun98"));
        Hostile.refused(dir, "differs from the recorded one in normalization lecun98 → dataset", "verify", otherRecipe.toString());
        Path otherData = copyRun("other-data");
        edit(otherData, m -> ((ObjectNode) m.get("datasetSha256")).put("train-images-idx3-ubyte", "0".repeat(64)));
        Hostile.refused(dir, "the dataset's files are not the recorded ones", "verify", otherData.toString());
        Hostile.refused(dir, "--epochs must be at least 1", "verify", run.toString(), "--epochs", "0");
        Hostile.refused(dir, "no weights", "verify", "lenet5@imagenet");
    }

    static Path copyRun(String name) throws IOException {
        Path to = dir.resolve(name);
        Files.createDirectories(to);
        Files.copy(run.resolve("manifest.json"), to.resolve("manifest.json"));
        return to;
    }

    static void edit(Path run, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode m = (ObjectNode) Json.read(Files.readString(run.resolve("manifest.json")));
        change.accept(m);
        Files.writeString(run.resolve("manifest.json"), Json.write(m));
    }
}
