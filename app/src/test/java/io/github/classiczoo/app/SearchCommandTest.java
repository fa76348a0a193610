package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.app.CommandTest.Result;
import io.github.classiczoo.app.search.Candidates;
import io.github.classiczoo.app.search.Scheduler;
import io.github.classiczoo.app.search.Trial;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.testing.KillSwitch;
import io.github.classiczoo.train.Evaluator;
import io.github.classiczoo.train.Metrics;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Recipe;
import io.github.classiczoo.train.Trainer;
import io.github.classiczoo.train.TrainingJob;
import io.github.classiczoo.train.search.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** zoo search on real MNIST subsets: its files agree, a grid is the grid, failures are recorded, a halted search resumes. */
class SearchCommandTest {

    @BeforeAll
    static void mnist() {
        TestData.store(); // fetch MNIST into the cache the command reads
    }

    static Result search(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "1"));
        args.addAll(List.of(extra));
        return CommandTest.run(args.toArray(String[]::new));
    }

    static Path space(Path dir, String json) throws Exception {
        Path f = dir.resolve("space.json");
        Files.writeString(f, json);
        return f;
    }

    static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] head = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1); // the ok rows compared here have no quoted fields
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) {
                row.put(head[i], f[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void aRandomSearchOfFourTrialsAgreesWithItsFilesAndItsBestModel(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        // the family's default space, with the slowest corners (batch 32, width up to 2) left out to keep the test short
        Path f = space(tmp, "{\"params\": {\"batch\": {\"values\": [64, 128]}, \"width\": {\"range\": [0.5, 1.0]}}}");
        Result r = search(out, "--trials", "4", "--subset", "2000", "--seed", "3", "--space", f.toString());
        assertEquals(0, r.code(), r.err());
        // one convention with `zoo train` (issue 17): errors, said in full
        assertTrue(r.out().contains("val error") && r.out().contains("validation error ") && r.out().contains("test error "), r.out());
        assertTrue(r.err().contains("best so far: trial ") && !r.err().contains("accuracy"), r.err());

        List<Map<String, String>> rows = csv(out.resolve("results.csv"));
        JsonNode json = Json.read(Files.readString(out.resolve("results.json")));
        JsonNode trials = json.get("trials");
        assertEquals(4, rows.size());
        assertEquals(4, trials.size());
        int bestId = -1;
        double bestAcc = -1;
        for (int i = 0; i < 4; i++) {
            Map<String, String> row = rows.get(i);
            JsonNode t = trials.get(i);
            assertEquals(i + 1, t.get("id").asInt());
            assertEquals(row.get("id"), t.get("id").asText());
            assertEquals("ok", row.get("status"), row.toString());
            assertEquals(Double.parseDouble(row.get("val_accuracy")), t.get("valAccuracy").asDouble());
            assertEquals(Double.parseDouble(row.get("val_loss")), t.get("valLoss").asDouble());
            for (String p : List.of("lr", "weight-decay", "batch", "width", "activation", "pool")) {
                assertEquals(row.get(p), t.get("params").get(p).asText(), p);
            }
            // each trial's own run directory agrees with the row (1 epoch, so its last epoch is its best)
            List<String> metrics = Files.readAllLines(out.resolve(t.get("runDir").asText()).resolve("metrics.csv"));
            assertEquals(2, metrics.size());
            JsonNode manifest = Json.read(Files.readString(out.resolve(t.get("runDir").asText()).resolve("manifest.json")));
            assertEquals("finished", manifest.get("status").asText());
            assertFalse(manifest.has("final"), "trial " + (i + 1) + " was evaluated on the test set"); // only the best is, once
            double acc = t.get("valAccuracy").asDouble();
            if (acc > bestAcc) {
                bestAcc = acc;
                bestId = t.get("id").asInt();
            }
        }
        JsonNode best = Json.read(Files.readString(out.resolve("best.json")));
        assertEquals(bestId, best.get("trial").asInt());
        assertEquals(bestId, json.get("best").get("trial").asInt());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "best: trial %d ", bestId)), r.out());
        assertEquals(333, best.get("test").get("examples").asInt()); // 2,000 / 6 test images, evaluated once

        // the saved best model, reloaded and evaluated on the same validation split, scores what the results say
        Path model = out.resolve(best.get("model").asText());
        ComputationGraph net = ModelFile.load(model);
        Map<String, String> params = new LinkedHashMap<>();
        best.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        ZooModel m = Zoo.registry().get("lenet5-modern");
        SearchSpace space = Zoo.recipes().searchSpace(Zoo.registry().get("lenet5-modern"));
        Recipe recipe = new SearchSpace(space.base().withDataset("mnist").withSeed(3).withEpochs(1), space.params()).recipe(params);
        TrainingJob.Sources src = TrainingJob.load(recipe, TestData.store(), null, 2000);
        assertEquals(200, src.validation().size());
        Trainer.Data d = src.forInput(m.defaultInput(), recipe);
        Metrics v = Evaluator.evaluate(net, new Batches(d.validation(), m.defaultInput(), d.normalization(), d.validationTransform(), 256, false, 3),
                "validation", Progress.silent());
        assertEquals(bestAcc, v.top1());
        assertEquals(ModelFile.info(model).knobs().get("width"), params.get("width"));

        for (String p : List.of("lr", "weight-decay", "batch", "width", "activation", "pool")) {
            assertTrue(Files.size(out.resolve("plots/score-vs-" + p + ".png")) > 1000, p);
        }
    }

    @Test
    void aGridOverTwoKnobsIsExactlyTheirProduct(@TempDir Path tmp) throws Exception {
        Path f = space(tmp, "{\"replace\": true, \"params\": {\"width\": {\"values\": [0.5, 1, 2]}, \"pool\": {\"values\": [\"max\", \"avg\"]}}}");
        ZooModel m = Zoo.registry().get("lenet5-modern");
        SearchSpace s = Zoo.recipes().searchSpace(m).withFile(f).check(m);
        List<Map<String, String>> grid = Candidates.grid(s, 3, Integer.MAX_VALUE);
        Set<Map<String, String>> expected = new HashSet<>();
        for (String w : List.of("0.5", "1.0", "2.0")) {
            for (String p : List.of("max", "avg")) {
                expected.add(Map.of("width", w, "pool", p));
            }
        }
        assertEquals(6, grid.size());
        assertEquals(expected, new HashSet<>(grid)); // 6 distinct candidates equal to the 6 of the product: each once

        // a log range is gridded at log-spaced points; a fixed value stays fixed
        SearchSpace logs = new SearchSpace(s.base(), List.of(SearchSpace.Param.log("lr", 1e-4, 1e-2), SearchSpace.Param.values("pool", "avg")));
        assertEquals(List.of("1.0E-4", "0.001", "0.01"), Candidates.grid(logs, 3, 10).stream().map(c -> c.get("lr")).toList());
        assertTrue(Candidates.grid(logs, 3, 10).stream().allMatch(c -> c.get("pool").equals("avg")));

        Result dry = search(tmp.resolve("dry"), "--strategy", "grid", "--space", f.toString(), "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("6 candidates:"), dry.out());
    }

    @Test
    void everyModelsDefaultSpaceChecksAndItsCandidatesAreValidSpecs() {
        for (ZooModel m : Zoo.registry().all()) {
            SearchSpace s = Zoo.recipes().searchSpace(m).check(m);
            assertTrue(s.names().containsAll(List.of("lr", "weight-decay", "batch")), m.name() + ": " + s.names());
            for (Map<String, String> c : Candidates.random(s, 5, 1)) {
                Map<String, String> built = m.spec(SearchSpace.knobs(c)).knobs(); // the model's own validation accepts the draw as is
                SearchSpace.knobs(c).forEach((k, v) -> assertEquals(v, built.get(k), m.name() + " " + k));
                Recipe r = s.recipe(c);
                assertEquals(Double.parseDouble(c.get("lr")), r.optimizer().lr());
                assertEquals(Integer.parseInt(c.get("batch")), r.batchSize());
            }
        }
        // the families' own choices reach the space: momentum for the SGD-trained ones, their architecture knobs
        assertTrue(Zoo.recipes().searchSpace(Zoo.registry().get("resnet20")).names().containsAll(List.of("momentum", "shortcut", "width")));
        assertTrue(Zoo.recipes().searchSpace(Zoo.registry().get("alexnet")).names().containsAll(List.of("momentum", "dropout", "lrn")));
        assertTrue(Zoo.recipes().searchSpace(Zoo.registry().get("googlenet")).names().contains("aux"));
    }

    @Test
    void theSameSeedDrawsTheSameCandidatesInTheSameOrder() {
        SearchSpace s = Zoo.recipes().searchSpace(Zoo.registry().get("lenet5-modern")).check(Zoo.registry().get("lenet5-modern"));
        List<Map<String, String>> a = Candidates.random(s, 8, 7);
        assertEquals(a, Candidates.random(s, 8, 7));
        assertEquals(8, new HashSet<>(a).size());
        assertNotEquals(a, Candidates.random(s, 8, 8));
        assertEquals(a.subList(0, 4), Candidates.random(s, 4, 7)); // more trials extend the same list
        for (Map<String, String> c : a) {
            double lr = Double.parseDouble(c.get("lr"));
            assertTrue(lr >= 1e-4 && lr <= 1e-2, c.toString());
            assertTrue(List.of("32", "64", "128").contains(c.get("batch")), c.toString());
        }
    }

    @Test
    void aDivergingCandidateIsRecordedAsFailedAndTheSearchGoesOn(@TempDir Path tmp) throws Exception {
        // Adam at 1e10 overflows float32 by the second step (NaN loss). At 1e6 it does not: the ReLUs die and DL4J clips
        // softmax cross-entropy at -ln(1e-10), so such a trial ends "ok" at chance accuracy and simply ranks last.
        Path f = space(tmp, "{\"replace\": true, \"params\": {\"lr\": {\"values\": [1e10, 1e-3]}}}");
        Path out = tmp.resolve("s");
        Result r = search(out, "--strategy", "grid", "--space", f.toString(), "--subset", "300", "--parallel", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode t = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        assertEquals(2, t.size());
        assertEquals("diverged", t.get(0).get("status").asText());
        assertTrue(t.get(0).get("error").asText().contains("training diverged: loss became"), t.get(0).toString());
        assertTrue(t.get(0).get("valAccuracy").isNull());
        assertEquals("ok", t.get(1).get("status").asText());
        assertEquals(2, Json.read(Files.readString(out.resolve("best.json"))).get("trial").asInt());
        assertTrue(Files.readAllLines(out.resolve("results.csv")).get(1).startsWith("1,diverged,1.0E10,"));
        assertTrue(r.out().contains("trial 0001 diverged: training diverged"), r.out());
        // run side by side, each trial kept its own directory
        assertEquals(1e10, Json.read(Files.readString(out.resolve("trials/0001/manifest.json"))).get("recipe").get("optimizer").get("lr").asDouble());
        assertEquals(1e-3, Json.read(Files.readString(out.resolve("trials/0002/manifest.json"))).get("recipe").get("optimizer").get("lr").asDouble());
        assertEquals("diverged", Json.read(Files.readString(out.resolve("trials/0001/manifest.json"))).get("status").asText());
    }

    @Test
    void aSearchHaltedAfterTwoTrialsResumesWithoutRerunningThem(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        Path f = space(tmp, "{\"replace\": true, \"params\": {\"lr\": {\"log\": [1e-3, 3e-3]}, \"pool\": {\"values\": [\"max\", \"avg\"]}}}");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Zoo.class.getName(),
                "search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "1", "--trials", "3", "--subset", "600",
                "--space", f.toString()));
        // killed from outside (SIGKILL: no shutdown hooks, no finally blocks) once it reports its second trial recorded
        KillSwitch.Result k = KillSwitch.run(tmp, Map.of(), cmd, l -> l.startsWith("trial 2/3 "), null, 300);
        String log = k.out();
        assertTrue(k.killed(), log);
        assertEquals(137, k.code(), log);
        JsonNode before = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        assertEquals(2, before.size(), log);
        assertFalse(Files.exists(out.resolve("best.json")));
        // the recorded trials and the search's own files are complete (a write killed inside trial 3 may leave its temporary file there)
        try (var s = Files.walk(out)) {
            assertTrue(s.noneMatch(x -> io.github.classiczoo.core.util.Files2.isTemp(x.getFileName().toString()) && !x.startsWith(out.resolve("trials/0003"))),
                    "a temporary file was left behind");
        }
        // what a kill in the middle of trial 3 leaves: a run directory of the search's own, not finished
        Files.createDirectories(out.resolve("trials/0003"));
        Files.writeString(out.resolve("trials/0003/manifest.json"), "{\"status\": \"running\", \"partOf\": \"search trial 3\"}");

        Result r = search(out, "--trials", "3", "--subset", "600", "--space", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("2 trial(s) recorded, 1 to run"), r.err());
        assertTrue(r.err().contains("trial 3 was interrupted"), r.err());
        assertFalse(r.err().contains("trial 1/3: {"), "trial 1 ran again:\n" + r.err());
        assertFalse(r.err().contains("trial 2/3: {"), "trial 2 ran again:\n" + r.err());
        JsonNode after = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        assertEquals(3, after.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(before.get(i), after.get(i)); // ids, parameters, scores and timestamps unchanged
        }
        assertEquals("ok", after.get(2).get("status").asText());
        try (var s = Files.walk(out)) {
            assertTrue(s.noneMatch(x -> io.github.classiczoo.core.util.Files2.isTemp(x.getFileName().toString())), "a temporary file was left behind by the rerun");
        }
        assertTrue(after.get(2).get("started").asText().compareTo(before.get(1).get("ended").asText()) > 0);

        Result other = search(out, "--trials", "3", "--subset", "600", "--space", f.toString(), "--seed", "9");
        assertEquals(1, other.code());
        assertTrue(other.err().contains("holds a different search (seed 42 there, 9 here)"), other.err());
    }

    /** Every trial's validation errors by epoch, from its manifest. */
    static Map<Integer, double[]> curves(Path out, int trials) throws Exception {
        Map<Integer, double[]> c = new java.util.TreeMap<>();
        for (int id = 1; id <= trials; id++) {
            JsonNode h = Json.read(Files.readString(out.resolve(Trial.dirName(id)).resolve("manifest.json"))).get("history");
            double[] e = new double[h.size()];
            for (int i = 0; i < e.length; i++) {
                e[i] = 1 - h.get(i).get("top1").asDouble();
            }
            c.put(id, e);
        }
        return c;
    }

    /**
     * Checks a search whose trials ran one after another in id order: each trial's stop (or its run to the end) is the
     * scheduler's decision on the curves of the trials before it (finished, so whole) and its own so far, with the reason
     * and rung recorded. Returns the epochs trained in all.
     */
    static int assertDecisionsReplay(Path out, Scheduler s, int trials) throws Exception {
        Map<Integer, double[]> all = curves(out, trials);
        JsonNode rows = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        int total = 0;
        for (int id = 1; id <= trials; id++) {
            Map<Integer, double[]> seen = new java.util.TreeMap<>();
            for (int j = 1; j < id; j++) {
                seen.put(j, all.get(j));
            }
            String why = null;
            int epochs = s.maxEpochs();
            for (int e = 1; e <= s.maxEpochs() && why == null; e++) {
                seen.put(id, java.util.Arrays.copyOf(all.get(id), e));
                why = s.decide(id, seen);
                if (why != null) {
                    epochs = e;
                }
            }
            JsonNode row = rows.get(id - 1);
            assertEquals(id, row.get("id").asInt());
            assertEquals(epochs, row.get("epochs").asInt(), "trial " + id + ": " + row);
            assertEquals(epochs, all.get(id).length, "trial " + id + "'s manifest");
            assertEquals(why == null ? "ok" : "stopped", row.get("status").asText(), "trial " + id);
            assertEquals(why, row.get("error").isNull() ? null : row.get("error").asText(), "trial " + id);
            if (s.kind() == Scheduler.Kind.ASHA) {
                assertEquals(s.rungReached(epochs), row.get("rung").asInt(), "trial " + id);
            }
            total += epochs;
        }
        return total;
    }

    /**
     * What holds of an ASHA search however its trials overlapped (--parallel, Spark): a finished trial trained every epoch
     * and reached the top rung; a stopped one stopped at a rung, says which, and at that rung some other trial had done
     * better (or as well, and started earlier) — it was not in the best 1/eta of those there then, all of which are recorded.
     */
    static void assertAshaInvariants(Path out, Scheduler s, int trials) throws Exception {
        Map<Integer, double[]> all = curves(out, trials);
        JsonNode rows = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        assertEquals(trials, rows.size());
        for (JsonNode row : rows) {
            int id = row.get("id").asInt(), epochs = row.get("epochs").asInt();
            assertEquals(epochs, all.get(id).length, "trial " + id + "'s manifest");
            assertEquals(s.rungReached(epochs), row.get("rung").asInt(), row.toString());
            if (row.get("status").asText().equals("ok")) {
                assertEquals(s.maxEpochs(), epochs, row.toString());
            } else {
                assertEquals("stopped", row.get("status").asText(), row.toString());
                int k = s.rungs().indexOf(epochs);
                assertTrue(k >= 0 && k < s.rungs().size() - 1, "stopped between rungs: " + row);
                assertTrue(row.get("error").asText().startsWith("stopped at rung " + k + " (epoch " + epochs + ") by ASHA"), row.toString());
                double mine = all.get(id)[epochs - 1];
                assertTrue(all.entrySet().stream().anyMatch(e -> e.getKey() != id && e.getValue().length >= epochs
                        && (e.getValue()[epochs - 1] < mine || (e.getValue()[epochs - 1] == mine && e.getKey() < id))), "no trial did better: " + row);
            }
        }
    }

    @Test
    void ashaWithTrialsInParallelDecidesOnWhatTheOthersHaveRecorded(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        Path f = space(tmp, "{\"replace\": true, \"params\": {\"lr\": {\"log\": [1e-4, 3e-2]}, \"pool\": {\"values\": [\"max\", \"avg\"]}}}");
        Result r = CommandTest.run("search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "4", "--trials", "6",
                "--subset", "600", "--space", f.toString(), "--scheduler", "asha", "--eta", "2", "--parallel", "2");
        assertEquals(0, r.code(), r.err());
        assertAshaInvariants(out, new Scheduler(Scheduler.Kind.ASHA, 2, 1, 4), 6);
        assertTrue(Files.exists(out.resolve("best.json")));
    }

    /**
     * ASHA over 6 candidates, 4 epochs (rungs at 1 and 2, top rung 4, eta 2), killed after its second trial is recorded and
     * resumed: every decision is the scheduler's on what the trials before it recorded — the rungs survive the kill, as they
     * are read from the trials' manifests — a trial that trained to the end is the one tested, and the candidates are the
     * ones a search without a scheduler draws.
     */
    @Test
    void ashaStopsTrialsAtItsRungsAndAKilledSearchResumesWithThem(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        Path f = space(tmp, "{\"replace\": true, \"params\": {\"lr\": {\"log\": [1e-4, 3e-2]}, \"pool\": {\"values\": [\"max\", \"avg\"]}}}");
        List<String> opts = List.of("--trials", "6", "--subset", "600", "--space", f.toString(), "--scheduler", "asha", "--eta", "2", "--seed", "4");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Zoo.class.getName(),
                "search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "4"));
        cmd.addAll(opts);
        KillSwitch.Result k = KillSwitch.run(tmp, Map.of(), cmd, l -> l.startsWith("trial 2/6 "), null, 300);
        assertTrue(k.killed(), k.out());
        assertTrue(k.out().contains("early stopping: ASHA (eta 2): rungs at epochs 1, 2, 4"), k.out());

        List<String> again = new ArrayList<>(List.of("search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "4"));
        again.addAll(opts);
        Result r = CommandTest.run(again.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("2 trial(s) recorded, 4 to run"), r.err());
        Scheduler s = new Scheduler(Scheduler.Kind.ASHA, 2, 1, 4);
        int total = assertDecisionsReplay(out, s, 6);
        assertTrue(total < 6 * 4, "nothing was stopped: " + total + " epochs");
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "%,d epochs trained of the 24", total)), r.out());
        JsonNode json = Json.read(Files.readString(out.resolve("results.json")));
        JsonNode best = Json.read(Files.readString(out.resolve("best.json")));
        assertEquals(json.get("best").get("trial").asInt(), best.get("trial").asInt());
        JsonNode bestRow = json.get("trials").get(best.get("trial").asInt() - 1);
        assertEquals("ok", bestRow.get("status").asText(), "the tested trial reached the top rung");
        for (JsonNode t : json.get("trials")) { // the best finisher: no finished trial scored higher on validation
            if (t.get("status").asText().equals("ok")) {
                assertTrue(t.get("valAccuracy").asDouble() <= bestRow.get("valAccuracy").asDouble(), t.toString());
            }
        }
        assertEquals(Json.read("{\"kind\": \"asha\", \"eta\": 2, \"minEpochs\": 1}"),
                Json.read(Files.readString(out.resolve("search.json"))).get("settings").get("scheduler"));
        // the ranking puts the finishers first
        List<String> table = r.out().lines().filter(l -> l.matches("\\s*\\d{4}\\s.*")).toList();
        int lastOk = -1, firstStopped = Integer.MAX_VALUE;
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).contains(" ok ")) {
                lastOk = i;
            } else if (table.get(i).contains(" stopped ")) {
                firstStopped = Math.min(firstStopped, i);
            }
        }
        assertTrue(lastOk >= 0 && lastOk < firstStopped, String.join("\n", table));

        // the same directory without the scheduler is another search
        List<String> noScheduler = new ArrayList<>(again.subList(0, again.indexOf("--scheduler")));
        noScheduler.addAll(again.subList(again.indexOf("--scheduler") + 2, again.size()));
        Result without = CommandTest.run(noScheduler.toArray(String[]::new));
        assertEquals(1, without.code(), without.err());
        assertTrue(without.err().contains("holds a different search (scheduler {\"kind\":\"asha\",\"eta\":2,\"minEpochs\":1} there, none here)"),
                without.err());

        // same seed, same candidates with or without a scheduler
        List<String> dry = new ArrayList<>(List.of("search", "lenet5-modern", "--dataset", "mnist", "--out", tmp.resolve("dry").toString(),
                "--epochs", "4", "--trials", "6", "--space", f.toString(), "--seed", "4", "--dry-run"));
        Result plain = CommandTest.run(dry.toArray(String[]::new));
        dry.addAll(List.of("--scheduler", "asha"));
        Result asha = CommandTest.run(dry.toArray(String[]::new));
        assertEquals(0, asha.code(), asha.err());
        assertEquals(plain.out(), asha.out());
    }

    @Test
    void theMedianRuleStopsTrialsWorseThanTheOthersMedian(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        Path f = space(tmp, "{\"replace\": true, \"params\": {\"lr\": {\"values\": [0.003, 0.001, 0.0003, 0.00001, 0.000003]}}}");
        Result r = CommandTest.run("search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "3", "--trials", "5", "--strategy", "grid", "--subset", "600", "--space", f.toString(), "--scheduler", "median");
        assertEquals(0, r.code(), r.err());
        int total = assertDecisionsReplay(out, new Scheduler(Scheduler.Kind.MEDIAN, 3, 1, 3), 5);
        assertTrue(total < 15, "a learning rate of 3e-6 learns nothing in 2 epochs, and the median rule stops it: " + total);
    }

    @Test
    void schedulerOptionsAreCheckedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        Hostile.refused(tmp, "--min-epochs 3 leaves no epoch to stop at: trials train 3 epochs", "search", "lenet5-modern", "--dataset", "mnist",
                "--out", tmp.resolve("a").toString(), "--epochs", "3", "--scheduler", "asha", "--min-epochs", "3");
        Hostile.refused(tmp, "--eta must be 2 or more", "search", "lenet5-modern", "--dataset", "mnist", "--out", tmp.resolve("b").toString(),
                "--scheduler", "asha", "--eta", "1");
        Result r = CommandTest.run("search", "lenet5-modern", "--dataset", "mnist", "--out", tmp.resolve("c").toString(), "--scheduler", "hyperband");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Invalid value for option '--scheduler': scheduler must be none, asha or median; got 'hyperband'"), r.err());
        assertFalse(Files.exists(tmp.resolve("c")));
    }

    @Test
    void aSearchKilledWritingItsFirstSearchFileResumesThere(@TempDir Path tmp) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path out = Files.createDirectories(tmp.resolve("s"));
        // what a kill inside the first write of search.json leaves: half of it, under the name of a process now gone
        Path half = out.resolve(".search.json.zoo-" + gone.pid() + "-k1ll.tmp");
        Files.writeString(half, "{\"settings\": {\"mod");
        Result r = search(out, "--trials", "1", "--subset", "100");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("search.json")) && Files.exists(out.resolve("best.json")), r.err());
        assertFalse(Files.exists(half), "the killed write's temporary file was left");

        // one of a process still alive (pid 1) is somebody's write in progress: the directory is not taken over
        Path other = Files.createDirectories(tmp.resolve("o"));
        Files.writeString(other.resolve(".search.json.zoo-1-l1ve.tmp"), "{");
        Result refused = search(other, "--trials", "1", "--subset", "100");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("has files but no search.json"), refused.err());
        assertTrue(Files.exists(other.resolve(".search.json.zoo-1-l1ve.tmp")));
    }

    @Test
    void badSpaceFilesAndOptionsEndInOneLineNamingTheField(@TempDir Path tmp) throws Exception {
        Result range = search(tmp.resolve("a"), "--dry-run", "--space", space(tmp, "{\"params\": {\"width\": {\"range\": [0.1, 2]}}}").toString());
        assertEquals(1, range.code());
        assertTrue(range.err().contains("width: knob width must be in [0.25, 8.0]; got 0.1"), range.err());
        Result unknown = search(tmp.resolve("a"), "--dry-run", "--space", space(tmp, "{\"params\": {\"depth\": {\"int\": [1, 3]}}}").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("depth: not a recipe hyperparameter") && unknown.err().contains("(width, activation, pool)"), unknown.err());
        Result kind = search(tmp.resolve("a"), "--dry-run", "--space", space(tmp, "{\"params\": {\"lr\": {\"loog\": [1, 3]}}}").toString());
        assertEquals(1, kind.code());
        assertTrue(kind.err().contains("lr: unknown kind 'loog'"), kind.err());
        Result momentum = search(tmp.resolve("a"), "--dry-run", "--space", space(tmp, "{\"params\": {\"momentum\": {\"values\": [0.9]}}}").toString());
        assertEquals(1, momentum.code());
        assertTrue(momentum.err().contains("momentum: the base recipe (default) uses adam, which has no momentum"), momentum.err());
        Result json = search(tmp.resolve("a"), "--dry-run", "--space", space(tmp, "{\"params\": ").toString());
        assertEquals(1, json.code());
        assertTrue(json.err().contains("is not valid JSON"), json.err());
        Result time = search(tmp.resolve("a"), "--dry-run", "--time-limit", "soon");
        assertEquals(1, time.code());
        assertTrue(time.err().contains("--time-limit takes a duration such as 30m"), time.err());
        for (Result x : List.of(range, unknown, kind, momentum, json, time)) {
            assertEquals(1, x.err().strip().lines().count(), x.err());
        }
        Files.writeString(tmp.resolve("a-run.txt"), "not a search");
        Result notSearch = search(tmp, "--subset", "100");
        assertEquals(1, notSearch.code());
        assertTrue(notSearch.err().contains("has files but no search.json"), notSearch.err());
        for (Result x : List.of(range, unknown, kind, momentum, json, time, notSearch)) {
            assertEquals(1, x.err().lines().filter(l -> l.startsWith("zoo search: ")).count(), x.err());
        }
        assertEquals(3600 + 1800, SearchCommand.parseDuration("1h30m").toSeconds());
    }
}
