package io.github.classiczoo.train;

import java.nio.file.Path;

/**
 * A new run refused because its directory already has files ({@link RunDirectory#create}); nothing there was changed.
 * {@link #holdsRun()} says whether they are a run the zoo wrote, which {@link Trainer#resume()} can continue.
 */
public class RunDirectoryNotEmptyException extends IllegalArgumentException {

    private final Path directory;
    private final boolean holdsRun;

    public RunDirectoryNotEmptyException(Path directory, boolean holdsRun) {
        super("run directory " + directory + " already has files; choose another directory (nothing there was changed)"
                + (holdsRun ? ", or resume the run it holds" : ""));
        this.directory = directory;
        this.holdsRun = holdsRun;
    }

    public Path directory() {
        return directory;
    }

    public boolean holdsRun() {
        return holdsRun;
    }
}
