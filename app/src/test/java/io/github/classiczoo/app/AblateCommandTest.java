package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.app.CommandTest.Result;
import io.github.classiczoo.app.search.Trial;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** zoo ablate on an MNIST subset: variants on paired seeds, a table that is its runs' figures, resume, refusals. */
class AblateCommandTest {

    @BeforeAll
    static void mnist() {
        TestData.store();
    }

    static List<String> args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("ablate", "lenet5-modern", "--knob", "activation=relu,tanh", "--knob", "pool=max,avg",
                "--dataset", "mnist", "--seeds", "2", "--subset", "600", "--epochs", "1", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    /** Each variant's test errors by seed, read from its runs' manifests, the variants in the order the table lists them. */
    static Map<String, double[]> errorsFromRuns(Path out, int variants, int seeds) throws Exception {
        JsonNode trials = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        Map<String, double[]> m = new java.util.LinkedHashMap<>();
        for (JsonNode t : trials) {
            JsonNode p = t.get("params");
            String v = "activation=" + p.get("activation").asText() + " pool=" + p.get("pool").asText();
            int s = (t.get("id").asInt() - 1) / variants;
            JsonNode manifest = Json.read(Files.readString(out.resolve(Trial.dirName(t.get("id").asInt())).resolve("manifest.json")));
            assertEquals("finished", manifest.get("status").asText());
            m.computeIfAbsent(v, k -> new double[seeds])[s] = 1 - manifest.get("final").get("top1").asDouble();
        }
        return m;
    }

    @Test
    void fourVariantsOnTwoPairedSeedsGiveATableOfTheirRunsAndResume(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("abl");
        Result r = CommandTest.run(args(out).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode trials = Json.read(Files.readString(out.resolve("results.json"))).get("trials");
        assertEquals(8, trials.size());
        // paired: the k-th run of every variant has the same seed, the recipe's seed + k
        Map<String, List<String>> seedsByVariant = new HashMap<>();
        for (JsonNode t : trials) {
            seedsByVariant.computeIfAbsent(t.get("params").get("activation").asText() + t.get("params").get("pool").asText(), k -> new ArrayList<>())
                    .add(t.get("params").get("seed").asText());
        }
        assertEquals(4, seedsByVariant.size());
        List<String> first = seedsByVariant.values().iterator().next();
        assertEquals(2, first.size());
        assertEquals(Long.parseLong(first.get(0)) + 1, Long.parseLong(first.get(1)));
        seedsByVariant.values().forEach(s -> assertEquals(first, s));

        Map<String, double[]> want = errorsFromRuns(out, 4, 2);
        JsonNode abl = Json.read(Files.readString(out.resolve("ablation.json")));
        assertEquals(4, abl.get("variants").size());
        for (JsonNode v : abl.get("variants")) {
            String name = "activation=" + v.get("variant").get("activation").asText() + " pool=" + v.get("variant").get("pool").asText();
            double[] e = want.get(name);
            assertEquals(e[0], v.get("testErrors").get(0).asDouble(), 0.0, name);
            assertEquals(e[1], v.get("testErrors").get(1).asDouble(), 0.0, name);
            assertEquals((e[0] + e[1]) / 2, v.get("mean").asDouble(), 1e-12, name);
            assertEquals(Math.abs(e[0] - e[1]) / Math.sqrt(2), v.get("sd").asDouble(), 1e-12, name);
            String row = r.out().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
            assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%.2f ± %.2f%%", 100 * (e[0] + e[1]) / 2, 100 * Math.abs(e[0] - e[1]) / Math.sqrt(2))), row);
            assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%.2f %.2f", 100 * e[0], 100 * e[1])), row);
        }
        assertTrue(Files.size(out.resolve("ablation.png")) > 1000);
        assertFalse(Files.exists(out.resolve("best.json")), "an ablation chooses nothing");

        // a rerun resumes: nothing trains again, the same table
        Result again = CommandTest.run(args(out).toArray(String[]::new));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("8 trial(s) recorded, 0 to run"), again.err());
        assertEquals(abl, Json.read(Files.readString(out.resolve("ablation.json"))));
        assertEquals(r.out(), again.out());
    }

    @Test
    void aDefaultVariantOfAPaperRecipeGetsThePapersFigure(@TempDir Path tmp) throws Exception {
        Result r = CommandTest.run("ablate", "lenet5", "--recipe", "lenet5", "--knob", "output=rbf,softmax", "--seeds", "1", "--subset", "600",
                "--epochs", "1", "--out", tmp.resolve("abl").toString());
        assertEquals(0, r.code(), r.err());
        String rbf = r.out().lines().filter(l -> l.startsWith("output=rbf ")).findFirst().orElseThrow();
        String softmax = r.out().lines().filter(l -> l.startsWith("output=softmax ")).findFirst().orElseThrow();
        assertTrue(rbf.trim().endsWith("0.95%"), rbf);
        assertTrue(softmax.trim().endsWith("-"), softmax);
        assertTrue(r.out().contains("paper, output=rbf: test error %, §III.C, Fig. 9 (its own setup)"), r.out());
    }

    @Test
    void badKnobsAndCountsAreRefusedInOneLine(@TempDir Path tmp) throws Exception {
        String o = tmp.resolve("abl").toString();
        Hostile.refused(tmp, "lenet5-modern has no such knob (width, activation, pool)", "ablate", "lenet5-modern", "--knob", "lrn=true,false",
                "--dataset", "mnist", "--out", o);
        Hostile.refused(tmp, "--knob pool needs at least two values to compare", "ablate", "lenet5-modern", "--knob", "pool=max", "--dataset", "mnist",
                "--out", o);
        Hostile.refused(tmp, "--knob pool: ", "ablate", "lenet5-modern", "--knob", "pool=max,median", "--dataset", "mnist", "--out", o);
        Hostile.refused(tmp, "--knob takes NAME=V1,V2,...; got 'pool'", "ablate", "lenet5-modern", "--knob", "pool", "--dataset", "mnist", "--out", o);
        Hostile.refused(tmp, "--seeds must be", "ablate", "lenet5-modern", "--knob", "pool=max,avg", "--dataset", "mnist", "--seeds", "0", "--out", o);
        Hostile.refused(tmp, "recipe lenet5 trains lenet5, not lenet5-modern", "ablate", "lenet5-modern", "--recipe", "lenet5", "--knob", "pool=max,avg",
                "--out", o);
        Hostile.refused(tmp, "without --recipe, the dataset", "ablate", "lenet5-modern", "--knob", "pool=max,avg", "--out", o);
        assertFalse(Files.exists(tmp.resolve("abl")));
    }
}
