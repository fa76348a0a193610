/**
 * zoo-googlenet: Szegedy et al. 2014's network as Table 1 gives it, with LRN and the two auxiliary classifiers
 * ({@link io.github.classiczoo.googlenet.GoogLeNet}), and torchvision's batch-norm layout with its module paths as vertex
 * names ({@link io.github.classiczoo.googlenet.GoogLeNetTorchvision}). A user starts from
 * {@link io.github.classiczoo.googlenet.GoogLeNets}, whose factories return a
 * {@link io.github.classiczoo.core.model.ModelBuilder}; {@link io.github.classiczoo.googlenet.GoogLeNetFamily} registers both
 * models with zoo-core's registry. Depends on zoo-core alone. Documented in docs/java.md and docs/models.md in the repository.
 */
package io.github.classiczoo.googlenet;
