package io.github.classiczoo.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.testing.GraphChecks;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Built networks run: parameters as summarised, forward at the real input size, training steps. */
class ResNetRunTest {

    @Test
    void resnet18RunsForwardAt224AndHoldsTheSummarisedParameters() {
        ZooModel m = ModelRegistry.load().get("resnet18-torchvision");
        ComputationGraph net = m.create(m.spec());
        long bnChannels = 64 + 4 * 64 + 4 * 128 + 4 * 256 + 4 * 512 + 128 + 256 + 512; // every BN's channels
        assertEquals(ModelSummary.of(m).params() + 2 * bnChannels, net.numParams()); // + running mean/variance
        INDArray out = net.outputSingle(Nd4j.rand(1, 3, 224, 224));
        assertArrayEquals(new long[] {1, 1000}, out.shape());
        assertEquals(1.0, out.sumNumber().doubleValue(), 1e-4);
    }

    @Test
    void optionAShortcutsTrainOnCifarShapedData() {
        ZooModel m = ModelRegistry.load().get("resnet20");
        ComputationGraph net = m.create(m.spec());
        DataSet ds = new DataSet(Nd4j.rand(4, 3, 32, 32), Nd4j.eye(10).getRows(0, 3, 5, 9));
        var before = GraphChecks.snapshot(net);
        net.fit(ds);
        net.fit(ds);
        assertTrue(Double.isFinite(net.score()));
        GraphChecks.assertTrainableWeightsMoved("resnet20", before, net);
        // every shortcut parameter-free: the option A net is 269,722 parameters + BN state
        assertTrue(ModelSummary.of(m).layers().stream().anyMatch(r -> r.name().equals("layer2.0.shortcut.pad")));
    }

    @Test
    void optionCProjectsEveryBlock() {
        ZooModel m = ModelRegistry.load().get("resnet20");
        ModelSummary s = ModelSummary.of(m, m.spec(Map.of("shortcut", "C")));
        assertTrue(s.row("layer1.0.downsample.0").params() == 16 * 16);
    }
}
