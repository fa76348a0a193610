import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single libnd4j ops at ResNet-50 shapes (batch 16), the ones NativeOps routes layers through: conv2d / conv2d_bp
 * and batchnorm / batchnorm_bp. Run by bench/ops.sh next to bench/ops/op_bench.py (the same shapes in PyTorch).
 * A benchmark, not a test. Prints one line per shape: forward and backward milliseconds (median of ITERS).
 */
public class OpBench {
    static final int[][] CONVS = { // batch, in channels, size, out channels, kernel, stride, pad
        {16, 3, 224, 64, 7, 2, 3}, {16, 64, 56, 64, 1, 1, 0}, {16, 64, 56, 64, 3, 1, 1}, {16, 256, 56, 128, 1, 1, 0},
        {16, 128, 56, 128, 3, 2, 1}, {16, 256, 56, 512, 1, 2, 0}, {16, 1024, 14, 256, 1, 1, 0}, {16, 512, 7, 512, 3, 1, 1}};

    static double median(Runnable r, int n) {
        r.run();
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(t);
        return t[n / 2];
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (int[] s : CONVS) {
            int b = s[0], c = s[1], h = s[2], o = s[3], k = s[4], st = s[5], p = s[6], oh = (h + 2 * p - k) / st + 1;
            INDArray x = Nd4j.rand(DataType.FLOAT, b, c, h, h), w = Nd4j.rand(DataType.FLOAT, o, c, k, k);
            INDArray y = Nd4j.create(DataType.FLOAT, b, o, oh, oh), dy = Nd4j.rand(DataType.FLOAT, b, o, oh, oh);
            INDArray dx = Nd4j.create(DataType.FLOAT, b, c, h, h), dw = Nd4j.create(DataType.FLOAT, o, c, k, k);
            // DL4J keeps weights as [out, in, kH, kW]; its helper hands the op a [kH, kW, in, out] view, as here
            double f = median(() -> Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w.permute(2, 3, 1, 0)).addOutputs(y)
                    .addIntegerArguments(k, k, st, st, p, p, 1, 1, 0, 0).build()), n);
            double bp = median(() -> Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, w.permute(2, 3, 1, 0), dy)
                    .addOutputs(dx, dw.permute(2, 3, 1, 0)).addIntegerArguments(k, k, st, st, p, p, 1, 1, 0, 0).build()), n);
            System.out.printf(Locale.ROOT, "conv %dx%d c%d->%d %dx%d s%d: fwd %.1f ms  bwd %.1f ms%n", k, k, c, o, h, h, st, f, bp);
        }
        int b = 16, c = 256, h = 56;
        INDArray x = Nd4j.rand(DataType.FLOAT, b, c, h, h), dy = Nd4j.rand(DataType.FLOAT, b, c, h, h);
        INDArray y = Nd4j.create(DataType.FLOAT, b, c, h, h), dx = Nd4j.create(DataType.FLOAT, b, c, h, h);
        INDArray mean = x.mean(0, 2, 3), var = x.var(false, 0, 2, 3), g = Nd4j.ones(DataType.FLOAT, c), be = Nd4j.zeros(DataType.FLOAT, c);
        INDArray dg = Nd4j.create(DataType.FLOAT, c), db = Nd4j.create(DataType.FLOAT, c), dm = Nd4j.create(DataType.FLOAT, c), dv = Nd4j.create(DataType.FLOAT, c);
        double f = median(() -> Nd4j.exec(DynamicCustomOp.builder("batchnorm").addInputs(x, mean, var, g, be).addOutputs(y)
                .addIntegerArguments(1, 1, 1).addFloatingPointArguments(1e-5).build()), n);
        double stats = median(() -> { x.mean(0, 2, 3); x.var(false, 0, 2, 3); }, n);
        double bp = median(() -> Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp").addInputs(x, mean, var, g, be, dy)
                .addOutputs(dx, dm, dv, dg, db).addIntegerArguments(1, 1, 1).addFloatingPointArguments(1e-5).build()), n);
        System.out.printf(Locale.ROOT, "batchnorm c%d %dx%d: fwd %.1f ms (+ batch mean/var %.1f ms)  bwd %.1f ms%n", c, h, h, f, stats, bp);
    }
}
