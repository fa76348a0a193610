package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.Pretrained;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Shipped weights by name on the command line: MODEL@WEIGHTS in eval, predict and summary; `zoo list` marks them. */
class PretrainedCommandTest {

    @Test
    void evalOfShippedWeightsPrintsTheirRecordedError() {
        TestData.store();
        Pretrained w = Pretrained.get("lenet5-modern", "fashion-mnist");
        CommandTest.Result r = CommandTest.run("eval", "lenet5-modern@fashion-mnist", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(r.out());
        assertEquals("lenet5-modern@fashion-mnist", j.get("modelFile").asText());
        assertEquals("fashion-mnist", j.get("dataset").asText());
        assertEquals(Math.round(w.testError() * 10_000), Math.round(j.get("error").asDouble() * 10_000));
        assertEquals("Ankle boot", j.get("classNames").get(9).asText());
    }

    @Test
    void summaryShowsWhereTheWeightsComeFrom() {
        CommandTest.Result r = CommandTest.run("summary", "mlp-300@mnist", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode p = Json.read(r.out()).get("pretrained");
        assertEquals("mlp-300@mnist", p.get("id").asText());
        assertEquals("mlp-300", p.get("recipe").asText());
        assertEquals(1998, p.get("seed").asLong());
        assertTrue(p.get("commit").asText().matches("[0-9a-f]{40}"), p.toString());
        assertEquals(4, p.get("datasetSha256").size());
        CommandTest.Result text = CommandTest.run("summary", "mlp-300@mnist");
        assertTrue(text.out().contains("shipped weights mlp-300@mnist") && text.out().contains("verified"), text.out());
    }

    @Test
    void listMarksTheModelsWithWeights() {
        JsonNode all = Json.read(CommandTest.run("list", "--json").out());
        List<String> withWeights = new ArrayList<>();
        for (JsonNode m : all) {
            if (m.get("weights").size() > 0) {
                withWeights.add(m.get("name").asText() + "=" + m.get("weights"));
            }
        }
        assertTrue(withWeights.contains("lenet5-modern=[\"mnist\",\"fashion-mnist\"]"), withWeights.toString());
        // lenet1, lenet4, lenet4-boosted, lenet5, lenet5-modern and the four MLPs
        assertEquals(9, withWeights.size(), withWeights.toString());
        assertTrue(withWeights.contains("lenet5=[\"mnist\",\"mnist-dist\"]"), withWeights.toString());
        CommandTest.Result text = CommandTest.run("list", "lenet5*");
        assertTrue(text.out().contains("weights: lenet5-modern@mnist, lenet5-modern@fashion-mnist"), text.out());
    }

    @Test
    void unknownWeightsAreOneLineNamingWhatExists() {
        CommandTest.Result r = CommandTest.run("eval", "lenet5-modern@cifar10");
        assertEquals(1, r.code());
        assertEquals("zoo eval: no weights 'cifar10' for lenet5-modern; it has: mnist, fashion-mnist", r.err().strip());
        CommandTest.Result none = CommandTest.run("predict", "--model", "resnet18@imagenet", "--image", "x.png");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no shipped weights for resnet18; weights exist for: "), none.err());
    }
}
