package io.github.classiczoo.googlenet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.testing.StageChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both GoogLeNets' stages: the last inception module of each stage, checked against the graphs. */
class GoogLeNetStagesTest {

    @Test
    void stagesAreTable1sLastModulesOfEachStage() {
        // Table 1: inception (3b) 28×28×480, inception (4e) 14×14×832, inception (5b) 7×7×1024 on a 224×224 input
        List<Stage> want = List.of(new Stage("inception3b", 480, 8), new Stage("inception4e", 832, 16), new Stage("inception5b", 1024, 32));
        for (ZooModel m : new GoogLeNetFamily().models()) {
            assertEquals(want, m.stages(m.spec()), m.name());
        }
    }

    @Test
    void featuresComputesTheStagesAsDl4jDoes() {
        for (ZooModel m : new GoogLeNetFamily().models()) {
            StageChecks.assertStagesComputed(m, m.spec());
            StageChecks.assertStagesMatchTheGraph(m, m.spec(Map.of("aux", String.valueOf(!m.spec().boolKnob("aux")))));
        }
    }
}
