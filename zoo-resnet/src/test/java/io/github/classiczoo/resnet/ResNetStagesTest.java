package io.github.classiczoo.resnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.Stage;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.testing.StageChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ResNets' stages: torchvision's layer1…layer4 (C2–C5), checked against the graphs. */
class ResNetStagesTest {

    @Test
    void everyResNetsStagesAreVerticesOfItsGraphWithTheirChannelsAndStrides() {
        for (ZooModel m : new ResNetFamily().models()) {
            StageChecks.assertStagesMatchTheGraph(m, m.spec());
        }
        ZooModel r18 = ModelRegistry.load().get("resnet18");
        StageChecks.assertStagesMatchTheGraph(r18, r18.spec(Map.of("width", "0.5", "shortcut", "A")));
    }

    @Test
    void resnet50sStagesAreTorchvisionsFeatureMaps() {
        // torchvision's resnet50: layer1…layer4 give 256, 512, 1024, 2048 channels at 1/4 … 1/32 (its FPN's in_channels_list);
        // 3, 4, 6, 3 blocks, the last one's ReLU after the addition is the stage's output
        ZooModel m = ModelRegistry.load().get("resnet50-torchvision");
        assertEquals(List.of(new Stage("layer1", "layer1.2.relu", 256, 4), new Stage("layer2", "layer2.3.relu", 512, 8),
                new Stage("layer3", "layer3.5.relu", 1024, 16), new Stage("layer4", "layer4.2.relu", 2048, 32)), m.stages(m.spec()));
        // §4.2: 16, 32, 64 filters on 32×32, 16×16, 8×8 maps; n = 3 blocks for ResNet-20
        ZooModel c = ModelRegistry.load().get("resnet20");
        assertEquals(List.of(new Stage("layer1", "layer1.2.relu", 16, 1), new Stage("layer2", "layer2.2.relu", 32, 2),
                new Stage("layer3", "layer3.2.relu", 64, 4)), c.stages(c.spec()));
    }

    @Test
    void featuresComputesTheStagesAsDl4jDoes() {
        for (String name : List.of("resnet18", "resnet50-torchvision", "resnet20")) {
            ZooModel m = ModelRegistry.load().get(name);
            StageChecks.assertStagesComputed(m, m.spec());
        }
    }
}
