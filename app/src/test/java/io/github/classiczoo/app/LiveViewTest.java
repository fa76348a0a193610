package io.github.classiczoo.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view in a real browser: headless Chromium loads DL4J's training UI while {@code zoo train --ui} runs and
 * finds points on the score chart; {@code zoo ui}'s replay of the finished run shows one point per report. Screenshots
 * are written to {@code app/target/screenshots/} for people to look at.
 */
class LiveViewTest {

    /** The score chart's points, as the overview page's own flot plot holds them (-1 before it is drawn). */
    static final String SCORE_POINTS = "(function(){var p=window.jQuery&&jQuery('#scoreiterchart').data('plot');"
            + "return p?p.getData()[0].data.length:-1;})()";

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean serves(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theScoreChartFillsWhileTrainingAndReplaysAfterwards(@TempDir Path tmp) throws Exception {
        int port = freePort();
        Path run = tmp.resolve("run");
        AtomicInteger code = new AtomicInteger(-1);
        // ~1,300 steps: long enough, on a loaded 2-core machine, for the page to load and fill while the run goes on
        Thread training = new Thread(() -> code.set(Zoo.run("train", "lenet5-modern", "--dataset", "mnist", "--subset", "15000",
                "--validation", "1000", "--epochs", "3", "--batch", "32", "--ui", "" + port, "--out", run.toString())));
        String url = "http://localhost:" + port + "/train/overview";
        long pointsDuring;
        boolean stillTraining;
        try (Browser b = Browser.start()) { // started (or skipped) before the run, so that its start-up does not eat the run's time
            training.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!serves(url) && training.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(training.isAlive(), "the run ended before its live view could be loaded (exit " + code.get() + ")");
            b.open(url);
            pointsDuring = b.waitFor(SCORE_POINTS, 3, Duration.ofSeconds(120)); // a line, in the screenshot
            stillTraining = training.isAlive();
            b.screenshot(SCREENSHOTS.resolve("live-view-training.png"));
        }
        training.join(Duration.ofMinutes(5).toMillis());
        assertEquals(0, code.get(), "zoo train --ui failed");
        assertTrue(pointsDuring >= 3, "the score chart did not fill during training: " + pointsDuring + " point(s)");
        assertTrue(stillTraining, "the page was loaded only after the run had finished");
        assertTrue(!serves(url), "the live view's server is stopped when the run ends");

        // the finished run, shown again: one point per report of the whole run
        Path stats = run.resolve(LiveView.STATS_FILE);
        byte[] before = Files.readAllBytes(stats);
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        long iterations = Long.parseLong(metrics.get(metrics.size() - 1).split(",")[1]);
        int port2 = freePort();
        try (LiveView ui = LiveView.start(port2); Browser b = Browser.start()) {
            for (Path f : UiCommand.statsFiles(run)) {
                ui.replay(f);
            }
            b.open("http://localhost:" + port2 + "/train/overview");
            // the listener reports at steps 0, 10, 20 ... (DL4J counts from 0); the overview's chart starts at the second report
            long expected = (iterations - 1) / LiveView.REPORT_EVERY;
            long points = b.waitFor(SCORE_POINTS, expected, Duration.ofSeconds(60));
            b.screenshot(SCREENSHOTS.resolve("live-view-replay.png"));
            assertEquals(expected, points, "a point every " + LiveView.REPORT_EVERY + " of " + iterations + " steps");
        }
        assertArrayEquals(before, Files.readAllBytes(stats), "showing a run must not change its statistics file");
    }

    @Test
    void aSearchRecordsOneSessionPerTrialAndZooUiShowsThemAll(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("search");
        CommandTest.Result r = CommandTest.run("search", "lenet5-modern", "--dataset", "mnist", "--subset", "1200", "--trials", "2",
                "--epochs", "1", "--ui", "" + freePort(), "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("live view: http://127.0.0.1:"), r.err());
        List<Path> files = UiCommand.statsFiles(dir);
        assertEquals(List.of(dir.resolve("trials/0001").resolve(LiveView.STATS_FILE), dir.resolve("trials/0002").resolve(LiveView.STATS_FILE)), files);
        int port = freePort();
        try (LiveView ui = LiveView.start(port)) {
            for (Path f : files) {
                ui.replay(f);
            }
            String sessions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/train/sessions/info"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> names = new java.util.ArrayList<>();
            io.github.classiczoo.core.util.Json.read(sessions).fieldNames().forEachRemaining(names::add);
            assertEquals(2, names.size(), sessions);
            assertTrue(names.stream().anyMatch(n -> n.startsWith("0001 ")) && names.stream().anyMatch(n -> n.startsWith("0002 ")), sessions);
        }
    }

    @Test
    void uiExplainsWhatItCannotShow(@TempDir Path tmp) throws Exception {
        CommandTest.Result none = CommandTest.run("ui", tmp.toString(), "--port", "" + freePort());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("has no " + LiveView.STATS_FILE) && none.err().contains("--ui"), none.err());
        assertEquals(1, none.err().strip().lines().count(), none.err());

        Path garbage = tmp.resolve(LiveView.STATS_FILE);
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        Files.write(garbage, junk);
        CommandTest.Result bad = CommandTest.run("ui", tmp.toString(), "--port", "" + freePort());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("is not a DL4J UI statistics file") || bad.err().contains("holds no training session"), bad.err());
        assertArrayEquals(junk, Files.readAllBytes(garbage), "a file that cannot be shown is left as it was");

        // a file that names another class for its records (DL4J's storage would construct it) is refused before it is shown
        Path crafted = tmp.resolve("crafted").resolve(LiveView.STATS_FILE);
        Files.createDirectories(crafted.getParent());
        CommandTest.Result rec = CommandTest.run("train", "mlp-300", "--dataset", "mnist", "--subset", "300", "--epochs", "1",
                "--ui", "" + freePort(), "--out", tmp.resolve("crafted-run").toString());
        assertEquals(0, rec.code(), rec.err());
        Files.copy(tmp.resolve("crafted-run").resolve(LiveView.STATS_FILE), crafted);
        var storage = new org.deeplearning4j.ui.model.storage.FileStatsStorage(crafted.toFile());
        java.lang.reflect.Field f = org.deeplearning4j.ui.model.storage.mapdb.MapDBStatsStorage.class.getDeclaredField("integerToClass");
        f.setAccessible(true);
        @SuppressWarnings("unchecked")
        java.util.Map<Integer, String> classes = (java.util.Map<Integer, String>) f.get(storage);
        classes.put(99, "java.lang.ProcessBuilder");
        storage.close();
        CommandTest.Result evil = CommandTest.run("ui", crafted.toString(), "--port", "" + freePort());
        assertEquals(1, evil.code());
        assertTrue(evil.err().contains("names record class java.lang.ProcessBuilder"), evil.err());

        try (ServerSocket taken = new ServerSocket(0)) {
            CommandTest.Result busy = CommandTest.run("train", "lenet5-modern", "--dataset", "mnist", "--subset", "500", "--epochs", "1",
                    "--ui", "" + taken.getLocalPort(), "--out", tmp.resolve("r").toString());
            assertEquals(1, busy.code());
            assertTrue(busy.err().contains("--ui " + taken.getLocalPort() + ": the port is in use"), busy.err());
        }
        CommandTest.Result spark = CommandTest.run("train", "lenet5-modern", "--dataset", "mnist", "--subset", "500", "--epochs", "1",
                "--ui", "--spark", "local[2]", "--out", tmp.resolve("s").toString());
        assertEquals(1, spark.code());
        assertTrue(spark.err().contains("--ui watches a run trained in this JVM"), spark.err());
    }
}
