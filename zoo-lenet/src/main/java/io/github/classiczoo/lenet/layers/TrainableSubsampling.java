package io.github.classiczoo.lenet.layers;

import io.github.classiczoo.common.summary.CustomCost;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * LeNet-5's subsampling layers S2 and S4 (LeCun et al. 1998, §II.B): per feature map, the four inputs of each
 * non-overlapping 2×2 block are added, multiplied by a trainable coefficient, a trainable bias is added, and
 * the result goes through the squashing function. Two parameters per map.
 */
public class TrainableSubsampling extends SameDiffLayer implements CustomCost {

    private int channels;
    private int kernel = 2;

    /** For JSON deserialisation. */
    public TrainableSubsampling() {
    }

    public TrainableSubsampling(int kernel) {
        this.kernel = kernel;
    }

    public int getChannels() {
        return channels;
    }

    public void setChannels(int channels) {
        this.channels = channels;
    }

    public int getKernel() {
        return kernel;
    }

    public void setKernel(int kernel) {
        this.kernel = kernel;
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(kernel).kW(kernel).sH(kernel).sW(kernel).isNHWC(false).build();
        SDVariable sum = sd.cnn.avgPooling2d(x, pool).mul((double) kernel * kernel);
        SDVariable coef = params.get("W").reshape(1, channels, 1, 1);
        SDVariable bias = params.get("b").reshape(1, channels, 1, 1);
        return Squash.apply(sd, sum.mul(coef).add(bias));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam("W", 1, channels);
        params.addBiasParam("b", 1, channels);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        // Appendix A: U(±2.4/F) with F = the unit's fan-in (the 2×2 inputs).
        FanInUniform.fill(params.get("W"), 2.4, kernel * kernel);
        FanInUniform.fill(params.get("b"), 2.4, kernel * kernel);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) inputType;
        return InputType.convolutional(in.getHeight() / kernel, in.getWidth() / kernel, in.getChannels());
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("trainable subsampling needs image input (C×H×W); got " + inputType);
        }
        if (channels == 0 || override) {
            channels = (int) c.getChannels();
        }
    }

    @Override
    public long macs(InputType input, InputType output) {
        return output.arrayElementsPerExample(); // one multiply by the map's coefficient per output
    }

    @Override
    public long trainableParams() {
        return 2L * channels;
    }
}
