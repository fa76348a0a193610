package io.github.classiczoo.app;

import io.github.classiczoo.data.store.DatasetRef;
import picocli.CommandLine.Option;

/**
 * Which dataset a command reads, in one vocabulary for {@code train}, {@code reproduce}, {@code eval} and
 * {@code search}: {@code --dataset NAME|folder:DIR}, or {@code --data DIR} for a folder. Where the datasets are cached
 * and found is {@link DataOptions}.
 */
final class DatasetOption {

    @Option(names = "--dataset", paramLabel = "D", description = "A named dataset (mnist, fashion-mnist, cifar10, cifar100) or folder:DIR "
            + "(DIR/train and DIR/val, one sub-folder per class; a Hadoop URI such as hdfs://... is read too).")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "Same as --dataset folder:DIR.")
    String folder;

    /** The dataset given, or null if none was. */
    DatasetRef ref() {
        if (dataset != null && folder != null) {
            throw new IllegalArgumentException("--dataset and --data both name the dataset; give one");
        }
        if (folder != null) {
            if (folder.isBlank()) {
                throw new IllegalArgumentException("--data needs a folder, e.g. --data /data/imagenet");
            }
            return DatasetRef.folder(folder);
        }
        return dataset == null ? null : DatasetRef.parse(dataset);
    }

    /** The dataset given, or an error saying one is needed ({@code why}: for what). */
    DatasetRef required(String why) {
        DatasetRef r = ref();
        if (r == null) {
            throw new IllegalArgumentException(why + ": give --dataset D (mnist, fashion-mnist, cifar10, cifar100 or folder:DIR) or --data DIR");
        }
        return r;
    }

    /**
     * Makes a relative folder dataset absolute against {@code cwd} (the driver's working directory: a Spark executor's is
     * elsewhere); a named dataset, an absolute folder or a Hadoop URI is left as it is.
     */
    void resolveAgainst(java.nio.file.Path cwd) {
        DatasetRef d = ref();
        if (d == null || !d.isFolder()) {
            return;
        }
        String at = d.folder();
        if (!io.github.classiczoo.data.folder.FileTree.URI.matcher(at).matches() && !java.nio.file.Path.of(at).isAbsolute()) {
            dataset = DatasetRef.folder(cwd.resolve(at).toString()).toString();
            folder = null;
        }
    }
}
