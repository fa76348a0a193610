package io.github.classiczoo.core.graph;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation followed by ReLU, as one layer: the "BN → ReLU" that follows nearly every convolution in
 * ResNet and torchvision's GoogLeNet. Same parameters, same function as DL4J's {@link BatchNormalization} layer with
 * an {@code ActivationLayer(RELU)} after it (DL4J's own batch-norm layer ignores its activation), and every tool that
 * knows batch norm (summaries, torchvision weights, the native helper) sees it as one, since it is a subclass.
 *
 * <p>Why a layer of its own: DL4J's {@code ActivationLayer} copies its input in the forward pass (to keep it for
 * backprop) and again in the backward pass, so every BN → ReLU pair held two full-size activations and made four
 * passes over them. Here the ReLU runs in place on the batch-norm output, and the backward pass masks the incoming
 * gradient with that output ({@code y > 0} exactly where the pre-activation is). Like DL4J's own layers, which keep
 * their inputs for backprop, it relies on its output being left unchanged until the backward pass.
 * {@code FusedLayersTest} holds it to the two-layer original, forward and gradients, with and without the native
 * helpers.
 */
public class BatchNormRelu extends BatchNormalization {

    /** Defaults as DL4J's batch norm; JSON deserialisation also comes through here. */
    public BatchNormRelu() {
        super();
        setActivationFn(new ActivationReLU());
    }

    @Override
    public BatchNormRelu clone() {
        return (BatchNormRelu) super.clone();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        if (getNOut() <= 0) {
            throw new IllegalStateException("BatchNormRelu '" + getLayerName() + "': number of channels (nOut) not set");
        }
        if (isLockGammaBeta()) {
            // DL4J's layer then returns its normalised input itself, which the in-place ReLU would overwrite.
            throw new IllegalStateException("BatchNormRelu '" + getLayerName() + "' needs learned gamma and beta (lockGammaBeta is set)");
        }
        Impl layer = new Impl(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** The layer itself: DL4J's batch normalisation (with whatever helper is installed on it), then ReLU. */
    public static final class Impl extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {

        private INDArray output; // the ReLU output of the last training forward pass, for the backward mask

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray y = super.activate(training, workspaceMgr);
            Nd4j.exec(new RectifiedLinear(y, y));
            output = training ? y : null;
            return y;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return super.backpropGradient(FastRelu.maskedByOutput(output, epsilon, workspaceMgr, layerId()), workspaceMgr);
        }

        @Override
        public void clear() {
            super.clear();
            output = null;
        }
    }
}
