package io.github.classiczoo.core.model;

import io.github.classiczoo.core.util.Enums;
import java.util.List;
import java.util.Locale;

/**
 * An architecture knob a model accepts (depth, width multiplier, shortcut option, aux heads ...).
 * Values travel as strings (from the command line, a search space or a manifest) and are checked here.
 */
public record Knob(String name, Kind kind, String defaultValue, String description, List<String> choices, double min, double max) {

    public enum Kind { INT, DOUBLE, BOOLEAN, CHOICE }

    public static Knob integer(String name, int def, int min, int max, String description) {
        return new Knob(name, Kind.INT, Integer.toString(def), description, List.of(), min, max);
    }

    public static Knob decimal(String name, double def, double min, double max, String description) {
        return new Knob(name, Kind.DOUBLE, Double.toString(def), description, List.of(), min, max);
    }

    public static Knob bool(String name, boolean def, String description) {
        return new Knob(name, Kind.BOOLEAN, Boolean.toString(def), description, List.of("true", "false"), 0, 1);
    }

    /**
     * A knob that takes one of {@code values}, constants of an enum written as their {@code toString()} ({@link Enums}); the
     * model reads it back as that enum with {@link ModelSpec#choice}.
     */
    public static <E extends Enum<E>> Knob choice(String name, E def, List<E> values, String description) {
        if (!values.contains(def)) {
            throw new IllegalArgumentException("default '" + def + "' of knob " + name + " is not one of " + values);
        }
        return new Knob(name, Kind.CHOICE, def.toString(), description, values.stream().map(Object::toString).toList(), 0, 0);
    }

    /** Returns the canonical form of {@code value}, or throws with a message a user can act on. */
    public String validate(String value) {
        String v = value.trim();
        switch (kind) {
            case INT -> {
                long x;
                try {
                    x = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("knob " + name + " takes an integer; got '" + value + "'");
                }
                if (x < min || x > max) {
                    throw new IllegalArgumentException("knob " + name + " must be in [" + (long) min + ", " + (long) max + "]; got " + x);
                }
                return Long.toString(x);
            }
            case DOUBLE -> {
                double x;
                try {
                    x = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("knob " + name + " takes a number; got '" + value + "'");
                }
                if (!(x >= min && x <= max)) {
                    throw new IllegalArgumentException("knob " + name + " must be in [" + min + ", " + max + "]; got " + x);
                }
                return Double.toString(x);
            }
            case BOOLEAN -> {
                String l = v.toLowerCase(Locale.ROOT);
                if (!l.equals("true") && !l.equals("false")) {
                    throw new IllegalArgumentException("knob " + name + " takes true or false; got '" + value + "'");
                }
                return l;
            }
            default -> {
                if (!choices.contains(v)) {
                    throw new IllegalArgumentException("knob " + name + " takes one of " + choices + "; got '" + value + "'");
                }
                return v;
            }
        }
    }

    /** A one-line description for help and listings, e.g. {@code width=1.0 (0.25..4.0): channel multiplier}. */
    public String describe() {
        String range = switch (kind) {
            case INT -> (long) min + ".." + (long) max;
            case DOUBLE -> min + ".." + max;
            case BOOLEAN, CHOICE -> String.join("|", choices);
        };
        return name + "=" + defaultValue + " (" + range + "): " + description;
    }
}
