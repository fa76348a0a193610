package io.github.classiczoo.alexnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.testing.StageChecks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both AlexNets' stages: the pooled maps of their convolution stages, checked against the graphs. */
class AlexNetStagesTest {

    @Test
    void stagesAreThePooledConvolutionMaps() {
        // Figure 2 / §3.5: 13×13×256 after conv2's pool (both towers), 6×6×256 after conv5's; torchvision's features:
        // 27×27×64 (features.2), 13×13×192 (features.5), 6×6×256 (features.12) on 224×224
        assertEquals(List.of(new Stage("pool2", 256, 16), new Stage("pool5", 256, 32)), new AlexNet().stages(new AlexNet().spec()));
        assertEquals(List.of(new Stage("features.2", 64, 8), new Stage("features.5", 192, 16), new Stage("features.12", 256, 32)),
                new AlexNetTorchvision().stages(new AlexNetTorchvision().spec()));
    }

    @Test
    void featuresComputesTheStagesAsDl4jDoes() {
        for (ZooModel m : new AlexNetFamily().models()) {
            StageChecks.assertStagesComputed(m, m.spec());
        }
    }
}
