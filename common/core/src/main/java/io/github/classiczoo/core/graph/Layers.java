package io.github.classiczoo.core.graph;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The layer factories every model builds through. Changing how a convolution, pooling, normalisation or
 * dense layer is implemented (for example routing it through a faster native path) happens here, once,
 * and every model gains. Defaults are explicit: identity activation (DL4J's own default is sigmoid),
 * He-normal initialisation, bias on. {@code Activation.RELU} becomes {@link FastRelu} (DL4J's ReLU with a faster
 * backward pass).
 */
public final class Layers {

    private Layers() {
    }

    // ---------------------------------------------------------------- convolution

    /** A square {@code k×k} convolution with {@code nOut} filters, stride 1, no padding. */
    public static Conv conv(int nOut, int k) {
        return new Conv(nOut, k, k, 1, 1, 0, 0, Activation.IDENTITY.getActivationFunction(), true, WeightInit.RELU.getWeightInitFunction());
    }

    /** Convolution settings; immutable, each {@code withX} returns a copy. */
    public record Conv(int nOut, int kH, int kW, int sH, int sW, int pH, int pW, IActivation activation, boolean bias,
                       IWeightInit init) implements LayerSpec {
        public Conv stride(int s) {
            return new Conv(nOut, kH, kW, s, s, pH, pW, activation, bias, init);
        }

        public Conv pad(int p) {
            return new Conv(nOut, kH, kW, sH, sW, p, p, activation, bias, init);
        }

        public Conv activation(Activation a) {
            return activation(activationFn(a));
        }

        public Conv activation(IActivation a) {
            return new Conv(nOut, kH, kW, sH, sW, pH, pW, a, bias, init);
        }

        public Conv noBias() {
            return new Conv(nOut, kH, kW, sH, sW, pH, pW, activation, false, init);
        }

        public Conv init(IWeightInit w) {
            return new Conv(nOut, kH, kW, sH, sW, pH, pW, activation, bias, w);
        }

        @Override
        public Layer build() {
            return new ConvolutionLayer.Builder(kH, kW)
                    .stride(sH, sW)
                    .padding(pH, pW)
                    .nOut(nOut)
                    .activation(activation)
                    .hasBias(bias)
                    .weightInit(init)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .build();
        }
    }

    /** {@code n} channels or units times a width multiplier, rounded, at least 1 (the families' {@code width} knobs). */
    public static int scaled(int n, double width) {
        return Math.max(1, (int) Math.round(n * width));
    }

    // ---------------------------------------------------------------- pooling

    public static LayerSpec maxPool(int k, int stride) {
        return pool(PoolingType.MAX, k, stride, 0);
    }

    public static LayerSpec maxPool(int k, int stride, int pad) {
        return pool(PoolingType.MAX, k, stride, pad);
    }

    public static LayerSpec avgPool(int k, int stride) {
        return pool(PoolingType.AVG, k, stride, 0);
    }

    /** Max pooling whose output is ⌈input / stride⌉ (Caffe's ceil mode, as GoogLeNet's pools; DL4J's "Same" mode). */
    public static LayerSpec maxPoolCeil(int k, int stride) {
        return () -> new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(k, k)
                .stride(stride, stride)
                .convolutionMode(ConvolutionMode.Same)
                .build();
    }


    private static LayerSpec pool(PoolingType type, int k, int stride, int pad) {
        return () -> new SubsamplingLayer.Builder(type)
                .kernelSize(k, k)
                .stride(stride, stride)
                .padding(pad, pad)
                .convolutionMode(ConvolutionMode.Truncate)
                .build();
    }

    /** Global average pooling over height and width. */
    public static LayerSpec globalAvgPool() {
        return () -> new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
    }

    /** One trainable multiplier and bias per channel (a 1×1 depthwise convolution), then {@code activation}. */
    public static LayerSpec channelScale(IActivation activation, IWeightInit init) {
        return () -> new DepthwiseConvolution2D.Builder(1, 1)
                .depthMultiplier(1)
                .activation(activation)
                .weightInit(init)
                .convolutionMode(ConvolutionMode.Truncate)
                .build();
    }

    // ---------------------------------------------------------------- normalisation

    /** Batch normalisation with PyTorch's defaults (ε = 1e-5, running averages updated with momentum 0.1). */
    public static LayerSpec batchNorm() {
        return batchNorm(1e-5);
    }

    /** Batch normalisation with PyTorch's momentum 0.1 and the given ε (torchvision's GoogLeNet uses 0.001). */
    public static LayerSpec batchNorm(double eps) {
        return () -> torchDefaults(new BatchNormalization(), eps);
    }

    /** {@link #batchNorm()} then ReLU, as one layer ({@link BatchNormRelu}: no copies for the ReLU). */
    public static LayerSpec batchNormRelu() {
        return batchNormRelu(1e-5);
    }

    /** {@link #batchNorm(double)} then ReLU, as one layer. */
    public static LayerSpec batchNormRelu(double eps) {
        return () -> torchDefaults(new BatchNormRelu(), eps);
    }

    private static <T extends BatchNormalization> T torchDefaults(T bn, double eps) {
        bn.setEps(eps);
        bn.setDecay(0.9); // DL4J's "decay" is the weight of the old running value: PyTorch momentum 0.1 == decay 0.9
        return bn;
    }

    /** Local response normalisation across channels with the paper's constants (AlexNet §3.3). */
    public static LayerSpec lrn(double k, int n, double alpha, double beta) {
        return () -> new LocalResponseNormalization.Builder().k(k).n(n).alpha(alpha).beta(beta).build();
    }

    // ---------------------------------------------------------------- dense and heads

    public static Dense dense(int nOut) {
        return new Dense(nOut, Activation.IDENTITY.getActivationFunction(), WeightInit.RELU.getWeightInitFunction());
    }

    public record Dense(int nOut, IActivation activation, IWeightInit init) implements LayerSpec {
        public Dense activation(Activation a) {
            return new Dense(nOut, activationFn(a), init);
        }

        public Dense activation(IActivation a) {
            return new Dense(nOut, a, init);
        }

        public Dense init(IWeightInit w) {
            return new Dense(nOut, activation, w);
        }

        @Override
        public Layer build() {
            return new DenseLayer.Builder().nOut(nOut).activation(activation).weightInit(init).build();
        }
    }

    /** A linear classifier with softmax and cross-entropy loss. */
    public static LayerSpec softmaxOutput(int classes) {
        return softmaxOutput(classes, WeightInit.XAVIER.getWeightInitFunction());
    }

    public static LayerSpec softmaxOutput(int classes, IWeightInit init) {
        return () -> new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .weightInit(init)
                .build();
    }

    /** A softmax classifier whose cross-entropy enters the total loss multiplied by {@code lossWeight}. */
    public static LayerSpec weightedSoftmaxOutput(int classes, double lossWeight) {
        return () -> new OutputLayer.Builder(new WeightedLoss(new org.nd4j.linalg.lossfunctions.impl.LossMCXENT(), lossWeight))
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER)
                .build();
    }

    /**
     * Dropout that zeroes each activation with probability {@code dropProbability} during training, as the
     * papers state it. (DL4J's own constructor takes the probability of <em>keeping</em> an activation.)
     */
    public static LayerSpec dropout(double dropProbability) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1); got " + dropProbability);
        }
        return () -> new DropoutLayer.Builder(1.0 - dropProbability).build();
    }

    public static LayerSpec activation(Activation a) {
        return () -> new ActivationLayer.Builder().activation(activationFn(a)).build();
    }

    /** DL4J's function for {@code a}, except ReLU: {@link FastRelu}, the same function with a faster backward pass. */
    public static IActivation activationFn(Activation a) {
        return a == Activation.RELU ? new FastRelu() : a.getActivationFunction();
    }
}
