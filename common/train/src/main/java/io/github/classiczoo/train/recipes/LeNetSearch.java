package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.search.SearchSpace.Param;
import io.github.classiczoo.train.search.SearchSpace;

/**
 * Default search spaces of the LeNet family for {@code zoo search}: Adam (the default recipe; the paper's SDLM is not
 * implemented) around its 1e-3, weight decay, batch size, and each model's own knobs.
 */
final class LeNetSearch {

    private LeNetSearch() {
    }

    static SearchSpace of(ZooModel model) {
        SearchSpace s = SearchSpace.of(Recipe.defaults(model.name(), null),
                Param.log("lr", 1e-4, 1e-2),
                Param.log("weight-decay", 1e-6, 1e-3),
                Param.values("batch", 32, 64, 128));
        return switch (model.name()) {
            case "lenet5-modern" -> s.with(Param.range("width", 0.5, 2.0))
                    .with(Param.choices(model, "activation"))
                    .with(Param.choices(model, "pool"));
            // the paper gives no j for eq. 9; search a range around our 10
            case "lenet5" -> s.with(Param.range("rbf-j", 2.0, 20.0));
            case "lenet1", "lenet4", "lenet4-boosted" -> s; // no knobs: the papers' networks as they are
            default -> s.with(Param.choices(model, "activation")); // the MLPs
        };
    }
}
