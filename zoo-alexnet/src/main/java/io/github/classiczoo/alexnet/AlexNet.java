package io.github.classiczoo.alexnet;

import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.dropout;
import static io.github.classiczoo.core.graph.Layers.maxPool;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.LayerSpec;
import io.github.classiczoo.core.graph.Layers;
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
 * AlexNet as in Krizhevsky et al. 2012, §3 and Figure 2, with the two-GPU split as two towers ("a", "b"):
 *
 * <pre>
 * layer  kernels (per tower)        sees                    output (both towers)
 * conv1  96 (48) 11×11/4            the image               55×55×96   → ReLU, LRN, max pool 3×3/2
 * conv2  256 (128) 5×5, pad 2       its own tower           27×27×256  → ReLU, LRN, max pool 3×3/2
 * conv3  384 (192) 3×3, pad 1       both towers             13×13×384  → ReLU
 * conv4  384 (192) 3×3, pad 1       its own tower           13×13×384  → ReLU
 * conv5  256 (128) 3×3, pad 1       its own tower           13×13×256  → ReLU, max pool 3×3/2
 * fc6    4096 (2048)                both towers             → ReLU, dropout 0.5
 * fc7    4096 (2048)                both towers             → ReLU, dropout 0.5
 * fc8    1000                       both towers             → softmax
 * </pre>
 * LRN (§3.3) with k = 2, n = 5, α = 1e-4, β = 0.75; DL4J's layer computes the paper's formula with α as given
 * (PyTorch's divides α by n) — checked numerically in LrnTest. Stages: the two towers joined after conv2's pooling
 * ({@code pool2}, 13×13×256, stride 16) and after conv5's ({@code pool5}, 6×6×256, stride 32); conv1's maps stay in their
 * towers ({@code pool1.a}, {@code pool1.b}), which no vertex joins.
 */
public final class AlexNet extends CardModel {

    static final String[] TOWERS = {"a", "b"};

    public AlexNet() {
        super(new ModelCard("alexnet", "AlexNet", AlexNetFamily.PAPER,
                "AlexNet as published: two towers (the two-GPU split), LRN, overlapping pooling, dropout (61.0M params)",
                new InputShape(3, 227, 227), 1000,
                List.of(Knob.bool("lrn", true, "local response normalisation after conv1 and conv2 (§3.3)"),
                        Knob.decimal("dropout", 0.5, 0.0, 0.9, "dropout probability on fc6 and fc7 (§4.2)")),
                List.of("input 227×227: the paper says 224×224, but its 55×55 conv1 maps need 227 ((227 − 11)/4 + 1 = 55); "
                                + "224 would give 54 (torchvision pads by 2 instead)",
                        "§3.5 lists 253,440 neurons for conv1, which no input size gives: 55×55×96 = 290,400 (the other entries match)",
                        "the two towers run on one device; only their connectivity is kept")));
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        return List.of(new Stage("pool2", 256, 16), new Stage("pool5", 256, 32));
    }

    /** §3.3's local response normalisation. */
    static LayerSpec lrn() {
        return Layers.lrn(2, 5, 1e-4, 0.75);
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        boolean lrn = spec.boolKnob("lrn");
        double drop = spec.doubleKnob("dropout");
        ZooGraph g = ZooGraph.start(spec);
        String[] x = new String[2];
        for (int t = 0; t < 2; t++) {
            String s = TOWERS[t];
            String y = g.layer("conv1." + s, conv(48, 11).stride(4).activation(Activation.RELU), g.input());
            y = lrn ? g.layer("lrn1." + s, lrn(), y) : y;
            y = g.layer("pool1." + s, maxPool(3, 2), y);
            y = g.layer("conv2." + s, conv(128, 5).pad(2).activation(Activation.RELU), y);
            y = lrn ? g.layer("lrn2." + s, lrn(), y) : y;
            x[t] = g.layer("pool2." + s, maxPool(3, 2), y);
        }
        String both = g.concat("pool2", x);
        for (int t = 0; t < 2; t++) {
            String s = TOWERS[t];
            String y = g.layer("conv3." + s, conv(192, 3).pad(1).activation(Activation.RELU), both);
            y = g.layer("conv4." + s, conv(192, 3).pad(1).activation(Activation.RELU), y);
            y = g.layer("conv5." + s, conv(128, 3).pad(1).activation(Activation.RELU), y);
            x[t] = g.layer("pool5." + s, maxPool(3, 2), y);
        }
        String features = g.concat("pool5", x);
        for (String layer : new String[] {"fc6", "fc7"}) {
            for (int t = 0; t < 2; t++) {
                String y = g.layer(layer + "." + TOWERS[t], dense(2048).activation(Activation.RELU), features);
                x[t] = drop > 0 ? g.layer(layer + ".drop." + TOWERS[t], dropout(drop), y) : y;
            }
            features = g.concat(layer, x);
        }
        String out = g.layer("fc8", softmaxOutput(spec.classes()), features);
        return g.build(out);
    }
}
