package io.github.classiczoo.alexnet;

import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.dropout;
import static io.github.classiczoo.core.graph.Layers.maxPool;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelCard.CardModel;
import io.github.classiczoo.core.model.ModelCard;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/**
 * torchvision's AlexNet (one tower, 64-192-384-256-256 filters, no LRN), vertex names equal to its module
 * paths ({@code features.0}, {@code classifier.1}, ...) so its weights map by name; each ReLU is the activation of
 * the convolution before it (so {@code features.1}, {@code .4}, {@code .7}, {@code .9}, {@code .11} are not
 * vertices of their own: a separate activation layer would copy the whole feature map twice per step). torchvision's
 * {@code AdaptiveAvgPool2d((6, 6))} is the identity for 224×224 inputs, whose features are already 6×6;
 * DL4J has no adaptive pooling, so other input sizes are refused when their features are not 6×6.
 * Stages: the three max pools that end conv1, conv2 and conv5 ({@code features.2}, {@code .5}, {@code .12}: 64, 192, 256
 * channels at strides 8, 16, 32), torchvision's node names for them.
 */
public final class AlexNetTorchvision extends CardModel {

    public AlexNetTorchvision() {
        super(new ModelCard("alexnet-torchvision", "AlexNet", AlexNetFamily.PAPER,
                "torchvision's one-tower AlexNet (64-192-384-256-256, no LRN), torchvision module names",
                new InputShape(3, 224, 224), 1000, List.of(),
                List.of("torchvision's variant of the one-GPU net of Krizhevsky's 'one weird trick' paper: 64/192/384/256/256 filters, no LRN, no towers",
                        "adaptive 6×6 average pooling is the identity at 224×224 and not available for inputs whose features are not 6×6")));
    }

    @Override
    public List<Stage> stages(ModelSpec spec) {
        return List.of(new Stage("features.2", 64, 8), new Stage("features.5", 192, 16), new Stage("features.12", 256, 32));
    }

    @Override
    public ComputationGraphConfiguration define(ModelSpec spec) {
        ZooGraph g = ZooGraph.start(spec);
        String x = g.layer("features.0", conv(64, 11).stride(4).pad(2).activation(Activation.RELU), g.input());
        x = g.layer("features.2", maxPool(3, 2), x);
        x = g.layer("features.3", conv(192, 5).pad(2).activation(Activation.RELU), x);
        x = g.layer("features.5", maxPool(3, 2), x);
        x = g.layer("features.6", conv(384, 3).pad(1).activation(Activation.RELU), x);
        x = g.layer("features.8", conv(256, 3).pad(1).activation(Activation.RELU), x);
        x = g.layer("features.10", conv(256, 3).pad(1).activation(Activation.RELU), x);
        x = g.layer("features.12", maxPool(3, 2), x);
        x = g.layer("classifier.0", dropout(0.5), x);
        x = g.layer("classifier.1", dense(4096).activation(Activation.RELU), x);
        x = g.layer("classifier.3", dropout(0.5), x);
        x = g.layer("classifier.4", dense(4096).activation(Activation.RELU), x);
        x = g.layer("classifier.6", softmaxOutput(spec.classes()), x);
        ComputationGraphConfiguration conf = g.build(x);
        var types = conf.getLayerActivationTypes(spec.input().toInputType());
        var f = (org.deeplearning4j.nn.conf.inputs.InputType.InputTypeConvolutional) types.get("features.12");
        if (f.getHeight() != 6 || f.getWidth() != 6) {
            throw new IllegalArgumentException("alexnet-torchvision's features must be 6×6 (torchvision's adaptive pool, the identity at 224×224); input "
                    + spec.input() + " gives " + f.getHeight() + "×" + f.getWidth());
        }
        return conf;
    }
}
