/**
 * Images on their way into a network. {@link io.github.classiczoo.core.image.Preprocessing} is where a user starts: the
 * exact transform a model file records (decoded to the model's channels, placed into its input as its evaluation placed
 * images, normalised with {@link io.github.classiczoo.core.image.Normalization}), applied to files, {@code BufferedImage}s
 * or raw pixels. {@link io.github.classiczoo.core.image.ImageFile} reads JPEG and PNG files as untrusted input (size and
 * end checked before decoding) into an {@link io.github.classiczoo.core.image.Image}; the decoder is zoo-data's when it is
 * on the class path (an {@link io.github.classiczoo.core.image.ImageDecoder} service), else the JDK's ImageIO
 * ({@link io.github.classiczoo.core.image.ImageIoDecoder}). Part of zoo-core: needs only deeplearning4j-nn and nd4j-api.
 * Documented in docs/java.md ("Preprocessing travels with the weights") in the repository.
 */
package io.github.classiczoo.core.image;
