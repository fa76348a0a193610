package io.github.classiczoo.train;

import io.github.classiczoo.core.model.FastPath;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelZip;
import io.github.classiczoo.core.util.DirectoryLock;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.ZooException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A run directory and every file in it, each written atomically (a temporary file renamed into place), held by one
 * process at a time ({@link DirectoryLock}: a second {@code zoo train} on it is refused with the holder's pid):
 * <ul>
 * <li>{@code manifest.json} — what the run is and where it stands (the trainer assembles it; JSON through the one
 * mapper in {@link Json})</li>
 * <li>{@code metrics.csv} — one row per epoch</li>
 * <li>{@code checkpoint-last.zip}, {@code checkpoint-best.zip} — model files (weights, updater state, the
 * {@code zoo-model.json} entry) with the trainer's state, at the end of every epoch; {@code checkpoint-previous.zip}, the
 * generation before the last, so that one damaged file never ends a run</li>
 * <li>{@code loss.png}, {@code error.png}, {@code report.md} — written by listeners ({@link Curves}, {@link Report})</li>
 * </ul>
 */
public final class RunDirectory implements AutoCloseable {

    public static final String MANIFEST = "manifest.json";
    public static final String METRICS = "metrics.csv";
    public static final String LAST = ModelFile.LAST;
    public static final String BEST = ModelFile.BEST;
    public static final String PREVIOUS = "checkpoint-previous.zip";
    static final String STATE_KEY = "zoo-trainer-state.json";

    private final Path dir;
    private final DirectoryLock lock;

    private RunDirectory(Path dir, DirectoryLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * A new run in an empty or absent directory (created), held by this process until {@link #close()} ({@link DirectoryLock});
     * anything else is refused before a file is touched.
     */
    public static RunDirectory create(Path dir) {
        Path d = dir.toAbsolutePath();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new IllegalArgumentException("run directory " + d + " is a file; choose another --out");
        }
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create run directory " + d + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(d)) {
            throw new IllegalArgumentException("run directory " + d + " is not writable");
        }
        DirectoryLock lock = DirectoryLock.acquire(d, "run directory");
        try (Stream<Path> s = Files.list(d)) {
            if (s.anyMatch(p -> !p.getFileName().toString().equals(DirectoryLock.FILE) && !Files2.isTemp(p.getFileName().toString()))) {
                lock.close();
                throw new IllegalArgumentException("run directory " + d + " already has files; choose another --out "
                        + "(nothing there was changed), or continue it with --resume " + d);
            }
        } catch (IOException e) {
            lock.close();
            throw new IllegalArgumentException("cannot read run directory " + d + ": " + e.getMessage(), e);
        }
        try {
            Files2.deleteStaleTemps(d); // an empty directory but for what a killed write left: those go
        } catch (IOException e) {
            lock.close();
            throw new IllegalArgumentException("cannot clean run directory " + d + ": " + e.getMessage(), e);
        }
        return new RunDirectory(d, lock);
    }

    /**
     * An existing run to continue: it must have its manifest (a run killed before its first checkpoint has no checkpoint
     * yet: {@link #hasCheckpoint()} is false and the trainer starts it over). Temporary files that a killed write left
     * behind are removed ({@code log} says so).
     */
    public static RunDirectory resume(Path dir, java.util.function.Consumer<String> log) throws IOException {
        Path d = dir.toAbsolutePath();
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException("--resume " + d + ": no such run directory");
        }
        if (!Files.isRegularFile(d.resolve(MANIFEST))) {
            throw new IllegalArgumentException("--resume " + d + ": no " + MANIFEST + " there; not a run directory (a run killed before it "
                    + "wrote anything can be started again with --out " + d + ")");
        }
        DirectoryLock lock = DirectoryLock.acquire(d, "run directory");
        try {
            int stale = Files2.deleteStaleTemps(d);
            if (stale > 0) {
                log.accept("removed " + stale + " unfinished temporary file(s) that a killed write left in " + d);
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new RunDirectory(d, lock);
    }

    /** Whether any checkpoint (last, previous or best) is there. */
    public boolean hasCheckpoint() {
        return Files.isRegularFile(dir.resolve(LAST)) || Files.isRegularFile(dir.resolve(PREVIOUS)) || Files.isRegularFile(dir.resolve(BEST));
    }

    /**
     * Removes what a run killed before its first checkpoint wrote (manifest, metrics, plots, report), so that it can start
     * over; files the zoo did not write are left alone.
     */
    public void clearForRestart() throws IOException {
        for (String n : List.of(MANIFEST, METRICS, "loss.png", "error.png", "report.md")) {
            Files.deleteIfExists(dir.resolve(n));
        }
    }

    /** Lets the directory go: another process may now continue or read it. */
    @Override
    public void close() {
        lock.close();
    }

    public Path path() {
        return dir;
    }


    public JsonNode manifest() throws IOException {
        return Json.read(Files.readString(dir.resolve(MANIFEST)));
    }

    public void writeManifest(Object manifest) {
        try {
            Files2.writeStringAtomically(dir.resolve(MANIFEST), Json.write(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MANIFEST) + ": " + e.getMessage(), e);
        }
    }

    public void writeMetrics(List<EpochRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(EpochRow.HEADER).append('\n');
        rows.forEach(r -> sb.append(r.csv()).append('\n'));
        Files2.writeStringAtomically(dir.resolve(METRICS), sb.toString());
    }

    /**
     * The last checkpoint: the network with its updater state, the trainer's state (JSON) and what the model is. The
     * checkpoint it replaces becomes {@code checkpoint-previous.zip} (a hard link where the file system has them, else a
     * copy), so there is always a complete last checkpoint and, after the second epoch, the one before it.
     */
    public void writeCheckpoint(ComputationGraph net, String trainerState, ModelFile.Info info) throws IOException {
        Path last = dir.resolve(LAST);
        if (Files.isRegularFile(last)) {
            Path tmp = dir.resolve("." + PREVIOUS + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createLink(tmp, last);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(last, tmp);
            }
            Files2.moveAtomically(tmp, dir.resolve(PREVIOUS));
        }
        ModelFile.save(net, last, info, true, Map.of(STATE_KEY, trainerState));
    }

    /** The last checkpoint becomes the best one too (a copy, renamed into place). */
    public void promoteLastToBest() throws IOException {
        Path tmp = dir.resolve("." + BEST + ".tmp");
        Files.copy(dir.resolve(LAST), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files2.moveAtomically(tmp, dir.resolve(BEST));
    }

    /** A checkpoint read back: the network with its updater state, and the trainer's state saved with it. */
    public record Checkpoint(String file, ComputationGraph net, String trainerState) {
    }

    /**
     * The checkpoint {@code which} ({@code last}, {@code previous} or {@code best}) on the fast path. If it is missing or
     * damaged the error names it and says which of the others are intact and how to continue from one.
     */
    public Checkpoint restore(String which) {
        String file = switch (which) {
            case "last" -> LAST;
            case "previous" -> PREVIOUS;
            case "best" -> BEST;
            default -> throw new IllegalArgumentException("--resume-from takes last, previous or best; got '" + which + "'");
        };
        try {
            return read(file);
        } catch (ZooException e) {
            List<String> intact = new java.util.ArrayList<>();
            for (String[] other : new String[][] {{"previous", PREVIOUS}, {"best", BEST}, {"last", LAST}}) {
                if (!other[1].equals(file) && Files.isRegularFile(dir.resolve(other[1]))) {
                    try {
                        Checkpoint c = read(other[1]);
                        intact.add(other[1] + " (after epoch " + Json.read(c.trainerState()).path("epochsDone").asInt() + "): continue from it with "
                                + "--resume " + dir + " --resume-from " + other[0]);
                    } catch (ZooException | IllegalArgumentException x) {
                        // damaged too: not offered
                    }
                }
            }
            throw new ZooException(e.getMessage() + ". " + (intact.isEmpty() ? "No other checkpoint of this run is intact: start it again with --out"
                    : String.join("; or ", intact) + " (epochs after it are trained again; nothing is deleted)"), e);
        }
    }

    private Checkpoint read(String file) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new ZooException(p + " does not exist");
        }
        ComputationGraph net = ModelZip.readNetwork(p, true);
        String state = ModelZip.readJson(p, STATE_KEY);
        if (state == null) {
            throw new ZooException(p + " has no " + STATE_KEY + " entry: a model file, not a checkpoint of this run");
        }
        return new Checkpoint(file, FastPath.install(net), state);
    }
}
