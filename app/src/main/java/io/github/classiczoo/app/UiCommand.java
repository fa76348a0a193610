package io.github.classiczoo.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ui", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Show recorded runs in DL4J's training UI.",
        description = {
            "Serves DL4J's training UI (overview: score by iteration, update:parameter",
            "ratios; model: each layer's statistics; system: memory and timing) for runs",
            "trained with --ui, from the " + LiveView.STATS_FILE + " in their directories. A search",
            "directory shows each trial that has one. Runs until interrupted (Ctrl+C).",
            "The files are read from private copies and never changed.", ""})
final class UiCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run directories (or search directories, or " + LiveView.STATS_FILE + " files).")
    List<Path> runs;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + LiveView.DEFAULT_PORT, description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = LiveView.DEFAULT_HOST, description = "Address the live view listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens it to every "
                    + "network interface — DL4J's server has no authentication, so only on a network you trust).")
    String host;

    @Override
    public Integer call() throws Exception {
        LiveView.checkPort(port, "--port"); // before the files: a bad option is named as such
        List<Path> files = new ArrayList<>();
        for (Path p : runs) {
            files.addAll(statsFiles(p));
        }
        try (LiveView ui = LiveView.start(port, "--port", host)) {
            for (Path f : files) {
                ui.replay(f);
            }
            System.out.println("DL4J training UI: " + ui.address() + " (" + io.github.classiczoo.core.util.Text.count(files.size(), "run")
                    + "; Ctrl+C stops it)");
            System.out.flush();
            Thread.currentThread().join(); // until the JVM is interrupted; the shutdown hook stops the server
        }
        return 0;
    }

    /** The statistics files a path names: itself, its run directory's, or its search trials'. */
    static List<Path> statsFiles(Path p) throws java.io.IOException {
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(p + ": no such run directory");
        }
        Path own = p.resolve(LiveView.STATS_FILE);
        if (Files.isRegularFile(own)) {
            return List.of(own);
        }
        Path trials = p.resolve("trials");
        if (Files.isDirectory(trials)) {
            try (Stream<Path> s = Files.list(trials)) {
                List<Path> found = s.map(t -> t.resolve(LiveView.STATS_FILE)).filter(Files::isRegularFile).sorted().toList();
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        throw new IllegalArgumentException(p + " has no " + LiveView.STATS_FILE + ": the live view is recorded by `zoo train/reproduce/search ... --ui`");
    }
}
