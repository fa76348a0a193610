package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.app.CommandTest.Result;
import io.github.classiczoo.app.search.SparkTrials;
import io.github.classiczoo.app.search.Sweep;
import io.github.classiczoo.app.search.Trial;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.testing.TestData;
import io.github.classiczoo.spark.SparkFitter;
import io.github.classiczoo.train.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * {@code zoo search --spark} inside: a trial rebuilt from the command line as an executor in another JVM does it, and
 * lost tasks retried, recorded and run again by a rerun. (The whole command against a local search, figure for figure,
 * is in integration-tests' SparkCommandTest, through the launcher.)
 */
@Tag("spark")
class SparkSearchTest {

    @BeforeAll
    static void mnist() {
        TestData.store();
    }

    /**
     * The command in this JVM as {@link CommandTest#run} does, but without the launcher's process-wide deserialization
     * filter ({@link Zoo#run} sets it for a command without --spark), which Spark's local mode in this JVM cannot work under.
     */
    static Result run(String... args) {
        java.io.PrintStream oldOut = System.out, oldErr = System.err;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            int code = new picocli.CommandLine(new Zoo()).execute(args);
            return new Result(code, out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static List<String> args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "1",
                "--subset", "1000", "--trials", "3", "--seed", "5"));
        a.addAll(List.of(extra));
        return a;
    }

    static JsonNode json(Path f) throws Exception {
        return Json.read(Files.readString(f));
    }

    @Test
    void anExecutorThatRebuildsTheSearchFromItsCommandLineRunsTheSameTrial(@TempDir Path tmp) throws Exception {
        Result local = run(args(tmp.resolve("local")).toArray(String[]::new));
        assertEquals(0, local.code(), local.err());
        // as on an executor in another JVM: nothing registered, relative paths resolved against the driver's directory
        Files.createDirectories(tmp.resolve("remote/trials"));
        List<String> cmd = args(Path.of("remote"), "--spark", "spark://elsewhere:7077");
        String row = new SearchCommand.TrialTask(cmd, tmp.toString()).call(2);
        JsonNode t = Json.read(row);
        JsonNode want = json(tmp.resolve("local/results.json")).get("trials").get(1);
        assertEquals(2, t.get("id").asInt());
        assertEquals(want.get("params"), t.get("params"));
        assertEquals(want.get("valAccuracy").asDouble(), t.get("valAccuracy").asDouble(), 0.0);
        assertTrue(Files.exists(tmp.resolve("remote").resolve(Trial.dirName(2)).resolve("manifest.json")));
    }

    /** ASHA with trials as Spark tasks, two at a time on local[2]: the executors decide on what the trials have recorded. */
    @Test
    void ashaOnSparkStopsTrialsAtItsRungs(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        Result r = run("search", "lenet5-modern", "--dataset", "mnist", "--out", out.toString(), "--epochs", "4", "--subset", "600", "--trials", "6",
                "--seed", "5", "--scheduler", "asha", "--eta", "2", "--spark", "local[2]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("2 trial(s) at once"), r.err());
        SearchCommandTest.assertAshaInvariants(out, new io.github.classiczoo.app.search.Scheduler(io.github.classiczoo.app.search.Scheduler.Kind.ASHA, 2, 1, 4), 6);
        assertTrue(Files.exists(out.resolve("best.json")));
    }

    /** An ablation's runs as Spark tasks on local[2] give the figures the same runs give in this JVM one at a time. */
    @Test
    void anAblationOnSparkGivesTheSameTestErrorsAsALocalOne(@TempDir Path tmp) throws Exception {
        List<String> a = List.of("ablate", "lenet5-modern", "--knob", "pool=max,avg", "--dataset", "mnist", "--seeds", "2", "--subset", "600",
                "--epochs", "1");
        List<String> local = new ArrayList<>(a);
        local.addAll(List.of("--out", tmp.resolve("local").toString()));
        List<String> spark = new ArrayList<>(a);
        spark.addAll(List.of("--out", tmp.resolve("spark").toString(), "--spark", "local[2]"));
        Result l = run(local.toArray(String[]::new)), s = run(spark.toArray(String[]::new));
        assertEquals(0, l.code(), l.err());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.err().contains("2 trial(s) at once"), s.err());
        assertEquals(json(tmp.resolve("local/ablation.json")).get("variants"), json(tmp.resolve("spark/ablation.json")).get("variants"));
    }

    /** An ablation's run on an executor in another JVM: rebuilt from the command line, relative --out resolved as the driver's. */
    @Test
    void anExecutorRebuildsAnAblationFromItsCommandLine(@TempDir Path tmp) throws Exception {
        List<String> a = List.of("ablate", "lenet5-modern", "--knob", "pool=max,avg", "--dataset", "mnist", "--seeds", "1", "--subset", "600",
                "--epochs", "1");
        List<String> local = new ArrayList<>(a);
        local.addAll(List.of("--out", tmp.resolve("local").toString()));
        assertEquals(0, run(local.toArray(String[]::new)).code());
        Files.createDirectories(tmp.resolve("remote/trials"));
        List<String> cmd = new ArrayList<>(a);
        cmd.addAll(List.of("--out", "remote", "--spark", "spark://elsewhere:7077"));
        JsonNode t = Json.read(new SearchCommand.TrialTask(cmd, tmp.toString()).call(2));
        assertEquals(json(tmp.resolve("local/results.json")).get("trials").get(1).get("params"), t.get("params"));
        assertEquals(json(tmp.resolve("local").resolve(Trial.dirName(2)).resolve("manifest.json")).get("final").get("top1"),
                json(tmp.resolve("remote").resolve(Trial.dirName(2)).resolve("manifest.json")).get("final").get("top1"));
    }

    /** Fails every attempt of trial 2, and the first attempt of trial 1, as a lost executor would; runs the real trial otherwise. */
    static final class Flaky implements Function<Integer, String> {
        private static final long serialVersionUID = 1L;
        private final SearchCommand.TrialTask real;

        Flaky(SearchCommand.TrialTask real) {
            this.real = real;
        }

        @Override
        public String call(Integer id) throws Exception {
            if (id == 2 || (id == 1 && TaskContext.get().attemptNumber() == 0)) {
                throw new IllegalStateException("executor lost (simulated) on attempt " + TaskContext.get().attemptNumber());
            }
            return real.call(id);
        }
    }

    @Test
    void aLostTaskIsRetriedThenRecordedAsLostAndARerunRunsItAgain(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("s");
        List<String> cmd = args(out, "--spark", "local[1,2]");
        SearchCommand c = (SearchCommand) new picocli.CommandLine(new Zoo()).parseArgs(cmd.toArray(String[]::new)).subcommand().commandSpec().userObject();
        SearchCommand.Plan p = c.plan();
        Sweep sweep = c.sweep(p, TrainingJob.load(p.base(), c.data.store(), null, c.subset), 1);
        Sweep.Outcome o;
        try (JavaSparkContext sc = new JavaSparkContext(SparkFitter.conf("local[1,2]", "lost-task test"));
             SparkTrials st = new SparkTrials(sc, new Flaky(new SearchCommand.TrialTask(cmd, tmp.toString())))) {
            o = sweep.runTrialsWith(id -> st.run(id, p.candidates().get(id - 1))).run();
        }
        Map<Integer, Trial> byId = new java.util.TreeMap<>();
        o.trials().forEach(t -> byId.put(t.id(), t));
        assertEquals(Trial.Status.OK, byId.get(1).status(), "retried after one lost attempt: " + byId.get(1).error());
        assertEquals(Trial.Status.LOST, byId.get(2).status());
        assertTrue(byId.get(2).error().contains("executor lost (simulated) on attempt 1"), byId.get(2).error());
        assertEquals(Trial.Status.OK, byId.get(3).status());
        assertEquals(1, o.lost());
        assertTrue(o.best().isEmpty(), "no test-set evaluation while a trial is still to run");
        assertTrue(Files.notExists(out.resolve("best.json")));

        // a rerun runs the lost trial only, then chooses and tests the best
        Result again = run(args(out, "--spark", "local[1]").toArray(String[]::new));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("trial 2 was lost with its Spark task last time"), again.err());
        assertTrue(again.err().contains("1 to run"), again.err());
        JsonNode trials = json(out.resolve("results.json")).get("trials");
        assertEquals(3, trials.size());
        trials.forEach(t -> assertEquals("ok", t.get("status").asText(), t.toString()));
        assertTrue(Files.exists(out.resolve("best.json")));
    }

    /** An executor that drew other candidates (another --space file on its machine) ran them under this trial's number. */
    static final class OtherCandidates implements Function<Integer, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Integer id) {
            return Json.write(new Trial(id, Map.of("lr", "9.0"), Trial.Status.OK, 0.5, 1.0, 1, 1, 1.0, "s", "e", null).toMap());
        }
    }

    @Test
    void aTrialTheExecutorRanWithOtherParametersIsRecordedAsFailed() {
        try (JavaSparkContext sc = new JavaSparkContext(SparkFitter.conf("local[1]", "candidate check"));
             SparkTrials st = new SparkTrials(sc, new OtherCandidates())) {
            Trial t = st.run(4, Map.of("lr", "0.001"));
            assertEquals(Trial.Status.FAILED, t.status());
            assertEquals(Map.of("lr", "0.001"), t.params());
            assertTrue(t.error().contains("the executor ran {lr=9.0} as trial 4, not the driver's {lr=0.001}"), t.error());
        }
    }

    /** The command line the executors parse again: all of it (not the subcommand's part), with @-files expanded. */
    @Test
    void theExecutorsGetTheWholeCommandLineWithAtFilesExpanded(@TempDir Path tmp) throws Exception {
        Path opts = tmp.resolve("opts.txt");
        Files.writeString(opts, "--dataset mnist --trials 3\n");
        picocli.CommandLine root = new picocli.CommandLine(new Zoo());
        var pr = root.parseArgs("search", "lenet5-modern", "@" + opts, "--out", "s", "--spark", "local[1]");
        SearchCommand c = (SearchCommand) pr.subcommand().commandSpec().userObject();
        assertEquals(List.of("search", "lenet5-modern", "--dataset", "mnist", "--trials", "3", "--out", "s", "--spark", "local[1]"), c.commandLine());
        // and they parse to the same search
        SearchCommand again = (SearchCommand) new picocli.CommandLine(new Zoo()).parseArgs(c.commandLine().toArray(String[]::new))
                .subcommand().commandSpec().userObject();
        assertEquals(c.plan().candidates(), again.plan().candidates());
    }
}
