package io.github.classiczoo.core.image;

import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.core.util.ZooException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Maps a pixel p ∈ [0, 255] of channel c to {@code p/255 · scale[c] + shift[c]}, after an optional per-pixel
 * mean subtraction ({@link #beforeTransform}). Padding is done before this mapping with zeros, so it becomes
 * {@code shift[c]} — black for LeNet-5 (−0.1) and torchvision-style mean/std, the mean for per-pixel-mean.
 */
public record Normalization(String name, float[] scale, float[] shift, Image pixelMean) implements java.io.Serializable {

    public Normalization(String name, float[] scale, float[] shift) {
        this(name, scale, shift, null);
    }

    /**
     * A normalisation by the name a recipe or model file gives: {@code lecun98}, {@code imagenet}, {@code dataset}
     * (the statistics of the dataset named {@code dataset}, ImageNet's when null or a folder) or {@code mean[..]-std[..]}.
     */
    public static Normalization named(String name, String dataset) {
        for (Scheme s : Scheme.values()) {
            if (s.toString().equals(name) && s != Scheme.PER_PIXEL_MEAN) {
                return of(s, dataset);
            }
        }
        if (name.startsWith("mean[")) { // as meanStd names itself, e.g. imported GoogLeNet's transform_input
            return parseMeanStd(name);
        }
        throw new IllegalArgumentException("unknown normalisation '" + name + "' (lecun98, imagenet, dataset, per-pixel-mean or mean[..]-std[..])");
    }

    /** How a recipe normalises its inputs. */
    public enum Scheme {
        /** LeCun et al. 1998, §III.A: background −0.1, ink 1.175 */
        LECUN98,
        /** torchvision's ImageNet per-channel mean/std */
        IMAGENET,
        /** the dataset's own per-channel mean/std */
        DATASET,
        /** He et al. 2015 §4.2: the training set's mean image subtracted ({@link #perPixelMean}, computed from the data) */
        PER_PIXEL_MEAN;

        /** As written in recipes, manifests and model files. */
        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    /**
     * A scheme's constants ({@code dataset}: the dataset's name for {@link Scheme#DATASET}; ImageNet's statistics when it
     * is null or a folder, whose images are ImageNet-like photographs).
     */
    public static Normalization of(Scheme scheme, String dataset) {
        return switch (scheme) {
            case LECUN98 -> lecun98();
            case IMAGENET -> imagenet();
            case DATASET -> switch (dataset == null || dataset.startsWith("folder:") ? "imagenet" : dataset) {
                case "imagenet" -> imagenet();
                case "mnist" -> mnist();
                case "fashion-mnist" -> fashionMnist();
                case "cifar10" -> cifar10();
                case "cifar100" -> cifar100();
                default -> throw new IllegalArgumentException("no dataset statistics for " + dataset);
            };
            case PER_PIXEL_MEAN -> throw new IllegalArgumentException("the per-pixel mean is computed from the training images (perPixelMean)");
        };
    }


    /**
     * He et al. 2015, §4.2: "the per-pixel mean subtracted". The mean image of {@code train} (pixel units) is
     * subtracted from every image <em>before</em> the transform, so padding (zeros) is the mean, as in Caffe;
     * values are then divided by 255. {@code images} are the training set's {@code n} images, named {@code set} in errors.
     */
    public static Normalization perPixelMean(String set, int n, IntFunction<Image> images) {
        Image first = images.apply(0);
        double[] sum = new double[first.px().length];
        for (int i = 0; i < n; i++) {
            Image img = images.apply(i);
            if (img.px().length != sum.length) {
                throw new ZooException("per-pixel mean needs images of one size; " + set + " has " + first.h() + "×" + first.w()
                        + " and " + img.h() + "×" + img.w());
            }
            for (int k = 0; k < sum.length; k++) {
                sum[k] += img.px()[k];
            }
        }
        float[] mean = new float[sum.length];
        for (int k = 0; k < sum.length; k++) {
            mean[k] = (float) (sum[k] / n);
        }
        float[] one = new float[first.c()], zero = new float[first.c()];
        java.util.Arrays.fill(one, 1f);
        return new Normalization("per-pixel-mean", one, zero, new Image(first.c(), first.h(), first.w(), mean));
    }

    /** The image with the per-pixel mean subtracted (unchanged without one); done before the transform. */
    public Image beforeTransform(Image img) {
        if (pixelMean == null) {
            return img;
        }
        if (img.px().length != pixelMean.px().length) {
            throw new ZooException("a " + img.c() + "×" + img.h() + "×" + img.w() + " image does not match the " + pixelMean.c() + "×"
                    + pixelMean.h() + "×" + pixelMean.w() + " per-pixel mean");
        }
        float[] out = img.px().clone();
        for (int k = 0; k < out.length; k++) {
            out[k] -= pixelMean.px()[k];
        }
        return new Image(img.c(), img.h(), img.w(), out);
    }

    /**
     * LeCun et al. 1998, §III.A: "the background level (white) corresponds to a value of −0.1 and the
     * foreground (black) corresponds to 1.175", which makes the mean roughly 0 and the variance roughly 1.
     * (MNIST stores ink as 255, so p/255 = 1 is the foreground.)
     */
    public static Normalization lecun98() {
        return new Normalization("lecun98", new float[] {1.275f}, new float[] {-0.1f});
    }

    /** (p/255 − mean) / std per channel. */
    public static Normalization meanStd(float[] mean, float[] std) {
        float[] sc = new float[mean.length], sh = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            sc[c] = 1f / std[c];
            sh[c] = -mean[c] / std[c];
        }
        return new Normalization(String.format(Locale.ROOT, "mean%s-std%s", Arrays.toString(mean), Arrays.toString(std)).replace(" ", ""), sc, sh);
    }

    /** The inverse of {@link #meanStd}'s name, {@code mean[0.5,0.5,0.5]-std[0.5,0.5,0.5]}. */
    public static Normalization parseMeanStd(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("mean\\[([^\\]]*)\\]-std\\[([^\\]]*)\\]").matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("normalisation '" + name + "' is not of the form mean[a,b,c]-std[d,e,f]");
        }
        String[] a = m.group(1).split(","), b = m.group(2).split(",");
        if (a.length != b.length) {
            throw new IllegalArgumentException("normalisation '" + name + "' has " + a.length + " means and " + b.length + " deviations");
        }
        float[] mean = new float[a.length], std = new float[b.length];
        for (int i = 0; i < a.length; i++) {
            mean[i] = Float.parseFloat(a[i]);
            std[i] = Float.parseFloat(b[i]);
        }
        return meanStd(mean, std);
    }

    /** MNIST's training-set mean and standard deviation (0.1307, 0.3081). */
    public static Normalization mnist() {
        return meanStd(new float[] {0.1307f}, new float[] {0.3081f});
    }

    /** Fashion-MNIST's training-set mean and standard deviation (0.2860, 0.3530). */
    public static Normalization fashionMnist() {
        return meanStd(new float[] {0.2860f}, new float[] {0.3530f});
    }

    /** ImageNet's per-channel mean and standard deviation, as torchvision's models expect. */
    public static Normalization imagenet() {
        return meanStd(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /** CIFAR-10's training-set per-channel mean and standard deviation. */
    public static Normalization cifar10() {
        return meanStd(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    }

    /** CIFAR-100's training-set per-channel mean and standard deviation. */
    public static Normalization cifar100() {
        return meanStd(new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});
    }

    /**
     * The mapping in one line, with its numbers: {@code x = p/255 · 1.275 − 0.1}, or for a mean/std normalisation
     * {@code x = (p/255 − mean[c]) / std[c], mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]}.
     */
    public String formula() {
        String pre = pixelMean != null ? "the training set's mean image subtracted, then " : "";
        if (name.startsWith("mean[")) {
            float[] mean = new float[scale.length], std = new float[scale.length];
            for (int c = 0; c < scale.length; c++) {
                std[c] = 1 / scale[c];
                mean[c] = -shift[c] / scale[c];
            }
            return pre + (scale.length == 1 ? "x = (p/255 − " + num(mean[0]) + ") / " + num(std[0])
                    : "x = (p/255 − mean[c]) / std[c], mean " + nums(mean) + ", std " + nums(std));
        }
        if (scale.length == 1) {
            return pre + "x = p/255 · " + num(scale[0]) + signed(shift[0]);
        }
        return pre + "x = p/255 · scale[c] + shift[c], scale " + nums(scale) + ", shift " + nums(shift);
    }

    private static String num(float v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+$", "").replaceAll("\\.?0+e", "e");
    }

    private static String signed(float v) {
        return v == 0 ? "" : (v < 0 ? " − " : " + ") + num(Math.abs(v));
    }

    private static String nums(float[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ", " : "").append(num(v[i]));
        }
        return b.append(']').toString();
    }

    /** Equal when they map every pixel alike: the same name, numbers and mean image. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && name.equals(n.name) && Arrays.equals(scale, n.scale) && Arrays.equals(shift, n.shift)
                && (pixelMean == null ? n.pixelMean == null : n.pixelMean != null && pixelMean.c() == n.pixelMean.c()
                    && pixelMean.h() == n.pixelMean.h() && Arrays.equals(pixelMean.px(), n.pixelMean.px()));
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(scale) + 17 * Arrays.hashCode(shift);
    }

    public float apply(float pixel, int channel) {
        int c = scale.length == 1 ? 0 : channel;
        return pixel / 255f * scale[c] + shift[c];
    }

}
