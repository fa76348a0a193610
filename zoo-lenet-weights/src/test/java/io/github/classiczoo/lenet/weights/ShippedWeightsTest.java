package io.github.classiczoo.lenet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.image.Normalization;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.Pretrained;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.ZooException;
import io.github.classiczoo.data.ImageSet;
import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.data.pipeline.Augment;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.store.DatasetInfo;
import io.github.classiczoo.data.store.Datasets;
import io.github.classiczoo.lenet.LeNets;
import io.github.classiczoo.train.Evaluator;
import io.github.classiczoo.train.Metrics;
import io.github.classiczoo.train.Progress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Every shipped weight set, evaluated on its dataset's test set as its run evaluated it (the model file's input and
 * normalisation, batches of 256), gives exactly the test error its run recorded — the same count of wrong images — and
 * the manifest beside it is that run's. A file whose bytes do not match the pinned SHA-256 is refused.
 */
class ShippedWeightsTest {

    static List<Pretrained> shipped() {
        return new LeNetWeights().weights();
    }

    @Test
    void theIssuesSetIsShippedAndFoundThroughTheServiceLoader() {
        Set<String> ids = shipped().stream().map(Pretrained::id).collect(Collectors.toSet());
        assertEquals(Set.of("lenet1@mnist", "lenet4@mnist", "lenet4-boosted@mnist", "lenet5@mnist", "lenet5@mnist-dist",
                "lenet5-modern@mnist", "mlp-300@mnist", "mlp-300@mnist-dist", "mlp-1000@mnist", "mlp-1000@mnist-dist", "mlp-300-100@mnist",
                "mlp-300-100@mnist-dist", "mlp-500-150@mnist", "mlp-500-150@mnist-dist", "lenet5-modern@fashion-mnist",
                "mlp-300-100@fashion-mnist"), ids);
        assertEquals(ids, Pretrained.all().stream().map(Pretrained::id).collect(Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void givesExactlyTheRecordedTestError(Pretrained w) throws Exception {
        JsonNode m = Json.read(w.manifest());
        assertEquals("finished", m.get("status").asText());
        assertEquals(w.model(), m.get("model").asText());
        assertEquals(w.recipe(), m.get("recipe").get("name").asText());
        assertEquals(w.dataset(), m.get("recipe").get("dataset").asText());
        assertEquals(w.testError(), m.get("final").get("error").asDouble(), 1e-12, "the pinned figure is the manifest's");
        DatasetInfo d = Datasets.get(w.dataset());
        ImageSet test = TestData.store().load(d, io.github.classiczoo.data.Split.TEST, null);
        m.get("datasetSha256").fields().forEachRemaining(e -> assertTrue(TestData.store().dir(d).resolve(e.getKey()).toFile().isFile(), e.getKey()));

        ModelFile.Info info = w.info();
        ComputationGraph net = w.load();
        Batches b = Batches.evaluation(test, w.preprocessing(), 256, false);
        Metrics got = Evaluator.evaluate(net, b, "test", Progress.silent());
        long n = m.get("final").get("examples").asLong();
        assertEquals(n, got.examples());
        assertEquals(Math.round(w.testError() * n), Math.round(got.error() * n), w.id() + ": wrong test images");
        assertEquals(m.get("final").get("loss").asDouble(), got.loss(), 1e-6, w.id() + ": test loss");
    }

    @Test
    void theTypedApiLoadsTheSameWeights() {
        ComputationGraph typed = LeNets.lenet5Modern().pretrained("mnist");
        ComputationGraph named = Pretrained.get("lenet5-modern", "mnist").load();
        assertEquals(named.params(), typed.params());
        IllegalStateException changed = assertThrows(IllegalStateException.class, () -> LeNets.lenet5Modern().width(0.5).pretrained("mnist"));
        assertTrue(changed.getMessage().contains("weights of the default lenet5-modern"), changed.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> LeNets.lenet5().pretrained("cifar10"));
        assertTrue(none.getMessage().contains("no weights 'cifar10' for lenet5; it has: mnist"), none.getMessage());
    }

    @Test
    void aFileThatDoesNotMatchItsPinnedHashIsRefused() throws Exception {
        Pretrained good = Pretrained.get("lenet5-modern", "mnist");
        byte[] bytes = good.verifiedBytes();
        String wrong = "0".repeat(64);
        Pretrained altered = new Pretrained(good.model(), good.name(), good.resource(), good.bytes(), wrong, good.manifestSha256(), good.dataset(), good.recipe(),
                good.testError(), good.owner());
        ZooException e = assertThrows(ZooException.class, altered::load);
        assertTrue(e.getMessage().contains("has SHA-256 " + good.sha256() + ", " + wrong + " pinned") && e.getMessage().contains("nothing was loaded"),
                e.getMessage());
        Pretrained shorter = new Pretrained(good.model(), good.name(), good.resource(), good.bytes() - 1, good.sha256(), good.manifestSha256(), good.dataset(), good.recipe(),
                good.testError(), good.owner());
        assertTrue(assertThrows(ZooException.class, shorter::file).getMessage().contains("more than " + (good.bytes() - 1) + " bytes"));
        Pretrained missing = new Pretrained(good.model(), good.name(), "nothing-here.zip", good.bytes(), good.sha256(), good.manifestSha256(), good.dataset(), good.recipe(),
                good.testError(), good.owner());
        assertTrue(assertThrows(ZooException.class, missing::load).getMessage().contains("resource nothing-here.zip is missing"));
        assertArrayEquals(bytes, good.verifiedBytes());
    }

    /** Issue 27: a run manifest altered inside the weights artifact is refused, never printed as the weights' provenance. */
    @Test
    void anAlteredManifestIsRefusedNotShownAsProvenance() {
        Pretrained good = Pretrained.get("lenet5", "mnist");
        assertTrue(good.manifest().contains("\"model\""));
        String wrong = "1".repeat(64);
        Pretrained forged = new Pretrained(good.model(), good.name(), good.resource(), good.bytes(), good.sha256(), wrong, good.dataset(), good.recipe(),
                good.testError(), good.owner());
        ZooException e = assertThrows(ZooException.class, forged::manifest);
        assertTrue(e.getMessage().contains(", " + wrong + " pinned; the artifact is damaged or was altered, its provenance is not shown"), e.getMessage());
    }

    /** Issue 27: weights names are compared without regard to case ({@code lenet5@MNIST} said "unknown model"). */
    @Test
    void weightsNamesIgnoreCase() {
        assertEquals(Pretrained.get("lenet5", "mnist"), Pretrained.parse("lenet5@MNIST"));
        assertEquals(Pretrained.get("lenet5-modern", "fashion-mnist"), Pretrained.parse("LeNet5-Modern@Fashion-MNIST"));
    }
}
