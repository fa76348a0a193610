package io.github.classiczoo.train;

import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.Logits;
import io.github.classiczoo.core.model.ModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference with a model file: logits of the inference head (the output layer's softmax left out, so they compare with
 * torchvision's), for arrays or for image files, which get the model file's own {@link Preprocessing}.
 */
public final class Predictor {

    private final ModelFile.Info info;
    private final ComputationGraph logits;

    private Predictor(ModelFile.Info info, ComputationGraph logits) {
        this.info = info;
        this.logits = logits;
    }

    public static Predictor load(Path modelFile) {
        ModelFile.Info info = ModelFile.info(modelFile);
        return new Predictor(info, Logits.graph(ModelFile.load(modelFile)));
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

    /** One image file as the model's input {@code [1, C, H, W]}: the model file's {@link Preprocessing}. */
    public INDArray image(Path file) {
        return info.preprocessing().apply(file);
    }

    /** The class name of output {@code i}: the model file's names if it has them, else the index. */
    public String className(int i) {
        return className(info, i);
    }

    /** The class name of output {@code i} of a model file: its names if it has them, else the index. */
    public static String className(ModelFile.Info info, int i) {
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
