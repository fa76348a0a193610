package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.testing.KillSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A `zoo train` process halted mid-epoch (Runtime.halt: no shutdown hooks, no finally blocks — what a kill
 * does) and resumed with --resume ends with exactly the parameters of an uninterrupted run.
 */
class KillAndResumeTest {

    static List<String> train(Path out, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "2000",
                "--validation", "200", "--epochs", "6", "--batch", "64", "--seed", "5", "--out", out.toString()));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    @Test
    void aRunKilledInItsSecondEpochAndResumedMatchesAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path full = tmp.resolve("full"), killed = tmp.resolve("killed");
        Processes.Result a = Processes.run(root, 600, train(full));
        assertEquals(0, a.code(), a.out());

        // killed from outside (SIGKILL) the moment its first checkpoint appears, i.e. in epoch 2 of 6
        KillSwitch.Result k = KillSwitch.run(root, Map.of(), train(killed), null,
                () -> Files.exists(killed.resolve("checkpoint-last.zip")), 600);
        assertTrue(k.killed(), "the run ended before its first checkpoint was seen:\n" + k.out());
        assertEquals(137, k.code(), k.out());
        assertTrue(Files.exists(killed.resolve("checkpoint-last.zip")), "epoch 1 should have been checkpointed");
        assertFalse(Files.exists(killed.resolve("report.md")), "the killed run must not look finished");
        // a kill in the middle of an atomic write may leave its temporary file; the resume removes it (checked below)

        Processes.Result r = Processes.run(root, 600, List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "2000",
                "--validation", "200", "--epochs", "6", "--batch", "64", "--seed", "5", "--resume", killed.toString()));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("resuming " + killed) && r.out().contains("after epoch "), r.out());
        try (var s = Files.list(killed)) {
            assertTrue(s.noneMatch(p -> io.github.classiczoo.core.util.Files2.isTemp(p.getFileName().toString())), "a temporary file was left in the run directory");
        }

        float[] p1 = ModelSerializer.restoreComputationGraph(full.resolve("checkpoint-last.zip").toFile()).params().toFloatVector();
        float[] p2 = ModelSerializer.restoreComputationGraph(killed.resolve("checkpoint-last.zip").toFile()).params().toFloatVector();
        assertArrayEquals(p1, p2);
        assertEquals(withoutTimes(full), withoutTimes(killed));
    }

    /**
     * Issue 16: a run on Spark ({@code local[2]}, two workers averaging every 2 minibatches) killed after its first
     * checkpoint and resumed on Spark ends with the parameters and metrics of an uninterrupted Spark run; resuming it
     * with another number of workers, or without Spark, is refused (it would be another computation).
     */
    @Test
    void aDistributedRunKilledAndResumedMatchesAnUninterruptedOne(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path full = tmp.resolve("full"), killed = tmp.resolve("killed");
        String[] spark = {"--spark", "local[2]", "--averaging-frequency", "2"};
        Processes.Result a = Processes.run(root, 600, sparkRun("--out", full.toString(), spark));
        assertEquals(0, a.code(), a.out());
        KillSwitch.Result k = KillSwitch.run(root, Map.of(), sparkRun("--out", killed.toString(), spark), null,
                () -> Files.exists(killed.resolve("checkpoint-last.zip")), 600);
        assertTrue(k.killed(), "the run ended before its first checkpoint was seen:\n" + k.out());
        assertFalse(Files.exists(killed.resolve("report.md")), "the killed run must not look finished");

        Processes.Result other = Processes.run(root, 600, sparkRun("--resume", killed.toString(), "--spark", "local[2]", "--workers", "1",
                "--averaging-frequency", "2"));
        assertEquals(1, other.code(), other.out());
        assertTrue(other.out().contains("training 2 workers averaging every 2 minibatches → 1 workers averaging every 2 minibatches"), other.out());
        Processes.Result local = Processes.run(root, 600, sparkRun("--resume", killed.toString()));
        assertEquals(1, local.code(), local.out());
        assertTrue(local.out().contains("→ one JVM"), local.out());

        Processes.Result r = Processes.run(root, 600, sparkRun("--resume", killed.toString(), spark));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("resuming " + killed) && r.out().contains("after epoch "), r.out());
        float[] p1 = ModelSerializer.restoreComputationGraph(full.resolve("checkpoint-last.zip").toFile()).params().toFloatVector();
        float[] p2 = ModelSerializer.restoreComputationGraph(killed.resolve("checkpoint-last.zip").toFile()).params().toFloatVector();
        assertArrayEquals(p1, p2);
        assertEquals(withoutTimes(full), withoutTimes(killed));
    }

    static List<String> sparkRun(String dirOption, String dir, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "2000",
                "--validation", "200", "--epochs", "3", "--batch", "64", "--seed", "5", dirOption, dir));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Issue 20, class 2: a run directory is held by one process; a second --out or --resume on it is refused, naming the holder. */
    @Test
    void twoProcessesCannotShareARunDirectory(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path run = tmp.resolve("run");
        List<String> first = List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "2000", "--validation", "200",
                "--epochs", "200", "--out", run.toString());
        Process p = new ProcessBuilder(first).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (!Files.exists(run.resolve("checkpoint-last.zip")) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive() && Files.exists(run.resolve("checkpoint-last.zip")), Files.readString(tmp.resolve("first.log")));
            Processes.Result again = Processes.run(root, 600, first);
            assertEquals(1, again.code(), again.out());
            assertTrue(again.out().contains("run directory " + run + " is in use by another zoo process (pid " + p.pid()), again.out());
            Processes.Result resume = Processes.run(root, 600, List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "2000",
                    "--validation", "200", "--epochs", "200", "--resume", run.toString()));
            assertEquals(1, resume.code(), resume.out());
            assertTrue(resume.out().contains("is in use by another zoo process (pid " + p.pid()), resume.out());
            assertTrue(p.isAlive(), "the first run goes on");
        } finally {
            p.destroyForcibly().waitFor();
        }
        // once its holder is gone (killed, here), the run continues
        Processes.Result resumed = Processes.run(root, 600, List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "2000",
                "--validation", "200", "--epochs", "2", "--resume", run.toString()));
        assertTrue(resumed.out().contains("resuming " + run), resumed.out());
    }

    /** Issue 20: two processes started together on one run directory: one trains, the other is refused; the run is whole. */
    @Test
    void twoProcessesRacingForOneRunDirectory(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path run = tmp.resolve("run");
        List<String> cmd = List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "1000", "--validation", "100",
                "--epochs", "2", "--out", run.toString());
        Process a = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("a.log").toFile()).start();
        Process b = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(tmp.resolve("b.log").toFile()).start();
        int ca = a.waitFor(), cb = b.waitFor();
        String la = Files.readString(tmp.resolve("a.log")), lb = Files.readString(tmp.resolve("b.log"));
        assertEquals(1, (ca == 0 ? 1 : 0) + (cb == 0 ? 1 : 0), "exactly one of the two trains:\n" + la + "\n---\n" + lb);
        String refused = ca == 0 ? lb : la;
        assertTrue(refused.contains("is in use by another zoo process") || refused.contains("already has files"), refused);
        assertTrue(Files.readString(run.resolve("manifest.json")).contains("\"status\" : \"finished\""));
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + 2 epochs, written by one process");
    }

    @Test
    void resumingWithAnotherModelIsRefused(@TempDir Path tmp) throws Exception {
        Path root = Processes.repoRoot();
        Path run = tmp.resolve("run");
        assertEquals(0, Processes.run(root, 600, List.of("./zoo", "train", "mlp-300", "--dataset", "mnist", "--subset", "600",
                "--epochs", "1", "--out", run.toString())).code());
        Processes.Result r = Processes.run(root, 600, List.of("./zoo", "train", "mlp-1000", "--dataset", "mnist", "--subset", "600",
                "--epochs", "2", "--resume", run.toString()));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("is a run of mlp-300, not of mlp-1000"), r.out());
    }

    static List<String> withoutTimes(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("metrics.csv"))) {
            String[] f = l.split(",");
            out.add(String.join(",", java.util.Arrays.copyOf(f, 9)));
        }
        return out;
    }
}
