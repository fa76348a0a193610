/**
 * zoo-alexnet: Krizhevsky et al. 2012's network with its two-GPU split as two towers
 * ({@link io.github.classiczoo.alexnet.AlexNet}) and torchvision's one-tower layout, whose vertex names are its module paths
 * so that its weights import by name ({@link io.github.classiczoo.alexnet.AlexNetTorchvision}). A user starts from
 * {@link io.github.classiczoo.alexnet.AlexNets}, whose factories return a {@link io.github.classiczoo.core.model.ModelBuilder};
 * {@link io.github.classiczoo.alexnet.AlexNetFamily} registers both models with zoo-core's registry. Depends on zoo-core
 * alone. Documented in docs/java.md and docs/models.md in the repository.
 */
package io.github.classiczoo.alexnet;
