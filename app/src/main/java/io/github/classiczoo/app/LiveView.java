package io.github.classiczoo.app;

import io.github.classiczoo.core.util.Files2;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/**
 * The live view: DL4J's own training UI ({@code deeplearning4j-ui}: a {@link StatsListener} on the network, the
 * Vert.x {@code UIServer} serving its overview, model and system pages). A run trained with {@code --ui} records its
 * statistics in {@value #STATS_FILE} in its run directory, so that {@code zoo ui RUN_DIR} shows it again later.
 *
 * <p>Only the app depends on it: the UI brings Vert.x, Netty and ~60 web jars, which no model artifact should carry.
 */
final class LiveView implements AutoCloseable {

    /** The run directory's statistics file (DL4J's {@code FileStatsStorage}, a MapDB file). */
    static final String STATS_FILE = "ui-stats.bin";

    /** DL4J's own default port. */
    static final int DEFAULT_PORT = 9000;

    /** Steps between two reports: the score chart gets a point every this many steps (the parameter statistics cost more than the score). */
    static final int REPORT_EVERY = 10;

    private final VertxUIServer server;
    private final List<StatsStorage> storages = new ArrayList<>();
    private final List<Path> copies = new ArrayList<>();
    private final List<StatsStorage> recording = new ArrayList<>();

    private LiveView(VertxUIServer server) {
        this.server = server;
    }

    /** Statistics files a live view keeps open while recording; older ones are closed (a search may run thousands of trials). */
    static final int MAX_OPEN_RECORDINGS = 32;

    /** The only classes a statistics file may name for its records (what {@code StatsListener} writes). */
    static final Set<String> RECORD_CLASSES = Set.of("org.deeplearning4j.ui.model.stats.impl.SbeStatsReport",
            "org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport", "org.deeplearning4j.ui.model.storage.impl.SbeStorageMetaData");

    private final long started = System.currentTimeMillis();

    /** Refuses a port out of range or in use, before any work is done (Vert.x would report it only on its event loop). */
    static void checkPort(int port) {
        checkPort(port, "--ui");
    }

    /** As {@link #checkPort(int)}, naming the option the port came from ({@code --ui}, {@code zoo ui --port}). */
    static void checkPort(int port, String option) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + " " + port + ": a port is 1-65535");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + port + ": the port is in use (" + e.getMessage() + "); pick another");
        }
    }

    /** Where the server listens unless told otherwise: this machine only (DL4J's server has no authentication). */
    static final String DEFAULT_HOST = "127.0.0.1";

    /** Starts DL4J's UI server on {@code port} of the loopback interface, or says in one line why it cannot. */
    static LiveView start(int port) {
        return start(port, "--ui", DEFAULT_HOST);
    }

    /**
     * Starts DL4J's UI server on {@code host}:{@code port}, naming the option the port came from in errors. DL4J's own
     * server listens on every network interface (Vert.x's default host) without authentication; this one binds the address
     * given — the loopback interface unless the user opens it ({@code --ui-host 0.0.0.0}).
     */
    static LiveView start(int port, String option, String host) {
        checkPort(port, option);
        try {
            return new LiveView(BoundServer.deploy(host, port));
        } catch (Exception e) {
            throw new IllegalArgumentException("DL4J's UI did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    String address() {
        return "http://" + (host().equals("0.0.0.0") ? "localhost" : host()) + ":" + server.getPort() + "/train/overview";
    }

    private String host() {
        return server instanceof BoundServer b ? b.host : DEFAULT_HOST;
    }

    /**
     * DL4J's UI server listening on one address: the verticle sees a {@code Vertx} whose {@code createHttpServer()} gives a
     * server whose {@code listen(port, handler)} listens on {@link #host} (Vert.x 3's {@code listen(port, handler)} binds
     * 0.0.0.0, whatever the options say); everything else is DL4J's.
     */
    static final class BoundServer extends VertxUIServer {
        final String host;

        private BoundServer(String host) {
            this.host = host;
        }

        static BoundServer deploy(String host, int port) throws Exception {
            System.setProperty("org.deeplearning4j.ui.port", Integer.toString(port)); // how DL4J's start() takes its port
            BoundServer s = new BoundServer(host);
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            java.util.concurrent.CompletableFuture<String> done = new java.util.concurrent.CompletableFuture<>();
            vertx.deployVerticle(s, ar -> {
                if (ar.succeeded()) {
                    done.complete(ar.result());
                } else {
                    done.completeExceptionally(ar.cause());
                }
            });
            try {
                done.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                vertx.close();
                throw e.getCause() instanceof Exception x ? x : e;
            }
            return s;
        }

        @Override
        public void init(io.vertx.core.Vertx vertx, io.vertx.core.Context context) {
            super.init((io.vertx.core.Vertx) java.lang.reflect.Proxy.newProxyInstance(io.vertx.core.Vertx.class.getClassLoader(),
                    new Class<?>[] {io.vertx.core.Vertx.class}, (proxy, m, args) -> {
                        if (m.getName().equals("createHttpServer") && (args == null || args.length == 0)) {
                            return bound(vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHost(host)));
                        }
                        try {
                            return m.invoke(vertx, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }), context);
        }

        /** {@code server} with {@code listen(port, handler)} bound to {@link #host}; fluent calls keep returning the wrapper. */
        private io.vertx.core.http.HttpServer bound(io.vertx.core.http.HttpServer server) {
            Object[] self = new Object[1];
            self[0] = java.lang.reflect.Proxy.newProxyInstance(io.vertx.core.http.HttpServer.class.getClassLoader(),
                    new Class<?>[] {io.vertx.core.http.HttpServer.class}, (proxy, m, args) -> {
                        Object r;
                        try {
                            if (m.getName().equals("listen") && args != null && args.length == 2 && args[0] instanceof Integer port) {
                                @SuppressWarnings("unchecked")
                                io.vertx.core.Handler<io.vertx.core.AsyncResult<io.vertx.core.http.HttpServer>> h =
                                        (io.vertx.core.Handler<io.vertx.core.AsyncResult<io.vertx.core.http.HttpServer>>) args[1];
                                r = server.listen(port, host, h);
                            } else {
                                r = m.invoke(server, args);
                            }
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                        return r == server ? self[0] : r;
                    });
            return (io.vertx.core.http.HttpServer) self[0];
        }
    }

    /** A listener recording into {@code runDir/ui-stats.bin} (appended to on resume), shown live. */
    synchronized TrainingListener record(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        StatsStorage s = new FileStatsStorage(runDir.resolve(STATS_FILE).toFile());
        storages.add(s);
        server.attach(s);
        // the session is named after the run (a search's trial: its directory, 0001 ...) and when it started, so that the UI's
        // session list says which run is which and a resumed run is a session of its own
        String session = runDir.getFileName() + " " + java.time.LocalDateTime.now().withNano(0);
        while (recording.size() >= MAX_OPEN_RECORDINGS) { // the oldest trial's file is complete; `zoo ui` shows it later
            StatsStorage old = recording.remove(0);
            server.detach(old);
            storages.remove(old);
            closeQuietly(old);
        }
        recording.add(s);
        return new StatsListener(s, REPORT_EVERY, session);
    }

    /**
     * Shows a finished (or running) run's recorded statistics. The file is read from a private copy: MapDB opens its
     * files for writing, and a file from elsewhere is not to be changed by looking at it.
     */
    synchronized void replay(Path statsFile) throws IOException {
        if (!Files.isRegularFile(statsFile)) {
            throw new IllegalArgumentException(statsFile + ": no such file");
        }
        Path copy = Files2.newTempFile(Path.of(System.getProperty("java.io.tmpdir")), "zoo-ui-", ".bin");
        copies.add(copy);
        copy.toFile().deleteOnExit(); // `zoo ui` ends with Ctrl+C, past close()
        Files.copy(statsFile, copy, StandardCopyOption.REPLACE_EXISTING);
        StatsStorage s;
        try {
            s = new FileStatsStorage(copy.toFile());
        } catch (RuntimeException | Error e) {
            if (io.github.classiczoo.core.util.Stop.requested() != null) { // a signal cut the read short: the file is not to blame
                throw new io.github.classiczoo.core.util.Stop.Stopped(io.github.classiczoo.core.util.Stop.requested(), null);
            }
            throw new IllegalArgumentException(statsFile + " is not a DL4J UI statistics file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
        storages.add(s);
        // DL4J's storage builds each record as an instance of the class the file names for it (any class with a no-argument
        // constructor); a file from elsewhere may name only the record classes StatsListener writes
        for (String c : recordClasses(s)) {
            if (!RECORD_CLASSES.contains(c)) {
                throw new IllegalArgumentException(statsFile + " names record class " + c + ", not one DL4J's StatsListener writes; not shown");
            }
        }
        if (s.listSessionIDs().isEmpty()) {
            throw new IllegalArgumentException(statsFile + " holds no training session");
        }
        server.attach(s);
    }

    /** The class names a MapDB statistics file maps its records to (its private {@code integerToClass} map). */
    @SuppressWarnings("unchecked")
    static List<String> recordClasses(StatsStorage s) {
        try {
            java.lang.reflect.Field f = org.deeplearning4j.ui.model.storage.mapdb.MapDBStatsStorage.class.getDeclaredField("integerToClass");
            f.setAccessible(true);
            return List.copyOf(((java.util.Map<Integer, String>) f.get(s)).values());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read the statistics file's record classes (DL4J's storage changed?): " + e, e);
        }
    }

    private static void closeQuietly(StatsStorage s) {
        try {
            s.close();
        } catch (IOException | RuntimeException e) {
            // closing a storage only flushes; the file is complete after each report
        }
    }

    /** Stops the server and closes the statistics files (the recorded ones stay in their run directories). */
    @Override
    public synchronized void close() {
        try {
            VertxUIServer.stopInstance();
        } catch (Exception e) {
            // the port is freed when the JVM exits
        }
        for (StatsStorage s : storages) {
            closeQuietly(s);
        }
        // DL4J's server leaves a DL4JUI_<millis> upload directory in the temporary directory at every start
        try (var dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "DL4JUI_*")) {
            for (Path d : dirs) {
                if (Files.isDirectory(d) && Files.getLastModifiedTime(d).toMillis() >= started - 1000) {
                    io.github.classiczoo.core.util.Files2.deleteTreeQuietly(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a leftover empty directory
        }
        for (Path c : copies) {
            try {
                Files.deleteIfExists(c);
            } catch (IOException e) {
                // a temporary copy
            }
        }
    }
}
