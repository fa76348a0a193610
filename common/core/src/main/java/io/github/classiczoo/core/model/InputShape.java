package io.github.classiczoo.core.model;

import org.deeplearning4j.nn.conf.inputs.InputType;

/** An image input, channels × height × width (batch excluded). */
public record InputShape(int channels, int height, int width) {

    public InputShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input shape must be positive C,H,W; got " + channels + "," + height + "," + width);
        }
    }

    /** Parses "C,H,W" (also accepts "CxHxW"). */
    public static InputShape parse(String text) {
        String[] parts = text.trim().split("\\s*[,x×]\\s*");
        if (parts.length != 3) {
            throw new IllegalArgumentException("input shape must be C,H,W (e.g. 1,32,32); got '" + text + "'");
        }
        try {
            return new InputShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input shape must be three integers C,H,W; got '" + text + "'");
        }
    }

    public InputType toInputType() {
        return InputType.convolutional(height, width, channels);
    }

    public long elements() {
        return (long) channels * height * width;
    }

    public int[] toArray() {
        return new int[] {channels, height, width};
    }

    @Override
    public String toString() {
        return channels + "×" + height + "×" + width;
    }
}
