/**
 * zoo-onnx: a zoo model run by ONNX Runtime on the CPU. {@link io.github.classiczoo.onnx.OnnxRuntimeModel} takes the graph
 * zoo-weights' {@link io.github.classiczoo.weights.OnnxExport} writes (from a network and its model file's info, or an
 * ONNX model already written) and, given normalised {@code [N, C, H, W]} input, returns the logits {@code [N, classes]},
 * as DL4J's engine does. Depends on zoo-core, zoo-weights and ONNX Runtime, which no family or harness module needs.
 * Documented in docs/interop.md in the repository.
 */
package io.github.classiczoo.onnx;
