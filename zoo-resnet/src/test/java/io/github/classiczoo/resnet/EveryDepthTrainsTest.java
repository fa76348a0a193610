package io.github.classiczoo.resnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.testing.GraphChecks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Every ResNet (and the plain nets of Table 2 and Fig. 6) takes one training step at its real input size (batch 2) and every trainable parameter moves. */
class EveryDepthTrainsTest {

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet50-torchvision", "resnet152-torchvision",
        "resnet20", "resnet110", "resnet1202", "resnet34 residual=false", "resnet110 residual=false"})
    void oneTrainingStepAtTheRealInputSize(String name) {
        String[] words = name.split(" ");
        ZooModel m = ModelRegistry.load().get(words[0]);
        java.util.Map<String, String> knobs = new java.util.LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            knobs.put(words[i].split("=")[0], words[i].split("=")[1]);
        }
        ComputationGraph net = m.create(m.spec(knobs));
        int c = m.defaultInput().channels(), h = m.defaultInput().height(), w = m.defaultInput().width();
        DataSet ds = new DataSet(Nd4j.rand(2, c, h, w), Nd4j.eye(m.defaultClasses()).getRows(1, 7));
        var before = GraphChecks.snapshot(net);
        long t0 = System.nanoTime();
        net.fit(ds);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: one step, batch 2 at %s, %.1f s%n", name, m.defaultInput(), secs);
        assertTrue(Double.isFinite(net.score()), name + " loss " + net.score());
        GraphChecks.assertTrainableWeightsMoved(name, before, net);
    }
}
