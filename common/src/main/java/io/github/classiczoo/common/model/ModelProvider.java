package io.github.classiczoo.common.model;

import java.util.List;

/**
 * Service interface: each model module lists its provider in
 * {@code META-INF/services/io.github.classiczoo.common.model.ModelProvider}.
 */
public interface ModelProvider {
    List<ZooModel> models();
}
