package io.github.classiczoo.lenet.layers;

import io.github.classiczoo.core.graph.OnnxExportable;
import io.github.classiczoo.core.graph.OnnxGraph;
import io.github.classiczoo.core.summary.CustomCost;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeNet-5's output layer (LeCun et al. 1998, §II.B, eq. 7): one Euclidean RBF unit per class,
 * y_i = Σ_j (x_j − w_ij)², whose parameter vectors w_i are fixed ±1 codes, not trained.
 *
 * <p>Loss: the paper's discriminative criterion (eq. 9), per example
 * E = y_D + log(e^−j + Σ_i e^−y_i), D the correct class and j a positive constant (a "rubbish class"
 * that keeps the penalties from being pushed up without bound). The loss is summed over the minibatch;
 * DL4J divides gradients by the batch size.
 *
 * <p>Activations (what {@code output()} returns) are −y, so the largest activation is the nearest code
 * and top-k accuracy works as for any classifier.
 */
public class EuclideanRbfOutput extends SameDiffOutputLayer implements CustomCost, OnnxExportable {

    private double[][] codes;
    private double j = 10.0;

    /** For JSON deserialisation. */
    public EuclideanRbfOutput() {
    }

    public EuclideanRbfOutput(double[][] codes, double j) {
        this.codes = codes;
        this.j = j;
    }

    public double[][] getCodes() {
        return codes;
    }

    public void setCodes(double[][] codes) {
        this.codes = codes;
    }

    public double getJ() {
        return j;
    }

    public void setJ(double j) {
        this.j = j;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, SDVariable labels, Map<String, SDVariable> params) {
        INDArray c = Nd4j.create(codes).castTo(x.dataType());                       // [classes, n]
        SDVariable wT = sd.constant("codesT", c.transpose().dup());                // [n, classes]
        SDVariable ww = sd.constant("codeNorms", c.mul(c).sum(1).reshape(1, codes.length)); // ||w_i||²
        // ||x − w_i||² = ||x||² − 2·x·w_i + ||w_i||²
        SDVariable xx = x.mul(x).sum(true, 1);
        SDVariable y = xx.sub(x.mmul(wT).mul(2.0)).add(ww);
        sd.math.neg("scores", y);
        // eq. 9; y ≥ 0 and j > 0, so every exponent is ≤ 0 and nothing overflows.
        SDVariable competitive = sd.math.log(sd.math.exp(y.neg()).sum(true, 1).add(Math.exp(-j)));
        SDVariable perExample = labels.mul(y).sum(true, 1).add(competitive);
        SDVariable loss = perExample.sum();
        sd.setLossVariables(loss); // "scores" is a leaf too; say which one is minimised
        return loss;
    }

    /**
     * The network's layer: {@link EuclideanRbfOutputImpl}, this definition as plain array operations (no SameDiff session
     * per call); the SameDiff definition above stays the specification it is checked against (CustomLayersTest).
     */
    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners, int layerIndex, INDArray view,
            boolean initializeParams, org.nd4j.linalg.api.buffer.DataType dataType) {
        EuclideanRbfOutputImpl l = new EuclideanRbfOutputImpl(conf, dataType, codes, j);
        l.setIndex(layerIndex);
        l.setParamsViewArray(view);
        l.setParamTable(initializer().init(conf, view, initializeParams));
        l.setConf(conf);
        return l;
    }

    @Override
    public String activationsVertexName() {
        return "scores";
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear(); // the codes are constants, not parameters
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return InputType.feedForward(codes.length);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        long n = inputType.arrayElementsPerExample();
        if (n != codes[0].length) {
            throw new IllegalArgumentException("RBF codes have " + codes[0].length + " components but the layer's input has " + n);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        if (inputType instanceof InputType.InputTypeConvolutional c) {
            return new CnnToFeedForwardPreProcessor(c.getHeight(), c.getWidth(), c.getChannels());
        }
        return null;
    }

    @Override
    public long macs(InputType input, InputType output) {
        return (long) codes.length * codes[0].length;
    }

    @Override
    public long trainableParams() {
        return 0;
    }

    /**
     * The activations (−y: negated eq. 7 distances to the codes) as {@code EuclideanRbfOutputImpl} computes them, in the
     * same order: y = ‖x‖² − 2·x·Wᵀ + ‖w‖². The loss is training-only and not written.
     */
    @Override
    public String toOnnx(OnnxGraph g, String input, Map<String, INDArray> params) {
        INDArray c = Nd4j.create(codes).castTo(DataType.FLOAT);                     // [classes, n]
        String xx = g.node("ReduceSumSquare", List.of(input), Map.of("axes", new long[] {1}, "keepdims", 1));
        String xw = g.node("MatMul", List.of(input, g.constant(c.transpose().dup())), Map.of());
        String twice = g.node("Mul", List.of(xw, g.constant(Nd4j.scalar(DataType.FLOAT, 2f))), Map.of());
        String y = g.node("Add", List.of(g.node("Sub", List.of(xx, twice), Map.of()),
                g.constant(c.mul(c).sum(1).reshape(1, codes.length))), Map.of());
        return g.node("Neg", List.of(y), Map.of());
    }
}
