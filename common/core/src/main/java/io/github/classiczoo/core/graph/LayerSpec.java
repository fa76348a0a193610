package io.github.classiczoo.core.graph;

import org.deeplearning4j.nn.conf.layers.Layer;

/** Something that builds one DL4J layer configuration; the factories in {@link Layers} return these. */
@FunctionalInterface
public interface LayerSpec {
    Layer build();
}
