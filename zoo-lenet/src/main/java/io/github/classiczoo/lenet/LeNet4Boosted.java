package io.github.classiczoo.lenet;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelCard.CardModel;
import io.github.classiczoo.core.model.ModelCard;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.lenet.layers.Log;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Boosted LeNet-4 (LeCun et al. 1998, §III.C.9, after Drucker, Schapire and Simard's boosting by filtering): three LeNet-4s
 * on the same input whose "outputs … are simply added" — Fig. 9: 0.7% test error. One graph, so that it loads, evaluates
 * and exports as any model: branches {@code net1.}, {@code net2.}, {@code net3.} (each {@link LeNet4}'s layers, ending in
 * its softmax), their sum, ÷3, the logarithm ({@code log-mean}) and a softmax output, which gives the mean of the three
 * nets' probabilities back; the logits are its logarithm. The argmax is the paper's sum's.
 *
 * <p>The graph is the test-time machine; boosting is how its branches are trained (the recipe's): net 1 as usual, net 2 on a
 * stream filtered by net 1 so that half its patterns are ones net 1 gets wrong, net 3 on patterns where nets 1 and 2
 * disagree. Trained as one graph without that procedure it is an ensemble of three, not boosted.
 */
public final class LeNet4Boosted extends CardModel {

    /** The branches' name prefixes, in the order boosting trains them. */
    public static final List<String> BRANCHES = List.of("net1.", "net2.", "net3.");

    public LeNet4Boosted() {
        super(new ModelCard("lenet4-boosted", "LeNet", LeNetFamily.PAPER,
                "boosted LeNet-4 (§III.C.9): three LeNet-4s, outputs added; 152,094 params",
                new InputShape(1, 32, 32), 10,
                List.of(),
                List.of(
                        "each branch is lenet4, with its deviations (50,698 params each)",
                        "outputs: the mean of the three nets' softmax probabilities (the paper adds its nets' squashed outputs); "
                                + "the decision is the same argmax as the sum's")));
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        ZooGraph g = ZooGraph.start(spec);
        String[] outs = BRANCHES.stream().map(p -> LeNet4.net(g, p, g.input(), spec.classes(), false)).toArray(String[]::new);
        String sum = g.add("sum", outs);
        String mean = g.scale("mean", 1.0 / outs.length, sum);
        String log = g.layer("log-mean", new ActivationLayer.Builder().activation(new Log()).build(), mean);
        LossLayer out = new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build();
        // its builder refuses nOut (a loss layer has no parameters); set, so that shape inference says how many classes come out
        out.setNIn(spec.classes());
        out.setNOut(spec.classes());
        return g.build(g.layer("output", out, log));
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        return List.of(new Stage("net1.C1", 4, 1), new Stage("net1.C3", 16, 2));
    }
}
