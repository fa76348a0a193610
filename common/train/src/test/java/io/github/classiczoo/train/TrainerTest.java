package io.github.classiczoo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.store.DatasetRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

class TrainerTest {

    static final TinyNet MODEL = new TinyNet();

    static Recipe recipe(int epochs, Optimizer opt, LrSchedule schedule, int validation) {
        return Recipe.builder("tiny-test", "tiny")
                .description("test recipe")
                .dataset(DatasetRef.parse("synthetic"))
                .normalization(Normalization.Scheme.DATASET)
                .augment(Augment.NONE)
                .optimizer(opt)
                .schedule(schedule)
                .weightDecay(0)
                .epochs(epochs)
                .batchSize(16)
                .seed(99)
                .validation(validation)
                .build();
    }

    static Trainer trainer(Recipe r, Path dir) {
        ModelSpec spec = TrainingJob.spec(MODEL, r, Map.of(), 3);
        Trainer.Data data = Trainer.Data.of(TinyNet.data(240, 1, "train"), r.validation() > 0 ? TinyNet.data(60, 2, "val") : null,
                TinyNet.data(90, 3, "test"), Normalization.mnist(), spec.input(), r.augment(), Map.of("synthetic", "none"));
        return new Trainer(MODEL, spec, r, data, dir, Progress.silent(), m -> { });
    }

    @Test
    void learnsAndWritesACompleteRunDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Trainer.Result r = trainer(recipe(4, Optimizer.adam(0.01), LrSchedule.constant(), 60), dir).start();
        assertTrue(r.finalMetrics().top1() > 0.8, "accuracy " + r.finalMetrics().top1() + " is not far above chance (1/3)");
        for (String f : List.of("manifest.json", "metrics.csv", "report.md", "loss.png", "error.png", Trainer.LAST, Trainer.BEST)) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f + " missing or empty");
        }
        assertEquals(5, Files.readAllLines(dir.resolve("metrics.csv")).size()); // header + 4 epochs
        JsonNode m = Json.read(Files.readString(dir.resolve("manifest.json")));
        assertEquals("finished", m.get("status").asText());
        assertEquals("tiny", m.get("model").asText());
        assertEquals(99, m.get("seed").asInt());
        assertEquals("CpuBackend", m.get("environment").get("backend").asText());
        assertEquals("1.0.0-M2.1", m.get("environment").get("dl4j").asText());
        assertEquals(90, m.get("final").get("examples").asInt());
        assertEquals(3, m.get("final").get("confusion").size());
        // the report names the classes as the data does (issue 17: it said 0-9 where eval said T-shirt/top ...)
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("0 a") && report.contains("2 c") && report.contains("→2"), report);
        byte[] png = Files.readAllBytes(dir.resolve("loss.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        // every file gets the permissions the umask gives a new file, as one this test creates does (issue 17: the
        // atomically written ones were 0600 while the plots were 0644)
        Path probe = Files.createFile(tmp.resolve("probe"));
        var expected = Files.getPosixFilePermissions(probe);
        for (String f : List.of("manifest.json", "metrics.csv", "report.md", "loss.png", Trainer.LAST, Trainer.BEST)) {
            assertEquals(expected, Files.getPosixFilePermissions(dir.resolve(f)), f);
        }
    }

    @Test
    void twoRunsWithTheSameSeedGiveTheSameMetrics(@TempDir Path tmp) throws Exception {
        Recipe r = recipe(2, Optimizer.adam(0.01), LrSchedule.constant(), 60);
        trainer(r, tmp.resolve("a")).start();
        trainer(r, tmp.resolve("b")).start();
        assertEquals(metricsWithoutTimes(tmp.resolve("a")), metricsWithoutTimes(tmp.resolve("b")));
        assertArrayEquals(params(tmp.resolve("a")), params(tmp.resolve("b")));
    }

    @Test
    void resumingFromTheLastCheckpointEndsWhereAnUninterruptedRunEnds(@TempDir Path tmp) throws Exception {
        Recipe full = recipe(3, Optimizer.adam(0.01), LrSchedule.table(new long[] {0, 2}, new double[] {1, 0.1}), 60);
        trainer(full, tmp.resolve("full")).start();
        // stop after 2 epochs (the recipe then says 3), as a killed run that finished epoch 2 would be
        trainer(recipe(2, full.optimizer(), full.schedule(), 60), tmp.resolve("part")).start();
        trainer(full, tmp.resolve("part")).resume();
        assertArrayEquals(params(tmp.resolve("full")), params(tmp.resolve("part")));
        assertEquals(metricsWithoutTimes(tmp.resolve("full")), metricsWithoutTimes(tmp.resolve("part")));
    }

    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint(@TempDir Path tmp) throws Exception {
        // sane for one epoch, then a learning rate that overflows the weights
        Recipe r = recipe(3, Optimizer.sgd(0.05), LrSchedule.table(new long[] {0, 1}, new double[] {1, 1e30}), 60);
        Path dir = tmp.resolve("run");
        Trainer t = trainer(r, dir);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, t::start);
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("after epoch 1"), e.getMessage());
        JsonNode m = Json.read(Files.readString(dir.resolve("manifest.json")));
        assertEquals("diverged", m.get("status").asText());
        ComputationGraph last = ModelSerializer.restoreComputationGraph(dir.resolve(Trainer.LAST).toFile());
        assertTrue(Double.isFinite(last.params().sumNumber().doubleValue()), "the checkpoint holds non-finite weights");
        assertEquals(2, Files.readAllLines(dir.resolve("metrics.csv")).size());
    }

    @Test
    void refusesToOverwriteARunAndToResumeAnotherModelsRun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        trainer(recipe(1, Optimizer.adam(0.01), LrSchedule.constant(), 60), dir).start();
        long before = Files.getLastModifiedTime(dir.resolve("manifest.json")).toMillis();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(recipe(1, Optimizer.adam(0.01), LrSchedule.constant(), 60), dir).start());
        assertTrue(e.getMessage().contains("already has files"), e.getMessage());
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("manifest.json")).toMillis());
        String manifest = Files.readString(dir.resolve("manifest.json")).replace("\"model\" : \"tiny\"", "\"model\" : \"lenet5\"");
        Files.writeString(dir.resolve("manifest.json"), manifest);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> trainer(recipe(2, Optimizer.adam(0.01), LrSchedule.constant(), 60), dir).resume());
        assertTrue(other.getMessage().contains("is a run of lenet5, not of tiny"), other.getMessage());
    }

    /** Issue 20, class 3: a resume continues the recorded run; settings that would change it are refused, listed, and nothing is written. */
    @Test
    void aResumeThatWouldRewriteTheRunIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Recipe r = recipe(1, Optimizer.adam(0.01), LrSchedule.constant(), 60);
        trainer(r, dir).start();
        String manifest = Files.readString(dir.resolve("manifest.json"));
        byte[] last = Files.readAllBytes(dir.resolve(Trainer.LAST));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(r.withEpochs(2).withLr(0.02).withBatchSize(8).withSeed(5), dir).resume());
        assertTrue(e.getMessage().contains("would change the recorded run") && e.getMessage().contains("optimizer.lr 0.01 → 0.02")
                && e.getMessage().contains("batchSize 16 → 8") && e.getMessage().contains("seed 99 → 5"), e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> trainer(r.withEpochs(2).withValidation(0), dir).resume());
        assertTrue(v.getMessage().contains("validation 60 → 0") && v.getMessage().contains("validationImages 60 → 0"), v.getMessage());
        assertEquals(manifest, Files.readString(dir.resolve("manifest.json")));
        assertArrayEquals(last, Files.readAllBytes(dir.resolve(Trainer.LAST)));

        trainer(r.withEpochs(3), dir).resume(); // more epochs: accepted, and said so
        JsonNode m = Json.read(Files.readString(dir.resolve("manifest.json")));
        assertEquals(3, m.get("epochsDone").asInt());
        assertEquals(2, m.get("epochChanges").get(0).get("fromEpoch").asInt());
        assertEquals(3, m.get("epochChanges").get(0).get("epochs").asInt());
        assertEquals(1, m.get("epochChanges").get(0).get("was").asInt());
    }

    /** TinyNet with a knob added "since": its default is the architecture as it was. */
    static final class TinyNetWithNewKnob extends TinyNetBase {
        @Override
        public java.util.List<io.github.classiczoo.core.model.Knob> knobs() {
            return java.util.List.of(io.github.classiczoo.core.model.Knob.bool("extra", false, "a knob added after the run was recorded"));
        }

        @Override
        public org.deeplearning4j.nn.conf.ComputationGraphConfiguration define(ModelSpec spec) {
            return MODEL.define(spec);
        }
    }

    /**
     * A run recorded before a knob existed resumes when the knob is at its default (the architecture the run had), and
     * is refused when it is not.
     */
    @Test
    void aRunRecordedBeforeAKnobExistedResumesAtTheKnobsDefault(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Recipe r = recipe(1, Optimizer.adam(0.01), LrSchedule.constant(), 60);
        TinyNetWithNewKnob model = new TinyNetWithNewKnob();
        java.util.function.Function<Map<String, String>, Trainer> make = knobs -> {
            ModelSpec spec = TrainingJob.spec(model, r.withEpochs(2), knobs, 3);
            Trainer.Data data = Trainer.Data.of(TinyNet.data(240, 1, "train"), TinyNet.data(60, 2, "val"), TinyNet.data(90, 3, "test"),
                    Normalization.mnist(), spec.input(), r.augment(), Map.of("synthetic", "none"));
            return new Trainer(model, spec, r.withEpochs(2), data, dir, Progress.silent(), m -> { });
        };
        trainer(r, dir).start(); // TinyNet: no knobs recorded
        assertTrue(Json.read(Files.readString(dir.resolve("manifest.json"))).get("knobs").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> make.apply(Map.of("extra", "true")).resume());
        assertTrue(e.getMessage().contains("knobs.extra (none) → true"), e.getMessage());
        make.apply(Map.of()).resume();
        assertEquals(2, Json.read(Files.readString(dir.resolve("manifest.json"))).get("epochsDone").asInt());
    }

    /**
     * Issue 20: one damaged checkpoint never ends a run. The generation before the last is kept; a damaged last one is
     * named with what is intact, and continuing from the previous one ends where an uninterrupted run ends.
     */
    @Test
    void aDamagedLastCheckpointIsNamedAndThePreviousOneContinuesTheRun(@TempDir Path tmp) throws Exception {
        Recipe full = recipe(3, Optimizer.adam(0.01), LrSchedule.constant(), 60);
        trainer(full, tmp.resolve("full")).start();
        Path dir = tmp.resolve("run");
        trainer(full.withEpochs(2), dir).start();
        assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.PREVIOUS)), "the generation before the last is kept");
        byte[] b = Files.readAllBytes(dir.resolve(Trainer.LAST));
        Files.write(dir.resolve(Trainer.LAST), java.util.Arrays.copyOf(b, b.length / 2));

        io.github.classiczoo.core.util.ZooException e = assertThrows(io.github.classiczoo.core.util.ZooException.class,
                () -> trainer(full, dir).resume());
        assertTrue(e.getMessage().contains(Trainer.LAST) && e.getMessage().contains("checkpoint-previous.zip (after epoch 1)")
                && e.getMessage().contains("checkpoint-previous.zip (after epoch 1) is intact: resume from previous"), e.getMessage());
        trainer(full, dir).resume(CheckpointFile.PREVIOUS);
        assertArrayEquals(params(tmp.resolve("full")), params(dir));
        assertEquals(metricsWithoutTimes(tmp.resolve("full")), metricsWithoutTimes(dir));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("checkpoint-last.set-aside-")).count(),
                    "the damaged checkpoint is set aside, not deleted");
        }
    }

    /** Issue 20: a run killed before its first checkpoint (a manifest, no checkpoint) is started over by --resume. */
    @Test
    void aRunKilledBeforeItsFirstCheckpointIsStartedOverByResume(@TempDir Path tmp) throws Exception {
        Recipe r = recipe(2, Optimizer.adam(0.01), LrSchedule.constant(), 60);
        trainer(r, tmp.resolve("full")).start();
        Path dir = tmp.resolve("run");
        trainer(r, dir).start();
        for (String f : List.of(Trainer.LAST, Trainer.BEST, RunDirectory.PREVIOUS, "metrics.csv")) {
            Files.delete(dir.resolve(f));
        }
        Process gone = new ProcessBuilder("true").start(); // a writer that has ended, as a killed one has
        gone.waitFor();
        Path half = dir.resolve(".checkpoint-last.zip.zoo-" + gone.pid() + "-4417.tmp");
        Files.writeString(half, "half-written");
        Files.writeString(dir.resolve(".notes.tmp"), "a hidden file of the user's: not a temporary of the zoo's either");
        Files.writeString(dir.resolve("notes.tmp"), "a file of the user's, not a temporary of the zoo's");
        List<String> log = new java.util.ArrayList<>();
        ModelSpec spec = TrainingJob.spec(MODEL, r, Map.of(), 3);
        new Trainer(MODEL, spec, r, Trainer.Data.of(TinyNet.data(240, 1, "train"), TinyNet.data(60, 2, "val"), TinyNet.data(90, 3, "test"),
                Normalization.mnist(), spec.input(), r.augment(), Map.of("synthetic", "none")), dir, Progress.silent(), log::add).resume();
        assertTrue(log.stream().anyMatch(l -> l.contains("before its first checkpoint; starting it over")), log.toString());
        assertArrayEquals(params(tmp.resolve("full")), params(dir));
        assertEquals(metricsWithoutTimes(tmp.resolve("full")), metricsWithoutTimes(dir));
        assertTrue(Files.notExists(half));
        assertTrue(Files.exists(dir.resolve("notes.tmp")) && Files.exists(dir.resolve(".notes.tmp")), "only the zoo's own temporaries are removed");
    }

    /**
     * Issue 27: a write that failed between the last checkpoint and its copy to the best (no space left) leaves the state
     * naming a best epoch the best file does not hold. Until the run is continued, evaluating the run directory is refused;
     * continuing it repairs the best file first, so the manifest's best epoch and checkpoint-best.zip agree again.
     */
    @Test
    void aFailedPromotionToBestIsRepairedWhenTheRunContinues(@TempDir Path tmp) throws Exception {
        Recipe two = recipe(2, Optimizer.adam(0.01), LrSchedule.constant(), 60);
        Path dir = tmp.resolve("run");
        trainer(two, dir).start();
        int best = Json.read(Files.readString(dir.resolve("manifest.json"))).get("bestEpoch").asInt();
        int other = 3 - best;
        // as a failed copy leaves it: the best file holds the other epoch while the state and the manifest name `best`
        Files.copy(dir.resolve(best == 2 ? RunDirectory.PREVIOUS : Trainer.LAST), dir.resolve(Trainer.BEST),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(other, io.github.classiczoo.core.model.ModelFile.checkpointEpoch(dir.resolve(Trainer.BEST)));
        io.github.classiczoo.core.util.ZooException e = assertThrows(io.github.classiczoo.core.util.ZooException.class,
                () -> io.github.classiczoo.core.model.ModelFile.resolve(dir));
        assertTrue(e.getMessage().contains("holds epoch " + other + " but") && e.getMessage().contains("names epoch " + best + " as the best"),
                e.getMessage());

        List<String> log = new java.util.ArrayList<>();
        Recipe three = recipe(3, Optimizer.adam(0.01), LrSchedule.constant(), 60);
        ModelSpec spec = TrainingJob.spec(MODEL, three, Map.of(), 3);
        new Trainer(MODEL, spec, three, Trainer.Data.of(TinyNet.data(240, 1, "train"), TinyNet.data(60, 2, "val"), TinyNet.data(90, 3, "test"),
                Normalization.mnist(), spec.input(), three.augment(), Map.of("synthetic", "none")), dir, Progress.silent(), log::add).resume();
        // epoch 2 is the last checkpoint: copied to the best if it is the best; else the best file's own epoch becomes the best
        assertTrue(log.stream().anyMatch(l -> best == 2 ? l.contains("did not hold the best epoch 2 (it held epoch 1)")
                : l.contains("the best epoch 1 is in no checkpoint; the best is now epoch 2")), log.toString());
        JsonNode m = Json.read(Files.readString(dir.resolve("manifest.json")));
        assertEquals(m.get("bestEpoch").asInt(), io.github.classiczoo.core.model.ModelFile.checkpointEpoch(dir.resolve(Trainer.BEST)));
        assertEquals(dir.resolve(Trainer.BEST), io.github.classiczoo.core.model.ModelFile.resolve(dir));
    }

    static List<String> metricsWithoutTimes(Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("metrics.csv")).stream()
                .map(l -> l.substring(0, nthComma(l, 9))).toList();
    }

    static int nthComma(String s, int n) {
        int idx = -1;
        for (int i = 0; i < n; i++) {
            idx = s.indexOf(',', idx + 1);
        }
        return idx;
    }

    static float[] params(Path dir) throws Exception {
        return ModelSerializer.restoreComputationGraph(dir.resolve(Trainer.LAST).toFile()).params().toFloatVector();
    }
}
