package io.github.classiczoo.data.pipeline;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.util.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a recipe places images into the model's input, for training and for testing. Sizes are the papers'
 * for a 224×224 input and scale with the input (a 112×112 input resizes to 128 instead of 256).
 *
 * @param kind        {@code pad}: small in-memory images centred and padded (MNIST, CIFAR), with an optional
 *                    random shift of up to {@code cropPadding} pixels and a flip;
 *                    {@code distort}: placed as {@code pad}, then a random planar affine distortion
 *                    ({@link Distortion}, LeCun et al. 1998 §III.B) drawn per image, for training only;
 *                    {@code resize-crop}: shorter side to 256, random 224 crop, flip (folder default);
 *                    {@code scale}: ResNet's scale augmentation, shorter side uniform in [256, 480];
 *                    {@code alexnet}: 256×256, random 224 crops, flip, PCA colour noise (σ 0.1);
 *                    {@code inception}: GoogLeNet's 8–100% area, 3/4–4/3 aspect crops, flip
 * @param tenCropTest test with 10 crops (AlexNet §4.1, ResNet §3.4) instead of the centre crop
 * @param resize      {@code pad} and {@code distort}: in-memory images resized to {@code resize}×{@code resize} before
 *                    they are centred, in training and testing alike (LeNet-1's 22×22 MNIST images, whose digits come
 *                    to §III.C.7's 16×16, in a 28×28 input); 0 keeps their own size
 */
public record Augment(Kind kind, int cropPadding, boolean flip, boolean tenCropTest, int resize) implements java.io.Serializable {

    /** The ways of placing images into the model's input (see the record's documentation). */
    public enum Kind {
        PAD, DISTORT, RESIZE_CROP, SCALE, ALEXNET, INCEPTION;

        /** As written in manifests and reports. */
        @Override
        public String toString() {
            return Text.kebab(this);
        }

        /** A kind as written: {@code pad}, {@code distort}, {@code resize-crop}, {@code scale}, {@code alexnet}, {@code inception}. */
        public static Kind parse(String s) {
            return io.github.classiczoo.core.util.Enums.parse(Kind.class, "augmentation", s);
        }

        /** Whether images stay in memory at their own size and are centred in the input ({@code pad}, {@code distort}). */
        public boolean padded() {
            return this == PAD || this == DISTORT;
        }
    }

    public static final Augment NONE = new Augment(Kind.PAD, 0, false, false, 0);

    /** ResNet CIFAR (§4.2): 4 pixels of padding, a random 32×32 crop, a horizontal flip. */
    public static Augment padCropFlip(int padding) {
        return new Augment(Kind.PAD, padding, true, false, 0);
    }

    /** LeCun et al. 1998 §III.B: MNIST digits centred in the input, each training image randomly distorted. */
    public static final Augment DISTORT = new Augment(Kind.DISTORT, 0, false, false, 0);

    public static final Augment RESIZE_CROP = new Augment(Kind.RESIZE_CROP, 0, true, false, 0);
    public static final Augment RESNET_SCALE = new Augment(Kind.SCALE, 0, true, true, 0);
    public static final Augment ALEXNET = new Augment(Kind.ALEXNET, 0, true, true, 0);
    /** GoogLeNet §6: 8–100% of the area, aspect 3/4–4/3, flips; tested on the centre crop. */
    public static final Augment INCEPTION = new Augment(Kind.INCEPTION, 0, true, false, 0);

    public Augment {
        if (kind == null) {
            throw new IllegalArgumentException("an augmentation needs a kind");
        }
        if (resize < 0 || resize > 1 << 15 || (resize > 0 && !kind.padded())) {
            throw new IllegalArgumentException("a resize of " + resize + " is not one for " + kind + " (in-memory images only, 1.." + (1 << 15) + ")");
        }
    }

    /** This augmentation's placement and test views with another kind of training transform. */
    public Augment withKind(Kind k) {
        return new Augment(k, cropPadding, flip, tenCropTest, k.padded() ? resize : 0);
    }

    /** This augmentation with in-memory images resized to {@code size}×{@code size} before they are centred. */
    public Augment resized(int size) {
        return new Augment(kind, cropPadding, flip, tenCropTest, size);
    }

    /** The training transform for a model input. */
    public Transform train(InputShape target) {
        int crop = target.height();
        return switch (kind) {
            case PAD -> Transform.padCenter(target, this);
            case DISTORT -> Transform.distort(Transform.padCenter(target, this), Distortion.LECUN98);
            case RESIZE_CROP -> Transform.scaleAugment(scaled(256, crop), scaled(256, crop), crop);
            case SCALE -> Transform.scaleAugment(scaled(256, crop), scaled(480, crop), crop);
            case INCEPTION -> Transform.areaAspectCrop(crop);
            case ALEXNET -> Transform.alexnetTrain(scaled(256, crop), crop, 0.1);
        };
    }

    /**
     * Where the single-view test transform puts an image, as model files record it ({@link Preprocessing}): in-memory
     * images ({@code sample} is one) padded into the input at their own size (or {@code resize}'s), others resized by the papers' 256/224 and
     * centre-cropped.
     */
    public Preprocessing.Geometry geometry(InputShape target, Image sample) {
        if (!kind.padded()) {
            return new Preprocessing.ResizeCrop(scaled(256, target.height()));
        }
        return resize > 0 ? new Preprocessing.Pad(resize, resize) : new Preprocessing.Pad(sample.h(), sample.w());
    }

    /** A size the papers give for a 224×224 input, for an input {@code crop} high: 256 → 128 for 112. */
    public static int scaled(int size224, int crop) {
        return (int) Math.round(size224 * crop / 224.0);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.toString());
        if (cropPadding > 0) {
            m.put("cropPadding", cropPadding);
        }
        m.put("flip", flip);
        m.put("tenCropTest", tenCropTest);
        if (resize > 0) {
            m.put("resize", resize);
        }
        if (kind == Kind.DISTORT) {
            m.put("distortion", Distortion.LECUN98.toMap());
        }
        return m;
    }
}
