package io.github.classiczoo.nativeops;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's {@link MKLDNNConvHelper} (libnd4j's {@code conv2d}/{@code conv2d_bp}, oneDNN-backed) with two pieces of
 * work it does for nothing removed.
 *
 * <p><b>The forward convolution again in the backward pass.</b> DL4J's {@code ConvolutionLayer.backpropGradient}
 * first recomputes the layer's pre-activation output (to differentiate the activation function) unless
 * {@code CacheMode} keeps a copy of every one of them. When the activation is the identity (every convolution
 * followed by batch norm) the recomputed output is never read; when it is ReLU, the forward pass's activated output
 * gives the same derivative mask ({@code relu(z) > 0} exactly where {@code z > 0}). So for those two activations,
 * when DL4J asks again inside backpropagation, this helper hands back the array it produced in the training forward
 * pass (still alive in DL4J's all-layers activation workspace) instead of convolving again. The backpropagation
 * context is recognised by DL4J's workspace manager: it maps activations to its working-memory workspace there and
 * to the all-layers workspace in a training forward pass; anything else (no workspaces, inference) convolves.
 *
 * <p><b>The gradient for the network's input.</b> For a convolution fed directly by the network input (and nothing
 * else reading that input), nobody uses the gradient with respect to the images, yet {@code conv2d_bp} always
 * computes it; for LeNet's first layer that is most of its backward time. With stride 1 and no dilation the weight
 * gradient is itself a convolution of the input with the output gradient (batch as channels), which is what this
 * helper computes then, returning no input gradient (as DL4J's embedding layers do; M2.1's {@code ComputationGraph}
 * has no call that hands the gradient for its inputs to the caller anyway). Other strides use {@code conv2d_bp}.
 *
 * <p>{@code NativeOpsTest} and zoo-resnet's {@code NativePathTest} hold the results to DL4J's reference path.
 */
final class ZooConvHelper extends MKLDNNConvHelper {

    // DL4J's ComputationGraph workspace names (protected constants there): training forward / inside backprop
    private static final String WS_FORWARD = "WS_ALL_LAYERS_ACT";
    private static final String WS_BACKPROP = "WS_LAYER_WORKING_MEM";

    private final boolean reuseForward;
    private final boolean skipInputGradient;
    private INDArray lastForward; // this layer's output from the last training forward pass, until backprop takes it
    int forwardsReused;           // counters for tests: the two shortcuts did engage
    int weightsOnlyBackwards;

    ZooConvHelper(DataType dataType, boolean reuseForward, boolean skipInputGradient) {
        super(dataType);
        this.reuseForward = reuseForward;
        this.skipInputGradient = skipInputGradient;
    }

    private static String activationsWorkspace(LayerWorkspaceMgr mgr) {
        return mgr.hasConfiguration(ArrayType.ACTIVATIONS) && !mgr.isScopedOut(ArrayType.ACTIVATIONS)
                ? mgr.getWorkspaceName(ArrayType.ACTIVATIONS) : null;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              ConvolutionLayer.AlgoMode mode, ConvolutionLayer.FwdAlgo fwdAlgo, ConvolutionMode convolutionMode,
                              int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        String ws = reuseForward ? activationsWorkspace(workspaceMgr) : null;
        if (WS_BACKPROP.equals(ws) && lastForward != null && lastForward.size(0) == input.size(0)) {
            INDArray out = lastForward;
            lastForward = null;
            forwardsReused++;
            return out;
        }
        INDArray out = super.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation, format, workspaceMgr);
        lastForward = WS_FORWARD.equals(ws) ? out : null;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta, int[] kernel,
                                                     int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView,
                                                     IActivation afn, ConvolutionLayer.AlgoMode mode, ConvolutionLayer.BwdFilterAlgo bwdFilterAlgo,
                                                     ConvolutionLayer.BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
                                                     int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        lastForward = null;
        boolean weightsOnly = skipInputGradient && format == CNN2DFormat.NCHW && convolutionMode != ConvolutionMode.Same
                && strides[0] == 1 && strides[1] == 1 && dilation[0] == 1 && dilation[1] == 1
                && input.dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT;
        if (!weightsOnly) {
            return super.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView, weightGradView, afn, mode,
                    bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format, workspaceMgr);
        }
        // dW[o, c, i, j] = Σ_b Σ_{y,x} x_pad[b, c, y + i, x + j] · δ[b, o, y, x]: a convolution of the input seen as
        // [c, b, H, W] (batch as channels) with δ seen as [o, b, outH, outW] (a kernel of the output's size), giving [c, o, kH, kW]
        long b = input.size(0), c = input.size(1), o = delta.size(1), oh = delta.size(2), ow = delta.size(3);
        INDArray xT = c == 1 ? NativeOps.contiguous(input).reshape('c', 1, b, input.size(2), input.size(3)) : input.permute(1, 0, 2, 3).dup('c');
        INDArray dT = delta.permute(1, 0, 2, 3).dup('c');
        INDArray dwT = Nd4j.createUninitialized(input.dataType(), c, o, kernel[0], kernel[1]);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(xT, dT).addOutputs(dwT)
                .addIntegerArguments((int) oh, (int) ow, 1, 1, pad[0], pad[1], 1, 1, 0, 0, 1).build());
        weightGradView.assign(dwT.permute(1, 0, 2, 3));
        Gradient g = new DefaultGradient();
        if (biasGradView != null) {
            INDArray db = NativeOps.contiguous(delta).reshape('c', b, o, oh * ow).sum(2).sum(0);
            biasGradView.assign(db.reshape(biasGradView.shape()));
            g.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        weightsOnlyBackwards++;
        return new Pair<>(g, null);
    }
}
