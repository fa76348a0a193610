package io.github.classiczoo.core.graph;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ONNX graph being written, as a layer sees it when it writes itself ({@link OnnxExportable}): standard operators
 * by name, constants, and the exporter's own activations. Values are named by strings; each call returns the name of
 * the value it made. The exporter (zoo-weights' {@code OnnxExport}) implements it; a layer never touches protobuf.
 */
public interface OnnxGraph {

    /**
     * One node of a standard ONNX operator (opset {@value #OPSET}) with one output. Attribute values may be
     * {@code Integer}/{@code Long}, {@code Float}/{@code Double}, {@code String}, {@code int[]}/{@code long[]} or
     * {@code float[]}.
     */
    String node(String opType, List<String> inputs, Map<String, Object> attributes);

    /** A constant tensor (float arrays are written as float32), stored with the graph's initialisers. */
    String constant(INDArray value);

    /** {@code fn} applied to {@code input}, as the exporter writes DL4J's activations. */
    String activation(IActivation fn, String input);

    /** The operator set the graph declares (ONNX Runtime 1.20 runs it). */
    int OPSET = 17;
}
