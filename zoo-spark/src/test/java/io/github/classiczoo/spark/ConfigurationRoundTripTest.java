package io.github.classiczoo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spark's workers rebuild every network from its configuration: each registered model's configuration survives the JSON
 * round trip (the same JSON back, and the same parameter count as the graph built directly).
 */
class ConfigurationRoundTripTest {

    static List<String> models() {
        return ModelRegistry.load().all().stream().map(ZooModel::name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void survivesTheJsonRoundTrip(String name) {
        ZooModel m = ModelRegistry.load().get(name);
        ModelSpec spec = m.spec(java.util.Map.of());
        ComputationGraphConfiguration conf = m.configuration(spec);
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(json, back.toJson());
        long direct = conf.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
        long rebuilt = back.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
        assertEquals(direct, rebuilt);
    }
}
