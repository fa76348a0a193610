package io.github.classiczoo.lenet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.summary.ModelSummary;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Summaries against LeCun et al. 1998, §II.B. */
class LeNetSummaryTest {

    @Test
    void lenet5HasThePapersTrainableParametersPerLayer() {
        ModelSummary s = ModelSummary.of(new LeNet5());
        // §II.B: "C1 ... 156 trainable parameters", "S2 ... 12", "C3 ... 1,516", "S4 ... 32", "C5 ... 48,120", "F6 ... 10,164"
        assertEquals(156, s.row("C1").params());
        assertEquals(12, s.row("S2").params());
        assertEquals(1516, s.row("C3").params());
        assertEquals(32, s.row("S4").params());
        assertEquals(48120, s.row("C5").params());
        assertEquals(10164, s.row("F6").params());
        assertEquals(0, s.row("output").params()); // the RBF codes are fixed
        // §II: "60,000 trainable parameters"
        assertEquals(60000, s.params());
    }

    @Test
    void lenet1HasThe1989NetworksParametersMapsAndConnections() {
        ModelSummary s = ModelSummary.of(new LeNet1());
        // LeCun et al. 1989, as §III.C.7 cites it: "2578 independent parameters"
        assertEquals(104, s.row("C1").params());
        assertEquals(8, s.row("S2").params());
        assertEquals(512, s.row("C3").params());   // 20 links × 25 + 12 biases
        assertEquals(24, s.row("S4").params());
        assertEquals(1930, s.row("output").params());
        assertEquals(2578, s.params());
        assertArrayEquals(new long[] {4, 24, 24}, s.row("C1").output());
        assertArrayEquals(new long[] {4, 12, 12}, s.row("S2").output());
        assertArrayEquals(new long[] {12, 8, 8}, s.row("C3").output());
        assertArrayEquals(new long[] {12, 4, 4}, s.row("S4").output());
        // "98442 connections" (biases included): C1 59,904, S2 2,880, C3 32,768, S4 960, output 1,930; without the
        // 6,154 biases and with one multiply per subsampling output, as lenet5's summary counts them
        assertEquals(59_904 - 2_304, s.row("C1").macs());
        assertEquals(576, s.row("S2").macs());
        assertEquals(32_768 - 768, s.row("C3").macs());
        assertEquals(192, s.row("S4").macs());
        assertEquals(1_930 - 10, s.row("output").macs());
        assertEquals(92_288, s.macs());
        // §III.C.7: "about 100,000 multiply/add steps … about 2600" free parameters
        assertEquals(20, java.util.Arrays.stream(LeNet1.TABLE).mapToInt(t -> t.length).sum(), "links in the 1989 Table 1");
    }

    @Test
    void lenet4HasTheMapsOfItsTextAndTheQuotedConnections() {
        ModelSummary s = ModelSummary.of(new LeNet4());
        // §III.C.8: "4 first-level feature maps, followed by 8 subsampling maps connected in pairs to each first-layer feature
        // maps, then 16 feature maps, followed by 16 subsampling map, followed by a fully connected layer with 120 units,
        // followed by the output layer (10 units)"
        assertArrayEquals(new long[] {4, 28, 28}, s.row("C1").output());
        assertArrayEquals(new long[] {8, 14, 14}, s.row("S2").output());
        assertArrayEquals(new long[] {16, 10, 10}, s.row("C3").output());
        assertArrayEquals(new long[] {16, 5, 5}, s.row("S4").output());
        assertArrayEquals(new long[] {120}, s.row("F5").output());
        assertArrayEquals(new long[] {10}, s.row("output").output());
        assertEquals(104, s.row("C1").params());
        assertEquals(16, s.row("S2").params());       // a coefficient and a bias per subsampling map
        assertEquals(1_216, s.row("C3").params());    // 16 maps × (3 links × 25 + 1)
        assertEquals(32, s.row("S4").params());
        assertEquals(48_120, s.row("F5").params());   // why ~17,000 free parameters cannot hold (LeNet4's documentation)
        assertEquals(1_210, s.row("output").params());
        assertEquals(50_698, s.params());
        // "about 260,000 connections" (Fig. 11: 260,000 multiply-adds): within 5%
        assertEquals(249_568, s.macs());
        assertEquals(260_000, s.macs(), 0.05 * 260_000);
        for (int[] links : LeNet4.TABLE) {
            assertEquals(3, java.util.Arrays.stream(links).map(m -> m / 2).distinct().count(), "each C3 map reads three C1 maps' subsamplings");
        }
        assertEquals(16, java.util.Arrays.stream(LeNet4.TABLE).map(java.util.Arrays::toString).distinct().count(), "16 different link sets");
    }

    @Test
    void boostedLeNet4IsThreeLeNet4sAddedWithMeanProbabilitiesOut() {
        ModelSummary s = ModelSummary.of(new LeNet4Boosted());
        assertEquals(3 * 50_698, s.params());
        assertEquals(3 * 249_568, s.macs(), 3 * 10 + 10); // the sum and mean add no multiply-adds worth counting
        // §III.C.9 / Fig. 11: about 460,000 multiply-adds for the boosted net, as the paper counts it (net 3 is often not
        // run); ours runs all three
        ComputationGraph net = LeNets.lenet4Boosted().build();
        INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 32, 32);
        INDArray p = net.outputSingle(x);
        var acts = net.feedForward(x, false);
        INDArray mean = acts.get("net1.output").add(acts.get("net2.output")).add(acts.get("net3.output")).divi(3);
        org.junit.jupiter.api.Assertions.assertTrue(p.equalsWithEps(mean, 1e-6), "softmax(log(mean p)) is the mean of the nets' outputs");
        org.junit.jupiter.api.Assertions.assertFalse(acts.get("net1.output").equalsWithEps(acts.get("net2.output"), 1e-6), "three nets");
        INDArray rowSums = p.sum(1);
        org.junit.jupiter.api.Assertions.assertTrue(rowSums.equalsWithEps(org.nd4j.linalg.factory.Nd4j.ones(rowSums.dataType(), 4), 1e-5));
    }

    @Test
    void lenet5HasThePapersMapSizes() {
        ModelSummary s = ModelSummary.of(new LeNet5());
        assertArrayEquals(new long[] {6, 28, 28}, s.row("C1").output());
        assertArrayEquals(new long[] {6, 14, 14}, s.row("S2").output());
        assertArrayEquals(new long[] {16, 10, 10}, s.row("C3").output());
        assertArrayEquals(new long[] {16, 5, 5}, s.row("S4").output());
        assertArrayEquals(new long[] {120, 1, 1}, s.row("C5").output());
        assertArrayEquals(new long[] {84}, s.row("F6").output());
        assertArrayEquals(new long[] {10}, s.row("output").output());
    }

    @Test
    void lenet5MacsAreThePapersConnectionsLessBiases() {
        ModelSummary s = ModelSummary.of(new LeNet5());
        // The paper counts connections including biases: C1 122,304 = 4,704 outputs × (25 + 1).
        assertEquals(122_304 - 4_704, s.row("C1").macs());
        // S2: one multiply by the trainable coefficient per output (6·14·14)
        assertEquals(1_176, s.row("S2").macs());
        assertEquals(0, s.row("S2.sum").macs());
        assertEquals(0, s.row("S2.sum").params());
        // C3: 151,600 connections = 100 positions × (60 connections × 25 + 16 biases)
        assertEquals(151_600 - 1_600, s.row("C3").macs());
        assertEquals(400, s.row("S4").macs());
        assertEquals(48_120 - 120, s.row("C5").macs());
        assertEquals(10_164 - 84, s.row("F6").macs());
        assertEquals(840, s.row("output").macs());
        assertEquals(117_600 + 1_176 + 150_000 + 400 + 48_000 + 10_080 + 840, s.macs());
    }

    @Test
    void aNetworkBuiltFromTheConfigurationHasThoseParametersPlusC3sPinnedZeros() {
        LeNet5 m = new LeNet5();
        ComputationGraph net = m.create(m.spec());
        // C3 stores a full 16×6×5×5 kernel; the 100 absent (output, input) pairs × 25 are zero.
        assertEquals(60_000 + 900, net.numParams());
        INDArray w = net.getLayer("C3").getParam("W");
        assertEquals(1500, w.neq(0.0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue());
    }

    /** The ablation of §II.C's output: F6's 84 units into 10 softmax units (850 parameters) in place of the fixed RBF codes. */
    @Test
    void lenet5WithASoftmaxOutputHasTheSameLayersAndATrainedOutput() {
        LeNet5 m = new LeNet5();
        ModelSummary s = ModelSummary.of(m, m.spec(java.util.Map.of("output", "softmax")));
        assertEquals(84 * 10 + 10, s.row("output").params());
        assertEquals(60000 + 850, s.params());
        assertEquals(10164, s.row("F6").params());
        org.deeplearning4j.nn.graph.ComputationGraph net = m.create(m.spec(java.util.Map.of("output", "softmax")));
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(org.nd4j.linalg.factory.Nd4j.rand(4, 1, 32, 32),
                org.nd4j.linalg.factory.Nd4j.eye(10).getRows(0, 3, 5, 9));
        double before = net.score(ds);
        for (int i = 0; i < 20; i++) {
            net.fit(ds);
        }
        org.junit.jupiter.api.Assertions.assertTrue(net.score(ds) < before, "cross-entropy fell: " + before + " → " + net.score(ds));
        assertEquals(5, ModelSummary.of(m, m.spec(java.util.Map.of("output", "softmax")).withClasses(5)).row("output").output()[0],
                "a softmax output takes any class count");
    }

    @Test
    void lenet5RefusesOtherClassCounts() {
        LeNet5 m = new LeNet5();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSummary.of(m, m.spec().withClasses(5)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("exactly 10 classes"));
    }

    @Test
    void modernLenetMatchesTheFrameworkVersion() {
        ModelSummary s = ModelSummary.of(new LeNet5Modern());
        // 6·(25+1) + 16·(6·25+1) + (400·120+120) + (120·84+84) + (84·10+10), as torchvision-style LeNet-5s have
        assertEquals(156 + 2_416 + 48_120 + 10_164 + 850, s.params());
        assertEquals(61_706, s.params());
        assertArrayEquals(new long[] {6, 28, 28}, s.row("C1").output());
        assertArrayEquals(new long[] {16, 5, 5}, s.row("S4").output());
        assertEquals(117_600 + 240_000 + 48_000 + 10_080 + 840, s.macs());
    }

    @Test
    void mlpBaselinesHaveTheirLayerSizes() {
        // (784+1)·h1 + (h1+1)·h2 ... + (h_last+1)·10
        assertEquals(785 * 300 + 301 * 10, ModelSummary.of(Mlp.MLP_300).params());
        assertEquals(785 * 1000 + 1001 * 10, ModelSummary.of(Mlp.MLP_1000).params());
        assertEquals(785 * 300 + 301 * 100 + 101 * 10, ModelSummary.of(Mlp.MLP_300_100).params());
        assertEquals(785 * 500 + 501 * 150 + 151 * 10, ModelSummary.of(Mlp.MLP_500_150).params());
        assertEquals(784 * 300 + 300 * 10, ModelSummary.of(Mlp.MLP_300).macs());
    }

    @Test
    void anMlpsWidthKnobScalesItsHiddenLayers() {
        ModelSummary wide = ModelSummary.of(Mlp.MLP_300, Mlp.MLP_300.spec(java.util.Map.of("width", "3.334")));
        assertEquals(ModelSummary.of(Mlp.MLP_1000).params(), wide.params(), "mlp-300 at width 3.334 is mlp-1000");
        ModelSummary half = ModelSummary.of(Mlp.MLP_300_100, Mlp.MLP_300_100.spec(java.util.Map.of("width", "0.5")));
        assertEquals(784 * 150 + 150 + 150 * 50 + 50 + 50 * 10 + 10, half.params());
    }

    @Test
    void theRegistryFindsTheFamilyThroughServiceLoader() {
        ModelRegistry r = ModelRegistry.load();
        List<String> names = r.all().stream().map(m -> m.name()).toList();
        assertEquals(List.of("lenet1", "lenet4", "lenet4-boosted", "lenet5", "lenet5-modern", "mlp-300", "mlp-1000", "mlp-300-100", "mlp-500-150"), names);
    }
}
