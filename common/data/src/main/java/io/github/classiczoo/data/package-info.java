/**
 * zoo-data's common ground: labelled images as {@link io.github.classiczoo.data.ImageSource}, held in memory as an
 * {@link io.github.classiczoo.data.ImageSet} (MNIST, CIFAR) or decoded on request from a folder; a dataset's
 * {@link io.github.classiczoo.data.Split}s; {@link io.github.classiczoo.data.StoredImage}, one image as it travels to a Spark
 * executor; and {@link io.github.classiczoo.data.ZooDataException}, a data problem a user can act on. The other packages
 * of zoo-data build on this one: {@code data.formats} and {@code data.folder} read files into image sources,
 * {@code data.pipeline} turns them into minibatches, and {@code data.store} finds and verifies the files. zoo-data depends
 * on zoo-core and DataVec (its image module, for OpenCV, is used by no other module). Documented in docs/training.md in the
 * repository.
 */
package io.github.classiczoo.data;
