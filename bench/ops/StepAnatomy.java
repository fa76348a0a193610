import io.github.classiczoo.core.model.ModelBuilder;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.train.Trainer;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * What one training step of the main job (paper LeNet-5, batch 16, Adam 1e-3 + L2 5e-4) is made of: how many native
 * operations DL4J issues per step (ND4J's OpProfiler counts every op and BLAS call), the step's median time without
 * profiling, and so the average cost per operation including DL4J's and ND4J's Java work around it. A benchmark, not a test:
 *   OMP_NUM_THREADS=1 java -XX:+UseParallelGC -Dorg.bytedeco.javacpp.platform.extension=-onednn \
 *       -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp "app/target/zoo.jar:$(cat app/target/classpath.txt)" bench/ops/StepAnatomy.java [MODEL] [BATCH] [--dashboard]
 *   (-Dl2=0: without the recipe's L2; -Dwho=mul_scalar,old_assign: which code issues those legacy operations)
 */
public class StepAnatomy {
    public static void main(String[] a) {
        String model = a.length > 0 ? a[0] : "lenet5";
        int batch = a.length > 1 ? Integer.parseInt(a[1]) : 16;
        ZooModel m = ModelRegistry.load().get(model);
        double l2 = Double.parseDouble(System.getProperty("l2", "5e-4"));
        ComputationGraph g = ModelBuilder.of(m).updater(new Adam(1e-3)).l2(l2).build();
        var shape = m.spec().input();
        long[] in = {batch, shape.channels(), shape.height(), shape.width()};
        int classes = m.spec().classes();
        INDArray y = Nd4j.zeros(batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % classes, 1);
        }
        DataSet ds = new DataSet(Nd4j.rand(in), y);
        int n = 1000;
        double[] t = new double[n];
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                Trainer.fit(g, ds);
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double mean = Arrays.stream(t).average().orElse(0);
        Arrays.sort(t);
        double median = t[n / 2];
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
        OpProfiler.getInstance().reset();
        int counted = 100;
        for (int i = 0; i < counted; i++) {
            Trainer.fit(g, ds);
        }
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        double ops = OpProfiler.getInstance().getInvocationsCount() / (double) counted;
        System.out.printf("%s, batch %d, L2 %s: step median %.2f ms (mean %.2f) over %d steps; %.0f native operations per step; %.1f us per operation on average%n",
                model, batch, l2, median, mean, n, ops, 1000 * median / ops);
        // the fixed cost of one operation: a scalar multiply in place on F6's output size (16x84), and the same allocating its result
        INDArray small = Nd4j.rand(batch, 84);
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                small.muli(1.0);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                small.mul(1.0);
            }
            long t2 = System.nanoTime();
            if (round == 1) {
                System.out.printf("one small op (%dx84 floats): in place %.1f us, allocating its result %.1f us%n", batch, (t1 - t0) / 1e5 / 1e3, (t2 - t1) / 1e5 / 1e3);
            }
        }
        String who = System.getProperty("who");
        if (who != null) { // which code issues the legacy ops named in -Dwho=a,b (the first frame outside ND4J)
            java.util.Map<String, Integer> callers = new java.util.TreeMap<>();
            OpProfiler.OpProfilerListener l = op -> {
                if (java.util.Arrays.asList(who.split(",")).contains(op.opName())) {
                    StackTraceElement[] st = new Throwable().getStackTrace();
                    StringBuilder sb = new StringBuilder(op.opName());
                    int shown = 0;
                    for (StackTraceElement e : st) {
                        if (!e.getClassName().startsWith("org.nd4j") && shown++ < 3) {
                            sb.append(" < ").append(e.getClassName().replaceAll(".*\\.", "")).append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
                        }
                    }
                    callers.merge(sb.toString(), 1, Integer::sum);
                }
            };
            OpProfiler.getInstance().addListener(l);
            Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
            Trainer.fit(g, ds);
            Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
            OpProfiler.getInstance().clearListener(l);
            callers.forEach((k, v) -> System.out.println(v + " x " + k));
        }
        if (a.length > 2 && a[2].equals("--dashboard")) {
            OpProfiler.getInstance().printOutDashboard();
        }
    }
}
