package io.github.classiczoo.lenet.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Which input maps each output map of a convolution sees: {@code inputsOf[j]} lists output j's inputs. */
public final class ConnectionTable {

    private ConnectionTable() {
    }

    /** A [nOut, nIn, k, k] tensor of 1 where a connection exists and 0 where it does not. */
    public static INDArray mask(int[][] inputsOf, int nIn, int k, DataType type) {
        INDArray m = Nd4j.zeros(type, inputsOf.length, nIn, k, k);
        for (int j = 0; j < inputsOf.length; j++) {
            for (int i : inputsOf[j]) {
                m.get(NDArrayIndex.point(j), NDArrayIndex.point(i)).assign(1.0);
            }
        }
        return m;
    }

    /** Number of (output map, input map) connections. */
    public static long connections(int[][] inputsOf) {
        return Arrays.stream(inputsOf).mapToLong(a -> a.length).sum();
    }

    static int[][] copy(int[][] t) {
        int[][] c = new int[t.length][];
        for (int i = 0; i < t.length; i++) {
            c[i] = t[i].clone();
        }
        return c;
    }
}
