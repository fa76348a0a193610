package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.Pretrained;
import io.github.classiczoo.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Issue 30: every shipped weight set's record replays — `zoo verify ID --epochs 1` gives the recorded figures of its first epoch
 * again, exactly (one epoch, not two: the second doubled the test's share of the suite, and resuming mid-run is
 * KillAndResumeTest's). On any machine CI runs on, this also says whether the CPU path is still deterministic there. Two
 * replays at a time, each a process on one native thread as the launcher runs the LeNets (the records were made so).
 */
class ShippedRunsReplayTest {

    record Outcome(String id, int code, String out) {
    }

    @Test
    void everyShippedRunReplaysItsFirstEpoch() throws Exception {
        List<Pretrained> all = Pretrained.all();
        assertTrue(all.size() >= 16, "the LeNet family's weight sets: " + all.size());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Outcome>> running = new ArrayList<>();
            for (Pretrained p : all) {
                if (!p.id().equals("lenet4-boosted@mnist")) {
                    running.add(pool.submit(() -> verify(p.id())));
                }
            }
            // the boosted record's epochs are its net 1's, the lenet4 recipe's run: replaying lenet4@mnist replays them
            JsonNode boosted = Json.read(Pretrained.parse("lenet4-boosted@mnist").manifest());
            JsonNode lenet4 = Json.read(Pretrained.parse("lenet4@mnist").manifest());
            assertEquals("lenet4", boosted.get("recipe").get("boosting").asText());
            assertEquals(lenet4.get("history").size(), boosted.get("history").size());
            for (int e = 0; e < lenet4.get("history").size(); e++) {
                ObjectNode x = (ObjectNode) boosted.get("history").get(e).deepCopy(), y = (ObjectNode) lenet4.get("history").get(e).deepCopy();
                x.remove("seconds");
                y.remove("seconds");
                assertEquals(y, x, "boosted net 1's epoch " + (e + 1));
            }
            List<String> failed = new ArrayList<>();
            for (Future<Outcome> f : running) {
                Outcome o = f.get(20, TimeUnit.MINUTES);
                if (o.code() != 0 || !o.out().contains(o.id() + ": epoch 1 of ")) {
                    failed.add(o.id() + " (exit " + o.code() + "):\n" + o.out());
                }
            }
            assertEquals(List.of(), failed);
        } finally {
            pool.shutdownNow();
        }
    }

    static Outcome verify(String id) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC", "-Xmn200m",
                "-cp", System.getProperty("java.class.path"), Zoo.class.getName(), "verify", id, "--epochs", "1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("ZOO_AUTO_THREADS", "1");
        pb.redirectErrorStream(true); // a refusal's one line is on stderr
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Outcome(id, -1, "timed out\n" + out);
        }
        return new Outcome(id, p.exitValue(), out);
    }
}
