package io.github.classiczoo.train;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Stop;
import io.github.classiczoo.data.ImageSource;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.pipeline.Prefetcher;
import io.github.classiczoo.data.pipeline.Transform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Trains a model by a recipe: the loop. Each step takes the schedule's rate ({@link LrSchedule.Position}), fits one
 * minibatch and tells the {@link RunListener}s; each epoch is evaluated, checkpointed and recorded in the
 * {@link RunDirectory} (manifest, metrics, last and best checkpoints), then told to the listeners (curves); the end
 * tests the model and tells them again (report). A run resumed from its directory continues exactly where its last
 * checkpoint left it: the data order and every random draw of epoch e depend only on (seed, e).
 */
public final class Trainer {

    public static final String LAST = RunDirectory.LAST;
    public static final String BEST = RunDirectory.BEST;

    /**
     * What the trainer reads: the splits, the normalisation, the transforms that place an image into the model's
     * input (training: with the recipe's augmentation; validation: one view; test: the recipe's test views), and
     * the SHA-256 of every dataset file for the manifest.
     */
    /** @param preprocessing how the test transform places and normalises an image, as the run's model files record it */
    public record Data(ImageSource train, ImageSource validation, ImageSource test, Normalization normalization,
                       Transform trainTransform, Transform validationTransform, Transform testTransform, Preprocessing preprocessing,
                       Map<String, String> sha256) {

        /** The recipe's augmentation for a model input. */
        public static Data of(ImageSource train, ImageSource validation, ImageSource test, Normalization norm,
                              InputShape target, Augment augment, Map<String, String> sha256) {
            Preprocessing p = Preprocessing.of(target.toArray(), augment.geometry(target, train.image(0)), norm);
            // validation and test place images as the model file will say: one path for training, eval, predict and Spark
            return new Data(train, validation, test, norm, augment.train(target), Transform.evaluation(p, false),
                    Transform.evaluation(p, augment.tenCropTest()), p, sha256);
        }
    }

    public record Result(Path runDir, Metrics finalMetrics, List<EpochRow> history, double seconds) {
    }

    private final ZooModel model;
    private final ModelSpec spec;
    private final Recipe recipe;
    private final Data data;
    private final Path dir;
    private final Progress progress;
    private final Consumer<String> log;
    private final List<RunListener> listeners = new ArrayList<>();
    private boolean testAtEnd = true;
    private int stopAfter = Integer.MAX_VALUE;
    private EarlyStop earlyStop;
    private Fitter fitter = Fitter.LOCAL;
    private final List<NetworkListener> netListeners = new ArrayList<>();
    private String partOf;
    /** Made when the run starts, once the trainer's settings ({@link #partOf}, {@link #fitWith}) are final. */
    private RunManifest manifest;

    public Trainer(ZooModel model, ModelSpec spec, Recipe recipe, Data data, Path runDir, Progress progress, Consumer<String> log) {
        this.model = model;
        this.spec = spec;
        this.recipe = recipe;
        this.data = data;
        this.dir = runDir.toAbsolutePath();
        this.progress = progress;
        this.log = log;
        listeners.add(new DivergenceCheck(dir));
        listeners.add(Curves.listener(dir));
        listeners.add(Report.listener(dir, model, spec, recipe, data.test().classNames()));
    }

    /** Adds a listener, told after the built-in ones (divergence check, curves, report). */
    public Trainer listen(RunListener l) {
        listeners.add(l);
        return this;
    }

    /** Makes a DL4J listener for a run, once its directory is held (e.g. one that records into a file there). */
    public interface NetworkListener {
        org.deeplearning4j.optimize.api.TrainingListener create(Path runDir) throws IOException;
    }

    /**
     * Adds a DL4J listener to the network this run trains (e.g. the app's {@code StatsListener} for DL4J's training UI):
     * it sees every step fitted in this JVM, from the run's first or resumed epoch on.
     */
    public Trainer listenToNetwork(NetworkListener l) {
        netListeners.add(l);
        return this;
    }

    /** Fits minibatches with {@code f} instead of one by one on this JVM (zoo-spark's parameter averaging). */
    public Trainer fitWith(Fitter f) {
        this.fitter = f;
        return this;
    }

    /** The manifest key that says which larger job a run is part of (a search's trial: {@code "search trial 3"}). */
    public static final String PART_OF = "partOf";

    /** Records in the manifest that this run is part of {@code what} (e.g. "search trial 3"): whoever made it may remove it. */
    public Trainer partOf(String what) {
        this.partOf = what;
        return this;
    }

    /**
     * Ends the run without a test-set evaluation (its result's final metrics are null): for search trials, which
     * are compared on the validation split only; the chosen one is tested once with {@link #evaluateTest}.
     */
    public Trainer validationOnly() {
        testAtEnd = false;
        return this;
    }

    /**
     * Ends the run after its first {@code epochs} epochs, the schedule still the whole recipe's (a cosine rate is where the
     * full run would have it): what a replay of a recorded run needs to compare its first epochs. A run stopped early ends
     * with status {@code stopped} and without a test-set evaluation of its own (final metrics: the last epoch's if it was
     * evaluated on the test set, else null).
     */
    public Trainer stopAfter(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("a run stops after at least one epoch; got " + epochs);
        }
        this.stopAfter = epochs;
        return this;
    }

    /**
     * Asked after every epoch but the last, once the epoch's checkpoint and manifest are written: a reason to end the run
     * there, or null to go on. A search's scheduler (ASHA, the median rule) stops its unpromising trials with it.
     */
    public interface EarlyStop {
        String after(List<EpochRow> history);
    }

    /**
     * Ends the run early when {@code rule} gives a reason (status {@code stopped}, the reason as its message); the schedule
     * stays the whole recipe's, as with {@link #stopAfter}.
     */
    public Trainer stopEarlyIf(EarlyStop rule) {
        this.earlyStop = rule;
        return this;
    }

    /** Starts a new run in an empty or absent directory. */
    public Result start() throws IOException {
        try (RunDirectory run = RunDirectory.create(dir)) {
            ComputationGraph net = model.create(spec);
            TrainerState s = new TrainerState(recipe.schedule().start());
            s.started = Instant.now().toString();
            return loop(run, net, s);
        }
    }

    /** Continues the run in its directory from its last checkpoint. */
    public Result resume() throws IOException {
        return resume(CheckpointFile.LAST);
    }

    /**
     * Continues the run in its directory from checkpoint {@code from}: {@code last}, or {@code previous} / {@code best}
     * when the last one is damaged (it is then set aside under another name, never deleted). A run killed before its first
     * checkpoint is started over with its recorded settings.
     */
    public Result resume(CheckpointFile from) throws IOException {
        try (RunDirectory run = RunDirectory.resume(dir, log)) {
            return resume(run, from);
        }
    }

    private Result resume(RunDirectory run, CheckpointFile from) throws IOException {
        JsonNode m = run.manifest();
        ResumeCheck.check(dir, m, model, spec, recipe, data, fitter);
        if (!run.hasCheckpoint()) {
            log.accept("resuming " + dir + ": it was stopped before its first checkpoint; starting it over with its recorded settings");
            run.clearForRestart();
            TrainerState s = new TrainerState(recipe.schedule().start());
            s.started = Instant.now().toString();
            return loop(run, model.create(spec), s);
        }
        RunDirectory.Checkpoint c = run.restore(from);
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (from != CheckpointFile.LAST) { // the generations after the one continued from are set aside (never deleted)
            List<String> later = from == CheckpointFile.BEST ? List.of(RunDirectory.LAST, RunDirectory.PREVIOUS) : List.of(RunDirectory.LAST);
            for (String f : later) {
                if (java.nio.file.Files.isRegularFile(dir.resolve(f))) {
                    log.accept("continuing from " + c.file() + "; " + f + " is kept as " + run.setAside(f, stamp));
                }
            }
        }
        ComputationGraph net = c.net();
        TrainerState s;
        try {
            s = TrainerState.fromJson(recipe.schedule(), c.trainerState());
        } catch (RuntimeException e) { // the checkpoint's network read fine, its state entry did not
            throw new CheckpointUnreadableException(dir, dir.resolve(c.file()) + ": its " + io.github.classiczoo.core.model.ModelFile.TRAINER_STATE
                    + " entry cannot be read (" + e.getMessage() + ")", run.intactOtherThan(from), e);
        }
        reconcileBest(run, c.file(), s, stamp);
        run.writeMetrics(s.rows); // the epochs the checkpoint holds, even if their rows were not written before it stopped
        int wasEpochs = m.path("recipe").path("epochs").asInt();
        if (wasEpochs != recipe.epochs()) {
            s.epochChanges.add(Map.of("fromEpoch", s.epochsDone + 1, "epochs", recipe.epochs(), "was", wasEpochs));
            log.accept("epochs: " + wasEpochs + " → " + recipe.epochs() + " from epoch " + (s.epochsDone + 1) + " (recorded in the manifest)");
        }
        log.accept("resuming " + dir + " after epoch " + s.epochsDone + " (iteration " + s.iteration + ")");
        return loop(run, net, s);
    }

    /**
     * Makes the best checkpoint and the best epoch of the state being continued agree before anything else is written: a
     * write that failed (no space left while the last checkpoint was copied to the best) leaves the state naming an epoch
     * the best file does not hold. The continued checkpoint is copied to the best when it is that epoch; a best file from
     * epochs after the continued one (a discarded continuation) is set aside; otherwise the best becomes the epoch the best
     * file holds (with that epoch's recorded error), or none if there is no readable best file.
     */
    private void reconcileBest(RunDirectory run, String continued, TrainerState s, String stamp) throws IOException {
        if (s.bestEpoch <= 0) {
            return; // no best epoch yet (or the paper protocol, which keeps none)
        }
        int held = run.epochOf(RunDirectory.BEST);
        if (held == s.bestEpoch) {
            return;
        }
        if (held > s.epochsDone) {
            log.accept(RunDirectory.BEST + " holds epoch " + held + ", after the epoch continued from; it is kept as "
                    + run.setAside(RunDirectory.BEST, stamp));
            held = -1;
        }
        if (run.epochOf(continued) == s.bestEpoch) {
            run.promoteToBest(continued);
            log.accept(RunDirectory.BEST + " did not hold the best epoch " + s.bestEpoch + (held > 0 ? " (it held epoch " + held + ")" : "")
                    + "; it is now a copy of " + continued + ", which does");
            return;
        }
        // the best epoch's weights are in no file: the best is now the epoch the best file holds (its recorded error), or none
        log.accept("the best epoch " + s.bestEpoch + " is in no checkpoint; the best is now " + (held > 0 ? "epoch " + held + ", the one "
                + RunDirectory.BEST + " holds" : "not known until the next epoch"));
        s.bestEpoch = held > 0 ? held : 0;
        s.best = held > 0 ? s.rows.get(held - 1).eval().error() : Double.NaN;
    }

    /**
     * The loop, recorded however it ends: a stop request ({@link Stop}: SIGTERM, SIGINT) is honoured between steps and the
     * manifest says {@code interrupted} (the last checkpoint is where a resume continues); any other failure leaves it
     * {@code failed} with the message, if the manifest can still be written.
     */
    private Result loop(RunDirectory run, ComputationGraph net, TrainerState s) throws IOException {
        try (AutoCloseable cooperating = Stop.cooperate()) {
            return loopBody(run, net, s);
        } catch (Stop.Stopped e) {
            progress.done();
            recordEnd(run, "interrupted", e.getMessage() + " after epoch " + s.epochsDone + " (the last checkpoint)");
            throw e.in(dir);
        } catch (TrainingDivergedException e) {
            throw e; // recorded as diverged where it was found
        } catch (IOException | RuntimeException e) {
            recordEnd(run, "failed", e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage().strip().lines().findFirst().orElse(""));
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Marks the manifest with how the run ended, if it can (a full disk may refuse this write too: the error at hand is
     * reported). Only the status and message change: the rest stays as the last complete epoch wrote it, which agrees with
     * the checkpoints on disk (the state in memory may be ahead of them: a best epoch whose copy failed).
     */
    private void recordEnd(RunDirectory run, String status, String message) {
        try {
            run.markManifest(status, message);
        } catch (RuntimeException ignored) {
            // the failure being reported matters more
        }
    }

    private Result loopBody(RunDirectory run, ComputationGraph net, TrainerState s) throws IOException {
        long seed = recipe.seed();
        Batches train = new Batches(data.train(), spec.input(), data.normalization(), data.trainTransform(), recipe.batchSize(), true, seed);
        boolean paperProtocol = data.validation() == null;
        ImageSource evalSet = paperProtocol ? data.test() : data.validation();
        String evalSplit = paperProtocol ? "test" : "validation";
        int evalBatch = evalBatch();
        Batches eval = new Batches(evalSet, spec.input(), data.normalization(), data.validationTransform(), evalBatch, false, seed);
        long perEpoch = train.batchesPerEpoch();
        long total = perEpoch * recipe.epochs();
        long t0 = System.nanoTime();
        run.writeManifest(manifest().of(s, "running", null, null));
        for (NetworkListener l : netListeners) {
            net.addListeners(l.create(dir));
        }

        double lastMultiplier = Double.NaN;
        int last = Math.min(recipe.epochs(), stopAfter);
        String stopReason = null;
        for (int epoch = s.epochsDone; epoch < last && !capped(s) && stopReason == null; epoch++) {
            Nd4j.getRandom().setSeed(seed * 31 + epoch);
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long seen = 0;
            int held = 0;
            double lr = recipe.optimizer().lr();
            progress.start(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, recipe.epochs()), train.batchesPerEpoch(), train.size());
            Batches.Epoch batches = fitter.pendingBatches() ? train.epoch(epoch).pending() : train.epoch(epoch);
            try (Prefetcher p = new Prefetcher(batches, 3)) {
                Batches.Batch ds;
                while (!capped(s) && (ds = p.nextBatch()) != null) {
                    Stop.check();
                    boolean warming = s.schedule.warming();
                    double mult = s.schedule.multiplier(epoch, s.iteration, total);
                    lr = recipe.optimizer().lr() * mult;
                    if (mult != lastMultiplier) {
                        net.setLearningRate(lr);
                        lastMultiplier = mult;
                    }
                    double loss = fitter.fit(net, ds);
                    int n = ds.size();
                    held += n;
                    if (fitter.held() == 0) { // a held minibatch's loss comes with its round (a NaN round loss is divergence)
                        tell(run, s, new RunListener.Step(epoch, s.iteration + 1, loss, lr, held));
                        progress.loss(loss, held);
                        lossSum += loss * held;
                        seen += held;
                        held = 0;
                    }
                    s.iteration++;
                    if (warming) {
                        String msg = s.schedule.afterWarmupStep(batchError(net, ds.data()), s.iteration);
                        if (msg != null) {
                            log.accept(msg);
                        }
                    }
                    progress.step(n);
                }
            }
            if (held > 0) {
                double loss = fitter.flush(net);
                tell(run, s, new RunListener.Step(epoch, s.iteration, loss, lr, held));
                progress.loss(loss, held);
                lossSum += loss * held;
                seen += held;
                held = 0;
            }
            progress.done();
            Stop.check();
            double secs = (System.nanoTime() - epochStart) / 1e9;
            Metrics m = fitter.evaluate(net, eval, evalSplit, progress);
            EpochRow row = new EpochRow(epoch + 1, s.iteration, lr, lossSum / seen, m, secs, seen / secs);
            s.rows.add(row);
            s.epochsDone = epoch + 1;
            boolean improved = !paperProtocol && (Double.isNaN(s.best) || m.error() < s.best);
            if (improved) {
                s.best = m.error();
                s.bestEpoch = epoch + 1;
            }
            String plateau = s.schedule.afterEpoch(!paperProtocol, improved);
            if (plateau != null) {
                log.accept(plateau);
            }
            log.accept(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f, %s loss %.4f, %s error %.2f%% (top-5 error %.2f%%), %.0f s, %,.0f img/s",
                    epoch + 1, recipe.epochs(), row.trainLoss(), evalSplit, m.loss(), evalSplit, 100 * m.error(), 100 * (1 - m.top5()), secs, row.imagesPerSecond()));
            run.writeCheckpoint(net, s.toJson(), info());
            if (improved) {
                run.promoteLastToBest();
            }
            run.writeMetrics(s.rows);
            run.writeManifest(manifest().of(s, "running", null, null));
            for (RunListener l : listeners) {
                l.onEpoch(new RunListener.Epoch(row, List.copyOf(s.rows), evalSplit, improved));
            }
            if (earlyStop != null && s.epochsDone < recipe.epochs()) {
                stopReason = earlyStop.after(List.copyOf(s.rows));
            }
        }

        Metrics finalMetrics = paperProtocol ? s.rows.get(s.rows.size() - 1).eval() : null;
        boolean stopped = stopReason != null || (s.epochsDone < recipe.epochs() && !capped(s));
        if (stopped) {
            s.ended = Instant.now().toString();
            run.writeManifest(manifest().of(s, "stopped", stopReason != null ? stopReason
                    : "stopped after " + s.epochsDone + " of " + recipe.epochs() + " epochs", null));
            return new Result(dir, finalMetrics, s.rows, (System.nanoTime() - t0) / 1e9);
        }
        if (testAtEnd && (finalMetrics == null || finalMetrics.confusion() == null || data.testTransform().views() > 1)) {
            finalMetrics = test(net, evalBatch);
        }
        s.ended = Instant.now().toString();
        if (finalMetrics != null && finalMetrics.perClassAccuracy() != null && finalMetrics.perClassAccuracy().length > Metrics.MAX_INLINE_CLASSES) {
            run.writeConfusion(finalMetrics.perClassCsv(data.test().classNames()));
        }
        run.writeManifest(manifest().of(s, "finished", null, finalMetrics));
        for (RunListener l : listeners) {
            l.onEnd(new RunListener.End(finalMetrics, List.copyOf(s.rows), evalSplit));
        }
        return new Result(dir, finalMetrics, s.rows, (System.nanoTime() - t0) / 1e9);
    }

    /** Tells the listeners about a step; a diverged run is recorded as such in its manifest before the error goes on. */
    private void tell(RunDirectory run, TrainerState s, RunListener.Step step) throws IOException {
        try {
            for (RunListener l : listeners) {
                l.onStep(step);
            }
        } catch (TrainingDivergedException e) {
            progress.done();
            run.writeManifest(manifest().of(s, "diverged", e.getMessage(), null));
            throw e;
        }
    }

    private ModelFile.Info info() {
        return new ModelFile.Info(model.name(), spec.knobs(), spec.input().toArray(), spec.classes(), data.preprocessing(),
                String.valueOf(recipe.dataset()), data.train().classNames().size() == spec.classes() ? data.train().classNames() : null, null);
    }

    private RunManifest manifest() {
        if (manifest == null) {
            manifest = new RunManifest(model, spec, recipe, data, fitter, partOf);
        }
        return manifest;
    }

    /** Evaluates a checkpoint of this run (e.g. its best) on the test split, as the run itself would at its end. */
    public Metrics evaluateTest(Path checkpoint) {
        return test(ModelFile.load(checkpoint), evalBatch());
    }

    /** Small images evaluate in large batches; large ones at the training batch size, which is known to fit. */
    private int evalBatch() {
        return spec.input().elements() <= 3 * 32 * 32 ? Math.max(recipe.batchSize(), 256) : recipe.batchSize();
    }

    private Metrics test(ComputationGraph net, int evalBatch) {
        int testBatch = Math.max(1, evalBatch / data.testTransform().views()); // 10-crop: ten rows per image
        Batches test = new Batches(data.test(), spec.input(), data.normalization(), data.testTransform(), testBatch, false, recipe.seed());
        return fitter.evaluate(net, test, test.views() > 1 ? "test (" + test.views() + " crops)" : "test", progress);
    }

    /** One step; a graph with auxiliary classifiers gets the labels once per output (their losses are weighted in the graph). */
    public static void fit(ComputationGraph net, DataSet ds) {
        int outputs = net.getNumOutputArrays();
        if (outputs == 1) {
            net.fit(ds);
            return;
        }
        org.nd4j.linalg.api.ndarray.INDArray[] labels = new org.nd4j.linalg.api.ndarray.INDArray[outputs];
        java.util.Arrays.fill(labels, ds.getLabels());
        net.fit(new org.nd4j.linalg.dataset.MultiDataSet(new org.nd4j.linalg.api.ndarray.INDArray[] {ds.getFeatures()}, labels));
    }

    private boolean capped(TrainerState s) {
        return recipe.maxIterations() > 0 && s.iteration >= recipe.maxIterations();
    }

    /** Top-1 error of the network (inference mode) on a training batch, for the warm-up rule. */
    private static double batchError(ComputationGraph net, DataSet ds) {
        org.nd4j.linalg.api.ndarray.INDArray out = net.output(false, ds.getFeatures())[0];
        long wrong = out.argMax(1).neq(ds.getLabels().argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        return wrong / (double) ds.numExamples();
    }
}
