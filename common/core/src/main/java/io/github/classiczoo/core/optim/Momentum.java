package io.github.classiczoo.core.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with classical (heavy-ball) momentum, as Caffe, PyTorch and the AlexNet/ResNet papers use it:
 * v ← μ·v + g, w ← w − η·v. DL4J ships only Nesterov momentum ({@code Nesterovs}).
 * Weight decay reaches {@code g} before this step as L2 (see {@link io.github.classiczoo.core.model.GraphDefaults}),
 * which is PyTorch's {@code weight_decay}.
 */
public class Momentum implements IUpdater {

    public static final String VELOCITY = "V";

    private double learningRate;
    private double momentum;
    private ISchedule learningRateSchedule;

    /** For JSON deserialisation. */
    public Momentum() {
        this(0.1, 0.9);
    }

    public Momentum(double learningRate, double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule s) {
        this.learningRateSchedule = s;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initialize) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initialize);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initialize) {
        Updater u = new Updater(this);
        u.setState(state, initialize);
        return u;
    }

    @Override
    public Momentum clone() {
        Momentum m = new Momentum(learningRate, momentum);
        m.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return m;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule schedule) {
        this.learningRate = lr;
        this.learningRateSchedule = schedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Momentum m && m.learningRate == learningRate && m.momentum == momentum
                && Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum, learningRateSchedule);
    }

    @Override
    public String toString() {
        return "Momentum(lr=" + learningRate + ", momentum=" + momentum + ")";
    }

    /** The state: one velocity per parameter, a view into DL4J's updater state array. */
    static final class Updater implements GradientUpdater<Momentum> {
        private final Momentum config;
        private INDArray v;

        Updater(Momentum config) {
            this.config = config;
        }

        @Override
        public Momentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (state == null || state.size() != 1 || !state.containsKey(VELOCITY)) {
                throw new IllegalStateException("momentum state must be exactly {" + VELOCITY + "}; got " + (state == null ? null : state.keySet()));
            }
            v = state.get(VELOCITY);
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(VELOCITY, v);
        }

        @Override
        public void setStateViewArray(INDArray view, long[] gradientShape, char order, boolean initialize) {
            if (initialize) {
                view.assign(0);
            }
            v = view.reshape(order, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            v.muli(config.momentum).addi(gradient);   // v ← μ v + g
            gradient.assign(v).muli(lr);              // the step DL4J subtracts: η v
        }
    }
}
