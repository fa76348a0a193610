package io.github.classiczoo.data.pipeline;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.data.ZooDataException;
import java.util.List;
import java.util.Random;

/**
 * Turns a decoded image into one or more views of the model's input size, drawing any randomness from the
 * given generator (seeded per batch by {@link Batches}). The papers' transforms are here; they are serializable, so that
 * Spark executors apply them to the images they receive.
 */
public interface Transform extends java.io.Serializable {

    /** The views of one image; one for training transforms, ten for 10-crop testing. */
    List<Image> apply(Image img, Random rng);

    default int views() {
        return 1;
    }

    /**
     * Small images: centred in the model's input and padded with black (the normalisation's background),
     * optionally shifted by up to {@code augment.cropPadding()} pixels and flipped — the ResNet CIFAR
     * augmentation "4 pixels padded on each side, a 32×32 crop randomly sampled, horizontal flip" (§4.2).
     * Images larger than the input are refused, never cut silently. With {@code augment.resize()}, images are first
     * resized to that square size (LeNet-1's 22×22: its digits at §III.C.7's 16×16).
     */
    static Transform padCenter(InputShape target, Augment augment) {
        return (original, rng) -> {
            Image img = augment.resize() > 0 ? original.resize(augment.resize(), augment.resize()) : original;
            int th = target.height(), tw = target.width();
            if (img.h() > th || img.w() > tw) {
                throw new ZooDataException("a " + img.h() + "×" + img.w() + " image does not fit the model's " + th + "×" + tw
                        + " input; smaller images are padded, larger ones are not cut silently (build the model for input "
                        + target.channels() + "," + img.h() + "," + img.w() + ")");
            }
            int oy = (th - img.h()) / 2, ox = (tw - img.w()) / 2;
            if (augment.cropPadding() > 0) {
                int p = augment.cropPadding();
                oy += rng.nextInt(2 * p + 1) - p;
                ox += rng.nextInt(2 * p + 1) - p;
            }
            boolean flip = augment.flip() && rng.nextBoolean();
            float[] out = new float[img.c() * th * tw];
            for (int ch = 0; ch < img.c(); ch++) {
                for (int ty = 0; ty < th; ty++) {
                    int sy = ty - oy;
                    if (sy < 0 || sy >= img.h()) {
                        continue;
                    }
                    for (int tx = 0; tx < tw; tx++) {
                        int sx = flip ? (tw - 1 - tx) - ox : tx - ox;
                        if (sx >= 0 && sx < img.w()) {
                            out[(ch * th + ty) * tw + tx] = img.at(ch, sy, sx);
                        }
                    }
                }
            }
            return List.of(new Image(img.c(), th, tw, out));
        };
    }

    /** {@code placement}'s view, then randomly distorted in the model's input ({@link Distortion}; training only). */
    static Transform distort(Transform placement, Distortion distortion) {
        return (img, rng) -> List.of(distortion.apply(placement.apply(img, rng).get(0), rng));
    }

    /**
     * A model's evaluation placement, as its model file records it ({@link Preprocessing}): the image given the model's
     * channels, then the preprocessing's geometry. With {@code tenCrop}, the 10 views of {@link #tenCrop} at the same
     * resize (only for a resize-and-crop geometry). Training's validation and test, {@code zoo eval}, {@code zoo predict}
     * and Spark's executors all place images through this one path.
     */
    static Transform evaluation(Preprocessing p, boolean tenCrop) {
        if (!tenCrop) {
            return (img, rng) -> List.of(p.geometry().place(Preprocessing.channels(img, p.channels()), p.height(), p.width()));
        }
        if (!(p.geometry() instanceof Preprocessing.ResizeCrop r)) {
            throw new IllegalArgumentException("10-crop testing needs a model evaluated by resizing and cropping; this one's images are "
                    + p.geometry().describe(p.height(), p.width()));
        }
        Transform ten = tenCrop(r.resize(), p.height());
        return new Transform() {
            @Override
            public List<Image> apply(Image img, Random rng) {
                return ten.apply(Preprocessing.channels(img, p.channels()), rng);
            }

            @Override
            public int views() {
                return 10;
            }
        };
    }

    /** The ImageNet evaluation transform: shorter side resized to {@code resize}, centre {@code crop}×{@code crop}. */
    static Transform centerCrop(int resize, int crop) {
        return (img, rng) -> List.of(img.resizeShorter(resize).centerCrop(crop, crop));
    }

    /**
     * 10-crop testing (AlexNet §4.1, ResNet §3.4): the four corner and the centre {@code crop}×{@code crop}
     * patches of the image resized to shorter side {@code resize}, and their horizontal reflections.
     */
    static Transform tenCrop(int resize, int crop) {
        return new Transform() {
            @Override
            public List<Image> apply(Image img, Random rng) {
                Image r = img.resizeShorter(resize);
                int dy = r.h() - crop, dx = r.w() - crop;
                List<Image> five = List.of(r.crop(0, 0, crop, crop), r.crop(0, dx, crop, crop), r.crop(dy, 0, crop, crop),
                        r.crop(dy, dx, crop, crop), r.centerCrop(crop, crop));
                List<Image> ten = new java.util.ArrayList<>(five);
                five.forEach(v -> ten.add(v.flipHorizontal()));
                return ten;
            }

            @Override
            public int views() {
                return 10;
            }
        };
    }

    /**
     * ResNet's ImageNet training augmentation (§3.4): shorter side resized to a length sampled uniformly in
     * [{@code min}, {@code max}], a random {@code crop}×{@code crop} patch, a horizontal flip half the time.
     */
    static Transform scaleAugment(int min, int max, int crop) {
        return (img, rng) -> {
            Image r = img.resizeShorter(min + rng.nextInt(max - min + 1));
            Image c = r.crop(rng.nextInt(r.h() - crop + 1), rng.nextInt(r.w() - crop + 1), crop, crop);
            return List.of(rng.nextBoolean() ? c.flipHorizontal() : c);
        };
    }

    /**
     * GoogLeNet's training crops (Szegedy et al. 2014, §6): a patch covering 8%–100% of the image area with an
     * aspect ratio in [3/4, 4/3], resized to {@code size}×{@code size}, flipped half the time (after 10 failed
     * draws, the centre square is used).
     */
    static Transform areaAspectCrop(int size) {
        return (img, rng) -> {
            double area = img.h() * (double) img.w();
            for (int attempt = 0; attempt < 10; attempt++) {
                double target = area * (0.08 + 0.92 * rng.nextDouble());
                double ratio = Math.exp(Math.log(3.0 / 4) + rng.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4)));
                int w = (int) Math.round(Math.sqrt(target * ratio)), h = (int) Math.round(Math.sqrt(target / ratio));
                if (w >= 1 && h >= 1 && w <= img.w() && h <= img.h()) {
                    Image c = img.crop(rng.nextInt(img.h() - h + 1), rng.nextInt(img.w() - w + 1), h, w).resize(size, size);
                    return List.of(rng.nextBoolean() ? c.flipHorizontal() : c);
                }
            }
            int s = Math.min(img.h(), img.w());
            return List.of(img.centerCrop(s, s).resize(size, size));
        };
    }

    /**
     * AlexNet's training augmentation (§4.1): the image rescaled to shorter side 256 and centre-cropped to
     * 256×256, a random 224×224 patch, a horizontal flip half the time, and PCA colour noise: each pixel gets
     * Σ_i α_i λ_i p_i with α_i ~ N(0, {@code sigma}) drawn once per image.
     */
    static Transform alexnetTrain(int size, int crop, double sigma) {
        return (img, rng) -> {
            Image r = img.resizeShorter(size).centerCrop(size, size);
            Image c = r.crop(rng.nextInt(size - crop + 1), rng.nextInt(size - crop + 1), crop, crop);
            if (rng.nextBoolean()) {
                c = c.flipHorizontal();
            }
            return List.of(PcaLighting.apply(c, rng, sigma));
        };
    }
}
