package io.github.classiczoo.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command, captures its output, and fails clearly on a time-out. */
final class Processes {

    record Result(int code, String out) {
    }

    private Processes() {
    }

    static Result run(Path dir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        return run(dir, timeoutSeconds, command, java.util.Map.of());
    }

    static Result run(Path dir, long timeoutSeconds, List<String> command, java.util.Map<String, String> env) throws IOException, InterruptedException {
        Path log = Files.createTempFile("zoo-it", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("zoo.repo.root", "..")).toAbsolutePath().normalize();
    }
}
