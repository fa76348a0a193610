package io.github.classiczoo.core.graph;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer configuration or activation function of the zoo's own that says how its inference function is written in
 * standard ONNX operators. DL4J's layers are known to the exporter; a new kind of layer implements this, next to its
 * definition, instead of teaching the exporter about it.
 */
public interface OnnxExportable {

    /**
     * Writes this layer's inference output for {@code input} into {@code g} and returns the output's name.
     *
     * @param params the layer's parameters by DL4J's keys ({@code W}, {@code b}, ...); empty for an activation
     */
    String toOnnx(OnnxGraph g, String input, Map<String, INDArray> params);
}
