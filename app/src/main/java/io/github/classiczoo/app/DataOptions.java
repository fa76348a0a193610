package io.github.classiczoo.app;

import io.github.classiczoo.data.DataStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where datasets are cached and found; shared by the commands that read data. */
final class DataOptions {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Dataset cache (default: $" + DataStore.ENV + ", else ~/.cache/classic-zoo/data).")
    Path dataDir;

    @Option(names = "--from", paramLabel = "DIR",
            description = "A directory holding the dataset's files (raw or .gz), tried right after the cache.")
    Path from;

    DataStore store() {
        return new DataStore(dataDir != null ? dataDir : DataStore.defaultRoot(), msg -> System.err.println("data: " + msg));
    }
}
