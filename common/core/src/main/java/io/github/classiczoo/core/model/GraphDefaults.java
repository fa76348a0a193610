package io.github.classiczoo.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * What the harness, not the model, decides about a graph: seed, updater, weight decay, data type.
 * Model definitions never set these themselves (see STYLE.md: infrastructure belongs to the harness).
 *
 * @param l2 L2 coefficient λ added as λ·w to every weight and bias gradient, i.e. PyTorch's/Caffe's
 *           "weight decay" for SGD
 */
public record GraphDefaults(long seed, IUpdater updater, double l2, DataType dataType) {

    /** For summaries, tests and inference, and what {@link ModelBuilder} starts from: seed 12345, plain SGD at 0.01, no decay, float32. */
    public static GraphDefaults standard() {
        return new GraphDefaults(ModelBuilder.DEFAULT_SEED, new Sgd(ModelBuilder.DEFAULT_LR), 0.0, DataType.FLOAT);
    }

    public GraphDefaults withSeed(long s) {
        return new GraphDefaults(s, updater, l2, dataType);
    }

    public GraphDefaults withUpdater(IUpdater u) {
        return new GraphDefaults(seed, u, l2, dataType);
    }

    public GraphDefaults withL2(double v) {
        return new GraphDefaults(seed, updater, v, dataType);
    }

    public GraphDefaults withDataType(DataType t) {
        return new GraphDefaults(seed, updater, l2, t);
    }
}
