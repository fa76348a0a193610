package io.github.classiczoo.core.graph;

import io.github.classiczoo.core.model.GraphDefaults;
import io.github.classiczoo.core.model.ModelSpec;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * A thin, name-returning wrapper over DL4J's graph builder. Every method returns the name of the vertex it
 * added, so model code threads names ({@code x = g.layer("conv1", conv(...), x)}) and never assembles them.
 * The harness's {@link GraphDefaults} (seed, updater, L2, data type) are applied here, once, for every model.
 */
public final class ZooGraph {

    /** Name of the network's single image input. */
    public static final String INPUT = "input";

    private final ModelSpec spec;
    private final ComputationGraphConfiguration.GraphBuilder builder;

    private ZooGraph(ModelSpec spec) {
        this.spec = spec;
        GraphDefaults d = spec.defaults();
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(d.seed())
                .updater(d.updater())
                .dataType(d.dataType());
        if (d.l2() > 0) {
            base.l2(d.l2()).l2Bias(d.l2());
        }
        this.builder = base.graphBuilder().addInputs(INPUT);
    }

    /** Starts a graph with one image input shaped as {@code spec.input()}. */
    public static ZooGraph start(ModelSpec spec) {
        return new ZooGraph(spec);
    }

    public ModelSpec spec() {
        return spec;
    }

    public String input() {
        return INPUT;
    }

    public String layer(String name, LayerSpec layer, String... inputs) {
        return layer(name, layer.build(), inputs);
    }

    public String layer(String name, Layer layer, String... inputs) {
        builder.addLayer(name, layer, inputs.clone()); // DL4J keeps a view of the array: callers may reuse theirs
        return name;
    }

    public String vertex(String name, GraphVertex vertex, String... inputs) {
        builder.addVertex(name, vertex, inputs.clone());
        return name;
    }

    /** Depth (channel) concatenation, as in inception modules and AlexNet's cross-tower layers. */
    public String concat(String name, String... inputs) {
        return vertex(name, new MergeVertex(), inputs);
    }

    /** Element-wise sum, as in residual additions. */
    public String add(String name, String... inputs) {
        return vertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), inputs);
    }

    /** ReLU of the element-wise sum, as one vertex ({@link AddRelu}): the end of a residual block. */
    public String addRelu(String name, String... inputs) {
        return vertex(name, new AddRelu(), inputs);
    }

    /** Multiplication by a constant. */
    public String scale(String name, double factor, String input) {
        return vertex(name, new ScaleVertex(factor), input);
    }

    /** Finishes the graph: sets input types (so nIn and preprocessors are inferred) and validates it. */
    public ComputationGraphConfiguration build(String... outputs) {
        ComputationGraphConfiguration conf = builder.setOutputs(outputs)
                .setInputTypes(spec.input().toInputType())
                .build();
        checkShapes(conf, spec);
        return conf;
    }

    /** Refuses inputs so small that some vertex would produce an empty feature map. */
    static void checkShapes(ComputationGraphConfiguration conf, ModelSpec spec) {
        Map<String, InputType> types = conf.getLayerActivationTypes(spec.input().toInputType());
        for (Map.Entry<String, InputType> e : types.entrySet()) {
            if (e.getValue() instanceof InputType.InputTypeConvolutional c && (c.getHeight() < 1 || c.getWidth() < 1)) {
                throw new IllegalArgumentException("input " + spec.input() + " is too small: vertex " + e.getKey()
                        + " would output " + c.getChannels() + "×" + c.getHeight() + "×" + c.getWidth());
            }
        }
    }
}
