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
 * {@code zoo-model.json} entry) with the trainer's state, at the end of every epoch</li>
 * <li>{@code loss.png}, {@code error.png}, {@code report.md} — written by listeners ({@link Curves}, {@link Report})</li>
 * </ul>
 */
public final class RunDirectory implements AutoCloseable {

    public static final String MANIFEST = "manifest.json";
    public static final String METRICS = "metrics.csv";
    public static final String LAST = ModelFile.LAST;
    public static final String BEST = ModelFile.BEST;
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
            if (s.anyMatch(p -> !p.getFileName().toString().equals(DirectoryLock.FILE))) {
                lock.close();
                throw new IllegalArgumentException("run directory " + d + " already has files; choose another --out "
                        + "(nothing there was changed), or continue it with --resume " + d);
            }
        } catch (IOException e) {
            lock.close();
            throw new IllegalArgumentException("cannot read run directory " + d + ": " + e.getMessage(), e);
        }
        return new RunDirectory(d, lock);
    }

    /**
     * An existing run to continue: it must have its manifest and a last checkpoint. Temporary files that a killed
     * write left behind are removed ({@code log} says so).
     */
    public static RunDirectory resume(Path dir, java.util.function.Consumer<String> log) throws IOException {
        Path d = dir.toAbsolutePath();
        if (!Files.isRegularFile(d.resolve(MANIFEST)) || !Files.isRegularFile(d.resolve(LAST))) {
            throw new IllegalArgumentException("--resume " + d + ": no " + MANIFEST + " and " + LAST + " there; not a run directory with a finished epoch");
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

    /** The last checkpoint: the network with its updater state, the trainer's state (JSON) and what the model is. */
    public void writeCheckpoint(ComputationGraph net, String trainerState, ModelFile.Info info) throws IOException {
        ModelFile.save(net, dir.resolve(LAST), info, true, Map.of(STATE_KEY, trainerState));
    }

    /** The last checkpoint becomes the best one too (a copy, renamed into place). */
    public void promoteLastToBest() throws IOException {
        Path tmp = dir.resolve(BEST + ".tmp");
        Files.copy(dir.resolve(LAST), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files2.moveAtomically(tmp, dir.resolve(BEST));
    }

    /** The last checkpoint's network with its updater state, on the fast path. */
    public ComputationGraph restoreLast() throws IOException {
        return FastPath.install(ModelZip.readNetwork(dir.resolve(LAST), true));
    }

    /** The trainer state saved with the last checkpoint. */
    public String lastTrainerState() {
        String state = ModelZip.readJson(dir.resolve(LAST), STATE_KEY);
        if (state == null) {
            throw new ZooException(dir.resolve(LAST) + " has no " + STATE_KEY + " entry: a model file, not a checkpoint of this run");
        }
        return state;
    }
}
