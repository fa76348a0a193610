package io.github.classiczoo.train;

import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static io.github.classiczoo.core.graph.Layers.weightedSoftmaxOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DatasetRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/** The harness trains graphs with auxiliary classifiers (GoogLeNet) and evaluates their main head only. */
class AuxHeadTrainingTest {

    static final class WithAux extends TinyNetBase {
        @Override
        public List<String> auxiliaryOutputs(ModelSpec spec) {
            return List.of("aux");
        }

        @Override
        public ComputationGraphConfiguration define(ModelSpec spec) {
            ZooGraph g = ZooGraph.start(spec);
            String h = g.layer("hidden", dense(16).activation(Activation.RELU), g.input());
            String main = g.layer("out", softmaxOutput(spec.classes()), h);
            String aux = g.layer("aux", weightedSoftmaxOutput(spec.classes(), 0.3), h);
            return g.build(main, aux);
        }
    }

    @Test
    void trainsAndReportsTheMainHead(@TempDir Path tmp) throws Exception {
        WithAux m = new WithAux();
        Recipe r = Recipe.builder("aux", "tiny")
                .description("aux test")
                .dataset(DatasetRef.parse("synthetic"))
                .normalization(Normalization.Scheme.DATASET)
                .augment(Augment.NONE)
                .optimizer(Optimizer.adam(0.01))
                .schedule(LrSchedule.constant())
                .weightDecay(0)
                .epochs(3)
                .batchSize(16)
                .seed(1)
                .validation(0)
                .build();
        ModelSpec spec = TrainingJob.spec(m, r, Map.of(), 3);
        Trainer.Data data = Trainer.Data.of(TinyNet.data(240, 1, "train"), null, TinyNet.data(60, 2, "test"), Normalization.mnist(),
                spec.input(), Augment.NONE, Map.of());
        Trainer.Result res = new Trainer(m, spec, r, data, tmp.resolve("run"), Progress.silent(), x -> { }).start();
        assertEquals(60, res.finalMetrics().examples());
        assertTrue(res.finalMetrics().top1() > 0.8, "main head accuracy " + res.finalMetrics().top1());
        assertTrue(Double.isFinite(res.finalMetrics().loss()));
        assertEquals(16 * 3 + 3, ModelSummary.of(m, spec).auxParams());
    }
}
