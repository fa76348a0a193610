package io.github.classiczoo.weights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * torchvision {@code state_dict} keys ↔ the parameters of a graph whose layer names are torchvision's module
 * paths. The mapping is by name and by layer type only, the same for every model:
 * <pre>
 * convolution   NAME.weight [out, in, kH, kW] = W (same layout)      NAME.bias [out] = b
 * dense/output  NAME.weight [out, in]         = Wᵀ (DL4J: [in, out])  NAME.bias [out] = b
 * batch norm    NAME.weight = γ, NAME.bias = β, NAME.running_mean = mean,
 *               NAME.running_var = var; DL4J's default (useLogStd) stores log10 √var instead
 * </pre>
 * Both sides compute batch norm in inference as γ (x − mean) / √(var + ε) + β with the layer's own ε (DL4J
 * M2.1 squares 10^log10stdev back into var and adds ε then: checked against a one-layer graph with ε = 0.5).
 */
public final class TorchvisionWeights {

    private enum Kind { SAME, TRANSPOSE, LOG10_STD }

    /** One torchvision tensor and the DL4J parameter it fills. */
    private record Binding(String key, INDArray param, long[] torchShape, Kind kind) {
    }

    private TorchvisionWeights() {
    }

    /** Every tensor the graph expects, by torchvision key; layers of a type with no mapping are refused. */
    private static Map<String, Binding> bindings(ComputationGraph net) {
        Map<String, Binding> out = new LinkedHashMap<>();
        List<String> unsupported = new ArrayList<>();
        for (Layer l : net.getLayers()) {
            var conf = l.conf().getLayer();
            String name = conf.getLayerName();
            Map<String, INDArray> p = l.paramTable();
            if (p.isEmpty()) {
                continue;
            }
            if (conf.getClass() == ConvolutionLayer.class) {
                out.put(name + ".weight", new Binding(name + ".weight", p.get("W"), p.get("W").shape(), Kind.SAME));
                addBias(out, name, p);
            } else if (conf instanceof DenseLayer || conf.getClass() == OutputLayer.class) {
                long[] s = p.get("W").shape();
                out.put(name + ".weight", new Binding(name + ".weight", p.get("W"), new long[] {s[1], s[0]}, Kind.TRANSPOSE));
                addBias(out, name, p);
            } else if (conf instanceof BatchNormalization bn) {
                long c = p.get("mean").length();
                put(out, name + ".weight", p.get("gamma"), c, Kind.SAME);
                put(out, name + ".bias", p.get("beta"), c, Kind.SAME);
                put(out, name + ".running_mean", p.get("mean"), c, Kind.SAME);
                put(out, name + ".running_var", bn.isUseLogStd() ? p.get("log10stdev") : p.get("var"), c,
                        bn.isUseLogStd() ? Kind.LOG10_STD : Kind.SAME);
            } else {
                unsupported.add(name + " (" + conf.getClass().getSimpleName() + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("no torchvision mapping for the layers " + String.join(", ", unsupported));
        }
        return out;
    }

    private static void addBias(Map<String, Binding> out, String name, Map<String, INDArray> p) {
        if (p.containsKey("b")) {
            put(out, name + ".bias", p.get("b"), p.get("b").length(), Kind.SAME);
        }
    }

    private static void put(Map<String, Binding> out, String key, INDArray param, long n, Kind kind) {
        if (param != null) { // γ/β are absent when a batch norm locks them
            out.put(key, new Binding(key, param, new long[] {n}, kind));
        }
    }

    /** The torchvision keys this graph has, in graph order. */
    public static List<String> keys(ComputationGraph net) {
        return List.copyOf(bindings(net).keySet());
    }

    /**
     * Copies {@code tensors} (torchvision keys; keys starting with {@code __} are metadata and ignored, and so is a batch
     * norm's {@code num_batches_tracked}: a count of training steps that torch saves and inference does not use) into
     * the graph. Missing, unexpected, mis-shaped and non-float32 tensors are all listed in one exception,
     * and then nothing has been changed.
     */
    public static void load(ComputationGraph net, Map<String, INDArray> tensors) {
        Map<String, Binding> want = bindings(net);
        List<String> missing = new ArrayList<>(), badShape = new ArrayList<>();
        TreeSet<String> unexpected = new TreeSet<>();
        for (String k : tensors.keySet()) {
            if (!k.startsWith("__") && !want.containsKey(k) && !isBatchCounter(want, k)) {
                unexpected.add(k);
            }
        }
        for (Binding b : want.values()) {
            INDArray t = tensors.get(b.key());
            if (t == null) {
                missing.add(b.key());
            } else if (t.dataType() != DataType.FLOAT) {
                badShape.add(b.key() + " is " + t.dataType() + ", not float32");
            } else if (!Arrays.equals(t.shape(), b.torchShape())) {
                badShape.add(b.key() + " is " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(b.torchShape()));
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !badShape.isEmpty()) {
            StringBuilder sb = new StringBuilder("the weights do not fit the graph:");
            if (!missing.isEmpty()) {
                sb.append(" ").append(missing.size()).append(" missing ").append(missing).append(';');
            }
            if (!unexpected.isEmpty()) {
                sb.append(" ").append(unexpected.size()).append(" unexpected ").append(unexpected).append(';');
            }
            if (!badShape.isEmpty()) {
                sb.append(" ").append(badShape.size()).append(" mis-shaped ").append(badShape).append(';');
            }
            throw new IllegalArgumentException(sb.substring(0, sb.length() - 1));
        }
        for (Binding b : want.values()) {
            INDArray t = tensors.get(b.key());
            switch (b.kind()) {
                case SAME -> b.param().assign(t.reshape(b.param().shape()));
                case TRANSPOSE -> b.param().assign(t.transpose());
                case LOG10_STD -> b.param().assign(Transforms.log(t, 10, true).muli(0.5).reshape(b.param().shape()));
            }
        }
    }

    /** {@code NAME.num_batches_tracked} of a batch norm {@code NAME} (one that has a {@code running_mean}). */
    private static boolean isBatchCounter(Map<String, Binding> want, String key) {
        String suffix = ".num_batches_tracked";
        return key.endsWith(suffix) && want.containsKey(key.substring(0, key.length() - suffix.length()) + ".running_mean");
    }

    /** The graph's parameters as torchvision tensors (float32, torchvision shapes), keyed as its state_dict. */
    public static Map<String, INDArray> export(ComputationGraph net) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Binding b : bindings(net).values()) {
            INDArray p = b.param().castTo(DataType.FLOAT);
            INDArray t = switch (b.kind()) {
                case SAME -> p.dup('c').reshape(b.torchShape());
                case TRANSPOSE -> p.transpose().dup('c');
                case LOG10_STD -> Transforms.exp(p.mul(2 * Math.log(10)), false).reshape(b.torchShape()); // var = (10^log10std)²
            };
            out.put(b.key(), t);
        }
        return out;
    }
}
