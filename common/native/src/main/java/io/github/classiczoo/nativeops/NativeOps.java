package io.github.classiczoo.nativeops;

import io.github.classiczoo.core.graph.BatchNormRelu;
import io.github.classiczoo.core.model.FastPath;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Routes convolution and pooling (forward and backward) through libnd4j's native operations
 * ({@code conv2d}/{@code conv2d_bp}, {@code maxpool2d}/{@code avgpool2d} and their {@code _bp}) instead of DL4J's
 * legacy Java path (im2col + gemm for every convolution, pooling composed from several ops).
 *
 * <p>DL4J 1.0.0-M2.1 ships the helper classes that do exactly this ({@code org.deeplearning4j.nn.layers.mkldnn})
 * but never installs them on the CPU: its check reflects on {@code org.nd4j.nativeblas.Nd4jCpu$Environment},
 * a class that M2.1 itself renamed, so every layer takes the slow path. This class installs them directly,
 * layer by layer, after a graph is created or loaded. libnd4j runs each op with oneDNN when the natives were
 * built with it and with its own kernels otherwise; either way the whole layer is one native call. Convolutions
 * get {@link ZooConvHelper}, DL4J's helper minus a second forward convolution inside backprop and minus the
 * gradient for the images in the first layer.
 *
 * <p>Batch normalisation (NCHW, learned γ and β) gets {@link FusedBatchNorm}, this project's own helper built from
 * contiguous libnd4j reductions and broadcasting ops, several times faster than DL4J's path and more accurate in
 * float32 (zoo-resnet's {@code NativePathTest}: DL4J's own float32 backward is up to 6% off the float64 gradient in
 * ResNet-20, which is what once made DL4J's {@code MKLDNNBatchNormHelper} look wrong there). That helper is not used
 * because libnd4j's {@code batchnorm_bp} is slower than ours
 * (docs/notebook/speed-layer.md, "Batch norm, the convolution helper and threads").
 *
 * <p>Local response normalisation stays on DL4J's path: libnd4j's oneDNN {@code lrn} ignores the window size it is
 * given (its output for a window of 3, 5 or 11 channels is the same, and not DL4J's), and DL4J's own helper for it
 * also runs the forward op in the backward pass.
 *
 * <p>The graph configuration is untouched, so model files stay plain DL4J. See {@link #enabled()} for the switch;
 * the tests compare both paths on every layer type the zoo uses.
 */
public final class NativeOps {

    private NativeOps() {
    }

    /** What zoo-core's {@code FastPath} finds on the class path: {@link #install}. */
    public static final class Speed implements FastPath.Provider {
        @Override
        public String name() {
            return "zoo-native";
        }

        @Override
        public ComputationGraph install(ComputationGraph net) {
            return NativeOps.install(net);
        }
    }

    private static volatile Boolean oneDnn;

    /**
     * Whether {@link #install} puts convolution and pooling on the native ops in this process: {@code zoo.nativeOps}
     * (system property) or {@code ZOO_NATIVE_OPS} (environment) set to {@code true}/{@code false}; by default
     * ({@code auto}) only on the CPU backend when libnd4j was built with oneDNN (the {@code linux-x86_64-onednn}
     * natives). With the plain natives libnd4j's own {@code conv2d_bp} is no faster than DL4J's legacy path
     * (docs/notebook/speed-layer.md, "Native ops: DL4J's legacy path against libnd4j's oneDNN ops, same launcher"), so
     * it is left alone there; {@link FusedBatchNorm} needs no oneDNN and is installed on the CPU backend unless the
     * switch says {@code false}.
     */
    public static boolean enabled() {
        return switch (switchValue()) {
            case ON -> cpuBackend();
            case OFF -> false;
            case AUTO -> cpuBackend() && hasOneDnn();
        };
    }

    private enum Switch { ON, OFF, AUTO }

    private static Switch switchValue() {
        String v = System.getProperty("zoo.nativeOps", System.getenv().getOrDefault("ZOO_NATIVE_OPS", "auto")).trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "true", "1", "on" -> Switch.ON;
            case "false", "0", "off" -> Switch.OFF;
            default -> Switch.AUTO;
        };
    }

    /** Whether the loaded libnd4j was built with oneDNN (its build information says {@code HAVE_ONEDNN}). */
    public static boolean hasOneDnn() {
        Boolean b = oneDnn;
        if (b == null) {
            try {
                Nd4j.getExecutioner(); // the backend first: it tells NativeOpsHolder which natives to bind
                Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
                Object ops = holder.getMethod("getDeviceNativeOps").invoke(holder.getMethod("getInstance").invoke(null));
                String info = (String) ops.getClass().getMethod("buildInfo").invoke(ops);
                b = info != null && info.contains("HAVE_ONEDNN");
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                b = false;
            }
            oneDnn = b;
        }
        return b;
    }

    /** Installs the native helpers on every supported layer of {@code net} (if {@link #enabled()}); returns {@code net}. */
    public static ComputationGraph install(ComputationGraph net) {
        if (switchValue() == Switch.OFF || !cpuBackend()) {
            return net;
        }
        return installOn(net, enabled());
    }

    /** Installs the native helpers whatever {@link #enabled()} says (CPU backend only); returns {@code net}. */
    public static ComputationGraph installOn(ComputationGraph net) {
        return installOn(net, true);
    }

    /** Installs {@link FusedBatchNorm}, and the convolution and pooling helpers too if {@code convAndPool}. */
    static ComputationGraph installOn(ComputationGraph net, boolean convAndPool) {
        if (!cpuBackend()) {
            throw new IllegalStateException("the native helpers are for ND4J's CPU backend, not " + Nd4j.getBackend().getClass().getSimpleName());
        }
        DataType dt = net.getConfiguration().getDataType();
        for (GraphVertex v : net.getVertices()) {
            if (v.hasLayer()) {
                install(unwrapped(v.getLayer()), dt, convAndPool, fedOnlyByTheInput(net, v));
            }
        }
        return net;
    }

    /** Layer name → helper class, for every layer that has a native helper installed (diagnostics, tests). */
    public static Map<String, String> installed(ComputationGraph net) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Layer l : net.getLayers()) {
            l = unwrapped(l);
            LayerHelper h = helperOf(l);
            if (h != null) {
                m.put(l.conf().getLayer().getLayerName(), h.getClass().getSimpleName());
            }
        }
        return m;
    }

    /** The layer inside DL4J's frozen wrappers (a fine-tuned network's trunk), else {@code l}. */
    private static Layer unwrapped(Layer l) {
        while (true) {
            if (l instanceof FrozenLayer f) {
                l = f.getInsideLayer();
            } else if (l instanceof BaseWrapperLayer w) {
                l = w.getUnderlying();
            } else {
                return l;
            }
        }
    }

    /** Whether {@code v}'s only input is a network input that nothing else reads. */
    private static boolean fedOnlyByTheInput(ComputationGraph net, GraphVertex v) {
        VertexIndices[] in = v.getInputVertices();
        if (in == null || in.length != 1) {
            return false;
        }
        GraphVertex src = net.getVertices()[in[0].getVertexIndex()];
        return src.isInputVertex() && src.getOutputVertices() != null && src.getOutputVertices().length == 1;
    }

    private static void install(Layer l, DataType dt, boolean convAndPool, boolean fedOnlyByTheInput) {
        // Exact classes only: subclasses (depthwise, separable, deconvolution, 1-D variants) compute other functions.
        if (l.getClass() == ConvolutionLayer.class && convAndPool) {
            var c = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.conf().getLayer();
            if (c.getCnn2dDataFormat() == CNN2DFormat.NCHW) {
                IActivation a = c.getActivationFn();
                boolean identityOrRelu = a instanceof ActivationIdentity
                        || (a instanceof ActivationReLU r && r.equals(new ActivationReLU()));
                set(l, ConvolutionLayer.class, new ZooConvHelper(dt, identityOrRelu, fedOnlyByTheInput && c.getIDropout() == null));
            }
        } else if (l.getClass() == SubsamplingLayer.class && convAndPool) {
            var c = (org.deeplearning4j.nn.conf.layers.SubsamplingLayer) l.conf().getLayer();
            boolean supported = switch (c.getPoolingType()) {
                case MAX, AVG -> true;
                default -> false;
            };
            if (supported && c.getCnn2dDataFormat() == CNN2DFormat.NCHW) {
                set(l, SubsamplingLayer.class, new MKLDNNSubsamplingHelper(dt));
            }
        } else if (l.getClass() == BatchNormalization.class || l.getClass() == BatchNormRelu.Impl.class) {
            var c = (org.deeplearning4j.nn.conf.layers.BatchNormalization) l.conf().getLayer();
            if (c.getCnn2DFormat() == CNN2DFormat.NCHW && !c.isLockGammaBeta()) {
                set(l, BatchNormalization.class, new FusedBatchNorm());
            }
        }
    }

    /** Whether ND4J runs on its CPU backend (the only one the helpers are for). */
    public static boolean cpuBackend() {
        return Nd4j.getBackend().getClass().getName().contains("Cpu");
    }

    /** {@code x} itself when it is a plain c-order array, else a c-order copy (what the helpers' reshapes need). */
    static INDArray contiguous(INDArray x) {
        return x.ordering() == 'c' && Shape.hasDefaultStridesForShape(x) ? x : x.dup('c');
    }

    private static LayerHelper helperOf(Layer l) {
        for (Class<?> c = l.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField("helper");
                f.setAccessible(true);
                return (LayerHelper) f.get(l);
            } catch (NoSuchFieldException e) {
                // look further up
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return null;
    }

    private static void set(Layer l, Class<?> owner, LayerHelper helper) {
        try {
            Field f = owner.getDeclaredField("helper");
            f.setAccessible(true);
            f.set(l, helper);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install " + helper.getClass().getSimpleName() + " on " + owner.getName()
                    + " (DL4J version changed?): " + e, e);
        }
    }
}
