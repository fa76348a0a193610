package io.github.classiczoo.train;

import io.github.classiczoo.core.model.FastPath;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.data.Augment;
import io.github.classiczoo.data.DatasetInfo;
import io.github.classiczoo.data.Datasets;
import io.github.classiczoo.data.FolderSource;
import io.github.classiczoo.data.Image;
import io.github.classiczoo.data.Normalization;
import io.github.classiczoo.data.Transform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference with a model file: logits of the inference head (the output layer's softmax left out, so they
 * compare with torchvision's), and the model's own evaluation transform for image files: decoded to the model's
 * channels (grey as Pillow's {@code convert('L')}, colour from grey by repetition), then for a model trained on an
 * in-memory dataset (MNIST, Fashion-MNIST, CIFAR) the training pipeline's placement — the dataset's image size, padded
 * into the input — and for any other (folders, imported ImageNet weights) the ImageNet evaluation transform (shorter side
 * to input × 256/224, centre crop); then the model file's normalisation.
 */
public final class Predictor {

    private final ModelFile.Info info;
    private final ComputationGraph logits;
    private final Normalization norm;
    /** The in-memory dataset the model was trained on, or null (a folder, imported weights, a dataset unknown here). */
    private final DatasetInfo trainedOn;

    private Predictor(ModelFile.Info info, ComputationGraph logits) {
        this.info = info;
        this.logits = logits;
        this.trainedOn = inMemoryDataset(info.dataset());
        this.norm = normalization(info);
    }

    /** The normalisation a model file's inputs get: its recorded one, "dataset" meaning the statistics of the dataset it was trained on. */
    public static Normalization normalization(ModelFile.Info info) {
        return Normalization.of(info, inMemoryDataset(info.dataset()));
    }

    private static DatasetInfo inMemoryDataset(String dataset) {
        if (dataset == null) {
            return null;
        }
        return Datasets.all().stream().filter(d -> d.name().equals(dataset)).findFirst().orElse(null);
    }

    /** The normalisation this predictor applies to pixels in [0, 255]. */
    public Normalization normalization() {
        return norm;
    }

    public static Predictor load(Path modelFile) {
        ModelFile.Info info = ModelFile.info(modelFile);
        return new Predictor(info, withoutSoftmax(ModelFile.load(modelFile)));
    }

    /** The same graph and parameters with identity activations on the output layers. */
    static ComputationGraph withoutSoftmax(ComputationGraph net) {
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        for (String out : conf.getNetworkOutputs()) {
            if (conf.getVertices().get(out) instanceof LayerVertex v && v.getLayerConf().getLayer() instanceof BaseOutputLayer o) {
                o.setActivationFn(new ActivationIdentity());
            }
        }
        ComputationGraph g = new ComputationGraph(conf);
        g.init(net.params(), false);
        return FastPath.install(g);   // a new graph: the helpers ModelFile.load put on the old one are not on it
    }

    public ModelFile.Info info() {
        return info;
    }

    /** Logits {@code [N, classes]} of the inference head for an {@code [N, C, H, W]} input. */
    public INDArray logits(INDArray x) {
        checkInput(x);
        return logits.output(false, x.castTo(DataType.FLOAT))[0];
    }

    /** Refuses an array that is not {@code [N, C, H, W]} of the model's input, saying what is needed. */
    public void checkInput(INDArray x) {
        long[] want = {info.input()[0], info.input()[1], info.input()[2]};
        if (x.rank() != 4 || !Arrays.equals(Arrays.copyOfRange(x.shape(), 1, 4), want)) {
            throw new IllegalArgumentException("input has shape " + Arrays.toString(x.shape()) + "; " + info.model() + " needs [N, "
                    + want[0] + ", " + want[1] + ", " + want[2] + "] (float32, NCHW)");
        }
    }

    /** One image file as the model's input {@code [1, C, H, W]}: the model's evaluation transform and normalisation (class comment). */
    public INDArray image(Path file) {
        Image img = channels(FolderSource.decode(file), info.input()[0]);
        float[] x;
        try {
            x = trainedOn != null ? placed(img) : preprocess(img, info.input(), norm);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return Nd4j.create(x, 1, info.input()[0], info.input()[1], info.input()[2]);
    }

    /** As the trainer's evaluation batches place an image of {@link #trainedOn}: at the dataset's size, padded into the input. */
    private float[] placed(Image img) {
        int side = trainedOn.format() == DatasetInfo.Format.IDX ? 28 : 32;
        if (img.h() != side || img.w() != side) {
            img = img.resize(side, side);
        }
        InputShape in = new InputShape(info.input()[0], info.input()[1], info.input()[2]);
        Image v = Transform.padCenter(in, Augment.NONE).apply(norm.beforeTransform(img), null).get(0);
        return normalized(v);
    }

    /**
     * {@code img} (decoded RGB) with {@code c} channels: grey as Pillow's {@code convert('L')} (ITU-R 601-2 luma, in integers:
     * exact for a grey image decoded to three equal channels), or the channels as they are.
     */
    public static Image channels(Image img, int c) {
        if (img.c() == c) {
            return img;
        }
        if (c == 1 && img.c() == 3) {
            int plane = img.h() * img.w();
            float[] px = new float[plane];
            for (int i = 0; i < plane; i++) {
                int r = (int) img.px()[i], g = (int) img.px()[plane + i], b = (int) img.px()[2 * plane + i];
                px[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
            }
            return new Image(1, img.h(), img.w(), px);
        }
        if (c == 3 && img.c() == 1) {
            int plane = img.h() * img.w();
            float[] px = new float[3 * plane];
            for (int k = 0; k < 3; k++) {
                System.arraycopy(img.px(), 0, px, k * plane, plane);
            }
            return new Image(3, img.h(), img.w(), px);
        }
        throw new IllegalArgumentException("an image of " + img.c() + " channels cannot be given to a model of " + c);
    }

    private float[] normalized(Image v) {
        float[] out = new float[v.px().length];
        int plane = v.h() * v.w();
        for (int i = 0; i < out.length; i++) {
            out[i] = norm.apply(v.px()[i], i / plane);
        }
        return out;
    }

    /** Shorter side to input × 256/224 (256 for 224), centre crop, normalised: the values in C, H, W order. */
    public static float[] preprocess(Image img, int[] input, Normalization norm) {
        int resize = (int) Math.round(input[1] * 256.0 / 224.0);
        Image v = Transform.centerCrop(resize, input[1]).apply(norm.beforeTransform(img), null).get(0);
        if (v.c() != input[0]) {
            throw new IllegalArgumentException("image has " + v.c() + " channels, the model " + input[0]);
        }
        float[] out = new float[v.px().length];
        int plane = v.h() * v.w();
        for (int i = 0; i < out.length; i++) {
            out[i] = norm.apply(v.px()[i], i / plane);
        }
        return out;
    }

    /** The class name of output {@code i}: the model file's names if it has them, else the index. */
    public String className(int i) {
        List<String> names = info.classNames();
        return names != null && i < names.size() ? names.get(i) : "class " + i;
    }

    /** The {@code k} most probable classes of one logit row, with their softmax probabilities. */
    public static List<double[]> top(INDArray logitsRow, int k) {
        double[] z = logitsRow.castTo(DataType.DOUBLE).toDoubleVector();
        double max = Arrays.stream(z).max().orElse(0), sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        Integer[] idx = new Integer[z.length];
        for (int i = 0; i < z.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(z[b], z[a]));
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, z.length); i++) {
            out.add(new double[] {idx[i], Math.exp(z[idx[i]] - max) / sum});
        }
        return out;
    }
}
