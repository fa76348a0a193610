package io.github.classiczoo.data.pipeline;

import io.github.classiczoo.core.image.Image;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * LeCun et al. 1998's training distortions (§III.B): "random combinations of the following planar affine
 * transformations: horizontal and vertical translations, scaling, squeezing (simultaneous horizontal compression and
 * vertical elongation, or the reverse), and horizontal shearing". The paper gives no ranges; these were fixed before
 * any run and not tuned: each drawn uniformly per image.
 *
 * @param translate largest shift in pixels, horizontally and vertically (drawn separately)
 * @param scale     largest relative change of size: the factor is in [1 − scale, 1 + scale]
 * @param squeeze   largest squeeze: x is multiplied by q and y divided by q, q in [1 − squeeze, 1 + squeeze]
 * @param shear     largest horizontal shear: x' = x + k·y with k in [−shear, shear] (0.25 ≈ 14°)
 */
public record Distortion(double translate, double scale, double squeeze, double shear) implements java.io.Serializable {

    /** The zoo's reading of §III.B: ±2 pixels, ±15% size, ±15% squeeze, shear ±0.25. */
    public static final Distortion LECUN98 = new Distortion(2, 0.15, 0.15, 0.25);

    public Distortion {
        if (!(translate >= 0) || !(scale >= 0 && scale < 1) || !(squeeze >= 0 && squeeze < 1) || !(shear >= 0)) {
            throw new IllegalArgumentException("a distortion needs translate ≥ 0, scale and squeeze in [0, 1), shear ≥ 0; got "
                    + translate + ", " + scale + ", " + squeeze + ", " + shear);
        }
    }

    /**
     * One random distortion of {@code img} about its centre: the image is sampled bilinearly where the inverse of the
     * drawn transform puts each output pixel, and is black (0, the normalisation's background) outside. Draws five
     * numbers from {@code rng}, in the order translation x, y, scale, squeeze, shear.
     */
    public Image apply(Image img, Random rng) {
        double tx = uniform(rng, translate), ty = uniform(rng, translate);
        double s = 1 + uniform(rng, scale), q = 1 + uniform(rng, squeeze), k = uniform(rng, shear);
        // forward: [x', y'] = s · diag(q, 1/q) · [[1, k], [0, 1]] · [x, y] + t, about the centre
        double a = s * q, b = s * q * k, d = s / q;
        // inverse of [[a, b], [0, d]]
        double ia = 1 / a, ib = -b / (a * d), id = 1 / d;
        double cx = (img.w() - 1) / 2.0, cy = (img.h() - 1) / 2.0;
        float[] out = new float[img.px().length];
        for (int y = 0; y < img.h(); y++) {
            for (int x = 0; x < img.w(); x++) {
                double dx = x - cx - tx, dy = y - cy - ty;
                double sx = ia * dx + ib * dy + cx, sy = id * dy + cy;
                for (int ch = 0; ch < img.c(); ch++) {
                    out[(ch * img.h() + y) * img.w() + x] = bilinear(img, ch, sy, sx);
                }
            }
        }
        return new Image(img.c(), img.h(), img.w(), out);
    }

    private static double uniform(Random rng, double half) {
        return (2 * rng.nextDouble() - 1) * half; // always a draw, so that a zero range does not shift the others
    }

    private static float bilinear(Image img, int ch, double y, double x) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * at(img, ch, y0, x0) + fx * at(img, ch, y0, x0 + 1))
                + fy * ((1 - fx) * at(img, ch, y0 + 1, x0) + fx * at(img, ch, y0 + 1, x0 + 1)));
    }

    private static float at(Image img, int ch, int y, int x) {
        return y < 0 || x < 0 || y >= img.h() || x >= img.w() ? 0f : img.at(ch, y, x);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("translate", translate);
        m.put("scale", scale);
        m.put("squeeze", squeeze);
        m.put("shear", shear);
        return m;
    }
}
