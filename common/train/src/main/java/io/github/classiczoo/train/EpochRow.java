package io.github.classiczoo.train;

/** One line of metrics.csv: the epoch (1-based), mean training loss, learning rate, evaluation, timings. */
public record EpochRow(int epoch, long iteration, double lr, double trainLoss, Metrics eval, double seconds, double imagesPerSecond) {

    static final String HEADER = "epoch,iteration,lr,train_loss,eval_split,eval_loss,eval_top1,eval_top5,eval_error,seconds,images_per_s";

    String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%d,%.6g,%.6f,%s,%.6f,%.6f,%.6f,%.6f,%.1f,%.1f", epoch, iteration, lr, trainLoss,
                eval.split(), eval.loss(), eval.top1(), eval.top5(), eval.error(), seconds, imagesPerSecond);
    }
}
