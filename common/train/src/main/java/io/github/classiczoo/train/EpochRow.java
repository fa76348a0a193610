package io.github.classiczoo.train;

/** One line of metrics.csv: the epoch (1-based), mean training loss, learning rate, evaluation, timings. */
public record EpochRow(int epoch, long iteration, double lr, double trainLoss, Metrics eval, double seconds, double imagesPerSecond) {

    static final String HEADER = "epoch,iteration,lr,train_loss,eval_split,eval_loss,eval_top1,eval_top5,eval_error,seconds,images_per_s";

    /**
     * The figures a replay of the run must give again, as the manifest's {@code history} holds them: epoch, iteration, rate,
     * mean training loss and the evaluation's split, examples, loss, top-1 and top-5 (and the epoch's seconds, which a replay does not compare).
     */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("iteration", iteration);
        m.put("lr", lr);
        m.put("trainLoss", trainLoss);
        m.put("split", eval.split());
        m.put("examples", eval.examples());
        m.put("loss", eval.loss());
        m.put("top1", eval.top1());
        m.put("top5", eval.top5());
        m.put("seconds", seconds);
        return m;
    }

    String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%d,%.6g,%.6f,%s,%.6f,%.6f,%.6f,%.6f,%.1f,%.1f", epoch, iteration, lr, trainLoss,
                eval.split(), eval.loss(), eval.top1(), eval.top5(), eval.error(), seconds, imagesPerSecond);
    }
}
