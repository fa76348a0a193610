package io.github.classiczoo.resnet;

import static io.github.classiczoo.core.graph.Layers.globalAvgPool;
import static io.github.classiczoo.core.graph.Layers.maxPool;
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
 * The ImageNet ResNets of He et al. 2015, Table 1: a 7×7/2 stem, 3×3/2 max pool, four stages of basic
 * (18, 34) or bottleneck (50, 101, 152) blocks at widths 64·2^i, global average pool, a 1000-way FC.
 *
 * <pre>
 * depth  block       blocks per stage   paper FLOPs (multiply-adds)
 * 18     basic       2, 2, 2, 2         1.8×10⁹
 * 34     basic       3, 4, 6, 3         3.6×10⁹
 * 50     bottleneck  3, 4, 6, 3         3.8×10⁹
 * 101    bottleneck  3, 4, 23, 3        7.6×10⁹
 * 152    bottleneck  3, 8, 36, 3        11.3×10⁹
 * </pre>
 * {@link Layout#PAPER}: the stride-2 of a down-sampling bottleneck on its first 1×1 convolution, shortcut
 * option B by default. {@link Layout#TORCHVISION} ("V1.5"): the stride on the 3×3, option B, vertex names
 * equal to torchvision's module paths so its weights map by name. {@code residual=false} (paper layout only) is the
 * plain net of the same depth that §4.1 compares against (plain-34: 3.6×10⁹ FLOPs, as ResNet-34).
 * Stages ({@link #stages}): {@code layer1}…{@code layer4} (C2–C5 of the FPN paper) at strides 4, 8, 16, 32, as
 * torchvision's feature extractor names them; each is the last block's output ({@code layer4.2.relu}).
 */
public final class ResNet extends CardModel {

    /** Table 1 as data. */
    enum Depth {
        R18(18, false, 2, 2, 2, 2), R34(34, false, 3, 4, 6, 3), R50(50, true, 3, 4, 6, 3),
        R101(101, true, 3, 4, 23, 3), R152(152, true, 3, 8, 36, 3);

        final int depth;
        final boolean bottleneck;
        final int[] blocks;

        Depth(int depth, boolean bottleneck, int... blocks) {
            this.depth = depth;
            this.bottleneck = bottleneck;
            this.blocks = blocks;
        }
    }

    enum Layout { PAPER, TORCHVISION }

    private final Depth depth;
    private final Layout layout;

    ResNet(Depth depth, Layout layout) {
        super(card(depth, layout));
        this.depth = depth;
        this.layout = layout;
    }

    private static ModelCard card(Depth d, Layout layout) {
        boolean tv = layout == Layout.TORCHVISION;
        String name = "resnet" + d.depth + (tv ? "-torchvision" : "");
        List<Knob> knobs = new ArrayList<>();
        if (!tv) {
            knobs.add(Knob.choice("shortcut", ResNets.Shortcut.B, List.of(ResNets.Shortcut.values()),
                    "§3.3 shortcut option: A zero-pad, B project when dimensions change, C project always"));
            knobs.add(Knob.bool("residual", true, "false: the paper's plain net of the same depth (§4.1, Table 2: plain-18/34), no shortcuts"));
        }
        knobs.add(Knob.decimal("width", 1.0, 0.125, 4.0, "multiplier on every stage's width (64, 128, 256, 512)"));
        List<String> deviations = new ArrayList<>();
        if (tv) {
            deviations.add("torchvision's layout (\"V1.5\")" + (d.bottleneck ? ": the down-sampling stride sits on each bottleneck's 3×3, not its first 1×1 (4.1 instead of 3.8 GFLOPs for ResNet-50)" : ""));
        }
        deviations.add("input 224×224 crops as in §3.4; the fully connected layer's softmax is part of the output layer");
        return new ModelCard(name, "ResNet", ResNetFamily.PAPER,
                (tv ? "torchvision's " : "") + "ResNet-" + d.depth + (d.bottleneck ? " (bottleneck blocks)" : " (basic blocks)")
                        + (tv ? ", torchvision module names" : ", Table 1"),
                new InputShape(3, 224, 224), 1000, knobs, deviations);
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        double w = spec.doubleKnob("width");
        ResNets.Shortcut sc = layout == Layout.TORCHVISION ? ResNets.Shortcut.B
                : spec.boolKnob("residual") ? spec.choice("shortcut", ResNets.Shortcut.class) : null; // null: plain
        Blocks.StrideOn strideOn = layout == Layout.TORCHVISION ? Blocks.StrideOn.THREE_BY_THREE : Blocks.StrideOn.FIRST_1X1;
        ZooGraph g = ZooGraph.start(spec);
        int stem = scaled(64, w);
        String x = Blocks.convBn(g, "conv1", "bn1", g.input(), stem, 7, 2, 3, true);
        x = g.layer("maxpool", maxPool(3, 2, 1), x);
        int inC = stem;
        for (int s = 0; s < 4; s++) {
            int width = scaled(64 << s, w);
            for (int b = 0; b < depth.blocks[s]; b++) {
                String p = block(s, b);
                int stride = s > 0 && b == 0 ? 2 : 1;
                x = depth.bottleneck ? Blocks.bottleneck(g, p, x, inC, width, stride, sc, strideOn) : Blocks.basic(g, p, x, inC, width, stride, sc);
                inC = depth.bottleneck ? width * 4 : width;
            }
        }
        x = g.layer("avgpool", globalAvgPool(), x);
        x = g.layer("fc", softmaxOutput(spec.classes()), x);
        return g.build(x);
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        List<Stage> out = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int width = scaled(64 << s, spec.doubleKnob("width"));
            out.add(new Stage(stage(s), Blocks.output(block(s, depth.blocks[s] - 1)), depth.bottleneck ? width * 4 : width, 4 << s));
        }
        return out;
    }

    /** Stage {@code s} (0-based) as torchvision names it: {@code layer1} … {@code layer4}. */
    static String stage(int s) {
        return "layer" + (s + 1);
    }

    /** Block {@code b} of stage {@code s}, as torchvision's module path: {@code layer2.0}. */
    static String block(int s, int b) {
        return stage(s) + "." + b;
    }
}
