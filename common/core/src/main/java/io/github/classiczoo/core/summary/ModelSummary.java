package io.github.classiczoo.core.summary;

import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Text;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Per-vertex output shapes, trainable parameters and multiply-accumulates of a model, computed from its
 * configuration alone (no weights are allocated).
 *
 * <p>Conventions (those of the papers and torchvision): <b>params</b> are trainable parameters only —
 * batch-norm running mean/variance are state; <b>MACs</b> are for one example: convolution = output
 * elements × (input channels / groups) × kH × kW, dense = inputs × outputs; pooling, activations,
 * normalisation, biases and element-wise additions count 0. Custom layers report their own through
 * {@link CustomCost}.
 */
public record ModelSummary(String model, ModelSpec spec, List<Row> layers, long params, long macs, long auxParams, long auxMacs) {

    /** One vertex: {@code output} is [C,H,W] for images, [N] for vectors; {@code inputs} the vertices it reads (the graph's edges). */
    public record Row(String name, String type, List<String> inputs, long[] output, long params, long macs, boolean aux) {
    }

    public static ModelSummary of(ZooModel model) {
        return of(model, model.spec());
    }

    public static ModelSummary of(ZooModel model, ModelSpec spec) {
        ModelSpec valid = model.validate(spec);
        ComputationGraphConfiguration conf = model.define(valid);
        return of(model.name(), valid, conf, model.auxiliaryOutputs(valid));
    }

    public static ModelSummary of(String name, ModelSpec spec, ComputationGraphConfiguration conf, List<String> auxOutputs) {
        Map<String, InputType> types = conf.getLayerActivationTypes(spec.input().toInputType());
        Map<String, List<String>> inputsOf = conf.getVertexInputs();
        Set<String> inference = inferencePath(conf, inputsOf, auxOutputs);

        List<Row> rows = new ArrayList<>();
        long params = 0, macs = 0, auxParams = 0, auxMacs = 0;
        for (String v : topologicalOrder(conf, inputsOf)) {
            GraphVertex vertex = conf.getVertices().get(v);
            InputType out = types.get(v);
            InputType in = inputsOf.get(v).size() == 1 ? typeOf(inputsOf.get(v).get(0), types, conf, spec) : null;
            String type;
            long p = 0, m = 0;
            if (vertex instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                type = layer.getClass().getSimpleName();
                p = trainableParams(layer);
                m = macs(layer, in, out);
            } else {
                type = vertex.getClass().getSimpleName();
            }
            boolean aux = !inference.contains(v);
            rows.add(new Row(v, type, List.copyOf(inputsOf.getOrDefault(v, List.of())), shape(out), p, m, aux));
            if (aux) {
                auxParams += p;
                auxMacs += m;
            } else {
                params += p;
                macs += m;
            }
        }
        return new ModelSummary(name, spec, List.copyOf(rows), params, macs, auxParams, auxMacs);
    }

    public Row row(String name) {
        for (Row r : layers) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no vertex '" + name + "' in " + model);
    }

    /** The JSON object of {@code zoo summary --json}. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("input", spec.input().toArray());
        m.put("classes", spec.classes());
        if (!spec.knobs().isEmpty()) {
            m.put("knobs", new TreeMap<>(spec.knobs()));
        }
        m.put("params", params);
        m.put("macs", macs);
        if (auxParams > 0 || auxMacs > 0) {
            m.put("auxParams", auxParams);
            m.put("auxMacs", auxMacs);
        }
        List<Map<String, Object>> ls = new ArrayList<>();
        for (Row r : layers) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", r.name());
            l.put("type", r.type());
            l.put("inputs", r.inputs());
            l.put("output", r.output());
            l.put("params", r.params());
            l.put("macs", r.macs());
            if (r.aux()) {
                l.put("aux", true);
            }
            ls.add(l);
        }
        m.put("layers", ls);
        return m;
    }

    /** The table of {@code zoo summary}. */
    public String toTable() {
        List<List<String>> rows = new ArrayList<>();
        for (Row r : layers) {
            StringBuilder shape = new StringBuilder();
            for (int i = 0; i < r.output().length; i++) {
                shape.append(i == 0 ? "" : "×").append(r.output()[i]);
            }
            rows.add(List.of(r.name() + (r.aux() ? " (aux)" : ""), r.type(), shape.toString(),
                    Text.grouped(r.params()), Text.grouped(r.macs())));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(model).append(" — input ").append(spec.input()).append(", ").append(spec.classes()).append(" classes");
        if (!spec.knobs().isEmpty()) {
            sb.append(", knobs ").append(new TreeMap<>(spec.knobs()));
        }
        sb.append("\n\n");
        sb.append(Text.table(List.of("vertex", "type", "output", "params", "MACs"), rows,
                new boolean[] {false, false, true, true, true}));
        sb.append("\n");
        sb.append("trainable params: ").append(Text.grouped(params)).append(" (").append(Text.si(params)).append(")\n");
        sb.append("MACs per image:   ").append(Text.grouped(macs)).append(" (").append(Text.si(macs)).append(")\n");
        if (auxParams > 0 || auxMacs > 0) {
            sb.append("auxiliary heads (training only): ").append(Text.grouped(auxParams)).append(" params, ")
                    .append(Text.grouped(auxMacs)).append(" MACs\n");
        }
        return sb.toString();
    }

    private static InputType typeOf(String vertex, Map<String, InputType> types, ComputationGraphConfiguration conf, ModelSpec spec) {
        return conf.getNetworkInputs().contains(vertex) ? spec.input().toInputType() : types.get(vertex);
    }

    static long trainableParams(Layer layer) {
        if (layer instanceof CustomCost c) {
            return c.trainableParams();
        }
        if (layer instanceof BatchNormalization bn) {
            // gamma and beta are trained; the running mean and variance are state.
            return bn.isLockGammaBeta() ? 0 : 2 * bn.getNOut();
        }
        return layer.initializer().numParams(layer);
    }

    static long macs(Layer layer, InputType in, InputType out) {
        if (layer instanceof CustomCost c) {
            return c.macs(in, out);
        }
        if (layer instanceof DepthwiseConvolution2D dw) {
            int[] k = dw.getKernelSize();
            return out.arrayElementsPerExample() * k[0] * k[1];
        }
        if (layer instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
            int[] k = conv.getKernelSize();
            return out.arrayElementsPerExample() * conv.getNIn() * k[0] * k[1];
        }
        if (layer instanceof FeedForwardLayer ff && !(layer instanceof ConvolutionLayer) && !(layer instanceof BatchNormalization)) {
            // DenseLayer and the output layers: a weight matrix nIn × nOut.
            if (ff.initializer().numParams(ff) > 0) {
                return ff.getNIn() * ff.getNOut();
            }
        }
        return 0;
    }

    private static long[] shape(InputType t) {
        return switch (t.getType()) {
            case CNN -> {
                InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) t;
                yield new long[] {c.getChannels(), c.getHeight(), c.getWidth()};
            }
            case FF -> new long[] {((InputType.InputTypeFeedForward) t).getSize()};
            default -> t.getShape(false);
        };
    }

    /** Vertices the first non-auxiliary output depends on. */
    private static Set<String> inferencePath(ComputationGraphConfiguration conf, Map<String, List<String>> inputsOf, List<String> aux) {
        String main = null;
        for (String o : conf.getNetworkOutputs()) {
            if (!aux.contains(o)) {
                main = o;
                break;
            }
        }
        if (main == null) {
            throw new IllegalStateException("every output is auxiliary: " + conf.getNetworkOutputs());
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(main));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v) && inputsOf.containsKey(v)) {
                todo.addAll(inputsOf.get(v));
            }
        }
        return seen;
    }

    /** Kahn's algorithm, taking vertices in the order they were added whenever there is a choice. */
    private static List<String> topologicalOrder(ComputationGraphConfiguration conf, Map<String, List<String>> inputsOf) {
        List<String> names = new ArrayList<>(conf.getVertices().keySet());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        int[] pending = new int[names.size()];
        Map<String, List<Integer>> consumers = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            for (String in : inputsOf.get(names.get(i))) {
                if (index.containsKey(in)) {
                    pending[i]++;
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < names.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String v = names.get(ready.poll());
            order.add(v);
            for (int c : consumers.getOrDefault(v, List.of())) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() != names.size()) {
            throw new IllegalStateException("graph has a cycle");
        }
        return order;
    }
}
