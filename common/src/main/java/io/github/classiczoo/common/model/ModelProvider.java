package io.github.classiczoo.common.model;

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
}
