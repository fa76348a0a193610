package io.github.classiczoo.app.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;

/** A trial's status as results.json has always written it: the same words in, the same words out. */
class TrialTest {

    /** The trials of a results.json as the zoo wrote it before the status was an enum (one of each status). */
    static final String OLD_RESULTS = """
            {"search":{"model":"lenet5-modern","dataset":"mnist","recipe":"lenet-search","strategy":"grid","seed":42,"epochs":1,\
            "subset":300,"gridPoints":2,"space":{}},"trials":[
            {"id":1,"status":"ok","params":{"lr":"0.001"},"valAccuracy":0.9,"valLoss":0.3,"bestEpoch":1,"epochs":1,"seconds":2.5,\
            "started":"2026-01-01T00:00:00Z","ended":"2026-01-01T00:00:02Z","error":null,"runDir":"trials/0001"},
            {"id":2,"status":"diverged","params":{"lr":"9.0"},"valAccuracy":null,"valLoss":null,"bestEpoch":null,"epochs":1,"seconds":1.0,\
            "started":"s","ended":"e","error":"loss NaN at iteration 3","runDir":"trials/0002"},
            {"id":3,"status":"failed","params":{"lr":"0.01"},"valAccuracy":null,"valLoss":null,"bestEpoch":null,"epochs":0,"seconds":0.1,\
            "started":"s","ended":"e","error":"out of memory: Java heap space","runDir":"trials/0003"},
            {"id":4,"status":"lost","params":{"lr":"0.02"},"valAccuracy":null,"valLoss":null,"bestEpoch":null,"epochs":0,"seconds":3.0,\
            "started":"s","ended":"e","error":"executor lost","runDir":"trials/0004"},
            {"id":5,"status":"interrupted","params":{"lr":"0.03"},"valAccuracy":null,"valLoss":null,"bestEpoch":null,"epochs":0,\
            "seconds":0.2,"started":"s","ended":"e","error":"no space left on device","runDir":"trials/0005"}]}
            """;

    @Test
    void anOldResultsFileReadsAndWritesBackTheSameWords() {
        JsonNode file = Json.read(OLD_RESULTS);
        List<Trial> trials = new ArrayList<>();
        file.get("trials").forEach(t -> trials.add(Trial.fromJson(t)));
        assertEquals(List.of(Trial.Status.OK, Trial.Status.DIVERGED, Trial.Status.FAILED, Trial.Status.LOST, Trial.Status.INTERRUPTED),
                trials.stream().map(Trial::status).toList());
        assertTrue(trials.get(0).ok() && !trials.get(0).rerun());
        assertTrue(trials.get(3).lost() && trials.get(3).rerun());
        assertTrue(trials.get(4).interrupted() && trials.get(4).rerun());
        assertFalse(trials.get(1).ok() || trials.get(1).rerun());
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(file.get("trials").get(i), Json.read(Json.write(trials.get(i).toMap())), "trial " + (i + 1) + " written back");
        }
        // the CSV gained a rung column (empty without ASHA) at its end
        assertEquals("2,diverged,9.0,,,,1,1.0,s,e,loss NaN at iteration 3,", trials.get(1).csv(List.of("lr")));
        assertEquals(Strategy.GRID, Strategy.parse(file.get("search").get("strategy").asText()));
    }

    @Test
    void aStatusTheZooNeverWroteIsRefusedWithTheWordsItKnows() {
        JsonNode bad = Json.read(Json.write(Map.of("id", 1, "status", "OK", "params", Map.of(), "epochs", 0, "seconds", 0, "started", "s",
                "ended", "e", "error", "x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trial.fromJson(bad));
        assertEquals("trial status must be ok, stopped, diverged, failed, lost or interrupted; got 'OK'", e.getMessage());
    }
}
