package io.github.classiczoo.it;

import static io.github.classiczoo.it.TorchParityTest.zoo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.Logits;
import io.github.classiczoo.core.model.Pretrained;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.Split;
import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.pipeline.Prefetcher;
import io.github.classiczoo.data.store.Datasets;
import io.github.classiczoo.onnx.OnnxRuntimeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The three ONNX paths end to end, through the command line: the shipped {@code lenet5@mnist} exported by
 * {@code zoo export} and run in ONNX Runtime gets the same 96 MNIST test images wrong as DL4J — the same images, not only
 * as many; {@code zoo eval --engine onnxruntime} prints the same error; {@code zoo predict --engine onnxruntime} writes
 * DL4J's logits.
 */
class OnnxInteropTest {

    @TempDir
    Path dir;

    @Test
    void exportedLenet5GetsTheSame96TestImagesWrongInOnnxRuntime() throws Exception {
        Path onnx = dir.resolve("lenet5.onnx");
        String out = zoo("export", "lenet5@mnist", "--out", onnx.toString());
        assertTrue(out.contains("ONNX opset 17"), out);

        Pretrained w = Pretrained.get("lenet5", "mnist");
        ComputationGraph dl4j = Logits.graph(w.load());
        ImageSet test = TestData.store().load(Datasets.get("mnist"), Split.TEST, null);
        Batches b = Batches.evaluation(test, w.preprocessing(), 500, false);
        List<Integer> wrongDl4j = new ArrayList<>(), wrongOrt = new ArrayList<>();
        int seen = 0;
        try (OnnxRuntimeModel ort = OnnxRuntimeModel.open(Files.readAllBytes(onnx), onnx.toString(), 2);
             Prefetcher p = new Prefetcher(b.epoch(0), 1)) {
            DataSet ds;
            while ((ds = p.next()) != null) {
                INDArray truth = ds.getLabels().argMax(1);
                INDArray a = dl4j.output(false, ds.getFeatures())[0].argMax(1), o = ort.logits(ds.getFeatures()).argMax(1);
                for (int i = 0; i < truth.length(); i++) {
                    if (a.getInt(i) != truth.getInt(i)) {
                        wrongDl4j.add(seen + i);
                    }
                    if (o.getInt(i) != truth.getInt(i)) {
                        wrongOrt.add(seen + i);
                    }
                }
                seen += (int) truth.length();
            }
        }
        assertEquals(10_000, seen);
        assertEquals(96, wrongDl4j.size(), "DL4J's wrong test images (the shipped run's 0.96%)");
        assertEquals(wrongDl4j, wrongOrt, "ONNX Runtime gets other images wrong");

        String eval = zoo("eval", "lenet5@mnist", "--engine", "onnxruntime");
        assertTrue(eval.contains("top-1 error 0.96%") && eval.contains("(cross-entropy, onnxruntime)"), eval);
    }

    @Test
    void predictOnOnnxRuntimeWritesDl4jsLogits() throws Exception {
        Nd4j.getRandom().setSeed(11);
        Path x = dir.resolve("x.npy"), y1 = dir.resolve("dl4j.npy"), y2 = dir.resolve("ort.npy");
        Nd4j.writeAsNumpy(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 28, 28).muli(255), x.toFile());
        zoo("predict", "--model", "lenet5-modern@mnist", "--input", x.toString(), "--output", y1.toString());
        String out = zoo("predict", "--model", "lenet5-modern@mnist", "--input", x.toString(), "--output", y2.toString(), "--engine", "onnxruntime");
        assertTrue(out.contains("(onnxruntime)"), out);
        TorchParityTest.assertLogitsMatch("lenet5-modern dl4j vs onnxruntime", y1, y2);
    }
}
