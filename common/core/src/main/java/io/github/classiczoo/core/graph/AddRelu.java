package io.github.classiczoo.core.graph;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code relu(a + b + ...)} over same-shaped inputs, as one graph vertex: the end of every residual block. Same function
 * as DL4J's {@code ElementWiseVertex(Add)} followed by an {@code ActivationLayer(RELU)}.
 *
 * <p>Why: those two cost four whole-tensor passes and two arrays forward (copy, add, copy, ReLU) and four passes and
 * four arrays backward (a copy of the gradient per input, the activation layer's copy of its input, the derivative). Here the
 * forward pass is one add into the output and a ReLU in place; the backward pass masks the gradient with the output
 * once and gives each further input its own copy (DL4J adds later gradients into an input's array in place, so two
 * inputs must not share one). Like DL4J's own layers, which keep their inputs for backprop, it relies on its output
 * being left unchanged until the backward pass.
 *
 * <p>In training it adds into one of its inputs instead of a new array when nothing else can read that input, as
 * PyTorch's ResNet does with {@code out += identity}: the input must come from DL4J's batch-norm layer (whose backward
 * pass reads its own input and batch statistics, never its output), feed this vertex alone, not be a network output,
 * and live in the workspace this vertex's output would go to (true in the training pass, where every activation stays
 * until the backward pass; not in DL4J's layer-by-layer inference, which frees each input once read). That is a
 * residual block's last batch norm: one full-size array less per block (ResNet-50 at batch 32: 0.7 GB,
 * docs/notebook/memory.md, "Memory: where a ResNet-50 step's memory went, and two fixes"). The one visible trace: in
 * the activations map of a training forward pass, that batch norm's entry holds the block's output.
 */
public class AddRelu extends GraphVertex {

    @Override
    public AddRelu clone() {
        return new AddRelu();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddRelu;
    }

    @Override
    public int hashCode() {
        return AddRelu.class.getName().hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams, DataType dataType) {
        return new Impl(graph, name, idx, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
        for (InputType t : inputs) {
            if (!Arrays.equals(t.getShape(), inputs[0].getShape())) {
                throw new InvalidInputTypeException("AddRelu adds inputs of one shape; got " + Arrays.toString(inputs));
            }
        }
        return inputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputs) {
        return new LayerMemoryReport.Builder(null, AddRelu.class, inputs[0], getOutputType(-1, inputs))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "AddRelu()";
    }

    /** The vertex itself. */
    public static final class Impl extends BaseGraphVertex {

        private INDArray output; // of the last training forward pass, for the backward mask

        Impl(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, null, null, dataType);
        }

        @Override
        public boolean hasLayer() {
            return false;
        }

        @Override
        public Layer getLayer() {
            return null;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (!canDoForward()) {
                throw new IllegalStateException("AddRelu '" + vertexName + "': inputs not set");
            }
            for (INDArray in : inputs) {
                if (!in.equalShapes(inputs[0]) || in.dataType() != inputs[0].dataType()) {
                    throw new IllegalStateException("AddRelu '" + vertexName + "' adds arrays of one shape and type; got "
                            + Arrays.toString(inputs[0].shape()) + " " + inputs[0].dataType() + " and "
                            + Arrays.toString(in.shape()) + " " + in.dataType());
                }
            }
            int into = training ? overwritable(workspaceMgr) : -1;
            INDArray y;
            int rest; // inputs from here on are added into y
            if (into >= 0) {
                y = inputs[into];
                rest = 0;
            } else {
                y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, inputs[0].dataType(), inputs[0].shape(), 'c');
                Nd4j.exec(new AddOp(inputs[0], inputs[1], y));
                rest = 2;
            }
            for (int i = rest; i < inputs.length; i++) {
                if (i != into) {
                    Nd4j.exec(new AddOp(y, inputs[i], y));
                }
            }
            Nd4j.exec(new RectifiedLinear(y, y));
            output = training ? y : null;
            return y;
        }

        /**
         * The index of an input this vertex may overwrite with its result, or -1 (the conditions are in the class
         * comment).
         */
        private int overwritable(LayerWorkspaceMgr workspaceMgr) {
            for (int i = 0; i < inputs.length; i++) {
                int from = inputVertices[i].getVertexIndex();
                org.deeplearning4j.nn.graph.vertex.GraphVertex producer = graph.getVertices()[from];
                boolean batchNorm = producer.hasLayer()
                        && producer.getLayer().getClass() == org.deeplearning4j.nn.layers.normalization.BatchNormalization.class
                        && !((BatchNormalization) producer.getLayer().conf().getLayer()).isLockGammaBeta();
                boolean readByThisAlone = producer.getOutputVertices().length == 1 && !producer.isOutputVertex()
                        && Arrays.stream(inputVertices).filter(v -> v.getVertexIndex() == from).count() == 1;
                if (batchNorm && readByThisAlone && !inputs[i].isView() && inSameWorkspace(inputs[i], workspaceMgr)) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether {@code array} lives exactly as long as this vertex's output would. */
        private static boolean inSameWorkspace(INDArray array, LayerWorkspaceMgr workspaceMgr) {
            if (workspaceMgr.isScopedOut(ArrayType.ACTIVATIONS)) {
                return !array.isAttached();
            }
            return array.isAttached() && workspaceMgr.isWorkspaceOpen(ArrayType.ACTIVATIONS)
                    && array.data().getParentWorkspace().getId().equals(workspaceMgr.getWorkspaceName(ArrayType.ACTIVATIONS));
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            if (!canDoBackward()) {
                throw new IllegalStateException("AddRelu '" + vertexName + "': gradient not set");
            }
            INDArray[] grads = new INDArray[inputs.length];
            grads[0] = FastRelu.maskedByOutput(output, epsilon, workspaceMgr, "AddRelu '" + vertexName + "'");
            for (int i = 1; i < grads.length; i++) {
                grads[i] = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, grads[0]);
            }
            return new Pair<>(null, grads);
        }

        @Override
        public void clear() {
            super.clear();
            output = null;
        }

        @Override
        public void setBackpropGradientsViewArray(INDArray view) {
            if (view != null) {
                throw new IllegalStateException("AddRelu '" + vertexName + "' has no parameters");
            }
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatchSize) {
            return masks == null || masks.length == 0 ? null : new Pair<>(masks[0], state);
        }

        @Override
        public String toString() {
            return "AddRelu(id=" + vertexIndex + ",name=\"" + vertexName + "\")";
        }
    }
}
