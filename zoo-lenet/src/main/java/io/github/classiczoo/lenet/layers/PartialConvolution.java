package io.github.classiczoo.lenet.layers;

import io.github.classiczoo.core.summary.CustomCost;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A valid, stride-1 convolution in which output map j sees only the input maps {@code inputsOf[j]} —
 * LeNet-5's C3 with the paper's Table I.
 *
 * <p>How: an ordinary DL4J convolution whose kernel entries outside the table are zero at initialisation
 * and are set back to zero after every update by a {@link LayerConstraint}. Because the mask is
 * element-wise, every optimiser DL4J has (SGD, momentum, Adam, ...) updates the table's weights exactly as
 * it would if the others did not exist, so the layer computes and learns the paper's function. The price:
 * the parameter array still stores the absent weights (as pinned zeros), so DL4J's own {@code numParams()}
 * counts them; the summary reports the trainable ones ({@link #trainableParams()}).
 *
 * <p>(A SameDiff layer with only the table's weights was the first design; DL4J 1.0.0-M2.1 returns twice
 * the true parameter gradient from SameDiff layers and vertices — see SameDiffGradientBugTest.)
 */
public class PartialConvolution extends ConvolutionLayer implements CustomCost {

    private int[][] inputsOf;

    /** For JSON deserialisation. */
    public PartialConvolution() {
    }

    public PartialConvolution(int[][] inputsOf, int kernel, IActivation activation, double initScale) {
        super(new ConvolutionLayer.Builder(kernel, kernel)
                .nOut(inputsOf.length)
                .activation(activation)
                .convolutionMode(ConvolutionMode.Truncate)
                .weightInit(new TableInit(inputsOf, initScale))
                .constrainWeights(new TableConstraint(inputsOf)));
        this.inputsOf = ConnectionTable.copy(inputsOf);
    }

    public int[][] getInputsOf() {
        return inputsOf;
    }

    public void setInputsOf(int[][] inputsOf) {
        this.inputsOf = inputsOf;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        super.setNIn(inputType, override);
        for (int[] in : inputsOf) {
            for (int i : in) {
                if (i < 0 || i >= getNIn()) {
                    throw new IllegalArgumentException("connection table names input map " + i + " but the input has " + getNIn() + " maps");
                }
            }
        }
    }

    @Override
    public long macs(InputType input, InputType output) {
        InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) output;
        return ConnectionTable.connections(inputsOf) * kernelArea() * out.getHeight() * out.getWidth();
    }

    @Override
    public long trainableParams() {
        return ConnectionTable.connections(inputsOf) * kernelArea() + inputsOf.length;
    }

    private long kernelArea() {
        return (long) getKernelSize()[0] * getKernelSize()[1];
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof PartialConvolution p && Arrays.deepEquals(inputsOf, p.inputsOf);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + Arrays.deepHashCode(inputsOf);
    }

    /** U(±scale/F_j) for the table's weights, F_j = |inputsOf[j]|·k² (Appendix A); zero elsewhere. */
    public static class TableInit implements IWeightInit {
        private int[][] inputsOf;
        private double scale;

        public TableInit() {
        }

        public TableInit(int[][] inputsOf, double scale) {
            this.inputsOf = ConnectionTable.copy(inputsOf);
            this.scale = scale;
        }

        public int[][] getInputsOf() {
            return inputsOf;
        }

        public void setInputsOf(int[][] inputsOf) {
            this.inputsOf = inputsOf;
        }

        public double getScale() {
            return scale;
        }

        public void setScale(double scale) {
            this.scale = scale;
        }

        @Override
        public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
            // shape is [nOut, nIn, kH, kW]; build the kernel apart, then copy it into the flat view.
            INDArray w = Nd4j.zeros(paramView.dataType(), shape);
            long k2 = shape[2] * shape[3];
            for (int j = 0; j < inputsOf.length; j++) {
                INDArray wj = Nd4j.create(paramView.dataType(), shape[1], shape[2], shape[3]);
                FanInUniform.fill(wj, scale, inputsOf[j].length * k2);
                w.get(NDArrayIndex.point(j)).assign(wj);
            }
            w.muli(ConnectionTable.mask(inputsOf, (int) shape[1], (int) shape[2], w.dataType()));
            paramView.assign(w.reshape(order, new long[] {w.length()}).reshape(paramView.shape()));
            return paramView.reshape(order, shape);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TableInit t && t.scale == scale && Arrays.deepEquals(t.inputsOf, inputsOf);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(inputsOf);
        }
    }

    /** Sets the kernel entries outside the table back to zero after each update. */
    public static class TableConstraint implements LayerConstraint {
        private int[][] inputsOf;
        private Set<String> params = new HashSet<>(Set.of(ConvolutionParamInitializer.WEIGHT_KEY));
        private transient INDArray mask;

        public TableConstraint() {
        }

        public TableConstraint(int[][] inputsOf) {
            this.inputsOf = ConnectionTable.copy(inputsOf);
        }

        public int[][] getInputsOf() {
            return inputsOf;
        }

        public void setInputsOf(int[][] inputsOf) {
            this.inputsOf = inputsOf;
        }

        @Override
        public void applyConstraint(Layer layer, int iteration, int epoch) {
            INDArray w = layer.getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            if (mask == null || !Arrays.equals(mask.shape(), w.shape()) || mask.dataType() != w.dataType()) {
                mask = ConnectionTable.mask(inputsOf, (int) w.size(1), (int) w.size(2), w.dataType());
            }
            w.muli(mask);
        }

        @Override
        public void setParams(Set<String> params) {
            this.params = params;
        }

        @Override
        public Set<String> getParams() {
            return params;
        }

        @Override
        public LayerConstraint clone() {
            return new TableConstraint(inputsOf);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TableConstraint t && Arrays.deepEquals(t.inputsOf, inputsOf);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(inputsOf);
        }
    }
}
