package io.github.classiczoo.lenet;

import static io.github.classiczoo.core.graph.Layers.avgPool;
import static io.github.classiczoo.core.graph.Layers.channelScale;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ModelCard.CardModel;
import io.github.classiczoo.core.model.ModelCard;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.lenet.layers.EuclideanRbfOutput;
import io.github.classiczoo.lenet.layers.FanInUniform;
import io.github.classiczoo.lenet.layers.LeCunTanh;
import io.github.classiczoo.lenet.layers.PartialConvolution;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * LeNet-5 as in LeCun et al. 1998, §II.B and Fig. 2.
 *
 * <pre>
 * layer  what                                             params (paper)
 * C1     6 maps 5×5 conv on the 32×32 input               156
 * S2     trainable 2×2 subsampling                         12
 * C3     16 maps 5×5, connected to S2 through Table I     1,516
 * S4     trainable 2×2 subsampling                         32
 * C5     120 maps 5×5 (1×1 output on a 32×32 input)      48,120
 * F6     84 units                                         10,164
 * output 10 Euclidean RBF units with fixed ±1 codes       (none trained)
 * total                                                   60,000
 * </pre>
 * Every layer up to F6 ends in the squashing function 1.7159·tanh(2a/3); weights start as U(±2.4/F_in).
 * S2/S4 are three vertices each (2×2 average × 4 = the block sum, then a per-map multiplier and bias); C3 is a convolution whose
 * kernel entries outside Table I are pinned to zero ({@link PartialConvolution}).
 * Stages: the convolution layers C1 (28×28×6), C3 (10×10×16) and C5 (1×1×120), at strides 1, 2, 4 (after S2, S4).
 */
public final class LeNet5 extends CardModel {

    /** Table I: the S2 maps each C3 map is connected to (columns 0–15 of the paper's table). */
    static final int[][] TABLE_I = {
        {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {0, 4, 5}, {0, 1, 5},
        {0, 1, 2, 3}, {1, 2, 3, 4}, {2, 3, 4, 5}, {0, 3, 4, 5}, {0, 1, 4, 5}, {0, 1, 2, 5},
        {0, 1, 3, 4}, {1, 2, 4, 5}, {0, 2, 3, 5},
        {0, 1, 2, 3, 4, 5},
    };

    public LeNet5() {
        super(new ModelCard("lenet5", "LeNet", LeNetFamily.PAPER,
                "LeNet-5 as published: trainable subsampling, Table I connections, RBF output (60,000 params)",
                new InputShape(1, 32, 32), 10,
                List.of(Knob.decimal("rbf-j", 10.0, 0.1, 50.0,
                        "the constant j of the loss (eq. 9): weight e^-j of the 'rubbish class' term"),
                        Knob.choice("output", LeNets.Output.RBF, List.of(LeNets.Output.values()),
                                "rbf: the paper's RBF units with eq. 9's loss; softmax: 10 softmax units with cross-entropy (an ablation)")),
                List.of(
                        "RBF codes: the paper shows its 7×12 bitmaps only as a figure; ours are our own ±1 digit drawings (RbfCodes)",
                        "loss: eq. 9 as written; the paper does not give j, we use 10 (knob rbf-j)",
                        "input: MNIST's 28×28 digits padded to 32×32 by the data pipeline with the background value, as in §III.A",
                        "optimiser: the paper's stochastic diagonal Levenberg-Marquardt is not available; recipes name their own",
                        "storage: C3 keeps Table I's absent kernel entries as pinned zeros (DL4J's numParams says 60,900; 60,000 are trained)")));
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        boolean rbf = spec.choice("output", LeNets.Output.class) == LeNets.Output.RBF;
        if (rbf && spec.classes() != 10) {
            throw new IllegalArgumentException("lenet5's RBF output has one fixed code per digit, so it takes exactly 10 classes; got "
                    + spec.classes() + " (use lenet5-modern for other class counts)");
        }
        LeCunTanh squash = new LeCunTanh();
        FanInUniform init = new FanInUniform(2.4, 0);
        ZooGraph g = ZooGraph.start(spec);
        String x = g.input();
        x = g.layer("C1", conv(6, 5).activation(squash).init(init), x);
        x = subsampling(g, "S2", x);
        x = g.layer("C3", new PartialConvolution(TABLE_I, 5, squash, 2.4), x);
        x = subsampling(g, "S4", x);
        x = g.layer("C5", conv(120, 5).activation(squash).init(init), x);
        x = g.layer("F6", dense(84).activation(squash).init(init), x);
        x = g.layer("output", rbf ? new EuclideanRbfOutput(RbfCodes.digits(), spec.doubleKnob("rbf-j"))
                : softmaxOutput(spec.classes(), init).build(), x);
        return g.build(x);
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        return List.of(new Stage("C1", 6, 1), new Stage("C3", 16, 2), new Stage("C5", 120, 4));
    }

    /**
     * §II.B's subsampling layer: per map, the sum of each 2×2 block (average pooling "S2.avg" × 4, "S2.sum";
     * DL4J's pooling layer has no SUM mode) times a trainable coefficient plus a trainable bias, squashed
     * ("S2", two parameters per map). Returns the output vertex.
     */
    static String subsampling(ZooGraph g, String name, String in) {
        String avg = g.layer(name + ".avg", avgPool(2, 2), in);
        String sum = g.scale(name + ".sum", 4.0, avg);
        return g.layer(name, channelScale(new LeCunTanh(), new FanInUniform(2.4, 4)), sum);
    }
}
