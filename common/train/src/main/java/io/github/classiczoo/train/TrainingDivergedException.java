package io.github.classiczoo.train;

/** The loss became NaN or infinite; the run stopped and its last good checkpoint is intact. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
