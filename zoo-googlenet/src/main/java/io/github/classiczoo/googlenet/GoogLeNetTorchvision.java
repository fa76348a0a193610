package io.github.classiczoo.googlenet;

import static io.github.classiczoo.core.graph.Layers.avgPool;
import static io.github.classiczoo.core.graph.Layers.batchNormRelu;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.dropout;
import static io.github.classiczoo.core.graph.Layers.globalAvgPool;
import static io.github.classiczoo.core.graph.Layers.maxPoolCeil;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static io.github.classiczoo.core.graph.Layers.weightedSoftmaxOutput;

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
 * torchvision's GoogLeNet: every convolution a {@code BasicConv2d} (conv without bias, batch norm with ε = 0.001,
 * ReLU), the known 3×3 kernel in the "5×5" branch, ceil-mode max pools (maxpool4 is 2×2), dropout 0.2, optional
 * auxiliary heads; vertex names are torchvision's module paths ({@code inception4a.branch2.1.conv}, ...).
 */
public final class GoogLeNetTorchvision extends CardModel {

    public GoogLeNetTorchvision() {
        super(new ModelCard("googlenet-torchvision", "GoogLeNet", GoogLeNetFamily.PAPER,
                "torchvision's GoogLeNet: batch norm, 3×3 in the \"5×5\" branch, ceil-mode pools, torchvision module names",
                new InputShape(3, 224, 224), 1000,
                List.of(Knob.bool("aux", false, "torchvision's auxiliary heads (aux_logits; training only, loss weight 0.3)")),
                List.of("torchvision's layout: batch norm after every convolution, a 3×3 kernel in the 5×5 branch, no LRN",
                        "the auxiliary heads pool 14×14 to 4×4 with a 5×5/3 average pool; torchvision's adaptive pool uses bins of 4 at 0, 3, 7, 10 "
                                + "(the inference head does not use them)")));
    }

    @Override
    public List<String> auxiliaryOutputs(ModelSpec spec) {
        return spec.boolKnob("aux") ? List.of("aux1.fc2", "aux2.fc2") : List.of();
    }

    /** The paper's stages: inception3b, inception4e, inception5b (480, 832, 1024 channels at strides 8, 16, 32), named as torchvision names them. */
    @Override
    public List<Stage> stages(ModelSpec spec) {
        return GoogLeNet.STAGES;
    }

    /** BasicConv2d: conv (no bias) → BN (ε 0.001) → ReLU, the last two as one layer named {@code .bn}; returns it. */
    static String basic(ZooGraph g, String name, String in, int out, int k, int stride, int pad) {
        String x = g.layer(name + ".conv", conv(out, k).stride(stride).pad(pad).noBias(), in);
        return g.layer(name + ".bn", batchNormRelu(1e-3), x);
    }

    static String inception(ZooGraph g, GoogLeNet.Inception m, String in) {
        String p = m.name();
        String b1 = basic(g, p + ".branch1", in, m.c1(), 1, 1, 0);
        String b2 = basic(g, p + ".branch2.0", in, m.r3(), 1, 1, 0);
        b2 = basic(g, p + ".branch2.1", b2, m.c3(), 3, 1, 1);
        String b3 = basic(g, p + ".branch3.0", in, m.r5(), 1, 1, 0);
        b3 = basic(g, p + ".branch3.1", b3, m.c5(), 3, 1, 1); // torchvision's 3×3 where the paper has 5×5
        String b4 = g.layer(p + ".branch4.0", maxPoolCeil(3, 1), in);
        b4 = basic(g, p + ".branch4.1", b4, m.proj(), 1, 1, 0);
        return g.concat(p, b1, b2, b3, b4);
    }

    static String aux(ZooGraph g, String name, String in, int classes) {
        String x = g.layer(name + ".avgpool", avgPool(5, 3), in);
        x = basic(g, name + ".conv", x, 128, 1, 1, 0);
        x = g.layer(name + ".fc1", dense(1024).activation(Activation.RELU), x);
        x = g.layer(name + ".dropout", dropout(0.7), x);
        return g.layer(name + ".fc2", weightedSoftmaxOutput(classes, 0.3), x);
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        boolean withAux = spec.boolKnob("aux");
        ZooGraph g = ZooGraph.start(spec);
        String x = basic(g, "conv1", g.input(), 64, 7, 2, 3);
        x = g.layer("maxpool1", maxPoolCeil(3, 2), x);
        x = basic(g, "conv2", x, 64, 1, 1, 0);
        x = basic(g, "conv3", x, 192, 3, 1, 1);
        x = g.layer("maxpool2", maxPoolCeil(3, 2), x);
        for (GoogLeNet.Inception m : GoogLeNet.STAGE3) {
            x = inception(g, m, x);
        }
        x = g.layer("maxpool3", maxPoolCeil(3, 2), x);
        String[] auxOut = new String[2];
        for (GoogLeNet.Inception m : GoogLeNet.STAGE4) {
            x = inception(g, m, x);
            int a = GoogLeNet.AUX_ON.indexOf(m.name());
            if (withAux && a >= 0) {
                auxOut[a] = aux(g, "aux" + (a + 1), x, spec.classes());
            }
        }
        x = g.layer("maxpool4", maxPoolCeil(2, 2), x);
        for (GoogLeNet.Inception m : GoogLeNet.STAGE5) {
            x = inception(g, m, x);
        }
        x = g.layer("avgpool", globalAvgPool(), x);
        x = g.layer("dropout", dropout(0.2), x);
        x = g.layer("fc", softmaxOutput(spec.classes()), x);
        return withAux ? g.build(x, auxOut[0], auxOut[1]) : g.build(x);
    }
}
