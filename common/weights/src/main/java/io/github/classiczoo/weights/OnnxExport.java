package io.github.classiczoo.weights;

import io.github.classiczoo.core.graph.AddRelu;
import io.github.classiczoo.core.graph.BatchNormRelu;
import io.github.classiczoo.core.graph.OnnxExportable;
import io.github.classiczoo.core.graph.OnnxGraph;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.util.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.protobuf.ByteString;

/**
 * A model file's network as an ONNX model: the inference function of its first output (the head {@code zoo predict}
 * uses) in standard operators of opset {@value OnnxGraph#OPSET}, from the input {@code input} {@code [batch, C, H, W]}
 * (normalised as the model file says) to {@code logits} {@code [batch, classes]}: the output layer before its softmax,
 * exactly what {@code zoo predict --output} writes. Training-only parts are left out: dropout, losses, and outputs
 * other than the first (GoogLeNet's auxiliary classifiers, named in the metadata). The model's name, classes and
 * preprocessing go into {@code metadata_props}.
 *
 * <p>DL4J's layers are written here; the zoo's own say how they are written ({@link OnnxExportable}). A layer or vertex
 * that neither knows ends the export with its name and class: nothing is guessed.
 *
 * <p>Written with ONNX's generated protobuf classes that ND4J ships ({@code onnx.Onnx}, on its shaded protobuf).
 */
public final class OnnxExport {

    /** The graph input's name. */
    public static final String INPUT = "input";
    /** The graph output's name. */
    public static final String OUTPUT = "logits";
    /** Protobuf's limit on a message, less room for the graph itself. */
    private static final long MAX_BYTES = 2_000_000_000L;
    /** The IR version that goes with opset 17. */
    private static final int IR_VERSION = 8;

    private OnnxExport() {
    }

    /** The ONNX model of {@code net}, whose model file says {@code info}: its name, classes and preprocessing go into the metadata. */
    public static Onnx.ModelProto model(ComputationGraph net, ModelFile.Info info) {
        Map<String, String> meta = new LinkedHashMap<>();
        if (info.classNames() != null) {
            meta.put("class_names", Json.writeCompact(info.classNames()));
        }
        meta.put("preprocessing", Json.writeCompact(info.preprocessing().toMap()));
        meta.put("preprocessing_text", info.preprocessing().describe());
        if (info.normalization().pixelMean() != null) { // subtracted from the 0-255 pixels before the scale and shift
            io.github.classiczoo.core.image.Image mean = info.normalization().pixelMean();
            meta.put("pixel_mean", Json.writeCompact(Map.of("shape", new int[] {mean.c(), mean.h(), mean.w()}, "values", mean.px(),
                    "applied", "subtracted from the pixels (0-255, C×H×W) before scale and shift")));
        }
        if (info.dataset() != null) {
            meta.put("dataset", info.dataset());
        }
        if (!info.knobs().isEmpty()) {
            meta.put("knobs", Json.writeCompact(new java.util.TreeMap<>(info.knobs())));
        }
        return model(net, info.model(), info.input(), info.classes(), meta);
    }

    /**
     * The ONNX model of {@code net}, a network of the registered model {@code name} with input {@code [C, H, W]} and
     * {@code classes} outputs; {@code metadata} is added to what the export records itself (name, classes, output).
     */
    public static Onnx.ModelProto model(ComputationGraph net, String name, int[] in, int classes, Map<String, String> metadata) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException(name + " has " + conf.getNetworkInputs().size() + " inputs; ONNX export takes one");
        }
        long bytes = 4L * net.numParams();
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "%s has %,d parameters (%,d MB as float32); an ONNX file "
                    + "holds at most 2 GB (protobuf's limit), so it cannot be exported", name, net.numParams(), bytes >> 20));
        }
        String head = conf.getNetworkOutputs().get(0);
        Writer w = new Writer(net);
        String out = w.write(conf.getNetworkInputs().get(0), head);
        w.nodes.add(Onnx.NodeProto.newBuilder().setOpType("Identity").setName(OUTPUT).addInput(out).addOutput(OUTPUT).build());

        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder()
                .setName(name)
                .addAllNode(w.nodes)
                .addAllInitializer(w.initializers)
                .addInput(valueInfo(INPUT, "batch", in[0], in[1], in[2]))
                .addOutput(valueInfo(OUTPUT, "batch", classes))
                .build();
        List<String> leftOut = conf.getNetworkOutputs().subList(1, conf.getNetworkOutputs().size());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", name);
        meta.put("classes", Integer.toString(classes));
        meta.put("input", INPUT + " [batch, " + in[0] + ", " + in[1] + ", " + in[2] + "], float32, normalised as \"preprocessing\" says");
        meta.put("output", OUTPUT + " [batch, " + classes + "]: the output layer " + head + " before its softmax");
        if (!leftOut.isEmpty()) {
            meta.put("left_out", String.join(", ", leftOut) + ": training-only outputs (auxiliary classifiers), not exported");
        }
        meta.putAll(metadata);
        Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("classic-zoo")
                .setProducerVersion(version())
                .setDocString(name + " from classic-zoo: " + meta.get("input") + " -> " + meta.get("output"))
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxGraph.OPSET))
                .setGraph(graph);
        meta.forEach((k, v) -> m.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static Onnx.ValueInfoProto valueInfo(String name, String batch, int... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (int d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    /** The graph under construction: nodes in topological order, initialisers, unique value names. */
    private static final class Writer implements OnnxGraph {
        final ComputationGraph net;
        final List<Onnx.NodeProto> nodes = new ArrayList<>();
        final List<Onnx.TensorProto> initializers = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        String scope = "";
        int counter;

        Writer(ComputationGraph net) {
            this.net = net;
            names.add(INPUT);
            names.add(OUTPUT);
        }

        /** Writes every vertex {@code head} depends on, inputs first; returns the value name of {@code head}'s output. */
        String write(String input, String head) {
            ComputationGraphConfiguration conf = net.getConfiguration();
            Map<String, String> values = new HashMap<>();
            values.put(input, INPUT);
            for (String v : order(conf, input, head)) {
                List<String> ins = new ArrayList<>();
                for (String i : conf.getVertexInputs().get(v)) {
                    ins.add(values.get(i));
                }
                scope = v;
                values.put(v, vertex(v, conf.getVertices().get(v), ins));
            }
            return values.get(head);
        }

        /** The vertices {@code head} needs, each after its inputs (depth-first from the head, so other heads are left out). */
        private static List<String> order(ComputationGraphConfiguration conf, String input, String head) {
            List<String> out = new ArrayList<>();
            Set<String> done = new HashSet<>(Set.of(input));
            Deque<String[]> stack = new ArrayDeque<>();
            stack.push(new String[] {head, "0"});
            Set<String> onPath = new HashSet<>(Set.of(head));
            while (!stack.isEmpty()) {
                String[] top = stack.peek();
                List<String> ins = conf.getVertexInputs().getOrDefault(top[0], List.of());
                int i = Integer.parseInt(top[1]);
                if (i < ins.size()) {
                    top[1] = Integer.toString(i + 1);
                    String next = ins.get(i);
                    if (!done.contains(next)) {
                        if (!onPath.add(next)) {
                            throw new IllegalArgumentException("the graph has a cycle through " + next);
                        }
                        stack.push(new String[] {next, "0"});
                    }
                } else {
                    stack.pop();
                    onPath.remove(top[0]);
                    if (done.add(top[0])) {
                        out.add(top[0]);
                    }
                }
            }
            return out;
        }

        private String vertex(String name, GraphVertex v, List<String> ins) {
            if (v instanceof LayerVertex lv) {
                String x = single(name, ins);
                InputPreProcessor pre = lv.getPreProcessor();
                if (pre instanceof CnnToFeedForwardPreProcessor c && (c.getFormat() == null || c.getFormat() == CNN2DFormat.NCHW)) {
                    x = node("Flatten", List.of(x), Map.of("axis", 1));
                } else if (pre != null) {
                    throw unsupported(name, "input preprocessor " + pre.getClass().getSimpleName());
                }
                return layer(name, lv.getLayerConf().getLayer(), x, net.getLayer(name) == null ? Map.of() : net.getLayer(name).paramTable());
            }
            if (v instanceof AddRelu) {
                String sum = ins.size() == 2 ? node("Add", ins, Map.of()) : node("Sum", ins, Map.of());
                return node("Relu", List.of(sum), Map.of());
            }
            if (v instanceof ElementWiseVertex e && e.getOp() == ElementWiseVertex.Op.Add) {
                return ins.size() == 2 ? node("Add", ins, Map.of()) : node("Sum", ins, Map.of());
            }
            if (v instanceof MergeVertex m) {
                return ins.size() == 1 ? ins.get(0) : node("Concat", ins, Map.of("axis", m.getMergeAxis()));
            }
            if (v instanceof ScaleVertex s) {
                return node("Mul", List.of(single(name, ins), constant(Nd4j.scalar(DataType.FLOAT, (float) s.getScaleFactor()))), Map.of());
            }
            throw unsupported(name, "vertex " + v.getClass().getSimpleName());
        }

        private String layer(String name, Layer l, String x, Map<String, INDArray> p) {
            if (l instanceof OnnxExportable e) {
                return e.toOnnx(this, x, p);
            }
            if (l instanceof DropoutLayer) {
                return x; // inference: the identity
            }
            if (l instanceof ActivationLayer a) {
                return activation(a.getActivationFn(), x);
            }
            if (l.getClass() == DepthwiseConvolution2D.class) {
                DepthwiseConvolution2D d = (DepthwiseConvolution2D) l;
                checkNchw(name, d.getCnn2dDataFormat());
                INDArray w = p.get("W");                                            // [kH, kW, nIn, multiplier]
                long c = w.size(2) * w.size(3);
                INDArray kernel = w.permute(2, 3, 0, 1).dup('c').reshape(c, 1, w.size(0), w.size(1));
                return activation(d.getActivationFn(), conv(name, x, kernel, p.get("b"), d.getKernelSize(), d.getStride(), d.getPadding(),
                        d.getDilation(), d.getConvolutionMode(), (int) w.size(2)));
            }
            // DL4J's 2-D convolution and subclasses that compute the same function (PartialConvolution: its absent links are
            // stored zeros); DL4J's other subclasses (deconvolution, separable, 1-D, 3-D) compute something else
            if (l.getClass() == ConvolutionLayer.class || l.getClass().getName().endsWith(".PartialConvolution")) {
                ConvolutionLayer c = (ConvolutionLayer) l;
                checkNchw(name, c.getCnn2dDataFormat());
                return activation(c.getActivationFn(), conv(name, x, p.get("W"), c.hasBias() ? p.get("b") : null, c.getKernelSize(),
                        c.getStride(), c.getPadding(), c.getDilation(), c.getConvolutionMode(), 1));
            }
            if (l.getClass() == SubsamplingLayer.class) {
                return pool(name, (SubsamplingLayer) l, x);
            }
            if (l instanceof GlobalPoolingLayer gp) {
                String op = switch (gp.getPoolingType()) {
                    case AVG -> "GlobalAveragePool";
                    case MAX -> "GlobalMaxPool";
                    default -> throw unsupported(name, gp.getPoolingType() + " global pooling");
                };
                if (!gp.isCollapseDimensions()) {
                    throw unsupported(name, "global pooling that keeps its dimensions");
                }
                return node("Flatten", List.of(node(op, List.of(x), Map.of())), Map.of("axis", 1));
            }
            if (l instanceof BatchNormalization bn) {
                checkNchw(name, bn.getCnn2DFormat());
                String y = batchNorm(name, bn, x, p);
                return bn instanceof BatchNormRelu ? node("Relu", List.of(y), Map.of()) : y;
            }
            if (l instanceof LocalResponseNormalization lrn) {
                if (lrn.getN() % 2 != 1) { // DL4J's window is 2⌊n/2⌋+1 channels, centred; ONNX's even window is lopsided
                    throw unsupported(name, "LRN over an even number of channels (" + lrn.getN() + ")");
                }
                // DL4J (as the paper): x / (k + α Σ x²)^β over n channels; ONNX's LRN divides α by its size
                return node("LRN", List.of(x), Map.of("size", (long) lrn.getN(), "alpha", (float) (lrn.getAlpha() * lrn.getN()),
                        "beta", (float) lrn.getBeta(), "bias", (float) lrn.getK()));
            }
            if (l.getClass() == org.deeplearning4j.nn.conf.layers.LossLayer.class) {
                return x; // the logits: a loss layer has no parameters, and its activation (softmax) is left out
            }
            if (l.getClass() == org.deeplearning4j.nn.conf.layers.OutputLayer.class) {
                return dense(x, p, ((BaseOutputLayer) l).hasBias()); // the logits: the output activation (softmax) is left out
            }
            if (l.getClass() == DenseLayer.class && !((DenseLayer) l).hasLayerNorm()) {
                DenseLayer d = (DenseLayer) l;
                return activation(d.getActivationFn(), dense(x, p, d.hasBias()));
            }
            throw unsupported(name, "layer " + l.getClass().getSimpleName());
        }

        private String dense(String x, Map<String, INDArray> p, boolean bias) {
            String y = node("MatMul", List.of(x, constant(p.get("W"))), Map.of());      // W is [nIn, nOut]
            return bias ? node("Add", List.of(y, constant(p.get("b").reshape(p.get("b").length()))), Map.of()) : y;
        }

        private String conv(String name, String x, INDArray w, INDArray b, int[] k, int[] s, int[] pad, int[] dil, ConvolutionMode mode, int group) {
            List<String> ins = new ArrayList<>(List.of(x, constant(w)));
            if (b != null) {
                ins.add(constant(b.reshape(b.length())));
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("kernel_shape", k);
            a.put("strides", s);
            a.put("dilations", dil);
            a.put("group", group);
            placement(name, mode, pad, a);
            return node("Conv", ins, a);
        }

        private String pool(String name, SubsamplingLayer s, String x) {
            checkNchw(name, s.getCnn2dDataFormat());
            if (Arrays.stream(s.getDilation()).anyMatch(d -> d != 1)) {
                throw unsupported(name, "dilated pooling");
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("kernel_shape", s.getKernelSize());
            a.put("strides", s.getStride());
            placement(name, s.getConvolutionMode(), s.getPadding(), a);
            if (s.getPoolingType() == PoolingType.AVG) {
                a.put("count_include_pad", s.isAvgPoolIncludePadInDivisor() ? 1 : 0);
                return node("AveragePool", List.of(x), a);
            }
            if (s.getPoolingType() == PoolingType.MAX) {
                return node("MaxPool", List.of(x), a);
            }
            throw unsupported(name, s.getPoolingType() + " pooling");
        }

        /** DL4J's Truncate mode with explicit padding (floor), or its Same mode (⌈in/stride⌉, extra padding at the end). */
        private void placement(String name, ConvolutionMode mode, int[] pad, Map<String, Object> a) {
            switch (mode) {
                case Truncate, Strict -> a.put("pads", new int[] {pad[0], pad[1], pad[0], pad[1]});
                case Same -> a.put("auto_pad", "SAME_UPPER");
                default -> throw unsupported(name, "convolution mode " + mode);
            }
        }

        private String batchNorm(String name, BatchNormalization bn, String x, Map<String, INDArray> p) {
            long c = bn.getNOut();
            INDArray gamma = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, (float) bn.getGamma()) : p.get("gamma");
            INDArray beta = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, (float) bn.getBeta()) : p.get("beta");
            // DL4J's default stores log10 of the standard deviation; inference squares 10^that back into the variance
            INDArray log10std = p.get("log10stdev");
            INDArray var = bn.isUseLogStd() ? (log10std == null ? null : Transforms.exp(log10std.mul(2 * Math.log(10)), false)) : p.get("var");
            if (gamma == null || beta == null || p.get("mean") == null || var == null) {
                throw unsupported(name, "batch norm without its parameters");
            }
            return node("BatchNormalization", List.of(x, constant(flat(gamma)), constant(flat(beta)), constant(flat(p.get("mean"))),
                    constant(flat(var))), Map.of("epsilon", (float) bn.getEps()));
        }

        private static INDArray flat(INDArray a) {
            return a.castTo(DataType.FLOAT).reshape(a.length());
        }

        private static void checkNchw(String name, CNN2DFormat format) {
            if (format != null && format != CNN2DFormat.NCHW) {
                throw unsupported(name, format + " layout (the zoo's models are NCHW)");
            }
        }

        private static IllegalArgumentException unsupported(String vertex, String what) {
            return new IllegalArgumentException("cannot write " + vertex + " as ONNX: " + what + " is not supported by the exporter");
        }

        private String single(String name, List<String> ins) {
            if (ins.size() != 1) {
                throw unsupported(name, ins.size() + " inputs to a one-input vertex");
            }
            return ins.get(0);
        }

        @Override
        public String activation(IActivation fn, String x) {
            if (fn == null || fn instanceof ActivationIdentity) {
                return x;
            }
            if (fn instanceof OnnxExportable e) {
                return e.toOnnx(this, x, Map.of());
            }
            if (fn instanceof ActivationReLU r) {
                if (r.getMax() != null || r.getThreshold() != null && r.getThreshold() != 0 || r.getNegativeSlope() != null && r.getNegativeSlope() != 0) {
                    throw unsupported(scope, "ReLU with a maximum, threshold or negative slope");
                }
                return node("Relu", List.of(x), Map.of());
            }
            if (fn instanceof ActivationLReLU r) {
                return node("LeakyRelu", List.of(x), Map.of("alpha", (float) r.getAlpha()));
            }
            if (fn instanceof ActivationTanH) {
                return node("Tanh", List.of(x), Map.of());
            }
            if (fn instanceof ActivationSigmoid) {
                return node("Sigmoid", List.of(x), Map.of());
            }
            if (fn instanceof ActivationSoftmax) {
                return node("Softmax", List.of(x), Map.of("axis", 1));
            }
            throw unsupported(scope, "activation " + fn);
        }

        @Override
        public String node(String opType, List<String> inputs, Map<String, Object> attributes) {
            String out = fresh(scope + "/" + opType);
            Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(opType).setName(out).addAllInput(inputs).addOutput(out);
            attributes.forEach((k, v) -> n.addAttribute(attribute(k, v)));
            nodes.add(n.build());
            return out;
        }

        @Override
        public String constant(INDArray value) {
            String name = fresh(scope + "/const");
            INDArray a = value.castTo(DataType.FLOAT).dup('c');
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(Math.multiplyExact(a.length(), 4L))).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(a.data().asFloat());
            Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                    .setRawData(ByteString.copyFrom(buf.array()));
            for (long d : a.shape()) { // rank 0 for a scalar constant
                t.addDims(d);
            }
            initializers.add(t.build());
            return name;
        }

        private String fresh(String base) {
            String name = base;
            while (!names.add(name)) {
                name = base + "_" + ++counter;
            }
            return name;
        }

        private static Onnx.AttributeProto attribute(String key, Object v) {
            Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(key);
            if (v instanceof Integer || v instanceof Long) {
                a.setType(Onnx.AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
            } else if (v instanceof Float || v instanceof Double) {
                a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
            } else if (v instanceof String s) {
                a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            } else if (v instanceof int[] ints) {
                a.setType(Onnx.AttributeProto.AttributeType.INTS);
                Arrays.stream(ints).forEach(a::addInts);
            } else if (v instanceof long[] longs) {
                a.setType(Onnx.AttributeProto.AttributeType.INTS);
                Arrays.stream(longs).forEach(a::addInts);
            } else if (v instanceof float[] floats) {
                a.setType(Onnx.AttributeProto.AttributeType.FLOATS);
                for (float f : floats) {
                    a.addFloats(f);
                }
            } else {
                throw new IllegalArgumentException("attribute " + key + ": " + v.getClass().getSimpleName() + " is not an ONNX attribute type");
            }
            return a.build();
        }
    }
}
