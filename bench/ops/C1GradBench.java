// lenet5-modern's C1 weight gradient (batch 64, 1x28x28 input padded by 2, 6 maps of 5x5): ZooConvHelper's way (one
// libnd4j/oneDNN conv2d with the batch as channels and the output gradient as a 28x28 kernel) against im2col + one BLAS
// product through ND4J's own ops (im2col, a permuted copy, mmul), with the time of each part. A benchmark, not a test:
//   OMP_NUM_THREADS=1 java -XX:+UseParallelGC -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 \
//       -cp "app/target/zoo.jar:$(cat app/target/classpath.txt)" bench/ops/C1GradBench.java [BATCH]
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;
public class C1GradBench {
    public static void main(String[] a) {
        int b = Integer.parseInt(a.length > 0 ? a[0] : "64"), c = 1, o = 6, k = 5, p = 2, h = 28, w = 28, oh = h + 2 * p - k + 1, ow = w + 2 * p - k + 1;
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(b, c, h, w), delta = Nd4j.rand(b, o, oh, ow).subi(0.5);
        for (int round = 0; round < 4; round++) {
            int n = 300;
            INDArray resA = null, resB = null;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                INDArray xT = x.reshape('c', 1, b, h, w);
                INDArray dT = delta.permute(1, 0, 2, 3).dup('c');
                INDArray dwT = Nd4j.createUninitialized(x.dataType(), c, o, k, k);
                Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(xT, dT).addOutputs(dwT)
                        .addIntegerArguments(oh, ow, 1, 1, p, p, 1, 1, 0, 0, 1).build());
                resA = dwT.permute(1, 0, 2, 3).dup('c');
            }
            long t1 = System.nanoTime();
            long im = 0, perm = 0, gemm = 0;
            for (int i = 0; i < n; i++) {
                INDArray dT = delta.permute(1, 0, 2, 3).dup('c');                  // [o, b, oh, ow]
                INDArray cols = Nd4j.createUninitialized(x.dataType(), b, c, k, k, oh, ow);
                long s0 = System.nanoTime();
                Convolution.im2col(x, k, k, 1, 1, p, p, 1, 1, false, cols);
                long s1 = System.nanoTime();
                INDArray colsT = cols.permute(1, 2, 3, 0, 4, 5).dup('c');
                long s2 = System.nanoTime();
                INDArray g = dT.reshape('c', o, (long) b * oh * ow).mmul(colsT.reshape('c', (long) c * k * k, (long) b * oh * ow).transpose());
                long s3 = System.nanoTime();
                im += s1 - s0; perm += s2 - s1; gemm += s3 - s2;
                resB = g.reshape('c', o, c, k, k);
            }
            long t2 = System.nanoTime();
            System.out.printf("batch %d: conv2d with the output as kernel %.3f ms, im2col + GEMM %.3f ms, max |A - B| %.2e (max |A| %.2f)%n",
                    b, (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, resA.sub(resB).amaxNumber().doubleValue(), resA.amaxNumber().doubleValue());
            System.out.printf("   im2col %.3f ms, permute copy %.3f ms, GEMM %.3f ms%n", im / 1e6 / n, perm / 1e6 / n, gemm / 1e6 / n);
        }
    }
}
