/**
 * Readers of the datasets' file formats, each checking a file against what its header announces:
 * {@link io.github.classiczoo.data.formats.IdxReader} (MNIST and Fashion-MNIST, raw or gzipped) and
 * {@link io.github.classiczoo.data.formats.CifarReader} (CIFAR-10 and CIFAR-100 binaries), both giving an
 * {@link io.github.classiczoo.data.ImageSet}; and {@link io.github.classiczoo.data.formats.OpenCvDecoder}, the image decoder
 * the zoo trains with (libjpeg and libpng through OpenCV, Pillow's pixels), which
 * {@link io.github.classiczoo.core.image.ImageFile} uses whenever zoo-data is on the class path. Most users reach these
 * through {@link io.github.classiczoo.data.store.DataStore} rather than directly.
 */
package io.github.classiczoo.data.formats;
