/**
 * The model API. A user starts from a family's typed factory ({@code ResNets}, {@code LeNets}, ...), which returns a
 * {@link io.github.classiczoo.core.model.ModelBuilder}, or by name from the
 * {@link io.github.classiczoo.core.model.ModelRegistry}, which finds every {@link io.github.classiczoo.core.model.ZooModel}
 * that a {@link io.github.classiczoo.core.model.ModelProvider} on the class path lists. Trained networks are read and
 * written as model files ({@link io.github.classiczoo.core.model.ModelFile}); shipped weights come through
 * {@link io.github.classiczoo.core.model.Pretrained}; {@link io.github.classiczoo.core.model.FineTune} gives a network a new
 * head, {@link io.github.classiczoo.core.model.Features} its intermediate outputs, and
 * {@link io.github.classiczoo.core.model.FastPath} puts it on the speed layer (zoo-native) when that is on the class path.
 * zoo-core needs only deeplearning4j-nn and nd4j-api; each family depends on zoo-core alone. Documented in docs/java.md in
 * the repository.
 */
package io.github.classiczoo.core.model;
