package io.github.classiczoo.data.store;

import io.github.classiczoo.data.ZooDataException;

/**
 * A named dataset that cannot be read: not found in any source ({@link DataStore#fetch}), or failing verification in the
 * cache. The message says what was tried and what to do in the library's terms; {@link #dataset()} lets a front end add its
 * own (the zoo command names {@code zoo data fetch} and {@code --from}).
 */
public class DatasetUnavailableException extends ZooDataException {

    private final transient DatasetInfo dataset;

    public DatasetUnavailableException(DatasetInfo dataset, String message) {
        super(message);
        this.dataset = dataset;
    }

    public DatasetInfo dataset() {
        return dataset;
    }
}
