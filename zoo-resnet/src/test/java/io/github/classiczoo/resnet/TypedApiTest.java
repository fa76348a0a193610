package io.github.classiczoo.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.FineTune;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.nativeops.NativeOps;
import io.github.classiczoo.testing.GraphChecks;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The typed door (ResNets' factories, ModelBuilder, FineTune) builds what the registry builds by name. */
class TypedApiTest {

    @Test
    void resnet50WithTenClassesIsTheRegistrysResNet50WithTenClasses() {
        var typed = ResNets.resnet50Torchvision().classes(10).configuration();
        var m = ModelRegistry.load().get("resnet50-torchvision");
        assertEquals(m.configuration(m.spec().withClasses(10)).toJson(), typed.toJson());
        // torchvision.models.resnet50(num_classes=10): 25,557,032 − 2048·990 − 990
        assertEquals(23_528_522, ModelSummary.of(m, ResNets.resnet50Torchvision().classes(10).spec()).params());
    }

    @Test
    void typedKnobsAreTheModelsKnobs() {
        assertEquals("A", ResNets.resnet34().shortcut(ResNets.Shortcut.A).spec().knob("shortcut"));
        assertEquals("0.5", ResNets.cifar(20).width(0.5).spec().knob("width"));
        assertEquals("resnet110", ResNets.cifar(110).model().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResNets.resnet18().width(100).spec());
        assertTrue(e.getMessage().contains("width"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResNets.cifar(21));
        // option A has no projection parameters: fewer than B's
        long a = ModelSummary.of(ResNets.resnet34().model(), ResNets.resnet34().shortcut(ResNets.Shortcut.A).spec()).params();
        long b = ModelSummary.of(ResNets.resnet34().model(), ResNets.resnet34().spec()).params();
        assertTrue(a < b, a + " vs " + b);
    }

    @Test
    void theShortcutKnobTakesExactlyTheShortcutEnumsValues() {
        for (String name : new String[] {"resnet34", "resnet50", "resnet20"}) {
            var knob = ModelRegistry.load().get(name).knobs().stream().filter(k -> k.name().equals("shortcut")).findFirst().orElseThrow();
            assertEquals(java.util.List.of("A", "B", "C"), knob.choices(), name);
            assertEquals(java.util.Arrays.stream(ResNets.Shortcut.values()).map(Object::toString).toList(), knob.choices(), name);
        }
        assertEquals(ResNets.Shortcut.C, ResNets.resnet34().shortcut(ResNets.Shortcut.C).spec().choice("shortcut", ResNets.Shortcut.class));
    }

    @Test
    void trainingDefaultsAreStatedAndSettable() {
        var conf = ResNets.cifar(20).configuration();
        assertEquals(12345, conf.getDefaultConfiguration().getSeed());
        var custom = ResNets.cifar(20).seed(7).updater(new Adam(3e-4)).weightInit(WeightInit.XAVIER).configuration();
        assertEquals(7, custom.getDefaultConfiguration().getSeed());
        var conv = (BaseLayer) ((LayerVertex) custom.getVertices().get("conv1")).getLayerConf().getLayer();
        assertEquals(new Adam(3e-4), conv.getIUpdater());
        assertEquals(WeightInit.XAVIER.getWeightInitFunction(), conv.getWeightInitFn());
    }

    @Test
    void headlessGivesTheGlobalPoolFeatures() {
        ComputationGraph net = ResNets.resnet50Torchvision().input(3, 64, 64).headless().build();
        assertEquals(List.of("avgpool"), net.getConfiguration().getNetworkOutputs());
        assertArrayEquals(new long[] {2, 2048}, net.outputSingle(Nd4j.rand(2, 3, 64, 64)).shape());
        assertTrue(NativeOps.installed(net).containsValue("FusedBatchNorm"), "build() puts the net on the fast path (zoo-native is on the test class path)");
    }

    /** Issue 28: without seed(), the new head is drawn from the network's own seed (it differed on every run). */
    @Test
    void fineTuningTheSameNetworkTwiceGivesTheSameNewHead() {
        ComputationGraph trained = ResNets.resnet18Torchvision().input(3, 32, 32).classes(7).build();
        Nd4j.getRandom().setSeed(1);
        INDArray first = FineTune.of(trained).classes(3).build().getParam("fc_W").dup();
        Nd4j.getRandom().setSeed(2); // whatever the global generator's state, the head is the network seed's
        INDArray second = FineTune.of(trained).classes(3).build().getParam("fc_W").dup();
        assertEquals(first, second);
        INDArray other = FineTune.of(trained).classes(3).seed(trained.getConfiguration().getDefaultConfiguration().getSeed() + 1).build()
                .getParam("fc_W");
        assertTrue(!first.equals(other), "an explicit seed draws another head");
    }

    @Test
    void fineTuningReplacesTheHeadAndFreezesTheTrunk() {
        ComputationGraph trained = ResNets.resnet18Torchvision().input(3, 32, 32).classes(7).build();
        ComputationGraph tuned = FineTune.of(trained).classes(3).freezeTrunk().updater(new Adam(1e-2)).build();
        assertEquals(List.of("fc"), tuned.getConfiguration().getNetworkOutputs());
        assertArrayEquals(new long[] {512, 3}, tuned.getParam("fc_W").shape());
        assertInstanceOf(FrozenLayer.class, tuned.getLayer("layer4.1.conv2"));
        assertTrue(NativeOps.installed(tuned).containsKey("layer4.1.conv2"), "frozen layers are on the fast path too");
        assertEquals(trained.getParam("layer4.1.conv2_W"), tuned.getParam("layer4.1.conv2_W"), "the trunk keeps its weights");

        DataSet ds = new DataSet(Nd4j.rand(4, 3, 32, 32), Nd4j.eye(3).getRows(0, 1, 2, 0));
        var before = GraphChecks.snapshot(tuned);
        tuned.fit(ds);
        INDArray w = tuned.getParam("fc_W");
        assertTrue(!before.get("fc_W").equals(w), "the new head trains");
        assertEquals(before.get("layer1.0.conv1_W"), tuned.getParam("layer1.0.conv1_W"), "the frozen trunk does not");
        assertEquals(before.get("layer1.0.bn1_mean"), tuned.getParam("layer1.0.bn1_mean"), "frozen batch norm keeps its statistics");

        ComputationGraph open = FineTune.of(trained).classes(3).build();
        var before2 = GraphChecks.snapshot(open);
        open.fit(ds);
        GraphChecks.assertTrainableWeightsMoved("unfrozen fine-tuning", before2, open);
    }
}
