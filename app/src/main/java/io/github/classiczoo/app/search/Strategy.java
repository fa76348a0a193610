package io.github.classiczoo.app.search;

import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Text;

/** How a search draws its candidates ({@link Candidates}), written {@code random} and {@code grid} (also in {@code search.json}). */
public enum Strategy {
    /** seeded draws from the space */
    RANDOM,
    /** every combination of each range's grid points and each value list */
    GRID;

    /** {@code random} or {@code grid}, or a one-line error naming both. */
    public static Strategy parse(String s) {
        return Enums.parse(Strategy.class, "search strategy", s);
    }

    @Override
    public String toString() {
        return Text.kebab(this);
    }
}
