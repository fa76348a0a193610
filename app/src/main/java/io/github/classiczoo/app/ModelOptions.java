package io.github.classiczoo.app;

import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a command builds a model: its input shape and knobs; shared by summary and bench. */
final class ModelOptions {

    @Option(names = "--input", paramLabel = "C,H,W", description = "Input shape (default: the model's).")
    String input;

    @Option(names = {"-k", "--knob"}, paramLabel = "NAME=VALUE", description = "Set an architecture knob (repeatable; `zoo list --json` shows each model's knobs).")
    Map<String, String> knobs = new LinkedHashMap<>();

    /** The model's default spec with these knobs (validated) and input. */
    ModelSpec spec(ZooModel m) {
        ModelSpec spec = m.spec(knobs);
        return input == null ? spec : spec.withInput(InputShape.parse(input));
    }
}
