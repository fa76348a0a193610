package io.github.classiczoo.googlenet;

import io.github.classiczoo.core.model.ModelProvider;
import io.github.classiczoo.core.model.Paper;
import io.github.classiczoo.core.model.ZooModel;
import java.util.List;

/** Szegedy et al. 2014. */
public final class GoogLeNetFamily implements ModelProvider {

    public static final Paper PAPER = new Paper("C. Szegedy, W. Liu, Y. Jia, P. Sermanet, S. Reed, D. Anguelov, D. Erhan, V. Vanhoucke, A. Rabinovich",
            2014, "Going Deeper with Convolutions", "CVPR 2015 (arXiv:1409.4842)");

    @Override
    public List<ZooModel> models() {
        return List.of(new GoogLeNet(), new GoogLeNetTorchvision());
    }

}
