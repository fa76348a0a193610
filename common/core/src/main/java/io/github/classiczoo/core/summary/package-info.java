/**
 * A model's per-vertex output shapes, trainable parameters and multiply-accumulates, computed from its configuration alone:
 * {@link io.github.classiczoo.core.summary.ModelSummary} (start from
 * {@link io.github.classiczoo.core.summary.ModelSummary#of(io.github.classiczoo.core.model.ZooModel)}), with the papers'
 * and torchvision's counting conventions. A custom layer whose cost DL4J's layer types do not reveal reports it through
 * {@link io.github.classiczoo.core.summary.CustomCost}. Part of zoo-core: needs only deeplearning4j-nn and nd4j-api.
 */
package io.github.classiczoo.core.summary;
