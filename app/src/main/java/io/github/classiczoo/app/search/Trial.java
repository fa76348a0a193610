package io.github.classiczoo.app.search;

import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * One trial of a search as {@code results.csv} and {@code results.json} record it: its candidate, how it ended
 * ({@link Status}, with the reason), and its best validation epoch.
 *
 * @param valAccuracy top-1 accuracy on the validation split at the best epoch (the score trials are ranked by); NaN if failed
 * @param epochs      epochs completed
 * @param error       why it did not finish: its failure, or the scheduler's reason for stopping it; null if it finished
 * @param rung        the highest ASHA rung it reached ({@link Scheduler#rungs}, the last = finished), or -1 (no ASHA, or none)
 */
public record Trial(int id, Map<String, String> params, Status status, double valAccuracy, double valLoss, int bestEpoch, int epochs,
                    double seconds, String started, String ended, String error, int rung) {

    /** How a trial ended, written {@code ok}, {@code diverged}, {@code failed}, {@code lost}, {@code interrupted} in the results. */
    public enum Status {
        /** trained to the end: it has a validation score */
        OK,
        /** stopped early by the search's scheduler (ASHA, the median rule): it has a validation score, from fewer epochs */
        STOPPED,
        /** the loss diverged ({@code TrainingDivergedException}) */
        DIVERGED,
        /** the trial itself failed (out of memory, a knob combination the model refuses ...) */
        FAILED,
        /** The Spark task running it was lost (its executor died) more times than Spark retries; a rerun runs it again. */
        LOST,
        /**
         * The environment ended it (no space left on device, an I/O error, a directory another process held or wrote into),
         * not the trial itself: it is no result, and a rerun runs it again.
         */
        INTERRUPTED;

        /** One of the written forms, or a one-line error naming them. */
        public static Status parse(String s) {
            return Enums.parse(Status.class, "trial status", s);
        }

        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    /**
     * Best first: trials with a score, those that trained to the end before those a scheduler stopped, and these by the epochs
     * they trained (the higher rung first); then by validation accuracy, lower validation loss, id. Failed ones last, by id.
     */
    public static final Comparator<Trial> RANKING = Comparator.comparing((Trial t) -> !t.scored())
            .thenComparing((Trial t) -> !t.ok())
            .thenComparingInt(t -> t.scored() ? -t.epochs() : 0)
            .thenComparingDouble(t -> t.scored() ? -t.valAccuracy() : 0)
            .thenComparingDouble(t -> t.scored() ? t.valLoss() : 0)
            .thenComparingInt(Trial::id);

    public Trial {
        params = new LinkedHashMap<>(params);
        if (status == null) {
            throw new IllegalArgumentException("a trial needs a status");
        }
    }

    /** A trial outside an ASHA search (no rung). */
    public Trial(int id, Map<String, String> params, Status status, double valAccuracy, double valLoss, int bestEpoch, int epochs,
                 double seconds, String started, String ended, String error) {
        this(id, params, status, valAccuracy, valLoss, bestEpoch, epochs, seconds, started, ended, error, -1);
    }

    public Trial withRung(int r) {
        return new Trial(id, params, status, valAccuracy, valLoss, bestEpoch, epochs, seconds, started, ended, error, r);
    }

    /** Trained to the end. */
    public boolean ok() {
        return status == Status.OK;
    }

    public boolean stopped() {
        return status == Status.STOPPED;
    }

    /** It has a validation score: trained to the end, or stopped early by the scheduler. */
    public boolean scored() {
        return ok() || stopped();
    }

    public boolean lost() {
        return status == Status.LOST;
    }

    public boolean interrupted() {
        return status == Status.INTERRUPTED;
    }

    /** Whether a rerun of the search runs it again: it has no result of its own (lost with its Spark task, or interrupted). */
    public boolean rerun() {
        return lost() || interrupted();
    }

    /** The run directory of trial {@code id} relative to the search directory, e.g. {@code trials/0003}. */
    public static String dirName(int id) {
        return String.format(Locale.ROOT, "trials/%04d", id);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", status.toString());
        m.put("params", params);
        m.put("valAccuracy", scored() ? valAccuracy : null);
        m.put("valLoss", scored() ? valLoss : null);
        m.put("bestEpoch", scored() ? bestEpoch : null);
        m.put("epochs", epochs);
        if (rung >= 0) { // only under ASHA: a results file without it reads and writes back as it was
            m.put("rung", rung);
        }
        m.put("seconds", seconds);
        m.put("started", started);
        m.put("ended", ended);
        m.put("error", error);
        m.put("runDir", dirName(id));
        return m;
    }

    public static Trial fromJson(JsonNode j) {
        Map<String, String> p = new LinkedHashMap<>();
        j.get("params").fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
        return new Trial(j.get("id").asInt(), p, Status.parse(j.get("status").asText()), number(j.get("valAccuracy")), number(j.get("valLoss")),
                j.path("bestEpoch").asInt(0), j.get("epochs").asInt(), j.get("seconds").asDouble(), j.get("started").asText(),
                j.get("ended").asText(), j.get("error").isNull() ? null : j.get("error").asText(), j.path("rung").isNumber() ? j.get("rung").asInt() : -1);
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    static String csvHeader(List<String> paramNames) {
        List<String> cols = new ArrayList<>(List.of("id", "status"));
        cols.addAll(paramNames);
        cols.addAll(List.of("val_accuracy", "val_loss", "best_epoch", "epochs", "seconds", "started", "ended", "error", "rung"));
        return String.join(",", cols);
    }

    /** One CSV row; numbers in full precision (Java's shortest exact form), empty where the trial failed. */
    String csv(List<String> paramNames) {
        List<String> cols = new ArrayList<>(List.of(Integer.toString(id), status.toString()));
        paramNames.forEach(n -> cols.add(quote(params.getOrDefault(n, ""))));
        cols.add(scored() ? Double.toString(valAccuracy) : "");
        cols.add(scored() ? Double.toString(valLoss) : "");
        cols.add(scored() ? Integer.toString(bestEpoch) : "");
        cols.add(Integer.toString(epochs));
        cols.add(Double.toString(seconds));
        cols.add(started);
        cols.add(ended);
        cols.add(error == null ? "" : quote(error));
        cols.add(rung >= 0 ? Integer.toString(rung) : ""); // last: older columns keep their places
        return String.join(",", cols);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"").replace("\n", " ") + "\"" : s;
    }
}
