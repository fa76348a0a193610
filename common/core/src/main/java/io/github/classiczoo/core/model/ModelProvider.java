package io.github.classiczoo.core.model;

import java.util.List;

/**
 * Service interface: each model module lists its provider in
 * {@code META-INF/services/io.github.classiczoo.core.model.ModelProvider}, and {@link ModelRegistry} finds it.
 * Training recipes and search spaces are the harness's (zoo-train's {@code RecipeProvider}), not the model's.
 */
public interface ModelProvider {
    List<ZooModel> models();
}
