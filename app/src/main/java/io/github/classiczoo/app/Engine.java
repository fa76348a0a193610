package io.github.classiczoo.app;

import io.github.classiczoo.core.model.Logits;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.onnx.OnnxRuntimeModel;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What runs inference for predict, eval and bench: DL4J (this project's graph) or ONNX Runtime on the graph
 * {@code zoo export --out FILE.onnx} writes, exported in memory. Both take the same normalised input and give the same
 * logits (within 1e-4 of the largest, OnnxExportTest).
 */
enum Engine {
    DL4J, ONNXRUNTIME;

    static Engine parse(String s) {
        return Enums.parse(Engine.class, "engine", s);
    }

    @Override
    public String toString() {
        return Text.kebab(this);
    }

    /** A network's logits function on this engine; close it when done. */
    Runner open(ComputationGraph net, String model, int[] input, int classes, ModelFile.Info info, int threads) {
        if (this == DL4J) {
            ComputationGraph logits = Logits.graph(net);
            return new Runner(x -> logits.output(false, x.castTo(DataType.FLOAT))[0], () -> { });
        }
        OnnxRuntimeModel ort = info != null ? OnnxRuntimeModel.of(net, info, threads)
                : OnnxRuntimeModel.of(io.github.classiczoo.weights.OnnxExport.model(net, model, input, classes, java.util.Map.of()), threads);
        return new Runner(ort::logits, ort::close);
    }

    /** A logits function and what closes it. */
    record Runner(Function<INDArray, INDArray> logits, Runnable closer) implements AutoCloseable {
        @Override
        public void close() {
            closer.run();
        }
    }
}
