package io.github.classiczoo.core.util;

import java.util.Arrays;
import java.util.List;

/**
 * Closed sets written as words — a split, a checkpoint, a search strategy, a trial's status, a knob's choices: each is an
 * enum whose constants' {@code toString()} is the written form (in files, on the command line, in help; usually
 * {@link Text#kebab}), and one {@link #parse} reads them back, so that no two places compare strings and disagree.
 */
public final class Enums {

    private Enums() {
    }

    /**
     * The constant of {@code type} written {@code value} (exactly: its {@code toString()}); otherwise an
     * {@link IllegalArgumentException} of one line that lists the accepted words, e.g. "{@code split} must be train or
     * test; got 'val'".
     *
     * @param what what the value is, as the message names it
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.toString().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(what + " must be " + words(type) + "; got '" + value + "'");
    }

    /** The written forms of {@code type}'s constants, in declaration order. */
    public static <E extends Enum<E>> List<String> written(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
    }

    /** The written forms as a sentence lists them: "a, b or c". */
    public static <E extends Enum<E>> String words(Class<E> type) {
        List<String> w = written(type);
        return w.size() == 1 ? w.get(0) : String.join(", ", w.subList(0, w.size() - 1)) + " or " + w.get(w.size() - 1);
    }
}
