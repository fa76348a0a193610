package io.github.classiczoo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;

/** The ./zoo script at the repository root, as a user runs it. */
class LauncherTest {

    @Test
    void zooSummaryRunsFromTheRepositoryRoot() throws Exception {
        Processes.Result r = Processes.run(Processes.repoRoot(), 600, List.of("./zoo", "summary", "lenet5", "--json"));
        assertEquals(0, r.code(), r.out());
        String json = r.out().substring(r.out().indexOf('{'));
        JsonNode j = Json.read(json);
        assertEquals(60000, j.get("params").asLong());
    }

    @Test
    void zooHelpExplainsTheCommands() throws Exception {
        Processes.Result r = Processes.run(Processes.repoRoot(), 600, List.of("./zoo", "--help"));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("summary") && r.out().contains("list"), r.out());
    }
}
