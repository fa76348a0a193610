package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.util.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;

class CommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Zoo.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void summaryJsonOfLenet5() {
        Result r = run("summary", "lenet5", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(r.out());
        assertEquals("lenet5", j.get("model").asText());
        assertEquals(60000, j.get("params").asLong());
        assertEquals(328_096, j.get("macs").asLong());
        assertEquals(32, j.get("input").get(1).asInt());
        JsonNode c3 = null;
        for (JsonNode l : j.get("layers")) {
            if (l.get("name").asText().equals("C3")) {
                c3 = l;
            }
        }
        assertEquals(1516, c3.get("params").asLong());
        assertEquals(16, c3.get("output").get(0).asInt());
        assertTrue(j.get("deviations").size() >= 4);
    }

    @Test
    void listShowsEveryRegisteredModel() {
        Result r = run("list", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(r.out());
        assertEquals(Zoo.registry().all().size(), j.size());
        JsonNode mlp = null;
        for (JsonNode m : j) {
            mlp = m.get("name").asText().equals("mlp-300") ? m : mlp;
        }
        assertEquals(238_510, mlp.get("params").asLong());
        assertTrue(run("list").out().contains("lenet5-modern"));
    }

    /** Issue 17: the table fits 80 columns (descriptions wrap beneath their model) and a glob filters it, as timm's list does. */
    @Test
    void listFitsEightyColumnsAndTakesAGlob() {
        Result all = run("list");
        assertEquals(0, all.code(), all.err());
        all.out().lines().forEach(l -> assertTrue(l.codePointCount(0, l.length()) <= 80, "wider than 80: " + l));
        assertTrue(all.out().contains("    "), "descriptions beneath the models");

        JsonNode resnets = Json.read(run("list", "resnet*", "--json").out());
        assertTrue(resnets.size() >= 5);
        resnets.forEach(m -> assertTrue(m.get("name").asText().startsWith("resnet"), m.get("name").asText()));
        JsonNode tv = Json.read(run("list", "*-TORCHVISION", "--json").out());
        assertTrue(tv.size() >= 3);
        tv.forEach(m -> assertTrue(m.get("name").asText().endsWith("-torchvision"), m.get("name").asText()));

        Result none = run("list", "vgg*");
        assertEquals(1, none.code());
        assertTrue(none.err().contains("no model matching 'vgg*'; `zoo list` shows them all"), none.err());
        Result both = run("list", "lenet*", "--family", "ResNet");
        assertTrue(both.err().contains("no model matching 'lenet*' of family 'ResNet'; `zoo list` shows them all"), both.err());
    }

    @Test
    void knobsAndShapesReachTheModel() {
        Result r = run("summary", "lenet5-modern", "--knob", "width=2", "--classes", "3", "--input", "1,32,32", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(r.out());
        // C1 12 filters, 32×32 input padded by 2 → 12×32×32
        assertEquals(12, j.get("layers").get(0).get("output").get(0).asInt());
        assertEquals(32, j.get("layers").get(0).get("output").get(1).asInt());
        assertEquals(3, j.get("layers").get(j.get("layers").size() - 1).get("output").get(0).asInt());
        // issue 17: knob values in JSON types, and the graph's edges
        assertTrue(j.get("knobs").get("width").isNumber(), j.get("knobs").toString());
        assertEquals(2.0, j.get("knobs").get("width").asDouble());
        JsonNode res = Json.read(run("summary", "resnet18", "--json").out()).get("layers");
        boolean merge = false;
        for (JsonNode l : res) {
            assertTrue(l.get("inputs").isArray(), l.toString());
            merge |= l.get("inputs").size() == 2; // a residual addition reads the block and the shortcut
        }
        assertTrue(merge, "no vertex with two inputs in resnet18");
        assertEquals(1, res.get(0).get("inputs").size());
    }

    @Test
    void badInputEndsInOneClearLineAndExitCode1() {
        Result unknown = run("summary", "lenet6");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown model 'lenet6'") && unknown.err().contains("did you mean lenet1, lenet4, lenet5?"), unknown.err());
        assertTrue(!unknown.err().contains("Exception"), unknown.err());
        Result knob = run("summary", "mlp-300", "-k", "depth=3");
        assertEquals(1, knob.code());
        assertTrue(knob.err().contains("no knob 'depth'"), knob.err());
        Result shape = run("summary", "lenet5", "--input", "32,32");
        assertEquals(1, shape.code());
        assertTrue(shape.err().contains("C,H,W"), shape.err());
        Result small = run("summary", "lenet5-modern", "--input", "1,8,8");
        assertEquals(1, small.code());
        assertTrue(small.err().contains("too small"), small.err());
        assertEquals(2, run("summary").code()); // usage error: missing MODEL
    }

    @Test
    void trainAndReproduceRefuseBadInputWithOneLine() {
        Result ds = run("train", "mlp-300", "--dataset", "imagenet22k");
        assertEquals(1, ds.code());
        assertTrue(ds.err().contains("unknown dataset 'imagenet22k'"), ds.err());
        Result epochs = run("train", "mlp-300", "--dataset", "mnist", "--epochs", "0");
        assertEquals(1, epochs.code());
        assertTrue(epochs.err().contains("--epochs must be at least 1"), epochs.err());
        Result noData = run("train", "mlp-300");
        assertEquals(1, noData.code());
        assertTrue(noData.err().contains("without --recipe, the dataset: give --dataset D") && noData.err().contains("or --data DIR"), noData.err());
        Result noFolder = run("train", "resnet18", "--recipe", "resnet18-imagenet");
        assertEquals(1, noFolder.code());
        assertTrue(noFolder.err().contains("trains on ImageNet: give its folder, --data DIR"), noFolder.err());
        Result recipe = run("reproduce", "lenet7");
        assertEquals(1, recipe.code());
        assertTrue(recipe.err().contains("unknown recipe 'lenet7'") && recipe.err().contains("lenet5"), recipe.err());
        Result out = run("train", "mlp-300", "--dataset", "mnist", "--subset", "100", "--epochs", "1", "--out", "/proc/version/run");
        assertEquals(1, out.code());
        assertTrue(out.err().contains("cannot create run directory /proc/version/run"), out.err());
        Result imagenet = run("reproduce", "resnet50-imagenet");
        assertEquals(1, imagenet.code());
        assertTrue(imagenet.err().contains("trains on ImageNet: give its folder, --data DIR"), imagenet.err());
        Result both = run("train", "mlp-300", "--dataset", "mnist", "--data", "/data/x");
        assertEquals(1, both.code());
        assertTrue(both.err().contains("--dataset and --data both name the dataset; give one"), both.err());
        Result elsewhere = run("reproduce", "lenet5", "--dataset", "fashion-mnist");
        assertEquals(1, elsewhere.code());
        assertTrue(elsewhere.err().contains("reproduces the paper on mnist; to train it on fashion-mnist, use `zoo train lenet5 --recipe lenet5"),
                elsewhere.err());
        Result resume = run("train", "mlp-300", "--dataset", "mnist", "--resume", "/nonexistent-run");
        assertEquals(1, resume.code());
        assertTrue(resume.err().contains("--resume /nonexistent-run: no such run directory"), resume.err());
    }

    @Test
    void dataListShowsTheKnownDatasets() {
        Result r = run("data", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mnist") && r.out().contains("fashion-mnist"), r.out());
        Result empty = run("data", "verify", "mnist", "--cache", System.getProperty("java.io.tmpdir") + "/zoo-no-cache-" + ProcessHandle.current().pid());
        assertTrue(empty.out().contains("missing"), "--cache names the cache (--data-dir, its first spelling, is tested elsewhere): " + empty.out());
        Result v = run("data", "verify", "mnist");
        assertTrue(v.code() == 0 ? v.out().contains("all 4 files match") : v.out().contains("missing"), v.out());
    }

    @Test
    void evalReadsARunDirectoryAndReportsItsMetrics(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String dir = tmp.resolve("run").toString();
        Result t = run("train", "mlp-300", "--dataset", "mnist", "--subset", "1200", "--epochs", "1", "--out", dir);
        assertEquals(0, t.code(), t.err());
        Result e = run("eval", dir, "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode m = Json.read(e.out());
        assertEquals(10_000, m.get("examples").asInt());
        assertTrue(m.get("top1").asDouble() > 0.5, "one epoch on 1,080 images should beat chance by far: " + m.get("top1"));
        assertEquals(10, m.get("confusion").size());
        // issue 17: the JSON says what was evaluated; the text shows the confusion matrix it promises, as report.md does
        assertEquals("mlp-300", m.get("model").asText());
        assertEquals("mnist", m.get("dataset").asText());
        assertEquals(10, m.get("classNames").size());
        Result text = run("eval", dir);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("Per-class accuracy and confusion matrix") && text.out().contains("→9"), text.out());
        Result bad = run("eval", tmp.resolve("nothing-here").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("does not exist"), bad.err());
    }

    @Test
    void benchReportsTimingsThroughputAndMemory() {
        Result r = run("bench", "mlp-300", "--batch", "8", "--iters", "3", "--warmup", "1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Json.read(r.out());
        assertEquals(3, j.get("iterations").asInt());
        assertTrue(j.get("msP10").asDouble() <= j.get("msMedian").asDouble() && j.get("msMedian").asDouble() <= j.get("msP90").asDouble());
        // images/s and GFLOP/s follow from the median and the summary's MACs: 2 FLOPs per MAC, ×3 for a step
        double seconds = j.get("msMedian").asDouble() / 1000;
        assertEquals(8 / seconds, j.get("imagesPerSecond").asDouble(), 1e-6 * j.get("imagesPerSecond").asDouble());
        assertEquals(2.0 * 238_200 * 8 * 3 / seconds / 1e9, j.get("gflopsPerSecond").asDouble(), 1e-6);
        assertTrue(j.get("peakRssMb").asLong() > 0);
        assertFalse(r.err().contains("\r"), "carriage returns written to a log: " + r.err());
        assertEquals("train", j.get("mode").asText());
        Result fast = run("bench", "mlp-300", "--mode", "fast");
        assertEquals(2, fast.code(), "a mode bench does not take is bad usage");
        assertTrue(fast.err().contains("Invalid value for option '--mode': bench mode must be train or infer; got 'fast'"), fast.err());
        assertTrue(run("bench", "--help").out().contains("train, infer: a full training step"), "the help lists the modes");
    }
}
