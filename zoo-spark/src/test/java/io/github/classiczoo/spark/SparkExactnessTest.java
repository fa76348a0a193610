package io.github.classiczoo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Trainer;
import io.github.classiczoo.train.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Parameter averaging with one worker is plain sequential training: the same recipe, data and seed through the ordinary
 * trainer and through Spark (local[1], one worker, a round per epoch) end with the same parameters, and the distributed
 * run's directory is a complete run directory that records how it was trained.
 */
class SparkExactnessTest {

    static JavaSparkContext sc;

    @BeforeAll
    static void spark() {
        TestData.store();
        sc = new JavaSparkContext(SparkFitter.conf("local[1]", "zoo-test"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    static Trainer trainer(ZooModel m, Recipe r, Path dir) {
        return TrainingJob.trainer(m, r, TrainingJob.load(r, TestData.store(), null, 600), Map.of(), null, dir, Progress.silent(), x -> { });
    }

    /**
     * Adam over several rounds (its bias correction counts iterations across them), with whole epochs per round and with
     * rounds cut short by the end of an epoch (11 minibatches of 50 and 40 images, 4 per round: 4, 4, 3).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "batch {0}, {1} minibatches per round")
    @org.junit.jupiter.params.provider.CsvSource({"54, 10, 2", "50, 4, 6"})
    void oneWorkerIsSequentialTraining(int batch, int perRound, int rounds, @TempDir Path tmp) throws Exception {
        ZooModel m = ModelRegistry.load().get("lenet5-modern");
        Recipe r = Recipe.defaults("lenet5-modern", "mnist").withEpochs(2).withBatchSize(batch).withValidation(100);
        Trainer.Result local = trainer(m, r, tmp.resolve("local")).start();
        SparkFitter f = new SparkFitter(sc, new SparkSettings("local[1]", 1, perRound));
        Trainer.Result spark = trainer(m, r, tmp.resolve("spark")).fitWith(f).start();
        assertEquals(rounds, f.rounds());

        float[] a = ModelSerializer.restoreComputationGraph(tmp.resolve("local/checkpoint-last.zip").toFile()).params().toFloatVector();
        float[] b = ModelSerializer.restoreComputationGraph(tmp.resolve("spark/checkpoint-last.zip").toFile()).params().toFloatVector();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        System.out.printf("spark exactness: max |Δparam| %.3g over %,d parameters%n", worst, a.length);
        assertTrue(worst <= 1e-6, "max |Δparam| " + worst);
        assertEquals(local.finalMetrics().error(), spark.finalMetrics().error(), 1e-9);

        JsonNode manifest = Json.read(Files.readString(tmp.resolve("spark/manifest.json")));
        assertEquals("local[1]", manifest.get("distributed").get("master").asText());
        assertEquals(perRound, manifest.get("distributed").get("averagingFrequency").asInt());
        assertEquals("3.5.3", manifest.get("distributed").get("sparkVersion").asText());
        assertEquals("finished", manifest.get("status").asText());
    }

    /** A distributed run stopped after its first epoch and resumed (with Spark again) ends where an unbroken one ends. */
    @org.junit.jupiter.api.Test
    void aResumedDistributedRunEndsWhereAnUnbrokenOneEnds(@TempDir Path tmp) throws Exception {
        ZooModel m = ModelRegistry.load().get("lenet5-modern");
        Recipe r = Recipe.defaults("lenet5-modern", "mnist").withEpochs(2).withBatchSize(50).withValidation(100);
        trainer(m, r, tmp.resolve("whole")).fitWith(new SparkFitter(sc, new SparkSettings("local[1]", 1, 4))).start();
        trainer(m, r.withEpochs(1), tmp.resolve("broken")).fitWith(new SparkFitter(sc, new SparkSettings("local[1]", 1, 4))).start();
        trainer(m, r, tmp.resolve("broken")).fitWith(new SparkFitter(sc, new SparkSettings("local[1]", 1, 4))).resume();
        float[] a = ModelSerializer.restoreComputationGraph(tmp.resolve("whole/checkpoint-last.zip").toFile()).params().toFloatVector();
        float[] b = ModelSerializer.restoreComputationGraph(tmp.resolve("broken/checkpoint-last.zip").toFile()).params().toFloatVector();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }

    /**
     * The executors' evaluation counts what one JVM counts: the same predictions (top-1, top-5, every cell of the confusion
     * matrix) and the same loss up to the order of its sum, over 7 batches shared by 3 workers in jobs of 4 per worker.
     */
    @org.junit.jupiter.api.Test
    void distributedEvaluationCountsWhatOneJvmCounts(@TempDir Path tmp) throws Exception {
        ZooModel m = ModelRegistry.load().get("lenet5-modern");
        Recipe r = Recipe.defaults("lenet5-modern", "mnist").withEpochs(1).withBatchSize(50).withValidation(100);
        trainer(m, r, tmp).start(); // a trained network: its predictions are not all one class
        org.deeplearning4j.nn.graph.ComputationGraph net = io.github.classiczoo.core.model.ModelFile.load(tmp.resolve("checkpoint-last.zip"));
        TrainingJob.Sources src = TrainingJob.load(r, TestData.store(), null, 600);
        var input = new io.github.classiczoo.core.model.InputShape(1, 28, 28);
        var batches = new io.github.classiczoo.data.pipeline.Batches(src.test(), input, src.normalization(),
                io.github.classiczoo.data.pipeline.Transform.padCenter(input, io.github.classiczoo.data.pipeline.Augment.NONE), 16, false, 1);
        io.github.classiczoo.train.Metrics one = io.github.classiczoo.train.Evaluator.evaluate(net, batches, "test", Progress.silent());
        io.github.classiczoo.train.Metrics spread = new SparkFitter(sc, new SparkSettings("local[1]", 3, 1)).evaluate(net, batches, "test", Progress.silent());
        assertEquals(100, spread.examples());
        assertEquals(one.examples(), spread.examples());
        assertEquals(one.top1(), spread.top1(), 0.0);
        assertEquals(one.top5(), spread.top5(), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(one.confusion(), spread.confusion());
        assertEquals(one.loss(), spread.loss(), 1e-9);
        assertTrue(one.top1() > 0.3 && one.top1() < 1, "a trained network: " + one.top1());
    }

    /**
     * A round whose loss is not finite ends a distributed run as it ends a local one, at that round (Adam at 1e10 overflows
     * float32; a NaN round loss is not mistaken for a held minibatch's).
     */
    @org.junit.jupiter.api.Test
    void aDivergedRoundStopsTheRun(@TempDir Path tmp) throws Exception {
        ZooModel m = ModelRegistry.load().get("lenet5-modern");
        Recipe r = Recipe.defaults("lenet5-modern", "mnist").withEpochs(2).withBatchSize(50).withValidation(100).withLr(1e10);
        Trainer t = trainer(m, r, tmp).fitWith(new SparkFitter(sc, new SparkSettings("local[1]", 1, 2)));
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.github.classiczoo.train.TrainingDivergedException.class, t::start);
        // at the round it happened (the first: 2 minibatches), not at the end of the epoch's 9
        assertTrue(e.getMessage().contains("training diverged: loss became NaN at epoch 1, iteration 2 "), e.getMessage());
        assertEquals("diverged", Json.read(Files.readString(tmp.resolve("manifest.json"))).get("status").asText());
    }
}
