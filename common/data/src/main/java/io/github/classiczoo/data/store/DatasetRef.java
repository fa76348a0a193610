package io.github.classiczoo.data.store;

import io.github.classiczoo.data.ZooDataException;
import io.github.classiczoo.data.folder.FileTree;
import java.nio.file.Path;

/**
 * Which dataset a recipe or run uses: a named one of {@link Datasets} ({@code mnist}, {@code cifar10} ...) or an
 * ImageNet-style folder ({@code folder:PATH}, PATH holding train/ and val/; PATH may be a Hadoop URI such as
 * {@code hdfs://namenode/imagenet}, see {@link FileTree}). Written as that text in manifests and
 * on the command line.
 */
public record DatasetRef(String name, String folder) {

    static final String FOLDER = "folder:";

    /**
     * ImageNet (ILSVRC-2012), which the papers' recipes train on. It cannot be downloaded here (its licence asks each user
     * to obtain it), so it is always read from a folder the user gives ({@link #needsFolder()}).
     */
    public static final DatasetRef IMAGENET = new DatasetRef("imagenet", null);

    public DatasetRef {
        if ((name == null) == (folder == null)) {
            throw new IllegalArgumentException("a dataset is either named or a folder");
        }
    }

    /** {@code folder:PATH} or a dataset's name (checked when it is loaded, so that a recipe may name any). */
    public static DatasetRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no dataset given (a name such as mnist, or folder:PATH)");
        }
        if (!text.startsWith(FOLDER)) {
            return new DatasetRef(text, null);
        }
        String at = text.substring(FOLDER.length());
        if (at.isBlank()) {
            throw new IllegalArgumentException("folder: needs a location, e.g. folder:/data/imagenet or folder:hdfs://namenode/imagenet");
        }
        // a path as this machine writes it; a URI (hdfs://, s3a:// ...) as given, read by a FileTree provider
        return new DatasetRef(null, FileTree.URI.matcher(at).matches() ? at : Path.of(at).toString());
    }

    /** {@code folder:PATH} of a location. */
    public static DatasetRef folder(String location) {
        return parse(FOLDER + location);
    }

    public boolean isFolder() {
        return folder != null;
    }

    /** A named dataset that is only ever read from a folder the user gives: {@link #IMAGENET}. */
    public boolean needsFolder() {
        return equals(IMAGENET);
    }

    /** The named dataset's entry (its files, hashes and class names). */
    public DatasetInfo info() {
        if (isFolder()) {
            throw new IllegalStateException(this + " is a folder, not a named dataset");
        }
        if (needsFolder()) {
            throw new ZooDataException("ImageNet is not downloadable: give its folder, folder:DIR with DIR/train/CLASS/... and DIR/val/CLASS/...");
        }
        return Datasets.get(name);
    }

    @Override
    public String toString() {
        return isFolder() ? FOLDER + folder : name;
    }
}
