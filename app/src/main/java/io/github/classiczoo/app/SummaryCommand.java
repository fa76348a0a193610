package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import io.github.classiczoo.core.util.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summary", mixinStandardHelpOptions = true,
        header = "Show a model's layers, output shapes, params and MACs.",
        usageHelpAutoWidth = true,
        description = {
            "Prints a model's layers: vertex name, type, output shape (C×H×W, or N for",
            "vectors), trainable parameters and multiply-accumulates (MACs), with totals,",
            "the paper and the model's deviations from it.",
            "",
            "Conventions (those of the papers and torchvision):",
            "  params  trainable parameters only: batch-norm running mean and variance",
            "          are state, and fixed constants (LeNet-5's RBF codes) are not counted",
            "  MACs    for one image: convolution = output elements × (input channels /",
            "          groups) × kH × kW; dense = inputs × outputs; pooling, activations,",
            "          normalisation, biases and element-wise additions count 0.",
            "  Auxiliary training heads are reported apart (auxParams, auxMacs); params",
            "  and MACs cover the inference path only.",
            ""})
final class SummaryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model name from `zoo list`, or a model file or run directory "
            + "(its architecture as built, and what it was trained on: dataset, classes, the normalisation its inputs need).")
    String model;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes (default: the model's).")
    Integer classes;

    @Option(names = "--json", description = "Print one JSON object: {model, input, knobs, params, macs, layers: [{name, type, inputs, output, params, macs}]}; knob values are JSON numbers, booleans or strings, and each layer names the vertices it reads (the graph's edges).")
    boolean json;

    @Override
    public Integer call() {
        java.nio.file.Path asFile = java.nio.file.Path.of(model);
        ModelFile.Info file = null;
        io.github.classiczoo.core.model.Pretrained weights = java.nio.file.Files.exists(asFile) ? null : io.github.classiczoo.core.model.Pretrained.parse(model);
        if (weights != null || !Zoo.registry().contains(model) && java.nio.file.Files.exists(asFile)) { // a model file or run directory
            asFile = ModelFile.resolve(asFile);
            file = ModelFile.info(asFile);
            model = file.model();
            modelOptions.knobs.putAll(file.knobs());
            modelOptions.input = file.input()[0] + "," + file.input()[1] + "," + file.input()[2];
            classes = classes == null ? file.classes() : classes;
        }
        ZooModel m = Zoo.registry().get(model);
        ModelSpec spec = modelOptions.spec(m);
        if (classes != null) {
            spec = spec.withClasses(classes);
        }
        ModelSummary s;
        try {
            s = ModelSummary.of(m, spec);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(m.name() + " cannot be built for input " + spec.input() + " and "
                    + spec.classes() + " classes: " + rootMessage(e), e);
        }
        if (json) {
            Map<String, Object> out = s.toJsonMap();
            if (out.containsKey("knobs")) { // values as JSON types: numbers, booleans, strings for choices
                Map<String, Object> typed = new java.util.TreeMap<>();
                spec.knobs().forEach((k, v) -> typed.put(k, typed(m, k, v)));
                out.put("knobs", typed);
            }
            out.put("family", m.family());
            out.put("paper", m.paper().cite());
            out.put("deviations", m.deviations());
            if (file != null) {
                out.put("modelFile", fileMap(asFile, file));
            }
            if (weights != null) {
                out.put("pretrained", provenance(weights));
            }
            System.out.println(Json.write(out));
            return 0;
        }
        System.out.print(s.toTable());
        System.out.println();
        System.out.println("paper: " + m.paper().cite());
        if (!m.deviations().isEmpty()) {
            System.out.println("deviations from the paper:");
            m.deviations().forEach(d -> System.out.println("  - " + d));
        }
        if (file != null) {
            Map<String, Object> f = fileMap(asFile, file);
            System.out.println("model file: " + (weights != null ? weights.id() + " (a verified copy in " + asFile + ")" : asFile));
            System.out.println("  trained on: " + f.get("dataset") + "; classes: " + (file.classNames() == null ? file.classes()
                    : String.join(", ", file.classNames())));
            System.out.println("  input normalisation: " + f.get("normalizationText"));
            System.out.println("  preprocessing: " + f.get("preprocessing"));
            if (file.weights() != null) {
                System.out.println("  weights: " + file.weights());
            }
        }
        if (weights != null) {
            Map<String, Object> p = provenance(weights);
            System.out.printf(java.util.Locale.ROOT, "shipped weights %s (%s, SHA-256 %s, verified):%n", weights.id(), p.get("artifact"), weights.sha256());
            System.out.printf(java.util.Locale.ROOT, "  trained by recipe %s (seed %s) on %s, %s epochs, commit %s, %s%n", weights.recipe(), p.get("seed"),
                    weights.dataset(), p.get("epochs"), p.get("commit"), p.get("ended"));
            System.out.printf(java.util.Locale.ROOT, "  test error %.2f%% (%d of %,d test images), as its run measured it%n", 100 * weights.testError(),
                    (Long) p.get("testWrong"), (Long) p.get("testImages"));
            System.out.println("  dataset SHA-256s: " + p.get("datasetSha256"));
        }
        return 0;
    }

    /** Where shipped weights come from: their run's recipe, seed, data, commit and result (from the manifest beside them). */
    static Map<String, Object> provenance(io.github.classiczoo.core.model.Pretrained w) {
        var m = Json.read(w.manifest());
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("id", w.id());
        var src = w.owner().getProtectionDomain().getCodeSource();
        p.put("artifact", src == null ? w.owner().getName() : java.nio.file.Path.of(src.getLocation().getPath()).getFileName().toString());
        p.put("sha256", w.sha256());
        p.put("bytes", w.bytes());
        p.put("recipe", w.recipe());
        p.put("seed", m.path("seed").asLong());
        p.put("dataset", w.dataset());
        p.put("epochs", m.path("epochsDone").asInt());
        p.put("commit", m.path("environment").path("gitCommit").asText());
        p.put("ended", m.path("ended").asText());
        p.put("testError", w.testError());
        long n = m.path("final").path("examples").asLong();
        p.put("testImages", n);
        p.put("testWrong", Math.round(w.testError() * n));
        Map<String, String> sha = new java.util.TreeMap<>();
        m.path("datasetSha256").fields().forEachRemaining(e -> sha.put(e.getKey(), e.getValue().asText()));
        p.put("datasetSha256", sha);
        return p;
    }

    /** A knob's value as its kind reads it: a number, a boolean, or the chosen string. */
    static Object typed(ZooModel m, String knob, String value) {
        for (io.github.classiczoo.core.model.Knob k : m.knobs()) {
            if (k.name().equals(knob)) {
                try {
                    return switch (k.kind()) {
                        case INT -> Long.parseLong(value.strip());
                        case DOUBLE -> Double.parseDouble(value.strip());
                        case BOOLEAN -> Boolean.parseBoolean(value.strip());
                        case CHOICE -> value;
                    };
                } catch (NumberFormatException e) {
                    return value;
                }
            }
        }
        return value;
    }

    /** What a model file records beyond its architecture: data, classes, and the normalisation its inputs need. */
    static Map<String, Object> fileMap(java.nio.file.Path path, ModelFile.Info file) {
        io.github.classiczoo.core.image.Normalization n = file.normalization();
        Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("path", path.toString());
        f.put("dataset", file.dataset());
        f.put("classNames", file.classNames());
        Map<String, Object> norm = new java.util.LinkedHashMap<>();
        norm.put("name", n.name());
        norm.put("formula", "x = pixel/255 * scale[c] + shift[c], pixel in 0..255" + (n.pixelMean() != null ? ", after the per-pixel mean image is subtracted" : ""));
        norm.put("scale", n.scale());
        norm.put("shift", n.shift());
        double[] mean = new double[n.scale().length], std = new double[n.scale().length];
        StringBuilder text = new StringBuilder(n.name() + ": pixel p in 0..255 → ");
        for (int c = 0; c < mean.length; c++) {
            std[c] = 1 / n.scale()[c];
            mean[c] = -n.shift()[c] / n.scale()[c];
            text.append(String.format(java.util.Locale.ROOT, "%s(p/255 − %.4f) / %.4f", c == 0 ? "" : ", ", mean[c], std[c]));
        }
        if (n.pixelMean() != null) {
            text.append(" after the training set's mean image is subtracted");
        }
        norm.put("mean", mean);
        norm.put("std", std);
        f.put("normalization", norm);
        f.put("normalizationText", text.toString());
        f.put("preprocessing", file.preprocessing().describe());
        f.put("weights", file.weights());
        return f;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
