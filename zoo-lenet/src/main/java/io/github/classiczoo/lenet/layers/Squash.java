package io.github.classiczoo.lenet.layers;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** {@link LeCunTanh} inside a SameDiff layer. */
final class Squash {
    private Squash() {
    }

    static SDVariable apply(SameDiff sd, SDVariable a) {
        return sd.math.tanh(a.mul(LeCunTanh.S)).mul(LeCunTanh.A);
    }
}
