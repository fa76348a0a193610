package io.github.classiczoo.train;

import io.github.classiczoo.core.util.Text;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * How the learning rate changes: a multiplier of the optimiser's base rate as a function of the epoch and
 * iteration, optionally with a linear warm-up, and (for {@code plateau}) of the validation history.
 *
 * @param kind        constant, step, multistep-epochs, multistep-iterations, table, cosine, plateau ({@link Kind})
 * @param milestones  step: [every]; multistep: the epochs or iterations at which the rate is multiplied;
 *                    table: the epochs from which {@code multipliers} apply
 * @param factor      the multiplier at each milestone / plateau (e.g. 0.1)
 * @param patience    plateau: epochs without improvement before the rate is multiplied
 * @param warmupIterations linear warm-up from warmupStart × base over this many iterations (0 = none)
 * @param warmupUntilTrainError if positive: train at warmupStart × base until the training error (over the last
 *                    10 batches) falls below this fraction, then switch to the schedule (ResNet-110, §4.2)
 */
public record LrSchedule(Kind kind, List<Long> milestones, List<Double> multipliers, double factor, int patience,
                         long warmupIterations, double warmupStart, double warmupUntilTrainError) {

    /** The schedules' shapes, named in manifests as {@link #toString()} gives them. */
    public enum Kind {
        CONSTANT, STEP, MULTISTEP_EPOCHS, MULTISTEP_ITERATIONS,
        TABLE, COSINE, PLATEAU;

        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    public static LrSchedule constant() {
        return new LrSchedule(Kind.CONSTANT, List.of(), List.of(), 1, 0, 0, 1, 0);
    }

    public static LrSchedule step(int everyEpochs, double factor) {
        return new LrSchedule(Kind.STEP, List.of((long) everyEpochs), List.of(), factor, 0, 0, 1, 0);
    }

    public static LrSchedule multistepEpochs(double factor, long... epochs) {
        return new LrSchedule(Kind.MULTISTEP_EPOCHS, asList(epochs), List.of(), factor, 0, 0, 1, 0);
    }

    public static LrSchedule multistepIterations(double factor, long... iterations) {
        return new LrSchedule(Kind.MULTISTEP_ITERATIONS, asList(iterations), List.of(), factor, 0, 0, 1, 0);
    }

    public static LrSchedule cosine() {
        return new LrSchedule(Kind.COSINE, List.of(), List.of(), 0, 0, 0, 1, 0);
    }

    public static LrSchedule plateau(double factor, int patience) {
        return new LrSchedule(Kind.PLATEAU, List.of(), List.of(), factor, patience, 0, 1, 0);
    }

    public LrSchedule withWarmup(long iterations, double startFraction) {
        return new LrSchedule(kind, milestones, multipliers, factor, patience, iterations, startFraction, warmupUntilTrainError);
    }

    /** Trains at {@code startFraction} × base until the training error drops below {@code error} (ResNet-110: 0.1, 0.8). */
    public LrSchedule withWarmupUntilTrainError(double error, double startFraction) {
        return new LrSchedule(kind, milestones, multipliers, factor, patience, warmupIterations, startFraction, error);
    }

    /** Piecewise-constant multipliers by epoch: from epoch {@code fromEpoch[i]} on, the rate is base × {@code multiplier[i]}. */
    public static LrSchedule table(long[] fromEpoch, double[] multiplier) {
        if (fromEpoch.length != multiplier.length) {
            throw new IllegalArgumentException("table schedule needs one multiplier per epoch");
        }
        return new LrSchedule(Kind.TABLE, asList(fromEpoch), java.util.Arrays.stream(multiplier).boxed().toList(), 0, 0, 0, 1, 0);
    }

    private static List<Long> asList(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    /**
     * The multiplier at a point of training.
     *
     * @param plateauDrops how many times the plateau rule has fired so far (kept by the trainer)
     */
    public double multiplier(int epoch, long iteration, long totalIterations, int plateauDrops) {
        double m = switch (kind) {
            case CONSTANT -> 1;
            case STEP -> Math.pow(factor, epoch / milestones.get(0));
            case MULTISTEP_EPOCHS -> Math.pow(factor, milestones.stream().filter(e -> epoch >= e).count());
            case MULTISTEP_ITERATIONS -> Math.pow(factor, milestones.stream().filter(i -> iteration >= i).count());
            case TABLE -> {
                double t = 1;
                for (int i = 0; i < milestones.size(); i++) {
                    if (epoch >= milestones.get(i)) {
                        t = multipliers.get(i);
                    }
                }
                yield t;
            }
            case COSINE -> 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, (double) iteration / Math.max(1, totalIterations))));
            case PLATEAU -> Math.pow(factor, plateauDrops);
        };
        if (warmupIterations > 0 && iteration < warmupIterations) {
            m *= warmupStart + (1 - warmupStart) * iteration / (double) warmupIterations;
        }
        return m;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.toString());
        if (!milestones.isEmpty()) {
            m.put("milestones", milestones);
        }
        if (!multipliers.isEmpty()) {
            m.put("multipliers", multipliers);
        }
        if (factor != 0 && factor != 1) {
            m.put("factor", factor);
        }
        if (patience > 0) {
            m.put("patience", patience);
        }
        if (warmupIterations > 0) {
            m.put("warmupIterations", warmupIterations);
            m.put("warmupStart", warmupStart);
        }
        if (warmupUntilTrainError > 0) {
            m.put("warmupUntilTrainError", warmupUntilTrainError);
            m.put("warmupStart", warmupStart);
        }
        return m;
    }

    /** Where a run stands in this schedule, starting from the beginning; checkpoints save it ({@link Position#toMap}). */
    public Position start() {
        return new Position(this);
    }

    /**
     * The schedule's own state in a run: how often the plateau rule fired, epochs since the validation error last
     * improved, and the warm-up (§4.2's ResNet-110: train at a small rate until the training error falls below a bound).
     * The trainer asks it for the rate's multiplier before each step and tells it what happened after each step and epoch.
     */
    public static final class Position {
        private static final int WARMUP_WINDOW = 10;

        private final LrSchedule schedule;
        private int plateauDrops;
        private int sinceImprovement;
        private boolean warmupDone;
        private final ArrayDeque<Double> warmupWindow = new ArrayDeque<>();

        private Position(LrSchedule schedule) {
            this.schedule = schedule;
        }

        /** Whether the next step is still in the error-bounded warm-up. */
        public boolean warming() {
            return schedule.warmupUntilTrainError() > 0 && !warmupDone;
        }

        /** The multiplier of the base rate for the step at ({@code epoch}, {@code iteration}) of {@code total}. */
        public double multiplier(int epoch, long iteration, long total) {
            return warming() ? schedule.warmupStart() : schedule.multiplier(epoch, iteration, total, plateauDrops);
        }

        /**
         * After a step taken while {@link #warming()}: that batch's training error; returns a message when the warm-up
         * ends (the error averaged over the last 10 batches fell below the bound), else null.
         */
        public String afterWarmupStep(double batchError, long iteration) {
            warmupWindow.addLast(batchError);
            if (warmupWindow.size() > WARMUP_WINDOW) {
                warmupWindow.removeFirst();
            }
            double err = warmupWindow.stream().mapToDouble(Double::doubleValue).average().orElse(1);
            if (warmupWindow.size() == WARMUP_WINDOW && err < schedule.warmupUntilTrainError()) {
                warmupDone = true;
                return String.format(Locale.ROOT, "warm-up over at iteration %d: training error %.1f%% < %.0f%%; learning rate back to the schedule",
                        iteration, 100 * err, 100 * schedule.warmupUntilTrainError());
            }
            return null;
        }

        /**
         * After an epoch evaluated on validation images ({@code improved}: its error is the best so far); returns a
         * message when the plateau rule lowers the rate, else null. Under the paper's protocol (no validation) nothing
         * is tracked.
         */
        public String afterEpoch(boolean validated, boolean improved) {
            if (improved) {
                sinceImprovement = 0;
            } else if (validated) {
                sinceImprovement++;
                if (schedule.kind() == Kind.PLATEAU && sinceImprovement >= schedule.patience()) {
                    plateauDrops++;
                    sinceImprovement = 0;
                    return String.format(Locale.ROOT, "validation error has not improved for %s: learning rate × %.3g",
                            io.github.classiczoo.core.util.Text.count(schedule.patience(), "epoch"), schedule.factor());
                }
            }
            return null;
        }

        /** The state as checkpoint JSON fields. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("plateauDrops", plateauDrops);
            m.put("sinceImprovement", sinceImprovement);
            m.put("warmupDone", warmupDone);
            m.put("warmupWindow", new ArrayList<>(warmupWindow));
            return m;
        }

        /** The state {@link #toMap} wrote, read back from {@code j} (a checkpoint's trainer state). */
        public static Position fromJson(LrSchedule schedule, JsonNode j) {
            Position p = new Position(schedule);
            p.plateauDrops = j.path("plateauDrops").asInt(0);
            p.sinceImprovement = j.path("sinceImprovement").asInt(0);
            p.warmupDone = j.path("warmupDone").asBoolean(false);
            j.path("warmupWindow").forEach(v -> p.warmupWindow.addLast(v.asDouble()));
            return p;
        }
    }
}
