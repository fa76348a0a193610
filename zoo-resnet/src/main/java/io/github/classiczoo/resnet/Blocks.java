package io.github.classiczoo.resnet;

import static io.github.classiczoo.core.graph.Layers.activation;
import static io.github.classiczoo.core.graph.Layers.batchNorm;
import static io.github.classiczoo.core.graph.Layers.batchNormRelu;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.maxPool;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.resnet.ResNets.Shortcut;
import org.nd4j.linalg.activations.Activation;

/**
 * The two residual blocks of He et al. 2015 (Fig. 5) and their shortcuts (§3.3). Every convolution is
 * followed by batch normalisation, then ReLU; the last ReLU comes after the addition. Vertex names are
 * torchvision's module paths ({@code layer2.0.conv1}, {@code layer2.0.downsample.0}, ...), except that each
 * BN → ReLU is one layer named after the BN ({@code layer2.0.bn1}) and each add → ReLU one vertex named after the
 * ReLU ({@code layer2.0.relu}): fused, they keep no copies for the ReLU (see {@code BatchNormRelu}, {@code AddRelu}).
 * Each builder returns the name of its output vertex.
 *
 * <p>A null {@link Shortcut} builds the paper's plain counterpart (§4.1, Fig. 3 middle): the same stacked layers
 * without the shortcut and the addition, the last ReLU a layer of its own ({@code layer2.0.relu}).
 */
final class Blocks {

    /** Where a down-sampling bottleneck puts its stride: the paper's first 1×1 (V1) or torchvision's 3×3 (V1.5). */
    enum StrideOn { FIRST_1X1, THREE_BY_THREE }

    private Blocks() {
    }

    /** conv → BN (→ ReLU, in the BN layer, unless {@code relu} is false); returns the BN. */
    static String convBn(ZooGraph g, String convName, String bnName, String in, int out, int k, int stride, int pad, boolean relu) {
        String x = g.layer(convName, conv(out, k).stride(stride).pad(pad).noBias(), in);
        return g.layer(bnName, relu ? batchNormRelu() : batchNorm(), x);
    }

    /** Two 3×3 convolutions (ResNet-18/34 and the CIFAR nets). */
    static String basic(ZooGraph g, String p, String in, int inC, int width, int stride, Shortcut sc) {
        String x = convBn(g, p + ".conv1", p + ".bn1", in, width, 3, stride, 1, true);
        x = convBn(g, p + ".conv2", p + ".bn2", x, width, 3, 1, 1, false);
        return join(g, p, in, x, inC, width, stride, sc);
    }

    /** 1×1 reduce, 3×3, 1×1 expand (×4) (ResNet-50/101/152). */
    static String bottleneck(ZooGraph g, String p, String in, int inC, int width, int stride, Shortcut sc, StrideOn strideOn) {
        int s1 = strideOn == StrideOn.FIRST_1X1 ? stride : 1;
        int s3 = strideOn == StrideOn.THREE_BY_THREE ? stride : 1;
        String x = convBn(g, p + ".conv1", p + ".bn1", in, width, 1, s1, 0, true);
        x = convBn(g, p + ".conv2", p + ".bn2", x, width, 3, s3, 1, true);
        x = convBn(g, p + ".conv3", p + ".bn3", x, width * 4, 1, 1, 0, false);
        return join(g, p, in, x, inC, width * 4, stride, sc);
    }

    /** Shortcut + residual, then the ReLU after the addition; with no shortcut (a plain net), the ReLU alone. */
    private static String join(ZooGraph g, String p, String in, String residual, int inC, int outC, int stride, Shortcut sc) {
        if (sc == null) {
            return g.layer(output(p), activation(Activation.RELU), residual);
        }
        boolean changes = inC != outC || stride != 1;
        String shortcut;
        if (sc == Shortcut.C || (sc == Shortcut.B && changes)) {
            shortcut = convBn(g, p + ".downsample.0", p + ".downsample.1", in, outC, 1, stride, 0, false);
        } else if (changes) {
            shortcut = zeroPadShortcut(g, p, in, inC, outC, stride);
        } else {
            shortcut = in;
        }
        return g.addRelu(output(p), residual, shortcut);
    }

    /** The output vertex of block {@code p} (its ReLU after the addition): what a stage ends in. */
    static String output(String p) {
        return p + ".relu";
    }

    /** Option A: take every {@code stride}-th pixel, append zero channels up to {@code outC}. */
    private static String zeroPadShortcut(ZooGraph g, String p, String in, int inC, int outC, int stride) {
        if (outC % inC != 0) {
            throw new IllegalArgumentException("shortcut option A pads " + inC + " channels with zeros to " + outC + "; it needs a multiple");
        }
        String x = stride == 1 ? in : g.layer(p + ".shortcut.subsample", maxPool(1, stride), in);
        if (outC == inC) {
            return x;
        }
        String zeros = g.scale(p + ".shortcut.zeros", 0.0, x);
        String[] parts = new String[outC / inC];
        parts[0] = x;
        for (int i = 1; i < parts.length; i++) {
            parts[i] = zeros;
        }
        return g.concat(p + ".shortcut.pad", parts);
    }
}
