package io.github.classiczoo.app;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Pretrained;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.core.util.Text;
import io.github.classiczoo.train.Progress;
import io.github.classiczoo.train.Replay;
import io.github.classiczoo.train.RunInfo;
import io.github.classiczoo.train.Trainer;
import io.github.classiczoo.train.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Replay a recorded run from its manifest and compare every recorded figure.",
        description = {"Reads the run's manifest.json (a run directory's, or the one shipped with",
            "MODEL@WEIGHTS): recipe, knobs, input, seed and the dataset files' SHA-256s; trains",
            "the same run again in a temporary directory for K epochs (default: all) and",
            "compares each epoch's iteration, rate, training loss and evaluation with the",
            "recorded ones, exactly (CPU runs are deterministic). A different commit or",
            "backend is reported, not refused.",
            "Exit 0: every figure equal (one line says so); 1: the table of differences.", ""})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR|MODEL@WEIGHTS", description = "A finished run's directory, or shipped weights (`zoo list --weights`).")
    String source;

    @Option(names = "--epochs", paramLabel = "K", description = "Replay the first K epochs only (the schedule stays the full run's).")
    Integer epochs;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws Exception {
        JsonNode m = manifest();
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1; got " + epochs);
        }
        // the whole training set's size tells a --subset run from a full one
        Replay r = Replay.of(m, Zoo.recipes()::get, Integer.MAX_VALUE);
        TrainingJob.Sources all = TrainingJob.load(r.recipe(), data.store(), data.from, 0);
        r = Replay.of(m, Zoo.recipes()::get, all.train().size() + (all.validation() == null ? 0 : all.validation().size()));
        ZooModel model = Zoo.registry().get(r.model());
        if (!r.model().equals(m.path("model").asText())) {
            System.err.println("verify: " + source + " is a boosted run; its record of net 1 (" + r.model() + ", recipe " + r.recipe().name()
                    + ") is replayed");
        }
        int k = epochs == null ? r.epochs() : Math.min(epochs, r.epochs());
        if (!r.hasHistory() && k < r.epochs()) {
            throw new IllegalArgumentException(source + " records no per-epoch figures (its run predates them), only the final ones: "
                    + "replay all " + r.epochs() + " epochs to compare those");
        }
        TrainingJob.Sources sources = r.subset() > 0 ? TrainingJob.load(r.recipe(), data.store(), data.from, r.subset()) : all;
        if (!sources.sha256().equals(r.sha256())) {
            throw new IllegalArgumentException("the dataset's files are not the recorded ones: recorded " + r.sha256() + ", here "
                    + sources.sha256());
        }
        Object commit = RunInfo.environment().get("gitCommit"), backend = RunInfo.environment().get("backend");
        System.err.printf(Locale.ROOT, "verify %s: replaying %s of %d (recorded at commit %s on %s; now %s on %s)%n", source,
                k == 1 ? "epoch 1" : "epochs 1–" + k, r.epochs(), shortCommit(r.commit()), r.backend(), shortCommit(String.valueOf(commit)),
                backend);
        Threads.chooseFor(model);
        Path tmp = Files.createTempDirectory("zoo-verify-");
        try {
            Trainer t = TrainingJob.trainer(model, r.recipe(), sources, r.knobs(), new InputShape(r.input()[0], r.input()[1], r.input()[2]),
                    tmp.resolve("run"), Progress.console(), msg -> System.err.println(msg));
            Trainer.Result res = t.stopAfter(k).start();
            List<Replay.Difference> diff = r.compare(res.history(), res.finalMetrics());
            int compared = r.compared(k);
            String epochsText = (k == 1 ? "epoch 1" : "epochs 1–" + k) + " of " + r.epochs();
            if (diff.isEmpty()) {
                System.out.printf(Locale.ROOT, "%s: %s replayed; all %d recorded figures are equal%s%n", source, epochsText, compared,
                        r.commit().equals(commit) ? "" : " (recorded at commit " + shortCommit(r.commit()) + ", replayed at " + shortCommit(String.valueOf(commit)) + ")");
                return 0;
            }
            System.out.printf(Locale.ROOT, "%s: %d of %d recorded figures differ in %s (recorded at commit %s on %s, replayed at %s on %s):%n",
                    source, diff.size(), compared, epochsText, shortCommit(r.commit()), r.backend(), shortCommit(String.valueOf(commit)), backend);
            List<List<String>> rows = new ArrayList<>();
            for (Replay.Difference d : diff) {
                rows.add(List.of(d.epoch() == 0 ? "final" : String.valueOf(d.epoch()), d.figure(), d.recorded(), d.replayed()));
            }
            System.out.print(Text.table(List.of("epoch", "figure", "recorded", "replayed"), rows, new boolean[] {true, false, true, true}));
            return 1;
        } finally {
            Files2.deleteTreeQuietly(tmp);
        }
    }

    /** The manifest of a run directory, or the one shipped with MODEL@WEIGHTS (checked against its pinned SHA-256). */
    private JsonNode manifest() throws java.io.IOException {
        Path dir = Path.of(source);
        if (Files.isDirectory(dir)) {
            Path f = dir.resolve("manifest.json");
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(dir + " has no manifest.json: not a run directory");
            }
            if (Files.size(f) > 1 << 22) {
                throw new IllegalArgumentException(f + " is " + Text.bytes(Files.size(f)) + ": larger than any manifest the zoo writes");
            }
            try {
                return Json.read(Files.readString(f));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(f + " is not readable JSON: " + e.getMessage());
            }
        }
        if (!source.contains("@")) {
            throw new IllegalArgumentException(source + " is neither a run directory nor MODEL@WEIGHTS (`zoo list --weights` shows those)");
        }
        return Json.read(Pretrained.parse(source).manifest());
    }

    private static String shortCommit(String c) {
        return c.length() > 10 ? c.substring(0, 10) : c;
    }
}
