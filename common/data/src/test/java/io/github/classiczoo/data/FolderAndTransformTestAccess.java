package io.github.classiczoo.data;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages build the generated folder dataset. */
public final class FolderAndTransformTestAccess {
    private FolderAndTransformTestAccess() {
    }

    public static Path makeFolder(Path root, int perClass) throws IOException {
        return FolderAndTransformTest.makeFolder(root, perClass);
    }
}
