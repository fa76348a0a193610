package io.github.classiczoo.train.search;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.train.LrSchedule;
import io.github.classiczoo.train.Optimizer;
import io.github.classiczoo.train.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code zoo search} varies for one model, and the recipe it starts from. A parameter is either one of
 * the recipe's hyperparameters ({@link #RECIPE_PARAMS}) or one of the model's own knobs, so a candidate is
 * built by the model's own {@link ZooModel#spec(Map)} and trained by the recipe with those values changed.
 *
 * <p>Model families supply their default space ({@code RecipeProvider.searchSpace}, beside their recipes); a user narrows or widens it
 * with a small JSON file ({@link #withFile}).
 *
 * @param base the recipe every candidate starts from; its dataset is replaced by the one searched on
 */
public record SearchSpace(Recipe base, List<Param> params) {

    /**
     * The recipe hyperparameters a space may name, besides the model's knobs; {@code seed} (the training seed) is what an
     * ablation's paired runs vary.
     */
    public static final List<String> RECIPE_PARAMS = List.of("lr", "momentum", "weight-decay", "batch", "seed");

    /**
     * One searched parameter: a log-uniform or uniform range of numbers, a range of integers, or a list of values.
     * Values are kept as the strings a knob or recipe takes.
     */
    public record Param(String name, Kind kind, double min, double max, List<String> values) {

        public enum Kind { LOG, RANGE, INT, VALUES }

        public Param {
            values = List.copyOf(values);
        }

        /** Uniform on a log scale, as learning rates and weight decay are searched. */
        public static Param log(String name, double min, double max) {
            return new Param(name, Kind.LOG, min, max, List.of());
        }

        public static Param range(String name, double min, double max) {
            return new Param(name, Kind.RANGE, min, max, List.of());
        }

        public static Param integers(String name, int min, int max) {
            return new Param(name, Kind.INT, min, max, List.of());
        }

        public static Param values(String name, Object... values) {
            List<String> v = new ArrayList<>();
            for (Object o : values) {
                v.add(String.valueOf(o));
            }
            return new Param(name, Kind.VALUES, 0, 0, v);
        }

        /** Every value choice knob {@code knob} of {@code model} takes (the model's enum defines them; {@code Knob#choices}). */
        public static Param choices(io.github.classiczoo.core.model.ZooModel model, String knob) {
            return values(knob, model.knobs().stream().filter(k -> k.name().equals(knob)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(model.name() + " has no knob " + knob)).choices().toArray());
        }

        /** As written in a space file: {@code {"log": [min, max]}}, {@code {"values": [...]}} ... */
        public Map<String, Object> toMap() {
            return switch (kind) {
                case LOG -> Map.of("log", List.of(min, max));
                case RANGE -> Map.of("range", List.of(min, max));
                case INT -> Map.of("int", List.of((long) min, (long) max));
                case VALUES -> Map.of("values", values);
            };
        }

        @Override
        public String toString() {
            return switch (kind) {
                case LOG -> name + " log-uniform in [" + plain(min) + ", " + plain(max) + "]";
                case RANGE -> name + " uniform in [" + plain(min) + ", " + plain(max) + "]";
                case INT -> name + " integer in [" + (long) min + ", " + (long) max + "]";
                case VALUES -> name + " one of " + values;
            };
        }

        private static String plain(double x) {
            return new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros().toString();
        }
    }

    public SearchSpace {
        params = List.copyOf(params);
        HashSet<String> seen = new HashSet<>();
        for (Param p : params) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("search space names " + p.name() + " twice");
            }
        }
    }

    public static SearchSpace of(Recipe base, Param... params) {
        return new SearchSpace(base, List.of(params));
    }

    /**
     * For a model whose family gives no space of its own: the base recipe's learning rate (a decade either side),
     * weight decay, batch size, and every on/off or choice knob of the model.
     */
    public static SearchSpace generic(ZooModel model, Recipe base) {
        List<Param> ps = new ArrayList<>(List.of(
                Param.log("lr", base.optimizer().lr() / 10, base.optimizer().lr() * 10),
                Param.log("weight-decay", 1e-6, 1e-3),
                Param.values("batch", 32, 64, 128)));
        for (Knob k : model.knobs()) {
            if (k.kind() == Knob.Kind.BOOLEAN || k.kind() == Knob.Kind.CHOICE) {
                ps.add(new Param(k.name(), Param.Kind.VALUES, 0, 0, k.choices()));
            }
        }
        return new SearchSpace(base, ps);
    }

    /**
     * A constant-rate momentum-SGD recipe (momentum 0.9, 10 epochs, 5,000 validation images, dataset normalisation, no
     * augmentation): the starting point of the families their papers train that way (AlexNet, GoogLeNet, ResNet).
     */
    public static Recipe momentumRecipe(String name, String description, String model, double lr, double weightDecay, int batch) {
        return Recipe.builder(name, model)
                .description(description)
                .normalization(Normalization.Scheme.DATASET)
                .augment(Augment.NONE)
                .optimizer(Optimizer.momentum(lr, 0.9))
                .schedule(LrSchedule.constant())
                .weightDecay(weightDecay)
                .epochs(10)
                .batchSize(batch)
                .seed(42)
                .validation(5000)
                .build();
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return params.stream().map(Param::name).toList();
    }

    /** This space with {@code p} in place of the parameter of the same name, or added at the end. */
    public SearchSpace with(Param p) {
        List<Param> ps = new ArrayList<>(params);
        int i = names().indexOf(p.name());
        if (i >= 0) {
            ps.set(i, p);
        } else {
            ps.add(p);
        }
        return new SearchSpace(base, ps);
    }

    public SearchSpace without(String name) {
        return new SearchSpace(base, params.stream().filter(p -> !p.name().equals(name)).toList());
    }

    /**
     * Checks every parameter against the model's knobs and the base recipe and returns the space with values in
     * their canonical form; an error names the parameter and says what it takes.
     */
    public SearchSpace check(ZooModel model) {
        Map<String, Knob> knobs = new LinkedHashMap<>();
        model.knobs().forEach(k -> knobs.put(k.name(), k));
        List<Param> out = new ArrayList<>();
        for (Param p : params) {
            try {
                out.add(checkOne(p, knobs.get(p.name()), model));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(p.name() + ": " + e.getMessage(), e);
            }
        }
        return new SearchSpace(base, out);
    }

    private Param checkOne(Param p, Knob knob, ZooModel model) {
        boolean recipeParam = RECIPE_PARAMS.contains(p.name());
        if (knob == null && !recipeParam) {
            throw new IllegalArgumentException("not a recipe hyperparameter (" + String.join(", ", RECIPE_PARAMS) + ") nor a knob of " + model.name()
                    + (model.knobs().isEmpty() ? " (it has none)" : " (" + String.join(", ", model.knobs().stream().map(Knob::name).toList()) + ")"));
        }
        if (p.kind() == Param.Kind.VALUES) {
            if (p.values().isEmpty()) {
                throw new IllegalArgumentException("needs at least one value");
            }
            List<String> canon = new ArrayList<>();
            for (String v : p.values()) {
                String c = knob != null ? knob.validate(v) : recipeValue(p.name(), v);
                if (canon.contains(c)) {
                    throw new IllegalArgumentException("value " + v + " is listed twice");
                }
                canon.add(c);
            }
            return new Param(p.name(), p.kind(), 0, 0, canon);
        }
        if (!(p.min() <= p.max())) {
            throw new IllegalArgumentException("range [" + p.min() + ", " + p.max() + "] needs min ≤ max");
        }
        if (p.kind() == Param.Kind.LOG && !(p.min() > 0)) {
            throw new IllegalArgumentException("a log range needs min > 0; got " + p.min());
        }
        if (p.kind() == Param.Kind.INT && (p.min() != Math.rint(p.min()) || p.max() != Math.rint(p.max()))) {
            throw new IllegalArgumentException("an int range needs whole numbers; got [" + p.min() + ", " + p.max() + "]");
        }
        boolean integral = p.kind() == Param.Kind.INT;
        if (knob != null) {
            boolean numeric = knob.kind() == Knob.Kind.DOUBLE || (knob.kind() == Knob.Kind.INT && integral);
            if (!numeric) {
                throw new IllegalArgumentException("knob " + knob.name() + " is " + knob.kind().name().toLowerCase(Locale.ROOT)
                        + (knob.kind() == Knob.Kind.INT ? ": give an int range or values" : ": give values, e.g. " + knob.choices()));
            }
            knob.validate(number(p.min(), integral));
            knob.validate(number(p.max(), integral));
        } else {
            if (p.name().equals("batch") && !integral) {
                throw new IllegalArgumentException("batch takes an int range or values");
            }
            recipeValue(p.name(), number(p.min(), integral));
            recipeValue(p.name(), number(p.max(), integral));
        }
        return p;
    }

    private String recipeValue(String name, String value) {
        double x;
        try {
            x = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("takes a number; got '" + value + "'");
        }
        switch (name) {
            case "lr" -> {
                if (!(x > 0)) {
                    throw new IllegalArgumentException("learning rate must be positive; got " + value);
                }
            }
            case "momentum" -> {
                Optimizer.Kind k = base.optimizer().kind();
                if (k != Optimizer.Kind.MOMENTUM && k != Optimizer.Kind.NESTEROV) {
                    throw new IllegalArgumentException("the base recipe (" + base.name() + ") uses " + k.name().toLowerCase(Locale.ROOT)
                            + ", which has no momentum");
                }
                if (!(x >= 0 && x < 1)) {
                    throw new IllegalArgumentException("momentum must be in [0, 1); got " + value);
                }
            }
            case "weight-decay" -> {
                if (!(x >= 0)) {
                    throw new IllegalArgumentException("weight decay must be 0 or more; got " + value);
                }
            }
            case "batch" -> {
                if (x != Math.rint(x) || x < 1) {
                    throw new IllegalArgumentException("batch size must be a whole number ≥ 1; got " + value);
                }
                return Long.toString((long) x);
            }
            case "seed" -> {
                if (x != Math.rint(x) || Math.abs(x) > 1L << 53) {
                    throw new IllegalArgumentException("a seed is a whole number; got " + value);
                }
                return Long.toString((long) x);
            }
            default -> throw new IllegalStateException(name);
        }
        return Double.toString(x);
    }

    /** A number as a knob or recipe takes it: "3" for integers, else Java's shortest double form. */
    public static String number(double x, boolean integral) {
        return integral ? Long.toString(Math.round(x)) : Double.toString(x);
    }

    /** The recipe a candidate trains with: the base recipe with the candidate's recipe hyperparameters. */
    public Recipe recipe(Map<String, String> candidate) {
        Recipe r = base;
        for (Map.Entry<String, String> e : candidate.entrySet()) {
            String v = e.getValue();
            r = switch (e.getKey()) {
                case "lr" -> r.withLr(Double.parseDouble(v));
                case "momentum" -> {
                    Optimizer o = r.optimizer();
                    yield r.withOptimizer(new Optimizer(o.kind(), o.lr(), Double.parseDouble(v), o.beta1(), o.beta2(), o.epsilon()));
                }
                case "weight-decay" -> r.withWeightDecay(Double.parseDouble(v));
                case "batch" -> r.withBatchSize(Integer.parseInt(v));
                case "seed" -> r.withSeed(Long.parseLong(v));
                default -> r;
            };
        }
        return r;
    }

    /** The knob values of a candidate (its parameters that are not recipe hyperparameters). */
    public static Map<String, String> knobs(Map<String, String> candidate) {
        Map<String, String> k = new LinkedHashMap<>(candidate);
        k.keySet().removeAll(RECIPE_PARAMS);
        return k;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        params.forEach(p -> m.put(p.name(), p.toMap()));
        return m;
    }

    /** This space changed by a JSON file ({@link SpaceFile}); not checked against a model here: call {@link #check}. */
    public SearchSpace withFile(Path file) {
        return SpaceFile.apply(this, file);
    }
}
