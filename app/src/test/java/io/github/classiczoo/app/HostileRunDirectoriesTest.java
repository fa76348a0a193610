package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, run directories through the command line: a damaged last checkpoint is named with what is intact and how to
 * continue; a resume that would change the run is refused; in both cases nothing in the directory changes.
 * (Two processes on one directory and kill -9 loops: KillAndResumeTest; the trainer's side: TrainerTest.)
 */
class HostileRunDirectoriesTest {

    @TempDir
    Path dir;

    @Test
    void damagedCheckpointsAndChangedSettings() throws Exception {
        Path run = dir.resolve("run");
        String[] base = {"train", "mlp-300", "--dataset", "mnist", "--subset", "600", "--validation", "100", "--batch", "50", "--out", run.toString()};
        String[] twoEpochs = Arrays.copyOf(base, base.length + 2);
        twoEpochs[base.length] = "--epochs";
        twoEpochs[base.length + 1] = "2";
        CommandTest.Result r = CommandTest.run(twoEpochs);
        assertEquals(0, r.code(), r.err());

        Hostile.refused(dir, "would change the recorded run: optimizer.lr 0.001 → 0.5", "train", "mlp-300", "--dataset", "mnist", "--subset", "600",
                "--validation", "100", "--batch", "50", "--epochs", "3", "--lr", "0.5", "--resume", run.toString());

        byte[] last = Files.readAllBytes(run.resolve("checkpoint-last.zip"));
        Files.write(run.resolve("checkpoint-last.zip"), Arrays.copyOf(last, last.length - 100));
        String line = Hostile.refused(dir, run.resolve("checkpoint-last.zip").toString(), "train", "mlp-300", "--dataset", "mnist", "--subset", "600",
                "--validation", "100", "--batch", "50", "--epochs", "3", "--resume", run.toString());
        assertTrue(line.contains("checkpoint-previous.zip (after epoch 1): continue from it with --resume " + run + " --resume-from previous")
                && line.contains("checkpoint-best.zip (after epoch"), line);

        r = CommandTest.run("train", "mlp-300", "--dataset", "mnist", "--subset", "600", "--validation", "100", "--batch", "50", "--epochs", "3",
                "--resume", run.toString(), "--resume-from", "previous");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("checkpoint-last.zip is kept as checkpoint-last.set-aside-"), r.err());
        assertEquals(4, Files.readAllLines(run.resolve("metrics.csv")).size(), "header + 3 epochs");
    }
}
