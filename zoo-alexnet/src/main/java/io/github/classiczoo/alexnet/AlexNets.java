package io.github.classiczoo.alexnet;

import io.github.classiczoo.core.model.ModelBuilder;
import io.github.classiczoo.core.model.ZooModel;

/**
 * The AlexNet family for Java users: {@code AlexNets.alexnet().classes(10).input(3, 67, 67).build()}.
 * {@link ModelBuilder} has the settings every model shares.
 *
 * <pre>{@code
 * ComputationGraph net = AlexNets.alexnet().classes(10).input(3, 67, 67).build();   // the paper's two towers, a small input
 * ComputationGraph ablated = AlexNets.alexnet().lrn(false).dropout(0.3).build();     // §3.3's LRN off, less dropout
 * ComputationGraph tv = AlexNets.alexnetTorchvision().classes(10).build();           // torchvision's layout, 3×224×224
 * ComputationGraphConfiguration conf = AlexNets.alexnet().configuration();          // not initialised
 * }</pre>
 */
public final class AlexNets {

    private AlexNets() {
    }

    /** {@code alexnet}: the paper's two towers, LRN, overlapping pooling, 3×227×227 in. */
    public static PaperBuilder alexnet() {
        return new PaperBuilder(new AlexNet());
    }

    /** {@code alexnet-torchvision}: torchvision's one-tower layout, module-path names (its weights import by name). */
    public static ModelBuilder.Any alexnetTorchvision() {
        return ModelBuilder.of(new AlexNetTorchvision());
    }

    public static final class PaperBuilder extends ModelBuilder<PaperBuilder> {
        PaperBuilder(ZooModel m) {
            super(m);
        }

        /** Local response normalisation after conv1 and conv2 (§3.3); default on. */
        public PaperBuilder lrn(boolean on) {
            return knob("lrn", on);
        }

        /** Dropout probability on fc6 and fc7 (§4.2); default 0.5. */
        public PaperBuilder dropout(double p) {
            return knob("dropout", p);
        }
    }
}
