package io.github.classiczoo.googlenet;

import io.github.classiczoo.core.model.ModelBuilder;
import io.github.classiczoo.core.model.ZooModel;

/**
 * The GoogLeNet family for Java users: {@code GoogLeNets.googlenet().aux(false).classes(10).build()}, or
 * {@code GoogLeNets.googlenetTorchvision().headless().build()} for 1024 pooled features.
 * {@link ModelBuilder} has the settings every model shares.
 *
 * <pre>{@code
 * ComputationGraph net = GoogLeNets.googlenet().build();            // Table 1, with the two auxiliary classifiers (training)
 * ComputationGraph lean = GoogLeNets.googlenet().aux(false).classes(10).build();   // the inference path only, 10 classes
 * ComputationGraph tv = GoogLeNets.googlenetTorchvision().aux(true).build();     // torchvision's, with its aux_logits
 * ComputationGraph features = GoogLeNets.googlenetTorchvision().headless().build();   // 1024 pooled features
 * }</pre>
 */
public final class GoogLeNets {

    private GoogLeNets() {
    }

    /** {@code googlenet}: Table 1 with true 5×5 branches, LRN, the two auxiliary heads (on by default). */
    public static Builder googlenet() {
        return new Builder(new GoogLeNet());
    }

    /** {@code googlenet-torchvision}: batch norm, torchvision's layout and names; auxiliary heads off by default. */
    public static Builder googlenetTorchvision() {
        return new Builder(new GoogLeNetTorchvision());
    }

    public static final class Builder extends ModelBuilder<Builder> {
        Builder(ZooModel m) {
            super(m);
        }

        /** The two auxiliary classifiers (extra network outputs, training only, loss weight 0.3). */
        public Builder aux(boolean on) {
            return knob("aux", on);
        }
    }
}
