package io.github.classiczoo.data;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.model.InputShape;
import java.util.List;
import java.util.Random;

/**
 * Images held in memory as unsigned bytes, channel-major (C, H, W) per image, with integer labels.
 * Small datasets (MNIST, CIFAR) fit comfortably: MNIST's 60,000 training images take 47 MB.
 */
public record ImageSet(String name, InputShape shape, byte[] pixels, int[] labels, List<String> classNames) implements ImageSource {

    public ImageSet {
        long expected = (long) labels.length * shape.elements();
        if (pixels.length != expected) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + pixels.length
                    + " pixel bytes (expected " + expected + " for " + shape + " images)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new ZooDataException(name + ": label " + labels[i] + " of image " + i + " is outside 0.."
                        + (classNames.size() - 1));
            }
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int classes() {
        return classNames.size();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public int channels() {
        return shape.channels();
    }

    @Override
    public Image image(int i) {
        int per = (int) shape.elements();
        float[] px = new float[per];
        for (int k = 0; k < per; k++) {
            px[k] = pixels[i * per + k] & 0xff;
        }
        return new Image(shape.channels(), shape.height(), shape.width(), px);
    }

    @Override
    public StoredImage stored(int i) {
        int per = (int) shape.elements();
        return new StoredImage(name + "[" + i + "]", java.util.Arrays.copyOfRange(pixels, i * per, (i + 1) * per), shape.channels(),
                shape.height(), shape.width());
    }

    /** The images at the given positions, in that order. */
    public ImageSet subset(int[] indices, String newName) {
        int per = (int) shape.elements();
        byte[] px = new byte[indices.length * per];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, px, i * per, per);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(newName, shape, px, lb, classNames);
    }

    /** Fisher–Yates permutation of 0..n-1. */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
