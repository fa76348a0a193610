/**
 * How a model's graph is written: {@link io.github.classiczoo.core.graph.ZooGraph}, a name-returning wrapper over DL4J's
 * graph builder that applies the harness's defaults once, and {@link io.github.classiczoo.core.graph.Layers}, the layer
 * factories every model builds through ({@link io.github.classiczoo.core.graph.LayerSpec}). Beside them are the zoo's own
 * layer classes the definitions use: {@link io.github.classiczoo.core.graph.BatchNormRelu},
 * {@link io.github.classiczoo.core.graph.AddRelu}, {@link io.github.classiczoo.core.graph.FastRelu} and
 * {@link io.github.classiczoo.core.graph.WeightedLoss}, which a model file may hold, so they load wherever zoo-core does.
 * A layer of a model's own says how it is written in ONNX by implementing
 * {@link io.github.classiczoo.core.graph.OnnxExportable} ({@link io.github.classiczoo.core.graph.OnnxGraph} is the graph it
 * writes to). Part of zoo-core: needs only deeplearning4j-nn and nd4j-api.
 */
package io.github.classiczoo.core.graph;
