package io.github.classiczoo.lenet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.classiczoo.core.model.FineTune;
import io.github.classiczoo.lenet.LeNets;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/** The shipped LeNet-5 as a pretrained trunk: its RBF output (ten fixed digit codes) gives way to a dense softmax head. */
class FineTuneLeNetTest {

    @Test
    void lenet5sRbfOutputIsReplacedByASoftmaxHeadOnF6() {
        ComputationGraph pretrained = LeNets.lenet5().pretrained("mnist");
        ComputationGraph tuned = FineTune.of(pretrained).classes(3).freezeTrunk().updater(new Sgd(0.1)).build();
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 32, 32);
        INDArray y = tuned.outputSingle(x);
        assertArrayEquals(new long[] {4, 3}, y.shape());
        assertEquals(4.0, y.sumNumber().doubleValue(), 1e-5, "softmax rows sum to 1");
        assertEquals(pretrained.getLayer("F6").params(), tuned.getLayer("F6").params(), "the trunk is the pretrained one");
        assertEquals(84 * 3 + 3, tuned.getLayer("output").numParams());
        // the new head is drawn from the network's seed: the same head each time
        assertEquals(tuned.getLayer("output").params(), FineTune.of(LeNets.lenet5().pretrained("mnist")).classes(3).build().getLayer("output").params());

        INDArray f6 = tuned.getLayer("F6").params().dup(), head = tuned.getLayer("output").params().dup();
        tuned.fit(new DataSet(x, Nd4j.eye(3).getRows(0, 1, 2, 0)));
        assertEquals(f6, tuned.getLayer("F6").params(), "frozen trunk");
        assertNotEquals(head, tuned.getLayer("output").params(), "the head trains");
    }
}
