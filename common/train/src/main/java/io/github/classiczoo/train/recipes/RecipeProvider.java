package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.search.SearchSpace;
import java.util.List;

/**
 * Service interface of the harness: named training recipes (the papers' own) and default search spaces, listed in
 * {@code META-INF/services/io.github.classiczoo.train.RecipeProvider}. Recipes name their model as a string, so the
 * model artifacts never see the harness; {@link Recipes} gathers every provider on the class path.
 */
public interface RecipeProvider {

    /** Named recipes, for {@code zoo train --recipe} and {@code zoo reproduce}. */
    List<Recipe> recipes();

    /**
     * The default search space of {@code model} ({@code zoo search}), or null if this provider has none for it
     * (then the next provider is asked, and at last {@link SearchSpace#generic} over the default recipe is used).
     */
    default SearchSpace searchSpace(ZooModel model) {
        return null;
    }
}
