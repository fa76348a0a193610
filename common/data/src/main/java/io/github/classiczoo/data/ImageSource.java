package io.github.classiczoo.data;

import io.github.classiczoo.core.image.Image;
import java.util.List;

/** Labelled images, decoded on request: an in-memory {@link ImageSet} or a folder of files. */
public interface ImageSource {

    String name();

    int size();

    List<String> classNames();

    int label(int i);

    /** Image {@code i} as pixel values in [0, 255]. Called from one thread at a time per source instance. */
    Image image(int i);

    /**
     * Image {@code i} as it travels to a Spark executor, undecoded ({@link StoredImage#decode} there gives {@link #image}).
     * By default its pixels as bytes; a folder sends its file's bytes.
     */
    default StoredImage stored(int i) {
        return StoredImage.pixels(name() + "[" + i + "]", image(i));
    }

    /** Channels of every image (3 for colour folders, whatever the files hold). */
    int channels();

    default int classes() {
        return classNames().size();
    }

    /** The images at {@code indices}, in that order, without copying pixels. */
    default ImageSource subset(int[] indices, String name) {
        ImageSource base = this;
        return new ImageSource() {
            public String name() { return name; }
            public int size() { return indices.length; }
            public List<String> classNames() { return base.classNames(); }
            public int label(int i) { return base.label(indices[i]); }
            public Image image(int i) { return base.image(indices[i]); }
            public StoredImage stored(int i) { return base.stored(indices[i]); }
            public int channels() { return base.channels(); }
        };
    }

    /** Splits off {@code validation} images chosen by a seeded shuffle: {train, validation}. */
    default ImageSource[] split(int validation, long seed) {
        if (validation <= 0) {
            return new ImageSource[] {this, null};
        }
        if (validation >= size()) {
            throw new IllegalArgumentException("validation split of " + validation + " leaves no training images out of " + size() + "; hold out fewer (0: report the test set instead)");
        }
        int[] perm = ImageSet.permutation(size(), new java.util.Random(seed));
        int[] val = java.util.Arrays.copyOfRange(perm, 0, validation);
        int[] train = java.util.Arrays.copyOfRange(perm, validation, size());
        java.util.Arrays.sort(val);
        java.util.Arrays.sort(train);
        return new ImageSource[] {subset(train, name() + "/train"), subset(val, name() + "/validation")};
    }
}
