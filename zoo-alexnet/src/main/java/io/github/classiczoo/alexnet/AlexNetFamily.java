package io.github.classiczoo.alexnet;

import io.github.classiczoo.common.model.ModelProvider;
import io.github.classiczoo.common.model.Paper;
import io.github.classiczoo.common.model.ZooModel;
import io.github.classiczoo.common.search.SearchSpace;
import java.util.List;

/** Krizhevsky, Sutskever, Hinton 2012 and torchvision's one-tower layout of it. */
public final class AlexNetFamily implements ModelProvider {

    public static final Paper PAPER = new Paper("A. Krizhevsky, I. Sutskever, G. E. Hinton", 2012,
            "ImageNet Classification with Deep Convolutional Neural Networks", "NIPS 2012");

    @Override
    public List<ZooModel> models() {
        return List.of(new AlexNet(), new AlexNetTorchvision());
    }

    @Override
    public List<io.github.classiczoo.common.train.Recipe> recipes() {
        return AlexNetRecipes.all();
    }

    @Override
    public SearchSpace searchSpace(ZooModel model) {
        return AlexNetSearch.of(model);
    }
}
