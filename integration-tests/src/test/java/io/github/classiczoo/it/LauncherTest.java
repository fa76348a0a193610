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

    /**
     * Issue 17: when the launcher is stale, ./zoo rebuilds it and says so, without terminal escape codes in its output (Maven
     * 3.9 wrote ESC[0m even with colours off). The jar is made older than the sources, as after a `git pull`.
     */
    @Test
    void aStaleLauncherRebuildsWithPlainOutput() throws Exception {
        java.nio.file.Path jar = Processes.repoRoot().resolve("app/target/zoo.jar");
        java.nio.file.Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(946_684_800_000L)); // 2000-01-01
        Processes.Result r = Processes.run(Processes.repoRoot(), 900, List.of("./zoo", "--version"));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("zoo: building the launcher"), r.out());
        assertTrue(r.out().contains("classic-zoo"), r.out());
        assertTrue(r.out().chars().noneMatch(c -> c == 0x1b), "escape codes in: " + r.out().replace("\u001b", "ESC"));
        assertTrue(java.nio.file.Files.getLastModifiedTime(jar).toMillis() > 946_684_800_000L, "the rebuilt jar is current");
    }
}
