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

    private LiveView(VertxUIServer server) {
        this.server = server;
    }

    /** Starts DL4J's UI server on {@code port} (on every interface, as DL4J does), or says in one line why it cannot. */
    static LiveView start(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--ui " + port + ": a port is 1-65535");
        }
        // Vert.x reports a taken port only on its event loop; ask first so the user gets a sentence, not a stack trace
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " is in use (" + e.getMessage() + "); pick another with --ui PORT / --port PORT");
        }
        try {
            return new LiveView(VertxUIServer.getInstance(port, false, null));
        } catch (Exception e) {
            throw new IllegalStateException("DL4J's UI did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    String address() {
        return "http://localhost:" + server.getPort() + "/train/overview";
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
            throw new IllegalArgumentException(statsFile + " is not a DL4J UI statistics file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
        storages.add(s);
        if (s.listSessionIDs().isEmpty()) {
            throw new IllegalArgumentException(statsFile + " holds no training session");
        }
        server.attach(s);
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
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                // closing a storage only flushes; the file is complete after each report
            }
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
