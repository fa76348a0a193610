package io.github.classiczoo.alexnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.testing.GraphChecks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Against Krizhevsky et al. 2012 (§3.5, Fig. 2) and torchvision's parameter count. */
class AlexNetSummaryTest {

    static long neurons(ModelSummary s, String... vertices) {
        long n = 0;
        for (String v : vertices) {
            long e = 1;
            for (long d : s.row(v).output()) {
                e *= d;
            }
            n += e;
        }
        return n;
    }

    @Test
    void reproducesThePapersNeuronsPerLayerWhereTheListIsConsistent() {
        ModelSummary s = ModelSummary.of(new AlexNet());
        // §3.5: "253,440–186,624–64,896–64,896–43,264–4096–4096–1000"
        assertEquals(186_624, neurons(s, "conv2.a", "conv2.b"));   // 27×27×256
        assertEquals(64_896, neurons(s, "conv3.a", "conv3.b"));    // 13×13×384
        assertEquals(64_896, neurons(s, "conv4.a", "conv4.b"));
        assertEquals(43_264, neurons(s, "conv5.a", "conv5.b"));    // 13×13×256
        assertEquals(4096, neurons(s, "fc6.a", "fc6.b"));
        assertEquals(4096, neurons(s, "fc7.a", "fc7.b"));
        assertEquals(1000, neurons(s, "fc8"));
        // the first entry is the list's inconsistency: conv1's 55×55×96 maps hold 290,400 neurons, not 253,440
        assertEquals(290_400, neurons(s, "conv1.a", "conv1.b"));
        assertArrayEquals(new long[] {48, 55, 55}, s.row("conv1.a").output());
        assertArrayEquals(new long[] {128, 6, 6}, s.row("pool5.b").output());
    }

    @Test
    void hasAbout60MillionParametersWithTheTowersConnectivity() {
        ModelSummary s = ModelSummary.of(new AlexNet());
        // conv1 96·(11·11·3)+96; conv2 256·(5·5·48)+256 (own tower); conv3 384·(3·3·256)+384 (both towers);
        // conv4 384·(3·3·192)+384; conv5 256·(3·3·192)+256; fc6 9216·4096+4096; fc7 4096·4096+4096; fc8 4096·1000+1000
        long expected = 34_944 + 307_456 + 885_120 + 663_936 + 442_624 + 37_752_832 + 16_781_312 + 4_097_000;
        assertEquals(expected, s.params());
        assertEquals(60.97e6, s.params(), 0.01e6); // "60 million parameters" (§4)
        assertEquals(48 * 5 * 5 * 128 + 128, s.row("conv2.a").params()); // a tower's conv2 sees only its own 48 maps
        assertEquals(256 * 3 * 3 * 192 + 192, s.row("conv3.a").params()); // conv3 sees both towers
    }

    @Test
    void torchvisionsLayoutHasItsExactParameterCount() {
        ModelSummary s = ModelSummary.of(new AlexNetTorchvision());
        assertEquals(61_100_840, s.params()); // sum(p.numel() for p in torchvision.models.alexnet().parameters())
        assertArrayEquals(new long[] {64, 55, 55}, s.row("features.0").output());
        assertArrayEquals(new long[] {256, 6, 6}, s.row("features.12").output());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSummary.of(new AlexNetTorchvision(), new AlexNetTorchvision().spec().withInput(new io.github.classiczoo.core.model.InputShape(3, 160, 160))));
        assertTrue(e.getMessage().contains("6×6"), e.getMessage());
    }

    @Test
    void oneTrainingStepAtTheRealInputSize() {
        for (var m : new io.github.classiczoo.core.model.ZooModel[] {new AlexNet(), new AlexNetTorchvision()}) {
            ComputationGraph net = m.create(m.spec());
            int h = m.defaultInput().height();
            DataSet ds = new DataSet(Nd4j.rand(2, 3, h, h), Nd4j.eye(1000).getRows(3, 999));
            var before = GraphChecks.snapshot(net);
            net.fit(ds);
            assertTrue(Double.isFinite(net.score()), m.name());
            GraphChecks.assertTrainableWeightsMoved(m.name(), before, net);
        }
    }

    @Test
    void aReducedInputBuildsAndTheSmallestIsRefusedClearly() {
        AlexNet m = new AlexNet();
        ModelSummary s = ModelSummary.of(m, m.spec().withInput(new io.github.classiczoo.core.model.InputShape(3, 67, 67)));
        assertArrayEquals(new long[] {128, 1, 1}, s.row("pool5.a").output());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSummary.of(m, m.spec().withInput(new io.github.classiczoo.core.model.InputShape(1, 28, 28))));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
    }
}
