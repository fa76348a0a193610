package io.github.classiczoo.core.util;

import java.nio.file.Path;

/**
 * A file could not be written for a reason outside the command (no space left on device, a read-only file system, an I/O
 * error): the environment failed, not the work. The message names the file and the cause; the previous complete file, if
 * any, is still in place. A search reruns a trial that ended with one ({@code interrupted}), where a trial's own failure
 * (divergence, a refused configuration) stays recorded.
 */
public class WriteFailedException extends ZooException {

    private final Path file;

    public WriteFailedException(Path file, Throwable cause) {
        super("cannot write " + file + ": " + Files2.reason(cause), cause);
        this.file = file;
    }

    /** The file that was being written. */
    public Path file() {
        return file;
    }

    /** Whether {@code t} or one of its causes is a failure of the environment: a failed write or any other I/O error. */
    public static boolean isEnvironment(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof WriteFailedException || c instanceof java.io.IOException || c instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
