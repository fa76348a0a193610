package io.github.classiczoo.data;

import java.nio.file.Path;

/**
 * Which dataset a recipe or run uses: a named one of {@link Datasets} ({@code mnist}, {@code cifar10} ...) or an
 * ImageNet-style folder ({@code folder:PATH}, PATH holding train/ and val/; PATH may be a Hadoop URI such as
 * {@code hdfs://namenode/imagenet}, see {@link FileTree}). Written as that text in manifests and
 * on the command line.
 */
public record DatasetRef(String name, String folder) {

    static final String FOLDER = "folder:";

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



    public boolean isFolder() {
        return folder != null;
    }

    /** The named dataset's entry (its files, hashes and class names). */
    public DatasetInfo info() {
        if (isFolder()) {
            throw new IllegalStateException(this + " is a folder, not a named dataset");
        }
        return Datasets.get(name);
    }

    @Override
    public String toString() {
        return isFolder() ? FOLDER + folder : name;
    }
}
