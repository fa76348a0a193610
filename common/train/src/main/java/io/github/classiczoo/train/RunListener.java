package io.github.classiczoo.train;

import java.util.List;

/**
 * What the training loop tells as it goes ({@link Trainer#listen}). The run's own files (checkpoints, metrics,
 * manifest) are the {@link RunDirectory}'s; listeners do the rest: {@link DivergenceCheck}, {@link Curves},
 * {@link Report}, and whatever a caller adds (a dashboard, a cluster's progress report).
 */
public interface RunListener {

    /** One optimisation step done: {@code epoch} counts from 0, {@code iteration} is the step's own (from 1). */
    record Step(int epoch, long iteration, double loss, double lr, int examples) {
    }

    /** One epoch done and evaluated; its checkpoint and metrics are written. {@code history} includes {@code row}. */
    record Epoch(EpochRow row, List<EpochRow> history, String evalSplit, boolean improved) {
    }

    /** The run finished; {@code finalMetrics} are the test set's, or null for a run that is not tested (search trials). */
    record End(Metrics finalMetrics, List<EpochRow> history, String evalSplit) {
    }

    default void onStep(Step s) throws java.io.IOException {
    }

    default void onEpoch(Epoch e) throws java.io.IOException {
    }

    default void onEnd(End e) throws java.io.IOException {
    }
}
