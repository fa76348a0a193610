package io.github.classiczoo.core.summary;

import static io.github.classiczoo.core.graph.Layers.batchNorm;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.maxPool;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.graph.Layers;
import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Paper;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Json;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.shade.jackson.databind.JsonNode;

class ModelSummaryTest {

    /** conv-BN-ReLU-pool, dense, softmax; plus an auxiliary head on the pooled maps. */
    static final class Toy implements ZooModel {
        public String name() { return "toy"; }
        public String family() { return "Test"; }
        public Paper paper() { return new Paper("A. Author", 2000, "Toy", "Nowhere"); }
        public String description() { return "toy"; }
        public InputShape defaultInput() { return new InputShape(3, 16, 16); }
        public int defaultClasses() { return 5; }
        public List<Knob> knobs() { return List.of(Knob.integer("filters", 8, 1, 64, "conv filters")); }
        public List<String> deviations() { return List.of(); }
        public List<String> auxiliaryOutputs(ModelSpec spec) { return List.of("aux"); }

        public ComputationGraphConfiguration define(ModelSpec spec) {
            ZooGraph g = ZooGraph.start(spec);
            String x = g.layer("conv", conv(spec.intKnob("filters"), 3).pad(1), g.input());
            x = g.layer("bn", batchNorm(), x);
            x = g.layer("relu", Layers.activation(Activation.RELU), x);
            String p = g.layer("pool", maxPool(2, 2), x);
            x = g.layer("fc", dense(10).activation(Activation.RELU), p);
            x = g.layer("out", softmaxOutput(spec.classes()), x);
            String a = g.layer("aux_fc", dense(3), p);
            a = g.layer("aux", softmaxOutput(spec.classes()), a);
            return g.build(x, a);
        }
    }

    @Test
    void countsTrainableParamsAndMacsByTheStatedConventions() {
        ModelSummary s = ModelSummary.of(new Toy());
        // conv: 8 filters × 3×3×3 + 8 biases; MACs = 8·16·16 outputs × 3 inputs × 3×3
        assertEquals(224, s.row("conv").params());
        assertEquals(8L * 16 * 16 * 3 * 9, s.row("conv").macs());
        assertArrayEquals(new long[] {8, 16, 16}, s.row("conv").output());
        // batch norm: γ and β only (running mean/variance are state), no MACs
        assertEquals(16, s.row("bn").params());
        assertEquals(0, s.row("bn").macs());
        assertEquals(0, s.row("pool").macs());
        assertArrayEquals(new long[] {8, 8, 8}, s.row("pool").output());
        // dense from the flattened 8×8×8 maps: 512·10 + 10
        assertEquals(5130, s.row("fc").params());
        assertEquals(5120, s.row("fc").macs());
        assertEquals(55, s.row("out").params());
        assertEquals(50, s.row("out").macs());
        assertArrayEquals(new long[] {5}, s.row("out").output());
        assertEquals(224 + 16 + 5130 + 55, s.params());
        assertEquals(8L * 16 * 16 * 27 + 5120 + 50, s.macs());
        // the aux head is reported apart: 512·3 + 3 and 3·5 + 5
        assertTrue(s.row("aux_fc").aux());
        assertFalse(s.row("fc").aux());
        assertEquals(1539 + 20, s.auxParams());
        assertEquals(1536 + 15, s.auxMacs());
    }

    @Test
    void summaryParamsPlusBatchNormStateEqualAnInitialisedNetwork() {
        Toy toy = new Toy();
        ComputationGraph net = toy.create(toy.spec());
        ModelSummary s = ModelSummary.of(toy);
        long bnState = 2 * 8;
        assertEquals(net.numParams(), s.params() + s.auxParams() + bnState);
    }

    @Test
    void knobsChangeTheGraphAndAreValidated() {
        Toy toy = new Toy();
        ModelSummary s = ModelSummary.of(toy, toy.spec(Map.of("filters", "4")));
        assertEquals(4 * 27 + 4, s.row("conv").params());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> toy.spec(Map.of("depth", "3")));
        assertTrue(e.getMessage().contains("no knob 'depth'") && e.getMessage().contains("filters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> toy.spec(Map.of("filters", "0")));
    }

    @Test
    void jsonHasTheDocumentedShape() {
        JsonNode j = Json.read(Json.write(ModelSummary.of(new Toy()).toJsonMap()));
        assertEquals("toy", j.get("model").asText());
        assertEquals(3, j.get("input").get(0).asInt());
        assertEquals(5425, j.get("params").asLong());
        assertEquals(1559, j.get("auxParams").asLong());
        JsonNode conv = j.get("layers").get(0);
        assertEquals("conv", conv.get("name").asText());
        assertEquals("ConvolutionLayer", conv.get("type").asText());
        assertEquals(16, conv.get("output").get(2).asInt());
        assertTrue(ModelSummary.of(new Toy()).toTable().contains("trainable params: 5,425"));
    }

    @Test
    void registryRejectsDuplicatesAndSuggestsNames() {
        ModelRegistry r = ModelRegistry.of(List.of(() -> List.of(new Toy())));
        assertEquals("toy", r.get("toy").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("tot"));
        assertTrue(e.getMessage().contains("did you mean toy"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ModelRegistry.of(List.of(() -> List.of(new Toy(), new Toy()))));
    }
}
