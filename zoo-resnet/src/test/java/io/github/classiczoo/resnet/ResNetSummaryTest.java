package io.github.classiczoo.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.core.summary.ModelSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Summaries against He et al. 2015 (Table 1, §4.2) and torchvision's parameter counts. */
class ResNetSummaryTest {

    static final ModelRegistry REG = ModelRegistry.load();

    static ModelSummary summary(String name) {
        return ModelSummary.of(REG.get(name));
    }

    @Test
    void torchvisionVariantsHaveTorchvisionsExactParameterCounts() {
        // torchvision.models.resnetN(): sum(p.numel() for p in m.parameters())
        assertEquals(11_689_512, summary("resnet18-torchvision").params());
        assertEquals(21_797_672, summary("resnet34-torchvision").params());
        assertEquals(25_557_032, summary("resnet50-torchvision").params());
        assertEquals(44_549_160, summary("resnet101-torchvision").params());
        assertEquals(60_192_808, summary("resnet152-torchvision").params());
    }

    @Test
    void paperVariantsReproduceTable1Flops() {
        // Table 1, "FLOPs" row (multiply-adds): 1.8, 3.6, 3.8, 7.6, 11.3 ×10⁹. The paper prints two digits;
        // ours: 1.81, 3.66, 3.86, 7.57, 11.28 — every one within 0.07×10⁹ (2%) of the printed figure.
        double[] paper = {1.8, 3.6, 3.8, 7.6, 11.3};
        int[] depths = {18, 34, 50, 101, 152};
        for (int i = 0; i < depths.length; i++) {
            double g = summary("resnet" + depths[i]).macs() / 1e9;
            assertEquals(paper[i], g, 0.07, "resnet" + depths[i] + ": " + g + " GMACs");
        }
        // The paper's stride placement is what reproduces 3.8: torchvision's V1.5 costs 4.09.
        assertEquals(4.09, summary("resnet50-torchvision").macs() / 1e9, 0.01);
        assertTrue(summary("resnet50").macs() < summary("resnet50-torchvision").macs());
    }

    @Test
    void stageOutputsFollowTable1ForA224Input() {
        ModelSummary s = summary("resnet50");
        assertArrayEquals(new long[] {64, 112, 112}, s.row("conv1").output());
        assertArrayEquals(new long[] {64, 56, 56}, s.row("maxpool").output());
        assertArrayEquals(new long[] {256, 56, 56}, s.row("layer1.2.relu").output());
        assertArrayEquals(new long[] {512, 28, 28}, s.row("layer2.3.relu").output());
        assertArrayEquals(new long[] {1024, 14, 14}, s.row("layer3.5.relu").output());
        assertArrayEquals(new long[] {2048, 7, 7}, s.row("layer4.2.relu").output());
        assertArrayEquals(new long[] {1000}, s.row("fc").output());
        // the paper down-samples on the first 1×1 of layer2.0; torchvision on its 3×3
        assertArrayEquals(new long[] {128, 28, 28}, s.row("layer2.0.conv1").output());
        ModelSummary tv = summary("resnet50-torchvision");
        assertArrayEquals(new long[] {128, 56, 56}, tv.row("layer2.0.conv1").output());
        assertArrayEquals(new long[] {128, 28, 28}, tv.row("layer2.0.conv2").output());
        ModelSummary r18 = summary("resnet18");
        assertArrayEquals(new long[] {512, 7, 7}, r18.row("layer4.1.relu").output());
    }

    @Test
    void torchvisionModulePathsNameTheWeightedVertices() {
        ModelSummary s = summary("resnet50-torchvision");
        for (String name : new String[] {"conv1", "bn1", "layer1.0.conv1", "layer1.0.bn3", "layer1.0.downsample.0", "layer1.0.downsample.1",
            "layer3.4.conv2", "layer3.4.bn2", "layer4.2.conv3", "fc"}) {
            assertTrue(s.params() > 0 && s.row(name).params() > 0, name);
        }
        assertEquals(64 * 3 * 7 * 7, s.row("conv1").params()); // no bias, as torchvision
        assertEquals(2048 * 1000 + 1000, s.row("fc").params());
    }

    @Test
    void cifarResNetsHaveThePapersParameterCounts() {
        // §4.2, Table 6: 0.27M, 0.46M, 0.66M, 0.85M, 1.7M, 19.4M
        assertEquals(0.27, summary("resnet20").params() / 1e6, 0.005);
        assertEquals(0.46, summary("resnet32").params() / 1e6, 0.005);
        assertEquals(0.66, summary("resnet44").params() / 1e6, 0.005);
        assertEquals(0.85, summary("resnet56").params() / 1e6, 0.005);
        assertEquals(1.7, summary("resnet110").params() / 1e6, 0.05);
        assertEquals(19.4, summary("resnet1202").params() / 1e6, 0.05);
        // ResNet-20 by hand: conv 432 + BN 32; stage weights 6·2,304 + (4,608 + 5·9,216) + (18,432 + 5·36,864);
        // 18 BN layers 6·(32+64+128); FC 64·10+10. Option A shortcuts have no parameters.
        assertEquals(432 + 32 + 13_824 + 50_688 + 202_752 + 1_344 + 650, summary("resnet20").params());
        ModelSummary s = summary("resnet20");
        assertArrayEquals(new long[] {16, 32, 32}, s.row("layer1.2.relu").output());
        assertArrayEquals(new long[] {32, 16, 16}, s.row("layer2.0.relu").output());
        assertArrayEquals(new long[] {64, 8, 8}, s.row("layer3.2.relu").output());
    }

    @Test
    void shortcutOptionsDifferOnlyInTheirProjections() {
        ZooModel r34 = REG.get("resnet34");
        long a = ModelSummary.of(r34, r34.spec(Map.of("shortcut", "A"))).params();
        long b = ModelSummary.of(r34, r34.spec(Map.of("shortcut", "B"))).params();
        long c = ModelSummary.of(r34, r34.spec(Map.of("shortcut", "C"))).params();
        // B adds three projections (64→128, 128→256, 256→512), each a 1×1 conv and a BN (γ, β)
        assertEquals(64 * 128 + 256 + 128 * 256 + 512 + 256 * 512 + 1024, b - a);
        assertTrue(c > b);
        ModelSummary sa = ModelSummary.of(r34, r34.spec(Map.of("shortcut", "A")));
        assertFalse(sa.layers().stream().anyMatch(r -> r.name().contains("downsample")));
        assertEquals(summary("resnet34-torchvision").params(), b);
    }

    /**
     * §4.1 and Table 2's plain-18/34, and §4.2's plain CIFAR nets (Fig. 6): the same layers without shortcuts. "Our
     * 34-layer baseline has 3.6 billion FLOPs"; the plain and option-A nets have the same parameters (A adds none).
     */
    @Test
    void plainNetsAreTheResidualNetsWithoutTheirShortcuts() {
        double[] paper = {1.8, 3.6};
        int[] depths = {18, 34};
        for (int i = 0; i < depths.length; i++) {
            ZooModel m = REG.get("resnet" + depths[i]);
            ModelSummary plain = ModelSummary.of(m, m.spec(Map.of("residual", "false")));
            ModelSummary a = ModelSummary.of(m, m.spec(Map.of("shortcut", "A")));
            assertEquals(paper[i], plain.macs() / 1e9, 0.07, "plain-" + depths[i]);
            assertEquals(a.params(), plain.params(), "plain-" + depths[i]);
            assertTrue(plain.macs() < ModelSummary.of(m).macs(), "option B's projections cost multiply-adds the plain net has not");
            assertFalse(plain.layers().stream().anyMatch(r -> r.name().contains("downsample") || r.name().contains("shortcut")));
            assertArrayEquals(new long[] {512, 7, 7}, plain.row(ResNet.block(3, depths[i] == 18 ? 1 : 2) + ".relu").output());
        }
        for (int depth : new int[] {20, 56, 110}) {
            ZooModel m = REG.get("resnet" + depth);
            ModelSummary plain = ModelSummary.of(m, m.spec(Map.of("residual", "false")));
            ModelSummary res = ModelSummary.of(m);
            assertEquals(res.params(), plain.params(), "plain-" + depth);
            assertEquals(res.macs(), plain.macs(), res.macs() * 1e-3, "plain-" + depth + ": the zero-padded shortcuts cost next to nothing");
            assertFalse(plain.layers().stream().anyMatch(r -> r.name().contains("shortcut")), "plain-" + depth);
            assertTrue(res.layers().stream().anyMatch(r -> r.name().contains("shortcut")), "resnet" + depth);
            assertArrayEquals(new long[] {64, 8, 8}, plain.row(ResNet.block(2, (depth - 2) / 6 - 1) + ".relu").output());
        }
        // no block of a plain net adds anything: every block's output takes one input; a ResNet's takes two
        for (String name : new String[] {"resnet34", "resnet56"}) {
            ZooModel m = REG.get(name);
            var plain = m.define(m.spec(Map.of("residual", "false"))).getVertexInputs();
            var res = m.define(m.spec()).getVertexInputs();
            long blocks = res.keySet().stream().filter(v -> v.matches("layer\\d\\.\\d+\\.relu")).count();
            assertEquals(name.equals("resnet34") ? 16 : 27, blocks, name);
            res.keySet().stream().filter(v -> v.matches("layer\\d\\.\\d+\\.relu")).forEach(v -> {
                assertEquals(2, res.get(v).size(), name + " " + v);
                assertEquals(1, plain.get(v).size(), "plain " + name + " " + v);
            });
        }
        // the typed builders build the same graphs as the knobs
        assertEquals(REG.get("resnet34").create(REG.get("resnet34").spec(Map.of("residual", "false"))).numParams(),
                ResNets.resnet34().residual(false).build().numParams(), "plain-34 through the typed builder");
        assertEquals(REG.get("resnet20").create(REG.get("resnet20").spec(Map.of("residual", "false"))).getConfiguration().toJson(),
                ResNets.cifar(20).residual(false).build().getConfiguration().toJson(), "plain-20 through the typed builder");
        // weighted layers: 6n+2 in both (the plain net's count is its name)
        ZooModel r20 = REG.get("resnet20");
        ModelSummary p20 = ModelSummary.of(r20, r20.spec(Map.of("residual", "false")));
        assertEquals(20, p20.layers().stream().filter(r -> r.name().endsWith("conv1") || r.name().endsWith("conv2") || r.name().equals("fc")).count());
    }
}
