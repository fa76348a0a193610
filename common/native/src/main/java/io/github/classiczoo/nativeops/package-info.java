/**
 * zoo-native, the speed layer: convolution and pooling on libnd4j's native ops and the zoo's fused batch norm, installed
 * on the layer instances of a graph (its configuration, and so any model file, stays plain DL4J). There is usually nothing
 * to call: with zoo-native on the class path, zoo-core's {@link io.github.classiczoo.core.model.FastPath} finds
 * {@link io.github.classiczoo.nativeops.NativeOps.Speed} as a service, and {@code ModelBuilder.build}, {@code ZooModel.create},
 * {@code ModelFile.load} and {@code FineTune} install it; any other graph takes one call,
 * {@link io.github.classiczoo.core.model.FastPath#install}, after {@code init()}. {@link io.github.classiczoo.nativeops.NativeOps}
 * has the switch ({@link io.github.classiczoo.nativeops.NativeOps#enabled()}) and what was installed. Depends on zoo-core
 * alone. Documented in docs/performance.md and docs/java.md ("Speed") in the repository.
 */
package io.github.classiczoo.nativeops;
