package io.github.classiczoo.train;

import io.github.classiczoo.core.image.Image;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.ZooException;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.ImageSource;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.pipeline.Distortion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Boosting by filtering (Drucker, Schapire and Simard 1993) as LeCun et al. 1998 train boosted LeNet-4 (§III.C.9): "the
 * first net is trained the usual way. The second net is trained on patterns that are filtered by the first net so that the
 * second machine sees a mix of patterns, 50% of which the first net got right, and 50% of which it got wrong. Finally, the
 * third net is trained on new patterns on which the first and the second nets disagree." The patterns are drawn from the
 * training set with §III.B's distortions ({@link Distortion#LECUN98}), since the undistorted set has too few the first net
 * gets wrong; each filtered set holds as many as the training set (60,000 for MNIST), drawn by a generator seeded by the recipe's seed and the
 * stage. The nets are three runs of the base recipe in {@code net1/}, {@code net2/}, {@code net3/} of the run directory
 * (net 1's is the base recipe's own run: the same seed gives the same net); the three are then joined into the boosted
 * model ({@code net1.*}, {@code net2.*}, {@code net3.*} layers), evaluated on the test set and saved as the run's
 * {@code checkpoint-last.zip}, its manifest listing the stages.
 */
public final class Boosting {

    /** Distorted candidates a filter may examine before it gives up (a net that makes almost no mistakes). */
    static final long MAX_CANDIDATES = 30_000_000L;
    private static final int BATCH = 500;

    private Boosting() {
    }

    /** How a filter decides, candidate by candidate, from the earlier nets' predictions and its own generator. */
    private interface Rule {
        /** Whether to keep a candidate whose label is {@code label} and which the earlier nets predicted as {@code predicted}. */
        boolean keep(int label, int[] predicted, Random rng);
    }

    /** Net 2's: a fair coin says whether the next kept pattern is one net 1 gets wrong or right; candidates wait for it. */
    private static Rule halfWrong() {
        boolean[] wantWrong = {false};
        boolean[] drawn = {false};
        return (label, predicted, rng) -> {
            if (!drawn[0]) {
                wantWrong[0] = rng.nextBoolean();
                drawn[0] = true;
            }
            boolean keep = (predicted[0] != label) == wantWrong[0];
            if (keep) {
                drawn[0] = false;
            }
            return keep;
        };
    }

    /** Net 3's: patterns on which nets 1 and 2 disagree. */
    private static Rule disagreement() {
        return (label, predicted, rng) -> predicted[0] != predicted[1];
    }

    /**
     * The base recipe as a boosted recipe {@code boosted} runs it: recipe {@code boosted.boosting()} (found by name in
     * {@code recipes}, e.g. {@code Recipes::get}) with the boosted recipe's
     * epochs, minibatch, rate, seed and weight decay (the same in the named recipes; {@code --epochs} and the like change both).
     */
    public static Recipe base(Recipe boosted, java.util.function.Function<String, Recipe> recipes) {
        Recipe b = recipes.apply(boosted.boosting());
        return b.toBuilder().epochs(boosted.epochs()).batchSize(boosted.batchSize()).optimizer(b.optimizer().withLr(boosted.optimizer().lr()))
                .seed(boosted.seed()).weightDecay(boosted.weightDecay()).build();
    }

    /**
     * Trains the boosted model {@code boosted} of recipe {@code recipe} from three nets of {@code base} (the model of
     * recipe {@code baseRecipe}) on {@code sources}; writes everything under {@code runDir}, which must be empty or absent.
     */
    public static Trainer.Result run(ZooModel boosted, Recipe recipe, ZooModel base, Recipe baseRecipe, TrainingJob.Sources sources,
                                     Path runDir, Progress progress, Consumer<String> log) throws IOException {
        if (Files.isDirectory(runDir)) {
            try (var entries = Files.list(runDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(runDir + " is not empty: a boosted run starts in an empty directory");
                }
            }
        }
        long t0 = System.nanoTime();
        String started = Instant.now().toString();
        List<Map<String, Object>> stages = new ArrayList<>();
        List<ComputationGraph> nets = new ArrayList<>();
        Trainer.Result first = null;
        Preprocessing placement = null;
        for (int stage = 1; stage <= 3; stage++) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("net", stage);
            TrainingJob.Sources data = sources;
            if (stage > 1) {
                Rule rule = stage == 2 ? halfWrong() : disagreement();
                long[] examined = {0};
                ImageSet filtered = filter("net" + stage, sources.train(), nets, placement, rule, mix(recipe.seed(), stage), examined, progress);
                log.accept(String.format(Locale.ROOT, "net %d: %,d patterns kept of %,d distorted candidates (%s)", stage, filtered.size(),
                        examined[0], stage == 2 ? "half of them wrong for net 1" : "nets 1 and 2 disagree"));
                st.put("patterns", filtered.size());
                st.put("candidates", examined[0]);
                st.put("rule", stage == 2 ? "half wrong for net 1, half right" : "nets 1 and 2 disagree");
                data = new TrainingJob.Sources(filtered, null, sources.test(), sources.normalization(), sources.sha256(), false);
            }
            Trainer t = TrainingJob.trainer(base, baseRecipe, data, Map.of(), null, runDir.resolve("net" + stage), progress, log);
            Trainer.Result r = t.start();
            if (stage == 1) {
                first = r;
                placement = ModelFile.info(r.runDir().resolve(ModelFile.LAST)).preprocessing();
            }
            nets.add(ModelFile.load(r.runDir().resolve(ModelFile.LAST)));
            st.put("dir", "net" + stage);
            st.put("testError", r.finalMetrics().error());
            stages.add(st);
        }
        ModelSpec spec = TrainingJob.spec(boosted, recipe, Map.of(), sources.train().classes());
        ComputationGraph joined = join(boosted.create(spec), nets);
        Metrics test = Evaluator.evaluate(joined, Batches.evaluation(sources.test(), placement, 256, false), "test", progress);
        log.accept(String.format(Locale.ROOT, "boosted: test error %.2f%% (nets alone: %s)", 100 * test.error(),
                stages.stream().map(s -> String.format(Locale.ROOT, "%.2f%%", 100 * (double) s.get("testError"))).toList()));
        ModelFile.Info info = new ModelFile.Info(boosted.name(), spec.knobs(), spec.input().toArray(), spec.classes(), placement,
                String.valueOf(recipe.dataset()), sources.train().classNames(), null);
        ModelFile.save(joined, runDir.resolve(ModelFile.LAST), info, false);
        Map<String, Object> m = manifest(boosted, spec, recipe, sources, first, stages, test, started);
        Files2.writeStringAtomically(runDir.resolve(RunDirectory.MANIFEST), Json.write(m));
        return new Trainer.Result(runDir, test, first.history(), (System.nanoTime() - t0) / 1e9);
    }

    /** The boosted model with each branch's parameters set to its net's ({@code netK.L} ← net K's layer L). */
    static ComputationGraph join(ComputationGraph boosted, List<ComputationGraph> nets) {
        for (int k = 0; k < nets.size(); k++) {
            for (Layer l : nets.get(k).getLayers()) {
                if (l.numParams() == 0) {
                    continue;
                }
                String name = "net" + (k + 1) + "." + l.conf().getLayer().getLayerName();
                Layer target = boosted.getLayer(name);
                if (target == null || target.numParams() != l.numParams()) {
                    throw new ZooException("the boosted model has no layer " + name + " of " + l.numParams() + " parameters");
                }
                for (Map.Entry<String, INDArray> e : l.paramTable().entrySet()) {
                    target.getParam(e.getKey()).assign(e.getValue()); // per parameter: each keeps its own shape and order
                }
            }
        }
        return boosted;
    }

    /**
     * Distorted training patterns the rule keeps, as many as the training set has images: each candidate a random training image (28×28, as
     * stored) randomly distorted and rounded to whole grey levels, predicted by the earlier nets as the test set is.
     */
    static ImageSet filter(String name, ImageSource train, List<ComputationGraph> nets, Preprocessing placement, Rule rule, long seed,
                           long[] examined, Progress progress) {
        Random rng = new Random(seed);
        Image first = train.image(0);
        int c = first.c(), h = first.h(), w = first.w(), size = c * h * w, patterns = train.size();
        byte[] kept = new byte[patterns * size];
        int[] labels = new int[patterns];
        int n = 0;
        progress.start("filter " + name, patterns, patterns);
        while (n < patterns) {
            if (examined[0] >= MAX_CANDIDATES) {
                throw new ZooException(String.format(Locale.ROOT, "boosting: %,d distorted candidates gave only %,d of the %,d patterns %s "
                        + "needs: the earlier nets make too few mistakes on distorted digits", examined[0], n, patterns, name));
            }
            byte[] batch = new byte[BATCH * size];
            int[] batchLabels = new int[BATCH];
            float[] raw = new float[BATCH * size];
            for (int b = 0; b < BATCH; b++) {
                int i = rng.nextInt(train.size());
                Image d = Distortion.LECUN98.apply(train.image(i), rng);
                for (int p = 0; p < size; p++) {
                    int v = Math.max(0, Math.min(255, Math.round(d.px()[p])));
                    batch[b * size + p] = (byte) v;
                    raw[b * size + p] = v;
                }
                batchLabels[b] = train.label(i);
            }
            INDArray x = placement.apply(Nd4j.create(raw, new long[] {BATCH, c, h, w}, DataType.FLOAT));
            int[][] predicted = new int[nets.size()][];
            for (int k = 0; k < nets.size(); k++) {
                predicted[k] = nets.get(k).outputSingle(false, x).argMax(1).toIntVector();
            }
            for (int b = 0; b < BATCH && n < patterns; b++) {
                examined[0]++;
                int[] p = new int[nets.size()];
                for (int k = 0; k < p.length; k++) {
                    p[k] = predicted[k][b];
                }
                if (rule.keep(batchLabels[b], p, rng)) {
                    System.arraycopy(batch, b * size, kept, n * size, size);
                    labels[n++] = batchLabels[b];
                    progress.step(1);
                }
            }
        }
        progress.done();
        return new ImageSet(train.name() + " filtered for " + name, new io.github.classiczoo.core.model.InputShape(c, h, w), kept, labels,
                train.classNames());
    }

    private static Map<String, Object> manifest(ZooModel boosted, ModelSpec spec, Recipe recipe, TrainingJob.Sources sources,
                                                Trainer.Result first, List<Map<String, Object>> stages, Metrics test, String started) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", boosted.name());
        m.put("family", boosted.family());
        m.put("paperCitation", boosted.paper().cite());
        m.put("input", spec.input().toArray());
        m.put("classes", spec.classes());
        m.put("knobs", spec.knobs());
        m.put("params", ModelSummary.of(boosted, spec).params());
        m.put("recipe", recipe.toMap());
        m.put("seed", recipe.seed());
        m.put("status", "finished");
        m.put("environment", RunInfo.environment());
        m.put("datasetSha256", sources.sha256());
        m.put("trainImages", sources.train().size());
        m.put("validationImages", 0);
        m.put("testImages", sources.test().size());
        m.put("started", started);
        m.put("ended", Instant.now().toString());
        m.put("stages", stages);
        // what `zoo verify` replays: net 1's epochs (nets 2 and 3 learn from patterns the finished earlier nets chose)
        m.put("history", first.history().stream().map(EpochRow::toMap).toList());
        m.put("final", test.toMap());
        if (recipe.paper() != null) {
            m.put("reproduction", RunManifest.reproduction(recipe.paper(), test));
        }
        return m;
    }

    private static long mix(long seed, int stage) {
        long h = seed * 0x9E3779B97F4A7C15L + stage * 0xD1B54A32D192ED03L;
        return h ^ (h >>> 29);
    }
}
