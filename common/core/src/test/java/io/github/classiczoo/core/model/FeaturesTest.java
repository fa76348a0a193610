package io.github.classiczoo.core.model;

import static io.github.classiczoo.core.graph.Layers.batchNormRelu;
import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.dropout;
import static io.github.classiczoo.core.graph.Layers.maxPool;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.graph.ZooGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Features against DL4J's own inference-mode feed-forward on a small graph with batch norm and dropout. */
class FeaturesTest {

    static final List<Stage> STAGES = List.of(new Stage("block1", "bn1", 4, 1), new Stage("block2", "pool2", 6, 2), Stage.dense("fc", 5));

    static ComputationGraph net;
    static INDArray x;

    @BeforeAll
    static void build() {
        ZooGraph g = ZooGraph.start(new ModelSpec(new InputShape(3, 8, 8), 3, Map.of(), GraphDefaults.standard()));
        String v = g.layer("conv1", conv(4, 3).pad(1), g.input());
        v = g.layer("bn1", batchNormRelu(), v);
        v = g.layer("conv2", conv(6, 3).pad(1), v);
        v = g.layer("pool2", maxPool(2, 2), v);
        v = g.layer("drop", dropout(0.5), v);
        v = g.layer("fc", dense(5), v);
        net = new ComputationGraph(g.build(g.layer("out", softmaxOutput(3), v)));
        net.init();
        // running statistics away from 0 and 1, so that a training-mode pass (batch statistics) would differ
        Nd4j.getRandom().setSeed(3);
        net.getParam("bn1_mean").assign(Nd4j.rand(DataType.FLOAT, 1, 4).subi(0.5));
        net.getParam("bn1_log10stdev").assign(Nd4j.rand(DataType.FLOAT, 1, 4).muli(0.4));
        x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
    }

    @Test
    void layersAreDl4jsInferenceActivationsExactly() {
        Map<String, INDArray> all = net.feedForward(x, false);
        Map<String, INDArray> f = Features.of(net).layers(x, "conv2", "bn1", "drop", "out");
        assertEquals(List.of("conv2", "bn1", "drop", "out"), List.copyOf(f.keySet()));
        for (var e : f.entrySet()) {
            assertEquals(all.get(e.getKey()), e.getValue(), e.getKey());
            assertFalse(e.getValue().isAttached(), e.getKey() + " is in a workspace");
        }
        assertEquals(f.get("drop"), Features.of(net).layers(x, "pool2").get("pool2"), "dropout is the identity in inference");
        assertNotEquals(net.feedForward(x, true).get("bn1"), f.get("bn1"), "training mode would use the batch's statistics");
    }

    @Test
    void aVertexThatReadsTheInputIsComputedWithoutLeavingAWorkspaceOpen() {
        // DL4J's output(List, ...) alone leaves WS_LAYER_ACT_0 open for conv1 and throws a NullPointerException for conv1 + fc
        Map<String, INDArray> all = net.feedForward(x, false);
        for (List<String> names : List.of(List.of("conv1"), List.of("fc", "conv1"))) {
            Map<String, INDArray> f = Features.of(net).layers(x, names.toArray(String[]::new));
            for (String n : names) {
                assertEquals(all.get(n), f.get(n), n);
                assertFalse(f.get(n).isAttached(), n);
            }
            assertFalse(Nd4j.getWorkspaceManager().anyWorkspaceActiveForCurrentThread(), "a workspace was left open");
            assertEquals(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED, net.getConfiguration().getInferenceWorkspaceMode(), "mode restored");
        }
    }

    @Test
    void stagesComeInDeclaredOrderUnderTheirNames() {
        Features f = Features.of(net, STAGES);
        Map<String, INDArray> s = f.stages(x);
        assertEquals(List.of("block1", "block2", "fc"), List.copyOf(s.keySet()));
        assertEquals("[2, 4, 8, 8]", java.util.Arrays.toString(s.get("block1").shape()));
        assertEquals("[2, 6, 4, 4]", java.util.Arrays.toString(s.get("block2").shape()));
        assertEquals("[2, 5]", java.util.Arrays.toString(s.get("fc").shape()));
        assertEquals(net.feedForward(x, false).get("pool2"), s.get("block2"));
        // a stage and its vertex by both names: equal values, separate arrays
        Map<String, INDArray> both = f.layers(x, "block2", "pool2");
        assertEquals(both.get("block2"), both.get("pool2"));
        assertTrue(both.get("block2") != both.get("pool2"));
    }

    @Test
    void unknownNamesAreRefusedInOneLineWithTheValidOnes() {
        Features f = Features.of(net, STAGES);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.layers(x, "block1", "conv3"));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("no layer 'conv3' in this network; its stages are block1, block2, fc; vertices include conv1, conv2"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.layers(x));
        assertThrows(IllegalStateException.class, () -> Features.of(net).stages(x), "no stages declared");
        assertThrows(IllegalArgumentException.class, () -> Features.of(net, List.of(new Stage("s", "nowhere", 1, 1))));
        assertThrows(IllegalArgumentException.class, () -> Features.of(net, List.of(new Stage("conv1", "conv2", 6, 1))),
                "a stage may not take another vertex's name");
        assertThrows(IllegalArgumentException.class, () -> new Stage("s", "v", 0, 1));
    }

    @Test
    void aModelFileOfAModelNotOnTheClassPathHasNoStagesButItsLayers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.zip");
        ModelFile.save(net, file, new ModelFile.Info("not-registered", Map.of(), new int[] {3, 8, 8}, 3,
                io.github.classiczoo.core.image.Preprocessing.standard(new int[] {3, 8, 8}, "imagenet", "test", null), "test"), false);
        Features f = Features.load(file);
        assertEquals(List.of(), f.stages());
        assertEquals(net.feedForward(x, false).get("fc"), f.layers(x, "fc").get("fc"));
    }
}
