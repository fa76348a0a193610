package io.github.classiczoo.app;

import io.github.classiczoo.train.CheckpointFile;
import io.github.classiczoo.train.Recipe;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options that override a recipe; shared by train and reproduce. */
final class TrainOptions {

    @Option(names = "--epochs", paramLabel = "N", description = "Number of epochs (default: the recipe's).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Minibatch size (default: the recipe's).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Base learning rate (default: the recipe's).")
    Double lr;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "L2 coefficient λ: λ·w is added to every weight and bias gradient (default: the recipe's).")
    Double weightDecay;

    @Option(names = "--augment", paramLabel = "KIND", description = "Training augmentation: pad (none beyond placing the image), distort "
            + "(LeCun et al. 1998's random affine distortions, §III.B) for in-memory datasets such as MNIST; resize-crop, scale, alexnet, "
            + "inception for image folders (default: the recipe's).")
    io.github.classiczoo.data.pipeline.Augment.Kind augment;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the recipe's).")
    Long seed;

    @Option(names = "--validation", paramLabel = "N", description = "Training images held out for validation (0 = the paper's protocol: report the test set each epoch).")
    Integer validation;

    @Option(names = "--subset", paramLabel = "N", description = "Use only the first N training images (and N/6 test images): for quick checks.")
    int subset;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/NAME-TIMESTAMP). Must be new or empty.")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a killed or unfinished run from its last checkpoint.")
    Path resume;

    @Option(names = "--resume-from", paramLabel = "WHICH", defaultValue = "last", description = "With --resume: the checkpoint to continue "
            + "from, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}): previous or best when the last one is damaged (it is then set "
            + "aside, not deleted).")
    CheckpointFile resumeFrom;

    @Option(names = "--deterministic", description = "Refuse to run unless the same seed gives the same metrics: "
            + "CPU runs always do (data order, augmentation, initialisation and dropout are seeded per epoch); "
            + "other backends (CUDA) are refused.")
    boolean deterministic;

    @Option(names = "--input", paramLabel = "C,H,W", description = "Build the model for this input shape (default: the model's, "
            + "or the dataset's images when they do not fit it). Folder images are resized and cropped to it.")
    String input;

    @Option(names = "--ui", paramLabel = "PORT", arity = "0..1", fallbackValue = "" + LiveView.DEFAULT_PORT,
            description = "Watch the run in DL4J's training UI at http://localhost:PORT/train/overview (default port: "
                    + LiveView.DEFAULT_PORT + "; score, update ratios, layer and memory charts). The statistics are kept in the run "
                    + "directory's " + LiveView.STATS_FILE + ": `zoo ui RUN_DIR` shows them again. Not with --spark (its steps run on the executors). "
                    + "Listens on this machine only unless --ui-host says otherwise.")
    Integer ui;

    @Option(names = "--ui-host", paramLabel = "ADDRESS", defaultValue = LiveView.DEFAULT_HOST, description = "Address the live view listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens it to every "
                    + "network interface — DL4J's server has no authentication, so only on a network you trust).")
    String uiHost;

    @Option(names = {"-k", "--knob"}, paramLabel = "NAME=VALUE", description = "Set an architecture knob (repeatable).")
    Map<String, String> knobs = new LinkedHashMap<>();

    void checkDeterminism() {
        String backend = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
        if (deterministic && !backend.equals("CpuBackend")) {
            throw new IllegalArgumentException("--deterministic: the " + backend + " backend does not guarantee the same metrics for the same seed; "
                    + "only the CPU backend does (rebuild without -Pcuda)");
        }
    }

    Recipe apply(Recipe r) {
        if (epochs != null) {
            r = r.withEpochs(positive(epochs, "--epochs"));
        }
        if (batch != null) {
            r = r.withBatchSize(positive(batch, "--batch"));
        }
        if (lr != null) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("--lr must be a positive number; got " + lr);
            }
            r = r.withLr(lr);
        }
        if (weightDecay != null) {
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("--weight-decay must be 0 or more; got " + weightDecay);
            }
            r = r.withWeightDecay(weightDecay);
        }
        if (seed != null) {
            r = r.withSeed(seed);
        }
        if (augment != null) {
            r = r.toBuilder().augment(r.augment().withKind(augment)).build();
        }
        if (validation != null) {
            if (validation < 0) {
                throw new IllegalArgumentException("--validation must be 0 or more; got " + validation);
            }
            r = r.withValidation(validation);
        }
        return r;
    }

    /**
     * What can be refused before any data is read: a negative --subset, a --resume-from without --resume, an --out
     * that names a file, a --resume directory that is not there.
     */
    void checkEarly() {
        if (subset < 0) {
            throw new IllegalArgumentException("--subset must be 0 (all images) or more; got " + subset);
        }
        if (resumeFrom != CheckpointFile.LAST && resume == null) {
            throw new IllegalArgumentException("--resume-from applies with --resume RUN_DIR");
        }
        if (out != null && resume != null) {
            throw new IllegalArgumentException("give --out (a new run) or --resume (an existing one), not both");
        }
        if (out != null && out.toString().isBlank() || resume != null && resume.toString().isBlank()) {
            throw new IllegalArgumentException((out != null ? "--out" : "--resume") + " needs a directory; got an empty path");
        }
        if (out != null && java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; a run directory is needed (nothing was changed)");
        }
        if (resume != null && !java.nio.file.Files.isDirectory(resume)) {
            throw new IllegalArgumentException("--resume " + resume + ": no such run directory");
        }
        if (ui != null) {
            LiveView.checkPort(ui);
        }
    }

    Path runDir(String name) {
        if (resume != null) {
            return resume;
        }
        if (out != null) {
            return out;
        }
        return Path.of("runs", name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** {@code v} if at least 1, else the one-line error naming the option. */
    static int positive(int v, String opt) {
        if (v < 1) {
            throw new IllegalArgumentException(opt + " must be at least 1; got " + v);
        }
        return v;
    }
}
