package io.github.classiczoo.train;

import io.github.classiczoo.core.optim.Momentum;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/** A recipe's optimiser. The learning rate here is the base rate; the schedule scales it over time. */
public record Optimizer(Kind kind, double lr, double momentum, double beta1, double beta2, double epsilon) {

    public enum Kind { SGD, MOMENTUM, NESTEROV, ADAM }

    public static Optimizer sgd(double lr) {
        return new Optimizer(Kind.SGD, lr, 0, 0, 0, 0);
    }

    /** SGD with classical momentum, as in the AlexNet and ResNet papers ({@link Momentum}). */
    public static Optimizer momentum(double lr, double momentum) {
        return new Optimizer(Kind.MOMENTUM, lr, momentum, 0, 0, 0);
    }

    /** SGD with Nesterov momentum (DL4J's Nesterovs updater). */
    public static Optimizer nesterov(double lr, double momentum) {
        return new Optimizer(Kind.NESTEROV, lr, momentum, 0, 0, 0);
    }

    public static Optimizer adam(double lr) {
        return new Optimizer(Kind.ADAM, lr, 0, 0.9, 0.999, 1e-8);
    }

    public Optimizer withLr(double newLr) {
        return new Optimizer(kind, newLr, momentum, beta1, beta2, epsilon);
    }

    public IUpdater updater() {
        return switch (kind) {
            case SGD -> new Sgd(lr);
            case MOMENTUM -> new Momentum(lr, momentum);
            case NESTEROV -> new Nesterovs(lr, momentum);
            case ADAM -> new Adam(lr, beta1, beta2, epsilon);
        };
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.name().toLowerCase());
        m.put("lr", lr);
        switch (kind) {
            case NESTEROV, MOMENTUM -> m.put("momentum", momentum);
            case ADAM -> {
                m.put("beta1", beta1);
                m.put("beta2", beta2);
                m.put("epsilon", epsilon);
            }
            default -> {
            }
        }
        return m;
    }
}
