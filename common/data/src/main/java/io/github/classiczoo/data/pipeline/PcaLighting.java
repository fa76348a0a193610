package io.github.classiczoo.data.pipeline;

import io.github.classiczoo.core.image.Image;
import java.util.Random;

/**
 * AlexNet's "fancy PCA" colour augmentation (Krizhevsky et al. 2012, §4.1). The eigenvalues and eigenvectors
 * of the ImageNet RGB pixel covariance are those published with fb.resnet.torch (for pixels in [0, 1]);
 * the paper computed its own on its training set and did not print them.
 */
public final class PcaLighting {

    static final double[] EIGVAL = {0.2175, 0.0188, 0.0045};
    static final double[][] EIGVEC = {
        {-0.5675, 0.7192, 0.4009},
        {-0.5808, -0.0045, -0.8140},
        {-0.5836, -0.6948, 0.4203},
    };

    private PcaLighting() {
    }

    /** Adds the same RGB offset (in [0, 255] units) to every pixel of a 3-channel image. */
    public static Image apply(Image img, Random rng, double sigma) {
        if (img.c() != 3 || sigma == 0) {
            return img;
        }
        double[] alpha = {rng.nextGaussian() * sigma, rng.nextGaussian() * sigma, rng.nextGaussian() * sigma};
        float[] out = img.px().clone();
        int plane = img.h() * img.w();
        for (int ch = 0; ch < 3; ch++) {
            double shift = 0;
            for (int i = 0; i < 3; i++) {
                shift += EIGVEC[ch][i] * alpha[i] * EIGVAL[i];
            }
            float s = (float) (255 * shift);
            for (int k = ch * plane; k < (ch + 1) * plane; k++) {
                out[k] += s;
            }
        }
        return new Image(3, img.h(), img.w(), out);
    }
}
