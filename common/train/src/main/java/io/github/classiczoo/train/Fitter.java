package io.github.classiczoo.train;

import io.github.classiczoo.data.pipeline.Batches;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * How the {@link Trainer} applies its minibatches to the network: one by one on this JVM ({@link #LOCAL}), or gathered into
 * rounds and fitted elsewhere (zoo-spark's parameter averaging). Everything else — data order, schedule, evaluation,
 * checkpoints, the run directory — is the trainer's, whichever fitter it uses.
 */
public interface Fitter {

    /**
     * Applies one minibatch; returns its loss, or NaN when it is held for a round that has not run yet ({@link #held()}
     * is then above 0); a round's loss is reported for all the minibatches it took.
     */
    double fit(ComputationGraph net, Batches.Batch batch);

    /**
     * Whether this fitter takes its minibatches {@link Batches.Pending}: images read but not decoded, made into the
     * model's input where they are fitted (Spark's executors), not by the trainer.
     */
    default boolean pendingBatches() {
        return false;
    }

    /**
     * Minibatches held back now, not fitted yet (0 right after a round ran: the loss {@link #fit} returned is then the
     * round's, and a NaN there is a diverged round, not a held minibatch).
     */
    default int held() {
        return 0;
    }

    /** Runs what is held at the end of an epoch; returns its loss, or NaN if nothing was held. */
    default double flush(ComputationGraph net) {
        return Double.NaN;
    }

    /** Evaluates the network on {@code data} (the trainer's every evaluation goes through its fitter): here, or spread out. */
    default Metrics evaluate(ComputationGraph net, Batches data, String split, Progress progress) {
        return Evaluator.evaluate(net, data, split, progress);
    }

    /** What the run's manifest records about how it was trained (empty for a local run). */
    default Map<String, Object> describe() {
        return Map.of();
    }

    /** One JVM, one minibatch at a time. */
    Fitter LOCAL = (net, batch) -> {
        Trainer.fit(net, batch.data());
        return net.score();
    };
}
