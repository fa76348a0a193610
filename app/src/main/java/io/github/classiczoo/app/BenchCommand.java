package io.github.classiczoo.app;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.core.util.Enums;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Time a model's training step or forward pass on random data.",
        description = {"Runs --warmup untimed iterations, then --iters timed ones, and prints the median"
            + " and the 10th/90th percentiles of ms per iteration, images/s, achieved GFLOP/s and peak"
            + " resident memory. GFLOP/s counts 2 FLOPs per multiply-accumulate of `zoo summary`'s MACs,"
            + " × 3 for a training step (forward + two backward products). A benchmark, not a test: run it"
            + " on a quiet machine, and compare runs made the same way.",
            "",
            "Native threads: OMP_NUM_THREADS if set, else one for models under 10 M MACs per image and every"
            + " core for the rest.", ""})
final class BenchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "A model from `zoo list`.")
    String model;

    @Option(names = "--mode", defaultValue = "train", paramLabel = "M", description = "${COMPLETION-CANDIDATES}: a full training step with the "
            + "default SGD updater, or a forward pass (default: ${DEFAULT-VALUE}).")
    Mode mode;

    /** What one timed iteration is, written {@code train} and {@code infer} (also in {@code --json}'s {@code mode}). */
    enum Mode {
        TRAIN, INFER;

        static Mode parse(String s) {
            return Enums.parse(Mode.class, "bench mode", s);
        }

        @Override
        public String toString() {
            return Text.kebab(this);
        }
    }

    @Option(names = "--batch", defaultValue = "16", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--iters", defaultValue = "10", paramLabel = "N", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "Untimed iterations first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "dl4j", description = "dl4j, or onnxruntime (the exported graph in ONNX Runtime, "
            + "--mode infer only; its threads: the same count as DL4J's) (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (batch < 1 || iters < 1 || warmup < 0) {
            throw new IllegalArgumentException("--batch and --iters must be at least 1, --warmup at least 0");
        }
        if (engine != Engine.DL4J && mode == Mode.TRAIN) {
            throw new IllegalArgumentException("--engine " + engine + " runs inference only; add --mode infer");
        }
        ZooModel m = Zoo.registry().get(model);
        ModelSpec spec = modelOptions.spec(m);
        Limits.batch("--batch", batch, spec.input());
        ModelSummary summary = ModelSummary.of(m, spec);
        int threads = Threads.chooseFor(m);
        ComputationGraph net = m.create(spec);
        InputShape in = spec.input();
        DataSet ds = Batches.synthetic(spec, batch);
        INDArray x = ds.getFeatures();
        boolean train = mode == Mode.TRAIN;
        double[] ms = new double[iters];
        try (Engine.Runner infer = train ? null : engine.open(net, m.name(), in.toArray(), spec.classes(), threads)) {
            boolean terminal = System.console() != null; // a rewritten status line on a terminal; nothing per iteration in a log
            for (int i = -warmup; i < iters; i++) {
                long t0 = System.nanoTime();
                if (train) {
                    Trainer.fit(net, ds);
                } else {
                    infer.logits().apply(x);
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                if (terminal) {
                    System.err.printf(Locale.ROOT, "\r%s %s batch %d: %s %d/%d  %.1f ms   ", model, mode, batch, i < 0 ? "warm-up" : "iteration",
                            i < 0 ? i + warmup + 1 : i + 1, i < 0 ? warmup : iters, (System.nanoTime() - t0) / 1e6);
                }
            }
            if (terminal) {
                System.err.println();
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = percentile(sorted, 50), p10 = percentile(sorted, 10), p90 = percentile(sorted, 90);
        double flops = 2.0 * summary.macs() * batch * (train ? 3 : 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.name());
        out.put("mode", mode.toString());
        out.put("engine", engine.toString());
        out.put("batch", batch);
        out.put("input", in.toArray());
        out.put("iterations", iters);
        out.put("msMedian", median);
        out.put("msP10", p10);
        out.put("msP90", p90);
        out.put("imagesPerSecond", batch / (median / 1000));
        out.put("gflopsPerSecond", flops / (median / 1000) / 1e9);
        out.put("peakRssMb", peakRssMb());
        out.put("threads", threads);
        if (json) {
            System.out.println(Json.write(out));
        } else {
            System.out.printf(Locale.ROOT, "%s %s%s, batch %d at %s, %d thread%s: median %.1f ms (p10 %.1f, p90 %.1f), %,.0f img/s, %.2f GFLOP/s, peak RSS %,d MB%n",
                    m.name(), mode, engine == Engine.DL4J ? "" : " (" + engine + ")", batch, in, threads, threads == 1 ? "" : "s", median, p10, p90, batch / (median / 1000), flops / (median / 1000) / 1e9, peakRssMb());
        }
        return 0;
    }

    static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** VmHWM of this process (Linux), in MB; -1 elsewhere. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }
}
