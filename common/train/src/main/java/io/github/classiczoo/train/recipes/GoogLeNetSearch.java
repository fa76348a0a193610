package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.search.SearchSpace.Param;
import io.github.classiczoo.train.search.SearchSpace;

/**
 * Default search spaces of GoogLeNet for {@code zoo search}: §6's momentum SGD (0.9; our 0.01 and 2e-4, the paper
 * gives neither) at a constant rate with the rate, momentum, decay and batch size around it, and the auxiliary
 * classifiers on or off (they need 224×224 inputs: on smaller ones such a candidate fails and is recorded so).
 */
final class GoogLeNetSearch {

    private GoogLeNetSearch() {
    }

    static SearchSpace of(ZooModel model) {
        Recipe base = SearchSpace.momentumRecipe("googlenet-search", "momentum SGD as in Szegedy et al. 2014 §6 (momentum 0.9; lr 0.01 and "
                + "weight decay 2e-4 are ours), constant rate: the starting point of zoo search", model.name(), 0.01, 2e-4, 64);
        return SearchSpace.of(base,
                Param.log("lr", 1e-3, 0.05),
                Param.range("momentum", 0.8, 0.95),
                Param.log("weight-decay", 1e-5, 1e-3),
                Param.values("batch", 32, 64, 128),
                Param.values("aux", true, false));
    }
}
