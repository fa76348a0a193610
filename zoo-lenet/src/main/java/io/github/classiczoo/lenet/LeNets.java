package io.github.classiczoo.lenet;

import io.github.classiczoo.core.model.ModelBuilder;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Text;

/**
 * The LeNet family for Java users: one factory per registered model, each returning a builder with that model's knobs
 * as typed setters ({@link ModelBuilder} has the shared ones: classes, input, headless, seed, updater ...).
 *
 * <pre>{@code
 * ComputationGraph net = LeNets.lenet5().build();                                    // LeCun et al. 1998 as published
 * ComputationGraph soft = LeNets.lenet5().output(LeNets.Output.SOFTMAX).build();     // a softmax layer instead of the RBF units
 * ComputationGraph small = LeNets.lenet5Modern().width(0.5).pool(LeNets.Pool.AVG).classes(26).build();
 * ComputationGraph mlp = LeNets.mlp300x100().activation(LeNets.Activation.RELU).build();   // 28×28-300-100-10, ReLU
 * ComputationGraph trained = LeNets.lenet5().pretrained("mnist");                   // shipped weights (zoo-lenet-weights)
 * }</pre>
 */
public final class LeNets {

    private LeNets() {
    }

    /** {@code lenet1}: §III.C.7's LeNet-1 (the 1989 network), 1×28×28 in, 2,578 parameters. */
    public static ModelBuilder.Any lenet1() {
        return ModelBuilder.of(new LeNet1());
    }

    /** {@code lenet4}: §III.C.8's LeNet-4, 1×32×32 in, 50,698 parameters. */
    public static ModelBuilder.Any lenet4() {
        return ModelBuilder.of(new LeNet4());
    }

    /** {@code lenet4-boosted}: §III.C.9's three LeNet-4s with their outputs added (the test-time graph; boosting is its recipe's). */
    public static ModelBuilder.Any lenet4Boosted() {
        return ModelBuilder.of(new LeNet4Boosted());
    }

    /** {@code lenet5}: the paper's network, 1×32×32 in, the RBF output with its fixed codes (10 classes only). */
    public static LeNet5Builder lenet5() {
        return new LeNet5Builder(new LeNet5());
    }

    /** {@code lenet5-modern}: ReLU, max pooling, full C3, softmax, 1×28×28 in. */
    public static ModernBuilder lenet5Modern() {
        return new ModernBuilder(new LeNet5Modern());
    }

    /** {@code mlp-300}: the paper's 28×28-300-10 baseline. */
    public static MlpBuilder mlp300() {
        return new MlpBuilder(Mlp.MLP_300);
    }

    /** {@code mlp-1000}: 28×28-1000-10. */
    public static MlpBuilder mlp1000() {
        return new MlpBuilder(Mlp.MLP_1000);
    }

    /** {@code mlp-300-100}: 28×28-300-100-10. */
    public static MlpBuilder mlp300x100() {
        return new MlpBuilder(Mlp.MLP_300_100);
    }

    /** {@code mlp-500-150}: 28×28-500-150-10. */
    public static MlpBuilder mlp500x150() {
        return new MlpBuilder(Mlp.MLP_500_150);
    }

    /** Hidden-layer nonlinearity of lenet5-modern and the MLPs: the values of their {@code activation} knob, as {@link #toString()} writes them. */
    public enum Activation {
        /** LeCun's scaled tanh, 1.7159·tanh(2x/3) (the MLPs' default) */
        LECUN_TANH,
        RELU,
        /** plain tanh (lenet5-modern only) */
        TANH;

        /** {@code lecun-tanh}, {@code relu}, {@code tanh}: the knob's values. */
        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    /** lenet5-modern's pooling: the values of its {@code pool} knob, as {@link #toString()} writes them. */
    public enum Pool {
        MAX, AVG;

        /** {@code max}, {@code avg}: the knob's values. */
        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    /** LeNet-5's output layer: the paper's Euclidean RBF units with eq. 9's loss, or a softmax layer with cross-entropy. */
    public enum Output {
        RBF, SOFTMAX;

        /** {@code rbf}, {@code softmax}: the knob's values. */
        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    public static final class LeNet5Builder extends ModelBuilder<LeNet5Builder> {
        LeNet5Builder(ZooModel m) {
            super(m);
        }

        /** RBF (the paper's, default) or SOFTMAX (F6 → 10 softmax units, cross-entropy): the ablation of §II.C's output. */
        public LeNet5Builder output(Output o) {
            return knob("output", o);
        }

        /** The constant j of eq. 9's loss (default 10). */
        public LeNet5Builder rbfJ(double j) {
            return knob("rbf-j", j);
        }
    }

    public static final class ModernBuilder extends ModelBuilder<ModernBuilder> {
        ModernBuilder(ZooModel m) {
            super(m);
        }

        /** Multiplier on every layer's channels and units (6, 16, 120, 84); default 1. */
        public ModernBuilder width(double w) {
            return knob("width", w);
        }

        /** RELU (default) or TANH. */
        public ModernBuilder activation(Activation a) {
            return knob("activation", a);
        }

        public ModernBuilder pool(Pool p) {
            return knob("pool", p);
        }
    }

    public static final class MlpBuilder extends ModelBuilder<MlpBuilder> {
        MlpBuilder(ZooModel m) {
            super(m);
        }

        /** LECUN_TANH (default) or RELU. */
        public MlpBuilder activation(Activation a) {
            return knob("activation", a);
        }

        /** Multiplier on every hidden layer's units, rounded; default 1. */
        public MlpBuilder width(double w) {
            return knob("width", w);
        }
    }
}
