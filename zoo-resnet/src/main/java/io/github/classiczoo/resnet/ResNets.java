package io.github.classiczoo.resnet;

import io.github.classiczoo.core.model.ModelBuilder;
import io.github.classiczoo.core.model.ZooModel;

/**
 * The ResNet family for Java users, torchvision's {@code resnet50(num_classes=10)} as
 * {@code ResNets.resnet50Torchvision().classes(10).build()}. {@link ModelBuilder} has the settings every model
 * shares (classes, input, headless, seed, updater ...); here are the ResNets' own knobs.
 *
 * <pre>{@code
 * ComputationGraph tv = ResNets.resnet50Torchvision().classes(10).build();        // torchvision's resnet50(num_classes=10)
 * ComputationGraph a = ResNets.resnet34().shortcut(ResNets.Shortcut.A).build();   // Table 1, option A shortcuts
 * ComputationGraph plain = ResNets.cifar(20).residual(false).build();             // §4.2's plain-20
 * ComputationGraph half = ResNets.resnet18Torchvision().width(0.5).input(3, 112, 112).build();
 * }</pre>
 */
public final class ResNets {

    private ResNets() {
    }

    /** §3.3's shortcut options: the values of the {@code shortcut} knob, written as their names. */
    public enum Shortcut {
        /** identity; when dimensions grow, stride-2 subsampling and zero-padded extra channels (no parameters) */
        A,
        /** projection (1×1 convolution + BN) only where dimensions change */
        B,
        /** projection on every block */
        C
    }

    /** Table 1's ResNet-18 (paper layout; shortcut B by default). */
    public static PaperBuilder resnet18() {
        return paper(ResNet.Depth.R18);
    }

    public static PaperBuilder resnet34() {
        return paper(ResNet.Depth.R34);
    }

    /** Table 1's ResNet-50: the stride of a down-sampling bottleneck on its first 1×1 (3.8 GFLOPs). */
    public static PaperBuilder resnet50() {
        return paper(ResNet.Depth.R50);
    }

    public static PaperBuilder resnet101() {
        return paper(ResNet.Depth.R101);
    }

    public static PaperBuilder resnet152() {
        return paper(ResNet.Depth.R152);
    }

    /** torchvision's ResNet-18 (module-path vertex names: its weights import by name). */
    public static TorchvisionBuilder resnet18Torchvision() {
        return torchvision(ResNet.Depth.R18);
    }

    public static TorchvisionBuilder resnet34Torchvision() {
        return torchvision(ResNet.Depth.R34);
    }

    /** torchvision's "V1.5" ResNet-50: the stride on the 3×3 (4.1 GFLOPs). */
    public static TorchvisionBuilder resnet50Torchvision() {
        return torchvision(ResNet.Depth.R50);
    }

    public static TorchvisionBuilder resnet101Torchvision() {
        return torchvision(ResNet.Depth.R101);
    }

    public static TorchvisionBuilder resnet152Torchvision() {
        return torchvision(ResNet.Depth.R152);
    }

    /** §4.2's CIFAR-10 ResNet with {@code depth} = 6n+2 layers (20, 32, 44, 56, 110, 1202 are registered); option A. */
    public static CifarBuilder cifar(int depth) {
        return new CifarBuilder(new CifarResNet(depth));
    }

    private static PaperBuilder paper(ResNet.Depth d) {
        return new PaperBuilder(new ResNet(d, ResNet.Layout.PAPER));
    }

    private static TorchvisionBuilder torchvision(ResNet.Depth d) {
        return new TorchvisionBuilder(new ResNet(d, ResNet.Layout.TORCHVISION));
    }

    /** Setters of the paper-layout ResNets. */
    public static final class PaperBuilder extends ModelBuilder<PaperBuilder> {
        PaperBuilder(ZooModel m) {
            super(m);
        }

        public PaperBuilder shortcut(Shortcut s) {
            return knob("shortcut", s);
        }

        /** false: the paper's plain net of this depth (§4.1, Table 2), no shortcuts; default true. */
        public PaperBuilder residual(boolean r) {
            return knob("residual", r);
        }

        /** Multiplier on every stage's width (64, 128, 256, 512); default 1. */
        public PaperBuilder width(double w) {
            return knob("width", w);
        }
    }

    /** Setters of the torchvision-layout ResNets (always shortcut B). */
    public static final class TorchvisionBuilder extends ModelBuilder<TorchvisionBuilder> {
        TorchvisionBuilder(ZooModel m) {
            super(m);
        }

        public TorchvisionBuilder width(double w) {
            return knob("width", w);
        }
    }

    /** Setters of the CIFAR ResNets. */
    public static final class CifarBuilder extends ModelBuilder<CifarBuilder> {
        CifarBuilder(ZooModel m) {
            super(m);
        }

        public CifarBuilder shortcut(Shortcut s) {
            return knob("shortcut", s);
        }

        /** false: the plain net of this depth (§4.2, Fig. 6), no shortcuts; default true. */
        public CifarBuilder residual(boolean r) {
            return knob("residual", r);
        }

        /** Multiplier on the 16/32/64 filters; default 1. */
        public CifarBuilder width(double w) {
            return knob("width", w);
        }
    }
}
