package io.github.classiczoo.googlenet;

import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;
import static io.github.classiczoo.core.graph.Layers.weightedSoftmaxOutput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.testing.GraphChecks;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** Against Szegedy et al. 2014, Table 1 and §5. */
class GoogLeNetTest {

    static long sum(ModelSummary s, String prefix, boolean macs, boolean weightsOnly) {
        long t = 0;
        for (ModelSummary.Row r : s.layers()) {
            if (r.name().equals(prefix) || r.name().startsWith(prefix + ".")) {
                t += macs ? r.macs() : r.params() - (weightsOnly && r.params() > 0 ? r.output()[0] : 0);
            }
        }
        return t;
    }

    @Test
    void perModuleOpsMatchTable1() {
        ModelSummary s = ModelSummary.of(new GoogLeNet());
        // Table 1's ops column (millions of multiply-adds); ours within 1.5%
        Object[][] rows = {{"conv2", 360}, {"inception3a", 128}, {"inception3b", 304}, {"inception4a", 73}, {"inception4b", 88},
            {"inception4c", 100}, {"inception4d", 119}, {"inception4e", 170}, {"inception5b", 71}};
        for (Object[] r : rows) {
            double ours = sum(s, (String) r[0], true, false) / 1e6;
            double paper = (Integer) r[1];
            assertEquals(paper, ours, 0.015 * paper, r[0] + ": " + ours + "M");
        }
        // 5a is the table's slip: its 54M ops follow its 1,072K params, but its channel columns give 1,018K weights
        // and 51.1M ops (832→256; 832→160→320; 832→32→128; pool→128 at 7×7)
        assertEquals(51_079_168, sum(s, "inception5a", true, false));
        assertEquals(1_042_432, sum(s, "inception5a", false, true));
        // the first row (2.7K params, 34M ops) matches no reading of 64 7×7/2 filters on 224×224×3
        assertEquals(64 * 7 * 7 * 3, sum(s, "conv1", false, true));
        assertEquals(112L * 112 * 64 * 7 * 7 * 3, sum(s, "conv1", true, false));
        // §5: "a computational budget of 1.5 billion multiply-adds at inference time"
        assertEquals(1.5, s.macs() / 1e9, 0.1);
    }

    @Test
    void parameterTotalMatchesTable1AndTheShapesFollowIt() {
        ModelSummary s = ModelSummary.of(new GoogLeNet());
        long weights = 0;
        for (ModelSummary.Row r : s.layers()) {
            weights += r.aux() || r.params() == 0 ? 0 : r.params() - r.output()[0];
        }
        // sum of Table 1's params column: 2.7+112+159+380+364+437+463+580+840+1072+1388+1000 = 6,797.7K (K = 1,024)
        assertEquals(6_797.7, weights / 1024.0, 0.01 * 6_797.7);
        assertArrayEquals(new long[] {64, 112, 112}, s.row("conv1").output());
        assertArrayEquals(new long[] {192, 28, 28}, s.row("pool2").output());
        assertArrayEquals(new long[] {480, 28, 28}, s.row("inception3b").output());
        assertArrayEquals(new long[] {528, 14, 14}, s.row("inception4d").output());
        assertArrayEquals(new long[] {832, 7, 7}, s.row("pool4").output());
        assertArrayEquals(new long[] {1024, 7, 7}, s.row("inception5b").output());
        assertArrayEquals(new long[] {128, 4, 4}, s.row("aux1.conv").output());
        assertTrue(s.auxParams() > 6_000_000); // two heads of 1×1 conv, FC 1024, FC 1000
        GoogLeNet g = new GoogLeNet();
        ModelSummary noAux = ModelSummary.of(g, g.spec(Map.of("aux", "false")));
        assertEquals(s.params(), noAux.params());
        assertEquals(0, noAux.auxParams());
    }

    @AfterEach
    void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void auxiliaryLossesEnterWithWeight03() {
        // a shared layer feeding a main head and an auxiliary head; the same graph with the aux weight at 1
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraph weighted = tiny(0.3);
        ComputationGraph plain = tiny(1.0);
        plain.setParams(weighted.params().dup());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 1, 2, 3);
        INDArray y = Nd4j.eye(3).castTo(DataType.DOUBLE).getRows(0, 1, 2, 0, 1);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y, y});
        for (ComputationGraph n : new ComputationGraph[] {weighted, plain}) {
            n.setInputs(x);
            n.setLabels(y, y);
            n.computeGradientAndScore();
        }
        INDArray gw = weighted.gradient().getGradientFor("aux_W"), gp = plain.gradient().getGradientFor("aux_W");
        assertTrue(gw.sub(gp.mul(0.3)).amaxNumber().doubleValue() < 1e-12, "aux head gradient is not 0.3×");
        INDArray mw = weighted.gradient().getGradientFor("main_W"), mp = plain.gradient().getGradientFor("main_W");
        assertTrue(mw.sub(mp).amaxNumber().doubleValue() < 1e-12, "the main head must not be reweighted");
        // scores: plain = main + aux, weighted = main + 0.3·aux, with aux the auxiliary head's mean cross-entropy
        INDArray p = plain.output(false, x)[1];
        double aux = 0;
        for (int i = 0; i < 5; i++) {
            aux -= Math.log(p.getDouble(i, y.getRow(i).argMax().getInt(0)));
        }
        aux /= 5;
        assertEquals(0.7 * aux, plain.score(ds) - weighted.score(ds), 1e-9);
    }

    static ComputationGraph tiny(double auxWeight) {
        GraphDefaults d = GraphDefaults.standard().withUpdater(new NoOp()).withDataType(DataType.DOUBLE).withSeed(3);
        ZooGraph g = ZooGraph.start(new ModelSpec(new InputShape(1, 2, 3), 3, Map.of(), d));
        String h = g.layer("shared", dense(4), g.input());
        String main = g.layer("main", softmaxOutput(3), h);
        String aux = g.layer("aux", weightedSoftmaxOutput(3, auxWeight), h);
        ComputationGraphConfiguration conf = g.build(main, aux);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    @Test
    void oneTrainingStepAtTheRealInputSizeWithAuxHeads() {
        GoogLeNet m = new GoogLeNet();
        ComputationGraph net = m.create(m.spec());
        INDArray y = Nd4j.eye(1000).getRows(4, 500);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {Nd4j.rand(2, 3, 224, 224)}, new INDArray[] {y, y, y});
        var before = GraphChecks.snapshot(net);
        net.fit(ds);
        assertTrue(Double.isFinite(net.score()));
        GraphChecks.assertTrainableWeightsMoved("googlenet", before, net);
        assertArrayEquals(new long[] {2, 1000}, net.output(false, ds.getFeatures(0))[0].shape());
    }

    @Test
    void torchvisionsLayoutHasItsExactParameterCounts() {
        GoogLeNetTorchvision m = new GoogLeNetTorchvision();
        ModelSummary s = ModelSummary.of(m);
        assertEquals(6_624_904, s.params()); // torchvision.models.googlenet(aux_logits=False, init_weights=True)
        ModelSummary withAux = ModelSummary.of(m, m.spec(Map.of("aux", "true")));
        assertEquals(6_624_904, withAux.params());
        assertEquals(13_004_888, withAux.params() + withAux.auxParams()); // ... with aux_logits=True
        // torchvision's module paths name the weighted vertices; the "5×5" branch is 3×3 there
        assertEquals(16 * 32 * 3 * 3, s.row("inception3a.branch3.1.conv").params());
        assertEquals(2 * 64, s.row("conv1.bn").params());
        assertArrayEquals(new long[] {832, 7, 7}, s.row("maxpool4").output());
        assertEquals(1024 * 1000 + 1000, s.row("fc").params());
    }

    @Test
    void torchvisionLayoutTrainsWithItsAuxHeads() {
        GoogLeNetTorchvision m = new GoogLeNetTorchvision();
        ComputationGraph net = m.create(m.spec(Map.of("aux", "true")));
        INDArray y = Nd4j.eye(1000).getRows(7, 70);
        MultiDataSet ds = new MultiDataSet(new INDArray[] {Nd4j.rand(2, 3, 224, 224)}, new INDArray[] {y, y, y});
        var before = GraphChecks.snapshot(net);
        net.fit(ds);
        assertTrue(Double.isFinite(net.score()));
        GraphChecks.assertTrainableWeightsMoved("googlenet-torchvision", before, net);
    }

    @Test
    void headlessGoogLeNetGivesThePooledFeaturesAndNoHeads() {
        ComputationGraph net = GoogLeNets.googlenet().headless().build(); // aux heads on by default: left out too
        assertEquals(java.util.List.of("pool5"), net.getConfiguration().getNetworkOutputs());
        assertTrue(net.getConfiguration().getVertices().keySet().stream().noneMatch(v -> v.startsWith("aux") || v.equals("classifier") || v.equals("dropout")),
                net.getConfiguration().getVertices().keySet().toString());
        assertEquals(ModelSummary.of(new GoogLeNet()).params() - (1024 * 1000 + 1000), net.numParams()); // no BN state in the paper's net
        assertArrayEquals(new long[] {2, 1024}, net.outputSingle(Nd4j.rand(2, 3, 224, 224)).shape());
        ComputationGraph tv = GoogLeNets.googlenetTorchvision().aux(true).classes(10).build();
        assertEquals(3, tv.getConfiguration().getNetworkOutputs().size());
        assertArrayEquals(new long[] {1, 10}, tv.output(false, Nd4j.rand(1, 3, 224, 224))[0].shape());
    }
}
