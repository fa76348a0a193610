package io.github.classiczoo.core.model;

import io.github.classiczoo.core.util.Enums;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one build of an architecture needs: input shape, class count, architecture knob values,
 * and the harness's graph defaults. Obtain one from {@link ZooModel#spec()} so knobs are validated.
 */
public record ModelSpec(InputShape input, int classes, Map<String, String> knobs, GraphDefaults defaults) {

    public ModelSpec {
        if (classes < 1) {
            throw new IllegalArgumentException("number of classes must be at least 1; got " + classes);
        }
        knobs = Map.copyOf(knobs);
    }

    public ModelSpec withInput(InputShape in) {
        return new ModelSpec(in, classes, knobs, defaults);
    }

    public ModelSpec withClasses(int n) {
        return new ModelSpec(input, n, knobs, defaults);
    }

    public ModelSpec withDefaults(GraphDefaults d) {
        return new ModelSpec(input, classes, knobs, d);
    }

    /** A copy with one knob set; the value is checked when the owning model builds or validates the spec. */
    public ModelSpec withKnob(String name, String value) {
        Map<String, String> m = new TreeMap<>(knobs);
        m.put(name, value);
        return new ModelSpec(input, classes, m, defaults);
    }

    public String knob(String name) {
        String v = knobs.get(name);
        if (v == null) {
            throw new IllegalStateException("knob " + name + " has no value; build specs with ZooModel.spec()");
        }
        return v;
    }

    public int intKnob(String name) {
        return Integer.parseInt(knob(name));
    }

    public double doubleKnob(String name) {
        return Double.parseDouble(knob(name));
    }

    public boolean boolKnob(String name) {
        return Boolean.parseBoolean(knob(name));
    }

    /** The value of choice knob {@code name} ({@link Knob#choice}) as the constant of {@code type} it is written as. */
    public <E extends Enum<E>> E choice(String name, Class<E> type) {
        return Enums.parse(type, "knob " + name, knob(name));
    }
}
