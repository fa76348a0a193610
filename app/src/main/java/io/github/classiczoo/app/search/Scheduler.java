package io.github.classiczoo.app.search;

import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Text;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which trials of a search stop early, decided after each epoch from the validation errors every trial has reached so far
 * (its own included). Decisions read only what trials have recorded, so they are asynchronous: no trial waits for a rung to
 * fill, and parallel trials or Spark tasks decide against whatever the others have written by then. With one trial at a
 * time the decisions are a function of the candidate list and the seed; with several they also depend on which trial gets
 * to a rung first.
 *
 * <ul>
 * <li>{@link Kind#ASHA} — asynchronous successive halving (Li et al., MLSys 2020): rungs at {@code minEpochs × η^k} epochs
 * below {@code maxEpochs} (the top rung, a finished trial). A trial that reaches rung k goes on only if its validation error
 * there ranks within the best {@code ⌊n/η⌋} of the {@code n} trials that have reached rung k so far, itself included (ties:
 * the earlier trial) — ASHA's promotion rule — but at least the best one: ASHA proper holds a trial at a rung until η have
 * reached it, which a scheduler that stops trials rather than pausing them cannot do, so the first trials at a rung go on
 * if they are the best there so far.</li>
 * <li>{@link Kind#MEDIAN} — the median stopping rule (Golovin et al., KDD 2017, Google Vizier): from epoch {@code minEpochs}
 * on, a trial stops if its best validation error so far is worse than the median of the other trials' running mean error
 * at the same epoch, once at least {@link #MEDIAN_MIN_OTHERS} others have reached it.</li>
 * <li>{@link Kind#NONE} — every trial trains to the end.</li>
 * </ul>
 */
public record Scheduler(Kind kind, int eta, int minEpochs, int maxEpochs) {

    /** The others a median decision needs: below it, a trial goes on. */
    public static final int MEDIAN_MIN_OTHERS = 3;

    /** Written {@code none}, {@code asha}, {@code median}. */
    public enum Kind {
        NONE, ASHA, MEDIAN;

        public static Kind parse(String s) {
            return Enums.parse(Kind.class, "scheduler", s);
        }

        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    public Scheduler {
        if (kind == null) {
            throw new IllegalArgumentException("a scheduler needs a kind");
        }
        if (eta < 2) {
            throw new IllegalArgumentException("--eta must be 2 or more (a rung keeps the best 1/eta); got " + eta);
        }
        if (minEpochs < 1) {
            throw new IllegalArgumentException("--min-epochs must be 1 or more; got " + minEpochs);
        }
        if (kind != Kind.NONE && minEpochs >= maxEpochs) {
            throw new IllegalArgumentException("--min-epochs " + minEpochs + " leaves no epoch to stop at: trials train " + Text.count(maxEpochs, "epoch")
                    + "; give --min-epochs below --epochs");
        }
    }

    public static Scheduler none(int epochs) {
        return new Scheduler(Kind.NONE, 3, 1, epochs);
    }

    public boolean active() {
        return kind != Kind.NONE;
    }

    /**
     * ASHA's rungs in epochs, ascending, the last being {@code maxEpochs} (a trial that finished reached it); empty for
     * the other kinds.
     */
    public List<Integer> rungs() {
        List<Integer> r = new ArrayList<>();
        if (kind == Kind.ASHA) {
            for (long e = minEpochs; e < maxEpochs; e *= eta) {
                r.add((int) e);
            }
            r.add(maxEpochs);
        }
        return r;
    }

    /** The rung {@code epochs} trained epochs reached (its index in {@link #rungs}), or -1: below the first, or not ASHA. */
    public int rungReached(int epochs) {
        List<Integer> r = rungs();
        int k = -1;
        for (int i = 0; i < r.size() && r.get(i) <= epochs; i++) {
            k = i;
        }
        return k;
    }

    /**
     * Whether trial {@code id}, whose validation errors by epoch are {@code curves.get(id)}, stops after its latest epoch:
     * the reason, or null to go on. {@code curves} holds every trial's recorded errors so far (epoch 1 first), its own
     * included; a curve may be shorter (a trial still running or stopped earlier).
     */
    public String decide(int id, Map<Integer, double[]> curves) {
        double[] own = curves.get(id);
        if (own == null || own.length == 0 || own.length >= maxEpochs) {
            return null;
        }
        int epoch = own.length;
        return switch (kind) {
            case NONE -> null;
            case ASHA -> asha(id, epoch, curves);
            case MEDIAN -> median(id, epoch, curves);
        };
    }

    private String asha(int id, int epoch, Map<Integer, double[]> curves) {
        int k = rungs().indexOf(epoch);
        if (k < 0) {
            return null; // between rungs
        }
        double mine = curves.get(id)[epoch - 1];
        int n = 0, rank = 1;
        for (Map.Entry<Integer, double[]> e : curves.entrySet()) {
            if (e.getValue().length < epoch) {
                continue;
            }
            n++;
            double v = e.getValue()[epoch - 1];
            if (e.getKey() != id && (v < mine || (v == mine && e.getKey() < id))) {
                rank++;
            }
        }
        int keep = Math.max(1, n / eta);
        if (rank <= keep) {
            return null;
        }
        return String.format(Locale.ROOT, "stopped at rung %d (epoch %d) by ASHA: validation error %.2f%% ranks %d of the %d trials there; "
                + "the best %d (1/%d) go on", k, epoch, 100 * mine, rank, n, keep, eta);
    }

    private String median(int id, int epoch, Map<Integer, double[]> curves) {
        if (epoch < minEpochs) {
            return null;
        }
        List<Double> means = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : curves.entrySet()) {
            if (e.getKey() != id && e.getValue().length >= epoch) {
                means.add(Arrays.stream(e.getValue(), 0, epoch).average().orElseThrow());
            }
        }
        if (means.size() < MEDIAN_MIN_OTHERS) {
            return null;
        }
        double median = median(means);
        double best = Arrays.stream(curves.get(id), 0, epoch).min().orElseThrow();
        if (!(best > median)) {
            return null;
        }
        return String.format(Locale.ROOT, "stopped at epoch %d by the median rule: best validation error so far %.2f%% is worse than the median "
                + "%.2f%% of the %d other trials' mean errors to that epoch", epoch, 100 * best, 100 * median, means.size());
    }

    static double median(List<Double> xs) {
        double[] v = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * As {@code search.json} records it (only when a scheduler is active: older searches' settings stay as they were); η only
     * for ASHA, the one that uses it.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.toString());
        if (kind == Kind.ASHA) {
            m.put("eta", eta);
        }
        m.put("minEpochs", minEpochs);
        return m;
    }

    /** Whether a trial that has trained {@code epochs} epochs may be stopped there (so whether the others' records are needed). */
    public boolean decidesAt(int epochs) {
        return epochs < maxEpochs && switch (kind) {
            case NONE -> false;
            case ASHA -> rungs().contains(epochs);
            case MEDIAN -> epochs >= minEpochs;
        };
    }

    /** One line for the search's header: "ASHA, eta 3, rungs at epochs 1, 3, 9". */
    public String describe() {
        return switch (kind) {
            case NONE -> "no early stopping";
            case ASHA -> "ASHA (eta " + eta + "): rungs at epochs " + String.join(", ", rungs().stream().map(String::valueOf).toList())
                    + "; the best 1/" + eta + " at each rung go on (at least the best one)";
            case MEDIAN -> "median stopping rule from epoch " + minEpochs + " (once " + MEDIAN_MIN_OTHERS + " other trials have reached the epoch)";
        };
    }
}
