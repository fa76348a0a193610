package io.github.classiczoo.core.graph;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU, {@code max(0, z)}, with a faster backward pass than DL4J's {@link ActivationReLU}; the activation every
 * factory in {@link Layers} uses for {@code Activation.RELU}. Forward is DL4J's (in place). Backward, DL4J runs
 * libnd4j's {@code relu_bp} custom op, which does not use the second thread: into existing arrays of 16×256×56² it
 * takes 40 ms on one thread or two, where the two multi-threaded legacy passes here (a step function into the result,
 * then a product with the gradient) take 18 ms on one thread and 12 ms on two (a scratch timing of the ops alone;
 * {@code bench/ops.sh}, which also allocates the result outside any workspace: 62 → 43 ms, PyTorch 31). Same
 * function: the gradient passes where {@code z > 0} and is 0 elsewhere, 0 included ({@code FusedLayersTest}).
 */
public class FastRelu extends ActivationReLU {

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray dLdz = in.ulike();
        maskInto(in, epsilon, dLdz);
        return new Pair<>(dLdz, null);
    }

    /**
     * The gradient of a ReLU whose output {@code reluOutput} was kept from the training forward pass (the fused layers'
     * backward pass): {@code epsilon} where the output is positive, else 0, as a new gradient array.
     */
    static INDArray maskedByOutput(INDArray reluOutput, INDArray epsilon, LayerWorkspaceMgr workspaceMgr, String who) {
        if (reluOutput == null || !reluOutput.equalShapes(epsilon)) {
            throw new IllegalStateException(who + ": backward pass without a matching training forward pass");
        }
        INDArray masked = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape(), 'c');
        maskInto(reluOutput, epsilon, masked);
        return masked;
    }

    /**
     * {@code into = epsilon} where {@code z > 0}, else 0. {@code z} may be the ReLU's input or its output (they are
     * positive at the same places); {@code into} must be a third array.
     */
    static void maskInto(INDArray z, INDArray epsilon, INDArray into) {
        Nd4j.exec(new Step(z, into, 0.0));
        Nd4j.exec(new MulOp(into, epsilon, into));
    }
}
