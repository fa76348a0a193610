package io.github.classiczoo.data;

import io.github.classiczoo.core.util.ZooException;

/** A data problem a user can act on: the message names the file and what was expected. */
public class ZooDataException extends ZooException {
    public ZooDataException(String message) {
        super(message);
    }

    public ZooDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
