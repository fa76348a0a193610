package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, options and search spaces: impossible or unbounded values are refused with one line naming the option,
 * before any data is read or anything is written.
 */
class HostileOptionsTest {

    @TempDir
    Path dir;

    private String[] train(String... more) {
        String[] base = {"train", "mlp-300", "--dataset", "mnist", "--epochs", "1", "--out", dir.resolve("run").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void trainingOptions() throws IOException {
        Hostile.refused(dir, "--lr must be a positive number; got Infinity", train("--lr", "Infinity"));
        Hostile.refused(dir, "--lr must be a positive number; got NaN", train("--lr", "NaN"));
        Hostile.refused(dir, "--subset must be 0 (all images) or more; got -5", train("--subset", "-5"));
        Hostile.refused(dir, "--validation 500 is not less than --subset 100", train("--subset", "100", "--validation", "500"));
        Hostile.refused(dir, "--batch 5000 is more than the 900 training images", train("--subset", "1000", "--batch", "5000"));
        Hostile.refused(dir, "input shape 3,100000,100000 is outside", train("--input", "3,100000,100000"));
        Hostile.refused(dir, "--resume-from applies with --resume", train("--resume-from", "previous"));
        CommandTest.Result from = CommandTest.run(train("--resume-from", "latest"));
        assertEquals(2, from.code(), "a word --resume-from does not take is bad usage: " + from.err());
        assertTrue(from.err().contains("Invalid value for option '--resume-from': checkpoint must be last, previous or best; got 'latest'"),
                from.err());
        CommandTest.Result genetic = CommandTest.run("search", "lenet5", "--dataset", "mnist", "--out", dir.resolve("s").toString(), "--strategy", "genetic");
        assertEquals(2, genetic.code(), genetic.err());
        assertTrue(genetic.err().contains("Invalid value for option '--strategy': search strategy must be random or grid; got 'genetic'"),
                genetic.err());
        Hostile.refused(dir, "--batch 1000000: the input of one batch of 3×224×224 alone is", "bench", "resnet50", "--batch", "1000000");
        Hostile.refused(dir, "--parallel 1000 is more trials at once than 64", "search", "lenet5", "--dataset", "mnist", "--out",
                dir.resolve("s").toString(), "--parallel", "1000");
        Hostile.refused(dir, "--max-damaged must be a fraction from 0 to 1; got 2.0", train("--max-damaged", "2"));
        Hostile.refused(dir, "--workers, --averaging-frequency and --batch-per-worker apply with --spark MASTER", train("--workers", "2"));
        Hostile.refused(dir, "--workers, --averaging-frequency and --batch-per-worker apply with --spark MASTER", train("--batch-per-worker", "2"));
        Hostile.refused(dir, "--batch 32 and --batch-per-worker 16 disagree", train("--spark", "local[1]", "--batch", "32", "--batch-per-worker", "16"));
        Hostile.refused(dir, "--batch-per-worker must be", train("--spark", "local[1]", "--batch-per-worker", "0"));
        Hostile.refused(dir, "--parallel 5000 is more trials at once than 1024", "search", "lenet5", "--dataset", "mnist", "--out",
                dir.resolve("s").toString(), "--parallel", "5000", "--spark", "local[1]");
        Hostile.refused(dir, "--spark needs a master URL", "search", "lenet5", "--dataset", "mnist", "--out", dir.resolve("s").toString(), "--spark", " ");
        Hostile.refused(dir, "--averaging-frequency must be 1..100000; got 0", train("--spark", "local[1]", "--averaging-frequency", "0"));
        Hostile.refused(dir, "--workers must be 1..4096; got 0", train("--spark", "local[1]", "--workers", "0"));
        Path file = dir.resolve("a-file");
        Files.writeString(file, "keep");
        Hostile.refused(dir, "--out " + file + " is a file", "train", "mlp-300", "--dataset", "mnist", "--out", file.toString());
        Hostile.refused(dir, "--resume " + dir.resolve("none") + ": no such run directory", "train", "mlp-300", "--dataset", "mnist",
                "--resume", dir.resolve("none").toString());
        Files.createDirectories(dir.resolve("empty"));
        Hostile.refused(dir, "no manifest.json there", "train", "mlp-300", "--dataset", "mnist", "--resume", dir.resolve("empty").toString());
    }

    @Test
    void searchOptionsAndSpaces() throws IOException {
        String out = dir.resolve("search").toString();
        Hostile.refused(dir, "--trials 1000000000 is more than a search runs (at most 10000)",
                "search", "lenet5", "--dataset", "mnist", "--out", out, "--trials", "1000000000");
        Hostile.refused(dir, "--grid-points 100000 is more than 1000", "search", "lenet5", "--dataset", "mnist", "--out", out,
                "--strategy", "grid", "--grid-points", "100000");
        Path space = dir.resolve("space.json");
        Files.writeString(space, "{\"params\": {\"lr\": {\"log\": [1e-4, 1e400]}}}");
        Hostile.refused(dir, "lr: \"log\" bounds 1.0E-4, Infinity are not finite numbers", "search", "lenet5", "--dataset", "mnist", "--out", out,
                "--space", space.toString());
        Files.writeString(space, "{\"params\": {\"lr\": {\"log\": [0.1, 0.001]}}}");
        Hostile.refused(dir, "min 0.1 is above max 0.001", "search", "lenet5", "--dataset", "mnist", "--out", out, "--space", space.toString());
        Files.writeString(space, "{\"params\": {\"lr\": {\"log\": [1e-5, 1]}, \"batch\": {\"int\": [1, 1000000]}, \"weight-decay\": {\"log\": [1e-6, 1e-2]}}}");
        Hostile.refused(dir, "more than the 10,000 a search runs", "search", "lenet5", "--dataset", "mnist", "--out", out,
                "--space", space.toString(), "--strategy", "grid", "--grid-points", "1000");
    }

    /**
     * Issue 27: a space file nested 100,000 levels deep overflowed the stack of the JSON reader (a 1,000-line trace); a
     * key given twice, or a second object after the first, was taken silently (the last key, the first object won).
     */
    @Test
    void spaceFilesThatAreDeepRepeatKeysOrGoOn() throws IOException {
        String out = dir.resolve("search").toString();
        Path space = dir.resolve("space.json");
        Files.writeString(space, "[".repeat(100_000) + "]".repeat(100_000));
        Hostile.refused(dir, "space file " + space + " is not valid JSON: JSON nested deeper than 100 levels", "search", "lenet5",
                "--dataset", "mnist", "--out", out, "--space", space.toString());
        Files.writeString(space, "{\"params\": {\"lr\": {\"log\": [1e-4, 1e-2]}, \"lr\": {\"log\": [1e-3, 1e-1]}}}");
        Hostile.refused(dir, "space file " + space + " is not valid JSON: Duplicate field 'lr'", "search", "lenet5", "--dataset", "mnist",
                "--out", out, "--space", space.toString());
        Files.writeString(space, "{\"params\": {\"lr\": {\"log\": [1e-4, 1e-2]}}}\n{\"params\": {}}\n");
        Hostile.refused(dir, "space file " + space + " is not valid JSON: more after the JSON value", "search", "lenet5", "--dataset", "mnist",
                "--out", out, "--space", space.toString());
    }

    /**
     * Issue 27: OMP_NUM_THREADS=abc ended every command in an uncaught ExceptionInInitializerError (ND4J parses it when
     * its natives load). The launcher refuses it in one line before it builds or starts anything: run here as a copy
     * alone in a directory, with an mvn that fails, so that a launcher that went on would show it.
     */
    @Test
    void anOmpNumThreadsThatIsNotANumberIsRefusedByTheLauncher() throws Exception {
        Path launcher = Files.copy(Path.of("..", "zoo"), dir.resolve("zoo"));
        Path mvn = Files.createDirectories(dir.resolve("bin")).resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho 'stub mvn: the launcher went on to build' >&2\nexit 3\n");
        org.junit.jupiter.api.Assertions.assertTrue(launcher.toFile().setExecutable(true) && mvn.toFile().setExecutable(true));
        for (String v : new String[] {"abc", "0", "-2", " 2", "2.5", "4,2", "99999999999"}) {
            String out = launcher(launcher, v);
            org.junit.jupiter.api.Assertions.assertEquals("zoo: OMP_NUM_THREADS=" + v + " is not a number of threads; unset it or set a positive integer",
                    out.stripTrailing(), v);
        }
        for (String v : new String[] {"", "2", "08"}) { // accepted: on to the build (the stub's failure)
            String out = launcher(launcher, v);
            org.junit.jupiter.api.Assertions.assertTrue(out.contains("stub mvn: the launcher went on to build"), v + ": " + out);
        }
    }

    private static String launcher(Path launcher, String omp) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "list").redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", omp);
        pb.environment().put("PATH", launcher.resolveSibling("bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the launcher did not finish");
        org.junit.jupiter.api.Assertions.assertEquals(1, p.exitValue(), out);
        return out;
    }
}
