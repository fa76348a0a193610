package io.github.classiczoo.core.graph;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A loss multiplied by a constant: score and gradient alike. GoogLeNet adds its auxiliary classifiers' losses
 * "with a discount weight (0.3)" (§5); DL4J sums the losses of a graph's outputs with weight 1.
 */
public class WeightedLoss implements ILossFunction {

    private ILossFunction inner = new LossMCXENT();
    private double weight = 1;

    /** For JSON deserialisation. */
    public WeightedLoss() {
    }

    public WeightedLoss(ILossFunction inner, double weight) {
        this.inner = inner;
        this.weight = weight;
    }

    public ILossFunction getInner() {
        return inner;
    }

    public void setInner(ILossFunction inner) {
        this.inner = inner;
    }

    public double getWeight() {
        return weight;
    }

    public void setWeight(double weight) {
        this.weight = weight;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
        return weight * inner.computeScore(labels, preOutput, fn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
        return inner.computeScoreArray(labels, preOutput, fn, mask).muli(weight);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
        return inner.computeGradient(labels, preOutput, fn, mask).muli(weight);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
        Pair<Double, INDArray> p = inner.computeGradientAndScore(labels, preOutput, fn, mask, average);
        return new Pair<>(weight * p.getFirst(), p.getSecond().muli(weight));
    }

    @Override
    public String name() {
        return weight + "×" + inner.name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightedLoss w && w.weight == weight && w.inner.equals(inner);
    }

    @Override
    public int hashCode() {
        return inner.hashCode() * 31 + Double.hashCode(weight);
    }

    @Override
    public String toString() {
        return name();
    }
}
