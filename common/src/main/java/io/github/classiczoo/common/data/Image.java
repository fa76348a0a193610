package io.github.classiczoo.common.data;

/**
 * One decoded image: {@code c × h × w} pixel values in [0, 255], channel-major, RGB order for colour.
 * Transforms produce new images; nothing here is shared between threads.
 */
public record Image(int c, int h, int w, float[] px) {

    public Image {
        if (px.length != c * h * w) {
            throw new IllegalArgumentException("image " + c + "×" + h + "×" + w + " needs " + (c * h * w) + " values, got " + px.length);
        }
    }

    public float at(int ch, int y, int x) {
        return px[(ch * h + y) * w + x];
    }

    /** The {@code th × tw} window whose top-left corner is (y0, x0); must lie inside the image. */
    public Image crop(int y0, int x0, int th, int tw) {
        if (y0 < 0 || x0 < 0 || y0 + th > h || x0 + tw > w) {
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

    public Image centerCrop(int th, int tw) {
        return crop((h - th) / 2, (w - tw) / 2, th, tw);
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
     * Bilinear resize to {@code th × tw} with half-pixel centres (OpenCV's and PyTorch's
     * {@code align_corners=False}); no antialiasing, so strong down-scaling aliases as it does in OpenCV.
     */
    public Image resize(int th, int tw) {
        if (th == h && tw == w) {
            return this;
        }
        float[] out = new float[c * th * tw];
        double sy = (double) h / th, sx = (double) w / tw;
        for (int y = 0; y < th; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, h - 1), y1 = Math.min(y0 + 1, h - 1);
            double dy = fy - y0;
            for (int x = 0; x < tw; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, w - 1), x1 = Math.min(x0 + 1, w - 1);
                double dx = fx - x0;
                for (int ch = 0; ch < c; ch++) {
                    int b = ch * h;
                    double top = px[(b + y0) * w + x0] * (1 - dx) + px[(b + y0) * w + x1] * dx;
                    double bot = px[(b + y1) * w + x0] * (1 - dx) + px[(b + y1) * w + x1] * dx;
                    out[(ch * th + y) * tw + x] = (float) (top * (1 - dy) + bot * dy);
                }
            }
        }
        return new Image(c, th, tw, out);
    }

    /** Resizes so that the shorter side is {@code s}, keeping the aspect ratio. */
    public Image resizeShorter(int s) {
        if (h <= w) {
            return resize(s, Math.max(1, (int) Math.round((double) w * s / h)));
        }
        return resize(Math.max(1, (int) Math.round((double) h * s / w)), s);
    }
}
