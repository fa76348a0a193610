package io.github.classiczoo.train;

import io.github.classiczoo.data.Batches;
import io.github.classiczoo.data.Prefetcher;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Loss, top-1/top-5 accuracy, per-class accuracy and the confusion matrix of a network on a dataset. */
public final class Evaluator {

    private Evaluator() {
    }

    public static Metrics evaluate(ComputationGraph net, Batches data, String split, Progress progress) {
        int classes = data.data().classes();
        int[][] confusion = new int[classes][classes];
        long seen = 0, top1 = 0, top5 = 0;
        double lossSum = 0;
        progress.start("eval " + split, data.batchesPerEpoch(), data.size());
        try (Prefetcher p = new Prefetcher(data.epoch(0), 2)) {
            DataSet ds;
            while ((ds = p.next()) != null) {
                int n = (int) ds.getLabels().size(0);
                int v = data.views();
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
                INDArray labelIdx = ds.getLabels().argMax(1);
                for (int i = 0; i < n; i++) {
                    int truth = labelIdx.getInt(i);
                    int pred = argMax(scores[i]);
                    confusion[truth][pred]++;
                    if (pred == truth) {
                        top1++;
                    }
                    int better = 0;
                    for (float s : scores[i]) {
                        if (s > scores[i][truth]) {
                            better++;
                        }
                    }
                    if (better < 5) {
                        top5++;
                    }
                }
                seen += n;
                progress.step(n, Double.NaN);
            }
        }
        progress.done();
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            long total = 0;
            for (int j = 0; j < classes; j++) {
                total += confusion[c][j];
            }
            perClass[c] = total == 0 ? Double.NaN : confusion[c][c] / (double) total;
        }
        return new Metrics(split, seen, lossSum / Math.max(1, seen), top1 / (double) seen, top5 / (double) seen, perClass, confusion);
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
