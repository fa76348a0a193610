package io.github.classiczoo.lenet.layers;

import io.github.classiczoo.core.graph.OnnxExportable;
import io.github.classiczoo.core.graph.OnnxGraph;
import java.util.List;
import java.util.Map;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The natural logarithm as an activation: boosted LeNet-4 takes the log of its three nets' mean class probabilities, so
 * that its output softmax gives that mean back exactly and its logits are log-probabilities (inputs must be positive,
 * as probabilities are).
 */
public class Log extends BaseActivationFunction implements OnnxExportable {

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return Transforms.log(in, false); // in place, as DL4J's activations: ActivationLayer hands over its own copy
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        return new Pair<>(epsilon.div(in), null); // d log(x)/dx = 1/x
    }

    @Override
    public String toOnnx(OnnxGraph g, String input, Map<String, INDArray> params) {
        return g.node("Log", List.of(input), Map.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Log;
    }

    @Override
    public int hashCode() {
        return Log.class.hashCode();
    }

    @Override
    public String toString() {
        return "log";
    }
}
