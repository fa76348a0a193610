package io.github.classiczoo.lenet.layers;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The squashing function of LeCun et al. 1998, Appendix A: f(a) = A·tanh(S·a) with A = 1.7159 and S = 2/3,
 * so that f(±1) = ±1 and the second derivative peaks at ±1. Exact, unlike DL4J's {@code RATIONALTANH}
 * (a rational approximation of the same curve).
 */
public class LeCunTanh extends BaseActivationFunction {

    public static final double A = 1.7159;
    public static final double S = 2.0 / 3.0;

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return Transforms.tanh(in.muli(S), false).muli(A);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        // f'(a) = A·S·(1 − tanh²(S·a)); computed in place in `in`, as DL4J's activations do.
        INDArray t = Transforms.tanh(in.muli(S), false);
        INDArray dLdz = t.muli(t).rsubi(1.0).muli(A * S).muli(epsilon);
        return new Pair<>(dLdz, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeCunTanh;
    }

    @Override
    public int hashCode() {
        return LeCunTanh.class.hashCode();
    }

    @Override
    public String toString() {
        return "lecuntanh";
    }
}
