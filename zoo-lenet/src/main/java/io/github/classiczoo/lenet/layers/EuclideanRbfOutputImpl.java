package io.github.classiczoo.lenet.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The network-side implementation of {@link EuclideanRbfOutput}: the same function as the layer's SameDiff definition,
 * written as a handful of array operations. DL4J's generic {@code SameDiffOutputLayer} ran a SameDiff session for every
 * forward, score and gradient call (three per training step), which cost about a sixth of LeNet-5's step at batch 16
 * (docs/notebook/main-job.md, "The main job against its PyTorch peer, profiled and cut"); the layer's configuration and
 * its model files are unchanged.
 *
 * <p>Forward: y = ‖x‖² − 2·x·Wᵀ + ‖w‖² (the SameDiff graph's formula; results agree to float rounding, a few ulp), activations −y.
 * Loss per example (eq. 9): E = y_D + log(e^−j + Σᵢ e^−yᵢ); the score is ΣE / N, as DL4J's layer reports it.
 * Gradient: with gᵢ = Lᵢ − e^−yᵢ / (e^−j + Σₖ e^−yₖ), ∂E/∂x = 2·(x·Σᵢgᵢ − g·W).
 */
public class EuclideanRbfOutputImpl extends org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer {

    /**
     * The temporaries' own workspace, reused call after call: DL4J does not open one around an output layer's score, and
     * arrays made outside workspaces are freed only when the garbage collector notices them (the RSS grew by 200 MB).
     */
    private static final WorkspaceConfiguration TEMPS = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.5)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT).build();
    private static final String TEMPS_ID = "ZOO_RBF_OUTPUT";

    private final double j;
    private final INDArray codes;   // [classes, n]
    private final INDArray codesT;  // [n, classes]
    private final INDArray norms;   // [1, classes]

    // The batch's summed loss from the last backward pass and the input and labels it was computed for: DL4J's training
    // step calls backpropGradient and then computeScore on the same arrays, and both need the distances and e^−y.
    // (A caller that changes the input or label array's contents in place between the two calls gets the kept loss.)
    private double scoreSum;
    private INDArray scoredInput;
    private INDArray scoredLabels;

    public EuclideanRbfOutputImpl(NeuralNetConfiguration conf, DataType dataType, double[][] codes, double j) {
        super(conf, dataType);
        this.j = j;
        try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) { // constants live as long as the layer
            this.codes = Nd4j.create(codes).castTo(dataType);
            this.codesT = this.codes.transpose().dup();
            this.norms = this.codes.mul(this.codes).sum(1).reshape(1, codes.length);
        }
    }

    private static MemoryWorkspace temps() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(TEMPS, TEMPS_ID);
    }

    /** y = ‖x‖² − 2·x·Wᵀ + ‖w‖², [N, classes], in the current workspace. */
    private INDArray distances() {
        INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray xx = x.mul(x).sum(true, 1);
        return x.mmul(codesT).muli(2.0).rsubiColumnVector(xx).addiRowVector(norms);
    }

    private INDArray labels() {
        return labels.dataType() == dataType ? labels : labels.castTo(dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr ws) {
        assertInputSet(false);
        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.size(0), codes.size(0));
        try (MemoryWorkspace t = temps()) {
            out.assign(distances()).negi();
        }
        return out;
    }

    /** Per-example eq. 9 ([N, 1]) of distances {@code y}. */
    private INDArray perExample(INDArray y) {
        return perExample(y, Transforms.exp(y.neg(), false).sum(true, 1).addi(Math.exp(-j)));
    }

    /** Per-example eq. 9 ([N, 1]) of distances {@code y}, given {@code s} = e^−j + Σᵢ e^−yᵢ ([N, 1], left unchanged). */
    private INDArray perExample(INDArray y, INDArray s) {
        return labels().mul(y).sum(true, 1).addi(Transforms.log(s, true));
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr ws) {
        assertInputSet(false);
        double sum;
        if (scoredInput == input && scoredLabels == labels) { // the training step's backward pass already computed it
            sum = scoreSum;
        } else {
            try (MemoryWorkspace t = temps()) {
                sum = perExample(distances()).sumNumber().doubleValue();
            }
        }
        return (sum + fullNetRegTerm) / input.size(0);
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr ws) {
        forgetScore();
        super.setInput(input, ws);
    }

    @Override
    public void setLabels(INDArray labels) {
        forgetScore();
        super.setLabels(labels);
    }

    @Override
    public void clear() {
        forgetScore();
        super.clear();
    }

    private void forgetScore() {
        scoredInput = null;
        scoredLabels = null;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr ws) {
        assertInputSet(false);
        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.size(0), 1);
        try (MemoryWorkspace t = temps()) {
            out.assign(perExample(distances()).addi(fullNetRegTerm));
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr ws) {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException("EuclideanRbfOutput: no labels set for backprop");
        }
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape());
        try (MemoryWorkspace t = temps()) {
            INDArray x = input.dataType() == dataType ? input : input.castTo(dataType);
            INDArray y = distances();
            INDArray e = Transforms.exp(y.neg(), false);                            // e^−y
            INDArray s = e.sum(true, 1).addi(Math.exp(-j));                         // e^−j + Σ e^−y
            scoreSum = perExample(y, s).sumNumber().doubleValue();                   // for the computeScore DL4J calls next
            scoredInput = input;
            scoredLabels = labels;
            INDArray g = e.diviColumnVector(s).rsubi(labels());                     // L − softmax with the rubbish class
            g.mmuli(codes, dx);                                                     // g·W
            dx.rsubi(x.mulColumnVector(g.sum(true, 1))).muli(2.0);                  // 2·(x·Σg − g·W)
        }
        return new Pair<>(new DefaultGradient(), dx);
    }
}
