package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.search.SearchSpace.Param;
import io.github.classiczoo.train.search.SearchSpace;

/**
 * Default search spaces of AlexNet for {@code zoo search}: §5's momentum SGD (0.01, 0.9, weight decay 5e-4) at a
 * constant rate with the rate, momentum, decay and batch size around it; for the paper's net also the dropout
 * probability (§4.2) and LRN on/off (§3.3). torchvision's layout has no knobs.
 */
final class AlexNetSearch {

    private AlexNetSearch() {
    }

    static SearchSpace of(ZooModel model) {
        Recipe base = SearchSpace.momentumRecipe("alexnet-search", "momentum SGD as in Krizhevsky et al. 2012 §5 (lr 0.01, momentum 0.9, "
                + "weight decay 5e-4), constant rate: the starting point of zoo search", model.name(), 0.01, 5e-4, 64);
        SearchSpace s = SearchSpace.of(base,
                Param.log("lr", 1e-3, 0.05),
                Param.range("momentum", 0.8, 0.95),
                Param.log("weight-decay", 1e-5, 1e-3),
                Param.values("batch", 32, 64, 128));
        if (model.name().equals("alexnet")) {
            s = s.with(Param.range("dropout", 0.3, 0.7)).with(Param.values("lrn", true, false));
        }
        return s;
    }
}
