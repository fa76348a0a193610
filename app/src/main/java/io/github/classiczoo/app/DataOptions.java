package io.github.classiczoo.app;

import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.data.store.DataStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where datasets are cached and found; shared by the commands that read data ({@link DatasetOption} says which dataset).
 * {@code --data-dir} and {@code --from}, the first spellings, are kept as aliases.
 */
final class DataOptions {

    @Option(names = {"--cache", "--data-dir"}, paramLabel = "DIR",
            description = "Dataset cache (default: $" + DataStore.ENV + ", else ~/.cache/classic-zoo/data).")
    Path dataDir;

    @Option(names = {"--files", "--from"}, paramLabel = "DIR",
            description = "A directory holding a named dataset's files (raw or .gz), tried right after the cache.")
    Path from;

    @Option(names = "--max-damaged", paramLabel = "FRACTION",
            description = "Folder datasets: the fraction of images that may be damaged or unusable (left out and reported); "
                    + "more is an error (default: $" + FolderSource.MAX_DAMAGED_ENV + ", else 0.001).")
    Double maxDamaged;

    DataStore store() {
        if (maxDamaged != null && !(maxDamaged >= 0 && maxDamaged <= 1)) {
            throw new IllegalArgumentException("--max-damaged must be a fraction from 0 to 1; got " + maxDamaged);
        }
        DataStore s = new DataStore(dataDir != null ? dataDir : DataStore.defaultRoot(), msg -> System.err.println("data: " + msg));
        return maxDamaged == null ? s : s.withMaxDamaged(maxDamaged);
    }
}
