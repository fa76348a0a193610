package io.github.classiczoo.lenet.layers;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeCun et al. 1998, Appendix A: weights drawn uniformly from [−2.4/F, 2.4/F], F the fan-in of the unit.
 * The constant is a field so it serialises with the configuration.
 */
public class FanInUniform implements IWeightInit {

    private double scale;

    public FanInUniform() {
        this(2.4);
    }

    public FanInUniform(double scale) {
        this.scale = scale;
    }

    public double getScale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    /** Fills {@code target} with U(−scale/fanIn, scale/fanIn) from ND4J's (seeded) random generator. */
    public static void fill(INDArray target, double scale, double fanIn) {
        double a = scale / fanIn;
        target.assign(Nd4j.rand(target.dataType(), target.shape()).muli(2 * a).subi(a));
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        fill(paramView, scale, fanIn);
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FanInUniform f && f.scale == scale;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(scale);
    }

    @Override
    public String toString() {
        return "FanInUniform(" + scale + ")";
    }
}
