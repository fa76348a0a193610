package io.github.classiczoo.common.data;

/**
 * Training-time augmentation chosen by a recipe.
 *
 * @param cropPadding random crop of the model's input size from the image zero-padded (with the background
 *                    value) by this many pixels per side; 0 = no random crop (ResNet CIFAR: 4)
 * @param flip        horizontal flip with probability 1/2
 */
public record Augment(int cropPadding, boolean flip) {

    public static final Augment NONE = new Augment(0, false);

    public boolean any() {
        return cropPadding > 0 || flip;
    }
}
