package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.search.SearchSpace.Param;
import io.github.classiczoo.train.search.SearchSpace;

/**
 * Default search spaces of the ResNets for {@code zoo search}: the paper's momentum SGD (§3.4, §4.2: 0.1, 0.9, weight
 * decay 1e-4) at a constant rate, with the rate, momentum, decay and batch size around it, the width multiplier and,
 * where the layout has it, the §3.3 shortcut option.
 */
final class ResNetSearch {

    private ResNetSearch() {
    }

    static SearchSpace of(ZooModel model) {
        Recipe base = SearchSpace.momentumRecipe("resnet-search", "momentum SGD as in He et al. 2015 (lr 0.1, momentum 0.9, weight decay 1e-4), "
                + "constant rate: the starting point of zoo search", model.name(), 0.1, 1e-4, 64);
        SearchSpace s = SearchSpace.of(base,
                Param.log("lr", 0.01, 0.3),
                Param.range("momentum", 0.8, 0.95),
                Param.log("weight-decay", 1e-5, 1e-3),
                Param.values("batch", 32, 64, 128),
                Param.range("width", 0.5, 2.0));
        boolean hasShortcut = model.knobs().stream().anyMatch(k -> k.name().equals("shortcut"));
        return hasShortcut ? s.with(Param.choices(model, "shortcut")) : s;
    }
}
