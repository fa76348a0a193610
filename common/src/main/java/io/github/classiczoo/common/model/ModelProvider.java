package io.github.classiczoo.common.model;

import io.github.classiczoo.common.search.SearchSpace;
import io.github.classiczoo.common.train.Recipe;
import java.util.List;

/**
 * Service interface: each model module lists its provider in
 * {@code META-INF/services/io.github.classiczoo.common.model.ModelProvider}.
 */
public interface ModelProvider {
    List<ZooModel> models();

    /** The family's named training recipes (the papers' own), for {@code zoo train --recipe} and {@code zoo reproduce}. */
    default List<Recipe> recipes() {
        return List.of();
    }

    /**
     * The default hyperparameter search space of one of this family's models ({@code zoo search}): the recipe it
     * starts from, the recipe hyperparameters and architecture knobs to vary. Null means
     * {@link SearchSpace#generic} with the generic default recipe.
     */
    default SearchSpace searchSpace(ZooModel model) {
        return null;
    }
}
