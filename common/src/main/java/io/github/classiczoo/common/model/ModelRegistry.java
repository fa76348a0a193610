package io.github.classiczoo.common.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import io.github.classiczoo.common.search.SearchSpace;
import io.github.classiczoo.common.train.Recipe;

/** Every architecture on the class path, keyed by name, discovered with {@link ServiceLoader}. */
public final class ModelRegistry {

    private final Map<String, ZooModel> models;
    private final Map<String, Recipe> recipes;
    private final Map<String, ModelProvider> providers;

    private ModelRegistry(Map<String, ZooModel> models, Map<String, Recipe> recipes, Map<String, ModelProvider> providers) {
        this.models = Collections.unmodifiableMap(models);
        this.recipes = Collections.unmodifiableMap(recipes);
        this.providers = Collections.unmodifiableMap(providers);
    }

    /** Discovers providers through the context class loader. */
    public static ModelRegistry load() {
        return of(ServiceLoader.load(ModelProvider.class));
    }

    public static ModelRegistry of(Iterable<ModelProvider> providers) {
        Map<String, ZooModel> m = new LinkedHashMap<>();
        Map<String, Recipe> r = new LinkedHashMap<>();
        Map<String, ModelProvider> byModel = new LinkedHashMap<>();
        for (ModelProvider p : providers) {
            for (Recipe x : p.recipes()) {
                if (r.putIfAbsent(x.name(), x) != null) {
                    throw new IllegalStateException("two recipes named '" + x.name() + "'");
                }
            }
            for (ZooModel z : p.models()) {
                ZooModel prev = m.putIfAbsent(z.name(), z);
                if (prev != null) {
                    throw new IllegalStateException("two models named '" + z.name() + "': "
                            + prev.getClass().getName() + " and " + z.getClass().getName());
                }
                byModel.put(z.name(), p);
            }
        }
        for (Recipe x : r.values()) {
            if (!m.containsKey(x.model())) {
                throw new IllegalStateException("recipe " + x.name() + " names unknown model " + x.model());
            }
        }
        return new ModelRegistry(m, r, byModel);
    }

    public Collection<ZooModel> all() {
        return models.values();
    }

    public Collection<Recipe> recipes() {
        return recipes.values();
    }

    /** The named recipe, or an error listing the known ones. */
    public Recipe recipe(String name) {
        Recipe x = recipes.get(name);
        if (x == null) {
            throw new IllegalArgumentException("unknown recipe '" + name + "'; known: " + String.join(", ", recipes.keySet()));
        }
        return x;
    }

    /** The default search space of a model: its family's, else the generic one over the default recipe. */
    public SearchSpace searchSpace(String name) {
        ZooModel z = get(name);
        SearchSpace s = providers.get(z.name()).searchSpace(z);
        return s != null ? s : SearchSpace.generic(z, Recipe.defaults(z.name(), null));
    }

    public boolean contains(String name) {
        return models.containsKey(name);
    }

    /** The model called {@code name}, or an error that lists the close names and how to see them all. */
    public ZooModel get(String name) {
        ZooModel z = models.get(name);
        if (z != null) {
            return z;
        }
        List<String> near = new ArrayList<>();
        for (String n : models.keySet()) {
            if (n.startsWith(name) || name.startsWith(n) || editDistance(n, name) <= 2) {
                near.add(n);
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'"
                + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?")
                + " (`zoo list` shows all " + models.size() + ")");
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
