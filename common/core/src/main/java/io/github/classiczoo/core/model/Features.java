package io.github.classiczoo.core.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's intermediate outputs: its declared {@link Stage}s (timm's {@code features_only}, torchvision's
 * {@code create_feature_extractor}) or any vertices by name.
 *
 * <pre>{@code
 * Features f = Features.load(Path.of("r50.zip"));           // a model file: its model's stages, from the registry
 * INDArray x = Nd4j.rand(1, 3, 224, 224);
 * Map<String, INDArray> c = f.stages(x);                    // layer1 … layer4, in that order
 * Map<String, INDArray> some = f.layers(x, "layer2", "layer4.2.conv3");
 * var b = ResNets.resnet18();
 * Features g = Features.of(b.build(), b.model().stages(b.spec()));   // a graph built in code, with its model's stages
 * }</pre>
 *
 * Outputs are computed in inference mode (no dropout, batch norm with its running statistics) by DL4J's
 * {@link ComputationGraph#output(List, boolean, INDArray[], INDArray[])}: only the vertices up to the deepest one asked for
 * run, activations are released once nothing below needs them, and the arrays returned are detached (not in a workspace).
 */
public final class Features {

    private final ComputationGraph net;
    private final List<Stage> stages;
    private final Map<String, Stage> byName = new LinkedHashMap<>();

    private Features(ComputationGraph net, List<Stage> stages) {
        this.net = net;
        this.stages = List.copyOf(stages);
        Map<String, ?> vertices = net.getConfiguration().getVertices();
        for (Stage s : this.stages) {
            if (!vertices.containsKey(s.vertex())) {
                throw new IllegalArgumentException("stage " + s.name() + " is vertex " + s.vertex() + ", which the network does not have");
            }
            if (!s.name().equals(s.vertex()) && vertices.containsKey(s.name())) {
                throw new IllegalArgumentException("stage " + s.name() + " (vertex " + s.vertex() + ") has the name of another vertex");
            }
            if (byName.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two stages named " + s.name());
            }
        }
    }

    /** Any vertex of {@code net} by name; no stages. */
    public static Features of(ComputationGraph net) {
        return new Features(net, List.of());
    }

    /** {@code net} with its stages ({@link ZooModel#stages}); each must be a vertex of it. */
    public static Features of(ComputationGraph net, List<Stage> stages) {
        return new Features(net, stages);
    }

    /** A model file's network ({@link ModelFile#load}) with the stages of its model ({@link #stagesOf}). */
    public static Features load(Path modelFile) {
        return new Features(ModelFile.load(modelFile), stagesOf(ModelFile.info(modelFile)));
    }

    /**
     * The stages of what a model file holds: its model, found in the registry ({@link ModelRegistry#load}), built with the
     * file's knobs, input and classes. Empty when that model is not on the class path or declares none.
     */
    public static List<Stage> stagesOf(ModelFile.Info info) {
        ModelRegistry registry = ModelRegistry.load();
        if (!registry.contains(info.model())) {
            return List.of();
        }
        ZooModel m = registry.get(info.model());
        ModelSpec spec = m.spec(info.knobs()).withInput(new InputShape(info.input()[0], info.input()[1], info.input()[2]))
                .withClasses(info.classes());
        return m.stages(spec);
    }

    public ComputationGraph network() {
        return net;
    }

    /** The declared stages, shallow to deep (empty if none were declared). */
    public List<Stage> stages() {
        return stages;
    }

    /** Every declared stage's output for {@code input}, by stage name, shallow to deep. */
    public Map<String, INDArray> stages(INDArray input) {
        if (stages.isEmpty()) {
            throw new IllegalStateException("no stages are declared for this network; name its layers instead (layers(input, names))");
        }
        return layers(input, stages.stream().map(Stage::name).toArray(String[]::new));
    }

    /**
     * The outputs of the named layers for {@code input}, in the order named: each name is a stage's ({@code layer2}) or a
     * vertex's ({@code layer2.3.conv1}). Unknown names are refused before anything is computed.
     *
     * @param input {@code [N, C, H, W]} for an image network: any H and W the layers up to the deepest one named accept (DL4J
     *              refuses other channel counts)
     */
    public Map<String, INDArray> layers(INDArray input, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("name at least one layer");
        }
        Map<String, String> vertexOf = new LinkedHashMap<>();
        for (String n : names) {
            vertexOf.put(n, vertex(n));
        }
        INDArray x = input.castTo(net.getConfiguration().getDataType());
        List<String> distinct = vertexOf.values().stream().distinct().toList();
        INDArray[] out = output(distinct, x);
        Map<String, INDArray> result = new LinkedHashMap<>();
        List<String> given = new ArrayList<>();
        for (Map.Entry<String, String> e : vertexOf.entrySet()) {
            INDArray a = out[distinct.indexOf(e.getValue())];
            result.put(e.getKey(), given.contains(e.getValue()) ? a.dup() : a); // two names of one vertex: two arrays
            given.add(e.getValue());
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * DL4J's outputs of {@code vertices} in inference mode. DL4J 1.0.0-M2.1's {@code output(List, ...)} fails when a vertex
     * asked for reads a network input (LeNet's C1, an MLP's hidden1): it leaves an activation workspace open on the thread
     * ("Expected no workspace active at the end of outputOfLayerDetached") or throws a NullPointerException. Such calls run
     * without workspaces (the inference workspace mode set to NONE for the call, under the network's lock, as DL4J's own
     * {@code output} methods take it): the same values, with memory freed by the garbage collector instead.
     */
    private INDArray[] output(List<String> vertices, INDArray x) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        boolean readsInput = vertices.stream().anyMatch(v -> conf.getVertexInputs().get(v).stream().anyMatch(conf.getNetworkInputs()::contains));
        if (!readsInput) {
            return net.output(vertices, false, new INDArray[] {x}, null);
        }
        synchronized (net) {
            WorkspaceMode mode = conf.getInferenceWorkspaceMode();
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            try {
                return net.output(vertices, false, new INDArray[] {x}, null);
            } finally {
                conf.setInferenceWorkspaceMode(mode);
            }
        }
    }

    /**
     * The vertex a stage or vertex name stands for; an {@link IllegalArgumentException} (one line, with the stages and a few
     * vertex names like it) if the network has neither.
     */
    public String vertex(String name) {
        Stage s = byName.get(name);
        if (s != null) {
            return s.vertex();
        }
        Map<String, ?> vertices = net.getConfiguration().getVertices();
        if (name != null && vertices.containsKey(name)) {
            return name;
        }
        List<String> near = new ArrayList<>();
        for (String v : vertices.keySet()) {
            if (near.size() < 8 && name != null && !name.isEmpty() && (v.startsWith(name) || ModelRegistry.editDistance(v, name) <= 2)) {
                near.add(v);
            }
        }
        if (near.isEmpty()) {
            vertices.keySet().stream().limit(8).forEach(near::add);
        }
        throw new IllegalArgumentException("no layer '" + name + "' in this network; "
                + (stages.isEmpty() ? "" : "its stages are " + String.join(", ", byName.keySet()) + "; ")
                + "vertices include " + String.join(", ", near) + " (" + vertices.size() + " in all)");
    }
}
