package io.github.classiczoo.data;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns an {@link ImageSource} into minibatches for one epoch: seeded shuffling, the recipe's
 * {@link Transform} (padding, crops, flips, colour noise, multi-crop views) and normalisation. The order and
 * every random draw of epoch e depend only on (seed, e), so a resumed run sees exactly the batches an
 * uninterrupted one would. With a multi-view transform (10-crop) a batch of n images has n·views feature
 * rows, image-major, and n label rows.
 */
public final class Batches {

    private final ImageSource data;
    private final InputShape target;
    private final Normalization norm;
    private final Transform transform;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;

    /**
     * One batch of {@code size} uniform random images in the model's input shape with one-hot labels cycling through
     * its classes, drawn after seeding ND4J's generator with 1: the fixed input of {@code zoo bench} and
     * {@code bench/mem.sh}.
     */
    public static DataSet synthetic(ModelSpec spec, int size) {
        InputShape in = spec.input();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(size, in.channels(), in.height(), in.width());
        INDArray y = Nd4j.zeros(size, spec.classes());
        for (int i = 0; i < size; i++) {
            y.putScalar(i, i % spec.classes(), 1);
        }
        return new DataSet(x, y);
    }

    /** In-memory images placed into the model's input by {@link Transform#padCenter} with {@code augment}. */
    public Batches(ImageSet data, InputShape target, Normalization norm, Augment augment, int batchSize, boolean shuffle, long seed) {
        this(data, target, norm, Transform.padCenter(target, augment), batchSize, shuffle, seed);
        if (data.shape().height() > target.height() || data.shape().width() > target.width()) {
            throw new ZooDataException(data.name() + " has " + data.shape().height() + "×" + data.shape().width() + " images but the model takes "
                    + target.height() + "×" + target.width() + "; smaller images are padded, larger ones are not cut silently "
                    + "(build the model for this size with --input " + target.channels() + "," + data.shape().height() + "," + data.shape().width() + ")");
        }
    }

    public Batches(ImageSource data, InputShape target, Normalization norm, Transform transform, int batchSize, boolean shuffle, long seed) {
        if (data.channels() != target.channels()) {
            throw new ZooDataException(data.name() + " has " + data.channels() + "-channel images but the model takes "
                    + target.channels() + " channels (input " + target + ")");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1; got " + batchSize);
        }
        this.data = data;
        this.target = target;
        this.norm = norm;
        this.transform = transform;
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

    public ImageSource data() {
        return data;
    }

    public int views() {
        return transform.views();
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
            int v = transform.views();
            int c = target.channels(), h = target.height(), w = target.width(), per = c * h * w;
            float[] x = new float[n * v * per];
            float[] y = new float[n * data.classes()];
            for (int b = 0; b < n; b++) {
                int idx = order[next + b];
                List<Image> views = transform.apply(norm.beforeTransform(data.image(idx)), rng);
                for (int k = 0; k < v; k++) {
                    Image img = views.get(k);
                    if (img.c() != c || img.h() != h || img.w() != w) {
                        throw new IllegalStateException("transform produced " + img.c() + "×" + img.h() + "×" + img.w() + ", expected " + target);
                    }
                    int off = (b * v + k) * per;
                    int plane = h * w;
                    for (int ch = 0; ch < c; ch++) {
                        for (int i = 0; i < plane; i++) {
                            x[off + ch * plane + i] = norm.apply(img.px()[ch * plane + i], ch);
                        }
                    }
                }
                y[b * data.classes() + data.label(idx)] = 1f;
            }
            next += n;
            INDArray features = Nd4j.create(x, new long[] {(long) n * v, c, h, w}, 'c');
            INDArray labels = Nd4j.create(y, new long[] {n, data.classes()}, 'c');
            return new DataSet(features, labels);
        }
    }
}
