package io.github.classiczoo.core.util;

/**
 * A problem a user can act on (a file that is missing, damaged or not what it claims to be): the message names the
 * culprit and what was expected, and the {@code zoo} command prints it as one line. Subclasses say which layer found it.
 */
public class ZooException extends RuntimeException {
    public ZooException(String message) {
        super(message);
    }

    public ZooException(String message, Throwable cause) {
        super(message, cause);
    }
}
