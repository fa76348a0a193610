package io.github.classiczoo.core.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * One architecture of the zoo, as the registry knows it: name, paper, defaults, knobs, deviations, and
 * the builder of its DL4J {@link ComputationGraphConfiguration}.
 *
 * <p>Implementations are immutable and cheap to create; model modules publish them through
 * {@link ModelProvider} (a {@link java.util.ServiceLoader} service).
 */
public interface ZooModel {

    /** Registry key, e.g. {@code lenet5}, {@code resnet50-torchvision}. */
    String name();

    /** Family, e.g. {@code LeNet}, {@code ResNet}. */
    String family();

    Paper paper();

    /** One line for {@code zoo list}. */
    String description();

    InputShape defaultInput();

    int defaultClasses();

    /** Architecture knobs this model accepts (may be empty). */
    List<Knob> knobs();

    /** Where and why this definition differs from the paper; empty only if it does not. */
    List<String> deviations();

    /** Builds the graph for a spec whose knobs have been validated by {@link #validate(ModelSpec)}. */
    ComputationGraphConfiguration define(ModelSpec spec);

    /**
     * Output vertices used only in training (auxiliary classifiers); the first network output that is not
     * listed here is the inference head. Empty for most models.
     */
    default List<String> auxiliaryOutputs(ModelSpec spec) {
        return List.of();
    }

    /**
     * The backbone's stages for this spec, shallow to deep ({@code layer1}…{@code layer4} for a ResNet): what
     * {@link Features#stages} computes. Empty if the model declares none.
     */
    default List<Stage> stages(ModelSpec spec) {
        return List.of();
    }

    /** The default spec: default input, classes, knob values and graph defaults. */
    default ModelSpec spec() {
        Map<String, String> values = new TreeMap<>();
        for (Knob k : knobs()) {
            values.put(k.name(), k.defaultValue());
        }
        return new ModelSpec(defaultInput(), defaultClasses(), values, GraphDefaults.standard());
    }

    /** The default spec with some knobs overridden (validated now, so errors surface early). */
    default ModelSpec spec(Map<String, String> overrides) {
        ModelSpec s = spec();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            s = s.withKnob(e.getKey(), e.getValue());
        }
        return validate(s);
    }

    /** Checks a spec's knobs against {@link #knobs()}: unknown names and bad values end in one clear message. */
    default ModelSpec validate(ModelSpec spec) {
        Map<String, Knob> byName = new LinkedHashMap<>();
        for (Knob k : knobs()) {
            byName.put(k.name(), k);
        }
        Map<String, String> clean = new HashMap<>();
        for (Map.Entry<String, String> e : spec.knobs().entrySet()) {
            Knob k = byName.get(e.getKey());
            if (k == null) {
                throw new IllegalArgumentException("model " + name() + " has no knob '" + e.getKey() + "'"
                        + (byName.isEmpty() ? " (it takes none)" : "; it accepts: " + String.join(", ", byName.keySet())));
            }
            clean.put(k.name(), k.validate(e.getValue()));
        }
        for (Knob k : knobs()) {
            clean.putIfAbsent(k.name(), k.defaultValue());
        }
        return new ModelSpec(spec.input(), spec.classes(), clean, spec.defaults());
    }

    /** Validates the spec, defines the graph configuration. */
    default ComputationGraphConfiguration configuration(ModelSpec spec) {
        return define(validate(spec));
    }

    /** Defines and initialises a network with fresh weights, on the fast path if a speed layer is on the class path ({@link FastPath}). */
    default ComputationGraph create(ModelSpec spec) {
        ComputationGraph g = new ComputationGraph(configuration(spec));
        g.init();
        return FastPath.install(g);
    }
}
