package io.github.classiczoo.resnet;

import static io.github.classiczoo.core.graph.Layers.globalAvgPool;
import static io.github.classiczoo.core.graph.Layers.scaled;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ModelCard.CardModel;
import io.github.classiczoo.core.model.ModelCard;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/**
 * The CIFAR-10 ResNets of He et al. 2015, §4.2: a 3×3 convolution with 16 filters, then 3 stages of n basic
 * blocks with 16, 32, 64 filters on 32×32, 16×16, 8×8 maps (6n+2 weighted layers), global average pooling,
 * a 10-way FC; shortcut option A (identity, zero-padded) as in the paper. Stages: {@code layer1}…{@code layer3} at
 * strides 1, 2, 4. {@code residual=false} is the plain net of the same depth that Fig. 6 compares against.
 */
public final class CifarResNet extends CardModel {

    static final int[] DEPTHS = {20, 32, 44, 56, 110, 1202};

    private final int n;

    CifarResNet(int depth) {
        super(new ModelCard("resnet" + depth, "ResNet", ResNetFamily.PAPER,
                "CIFAR ResNet-" + depth + " (§4.2: 6n+2 layers, n=" + (depth - 2) / 6 + ", 16/32/64 filters)",
                new InputShape(3, 32, 32), 10,
                List.of(Knob.choice("shortcut", ResNets.Shortcut.A, List.of(ResNets.Shortcut.values()), "§3.3 shortcut option (the paper's CIFAR nets use A)"),
                        Knob.decimal("width", 1.0, 0.25, 8.0, "multiplier on the 16/32/64 filters"),
                        Knob.bool("residual", true, "false: the plain net of the same depth (§4.2, Fig. 6 left: plain-20 … plain-110)")),
                List.of()));
        if ((depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("CIFAR ResNets have 6n+2 layers; " + depth + " is not of that form");
        }
        this.n = (depth - 2) / 6;
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        double w = spec.doubleKnob("width");
        ResNets.Shortcut sc = spec.boolKnob("residual") ? spec.choice("shortcut", ResNets.Shortcut.class) : null; // null: plain
        ZooGraph g = ZooGraph.start(spec);
        int inC = scaled(16, w);
        String x = Blocks.convBn(g, "conv1", "bn1", g.input(), inC, 3, 1, 1, true);
        for (int s = 0; s < 3; s++) {
            int width = scaled(16 << s, w);
            for (int b = 0; b < n; b++) {
                x = Blocks.basic(g, ResNet.block(s, b), x, inC, width, s > 0 && b == 0 ? 2 : 1, sc);
                inC = width;
            }
        }
        x = g.layer("avgpool", globalAvgPool(), x);
        x = g.layer("fc", softmaxOutput(spec.classes()), x);
        return g.build(x);
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        List<Stage> out = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            out.add(new Stage(ResNet.stage(s), Blocks.output(ResNet.block(s, n - 1)), scaled(16 << s, spec.doubleKnob("width")), 1 << s));
        }
        return out;
    }
}
