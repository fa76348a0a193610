package io.github.classiczoo.app;

import io.github.classiczoo.core.image.Preprocessing;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.util.Json;
import io.github.classiczoo.data.ImageSource;
import io.github.classiczoo.data.folder.FolderLayout;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.data.store.DatasetRef;
import io.github.classiczoo.train.Evaluator;
import io.github.classiczoo.train.Metrics;
import io.github.classiczoo.train.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "eval", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Evaluate a trained model: loss, top-1/top-5, per-class accuracy, confusion matrix (up to 20 classes as text; always in --json).",
        description = {"RUN_DIR uses the run's best checkpoint (else its last); a model file is any checkpoint zip.",
            "The model file's own preprocessing (input size, placement, normalisation; `zoo summary",
            "MODEL_FILE` shows it) is used, whatever the data: as the model was evaluated in training.", ""})
final class EvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR|MODEL_FILE", description = "A run directory or a model file.")
    Path source;

    /** Default: the one the model was trained on. */
    @Mixin
    DatasetOption dataset;

    @Option(names = "--split", paramLabel = "S", defaultValue = "test", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    io.github.classiczoo.data.Split split;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--ten-crop", description = "Average over 10 views (4 corners, centre, and their mirror images) as AlexNet and ResNet test; folder datasets only.")
    boolean tenCrop;

    @Option(names = "--json", description = "Print the metrics as JSON.")
    boolean json;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "dl4j", description = "dl4j, or onnxruntime: the graph `zoo export` writes, run by "
            + "ONNX Runtime. Same images, same predictions; its loss is the cross-entropy of the logits (DL4J's is the output "
            + "layer's own, e.g. LeNet-5's eq. 9, plus any weight decay) (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        Path file = ModelFile.resolve(source);
        String shown = Files.exists(source) ? file.toString() : source.toString(); // MODEL@WEIGHTS: its name, not the verified temporary copy
        ModelFile.Info info = ModelFile.info(file);
        int threads = Threads.chooseFor(info.model());
        ComputationGraph net = ModelFile.load(file);
        DatasetRef d = dataset.ref();
        if (d == null && info.weights() != null) {
            throw new IllegalArgumentException(file + " holds imported weights; pass --data VAL_DIR (ImageNet's validation images, one "
                    + "sub-folder per synset n01440764 ... in ImageNet's class order)");
        }
        if (d == null) {
            d = DatasetRef.parse(info.dataset());
        }
        Limits.batch("--batch", batch, new InputShape(info.input()[0], info.input()[1], info.input()[2]));
        if (tenCrop && !(info.preprocessing().geometry() instanceof Preprocessing.ResizeCrop)) {
            throw new IllegalArgumentException("--ten-crop applies to models evaluated by resizing and cropping (ImageNet-style); "
                    + info.model() + "'s images are " + info.preprocessing().geometry().describe(info.input()[1], info.input()[2]));
        }
        String name = d.toString();
        ImageSource set;
        if (d.isFolder()) {
            // a training layout (ROOT/train and ROOT/val or ROOT/test), as folder-trained runs record it: its held-out part
            String at = FolderLayout.of(d.folder()).forEvaluation();
            if (!at.equals(d.folder())) {
                System.err.println("data: " + d.folder() + " holds train/ and a held-out part: evaluating " + at);
            }
            set = data.store().folder(at);
        } else {
            set = data.store().load(d.info(), split, data.from);
        }
        // the model file's own preprocessing, whatever the data: as it was evaluated in training, and as predict feeds it
        Batches b = Batches.evaluation(set, info.preprocessing(), batch, tenCrop);
        if (set.classes() != info.classes()) {
            throw new IllegalArgumentException(file + " predicts " + info.classes() + " classes but " + name + " has " + set.classes());
        }
        checkClassNames(file, info.classNames(), name, set.classNames());
        Metrics m;
        if (engine == Engine.DL4J) {
            m = Evaluator.evaluate(net, b, split.toString(), Progress.console());
        } else {
            try (Engine.Runner run = engine.open(net, info, threads)) {
                m = Evaluator.evaluate(run.logits(), b, split.toString(), Progress.console());
            }
        }
        if (json) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("model", info.model());
            out.put("modelFile", shown);
            out.put("dataset", name);
            out.put("classNames", set.classNames());
            out.put("engine", engine.toString());
            out.putAll(m.toMap());
            System.out.println(Json.write(out));
        } else {
            System.out.printf(Locale.ROOT, "%s (%s) on %s/%s: top-1 error %.2f%%, top-5 error %.2f%%, loss %.4f%s, %,d images%n",
                    info.model(), shown, name, split, 100 * m.error(), 100 * (1 - m.top5()), m.loss(),
                    engine == Engine.DL4J ? "" : " (cross-entropy, " + engine + ")", m.examples());
            System.out.print(m.classTable(set.classNames()));
        }
        return 0;
    }

    /**
     * The model's classes against the data's, by name where both have them. Names that overlap but differ (a class
     * missing, added or renamed, so that indices shift) are refused; names with nothing in common (ImageNet's labels
     * against its synset folders n01440764 ...) are matched by the folder's sorted order, and said so.
     */
    static void checkClassNames(Path file, java.util.List<String> model, String data, java.util.List<String> names) {
        if (model == null || model.equals(names)) {
            return;
        }
        if (java.util.Collections.disjoint(model, names)) {
            System.err.printf(Locale.ROOT, "data: the model's class names (%s, ...) are not %s's (%s, ...): classes are matched by position "
                    + "(folders in name order)%n", model.get(0), data, names.get(0));
            return;
        }
        int i = 0;
        while (model.get(i).equals(names.get(i))) {
            i++;
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s's classes are not %s's: class %d is '%s' in the model but '%s' in the data "
                + "(folder classes are sorted by name, as torchvision's ImageFolder does)", file, data, i, model.get(i), names.get(i)));
    }
}
