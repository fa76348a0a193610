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
 *                    {@code resize-crop}: shorter side to 256, random 224 crop, flip (folder default);
 *                    {@code scale}: ResNet's scale augmentation, shorter side uniform in [256, 480];
 *                    {@code alexnet}: 256×256, random 224 crops, flip, PCA colour noise (σ 0.1);
 *                    {@code inception}: GoogLeNet's 8–100% area, 3/4–4/3 aspect crops, flip
 * @param tenCropTest test with 10 crops (AlexNet §4.1, ResNet §3.4) instead of the centre crop
 */
public record Augment(Kind kind, int cropPadding, boolean flip, boolean tenCropTest) implements java.io.Serializable {

    /** The ways of placing images into the model's input (see the record's documentation). */
    public enum Kind {
        PAD, RESIZE_CROP, SCALE, ALEXNET, INCEPTION;

        /** As written in manifests and reports. */
        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    public static final Augment NONE = new Augment(Kind.PAD, 0, false, false);

    /** ResNet CIFAR (§4.2): 4 pixels of padding, a random 32×32 crop, a horizontal flip. */
    public static Augment padCropFlip(int padding) {
        return new Augment(Kind.PAD, padding, true, false);
    }

    public static final Augment RESIZE_CROP = new Augment(Kind.RESIZE_CROP, 0, true, false);
    public static final Augment RESNET_SCALE = new Augment(Kind.SCALE, 0, true, true);
    public static final Augment ALEXNET = new Augment(Kind.ALEXNET, 0, true, true);
    /** GoogLeNet §6: 8–100% of the area, aspect 3/4–4/3, flips; tested on the centre crop. */
    public static final Augment INCEPTION = new Augment(Kind.INCEPTION, 0, true, false);

    public Augment {
        if (kind == null) {
            throw new IllegalArgumentException("an augmentation needs a kind");
        }
    }

    /** The training transform for a model input. */
    public Transform train(InputShape target) {
        int crop = target.height();
        return switch (kind) {
            case PAD -> Transform.padCenter(target, this);
            case RESIZE_CROP -> Transform.scaleAugment(scaled(256, crop), scaled(256, crop), crop);
            case SCALE -> Transform.scaleAugment(scaled(256, crop), scaled(480, crop), crop);
            case INCEPTION -> Transform.areaAspectCrop(crop);
            case ALEXNET -> Transform.alexnetTrain(scaled(256, crop), crop, 0.1);
        };
    }

    /**
     * Where the single-view test transform puts an image, as model files record it ({@link Preprocessing}): in-memory
     * images ({@code sample} is one) padded into the input at their own size, others resized by the papers' 256/224 and
     * centre-cropped.
     */
    public Preprocessing.Geometry geometry(InputShape target, Image sample) {
        return kind == Kind.PAD ? new Preprocessing.Pad(sample.h(), sample.w()) : new Preprocessing.ResizeCrop(scaled(256, target.height()));
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
        return m;
    }
}
