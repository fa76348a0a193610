package io.github.classiczoo.googlenet;

import io.github.classiczoo.common.model.ModelProvider;
import io.github.classiczoo.common.model.Paper;
import io.github.classiczoo.common.model.ZooModel;
import io.github.classiczoo.common.search.SearchSpace;
import java.util.List;

/** Szegedy et al. 2014. */
public final class GoogLeNetFamily implements ModelProvider {

    public static final Paper PAPER = new Paper("C. Szegedy, W. Liu, Y. Jia, P. Sermanet, S. Reed, D. Anguelov, D. Erhan, V. Vanhoucke, A. Rabinovich",
            2014, "Going Deeper with Convolutions", "CVPR 2015 (arXiv:1409.4842)");

    @Override
    public List<ZooModel> models() {
        return List.of(new GoogLeNet(), new GoogLeNetTorchvision());
    }

    @Override
    public List<io.github.classiczoo.common.train.Recipe> recipes() {
        return GoogLeNetRecipes.all();
    }

    @Override
    public SearchSpace searchSpace(ZooModel model) {
        return GoogLeNetSearch.of(model);
    }
}
