package io.github.classiczoo.core.model;

import org.deeplearning4j.nn.conf.inputs.InputType;

/** An image input, channels × height × width (batch excluded). */
public record InputShape(int channels, int height, int width) implements java.io.Serializable {

    public InputShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input shape must be positive C,H,W; got " + channels + "," + height + "," + width);
        }
    }

    /** Parses "C,H,W" (also accepts "CxHxW"). */
    /** The largest input {@link #parse} accepts: an image of 4096 × 4096 pixels already takes 200 MB per sample as floats. */
    public static final int MAX_CHANNELS = 64, MAX_SIDE = 4096;

    public static InputShape parse(String text) {
        String[] parts = text.trim().split("\\s*[,x×]\\s*");
        if (parts.length != 3) {
            throw new IllegalArgumentException("input shape must be C,H,W (e.g. 1,32,32); got '" + text + "'");
        }
        int c, h, w;
        try {
            c = Integer.parseInt(parts[0]);
            h = Integer.parseInt(parts[1]);
            w = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input shape must be three integers C,H,W; got '" + text + "'");
        }
        if (c < 1 || c > MAX_CHANNELS || h < 1 || h > MAX_SIDE || w < 1 || w > MAX_SIDE) {
            throw new IllegalArgumentException("input shape " + text.trim() + " is outside 1.." + MAX_CHANNELS + " channels and 1.." + MAX_SIDE
                    + " pixels a side");
        }
        return new InputShape(c, h, w);
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
