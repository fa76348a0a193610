package io.github.classiczoo.app;

import io.github.classiczoo.core.model.Logits;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.onnx.OnnxRuntimeModel;
import io.github.classiczoo.weights.OnnxExport;
import java.util.Map;
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

    /** The logits of a model file's network on this engine (ONNX Runtime: exported with the file's metadata); close it when done. */
    Runner open(ComputationGraph net, ModelFile.Info info, int threads) {
        return this == DL4J ? dl4j(net) : onnxRuntime(OnnxRuntimeModel.of(net, info, threads));
    }

    /** The logits of a network of registered model {@code model} with input {@code [C, H, W]}, as {@code zoo bench} builds it. */
    Runner open(ComputationGraph net, String model, int[] input, int classes, int threads) {
        return this == DL4J ? dl4j(net) : onnxRuntime(OnnxRuntimeModel.of(OnnxExport.model(net, model, input, classes, Map.of()), threads));
    }

    private static Runner dl4j(ComputationGraph net) {
        ComputationGraph logits = Logits.graph(net);
        return new Runner(x -> logits.output(false, x.castTo(DataType.FLOAT))[0], () -> { });
    }

    private static Runner onnxRuntime(OnnxRuntimeModel ort) {
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
