package io.github.classiczoo.app;

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

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model name from `zoo list`.")
    String model;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--classes", paramLabel = "N", description = "Number of classes (default: the model's).")
    Integer classes;

    @Option(names = "--json", description = "Print one JSON object: {model, input, params, macs, layers: [{name, type, output, params, macs}]}.")
    boolean json;

    @Override
    public Integer call() {
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
            out.put("family", m.family());
            out.put("paper", m.paper().cite());
            out.put("deviations", m.deviations());
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
        return 0;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
