/**
 * The layers of LeCun et al. 1998 that DL4J does not have, used by the LeNet definitions and read from their model files:
 * LeNet-5's C3 with Table I's connections ({@link io.github.classiczoo.lenet.layers.PartialConvolution},
 * {@link io.github.classiczoo.lenet.layers.ConnectionTable}), its Euclidean RBF output with fixed codes and the paper's loss
 * ({@link io.github.classiczoo.lenet.layers.EuclideanRbfOutput}), the squashing function
 * ({@link io.github.classiczoo.lenet.layers.LeCunTanh}), Appendix A's initialisation
 * ({@link io.github.classiczoo.lenet.layers.FanInUniform}) and the logarithm that ends boosted LeNet-4
 * ({@link io.github.classiczoo.lenet.layers.Log}). Users rarely touch them directly: the factories in
 * {@link io.github.classiczoo.lenet.LeNets} build with them.
 */
package io.github.classiczoo.lenet.layers;
