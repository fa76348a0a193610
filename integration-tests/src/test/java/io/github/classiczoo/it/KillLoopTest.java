package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.testing.KillSwitch;
import io.github.classiczoo.weights.Npz;
import io.github.classiczoo.weights.TorchvisionWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Issue 20: kill -9 loops during writes, for {@code zoo import} and {@code zoo search} (the training run's own kill test is
 * KillAndResumeTest). Each process is killed the moment a write is in progress (a temporary file has appeared); after every
 * kill what the user sees is complete — the output absent, or a whole model file; recorded trials whole — and the final,
 * uninterrupted run ends exactly where a run that was never killed ends.
 */
class KillLoopTest {

    static boolean tempFileUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.anyMatch(p -> io.github.classiczoo.core.util.Files2.isTemp(p.getFileName().toString()));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // a file vanished while walking: a rename, i.e. a write just ended
        }
    }

    @Test
    void anImportKilledWhileWritingLeavesNoHalfFile(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        ZooModel m = ModelRegistry.load().get("resnet18-torchvision");
        ComputationGraph net = m.create(m.spec(Map.of("width", "0.125")).withClasses(4));
        Path npz = tmp.resolve("w.npz");
        Npz.writeNpz(npz, TorchvisionWeights.export(net));
        Path out = tmp.resolve("out"), model = out.resolve("m.zip");
        Files.createDirectories(out);
        List<String> cmd = List.of("./zoo", "import", "resnet18-torchvision", "--from", npz.toString(), "--out", model.toString(),
                "-k", "width=0.125", "--force");
        int killedWriting = 0;
        for (int i = 0; i < 4; i++) {
            KillSwitch.Result k = KillSwitch.run(root, Map.of(), cmd, null, () -> tempFileUnder(out), 300);
            if (k.killed()) {
                killedWriting++;
            } else {
                assertEquals(0, k.code(), k.out());
            }
            if (Files.exists(model)) { // never half a file: the previous complete one, or the new complete one
                assertArrayEquals(net.params().toFloatVector(), ModelFile.load(model).params().toFloatVector());
            }
            try (Stream<Path> s = Files.list(out)) {
                assertTrue(s.allMatch(p -> p.equals(model) || p.getFileName().toString().startsWith(".m.zip")),
                        "only the model file and hidden temporary files of its writes");
            }
        }
        System.out.println("import kill loop: " + killedWriting + " of 4 runs killed inside a write");
        assertTrue(killedWriting > 0, "no kill landed inside a write");
        Processes.Result r = Processes.run(root, 300, cmd);
        assertEquals(0, r.code(), r.out());
        assertArrayEquals(net.params().toFloatVector(), ModelFile.load(model).params().toFloatVector());
    }

    static List<String> search(Path out) {
        return List.of("./zoo", "search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "2", "--trials", "3",
                "--subset", "600", "--seed", "8");
    }

    /** What a search found, without times: each trial's id, parameters, status and validation metrics; and the best one. */
    static List<String> outcome(Path out) throws Exception {
        List<String> rows = new ArrayList<>();
        for (JsonNode t : Json.read(Files.readString(out.resolve("results.json"))).get("trials")) {
            rows.add(t.get("id") + " " + t.get("params") + " " + t.get("status") + " " + t.path("valAccuracy") + " " + t.path("valLoss") + " " + t.path("bestEpoch"));
        }
        JsonNode best = Json.read(Files.readString(out.resolve("best.json")));
        rows.add("best " + best.get("trial") + " test " + best.get("test").get("error") + " " + best.get("test").get("loss"));
        return rows;
    }

    @Test
    void aSearchKilledWhileWritingResumesToTheSameResults(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path clean = tmp.resolve("clean"), killed = tmp.resolve("killed");
        Processes.Result c = Processes.run(root, 600, search(clean));
        assertEquals(0, c.code(), c.out());

        int kills = 0;
        for (int round = 0; round < 12; round++) {
            // kill at the first write in progress after a few already finished, so that each round gets further
            long[] seen = {0};
            int after = 1 + round;
            KillSwitch.Result k = KillSwitch.run(root, Map.of(), search(killed), null, () -> tempFileUnder(killed) && ++seen[0] > after, 600);
            if (!k.killed()) {
                assertEquals(0, k.code(), k.out());
                break;
            }
            kills++;
            if (Files.exists(killed.resolve("results.json"))) { // recorded trials are whole
                for (JsonNode t : Json.read(Files.readString(killed.resolve("results.json"))).get("trials")) {
                    assertTrue(t.has("params") && t.has("status"), t.toString());
                }
            }
        }
        System.out.println("search kill loop: killed " + kills + " times inside a write, then resumed to the end");
        assertTrue(kills > 0, "no kill landed inside a write");
        Processes.Result r = Processes.run(root, 600, search(killed));
        assertEquals(0, r.code(), r.out());
        assertEquals(outcome(clean), outcome(killed));
    }
}
