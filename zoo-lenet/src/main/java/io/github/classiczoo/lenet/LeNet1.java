package io.github.classiczoo.lenet;

import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelCard.CardModel;
import io.github.classiczoo.core.model.ModelCard;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.lenet.layers.FanInUniform;
import io.github.classiczoo.lenet.layers.LeCunTanh;
import io.github.classiczoo.lenet.layers.PartialConvolution;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * LeNet-1 (LeCun et al. 1998, §III.C.7: "The images were down-sampled to 16x16 pixels and centered in the 28x28 input
 * layer … about 100,000 multiply/add steps … about 2600" free parameters; Fig. 9: 1.7% test error). The 1998 paper
 * gives no layer sizes; they are the network of LeCun et al. 1989, "Handwritten digit recognition with a
 * back-propagation network" (NIPS 2), which it cites for LeNet-1:
 *
 * <pre>
 * layer  what                                                       params
 * C1     4 maps 5×5 on the 28×28 input → 24×24                       104
 * S2     trainable 2×2 subsampling → 12×12                             8
 * C3     12 maps 5×5 → 8×8, 20 of the 48 possible links (TABLE)      512
 * S4     trainable 2×2 subsampling → 4×4                              24
 * output 10 units fully connected to the 192 S4 values             1,930
 * total                                                            2,578
 * </pre>
 * The 1989 paper's own count: "2578 independent parameters" and 98,442 connections (ours: 92,288 multiply-adds, its
 * connections less the 6,154 biases). Subsampling and squashing as in {@link LeNet5}.
 */
public final class LeNet1 extends CardModel {

    /**
     * The S2 maps each C3 map sees (1989 paper, Table 1): two almost independent halves, maps 1-6 on S2's first two
     * maps and 7-12 on its last two.
     */
    static final int[][] TABLE = {
        {0}, {0, 1}, {0, 1}, {1}, {0, 1}, {0, 1},
        {2}, {2, 3}, {2, 3}, {3}, {2, 3}, {2, 3},
    };

    public LeNet1() {
        super(new ModelCard("lenet1", "LeNet", LeNetFamily.PAPER,
                "LeNet-1 (§III.C.7; the 1989 network): 4 and 12 maps, partial C3, 2,578 params, 16×16 digits in 28×28",
                new InputShape(1, 28, 28), 10,
                List.of(),
                List.of(
                        "layer sizes and C3's links: the 1998 paper gives none; ours are LeCun et al. 1989 (NIPS 2), Table 1, which has "
                                + "the 2,578 parameters and ~100,000 multiply-adds §III.C.7 quotes",
                        "output: 10 softmax units and cross-entropy instead of the 1989 network's squashed units and mean squared error",
                        "input: the down-sampling of the digits to 16×16 and their centring in 28×28 is the data pipeline's (its recipe), not the graph's")));
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        LeCunTanh squash = new LeCunTanh();
        ZooGraph g = ZooGraph.start(spec);
        String x = g.input();
        x = g.layer("C1", conv(4, 5).activation(squash).init(new FanInUniform(2.4, 0)), x);
        x = LeNet5.subsampling(g, "S2", x);
        x = g.layer("C3", new PartialConvolution(TABLE, 5, squash, 2.4), x);
        x = LeNet5.subsampling(g, "S4", x);
        x = g.layer("output", softmaxOutput(spec.classes(), new FanInUniform(2.4, 0)), x);
        return g.build(x);
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        return List.of(new Stage("C1", 4, 1), new Stage("C3", 12, 2));
    }
}
