package io.github.classiczoo.train;

import java.nio.file.Path;
import java.util.Locale;

/** Ends a run whose loss is no longer a finite number ({@link TrainingDivergedException}): the last checkpoint stays. */
final class DivergenceCheck implements RunListener {

    private final Path dir;

    DivergenceCheck(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onStep(Step s) {
        if (!Double.isFinite(s.loss())) {
            throw new TrainingDivergedException(String.format(Locale.ROOT, "training diverged: loss became %s at epoch %d, iteration %d (lr %.3g); "
                    + "the last good checkpoint (after epoch %d) is intact in %s", s.loss(), s.epoch() + 1, s.iteration(), s.lr(), s.epoch(), dir));
        }
    }
}
