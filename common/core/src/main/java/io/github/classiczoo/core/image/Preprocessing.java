package io.github.classiczoo.core.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The exact transform a model file expects between an image and its input: decoded to the model's channels, placed
 * into its input as its own evaluation placed images ({@link Geometry}), scaled and normalised ({@link Normalization}).
 * Every model file carries one ({@code ModelFile.info(file).preprocessing()}, {@code Pretrained.preprocessing()}), and
 * {@code zoo predict}, {@code zoo eval} and Spark's executors use it, so an image reaches the network as it did in
 * training and testing:
 *
 * <pre>{@code
 * Pretrained w = Pretrained.get("lenet5-modern", "mnist");
 * INDArray y = w.load().outputSingle(w.preprocessing().apply(Path.of("digit.png")));
 * Preprocessing p = ModelFile.info(Path.of("r18.zip")).preprocessing();   // any model file's
 * INDArray x = p.apply(rawPixels);          // [N, C, H, W] in 0-255: normalised, and placed if not at the input's size
 * System.out.println(p.describe());         // the transform in one line, as zoo summary prints it
 * }</pre>
 *
 * <p>It is serializable: Spark's executors receive it with the images they place.
 *
 * <p>Image files are decoded by {@link ImageFile} (zoo-data's decoder when it is on the class path, Pillow's pixels
 * exactly; else the JDK's ImageIO: {@link ImageIoDecoder} says where that can differ). Grey is made from colour as
 * Pillow's {@code convert('L')} does; colour from grey by repeating it.
 *
 * @param channels      the model's input channels (1 or 3)
 * @param height        the model's input height
 * @param width         the model's input width
 * @param geometry      how a decoded image is placed into the input
 * @param normalization how pixels in [0, 255] become the network's values
 */
public record Preprocessing(int channels, int height, int width, Geometry geometry, Normalization normalization)
        implements java.io.Serializable {

    /** How an image of any size becomes one of the input's size. */
    public sealed interface Geometry extends java.io.Serializable permits Pad, ResizeCrop {
        /** The image placed: {@code img} (pixel units, the model's channels) at {@code height × width}. */
        Image place(Image img, int height, int width);

        /** One line for reports and {@code zoo summary}. */
        String describe(int height, int width);
    }

    /**
     * Small images (MNIST, CIFAR), as the zoo trains on them: resized to {@code height × width} (the size the model was trained at: the
     * dataset's own, or its recipe's, as LeNet-1's 22×22)
     * if they are not that size, then centred in the input and padded with zeros — black, the normalisation's background.
     */
    public record Pad(int height, int width) implements Geometry {
        public Pad {
            if (height < 1 || width < 1 || height > 1 << 15 || width > 1 << 15) {
                throw new IllegalArgumentException("pad geometry " + height + "×" + width + " is not within 1.." + (1 << 15));
            }
        }

        @Override
        public Image place(Image img, int th, int tw) {
            Image r = img.h() == height && img.w() == width ? img : img.resize(height, width);
            int oy = (th - height) / 2, ox = (tw - width) / 2;
            float[] out = new float[r.c() * th * tw];
            for (int ch = 0; ch < r.c(); ch++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(r.px(), (ch * height + y) * width, out, (ch * th + oy + y) * tw + ox, width);
                }
            }
            return new Image(r.c(), th, tw, out);
        }

        @Override
        public String describe(int th, int tw) {
            return height == th && width == tw ? "resized to " + th + "×" + tw
                    : "resized to " + height + "×" + width + " (as in training), centred and padded with black into " + th + "×" + tw;
        }
    }

    /**
     * The ImageNet evaluation transform: the shorter side resized to {@code resize} (256 for a 224×224 input) as
     * torchvision's {@code Resize} does, then the centre {@code height × width} crop.
     */
    public record ResizeCrop(int resize) implements Geometry {
        public ResizeCrop {
            if (resize < 1 || resize > 1 << 15) {
                throw new IllegalArgumentException("resize " + resize + " is not within 1.." + (1 << 15));
            }
        }

        /** The transform torchvision's ImageNet evaluation applies for an input {@code height} high: resize to height × 256/224. */
        public static ResizeCrop imagenet(int height) {
            return new ResizeCrop((int) Math.round(height * 256.0 / 224.0));
        }

        @Override
        public Image place(Image img, int th, int tw) {
            return img.resizeShorter(resize).centerCrop(th, tw);
        }

        @Override
        public String describe(int th, int tw) {
            return "shorter side resized to " + resize + ", centre " + th + "×" + tw + " crop";
        }
    }

    public Preprocessing {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("preprocessing for " + channels + " channels: only grey (1) and colour (3) images are read");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input " + height + "×" + width);
        }
        if (geometry instanceof Pad p && (p.height() > height || p.width() > width)) {
            throw new IllegalArgumentException(p.height() + "×" + p.width() + " images do not fit a " + height + "×" + width + " input");
        }
        if (geometry instanceof ResizeCrop r && r.resize() < Math.min(height, width)) {
            throw new IllegalArgumentException("a shorter side of " + r.resize() + " leaves no " + height + "×" + width + " crop");
        }
        if (normalization.scale().length != 1 && normalization.scale().length != channels) {
            throw new IllegalArgumentException("normalisation " + normalization.name() + " has " + normalization.scale().length
                    + " channels, the input " + channels);
        }
    }

    /** For an input {@code [channels, height, width]}. */
    public static Preprocessing of(int[] input, Geometry geometry, Normalization normalization) {
        return new Preprocessing(input[0], input[1], input[2], geometry, normalization);
    }

    /**
     * How a model trained on the dataset named {@code dataset} with the normalisation named {@code normalization} is fed,
     * as model files that record only those names (all before this type) were: MNIST and Fashion-MNIST (28×28) and
     * CIFAR (32×32) padded into the input, anything else (folders, imported ImageNet weights) the ImageNet evaluation
     * transform. {@code pixelMean}: a per-pixel-mean normalisation's mean image, else null.
     */
    public static Preprocessing standard(int[] input, String normalization, String dataset, Image pixelMean) {
        Geometry g = switch (dataset == null ? "" : dataset) {
            case "mnist", "fashion-mnist" -> new Pad(28, 28);
            case "cifar10", "cifar100" -> new Pad(32, 32);
            default -> ResizeCrop.imagenet(input[1]);
        };
        Normalization n;
        if (pixelMean != null) {
            float[] one = new float[pixelMean.c()];
            Arrays.fill(one, 1f);
            n = new Normalization(normalization, one, new float[pixelMean.c()], pixelMean);
        } else {
            n = Normalization.named(normalization, dataset);
        }
        return of(input, g, n);
    }

    /** The same preprocessing for an input of {@code channels} (a fine-tuned copy's, an adapted model's). */
    public int[] input() {
        return new int[] {channels, height, width};
    }

    /** The model's input for image files, {@code [N, C, H, W]} float32; a file that cannot be used is named in the error. */
    public INDArray apply(Path... images) {
        checkCount(images.length);
        float[] x = new float[images.length * values()];
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null) {
                throw new IllegalArgumentException("image " + i + " is null");
            }
            Image img = ImageFile.decode(images[i]);
            try {
                System.arraycopy(values(img), 0, x, i * values(), values());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(images[i] + ": " + e.getMessage(), e);
            }
        }
        return Nd4j.create(x, images.length, channels, height, width);
    }

    /** The model's input for images in memory (their RGB or grey pixels; alpha is dropped), {@code [N, C, H, W]} float32. */
    public INDArray apply(BufferedImage... images) {
        checkCount(images.length);
        float[] x = new float[images.length * values()];
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null) {
                throw new IllegalArgumentException("image " + i + " is null");
            }
            System.arraycopy(values(ImageIoDecoder.rgb(images[i])), 0, x, i * values(), values());
        }
        return Nd4j.create(x, images.length, channels, height, width);
    }

    /**
     * The model's input for raw pixels {@code [N, C, H, W]} in [0, 255] (C 1 or 3). Images of the input's height and width
     * are taken as already placed and are only normalised; images of any other size are placed as image files are.
     */
    public INDArray apply(INDArray rawPixels) {
        if (rawPixels.rank() != 4 || (rawPixels.size(1) != 1 && rawPixels.size(1) != 3)) {
            throw new IllegalArgumentException("raw pixels have shape " + Arrays.toString(rawPixels.shape()) + "; [N, C, H, W] with C 1 or 3 is needed");
        }
        long n = rawPixels.size(0), c = rawPixels.size(1), h = rawPixels.size(2), w = rawPixels.size(3);
        checkCount(n);
        if (c * h * w > Image.maxValues()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "raw images of %d×%d×%d are above the pixel limit", c, h, w));
        }
        boolean placed = h == height && w == width;
        float[] x = new float[Math.toIntExact(n * values())];
        for (int i = 0; i < n; i++) {
            float[] px = rawPixels.get(NDArrayIndex.point(i)).castTo(DataType.FLOAT).dup('c').data().asFloat();
            Image img = new Image((int) c, (int) h, (int) w, px);
            System.arraycopy(placed ? normalized(normalization.beforeTransform(channels(img, channels))) : values(img), 0, x, i * values(), values());
        }
        return Nd4j.create(x, n, channels, height, width);
    }

    /** One decoded image (pixels in [0, 255], any channels and size) as the model's input values, in C, H, W order. */
    public float[] values(Image decoded) {
        return normalized(place(decoded));
    }

    private float[] normalized(Image v) {
        float[] out = new float[v.px().length];
        int plane = height * width;
        for (int i = 0; i < out.length; i++) {
            out[i] = normalization.apply(v.px()[i], i / plane);
        }
        return out;
    }

    /** One decoded image at the input's size and channels, still in pixel units (the per-pixel mean subtracted, if any). */
    public Image place(Image decoded) {
        return geometry.place(normalization.beforeTransform(channels(decoded, channels)), height, width);
    }

    /** At least one image, and no more than one array of the input's size holds. */
    private void checkCount(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("no images given: at least one is needed");
        }
        if (n * values() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%,d images of %d×%d×%d are more than one array holds; apply them in batches",
                    n, channels, height, width));
        }
    }

    private int values() {
        return channels * height * width;
    }

    /**
     * {@code img} with {@code c} channels: grey from colour as Pillow's {@code convert('L')} (ITU-R 601-2 luma, in integers:
     * exact for a grey image decoded to three equal channels), colour from grey by repetition, or the image as it is.
     */
    public static Image channels(Image img, int c) {
        if (img.c() == c) {
            return img;
        }
        int plane = img.h() * img.w();
        if (c == 1 && img.c() == 3) {
            float[] px = new float[plane];
            for (int i = 0; i < plane; i++) {
                int r = (int) img.px()[i], g = (int) img.px()[plane + i], b = (int) img.px()[2 * plane + i];
                px[i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
            }
            return new Image(1, img.h(), img.w(), px);
        }
        if (c == 3 && img.c() == 1) {
            float[] px = new float[3 * plane];
            for (int k = 0; k < 3; k++) {
                System.arraycopy(img.px(), 0, px, k * plane, plane);
            }
            return new Image(3, img.h(), img.w(), px);
        }
        throw new IllegalArgumentException("an image of " + img.c() + " channels cannot be given to a model of " + c);
    }

    /** What is done, in one line: {@code grey; resized to 28×28 …; x = p/255 · 1.275 − 0.1}. */
    public String describe() {
        return (channels == 1 ? "grey" : "RGB") + "; " + geometry.describe(height, width) + "; " + normalization.formula();
    }

    /** As model files record it (beside the normalisation's name and per-pixel mean, which they keep where they were). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (geometry instanceof Pad p) {
            m.put("geometry", "pad");
            m.put("size", new int[] {p.height(), p.width()});
        } else if (geometry instanceof ResizeCrop r) {
            m.put("geometry", "resize-crop");
            m.put("resize", r.resize());
        }
        m.put("scale", normalization.scale());
        m.put("shift", normalization.shift());
        return m;
    }

    /** The geometries by their recorded names, for errors. */
    public static final List<String> GEOMETRIES = List.of("pad", "resize-crop");

    @Override
    public String toString() {
        return describe();
    }
}
