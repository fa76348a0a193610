package io.github.classiczoo.data;

import io.github.classiczoo.data.folder.FolderSource;
import io.github.classiczoo.data.store.DataStore;

/**
 * A folder dataset with more damaged or unusable images than its store allows ({@link DataStore#withMaxDamaged}, or
 * {@link FolderSource#MAX_DAMAGED_ENV}): a front end may add how its users raise the limit.
 */
public class TooManyDamagedImagesException extends ZooDataException {

    public TooManyDamagedImagesException(String message) {
        super(message);
    }
}
