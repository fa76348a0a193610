package io.github.classiczoo.app;

import io.github.classiczoo.core.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the JDK's own HTTP and WebSocket
 * clients: load a page, evaluate JavaScript in it, take a screenshot. Missing Chromium skips a test on a developer's
 * machine and fails it in CI ({@code CI} set: {@code .ci/run} installs it).
 */
final class Browser implements AutoCloseable {

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Browser(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static String executable() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        String msg = "headless Chromium is needed for the live view's browser test (apt-get install --no-install-recommends chromium)";
        if (System.getenv("CI") != null) {
            throw new AssertionError(msg);
        }
        Assumptions.abort(msg);
        return null;
    }

    static Browser start() throws Exception {
        String exe = executable();
        Path profile = Files.createTempDirectory("zoo-chromium-");
        // the flags of a browser that must not reach the network: this machine refuses it, many connections at a time
        Process p = new ProcessBuilder(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            return connect(p, profile);
        } catch (Exception | AssertionError e) {
            kill(p, profile);
            throw e;
        }
    }

    private static Browser connect(Process p, Path profile) throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.isRegularFile(portFile) && Files.readAllLines(portFile).size() >= 2)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("Chromium did not start: " + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(100);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        while (pageSocket == null) {
            JsonNode targets = Json.read(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.get("type").asText().equals("page")) {
                    pageSocket = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Chromium opened no page");
            }
            Thread.sleep(100);
        }
        Browser[] self = new Browser[1];
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    JsonNode m = Json.read(text.toString());
                    text.setLength(0);
                    if (m.has("id") && self[0] != null) {
                        CompletableFuture<JsonNode> f = self[0].pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    }
                }
                w.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new Browser(p, profile, ws);
        return self[0];
    }

    /** Sends a DevTools command and waits for its result. */
    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(Json.write(Map.of("id", id, "method", method, "params", params)), true).get(30, TimeUnit.SECONDS);
        JsonNode r = f.get(60, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new AssertionError(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    void open(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** The value of a JavaScript expression in the page (JSON-typed). */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new AssertionError(expression + " threw: " + r.get("exceptionDetails"));
        }
        return r.get("result").get("value");
    }

    /** Polls {@code expression} (a number) until it is at least {@code atLeast}; returns its last value. */
    long waitFor(String expression, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long v;
        do {
            JsonNode n = eval(expression);
            v = n == null || n.isNull() ? -1 : n.asLong();
            if (v >= atLeast) {
                return v;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return v;
    }

    void screenshot(Path png) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() throws IOException {
        try {
            socket.abort();
        } finally {
            kill(process, profile);
        }
    }

    /** Ends Chromium and its helper processes, and removes its profile. */
    private static void kill(Process p, Path profile) throws IOException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var s = Files.walk(profile)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
