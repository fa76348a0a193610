package io.github.classiczoo.core.summary;

import static io.github.classiczoo.core.graph.Layers.conv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.api.Test;

class ZooGraphTest {

    @Test
    void reusingAnInputArrayDoesNotRewireEarlierVertices() {
        // DL4J's builder keeps a view of the varargs array; ZooGraph copies it (AlexNet's towers reuse one array)
        ZooGraph g = ZooGraph.start(new ModelSpec(new InputShape(1, 4, 4), 2, Map.of(), GraphDefaults.standard()));
        String[] x = {g.layer("a1", conv(2, 1), g.input()), g.layer("b1", conv(2, 1), g.input())};
        String first = g.concat("first", x);
        x[0] = g.layer("a2", conv(2, 1), first);
        x[1] = g.layer("b2", conv(2, 1), first);
        String second = g.concat("second", x);
        ComputationGraphConfiguration conf = g.build(second);
        assertEquals(List.of("a1", "b1"), conf.getVertexInputs().get("first"));
        assertEquals(List.of("a2", "b2"), conf.getVertexInputs().get("second"));
    }
}
