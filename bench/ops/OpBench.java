import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single libnd4j ops at ResNet-50 shapes (batch 16), the ones NativeOps routes layers through: conv2d / conv2d_bp
 * and batchnorm / batchnorm_bp; and ReLU's backward pass, DL4J's against the zoo's FastRelu. Run by bench/ops.sh next to bench/ops/op_bench.py (the same shapes in PyTorch).
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
        if (args.length > 1 && args[1].equals("bn-layer")) { // only the batch-norm layer (bench/ops.sh runs it on DL4J's path)
            zooBatchNorm(Nd4j.rand(DataType.FLOAT, 16, 256, 56, 56), Nd4j.rand(DataType.FLOAT, 16, 256, 56, 56), n);
            return;
        }
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
        // ReLU's backward pass: DL4J's ActivationReLU (libnd4j's relu_bp) against the zoo's FastRelu
        INDArray z = x.sub(0.5);
        double dl4j = median(() -> new org.nd4j.linalg.activations.impl.ActivationReLU().backprop(z, dy), n);
        double fast = median(() -> new io.github.classiczoo.core.graph.FastRelu().backprop(z, dy), n);
        System.out.printf(Locale.ROOT, "relu c%d %dx%d: bwd %.1f ms (DL4J's ActivationReLU)  bwd %.1f ms (FastRelu)%n", c, h, h, dl4j, fast);
        zooBatchNorm(x, dy, n);
    }

    /**
     * The zoo's batch-norm layer as training runs it: a DL4J BatchNormalization layer with NativeOps' helper
     * (FusedBatchNorm), its arrays in DL4J-style workspaces, forward in training mode (batch statistics included)
     * and backward. With ZOO_NATIVE_OPS=false it is DL4J's own path, for comparison.
     */
    static void zooBatchNorm(INDArray x, INDArray dy, int n) {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                .addInputs("in").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(x.size(2), x.size(3), x.size(1)))
                .addLayer("bn", new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build(), "in")
                .addLayer("out", new org.deeplearning4j.nn.conf.layers.CnnLossLayer.Builder().build(), "bn").setOutputs("out").build();
        var net = new org.deeplearning4j.nn.graph.ComputationGraph(conf);
        net.init();
        net.initGradientsView(); // backpropGradient writes into the gradient views, as in training
        io.github.classiczoo.nativeops.NativeOps.install(net);
        var layer = net.getLayer("bn");
        var ws = org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration.builder()
                .policyAllocation(org.nd4j.linalg.api.memory.enums.AllocationPolicy.OVERALLOCATE)
                .policyLearning(org.nd4j.linalg.api.memory.enums.LearningPolicy.FIRST_LOOP).build();
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.builder()
                .with(org.deeplearning4j.nn.workspace.ArrayType.INPUT, "A", ws).with(org.deeplearning4j.nn.workspace.ArrayType.ACTIVATIONS, "A", ws)
                .with(org.deeplearning4j.nn.workspace.ArrayType.ACTIVATION_GRAD, "G", ws)
                .with(org.deeplearning4j.nn.workspace.ArrayType.FF_WORKING_MEM, "W", ws)
                .with(org.deeplearning4j.nn.workspace.ArrayType.BP_WORKING_MEM, "W", ws).build();
        java.util.List<double[]> t = new java.util.ArrayList<>();
        median(() -> {
            try (var a = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ws, "A")) {
                long t0 = System.nanoTime();
                layer.setInput(x, mgr);
                try (var w = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ws, "W")) {
                    layer.activate(true, mgr);
                }
                long t1 = System.nanoTime();
                try (var g = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ws, "G");
                     var w = Nd4j.getWorkspaceManager().getAndActivateWorkspace(ws, "W")) {
                    layer.backpropGradient(dy, mgr);
                }
                t.add(new double[] {(t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6});
            }
        }, n);
        t.remove(0); // the warm-up call
        double[] f = t.stream().mapToDouble(r -> r[0]).sorted().toArray(), b = t.stream().mapToDouble(r -> r[1]).sorted().toArray();
        System.out.printf(Locale.ROOT, "batchnorm layer (%s) c%d %dx%d: fwd %.1f ms (batch statistics included)  bwd %.1f ms%n",
                io.github.classiczoo.nativeops.NativeOps.installed(net).getOrDefault("bn", "DL4J's own path"), x.size(1), x.size(2), x.size(3),
                f[f.length / 2], b[b.length / 2]);
    }
}
