package io.github.classiczoo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Kills a process from outside, as a user's kill -9 would, at a moment the test observes: a line of its output, or a
 * condition on its files (polled every few milliseconds). Production code carries no test hooks for this.
 */
public final class KillSwitch {

    /** What the process printed (stdout and stderr merged), its exit code, and whether this switch killed it. */
    public record Result(int code, String out, boolean killed) {
    }

    private KillSwitch() {
    }

    /**
     * Runs {@code command} in {@code dir} and kills it forcibly (SIGKILL) as soon as a line of its output matches
     * {@code line} or {@code files} becomes true, whichever comes first; either may be null.
     */
    public static Result run(Path dir, Map<String, String> env, List<String> command, Predicate<String> line, BooleanSupplier files,
                             long timeoutSeconds) throws IOException, InterruptedException {
        return run(dir, env, command, line, files, timeoutSeconds, null);
    }

    /**
     * As {@link #run(Path, Map, List, Predicate, BooleanSupplier, long)}, sending {@code signal} ("TERM", "INT"; null: SIGKILL)
     * once instead, as a user's kill or Ctrl-C would, and then waiting for the process to end by itself.
     */
    public static Result run(Path dir, Map<String, String> env, List<String> command, Predicate<String> line, BooleanSupplier files,
                             long timeoutSeconds, String signal) throws IOException, InterruptedException {
        List<String> cmd = command;
        if (signal != null) {
            // A process started in the background by a non-interactive shell (a CI script, `mvn install &`) inherits SIGINT
            // ignored, and the JVM leaves an ignored signal ignored: the command would never see the user's Ctrl-C this test
            // stands for. coreutils' env restores the default before it execs the command (same process, same pid).
            cmd = new java.util.ArrayList<>(List.of("env", "--default-signal=" + signal));
            cmd.addAll(command);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        boolean[] kill = {false};
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (out) {
                        out.append(l).append('\n');
                    }
                    if (line != null && line.test(l)) {
                        synchronized (kill) {
                            if (!kill[0]) {
                                kill[0] = true;
                                send(p, signal);
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (files != null && files.getAsBoolean()) {
                synchronized (kill) {
                    if (!kill[0]) {
                        kill[0] = true;
                        send(p, signal);
                    }
                }
                if (signal == null) {
                    break;
                }
            }
            Thread.sleep(5);
        }
        if (!p.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n" + out);
        }
        reader.join(10_000);
        synchronized (out) {
            synchronized (kill) {
                return new Result(p.exitValue(), out.toString(), kill[0]);
            }
        }
    }

    private static void send(Process p, String signal) {
        if (signal == null) {
            p.destroyForcibly();
            return;
        }
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + p.pid(), e);
        }
    }
}
