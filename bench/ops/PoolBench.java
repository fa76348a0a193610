// Max-pooling backward (2×2, stride 2) on lenet5-modern's two maps at batch 64, with libnd4j's oneDNN helper and
// with its generic kernel (OpContext.allowHelpers(false)): does the generic kernel beat oneDNN on small maps?
// A benchmark, not a test. Run: OMP_NUM_THREADS=1 java -Dorg.bytedeco.javacpp.platform.extension=-onednn \
//   -cp "app/target/zoo.jar:$(cat app/target/classpath.txt)" bench/ops/PoolBench.java
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2DDerivative;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.factory.Nd4j;
public class PoolBench {
    public static void main(String[] a) throws Exception {
        Nd4j.getRandom().setSeed(1);
        long[][] shapes = {{64, 6, 28, 28}, {64, 16, 10, 10}};
        for (long[] s : shapes) {
            INDArray x = Nd4j.rand(s).subi(0.5);
            INDArray eps = Nd4j.rand(new long[] {s[0], s[1], s[2] / 2, s[3] / 2});
            for (boolean helpers : new boolean[] {true, false, true, false}) {
                INDArray out = Nd4j.create(s);
                Pooling2DConfig conf = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).dH(1).dW(1).pH(0).pW(0).type(Pooling2D.Pooling2DType.MAX).isNHWC(false).build();
                Pooling2DDerivative d = new Pooling2DDerivative(x, eps, out, conf);
                int n = 500;
                long t0 = 0;
                for (int i = -50; i < n; i++) {
                    if (i == 0) t0 = System.nanoTime();
                    try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
                        ctx.allowHelpers(helpers);
                        ctx.setInputArrays(x, eps);
                        ctx.setOutputArrays(out);
                        ctx.setIArguments(d.iArgs());
                        Nd4j.exec(d, ctx);
                    }
                }
                System.out.printf("%s helpers=%s: %.3f ms  (sum of the gradient %.4f)%n", java.util.Arrays.toString(s), helpers, (System.nanoTime() - t0) / 1e6 / n, out.sumNumber().doubleValue());
            }
        }
    }
}
