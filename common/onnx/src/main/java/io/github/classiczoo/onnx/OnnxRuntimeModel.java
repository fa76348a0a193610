package io.github.classiczoo.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.weights.OnnxExport;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A zoo model run by ONNX Runtime on the CPU: the graph {@link OnnxExport} writes, given a normalised
 * {@code [N, C, H, W]} float array, returns the logits {@code [N, classes]}, as DL4J's engine does
 * ({@code Predictor.logits}). One session per model; close it when done.
 *
 * <pre>{@code
 * try (OnnxRuntimeModel ort = OnnxRuntimeModel.of(net, ModelFile.info(file), 0)) {
 *     INDArray logits = ort.logits(x);
 * }
 * }</pre>
 */
public final class OnnxRuntimeModel implements AutoCloseable {

    private final OrtSession session;
    private final OrtEnvironment env;
    private final String name;
    private final int threads;

    private OnnxRuntimeModel(OrtEnvironment env, OrtSession session, String name, int threads) {
        this.env = env;
        this.session = session;
        this.name = name;
        this.threads = threads;
    }

    /** {@code net} (whose model file says {@code info}) exported and opened; {@code threads} ≤ 0: ONNX Runtime's default. */
    public static OnnxRuntimeModel of(ComputationGraph net, ModelFile.Info info, int threads) {
        return of(OnnxExport.model(net, info), threads);
    }

    /** An exported model opened in a session with {@code threads} intra-op threads (≤ 0: ONNX Runtime's default, one per core). */
    public static OnnxRuntimeModel of(Onnx.ModelProto model, int threads) {
        return open(model.toByteArray(), model.getGraph().getName(), threads);
    }

    /** The bytes of an ONNX file (e.g. one {@code zoo export} wrote), named {@code name} in errors. */
    public static OnnxRuntimeModel open(byte[] onnx, String name, int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            options.setInterOpNumThreads(1);
            return new OnnxRuntimeModel(env, env.createSession(onnx, options), name, threads);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot open " + name + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Logits {@code [N, classes]} for a normalised {@code [N, C, H, W]} input. */
    public INDArray logits(INDArray x) {
        float[] data = x.castTo(DataType.FLOAT).dup('c').data().asFloat();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), x.shape());
             OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, in))) {
            OnnxValue v = r.get(0);
            if (!(v instanceof OnnxTensor t)) {
                throw new IllegalStateException(name + ": ONNX Runtime returned " + v.getType() + ", not a tensor");
            }
            long[] shape = t.getInfo().getShape();
            FloatBuffer out = t.getFloatBuffer();
            float[] y = new float[out.remaining()];
            out.get(y);
            return Nd4j.create(y, shape, 'c');
        } catch (OrtException e) {
            throw new IllegalArgumentException(name + " in ONNX Runtime, input " + Arrays.toString(x.shape()) + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** The intra-op threads asked for (≤ 0: ONNX Runtime's default). */
    public int threads() {
        return threads;
    }

    /** ONNX Runtime's version, for reports. */
    public static String version() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    private static String firstLine(String s) {
        return s == null ? "(no message)" : s.lines().findFirst().orElse(s);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session of " + name + ": " + e.getMessage(), e);
        }
    }
}
