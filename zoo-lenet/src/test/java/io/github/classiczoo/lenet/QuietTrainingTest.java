package io.github.classiczoo.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and inference print nothing on standard output. ND4J prints "Added differentiated op ..." whenever SameDiff
 * builds a gradient function; LeNet-5's RBF output did, when it ran as a SameDiff layer, and the zoo command filtered
 * standard output for it. The layer now runs as plain array operations, so there is nothing to filter: this keeps it so.
 */
class QuietTrainingTest {

    @Test
    void lenet5TrainsWithoutWritingToStandardOutput() {
        ComputationGraph net = LeNets.lenet5().build();
        DataSet d = new DataSet(Nd4j.rand(4, 1, 32, 32), Nd4j.eye(10).getRows(0, 1, 2, 3));
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 2; i++) {
                net.fit(d);
            }
            net.output(d.getFeatures());
            net.score(d);
        } finally {
            System.setOut(out);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}
