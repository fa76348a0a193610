package io.github.classiczoo.train;

import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.pipeline.Prefetcher;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.DataSet;

/** Loss, top-1/top-5 accuracy, per-class accuracy and the confusion matrix of a network on a dataset. */
public final class Evaluator {

    private Evaluator() {
    }

    public static Metrics evaluate(ComputationGraph net, Batches data, String split, Progress progress) {
        return evaluate(data, split, progress, (t, ds) -> t.add(net, ds));
    }

    /**
     * The same metrics from another engine's logits (ONNX Runtime's): {@code logits} maps a batch's features to its
     * logits {@code [N, classes]}. Predictions, top-5 and the class tables are the network's; the loss is the cross-entropy
     * of the logits' softmax, which equals DL4J's for a softmax head without a regularisation term (LeNet-5's eq. 9 and
     * weight decay are the output layer's and the network's own, and not in an exported graph).
     */
    public static Metrics evaluate(Function<INDArray, INDArray> logits, Batches data, String split, Progress progress) {
        return evaluate(data, split, progress, (t, ds) -> t.addLogits(logits.apply(ds.getFeatures()), ds));
    }

    private static Metrics evaluate(Batches data, String split, Progress progress, BiConsumer<Tally, DataSet> add) {
        Tally t = new Tally(data.data().classes(), data.views());
        progress.start("eval " + split, data.batchesPerEpoch(), data.size());
        try (Prefetcher p = new Prefetcher(data.epoch(0), 2)) {
            DataSet ds;
            while ((ds = p.next()) != null) {
                add.accept(t, ds);
                progress.step((int) ds.getLabels().size(0), Double.NaN);
            }
        }
        progress.done();
        return t.metrics(split);
    }

    /**
     * The counts an evaluation adds up, batch by batch: what a Spark executor computes on its share of the batches and the
     * driver merges ({@link #merge}), giving the metrics one JVM would (the loss summed in another order: equal to ~1e-12).
     */
    public static final class Tally implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** Classes up to which the whole confusion matrix is counted (4 MB); above, per-class totals only (memory grows with n, not n²). */
        public static final int CONFUSION_CLASSES = 1000;
        private final int views;
        private final int classes;
        private final int[][] confusion;
        private final long[] total, correct;
        private long seen, top1, top5;
        private double lossSum;

        /** @param views rows per image in a batch's features (10 for 10-crop testing, else 1) */
        public Tally(int classes, int views) {
            this.views = views;
            this.classes = classes;
            this.confusion = classes <= CONFUSION_CLASSES ? new int[classes][classes] : null;
            this.total = new long[classes];
            this.correct = new long[classes];
        }

        /** Adds one batch: its images' predictions through the network's first (inference) output. */
        public void add(ComputationGraph net, DataSet ds) {
            int n = (int) ds.getLabels().size(0);
            int v = views;
            // the first output is the inference head; auxiliary classifiers (GoogLeNet) are not evaluated
            INDArray out = net.output(false, ds.getFeatures())[0];
            float[][] scores;
            if (v == 1 && net.getNumOutputArrays() == 1) {
                lossSum += net.score(ds, false) * n;
                scores = out.toFloatMatrix();
            } else {
                // multi-crop testing averages the outputs over each image's views; the loss is the main head's
                scores = (v == 1 ? out : out.reshape(n, v, out.size(1)).mean(1)).toFloatMatrix();
                lossSum += crossEntropy(scores, ds.getLabels()) * n;
            }
            count(scores, ds.getLabels());
        }

        /**
         * Adds one batch from its logits {@code [N × views, classes]}: ranked as they are (one view) or as softmax probabilities
         * averaged over an image's views; the loss from the probabilities.
         */
        public void addLogits(INDArray logits, DataSet ds) {
            int n = (int) ds.getLabels().size(0);
            INDArray p = Nd4j.exec(new SoftMax(logits.castTo(DataType.DOUBLE), 1))[0];
            INDArray perImage = views == 1 ? p : p.reshape(n, views, p.size(1)).mean(1);
            lossSum += crossEntropy(perImage.castTo(DataType.FLOAT).toFloatMatrix(), ds.getLabels()) * n;
            count((views == 1 ? logits : perImage).castTo(DataType.FLOAT).toFloatMatrix(), ds.getLabels());
        }

        private void count(float[][] scores, INDArray labels) {
            int n = scores.length;
            INDArray labelIdx = labels.argMax(1);
            for (int i = 0; i < n; i++) {
                int truth = labelIdx.getInt(i);
                int pred = argMax(scores[i]);
                if (confusion != null) {
                    confusion[truth][pred]++;
                }
                total[truth]++;
                if (pred == truth) {
                    correct[truth]++;
                    top1++;
                }
                int better = 0;
                for (float sc : scores[i]) {
                    if (sc > scores[i][truth]) {
                        better++;
                    }
                }
                if (better < 5) {
                    top5++;
                }
            }
            seen += n;
        }

        /** Adds another share's counts to these; returns this. */
        public Tally merge(Tally o) {
            if (o.classes != classes || o.views != views) {
                throw new IllegalArgumentException("cannot merge an evaluation of " + o.classes + " classes into one of " + classes);
            }
            for (int i = 0; i < classes; i++) {
                if (confusion != null) {
                    for (int j = 0; j < classes; j++) {
                        confusion[i][j] += o.confusion[i][j];
                    }
                }
                total[i] += o.total[i];
                correct[i] += o.correct[i];
            }
            seen += o.seen;
            top1 += o.top1;
            top5 += o.top5;
            lossSum += o.lossSum;
            return this;
        }

        public long seen() {
            return seen;
        }

        public Metrics metrics(String split) {
            double[] perClass = new double[classes];
            for (int c = 0; c < classes; c++) {
                perClass[c] = total[c] == 0 ? Double.NaN : correct[c] / (double) total[c];
            }
            int[][] copy = null;
            if (confusion != null) {
                copy = new int[classes][];
                for (int c = 0; c < classes; c++) {
                    copy[c] = confusion[c].clone();
                }
            }
            return new Metrics(split, seen, lossSum / Math.max(1, seen), top1 / (double) seen, top5 / (double) seen, perClass, copy);
        }
    }

    /** Mean −log p(label) if the rows are probability vectors (softmax outputs), else NaN. */
    static double crossEntropy(float[][] probs, INDArray labels) {
        double sum = 0;
        for (int i = 0; i < probs.length; i++) {
            double total = 0;
            for (float p : probs[i]) {
                total += p;
            }
            if (Math.abs(total - 1) > 1e-3) {
                return Double.NaN;
            }
            sum -= Math.log(Math.max(1e-12, probs[i][labels.getRow(i).argMax().getInt(0)]));
        }
        return sum / probs.length;
    }

    private static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
