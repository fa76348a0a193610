package io.github.classiczoo.core.image;

import io.github.classiczoo.core.util.ZooException;

/**
 * One decoded image: {@code c × h × w} pixel values in [0, 255], channel-major, RGB order for colour.
 * Transforms produce new images; nothing here is shared between threads.
 */
public record Image(int c, int h, int w, float[] px) implements java.io.Serializable {

    public Image {
        if (px.length != (long) c * h * w) { // in long: 3×65536×65536 is 0 in int arithmetic
            throw new IllegalArgumentException("image " + c + "×" + h + "×" + w + " needs " + ((long) c * h * w) + " values, got " + px.length);
        }
    }

    /**
     * The most values a resize may produce, or hold between its two passes: as many as the largest image the pixel
     * limit lets {@link ImageFile} decode (3 × {@link ImageFile#maxPixels()}), and never more than one Java array holds.
     */
    static long maxValues() {
        return Math.min(3 * ImageFile.maxPixels(), Integer.MAX_VALUE - 8);
    }

    public float at(int ch, int y, int x) {
        return px[(ch * h + y) * w + x];
    }

    /** The {@code th × tw} window whose top-left corner is (y0, x0); must lie inside the image. */
    public Image crop(int y0, int x0, int th, int tw) {
        if (y0 < 0 || x0 < 0 || th < 1 || tw < 1 || (long) y0 + th > h || (long) x0 + tw > w) {
            throw new IllegalArgumentException("crop " + th + "×" + tw + " at (" + y0 + "," + x0 + ") leaves the " + h + "×" + w + " image");
        }
        float[] out = new float[c * th * tw];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < th; y++) {
                System.arraycopy(px, (ch * h + y0 + y) * w + x0, out, (ch * th + y) * tw, tw);
            }
        }
        return new Image(c, th, tw, out);
    }

    /** The centred window; an odd margin is split as torchvision's {@code CenterCrop} does (Python's round, half to even). */
    public Image centerCrop(int th, int tw) {
        return crop((int) Math.rint((h - th) / 2.0), (int) Math.rint((w - tw) / 2.0), th, tw);
    }

    public Image flipHorizontal() {
        float[] out = new float[px.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int row = (ch * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[row + x] = px[row + w - 1 - x];
                }
            }
        }
        return new Image(c, h, w, out);
    }

    /**
     * Bilinear resize to {@code th × tw} as Pillow computes it, hence as torchvision's {@code Resize} on PIL
     * images: a separable triangle filter whose support widens with the down-scaling factor (antialiasing),
     * sample centres at half pixels, weights renormalised at the borders; rows first, then columns. Unlike
     * Pillow, values are not rounded to whole levels between and after the passes.
     */
    public Image resize(int th, int tw) {
        if (th == h && tw == w) {
            return this;
        }
        long values = Math.max((long) c * h * tw, (long) c * th * tw); // the first pass's, the result's
        if (th < 1 || tw < 1 || values > maxValues()) {
            throw new ZooException(String.format(java.util.Locale.ROOT, "resizing a %d×%d image to %d×%d would take %,d values, "
                    + "more than the %,d of the largest image within the pixel limit; refused", h, w, th, tw, values, maxValues()));
        }
        float[] rows = new float[c * h * tw];
        Taps tx = Taps.of(w, tw);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int in = (ch * h + y) * w, out = (ch * h + y) * tw;
                for (int x = 0; x < tw; x++) {
                    rows[out + x] = (float) tx.apply(px, in, 1, x);
                }
            }
        }
        float[] out = new float[c * th * tw];
        Taps ty = Taps.of(h, th);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    out[(ch * th + y) * tw + x] = (float) ty.apply(rows, ch * h * tw + x, tw, y);
                }
            }
        }
        return new Image(c, th, tw, out);
    }

    /** Per output position: the first input index and the normalised triangle-filter weights (Pillow's {@code precompute_coeffs}). */
    private record Taps(int[] first, double[][] weights) {
        static Taps of(int in, int out) {
            double scale = (double) in / out, support = Math.max(scale, 1.0), inv = 1.0 / support;
            int[] first = new int[out];
            double[][] weights = new double[out][];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * scale;
                int lo = Math.max((int) (centre - support + 0.5), 0), hi = Math.min((int) (centre + support + 0.5), in);
                double[] wt = new double[hi - lo];
                double total = 0;
                for (int i = lo; i < hi; i++) {
                    wt[i - lo] = Math.max(0, 1 - Math.abs((i - centre + 0.5) * inv));
                    total += wt[i - lo];
                }
                for (int i = 0; i < wt.length; i++) {
                    wt[i] = total == 0 ? 0 : wt[i] / total;
                }
                first[o] = lo;
                weights[o] = wt;
            }
            return new Taps(first, weights);
        }

        /** Σ weight · src[base + (first + i) · stride] for output position {@code o}. */
        double apply(float[] src, int base, int stride, int o) {
            double sum = 0;
            double[] wt = weights[o];
            for (int i = 0; i < wt.length; i++) {
                sum += wt[i] * src[base + (first[o] + i) * stride];
            }
            return sum;
        }
    }

    /**
     * Resizes so that the shorter side is {@code s}, keeping the aspect ratio; the longer side is truncated as
     * torchvision's {@code Resize(s)} does ({@code int(s * long / short)}). A longer side that would not fit an
     * {@code int} (an image of extreme aspect ratio) is refused, as {@link #resize} refuses one too large to hold.
     */
    public Image resizeShorter(int s) {
        long longer = Math.max(1, (long) Math.max(h, w) * s / Math.min(h, w));
        if (longer > Integer.MAX_VALUE) {
            throw new ZooException(String.format(java.util.Locale.ROOT, "resizing a %d×%d image to shorter side %d would make its longer "
                    + "side %,d pixels; refused", h, w, s, longer));
        }
        return h <= w ? resize(s, (int) longer) : resize((int) longer, s);
    }
}
