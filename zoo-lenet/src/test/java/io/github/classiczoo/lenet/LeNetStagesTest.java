package io.github.classiczoo.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.testing.StageChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LeNets' and MLPs' stages, checked against the graphs. */
class LeNetStagesTest {

    @Test
    void stagesAreThePapersLayers() {
        // §II.B: C1 6 maps, C3 16 maps, C5 120 maps; the MLPs of §III.C.6: their hidden layers
        assertEquals(List.of(new Stage("C1", 6, 1), new Stage("C3", 16, 2), new Stage("C5", 120, 4)), new LeNet5().stages(new LeNet5().spec()));
        LeNet5Modern modern = new LeNet5Modern();
        assertEquals(List.of(new Stage("C1", 3, 1), new Stage("C3", 8, 2), Stage.dense("F5", 60)), modern.stages(modern.spec(Map.of("width", "0.5"))));
        assertEquals(List.of(Stage.dense("hidden1", 300), Stage.dense("hidden2", 100)), Mlp.MLP_300_100.stages(Mlp.MLP_300_100.spec()));
    }

    @Test
    void featuresComputesTheStagesAsDl4jDoes() {
        for (ZooModel m : new LeNetFamily().models()) {
            StageChecks.assertStagesComputed(m, m.spec());
        }
        LeNet5Modern modern = new LeNet5Modern();
        StageChecks.assertStagesComputed(modern, modern.spec(Map.of("width", "0.5")));
    }
}
