package io.github.classiczoo.lenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.lenet.LeNets.Activation;
import io.github.classiczoo.lenet.LeNets.Pool;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.junit.jupiter.api.Test;

/** The activation and pool knobs: written by the typed setters as the enums' words, read back by the models as the enums. */
class LeNetKnobsTest {

    @Test
    void theKnobsTakeTheEnumsWords() {
        assertEquals(List.of("relu", "tanh"), knob("lenet5-modern", "activation").choices());
        assertEquals(List.of("max", "avg"), knob("lenet5-modern", "pool").choices());
        assertEquals(List.of("lecun-tanh", "relu"), knob("mlp-300", "activation").choices());
        assertEquals("lecun-tanh", knob("mlp-300", "activation").defaultValue());
        ModelSpec s = LeNets.lenet5Modern().activation(Activation.TANH).pool(Pool.AVG).spec();
        assertEquals("tanh", s.knob("activation"));
        assertEquals("avg", s.knob("pool"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeNets.mlp300().activation(Activation.TANH).spec());
        assertTrue(e.getMessage().contains("[lecun-tanh, relu]"), e.getMessage());
    }

    @Test
    void theModelsBuildWhatTheKnobsSay() {
        ComputationGraphConfiguration avgTanh = LeNets.lenet5Modern().activation(Activation.TANH).pool(Pool.AVG).configuration();
        assertEquals(PoolingType.AVG, ((SubsamplingLayer) layer(avgTanh, "S2")).getPoolingType());
        assertTrue(((BaseLayer) layer(avgTanh, "C1")).getActivationFn().toString().toLowerCase().contains("tanh"),
                ((BaseLayer) layer(avgTanh, "C1")).getActivationFn().toString());
        ComputationGraphConfiguration modern = LeNets.lenet5Modern().configuration();
        assertEquals(PoolingType.MAX, ((SubsamplingLayer) layer(modern, "S2")).getPoolingType());
        // the MLP's LeCun tanh (1.7159·tanh(2a/3)) against ReLU
        assertTrue(((BaseLayer) layer(LeNets.mlp300().configuration(), "hidden1")).getActivationFn() instanceof io.github.classiczoo.lenet.layers.LeCunTanh);
        assertTrue(((BaseLayer) layer(LeNets.mlp300().activation(Activation.RELU).configuration(), "hidden1")).getActivationFn().toString()
                .toLowerCase().contains("relu"));
    }

    private static Knob knob(String model, String name) {
        return ModelRegistry.load().get(model).knobs().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    private static org.deeplearning4j.nn.conf.layers.Layer layer(ComputationGraphConfiguration c, String name) {
        return ((LayerVertex) c.getVertices().get(name)).getLayerConf().getLayer();
    }
}
