package io.github.classiczoo.train;

import io.github.classiczoo.core.util.ZooException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A run cannot continue from the checkpoint asked for (missing or damaged). The message names the problem and the run's
 * other checkpoints that are intact ({@link #intact()}), each with the epoch it holds: {@link Trainer#resume(CheckpointFile)}
 * continues from any of them, and a front end may say how its users ask for that.
 */
public class CheckpointUnreadableException extends ZooException {

    /** A checkpoint of the same run that reads, and the epochs it holds. */
    public record Intact(CheckpointFile checkpoint, int epoch) {
    }

    private final Path runDirectory;
    private final String problem;
    private final transient List<Intact> intact;

    public CheckpointUnreadableException(Path runDirectory, String problem, List<Intact> intact, Throwable cause) {
        super(problem + ". " + (intact.isEmpty() ? "No other checkpoint of this run is intact: start it again as a new run"
                : intact.stream().map(i -> i.checkpoint().fileName() + " (after epoch " + i.epoch() + ") is intact: resume from " + i.checkpoint())
                        .collect(Collectors.joining("; or ")) + " (epochs after it are trained again; nothing is deleted)"), cause);
        this.runDirectory = runDirectory;
        this.problem = problem;
        this.intact = List.copyOf(intact);
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /** What is wrong with the checkpoint asked for, without what to do about it. */
    public String problem() {
        return problem;
    }

    /** The run's other checkpoints that read, in the order they are offered (previous, best, last). */
    public List<Intact> intact() {
        return intact;
    }
}
