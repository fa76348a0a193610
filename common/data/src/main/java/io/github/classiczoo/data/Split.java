package io.github.classiczoo.data;

import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Text;
import java.util.List;

/**
 * A dataset's two published parts, written {@code train} and {@code test} (on the command line, in messages and file
 * names). The validation images a recipe holds out come from {@code train}; a folder dataset keeps each part in
 * sub-folders of its root ({@link #folders()}).
 */
public enum Split {
    TRAIN(List.of("train")),
    /** ImageNet's layout calls its held-out part {@code val/}; others {@code test/}. */
    TEST(List.of("val", "test"));

    private final List<String> folders;

    Split(List<String> folders) {
        this.folders = folders;
    }

    /** The sub-folders of a folder dataset's root that may hold this part, in the order they are looked for. */
    public List<String> folders() {
        return folders;
    }

    /** {@code train} or {@code test}, or a one-line error naming both. */
    public static Split parse(String s) {
        return Enums.parse(Split.class, "split", s);
    }

    @Override
    public String toString() {
        return Text.kebab(this);
    }
}
