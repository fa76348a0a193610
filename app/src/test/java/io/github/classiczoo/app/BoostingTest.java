package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** Boosted LeNet-4's recipe end to end on a subset: three nets, filtered sets, the joined graph, its record and replay. */
class BoostingTest {

    @TempDir
    Path dir;

    @Test
    void threeNetsAreTrainedFilteredAndJoinedAndNetOneReplays() throws Exception {
        Path run = dir.resolve("boosted");
        CommandTest.Result r = CommandTest.run("reproduce", "lenet4-boosted", "--subset", "600", "--epochs", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = Json.read(Files.readString(run.resolve("manifest.json")));
        assertEquals("lenet4-boosted", m.get("model").asText());
        assertEquals("lenet4", m.get("recipe").get("boosting").asText());
        JsonNode stages = m.get("stages");
        assertEquals(3, stages.size());
        for (int k = 2; k <= 3; k++) {
            JsonNode s = stages.get(k - 1);
            assertEquals(600, s.get("patterns").asInt(), "a filtered set as large as the training set");
            assertTrue(s.get("candidates").asLong() > 600, "filtering drops candidates");
            JsonNode net = Json.read(Files.readString(run.resolve("net" + k).resolve("manifest.json")));
            assertEquals(600, net.get("trainImages").asInt());
        }
        // the joined graph's branches are the three nets, parameter for parameter
        ComputationGraph boosted = ModelFile.load(run.resolve(ModelFile.LAST));
        for (int k = 1; k <= 3; k++) {
            ComputationGraph net = ModelFile.load(run.resolve("net" + k).resolve(ModelFile.LAST));
            for (Layer l : net.getLayers()) {
                for (var p : l.paramTable().entrySet()) {
                    String name = "net" + k + "." + l.conf().getLayer().getLayerName();
                    assertEquals(p.getValue(), boosted.getLayer(name).getParam(p.getKey()), name + " " + p.getKey());
                }
            }
        }
        // its probabilities are the mean of the three nets'
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 1, 32, 32);
        org.nd4j.linalg.api.ndarray.INDArray mean = x.mul(0).sum(1, 2, 3).reshape(3, 1).repeat(1, 10);
        for (int k = 1; k <= 3; k++) {
            mean.addi(ModelFile.load(run.resolve("net" + k).resolve(ModelFile.LAST)).outputSingle(x).div(3));
        }
        assertTrue(boosted.outputSingle(x).equalsWithEps(mean, 1e-5), "mean of the nets' probabilities");
        CommandTest.Result eval = CommandTest.run("eval", run.resolve(ModelFile.LAST).toString());
        assertEquals(0, eval.code(), eval.err());
        CommandTest.Result verify = CommandTest.run("verify", run.toString());
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.err().contains("is a boosted run; its record of net 1 (lenet4, recipe lenet4) is replayed"), verify.err());
        assertTrue(verify.out().contains("epoch 1 of 1 replayed; all 8 recorded figures are equal"), verify.out());
    }

    @Test
    void aBoostedRunNeitherResumesNorWritesIntoAFullDirectory() throws Exception {
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "mine");
        Hostile.refused(dir, "is not empty: a boosted run starts in an empty directory", "reproduce", "lenet4-boosted", "--subset", "60",
                "--out", full.toString());
        Hostile.refused(dir, "trains three nets by boosting; it takes no --resume", "reproduce", "lenet4-boosted", "--resume", full.toString());
    }
}
