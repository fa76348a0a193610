package io.github.classiczoo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * GoogLeNet with its two auxiliary classifiers (three outputs) trains on Spark: a round of parameter averaging moves the
 * main and both auxiliary heads' weights (their gradients reach the workers' updates), keeps every parameter finite and
 * gives a finite loss. (Not compared bit for bit with one JVM: its dropout draws from each thread's own generator.)
 */
class GoogLeNetSparkTest {

    @Test
    void trainsWithItsAuxiliaryHeads() {
        ZooModel m = ModelRegistry.load().get("googlenet");
        ModelSpec spec = m.spec(Map.of("aux", "true")).withClasses(3);
        ComputationGraph net = m.create(spec);
        assertEquals(3, net.getNumOutputArrays());
        Map<String, INDArray> before = new java.util.HashMap<>();
        net.paramTable().forEach((k, v) -> before.put(k, v.dup()));
        Nd4j.getRandom().setSeed(3);
        JavaSparkContext sc = new JavaSparkContext(SparkFitter.conf("local[1]", "zoo-googlenet-test"));
        try {
            SparkFitter f = new SparkFitter(sc, new SparkSettings("local[1]", 1, 2));
            double loss = Double.NaN;
            for (int i = 0; i < 2; i++) {
                INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 224, 224);
                INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 3);
                y.putScalar(0, i % 3, 1);
                y.putScalar(1, (i + 1) % 3, 1);
                loss = f.fit(net, io.github.classiczoo.data.pipeline.Batches.Batch.of(new DataSet(x, y)));
            }
            assertEquals(1, f.rounds());
            assertTrue(Double.isFinite(loss), "loss " + loss);
        } finally {
            sc.stop();
        }
        for (String head : new String[] {"classifier_W", "aux1.classifier_W", "aux2.classifier_W"}) {
            String key = before.keySet().stream().filter(k -> k.endsWith(head)).findFirst().orElseThrow(() -> new AssertionError("no " + head));
            assertTrue(net.getParam(key).sub(before.get(key)).norm2Number().doubleValue() > 0, key + " did not move");
        }
        assertTrue(Double.isFinite(net.params().sumNumber().doubleValue()));
    }
}
