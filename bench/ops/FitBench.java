import io.github.classiczoo.core.model.ModelBuilder;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Trainer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The paper LeNet-5's training step at batch 16, mean and median over 1,500 steps: as `zoo bench` builds it (placeholder
 * SGD, no L2) and with the main job's updater (Adam 1e-3, L2 5e-4), each with one minibatch reused and with fresh arrays
 * every step. A benchmark, not a test:
 *   OMP_NUM_THREADS=1 java -XX:+UseParallelGC -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 \
 *       -cp "app/target/zoo.jar:$(cat app/target/classpath.txt)" bench/ops/FitBench.java
 */
public class FitBench {
    public static void main(String[] a) {
        ZooModel m = ModelRegistry.load().get("lenet5");
        INDArray y = Nd4j.zeros(16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1);
        }
        DataSet same = new DataSet(Nd4j.rand(16, 1, 32, 32), y);
        for (String net : new String[] {"bench (SGD)", "recipe (Adam + L2)"}) {
            ComputationGraph g = net.startsWith("bench") ? m.create(m.spec()) : ModelBuilder.of(m).updater(new Adam(1e-3)).l2(5e-4).build();
            for (String data : new String[] {"same", "fresh", "same", "fresh"}) {
                int n = 1500;
                double[] t = new double[n];
                for (int i = 0; i < n; i++) {
                    DataSet ds = data.equals("same") ? same : new DataSet(Nd4j.rand(16, 1, 32, 32), y.dup());
                    long t0 = System.nanoTime();
                    Trainer.fit(g, ds);
                    t[i] = (System.nanoTime() - t0) / 1e6;
                }
                double mean = java.util.Arrays.stream(t).average().orElse(0);
                java.util.Arrays.sort(t);
                System.out.printf("%-20s %-6s mean %.2f ms, median %.2f ms, p90 %.2f ms%n", net, data, mean, t[n / 2], t[n * 9 / 10]);
            }
        }
    }
}
