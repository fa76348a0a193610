package io.github.classiczoo.lenet;

import static io.github.classiczoo.core.graph.Layers.avgPool;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.maxPool;
import static io.github.classiczoo.core.graph.Layers.scaled;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.LayerSpec;
import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ModelCard.CardModel;
import io.github.classiczoo.core.model.ModelCard;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * The LeNet-5 most frameworks ship: C1 6×5×5 (padding 2 on a 28×28 input, which gives the paper's 28×28
 * maps), 2×2 max pooling, C3 16×5×5 connected to all of S2, 2×2 max pooling, dense 120-84, softmax over
 * the classes. ReLU throughout. 61,706 parameters for 10 classes. Stages: C1, C3 (strides 1, 2) and F5, the dense layer
 * in C5's place (a vector of 120 units).
 */
public final class LeNet5Modern extends CardModel {

    public LeNet5Modern() {
        super(new ModelCard("lenet5-modern", "LeNet", LeNetFamily.PAPER,
                "LeNet-5 as frameworks ship it: ReLU, max pooling, full C3, dense 120-84, softmax",
                new InputShape(1, 28, 28), 10,
                List.of(
                        Knob.decimal("width", 1.0, 0.25, 8.0, "multiplier on every layer's channels and units (6, 16, 120, 84)"),
                        Knob.choice("activation", LeNets.Activation.RELU, List.of(LeNets.Activation.RELU, LeNets.Activation.TANH),
                                "hidden-layer nonlinearity"),
                        Knob.choice("pool", LeNets.Pool.MAX, List.of(LeNets.Pool.values()), "2×2 pooling type")),
                List.of(
                        "ReLU instead of the scaled tanh; max pooling instead of trainable subsampling",
                        "C3 sees all six S2 maps (no Table I); softmax + cross-entropy instead of RBF units",
                        "28×28 input with padding 2 in C1 instead of a 32×32 input (same map sizes)")));
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        double w = spec.doubleKnob("width");
        return List.of(new Stage("C1", scaled(6, w), 1), new Stage("C3", scaled(16, w), 2), Stage.dense("F5", scaled(120, w)));
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        double w = spec.doubleKnob("width");
        Activation act = switch (spec.choice("activation", LeNets.Activation.class)) {
            case RELU -> Activation.RELU;
            case TANH -> Activation.TANH;
            case LECUN_TANH -> throw new IllegalArgumentException("knob activation of lenet5-modern must be relu or tanh; got lecun-tanh");
        };
        LayerSpec pool = switch (spec.choice("pool", LeNets.Pool.class)) {
            case MAX -> maxPool(2, 2);
            case AVG -> avgPool(2, 2);
        };
        ZooGraph g = ZooGraph.start(spec);
        String x = g.input();
        x = g.layer("C1", conv(scaled(6, w), 5).pad(2).activation(act), x);
        x = g.layer("S2", pool, x);
        x = g.layer("C3", conv(scaled(16, w), 5).activation(act), x);
        x = g.layer("S4", pool, x);
        x = g.layer("F5", dense(scaled(120, w)).activation(act), x);
        x = g.layer("F6", dense(scaled(84, w)).activation(act), x);
        x = g.layer("output", softmaxOutput(spec.classes()), x);
        return g.build(x);
    }
}
