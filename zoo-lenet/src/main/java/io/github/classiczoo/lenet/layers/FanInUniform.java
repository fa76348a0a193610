package io.github.classiczoo.lenet.layers;

import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeCun et al. 1998, Appendix A: weights drawn uniformly from [−2.4/F, 2.4/F], F the fan-in of the unit.
 * {@code fanIn = 0} takes DL4J's fan-in for the layer; a positive value overrides it, for layers whose
 * units see more inputs than DL4J's formula counts (a subsampling unit sees its 2×2 block).
 */
public class FanInUniform implements IWeightInit {

    private double scale = 2.4;
    private double fanIn;

    /** For JSON deserialisation. */
    public FanInUniform() {
    }

    public FanInUniform(double scale, double fanIn) {
        this.scale = scale;
        this.fanIn = fanIn;
    }

    public double getScale() {
        return scale;
    }

    public void setScale(double scale) {
        this.scale = scale;
    }

    public double getFanIn() {
        return fanIn;
    }

    public void setFanIn(double fanIn) {
        this.fanIn = fanIn;
    }

    /** Fills {@code target} with U(−scale/fanIn, scale/fanIn) from ND4J's seeded generator. */
    public static void fill(INDArray target, double scale, double fanIn) {
        double a = scale / fanIn;
        target.assign(Nd4j.rand(target.dataType(), target.shape()).muli(2 * a).subi(a));
    }

    @Override
    public INDArray init(double layerFanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        fill(paramView, scale, fanIn > 0 ? fanIn : layerFanIn);
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FanInUniform f && f.scale == scale && f.fanIn == fanIn;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(scale) * 31 + Double.hashCode(fanIn);
    }

    @Override
    public String toString() {
        return "FanInUniform(" + scale + (fanIn > 0 ? ", fanIn=" + fanIn : "") + ")";
    }
}
