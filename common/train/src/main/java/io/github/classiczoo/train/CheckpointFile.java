package io.github.classiczoo.train;

import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Text;

/**
 * The checkpoints a run directory keeps ({@link RunDirectory}), written {@code last}, {@code previous} and {@code best}: the
 * one a run continues from ({@link Trainer#resume(CheckpointFile)}).
 */
public enum CheckpointFile {
    /** the end of the last epoch */
    LAST(RunDirectory.LAST),
    /** the generation before the last: there when the last one is damaged */
    PREVIOUS(RunDirectory.PREVIOUS),
    /** the epoch with the best validation (or test) error so far */
    BEST(RunDirectory.BEST);

    private final String fileName;

    CheckpointFile(String fileName) {
        this.fileName = fileName;
    }

    /** Its file in the run directory, e.g. {@code checkpoint-last.zip}. */
    public String fileName() {
        return fileName;
    }

    /** {@code last}, {@code previous} or {@code best}, or a one-line error naming them. */
    public static CheckpointFile parse(String s) {
        return Enums.parse(CheckpointFile.class, "checkpoint", s);
    }

    @Override
    public String toString() {
        return Text.kebab(this);
    }
}
