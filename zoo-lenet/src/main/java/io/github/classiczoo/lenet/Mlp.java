package io.github.classiczoo.lenet;

import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.Layers;
import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ModelCard.CardModel;
import io.github.classiczoo.core.model.ModelCard;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import java.util.ArrayList;
import io.github.classiczoo.lenet.layers.FanInUniform;
import io.github.classiczoo.lenet.layers.LeCunTanh;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;

/**
 * The fully connected baselines of LeCun et al. 1998, §III.C.6 and Fig. 9 ("28x28-300-10" ...): the
 * flattened 28×28 image, one or two hidden layers of squashing units, one output per class. Stages: the hidden layers
 * ({@code hidden1}, {@code hidden2}: vectors of their units).
 */
public final class Mlp extends CardModel {

    public static final Mlp MLP_300 = new Mlp(300);
    public static final Mlp MLP_1000 = new Mlp(1000);
    public static final Mlp MLP_300_100 = new Mlp(300, 100);
    public static final Mlp MLP_500_150 = new Mlp(500, 150);

    private final int[] hidden;

    public Mlp(int... hidden) {
        super(card(hidden));
        this.hidden = hidden.clone();
    }

    private static ModelCard card(int[] hidden) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer");
        }
        String sizes = Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining("-"));
        return new ModelCard("mlp-" + sizes, "MLP", LeNetFamily.PAPER, "fully connected baseline 784-" + sizes + "-10",
                new InputShape(1, 28, 28), 10,
                List.of(Knob.choice("activation", LeNets.Activation.LECUN_TANH, List.of(LeNets.Activation.LECUN_TANH, LeNets.Activation.RELU),
                        "hidden nonlinearity: the paper's 1.7159·tanh(2a/3), or ReLU"),
                        Knob.decimal("width", 1.0, 0.1, 10.0, "multiplier on every hidden layer's units, rounded (the width ablation: "
                                + "mlp-300 at width 3.334 has 1,000)")),
                List.of(
                        "output: softmax + cross-entropy instead of the paper's squashed outputs trained on mean squared error",
                        "input: the plain 28×28 image (the paper's Fig. 9 entries are also 28×28; no deslanting)"));
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        boolean lecun = spec.choice("activation", LeNets.Activation.class) == LeNets.Activation.LECUN_TANH;
        IActivation act = lecun ? new LeCunTanh() : Layers.activationFn(Activation.RELU);
        ZooGraph g = ZooGraph.start(spec);
        String x = g.input();
        for (int i = 0; i < hidden.length; i++) {
            var layer = dense(units(i, spec)).activation(act);
            if (lecun) {
                IWeightInit init = new FanInUniform(2.4, 0);
                layer = layer.init(init);
            }
            x = g.layer(hidden(i), layer, x);
        }
        x = g.layer("output", softmaxOutput(spec.classes()), x);
        return g.build(x);
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        List<Stage> out = new ArrayList<>();
        for (int i = 0; i < hidden.length; i++) {
            out.add(Stage.dense(hidden(i), units(i, spec)));
        }
        return out;
    }

    /** Units of hidden layer {@code i} at the spec's width. */
    private int units(int i, ModelSpec spec) {
        return Math.max(1, (int) Math.round(hidden[i] * spec.doubleKnob("width")));
    }

    /** Hidden layer {@code i} (0-based): {@code hidden1}, {@code hidden2}. */
    private static String hidden(int i) {
        return "hidden" + (i + 1);
    }
}
