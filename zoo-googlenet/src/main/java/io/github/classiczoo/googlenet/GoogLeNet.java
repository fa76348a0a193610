package io.github.classiczoo.googlenet;

import static io.github.classiczoo.core.graph.Layers.avgPool;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.dropout;
import static io.github.classiczoo.core.graph.Layers.globalAvgPool;
import static io.github.classiczoo.core.graph.Layers.lrn;
import static io.github.classiczoo.core.graph.Layers.maxPoolCeil;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static io.github.classiczoo.core.graph.Layers.weightedSoftmaxOutput;

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
 * GoogLeNet as in Szegedy et al. 2014, Table 1 and Figure 3: a 7×7/2 convolution, 3×3/2 max pool, LRN, 1×1 and
 * 3×3 convolutions, LRN, max pool; inception modules 3a–3b, max pool, 4a–4e, max pool, 5a–5b; 7×7 average pool,
 * 40% dropout, a linear layer and softmax. Two auxiliary classifiers on 4a and 4d (5×5/3 average pool, 1×1
 * convolution with 128 filters, FC 1024, 70% dropout, linear, softmax) add their losses with weight 0.3 during
 * training; they are not part of the inference path (the summary reports them apart). Stages: {@code inception3b},
 * {@code inception4e}, {@code inception5b} (480, 832, 1024 channels at strides 8, 16, 32).
 */
public final class GoogLeNet extends CardModel {

    /** One row of Table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj. */
    record Inception(String name, int c1, int r3, int c3, int r5, int c5, int proj) {
        int out() {
            return c1 + c3 + c5 + proj;
        }
    }

    static final Inception[] STAGE3 = {
        new Inception("inception3a", 64, 96, 128, 16, 32, 32),
        new Inception("inception3b", 128, 128, 192, 32, 96, 64),
    };
    static final Inception[] STAGE4 = {
        new Inception("inception4a", 192, 96, 208, 16, 48, 64),
        new Inception("inception4b", 160, 112, 224, 24, 64, 64),
        new Inception("inception4c", 128, 128, 256, 24, 64, 64),
        new Inception("inception4d", 112, 144, 288, 32, 64, 64),
        new Inception("inception4e", 256, 160, 320, 32, 128, 128),
    };
    static final Inception[] STAGE5 = {
        new Inception("inception5a", 256, 160, 320, 32, 128, 128),
        new Inception("inception5b", 384, 192, 384, 48, 128, 128),
    };

    /**
     * The last module of each inception stage, at strides 8, 16, 32 (the 28×28, 14×14, 7×7 maps of Table 1): the stages
     * both GoogLeNets declare, as torchvision's feature extractor names them.
     */
    static final List<Stage> STAGES = List.of(stage(STAGE3, 8), stage(STAGE4, 16), stage(STAGE5, 32));

    private static Stage stage(Inception[] modules, int stride) {
        Inception last = modules[modules.length - 1];
        return new Stage(last.name(), last.out(), stride);
    }

    /** Auxiliary classifiers sit on these modules' outputs (§5). */
    static final List<String> AUX_ON = List.of("inception4a", "inception4d");

    public GoogLeNet() {
        super(new ModelCard("googlenet", "GoogLeNet", GoogLeNetFamily.PAPER,
                "GoogLeNet as published: Table 1's inception modules with true 5×5 branches, LRN, two auxiliary classifiers",
                new InputShape(3, 224, 224), 1000,
                List.of(Knob.bool("aux", true, "the two auxiliary classifiers (training only; loss weight 0.3)")),
                List.of("LRN constants: the paper gives none; we use its reference Caffe model's (n=5, α=1e-4 divided by n as Caffe does, β=0.75, k=1)",
                        "max pools round up (Caffe's ceil mode) so that 112→56→28→14→7 as in Table 1",
                        "Table 1's first row (2.7K params, 34M ops) matches no reading of a 7×7/2 convolution with 64 filters on 224×224×3 "
                                + "(9.4K weights, 118M MACs); the other rows match")));
    }

    @Override
    public List<String> auxiliaryOutputs(ModelSpec spec) {
        return spec.boolKnob("aux") ? List.of("aux1.classifier", "aux2.classifier") : List.of();
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        return STAGES;
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        boolean aux = spec.boolKnob("aux");
        ZooGraph g = ZooGraph.start(spec);
        String x = g.layer("conv1", conv(64, 7).stride(2).pad(3).activation(Activation.RELU), g.input());
        x = g.layer("pool1", maxPoolCeil(3, 2), x);
        x = g.layer("lrn1", caffeLrn(), x);
        x = g.layer("conv2.reduce", conv(64, 1).activation(Activation.RELU), x);
        x = g.layer("conv2", conv(192, 3).pad(1).activation(Activation.RELU), x);
        x = g.layer("lrn2", caffeLrn(), x);
        x = g.layer("pool2", maxPoolCeil(3, 2), x);
        for (Inception m : STAGE3) {
            x = inception(g, m, x);
        }
        x = g.layer("pool3", maxPoolCeil(3, 2), x);
        String[] auxOut = new String[2];
        for (Inception m : STAGE4) {
            x = inception(g, m, x);
            int a = AUX_ON.indexOf(m.name());
            if (aux && a >= 0) {
                auxOut[a] = auxiliary(g, "aux" + (a + 1), x, spec.classes());
            }
        }
        x = g.layer("pool4", maxPoolCeil(3, 2), x);
        for (Inception m : STAGE5) {
            x = inception(g, m, x);
        }
        x = g.layer("pool5", globalAvgPool(), x); // 7×7 average pool on the 7×7 maps
        x = g.layer("dropout", dropout(0.4), x);
        x = g.layer("classifier", softmaxOutput(spec.classes()), x);
        return aux ? g.build(x, auxOut[0], auxOut[1]) : g.build(x);
    }

    /** Caffe's LRN (used by the paper's reference model): k = 1, α/n with α = 1e-4, n = 5, β = 0.75. */
    static io.github.classiczoo.core.graph.LayerSpec caffeLrn() {
        return lrn(1, 5, 1e-4 / 5, 0.75);
    }

    /** Four branches concatenated by depth; returns the concatenation. */
    static String inception(ZooGraph g, Inception m, String in) {
        String p = m.name() + ".";
        String b1 = g.layer(p + "1x1", conv(m.c1(), 1).activation(Activation.RELU), in);
        String b2 = g.layer(p + "3x3_reduce", conv(m.r3(), 1).activation(Activation.RELU), in);
        b2 = g.layer(p + "3x3", conv(m.c3(), 3).pad(1).activation(Activation.RELU), b2);
        String b3 = g.layer(p + "5x5_reduce", conv(m.r5(), 1).activation(Activation.RELU), in);
        b3 = g.layer(p + "5x5", conv(m.c5(), 5).pad(2).activation(Activation.RELU), b3);
        String b4 = g.layer(p + "pool", maxPoolCeil(3, 1), in);
        b4 = g.layer(p + "pool_proj", conv(m.proj(), 1).activation(Activation.RELU), b4);
        return g.concat(m.name(), b1, b2, b3, b4);
    }

    /** §5: 5×5/3 average pool, 1×1 conv 128, FC 1024, 70% dropout, linear + softmax with loss weight 0.3. */
    static String auxiliary(ZooGraph g, String name, String in, int classes) {
        String x = g.layer(name + ".pool", avgPool(5, 3), in);
        x = g.layer(name + ".conv", conv(128, 1).activation(Activation.RELU), x);
        x = g.layer(name + ".fc", dense(1024).activation(Activation.RELU), x);
        x = g.layer(name + ".dropout", dropout(0.7), x);
        return g.layer(name + ".classifier", weightedSoftmaxOutput(classes, 0.3), x);
    }
}
