package io.github.classiczoo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.optim.Momentum;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DatasetRef;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class MomentumTest {

    @Test
    void threeStepsMatchTheHeavyBallFormulaWithWeightDecay() {
        double lr = 0.05, mu = 0.9, wd = 1e-3;
        TinyNet model = new TinyNet();
        GraphDefaults d = new GraphDefaults(3, new Momentum(lr, mu), wd, DataType.DOUBLE);
        ModelSpec spec = model.spec().withDefaults(d);
        ComputationGraphConfiguration conf = model.configuration(spec);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        ComputationGraph ref = new ComputationGraph(conf.clone());
        ref.init(net.params().dup(), true);

        DataSet ds = new DataSet(Nd4j.rand(DataType.DOUBLE, 6, 1, 8, 8), Nd4j.eye(3).repeat(0, 2).castTo(DataType.DOUBLE));
        INDArray w = ref.params().dup();
        INDArray v = Nd4j.zerosLike(w);
        for (int step = 0; step < 3; step++) {
            // the reference: gradient of the mean loss at w, plus λw, then v ← μv + g, w ← w − ηv
            ref.setParams(w);
            ref.setInputs(ds.getFeatures());
            ref.setLabels(ds.getLabels());
            ref.computeGradientAndScore();
            INDArray g = ref.getFlattenedGradients().dup().reshape(w.shape()).divi(6).addi(w.mul(wd));
            v.muli(mu).addi(g);
            w = w.sub(v.mul(lr));
            net.fit(ds);
        }
        assertArrayEquals(w.toDoubleVector(), net.params().toDoubleVector(), 1e-10);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void survivesACheckpointRoundTrip(@TempDir Path tmp) throws Exception {
        Recipe r = Recipe.builder("m", "tiny")
                .description("momentum")
                .dataset(DatasetRef.parse("synthetic"))
                .normalization(Normalization.Scheme.DATASET)
                .augment(Augment.NONE)
                .optimizer(Optimizer.momentum(0.05, 0.9))
                .schedule(LrSchedule.multistepEpochs(0.1, 1))
                .weightDecay(1e-4)
                .epochs(2)
                .batchSize(16)
                .seed(5)
                .validation(0)
                .build();
        ModelSpec spec = TrainingJob.spec(new TinyNet(), r, Map.of(), 3);
        Trainer.Data data = Trainer.Data.of(TinyNet.data(96, 1, "train"), null, TinyNet.data(30, 2, "test"),
                io.github.classiczoo.core.image.Normalization.mnist(), spec.input(), Augment.NONE, Map.of());
        Trainer.Result full = new Trainer(new TinyNet(), spec, r, data, tmp.resolve("a"), Progress.silent(), m -> { }).start();
        Recipe oneEpoch = Recipe.builder("m", "tiny")
                .description("momentum")
                .dataset(DatasetRef.parse("synthetic"))
                .normalization(Normalization.Scheme.DATASET)
                .augment(Augment.NONE)
                .optimizer(r.optimizer())
                .schedule(r.schedule())
                .weightDecay(1e-4)
                .epochs(1)
                .batchSize(16)
                .seed(5)
                .validation(0)
                .build();
        new Trainer(new TinyNet(), spec, oneEpoch, data, tmp.resolve("b"), Progress.silent(), m -> { }).start();
        Trainer.Result resumed = new Trainer(new TinyNet(), spec, r, data, tmp.resolve("b"), Progress.silent(), m -> { }).resume();
        assertEquals(full.finalMetrics().loss(), resumed.finalMetrics().loss(), 0.0);
        assertArrayEquals(TrainerTest.params(tmp.resolve("a")), TrainerTest.params(tmp.resolve("b")));
    }
}
