package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.testing.KillSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Issue 27: SIGTERM and SIGINT through the launcher end long commands cleanly: exit 143/130, one line saying what stopped
 * them and how to continue, the manifest (or the search's results) saying what finished, no temporary file left; the
 * same command then continues.
 */
class SignalsTest {

    private static List<String> train(String flag, Path dir) {
        return new ArrayList<>(List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "2000", "--validation", "200", "--epochs", "4",
                "--batch", "64", "--seed", "5", flag, dir.toString()));
    }

    private static void noTemporaries(Path dir) throws Exception {
        try (var s = Files.walk(dir)) {
            assertTrue(s.noneMatch(p -> Files2.isTemp(p.getFileName().toString())), "a temporary file was left in " + dir);
        }
    }

    @Test
    void sigtermStopsATrainingRunAtASafePointAndItContinues(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path run = tmp.resolve("run");
        KillSwitch.Result k = KillSwitch.run(root, Map.of(), train("--out", run), null, () -> Files.exists(run.resolve("checkpoint-last.zip")), 600, "TERM");
        assertTrue(k.killed(), k.out());
        assertEquals(143, k.code(), k.out());
        List<String> lines = k.out().lines().filter(l -> l.startsWith("zoo train:")).toList();
        assertEquals(1, lines.size(), k.out());
        assertTrue(lines.get(0).startsWith("zoo train: stopped by SIGTERM; " + run + " keeps its last checkpoint: continue it with the same command and --resume "
                + run), lines.get(0));
        JsonNode m = Json.read(Files.readString(run.resolve("manifest.json")));
        assertEquals("interrupted", m.get("status").asText());
        assertTrue(m.get("message").asText().startsWith("stopped by SIGTERM after epoch "), m.toString());
        noTemporaries(run);

        Processes.Result r = Processes.run(root, 600, train("--resume", run));
        assertEquals(0, r.code(), r.out());
        assertEquals("finished", Json.read(Files.readString(run.resolve("manifest.json"))).get("status").asText());
    }

    @Test
    void sigintStopsASearchBetweenTrialsAndTheRerunFinishesIt(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path out = tmp.resolve("s");
        List<String> cmd = List.of("./zoo", "search", "mlp-300", "--dataset", "mnist", "--subset", "600", "--epochs", "1", "--trials", "3",
                "--out", out.toString());
        KillSwitch.Result k = KillSwitch.run(root, Map.of(), cmd, l -> l.startsWith("trial 1/3 "), null, 600, "INT");
        assertTrue(k.killed(), k.out());
        assertEquals(130, k.code(), k.out());
        assertTrue(k.out().lines().anyMatch(l -> l.startsWith("zoo search: stopped by SIGINT; what finished is recorded in " + out
                + ": rerun the same command to continue")), k.out());
        JsonNode t = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        assertTrue(t.size() >= 1 && t.get(0).get("status").asText().equals("ok"), t.toString());
        assertTrue(Files.notExists(out.resolve("best.json")), "a stopped search tested its best");
        noTemporaries(out);

        Processes.Result r = Processes.run(root, 600, cmd);
        assertEquals(0, r.code(), r.out());
        t = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        assertEquals(3, t.size());
        for (JsonNode x : t) {
            assertEquals("ok", x.get("status").asText(), x.toString());
        }
    }
}
