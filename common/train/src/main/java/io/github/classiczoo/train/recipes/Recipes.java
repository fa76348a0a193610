package io.github.classiczoo.train.recipes;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.search.SearchSpace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Every named recipe and search space on the class path ({@link RecipeProvider}s), for the models of a registry. */
public final class Recipes {

    private final Map<String, Recipe> recipes;
    private final List<RecipeProvider> providers;

    private Recipes(Map<String, Recipe> recipes, List<RecipeProvider> providers) {
        this.recipes = Collections.unmodifiableMap(recipes);
        this.providers = List.copyOf(providers);
    }

    /** The providers found through the context class loader; recipes whose model is not in {@code models} are left out. */
    public static Recipes load(ModelRegistry models) {
        return of(ServiceLoader.load(RecipeProvider.class), models);
    }

    public static Recipes of(Iterable<RecipeProvider> providers, ModelRegistry models) {
        Map<String, Recipe> r = new LinkedHashMap<>();
        List<RecipeProvider> ps = new ArrayList<>();
        for (RecipeProvider p : providers) {
            ps.add(p);
            for (Recipe x : p.recipes()) {
                if (!models.contains(x.model())) {
                    continue; // that family's artifact is not on the class path
                }
                if (r.putIfAbsent(x.name(), x) != null) {
                    throw new IllegalStateException("two recipes named '" + x.name() + "'");
                }
            }
        }
        return new Recipes(r, ps);
    }

    public Collection<Recipe> all() {
        return recipes.values();
    }

    /** The named recipe, or an error listing the known ones. */
    public Recipe get(String name) {
        Recipe x = recipes.get(name);
        if (x == null) {
            throw new IllegalArgumentException("unknown recipe '" + name + "'; known: " + String.join(", ", recipes.keySet()));
        }
        return x;
    }

    /** The default search space of a model: the first provider's that has one, else the generic one over the default recipe. */
    public SearchSpace searchSpace(ZooModel model) {
        for (RecipeProvider p : providers) {
            SearchSpace s = p.searchSpace(model);
            if (s != null) {
                return s;
            }
        }
        return SearchSpace.generic(model, Recipe.defaults(model.name(), null));
    }
}
