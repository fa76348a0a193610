package io.github.classiczoo.data.folder;

import io.github.classiczoo.data.Split;
import io.github.classiczoo.data.ZooDataException;

/**
 * A folder dataset's parts, found in one place: {@code ROOT/train} and {@code ROOT/val} (or {@code ROOT/test}) as
 * ImageNet lays them out, each one sub-folder per class; or {@code ROOT} holding the class folders itself (a set to
 * evaluate on). {@code ROOT} is a path or a URI read through a {@link FileTree} provider.
 *
 * @param train   the training part, or null if there is none
 * @param heldOut the held-out part ({@code val/} first, then {@code test/}: {@link Split#folders()}), or null
 */
public record FolderLayout(String root, String train, String heldOut) {

    /** Looks at {@code root} once. */
    public static FolderLayout of(String root) {
        FileTree tree = FileTree.of(root);
        String train = tree.child(root, Split.TRAIN.folders().get(0));
        String held = Split.TEST.folders().stream().map(f -> tree.child(root, f)).filter(tree::isDirectory).findFirst().orElse(null);
        return new FolderLayout(root, tree.isDirectory(train) ? train : null, held);
    }

    /** For training: both parts, or an error naming what is missing. */
    public FolderLayout forTraining() {
        if (train == null || heldOut == null) {
            throw new ZooDataException("folder dataset " + root + " needs train/ and val/ (or test/) sub-folders to train on"
                    + (train == null ? "" : "; it has train/ only"));
        }
        return this;
    }

    /** The images to evaluate on: the held-out part of a training layout, else the root's own class folders. */
    public String forEvaluation() {
        return train != null && heldOut != null ? heldOut : root;
    }
}
