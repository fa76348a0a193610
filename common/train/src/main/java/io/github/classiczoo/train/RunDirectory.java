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
    static final String STATE_KEY = ModelFile.TRAINER_STATE;
    /** Per-class tables of a run with more classes than {@link Metrics#MAX_INLINE_CLASSES} (not repeated in every manifest). */
    public static final String CONFUSION = "confusion.csv";

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
        if (Files.isSymbolicLink(d) && !Files.exists(d)) {
            throw new IllegalArgumentException("run directory " + d + " is a symbolic link to " + target(d) + ", which does not exist; "
                    + "create that directory or choose another (nothing was written)");
        }
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new IllegalArgumentException("run directory " + d + " is a file; choose another (nothing was written)");
        }
        if (!Files.exists(d.resolve(DirectoryLock.FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            checkEmpty(d); // before anything is written: a refused --out (/, a home directory, a repository) is left as it was
        } // else a zoo directory: its lock, taken first, names a holder that is still at work
        Path made = firstMissing(d);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create run directory " + d + ": " + Files2.reason(e) + " (nothing was written)", e);
        }
        DirectoryLock lock = null;
        try {
            if (!Files.isWritable(d)) {
                throw new IllegalArgumentException("run directory " + d + " is not writable (nothing was written)");
            }
            lock = DirectoryLock.acquire(d, "run directory");
            checkEmpty(d); // again, now that it is held: a file may have appeared meanwhile
            Files2.deleteStaleTemps(d); // an empty directory but for what a killed write left: those go
            return new RunDirectory(d, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.abandon();
            }
            deleteCreated(made, d);
            if (e instanceof IOException io) {
                throw new IllegalArgumentException("cannot prepare run directory " + d + ": " + Files2.reason(io), e);
            }
            throw (RuntimeException) e;
        }
    }

    /** Refuses a directory with anything in it but a lock file and the zoo's own temporary files. */
    private static void checkEmpty(Path d) {
        if (!Files.isDirectory(d)) {
            return;
        }
        try (Stream<Path> s = Files.list(d)) {
            if (s.anyMatch(p -> !p.getFileName().toString().equals(DirectoryLock.FILE) && !Files2.isTemp(p.getFileName().toString()))) {
                throw new RunDirectoryNotEmptyException(d, Files.exists(d.resolve(MANIFEST)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read run directory " + d + ": " + Files2.reason(e) + " (nothing was written)", e);
        }
    }

    /** The outermost directory of {@code d} that does not exist yet (null if {@code d} exists): what creating it makes. */
    private static Path firstMissing(Path d) {
        Path made = null;
        for (Path p = d; p != null && !Files.exists(p); p = p.getParent()) {
            made = p;
        }
        return made;
    }

    /** Removes the directories a refused {@link #create} made, from {@code d} up to {@code made}, if they are still empty. */
    private static void deleteCreated(Path made, Path d) {
        if (made == null) {
            return;
        }
        for (Path p = d; p != null && p.startsWith(made); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty, or not ours to remove
            }
        }
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    /**
     * An existing run to continue: it must have its manifest (a run killed before its first checkpoint has no checkpoint
     * yet: {@link #hasCheckpoint()} is false and the trainer starts it over). Temporary files that a killed write left
     * behind are removed ({@code log} says so).
     */
    public static RunDirectory resume(Path dir, java.util.function.Consumer<String> log) throws IOException {
        Path d = dir.toAbsolutePath();
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException("no run directory at " + d);
        }
        if (Files.exists(d.resolve(MANIFEST)) && !Files.isRegularFile(d.resolve(MANIFEST))) {
            throw new IllegalArgumentException("run directory " + d + ": its " + MANIFEST + " " + Files2.whyNotRegular(d.resolve(MANIFEST))
                    + "; not a run directory the zoo wrote (nothing was changed)");
        }
        if (!Files.isRegularFile(d.resolve(MANIFEST))) {
            throw new IllegalArgumentException("run directory " + d + ": no " + MANIFEST + " there; not a run directory (a run killed before it "
                    + "wrote anything can be started again as a new run in it)");
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

    /**
     * The names of the files a run writes into its directory (with the lock file and the zoo's temporary files): all that
     * {@link #deleteRun} may remove. {@code ui-stats.bin…} is the live view's record ({@code --ui}).
     */
    static boolean isRunFile(String name) {
        return List.of(MANIFEST, METRICS, LAST, BEST, PREVIOUS, "loss.png", "error.png", "report.md", CONFUSION, DirectoryLock.FILE).contains(name)
                || name.startsWith("ui-stats.bin") || Files2.isTemp(name);
    }

    /**
     * Why directory {@code d} is not a run the caller may remove, or null if it is: anything in it that a run does not write
     * (a subdirectory, a user's file, a link), or a manifest that {@code ours} does not accept (a run of another command).
     */
    public static String foreignContent(Path d, java.util.function.Predicate<JsonNode> ours) {
        if (Files.isSymbolicLink(d) || !Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "is not a directory the search made";
        }
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!isRunFile(n) || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return "holds " + n + ", which no run writes";
                }
            }
            Path m = d.resolve(MANIFEST);
            if (Files.exists(m)) {
                JsonNode j;
                try {
                    j = Json.read(Files2.readString(m, 64L << 20));
                } catch (RuntimeException e) {
                    return "has a " + MANIFEST + " that cannot be read (" + e.getMessage() + ")";
                }
                if (!ours.test(j)) {
                    return "holds another run (its " + MANIFEST + " is not the search's)";
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot be read (" + Files2.reason(e) + ")";
        }
    }

    /** Removes a run directory's own files ({@link #isRunFile}) and then the directory; refuses if it holds anything else. */
    public static void deleteRun(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                if (!isRunFile(p.getFileName().toString()) || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new ZooException(d + " holds " + p.getFileName() + ", which no run writes; it was not removed");
                }
                Files.delete(p);
            }
        }
        Files.delete(d);
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
        for (String n : List.of(MANIFEST, METRICS, "loss.png", "error.png", "report.md", CONFUSION)) {
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
        try {
            return Json.read(Files2.readString(dir.resolve(MANIFEST), 64L << 20));
        } catch (UncheckedIOException e) {
            throw new ZooException(dir.resolve(MANIFEST) + ": " + e.getMessage() + "; not a manifest the zoo wrote", e);
        }
    }

    public void writeManifest(Object manifest) {
        Files2.writeStringAtomically(dir.resolve(MANIFEST), Json.write(manifest));
    }

    /** Sets the manifest's {@code status} and {@code message}, leaving the rest as it is (nothing if there is no manifest yet). */
    public void markManifest(String status, String message) {
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            return;
        }
        JsonNode m = Json.read(Files2.readString(dir.resolve(MANIFEST), 64L << 20));
        if (m instanceof org.nd4j.shade.jackson.databind.node.ObjectNode o) {
            o.put("status", status);
            o.put("message", message);
            writeManifest(o);
        }
    }

    /** The final evaluation's per-class table of a run with many classes ({@link Metrics#perClassCsv}). */
    public void writeConfusion(String csv) {
        Files2.writeStringAtomically(dir.resolve(CONFUSION), csv);
    }

    public void writeMetrics(List<EpochRow> rows) {
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
            Files2.writeAtomically(dir.resolve(PREVIOUS), tmp -> {
                Files.delete(tmp);
                try {
                    Files.createLink(tmp, last);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(last, tmp);
                }
            });
        }
        ModelFile.save(net, last, info, true, Map.of(STATE_KEY, trainerState));
    }

    /** The last checkpoint becomes the best one too (a copy, renamed into place). */
    public void promoteLastToBest() {
        promoteToBest(LAST);
    }

    /**
     * The epoch checkpoint {@code file} of this run holds (its trainer state's {@code epochsDone}, read without loading the
     * network), or -1 if it is missing or unreadable.
     */
    public int epochOf(String file) {
        return ModelFile.checkpointEpoch(dir.resolve(file));
    }

    /** Copies checkpoint {@code file} (e.g. the last) to the best one, atomically. */
    public void promoteToBest(String file) {
        Files2.writeAtomically(dir.resolve(BEST), tmp -> Files.copy(dir.resolve(file), tmp, StandardCopyOption.REPLACE_EXISTING));
    }

    /** Renames checkpoint {@code file} to {@code NAME.set-aside-STAMP.zip} (never deleted); returns the new name. */
    public String setAside(String file, String stamp) throws IOException {
        Path aside = dir.resolve(file.replace(".zip", "") + ".set-aside-" + stamp + ".zip");
        Files.move(dir.resolve(file), aside);
        return aside.getFileName().toString();
    }

    /** The trainer state kept in checkpoint {@code file}, or null if it has none or cannot be read. */
    public String trainerState(String file) {
        try {
            return ModelZip.readJson(dir.resolve(file), STATE_KEY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A checkpoint read back: the network with its updater state, and the trainer's state saved with it. */
    public record Checkpoint(String file, ComputationGraph net, String trainerState) {
    }

    /**
     * The checkpoint {@code which} on the fast path. If it is missing or damaged the error names it and says which of the
     * others are intact and how to continue from one.
     */
    public Checkpoint restore(CheckpointFile which) {
        String file = which.fileName();
        try {
            return read(file);
        } catch (ZooException e) {
            throw new CheckpointUnreadableException(dir, e.getMessage(), intactOtherThan(which), e);
        }
    }

    /** The run's checkpoints other than {@code which} that read (network and trainer state), with the epochs they hold. */
    public List<CheckpointUnreadableException.Intact> intactOtherThan(CheckpointFile which) {
        List<CheckpointUnreadableException.Intact> intact = new java.util.ArrayList<>();
        for (CheckpointFile other : List.of(CheckpointFile.PREVIOUS, CheckpointFile.BEST, CheckpointFile.LAST)) {
            if (other != which && Files.isRegularFile(dir.resolve(other.fileName()))) {
                try {
                    Checkpoint c = read(other.fileName());
                    intact.add(new CheckpointUnreadableException.Intact(other, Json.read(c.trainerState()).path("epochsDone").asInt()));
                } catch (ZooException | IllegalArgumentException x) {
                    // damaged too: not offered
                }
            }
        }
        return intact;
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
