package io.github.classiczoo.lenet;

import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.testing.GradientChecks.assertGradientsMatch;
import static io.github.classiczoo.testing.GradientChecks.oneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import io.github.classiczoo.core.graph.Layers;
import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.lenet.layers.EuclideanRbfOutput;
import io.github.classiczoo.lenet.layers.LeCunTanh;
import io.github.classiczoo.lenet.layers.PartialConvolution;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

/** Forward values against direct implementations, and numeric gradient checks, for LeNet-5's special layers. */
class CustomLayersTest {

    private static ModelSpec spec(int c, int h, int w, int classes) {
        GraphDefaults d = GraphDefaults.standard().withUpdater(new NoOp()).withDataType(DataType.DOUBLE).withSeed(7);
        return new ModelSpec(new InputShape(c, h, w), classes, Map.of(), d);
    }

    @AfterEach
    void restoreFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void lecunTanhMapsPlusMinusOneToItselfAndHasTheRightSlope() {
        INDArray x = Nd4j.createFromArray(-1.0, 0.0, 1.0, 0.3);
        INDArray y = new LeCunTanh().getActivation(x.dup(), false);
        assertEquals(-1.0, y.getDouble(0), 1e-4);
        assertEquals(0.0, y.getDouble(1), 1e-12);
        assertEquals(1.0, y.getDouble(2), 1e-4);
        assertEquals(1.7159 * Math.tanh(0.2), y.getDouble(3), 1e-12);
        // f'(0) = A·S
        INDArray g = new LeCunTanh().backprop(Nd4j.createFromArray(0.0), Nd4j.createFromArray(1.0)).getFirst();
        assertEquals(1.7159 * 2 / 3, g.getDouble(0), 1e-12);
    }

    @Test
    void trainableSubsamplingIsCoefficientTimesBlockSumPlusBiasSquashed() {
        ZooGraph g = ZooGraph.start(spec(2, 4, 4, 1));
        String s = LeNet5.subsampling(g, "S", g.input());
        ComputationGraph net = new ComputationGraph(g.build(s));
        net.init();
        assertEquals(4, net.numParams()); // one coefficient and one bias per map
        INDArray coefs = net.getLayer("S").getParam("W");
        coefs.assign(Nd4j.createFromArray(0.5, -2.0).reshape(coefs.shape()));
        INDArray biases = net.getLayer("S").getParam("b");
        biases.assign(Nd4j.createFromArray(0.1, 0.2).reshape(biases.shape()));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 4, 4);
        INDArray out = net.outputSingle(x);
        assertArrayEq(new long[] {3, 2, 2, 2}, out.shape());
        double[] coef = {0.5, -2.0}, bias = {0.1, 0.2};
        for (int n = 0; n < 3; n++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        double sum = x.getDouble(n, c, 2 * i, 2 * j) + x.getDouble(n, c, 2 * i + 1, 2 * j)
                                + x.getDouble(n, c, 2 * i, 2 * j + 1) + x.getDouble(n, c, 2 * i + 1, 2 * j + 1);
                        double expect = 1.7159 * Math.tanh(2.0 / 3.0 * (coef[c] * sum + bias[c]));
                        assertEquals(expect, out.getDouble(n, c, i, j), 1e-9);
                    }
                }
            }
        }
    }

    @Test
    void partialConvolutionComputesOnlyTheTablesConnections() {
        int[][] table = {{0}, {1, 2}, {0, 2}};
        ZooGraph g = ZooGraph.start(spec(3, 5, 5, 1));
        String p = g.layer("P", new PartialConvolution(table, 3, new LeCunTanh(), 2.4), g.input());
        ComputationGraph net = new ComputationGraph(g.build(p));
        net.init();
        INDArray w = net.getLayer("P").getParam("W"); // [3 out, 3 in, 3, 3]
        INDArray b = net.getLayer("P").getParam("b");
        b.assign(Nd4j.createFromArray(0.3, -0.2, 0.1).reshape(b.shape()));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 5);
        INDArray out = net.outputSingle(x);
        assertArrayEq(new long[] {2, 3, 3, 3}, out.shape());
        for (int o = 0; o < table.length; o++) {
            for (int in = 0; in < 3; in++) {
                final int input = in;
                boolean connected = java.util.Arrays.stream(table[o]).anyMatch(v -> v == input);
                double absSum = w.get(point(o), point(in)).amaxNumber().doubleValue();
                assertEquals(connected, absSum > 0, "kernel " + o + "<-" + in + " should " + (connected ? "" : "not ") + "exist");
            }
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double a = b.getDouble(o);
                        for (int in : table[o]) {
                            for (int ki = 0; ki < 3; ki++) {
                                for (int kj = 0; kj < 3; kj++) {
                                    a += w.getDouble(o, in, ki, kj) * x.getDouble(n, in, i + ki, j + kj);
                                }
                            }
                        }
                        assertEquals(1.7159 * Math.tanh(2.0 / 3.0 * a), out.getDouble(n, o, i, j), 1e-9);
                    }
                }
            }
        }
    }

    @Test
    void absentConnectionsStayZeroWhileTheOthersTrainWithAdam() {
        int[][] table = {{0}, {1, 2}, {0, 2}};
        GraphDefaults d = GraphDefaults.standard().withUpdater(new Adam(0.05)).withL2(1e-3).withSeed(5);
        ZooGraph g = ZooGraph.start(new ModelSpec(new InputShape(3, 5, 5), 2, Map.of(), d));
        String x = g.layer("P", new PartialConvolution(table, 3, new LeCunTanh(), 2.4), g.input());
        x = g.layer("out", io.github.classiczoo.core.graph.Layers.softmaxOutput(2), x);
        ComputationGraph net = new ComputationGraph(g.build(x));
        net.init();
        INDArray before = net.getLayer("P").getParam("W").dup();
        INDArray mask = before.neq(0.0).castTo(DataType.FLOAT);
        assertEquals((1 + 2 + 2) * 9, mask.sumNumber().intValue(), "only the table's kernels are nonzero");
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(
                Nd4j.rand(DataType.FLOAT, 8, 3, 5, 5), Nd4j.eye(2).repeat(0, 4).castTo(DataType.FLOAT));
        for (int i = 0; i < 5; i++) {
            net.fit(ds);
        }
        INDArray after = net.getLayer("P").getParam("W");
        assertEquals(0.0, after.mul(mask.rsub(1.0)).amaxNumber().doubleValue(), 0.0, "an absent connection moved");
        assertTrue(after.sub(before).mul(mask).amaxNumber().doubleValue() > 1e-3, "table weights did not train");
    }

    @Test
    void rbfOutputScoresAreNegativeSquaredDistancesAndTheLossIsEquation9() {
        double[][] codes = {{1, -1, 1}, {-1, -1, 1}};
        double j = 2.0;
        ZooGraph g = ZooGraph.start(spec(1, 1, 3, 2));
        String o = g.layer("out", new EuclideanRbfOutput(codes, j), g.input());
        ComputationGraph net = new ComputationGraph(g.build(o));
        net.init();
        INDArray x = Nd4j.createFromArray(new double[][][][] {{{{0.5, -1.0, 2.0}}}, {{{-0.3, 0.2, 0.0}}}});
        INDArray labels = Nd4j.createFromArray(new double[][] {{0, 1}, {1, 0}});
        INDArray scores = net.outputSingle(x);
        double loss = 0;
        for (int n = 0; n < 2; n++) {
            double[] y = new double[2];
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 3; k++) {
                    double d = x.getDouble(n, 0, 0, k) - codes[i][k];
                    y[i] += d * d;
                }
                assertEquals(-y[i], scores.getDouble(n, i), 1e-9);
            }
            int correct = labels.getDouble(n, 0) == 1 ? 0 : 1;
            loss += y[correct] + Math.log(Math.exp(-j) + Math.exp(-y[0]) + Math.exp(-y[1]));
        }
        net.setInputs(x);
        net.setLabels(labels);
        net.computeGradientAndScore();
        assertEquals(loss / 2, net.score(), 1e-9); // DL4J reports the mean over the minibatch
    }

    /**
     * The RBF output's network layer ({@code EuclideanRbfOutputImpl}, plain array ops) against DL4J's generic SameDiff
     * layer running the configuration's own definition: the same activations, score and input gradient, to float32
     * rounding.
     */
    @Test
    void rbfOutputLayerComputesWhatItsSameDiffDefinitionDoes() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        double[][] codes = RbfCodes.digits();
        ZooGraph g = ZooGraph.start(spec(1, 1, 84, 10));
        String o = g.layer("out", new EuclideanRbfOutput(codes, 10.0), g.input());
        ComputationGraph net = new ComputationGraph(g.build(o));
        net.init();
        org.deeplearning4j.nn.api.Layer fast = net.getLayer("out");
        assertTrue(fast instanceof io.github.classiczoo.lenet.layers.EuclideanRbfOutputImpl, fast.getClass().getName());
        var reference = new org.deeplearning4j.nn.layers.samediff.SameDiffOutputLayer(fast.conf(), DataType.FLOAT);
        reference.setParamsViewArray(fast.params());
        reference.setParamTable(new java.util.HashMap<>());
        reference.setBackpropGradientsViewArray(fast.getGradientsViewArray());
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 84).muli(3.4).subi(1.7);
        INDArray labels = oneHot(16, 10).castTo(DataType.FLOAT);
        var ws = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        for (org.deeplearning4j.nn.api.Layer l : new org.deeplearning4j.nn.api.Layer[] {fast, reference}) {
            l.setInput(x, ws);
            ((org.deeplearning4j.nn.api.layers.IOutputLayer) l).setLabels(labels);
        }
        INDArray a1 = fast.activate(false, ws), a2 = reference.activate(false, ws);
        // float rounding only: the two run the same formula through different libnd4j calls (≤ a few ulp of ~150)
        assertEquals(0.0, a1.sub(a2).amaxNumber().doubleValue(), 1e-6 * a2.amaxNumber().doubleValue(), "activations");
        double s1 = ((org.deeplearning4j.nn.api.layers.IOutputLayer) fast).computeScore(0.5, true, ws);
        double s2 = reference.computeScore(0.5, true, ws);
        assertEquals(s2, s1, 1e-5 * Math.abs(s2));
        INDArray d1 = fast.backpropGradient(null, ws).getSecond(), d2 = reference.backpropGradient(null, ws).getSecond();
        assertEquals(0.0, d1.sub(d2).amaxNumber().doubleValue(), 1e-6 * d2.amaxNumber().doubleValue(), "input gradients");
        assertTrue(d2.amaxNumber().doubleValue() > 0.1, "a gradient worth comparing");
        // the backward pass keeps the batch's loss for the computeScore DL4J calls next: the same number, exactly
        var out = (org.deeplearning4j.nn.api.layers.IOutputLayer) fast;
        var executioner = Nd4j.getExecutioner();
        executioner.setProfilingMode(org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.OPERATIONS);
        org.nd4j.linalg.profiler.OpProfiler.getInstance().reset();
        double kept;
        try {
            kept = out.computeScore(0.5, true, ws);
        } finally {
            executioner.setProfilingMode(org.nd4j.linalg.api.ops.executioner.OpExecutioner.ProfilingMode.DISABLED);
        }
        assertEquals(0, org.nd4j.linalg.profiler.OpProfiler.getInstance().getInvocationsCount(), "the kept loss is used: no operation runs");
        assertEquals(s1, kept, 0.0, "score after the backward pass");
        // other labels (or another input) make it compute afresh, not answer with the kept loss
        INDArray shifted = Nd4j.concat(1, labels.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 10)), labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)));
        fast.backpropGradient(null, ws);
        out.setLabels(shifted);
        reference.setLabels(shifted);
        double s3 = out.computeScore(0.5, true, ws);
        assertEquals(reference.computeScore(0.5, true, ws), s3, 1e-5 * Math.abs(s3), "score with other labels");
        assertTrue(Math.abs(s3 - s1) > 1e-3 * Math.abs(s1), "other labels, another loss");
        fast.backpropGradient(null, ws);
        INDArray y = x.mul(0.5);
        fast.setInput(y, ws);
        reference.setInput(y, ws);
        assertEquals(reference.computeScore(0.5, true, ws), out.computeScore(0.5, true, ws), 1e-5 * Math.abs(s3), "score of another input");
    }

    @Test
    void gradientsOfEveryCustomLayerMatchCentralDifferences() {
        // A miniature LeNet: conv+squash, trainable subsampling, partial conv, dense+squash, RBF output.
        ZooGraph g = ZooGraph.start(spec(2, 8, 8, 3));
        String x = g.layer("C", conv(3, 3).activation(new LeCunTanh()), g.input());
        x = LeNet5.subsampling(g, "S", x);
        x = g.layer("P", new PartialConvolution(new int[][] {{0}, {1, 2}, {0, 1, 2}}, 3, new LeCunTanh(), 2.4), x);
        x = g.layer("F", dense(4).activation(new LeCunTanh()), x);
        x = g.layer("out", new EuclideanRbfOutput(new double[][] {{1, -1, 1, -1}, {-1, -1, 1, 1}, {1, 1, -1, -1}}, 3.0), x);
        ComputationGraphConfiguration conf = g.build(x);
        Nd4j.getRandom().setSeed(3);
        assertGradientsMatch(conf, Nd4j.rand(DataType.DOUBLE, 4, 2, 8, 8).subi(0.5), oneHot(4, 3));
    }

    @Test
    void gradientsThroughBoostedLeNet4sMeanOfProbabilitiesMatchCentralDifferences() {
        // two small softmax branches, their mean, its log (the Log activation) and a softmax cross-entropy loss layer
        ZooGraph g = ZooGraph.start(spec(1, 6, 6, 3));
        String a = g.layer("a", dense(3).activation(org.nd4j.linalg.activations.Activation.SOFTMAX), g.input());
        String b = g.layer("b", dense(3).activation(org.nd4j.linalg.activations.Activation.SOFTMAX), g.input());
        String mean = g.scale("mean", 0.5, g.add("sum", a, b));
        String log = g.layer("log", new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                .activation(new io.github.classiczoo.lenet.layers.Log()).build(), mean);
        var loss = new org.deeplearning4j.nn.conf.layers.LossLayer.Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build();
        ComputationGraphConfiguration conf = g.build(g.layer("out", loss, log));
        Nd4j.getRandom().setSeed(5);
        assertGradientsMatch(conf, Nd4j.rand(DataType.DOUBLE, 4, 1, 6, 6).subi(0.5), oneHot(4, 3));
    }

    @Test
    void boostedLeNet4sConfigurationSurvivesJsonAndComputesTheSameFunction() {
        assertSurvivesJson(new LeNet4Boosted());
    }

    @Test
    void lenet5ConfigurationSurvivesJsonAndComputesTheSameFunction() {
        assertSurvivesJson(new LeNet5());
    }

    /** The model's configuration equals itself read back from JSON, and a net built from each computes the same on a 32×32 input. */
    private static void assertSurvivesJson(io.github.classiczoo.core.model.ZooModel m) {
        ComputationGraphConfiguration conf = m.configuration(m.spec());
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        ComputationGraph a = new ComputationGraph(conf);
        a.init();
        ComputationGraph b = new ComputationGraph(back);
        b.init(a.params().dup(), false);
        INDArray in = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32);
        assertTrue(a.outputSingle(in).equalsWithEps(b.outputSingle(in), 1e-6));
    }

    private static void assertArrayEq(long[] expected, long[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
