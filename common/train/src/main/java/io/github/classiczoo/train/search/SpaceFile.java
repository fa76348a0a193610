package io.github.classiczoo.train.search;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.ZooException;

import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.train.search.SearchSpace.Param;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * A user's change to a search space, as a small JSON file:
 * <pre>{"replace": false, "params": {"lr": {"log": [1e-4, 1e-2]}, "pool": {"values": ["max", "avg"]}, "batch": null}}</pre>
 * Each named parameter replaces the default one of that name or is added; {@code null} drops it (the recipe's or
 * model's own value is used); {@code "replace": true} searches only the parameters the file names. Kinds:
 * {@code log} (log-uniform), {@code range} (uniform), {@code int}, {@code values}. Errors name the file and the field.
 */
final class SpaceFile {

    /** The largest space file read, and the most values one parameter may list. */
    static final int MAX_BYTES = 1 << 20, MAX_VALUES = 1000;

    private SpaceFile() {
    }

    static SearchSpace apply(SearchSpace space, Path file) {
        String text;
        try {
            // read with the bound whatever the path names: /dev/zero or a FIFO has no size to check first
            text = Files2.readString(file, MAX_BYTES);
        } catch (ZooException e) {
            throw new IllegalArgumentException("space file: " + e.getMessage() + " (a search space is at most " + MAX_BYTES + " bytes)", e);
        }
        JsonNode root;
        try {
            root = Json.readStrict(text); // a person writes it: a key given twice is a mistake, not "the last one wins"
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("space file " + file + " is not valid JSON: " + e.getMessage().replaceFirst("^invalid JSON: ", ""), e);
        }
        try {
            return apply(space, root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("space file " + file + ": " + e.getMessage(), e);
        }
    }

    static SearchSpace apply(SearchSpace space, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected an object {\"replace\": false, \"params\": {...}}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("replace") && !f.equals("params")) {
                throw new IllegalArgumentException("unknown field '" + f + "' (the file has \"replace\" and \"params\")");
            }
        }
        JsonNode ps = root.path("params");
        if (!ps.isObject()) {
            throw new IllegalArgumentException("\"params\" must be an object of parameter name → {\"log\"|\"range\"|\"int\"|\"values\": ...}");
        }
        JsonNode replace = root.path("replace");
        if (!replace.isMissingNode() && !replace.isBoolean()) {
            throw new IllegalArgumentException("\"replace\" must be true or false");
        }
        SearchSpace s = replace.asBoolean(false) ? new SearchSpace(space.base(), List.of()) : space;
        for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            s = e.getValue().isNull() ? s.without(e.getKey()) : s.with(parseParam(e.getKey(), e.getValue()));
        }
        return s;
    }

    private static Param parseParam(String name, JsonNode spec) {
        if (!spec.isObject() || spec.size() != 1) {
            throw new IllegalArgumentException(name + ": give exactly one of {\"log\": [min, max]}, {\"range\": [min, max]}, {\"int\": [min, max]}, "
                    + "{\"values\": [...]}, or null to leave it out");
        }
        String kind = spec.fieldNames().next();
        JsonNode v = spec.get(kind);
        switch (kind) {
            case "values" -> {
                if (!v.isArray() || v.isEmpty()) {
                    throw new IllegalArgumentException(name + ": \"values\" must be a non-empty list");
                }
                if (v.size() > MAX_VALUES) {
                    throw new IllegalArgumentException(name + ": " + v.size() + " values; at most " + MAX_VALUES);
                }
                List<String> vs = new ArrayList<>();
                for (JsonNode x : v) {
                    if (!x.isValueNode() || x.isNull()) {
                        throw new IllegalArgumentException(name + ": values must be numbers, strings or booleans; got " + x);
                    }
                    vs.add(x.asText());
                }
                return new Param(name, Param.Kind.VALUES, 0, 0, vs);
            }
            case "log", "range", "int" -> {
                if (!v.isArray() || v.size() != 2 || !v.get(0).isNumber() || !v.get(1).isNumber()) {
                    throw new IllegalArgumentException(name + ": \"" + kind + "\" must be [min, max] (two numbers); got " + v);
                }
                Param.Kind k = switch (kind) {
                    case "log" -> Param.Kind.LOG;
                    case "range" -> Param.Kind.RANGE;
                    default -> Param.Kind.INT;
                };
                double min = v.get(0).asDouble(), max = v.get(1).asDouble();
                if (!Double.isFinite(min) || !Double.isFinite(max)) {
                    throw new IllegalArgumentException(name + ": \"" + kind + "\" bounds " + min + ", " + max + " are not finite numbers");
                }
                if (min > max) {
                    throw new IllegalArgumentException(name + ": \"" + kind + "\" min " + v.get(0) + " is above max " + v.get(1));
                }
                if (k == Param.Kind.LOG && min <= 0) {
                    throw new IllegalArgumentException(name + ": \"log\" bounds must be above 0; got " + v.get(0));
                }
                if (k == Param.Kind.INT && (min != Math.rint(min) || max != Math.rint(max) || min < -1e9 || max > 1e9)) {
                    throw new IllegalArgumentException(name + ": \"int\" bounds must be whole numbers within ±1e9; got " + v);
                }
                return new Param(name, k, min, max, List.of());
            }
            default -> throw new IllegalArgumentException(name + ": unknown kind '" + kind + "' (log, range, int or values)");
        }
    }
}
