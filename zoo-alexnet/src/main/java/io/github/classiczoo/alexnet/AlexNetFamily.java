package io.github.classiczoo.alexnet;

import io.github.classiczoo.core.model.ModelProvider;
import io.github.classiczoo.core.model.Paper;
import io.github.classiczoo.core.model.ZooModel;
import java.util.List;

/** Krizhevsky, Sutskever, Hinton 2012 and torchvision's one-tower layout of it. */
public final class AlexNetFamily implements ModelProvider {

    public static final Paper PAPER = new Paper("A. Krizhevsky, I. Sutskever, G. E. Hinton", 2012,
            "ImageNet Classification with Deep Convolutional Neural Networks", "NIPS 2012");

    @Override
    public List<ZooModel> models() {
        return List.of(new AlexNet(), new AlexNetTorchvision());
    }

}
