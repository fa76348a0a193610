package io.github.classiczoo.data.pipeline;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.ImageSource;
import io.github.classiczoo.data.StoredImage;
import io.github.classiczoo.data.ZooDataException;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns an {@link ImageSource} into minibatches for one epoch: seeded shuffling, the recipe's
 * {@link Transform} (padding, crops, flips, colour noise, multi-crop views) and normalisation. The order of
 * epoch e depends only on (seed, e) and every random draw of its batch b only on (seed, e, b), so a resumed run
 * sees exactly the batches an uninterrupted one would, and a Spark executor makes the batch the driver would. With a multi-view transform (10-crop) a batch of n images has n·views feature
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

    /**
     * Evaluation batches of {@code data} for a model whose file records {@code p}: placed and normalised as the model's
     * own evaluation was ({@link Transform#evaluation}), in order, one view per image or 10 with {@code tenCrop}.
     */
    public static Batches evaluation(ImageSource data, Preprocessing p, int batchSize, boolean tenCrop) {
        return new Batches(data, new InputShape(p.channels(), p.height(), p.width()), p.normalization(), Transform.evaluation(p, tenCrop),
                batchSize, false, 0);
    }

    /** In-memory images placed into the model's input by {@link Transform#padCenter} with {@code augment}. */
    public Batches(ImageSet data, InputShape target, Normalization norm, Augment augment, int batchSize, boolean shuffle, long seed) {
        this(data, target, norm, Transform.padCenter(target, augment), batchSize, shuffle, seed);
        if (data.shape().height() > target.height() || data.shape().width() > target.width()) {
            throw new ZooDataException(data.name() + " has " + data.shape().height() + "×" + data.shape().width() + " images but the model takes "
                    + target.height() + "×" + target.width() + "; smaller images are padded, larger ones are not cut silently "
                    + "(build the model for input " + target.channels() + "," + data.shape().height() + "," + data.shape().width() + ")");
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
        return new Epoch(order(epoch), mix(seed, epoch, 2));
    }

    /** How this data's images become the model's input. */
    public Assembly assembly() {
        return new Assembly(target, norm, transform, data.classes());
    }

    private static long mix(long seed, long epoch, int stream) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + stream;
        return h ^ (h >>> 31);
    }

    /**
     * How a batch's images become the model's input — the transform (padding, crops, flips, colour noise, views), the
     * normalisation and one-hot labels — the same on the driver and on a Spark executor.
     */
    public record Assembly(InputShape target, Normalization norm, Transform transform, int classes) implements java.io.Serializable {

        /** The batch of {@code images} (decoded, in [0, 255]) with their {@code labels}, every random draw from {@code rng}. */
        public DataSet make(List<Image> images, int[] labels, Random rng) {
            int n = images.size();
            int v = transform.views();
            int c = target.channels(), h = target.height(), w = target.width(), per = c * h * w;
            float[] x = new float[n * v * per];
            float[] y = new float[n * classes];
            for (int b = 0; b < n; b++) {
                List<Image> views = transform.apply(norm.beforeTransform(images.get(b)), rng);
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
                y[b * classes + labels[b]] = 1f;
            }
            INDArray features = Nd4j.create(x, new long[] {(long) n * v, c, h, w}, 'c');
            INDArray labelArray = Nd4j.create(y, new long[] {n, classes}, 'c');
            return new DataSet(features, labelArray);
        }
    }

    /**
     * A batch whose images are not decoded yet: what travels to a Spark executor, which {@link #make}s it there — the
     * same minibatch the driver would have made, since its random draws come from its own seed.
     */
    public record Pending(Assembly assembly, List<StoredImage> images, int[] labels, long rngSeed) implements java.io.Serializable {

        public DataSet make() {
            List<Image> decoded = new java.util.ArrayList<>(images.size());
            for (StoredImage i : images) {
                decoded.add(i.decode());
            }
            return assembly.make(decoded, labels, new Random(rngSeed));
        }
    }

    /** One minibatch as the trainer receives it: made, or {@link Pending} for a fitter that makes it elsewhere. */
    public static final class Batch {
        private final Pending pending;
        private final int size;
        private DataSet data;

        private Batch(DataSet data, Pending pending, int size) {
            this.data = data;
            this.pending = pending;
            this.size = size;
        }

        /** A batch already made (features and labels). */
        public static Batch of(DataSet data) {
            return new Batch(data, null, (int) data.getLabels().size(0));
        }

        /** Its features and labels (a pending batch is made here, once). */
        public DataSet data() {
            if (data == null) {
                data = pending.make();
            }
            return data;
        }

        /** Its undecoded form, or null for a batch made on this JVM. */
        public Pending pending() {
            return pending;
        }

        /** Images in it. */
        public int size() {
            return size;
        }
    }

    /**
     * One pass over the data. Batch b draws its randomness from a generator seeded by (seed, epoch, b) alone, so it is
     * the same batch whoever makes it, in whatever order. Not thread-safe; the prefetcher calls it from one thread.
     */
    public final class Epoch {
        private final int[] order;
        private final long seed;
        private int next, batch;
        private boolean pending;

        Epoch(int[] order, long seed) {
            this.order = order;
            this.seed = seed;
        }

        /** Gives {@link Pending} batches: the images read but not decoded (for a fitter or evaluator on Spark). */
        public Epoch pending() {
            this.pending = true;
            return this;
        }

        public boolean hasNext() {
            return next < order.length;
        }

        public DataSet next() {
            return nextBatch().data();
        }

        public Batch nextBatch() {
            int n = Math.min(batchSize, order.length - next);
            int[] labels = new int[n];
            for (int b = 0; b < n; b++) {
                labels[b] = data.label(order[next + b]);
            }
            long rngSeed = mix(seed, batch++, 3);
            Batch out;
            if (pending) {
                List<StoredImage> stored = new java.util.ArrayList<>(n);
                for (int b = 0; b < n; b++) {
                    stored.add(data.stored(order[next + b]));
                }
                out = new Batch(null, new Pending(assembly(), stored, labels, rngSeed), n);
            } else {
                List<Image> images = new java.util.ArrayList<>(n);
                for (int b = 0; b < n; b++) {
                    images.add(data.image(order[next + b]));
                }
                out = new Batch(assembly().make(images, labels, new Random(rngSeed)), null, n);
            }
            next += n;
            return out;
        }
    }
}
