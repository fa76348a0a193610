package io.github.classiczoo.app.search;

import io.github.classiczoo.train.search.SearchSpace.Param;
import io.github.classiczoo.train.search.SearchSpace;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;

/**
 * The candidates of a search, drawn by Arbiter's generators from a {@link SearchSpace}: each parameter becomes an
 * Arbiter leaf space (log-uniform, uniform, integer, discrete, or fixed when it has one value) and the candidate is
 * the map of parameter name to value. The whole list is drawn up front, so it depends only on the space, the
 * strategy and the seed: a resumed search sees the same candidates in the same order.
 */
public final class Candidates {

    private Candidates() {
    }

    /** {@code n} candidates drawn uniformly (log-uniformly for log ranges) with Arbiter's random search. */
    public static List<Map<String, String>> random(SearchSpace space, int n, long seed) {
        Root root = new Root(space);
        RandomSearchGenerator g = new RandomSearchGenerator(root);
        g.setRngSeed(seed);
        return draw(root, g, n);
    }

    /**
     * The grid in Arbiter's sequential order (the first parameter varies fastest), at most {@code limit} of it:
     * lists are taken as they are, ranges at {@code points} evenly spaced values (log-spaced for log ranges, and
     * at most every integer of an int range).
     */
    public static List<Map<String, String>> grid(SearchSpace space, int points, int limit) {
        Root root = new Root(space);
        GridSearchCandidateGenerator g = new GridSearchCandidateGenerator(root, points, GridSearchCandidateGenerator.Mode.Sequential, null);
        return draw(root, g, Math.min(limit, g.getTotalNumCandidates()));
    }

    /** How many candidates the whole grid has (counted as {@link #grid} lays it out; {@code Long.MAX_VALUE} if beyond). */
    public static long gridSize(SearchSpace space, int points) {
        long n = 1;
        for (Param p : space.params()) {
            long k = switch (p.kind()) {
                case VALUES -> p.values().size();
                case INT -> Math.min(points, (long) p.max() - (long) p.min() + 1);
                default -> p.min() == p.max() ? 1 : points;
            };
            n = k > 0 && n > Long.MAX_VALUE / k ? Long.MAX_VALUE : n * k;
        }
        return n;
    }

    /**
     * The candidates' values are computed from their points in the unit cube ({@code getFlatParameters}), not taken from
     * {@code Candidate.getValue}, which round-trips them through Java serialization (the launcher forbids deserialization).
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> draw(Root root, CandidateGenerator g, int n) {
        List<Map<String, String>> out = new ArrayList<>();
        while (out.size() < n && g.hasMoreCandidates()) {
            Candidate<Map<String, String>> c = g.getCandidate();
            if (c.getException() != null) {
                throw new IllegalStateException("Arbiter could not build candidate " + c.getIndex() + ": " + c.getException().getMessage(),
                        c.getException());
            }
            out.add(root.getValue(c.getFlatParameters()));
        }
        return out;
    }

    /** A number rounded to 4 significant digits and kept inside its range, so what is recorded is what ran. */
    static String round(Param p, double x) {
        if (p.kind() == Param.Kind.INT) {
            return Long.toString(Math.round(x));
        }
        double r = new BigDecimal(x).round(new MathContext(4)).doubleValue();
        return Double.toString(Math.max(p.min(), Math.min(p.max(), r)));
    }

    private static ParameterSpace<?> leaf(Param p) {
        boolean single = p.kind() == Param.Kind.VALUES ? p.values().size() == 1 : p.min() == p.max();
        if (single) {
            // Arbiter's grid skips one-valued leaves when it maps grid indices: they must be FixedValues
            return new FixedValue<>(p.kind() == Param.Kind.VALUES ? p.values().get(0) : p.min());
        }
        return switch (p.kind()) {
            case LOG -> new ContinuousParameterSpace(new LogUniformDistribution(p.min(), p.max()));
            case RANGE -> new ContinuousParameterSpace(p.min(), p.max());
            case INT -> new IntegerParameterSpace((int) p.min(), (int) p.max());
            case VALUES -> new DiscreteParameterSpace<>(p.values());
        };
    }

    /**
     * The space as one Arbiter parameter space whose value is the candidate: parameter name → value. (Arbiter's
     * interface uses raw {@code ParameterSpace} lists.)
     */
    @SuppressWarnings("rawtypes")
    private static final class Root implements ParameterSpace<Map<String, String>> {
        private final List<Param> params;
        private final List<ParameterSpace<?>> leaves = new ArrayList<>();

        Root(SearchSpace space) {
            this.params = space.params();
            params.forEach(p -> leaves.add(leaf(p)));
        }

        @Override
        public Map<String, String> getValue(double[] x) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < params.size(); i++) {
                Param p = params.get(i);
                Object v = leaves.get(i).getValue(x);
                m.put(p.name(), v instanceof Number n && p.kind() != Param.Kind.VALUES ? round(p, n.doubleValue()) : String.valueOf(v));
            }
            return m;
        }

        @Override
        public int numParameters() {
            return leaves.stream().mapToInt(ParameterSpace::numParameters).sum();
        }

        @Override
        public List<ParameterSpace> collectLeaves() {
            List<ParameterSpace> out = new ArrayList<>();
            leaves.forEach(l -> out.addAll(l.collectLeaves()));
            return out;
        }

        @Override
        public Map<String, ParameterSpace> getNestedSpaces() {
            Map<String, ParameterSpace> m = new LinkedHashMap<>();
            for (int i = 0; i < params.size(); i++) {
                m.put(params.get(i).name(), leaves.get(i));
            }
            return m;
        }

        @Override
        public boolean isLeaf() {
            return false;
        }

        @Override
        public void setIndices(int... indices) {
            throw new UnsupportedOperationException("the root of a search space is not a leaf");
        }
    }
}
