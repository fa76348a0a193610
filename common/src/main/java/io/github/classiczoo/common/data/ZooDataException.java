package io.github.classiczoo.common.data;

/** A data problem a user can act on: the message names the file and what was expected. */
public class ZooDataException extends RuntimeException {
    public ZooDataException(String message) {
        super(message);
    }

    public ZooDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
