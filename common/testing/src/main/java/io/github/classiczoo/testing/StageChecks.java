package io.github.classiczoo.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.Features;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.core.model.ZooModel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What every family's test asserts about the stages its models declare ({@link ZooModel#stages}). */
public final class StageChecks {

    /** Added to the input's sides to measure strides: a multiple of every stride up to 64. */
    private static final int GROW = 64;

    private StageChecks() {
    }

    /**
     * From the configuration alone (shape inference, no weights): each stage is a vertex of the graph with the declared
     * channels (or units), and its stride is what the graph does — growing the input by {@value #GROW} pixels a side grows a
     * map of stride s by exactly 64 / s (every convolution and pooling maps in + k·stride to out + k), and a map is at most
     * input / stride a side. Returns the stages.
     */
    public static List<Stage> assertStagesMatchTheGraph(ZooModel m, ModelSpec spec) {
        List<Stage> stages = m.stages(spec);
        assertFalse(stages.isEmpty(), m.name() + " declares no stages");
        ComputationGraphConfiguration conf = m.configuration(spec);
        InputShape in = spec.input();
        Map<String, InputType> at = conf.clone().getLayerActivationTypes(in.toInputType());
        Map<String, InputType> grown = conf.clone().getLayerActivationTypes(InputType.convolutional(in.height() + GROW, in.width() + GROW, in.channels()));
        int lastStride = 1;
        for (Stage s : stages) {
            String what = m.name() + " stage " + s.name() + " (" + s.vertex() + ")";
            assertTrue(conf.getVertices().containsKey(s.vertex()), what + ": no such vertex");
            assertTrue(s.name().equals(s.vertex()) || !conf.getVertices().containsKey(s.name()), what + ": named after another vertex");
            if (s.isMap()) {
                InputType.InputTypeConvolutional t = assertInstanceOf(InputType.InputTypeConvolutional.class, at.get(s.vertex()), what);
                InputType.InputTypeConvolutional g = (InputType.InputTypeConvolutional) grown.get(s.vertex());
                assertEquals(s.channels(), t.getChannels(), what + ": channels");
                assertTrue(t.getHeight() <= (in.height() + s.stride() - 1) / s.stride() && t.getWidth() <= (in.width() + s.stride() - 1) / s.stride(),
                        what + ": " + t.getHeight() + "×" + t.getWidth() + " is larger than the input / stride");
                assertEquals(GROW / s.stride(), g.getHeight() - t.getHeight(), what + ": height grows by " + GROW + " / stride");
                assertEquals(GROW / s.stride(), g.getWidth() - t.getWidth(), what + ": width grows by " + GROW + " / stride");
                assertTrue(s.stride() >= lastStride, what + ": stages go shallow to deep");
                lastStride = s.stride();
            } else {
                assertEquals(InputType.Type.FF, at.get(s.vertex()).getType(), what + ": a vector stage");
                assertEquals(s.channels(), at.get(s.vertex()).arrayElementsPerExample(), what + ": units");
                lastStride = Integer.MAX_VALUE; // nothing spatial after a vector
            }
        }
        return stages;
    }

    /**
     * On a network with fresh weights and two random inputs: {@link Features#stages} gives arrays of the inferred shapes
     * ({@code [2, channels, H, W]} or {@code [2, units]}), equal to DL4J's inference-mode {@code feedForward} at each vertex.
     */
    public static void assertStagesComputed(ZooModel m, ModelSpec spec) {
        List<Stage> stages = assertStagesMatchTheGraph(m, spec);
        ComputationGraph net = m.create(spec);
        InputShape in = spec.input();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, in.channels(), in.height(), in.width());
        Map<String, InputType> types = net.getConfiguration().clone().getLayerActivationTypes(in.toInputType());
        Map<String, INDArray> got = Features.of(net, stages).stages(x);
        assertEquals(stages.stream().map(Stage::name).toList(), List.copyOf(got.keySet()), m.name());
        Map<String, INDArray> all = net.feedForward(x, false);
        for (Stage s : stages) {
            INDArray a = got.get(s.name());
            long[] want = s.isMap()
                    ? new long[] {2, s.channels(), ((InputType.InputTypeConvolutional) types.get(s.vertex())).getHeight(),
                        ((InputType.InputTypeConvolutional) types.get(s.vertex())).getWidth()}
                    : new long[] {2, s.channels()};
            assertEquals(Arrays.toString(want), Arrays.toString(a.shape()), m.name() + " stage " + s.name());
            assertEquals(all.get(s.vertex()), a, m.name() + " stage " + s.name() + ": not DL4J's feed-forward activation");
        }
    }
}
