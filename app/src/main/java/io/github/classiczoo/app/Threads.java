package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.nativeops.NativeOps;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native thread count (libnd4j, its OpenMP/oneDNN kernels, OpenBLAS) for a command that runs one model, when the
 * user has not chosen one: one thread for small models, every core otherwise.
 *
 * <p>Measured on this project's 2-core machine
 * (docs/notebook/speed-layer.md, "Batch norm, the convolution helper and threads"):
 * lenet5-modern trains faster on one thread than on two (the second thread's synchronisation costs more than it
 * computes on 6×28×28 maps), while ResNet-18 trains 1.5× faster on two. The line is drawn at 10 M
 * multiply-accumulates per image at the model's default input (LeNet-5 and the MLPs: under 0.5 M; the CIFAR ResNets:
 * 41 M and up).
 *
 * <p>The natives size their thread pools when they load, and lowering the count afterwards does not recover all of
 * one thread's speed, while raising it does (ResNet-18: 2,054 ms raised from 1 to 2, 1,966 ms started with 2). So
 * {@code ./zoo} starts the JVM with {@code OMP_NUM_THREADS=1} and {@code ZOO_AUTO_THREADS=1} when the user set no
 * {@code OMP_NUM_THREADS}, and this class raises the count for large models. A user's {@code OMP_NUM_THREADS} is
 * always kept.
 */
final class Threads {

    static final long SMALL_MODEL_MACS = 10_000_000;

    private Threads() {
    }

    /** The automatic choice: 1 for a model under {@link #SMALL_MODEL_MACS} per image, else {@code cores}. */
    static int countFor(ZooModel model, int cores) {
        return ModelSummary.of(model).macs() < SMALL_MODEL_MACS ? 1 : cores;
    }

    /**
     * {@link #chooseFor(ZooModel)} for a model file's model name; leaves the threads alone for a name the zoo lacks.
     * Returns the count in use (0: left alone).
     */
    static int chooseFor(String modelName) {
        if (modelName != null && Zoo.registry().contains(modelName)) {
            return chooseFor(Zoo.registry().get(modelName));
        }
        return 0;
    }

    /** Chooses and applies the thread count for {@code model} (see the class comment); returns the count in use. */
    static int chooseFor(ZooModel model) {
        int cores = Runtime.getRuntime().availableProcessors();
        String env = System.getenv("OMP_NUM_THREADS");
        boolean auto = "1".equals(System.getenv("ZOO_AUTO_THREADS")) || env == null || env.isBlank();
        if (!auto) {
            String problem = ompProblem(env);
            if (problem != null) {
                throw new io.github.classiczoo.core.util.ZooException(problem);
            }
            return Integer.parseInt(env);
        }
        return use(countFor(model, cores));
    }

    /**
     * What is wrong with {@code value} as {@code OMP_NUM_THREADS}, or null if nothing (unset or empty counts as unset).
     * ND4J reads the variable with {@code Integer.parseInt} when its natives load and fails the class's initialisation on
     * anything else, so every command would end in an {@code ExceptionInInitializerError}; {@code ./zoo} refuses such a
     * value with this message before it starts the JVM.
     */
    static String ompProblem(String value) {
        if (value == null || value.isEmpty() || value.matches("[0-9]{1,6}") && Integer.parseInt(value) >= 1) {
            return null;
        }
        return "OMP_NUM_THREADS=" + value + " is not a number of threads; unset it or set a positive integer";
    }

    /** Sets the natives' thread count to {@code n} (a Spark task: the cores Spark gave it); returns it. */
    static int use(int n) {
        if (io.github.classiczoo.nativeops.NativeOps.cpuBackend()) {
            Nd4j.getEnvironment().setMaxMasterThreads(n);
            Nd4j.getEnvironment().setMaxThreads(n);
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
            Nd4j.factory().blas().setMaxThreads(n); // OpenBLAS, for the dense layers' products
        }
        return n;
    }
}
