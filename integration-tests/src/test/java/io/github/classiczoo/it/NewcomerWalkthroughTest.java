package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer does first, through the {@code ./zoo} launcher at the repository root (in CI: a fresh clone), with
 * nothing but what {@code --help} says: list the commands, train a small model, evaluate it, save a test digit as a PNG
 * and ask the model what it is.
 */
class NewcomerWalkthroughTest {

    static Processes.Result zoo(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("./zoo"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(Processes.repoRoot(), 900, cmd);
        assertEquals(0, r.code(), String.join(" ", cmd) + "\n" + r.out());
        return r;
    }

    @Test
    void helpThenTrainEvalAndPredictOnASavedDigit(@TempDir Path tmp) throws Exception {
        String help = zoo(tmp, "--help").out();
        for (String command : List.of("list", "train", "eval", "predict", "data", "ui", "reproduce")) {
            assertTrue(help.contains("  " + command + " "), "`zoo --help` names " + command + ":\n" + help);
        }
        String trainHelp = zoo(tmp, "train", "--help").out();
        assertTrue(trainHelp.contains("--dataset") && trainHelp.contains("--out"), trainHelp);

        Path run = tmp.resolve("my-first-run");
        String trained = zoo(tmp, "train", "lenet5-modern", "--dataset", "mnist", "--subset", "6000", "--epochs", "2", "--out", run.toString()).out();
        assertTrue(trained.contains("lenet5-modern on mnist: test error"), trained);
        for (String f : List.of("manifest.json", "metrics.csv", "report.md", "loss.png", "error.png", "checkpoint-last.zip")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f + " in the run directory");
        }

        String eval = zoo(tmp, "eval", run.toString()).out();
        assertTrue(eval.contains("error") && eval.contains("confusion"), eval);

        Path digits = tmp.resolve("digits");
        String saved = zoo(tmp, "data", "images", "mnist", "--count", "3", "--out", digits.toString()).out();
        assertTrue(saved.contains("3 images of mnist"), saved);
        Path seven = digits.resolve("test-00000-7.png"); // MNIST's first test image is a 7
        assertTrue(Files.isRegularFile(seven), saved);

        String predicted = zoo(tmp, "predict", "--model", run.toString(), "--image", seven.toString(), "--top", "3").out();
        String first = predicted.lines().filter(l -> l.matches("\\s*\\d+\\.\\d\\d%\\s+\\S.*")).findFirst().orElse("");
        assertTrue(first.strip().endsWith(" 7"), "the model's first guess for a clear 7 after 2 epochs:\n" + predicted);
    }
}
