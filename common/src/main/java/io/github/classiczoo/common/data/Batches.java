package io.github.classiczoo.common.data;

import io.github.classiczoo.common.model.InputShape;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns an {@link ImageSet} into minibatches for one epoch: seeded shuffling, normalisation, placing each
 * image into the model's input (centred and padded with the background value; larger images are refused), and the
 * recipe's augmentation. The order and the augmentation of epoch e depend only on (seed, e), so a resumed
 * run sees exactly the batches an uninterrupted one would.
 */
public final class Batches {

    private final ImageSet data;
    private final InputShape target;
    private final Normalization norm;
    private final Augment augment;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;

    public Batches(ImageSet data, InputShape target, Normalization norm, Augment augment, int batchSize, boolean shuffle, long seed) {
        if (data.shape().channels() != target.channels()) {
            throw new ZooDataException(data.name() + " has " + data.shape().channels() + "-channel images but the model takes "
                    + target.channels() + " channels (input " + target + ")");
        }
        if (data.shape().height() > target.height() || data.shape().width() > target.width()) {
            throw new ZooDataException(data.name() + " has " + data.shape().height() + "×" + data.shape().width() + " images but the model takes "
                    + target.height() + "×" + target.width() + "; smaller images are padded, larger ones are not cut silently "
                    + "(build the model for this size with --input " + target.channels() + "," + data.shape().height() + "," + data.shape().width() + ")");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1; got " + batchSize);
        }
        this.data = data;
        this.target = target;
        this.norm = norm;
        this.augment = augment;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public int size() {
        return data.size();
    }

    public ImageSet data() {
        return data;
    }

    /** The image order of an epoch. */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] p = new int[data.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = i;
            }
            return p;
        }
        return ImageSet.permutation(data.size(), new Random(mix(seed, epoch, 1)));
    }

    /** A source of this epoch's batches, in order. */
    public Epoch epoch(int epoch) {
        return new Epoch(order(epoch), new Random(mix(seed, epoch, 2)));
    }

    private static long mix(long seed, int epoch, int stream) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + stream;
        return h ^ (h >>> 31);
    }

    /** One pass over the data. Not thread-safe; the prefetcher calls it from one thread. */
    public final class Epoch {
        private final int[] order;
        private final Random rng;
        private int next;

        Epoch(int[] order, Random rng) {
            this.order = order;
            this.rng = rng;
        }

        public boolean hasNext() {
            return next < order.length;
        }

        public DataSet next() {
            int n = Math.min(batchSize, order.length - next);
            int c = target.channels(), h = target.height(), w = target.width();
            float[] x = new float[n * c * h * w];
            float[] y = new float[n * data.classes()];
            for (int b = 0; b < n; b++) {
                int idx = order[next + b];
                write(idx, x, b * c * h * w);
                y[b * data.classes() + data.labels()[idx]] = 1f;
            }
            next += n;
            INDArray features = Nd4j.create(x, new long[] {n, c, h, w}, 'c');
            INDArray labels = Nd4j.create(y, new long[] {n, data.classes()}, 'c');
            return new DataSet(features, labels);
        }

        /** Writes image {@code idx} into {@code x} at {@code off} in the target shape. */
        private void write(int idx, float[] x, int off) {
            InputShape src = data.shape();
            int sh = src.height(), sw = src.width(), th = target.height(), tw = target.width();
            // Top-left of the source inside the target (negative = the source is cropped).
            int oy = (th - sh) / 2, ox = (tw - sw) / 2;
            if (augment.cropPadding() > 0) {
                int p = augment.cropPadding();
                oy += rng.nextInt(2 * p + 1) - p;
                ox += rng.nextInt(2 * p + 1) - p;
            }
            boolean flip = augment.flip() && rng.nextBoolean();
            byte[] px = data.pixels();
            int base = idx * (int) src.elements();
            for (int ch = 0; ch < target.channels(); ch++) {
                float bg = norm.background(ch);
                for (int ty = 0; ty < th; ty++) {
                    int sy = ty - oy;
                    for (int tx = 0; tx < tw; tx++) {
                        int sx = flip ? (tw - 1 - tx) - ox : tx - ox;
                        float v = bg;
                        if (sy >= 0 && sy < sh && sx >= 0 && sx < sw) {
                            v = norm.apply(px[base + (ch * sh + sy) * sw + sx] & 0xff, ch);
                        }
                        x[off + (ch * th + ty) * tw + tx] = v;
                    }
                }
            }
        }
    }
}
