package io.github.classiczoo.core.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Every architecture on the class path, keyed by name, discovered with {@link ServiceLoader}. */
public final class ModelRegistry {

    private final Map<String, ZooModel> models;

    private ModelRegistry(Map<String, ZooModel> models) {
        this.models = Collections.unmodifiableMap(models);
    }

    /** Discovers providers through the context class loader. */
    public static ModelRegistry load() {
        return of(ServiceLoader.load(ModelProvider.class));
    }

    public static ModelRegistry of(Iterable<ModelProvider> providers) {
        Map<String, ZooModel> m = new LinkedHashMap<>();
        for (ModelProvider p : providers) {
            for (ZooModel z : p.models()) {
                ZooModel prev = m.putIfAbsent(z.name(), z);
                if (prev != null) {
                    throw new IllegalStateException("two models named '" + z.name() + "': "
                            + prev.getClass().getName() + " and " + z.getClass().getName());
                }
            }
        }
        return new ModelRegistry(m);
    }

    public Collection<ZooModel> all() {
        return models.values();
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

    static int editDistance(String a, String b) {
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
