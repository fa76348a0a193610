/**
 * zoo-lenet-weights: the LeNet family's trained weights, each from one run of a committed recipe, shipped as class-path
 * resources beside {@link io.github.classiczoo.lenet.weights.LeNetWeights}, which pins their sizes and SHA-256s and is
 * registered as a {@link io.github.classiczoo.core.model.Pretrained.Provider}. There is nothing to call here: with this
 * artifact on the class path, {@code LeNets.lenet5().pretrained("mnist")},
 * {@link io.github.classiczoo.core.model.Pretrained#get(String, String)} and {@code MODEL@NAME} references such as
 * {@code lenet5@mnist} find the weights, checked before every load. Depends on zoo-lenet and zoo-core. Documented in
 * docs/java.md ("Pretrained weights") and docs/models.md ("Shipped weights") in the repository.
 */
package io.github.classiczoo.lenet.weights;
