package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.search.SearchSpace;
import java.util.ArrayList;
import java.util.List;

/**
 * The papers' recipes and the families' default search spaces, one pair of files per family beside this one
 * ({@code LeNetRecipes}/{@code LeNetSearch}, {@code ResNetRecipes}/{@code ResNetSearch}, ...). They live with the
 * harness, not in the model artifacts, so that those depend on zoo-core alone; they name models by registry name.
 */
public final class PaperRecipes implements RecipeProvider {

    @Override
    public List<Recipe> recipes() {
        List<Recipe> all = new ArrayList<>();
        all.addAll(LeNetRecipes.all());
        all.addAll(AlexNetRecipes.all());
        all.addAll(GoogLeNetRecipes.all());
        all.addAll(ResNetRecipes.all());
        return all;
    }

    @Override
    public SearchSpace searchSpace(ZooModel model) {
        return switch (model.family()) {
            case "LeNet", "MLP" -> LeNetSearch.of(model);
            case "AlexNet" -> AlexNetSearch.of(model);
            case "GoogLeNet" -> GoogLeNetSearch.of(model);
            case "ResNet" -> ResNetSearch.of(model);
            default -> null;
        };
    }
}
