package io.github.classiczoo.lenet.layers;

import io.github.classiczoo.common.summary.CustomCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A valid, stride-1 convolution in which output map j sees only the input maps listed in
 * {@code inputsOf[j]} — LeNet-5's C3 with the connection table of the paper's Table I. Weights exist only
 * for the listed connections (one {@code k×k} kernel per connection) plus one bias per output map, then the
 * squashing function. A full table makes this an ordinary convolution.
 */
public class PartialConvolution extends SameDiffLayer implements CustomCost {

    private int[][] inputsOf;
    private int kernel;
    private int nIn;

    /** For JSON deserialisation. */
    public PartialConvolution() {
    }

    public PartialConvolution(int[][] inputsOf, int kernel) {
        this.inputsOf = inputsOf;
        this.kernel = kernel;
    }

    public int[][] getInputsOf() {
        return inputsOf;
    }

    public void setInputsOf(int[][] inputsOf) {
        this.inputsOf = inputsOf;
    }

    public int getKernel() {
        return kernel;
    }

    public void setKernel(int kernel) {
        this.kernel = kernel;
    }

    public int getNIn() {
        return nIn;
    }

    public void setNIn(int nIn) {
        this.nIn = nIn;
    }

    public int nOut() {
        return inputsOf.length;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        Conv2DConfig conv = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).build();
        List<SDVariable> maps = new ArrayList<>();
        for (int j = 0; j < inputsOf.length; j++) {
            SDVariable xj = sd.gather(x, inputsOf[j], 1);
            // stored as [out=1, in, kH, kW]; SameDiff's conv2d wants [kH, kW, in, out]
            SDVariable w = params.get(weightKey(j)).permute(2, 3, 1, 0);
            maps.add(sd.cnn.conv2d(xj, w, conv));
        }
        SDVariable z = sd.concat(1, maps.toArray(new SDVariable[0]));
        return Squash.apply(sd, z.add(params.get("b").reshape(1, inputsOf.length, 1, 1)));
    }

    private static String weightKey(int j) {
        return "W" + j;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        for (int j = 0; j < inputsOf.length; j++) {
            params.addWeightParam(weightKey(j), 1, inputsOf[j].length, kernel, kernel);
        }
        params.addBiasParam("b", 1, inputsOf.length);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray b = params.get("b");
        for (int j = 0; j < inputsOf.length; j++) {
            int fanIn = inputsOf[j].length * kernel * kernel;
            FanInUniform.fill(params.get(weightKey(j)), 2.4, fanIn);
            FanInUniform.fill(b.get(NDArrayIndex.point(0), NDArrayIndex.point(j)), 2.4, fanIn);
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
        return InputType.convolutional(in.getHeight() - kernel + 1, in.getWidth() - kernel + 1, inputsOf.length);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("partial convolution needs image input (C×H×W); got " + inputType);
        }
        int channels = (int) c.getChannels();
        for (int[] in : inputsOf) {
            for (int i : in) {
                if (i < 0 || i >= channels) {
                    throw new IllegalArgumentException("connection table names input map " + i + " but the input has " + channels + " maps");
                }
            }
        }
        nIn = channels;
    }

    @Override
    public long macs(InputType input, InputType output) {
        InputType.InputTypeConvolutional out = (InputType.InputTypeConvolutional) output;
        return connections() * kernel * kernel * out.getHeight() * out.getWidth();
    }

    @Override
    public long trainableParams() {
        return connections() * kernel * kernel + inputsOf.length;
    }

    private long connections() {
        long n = 0;
        for (int[] in : inputsOf) {
            n += in.length;
        }
        return n;
    }
}
