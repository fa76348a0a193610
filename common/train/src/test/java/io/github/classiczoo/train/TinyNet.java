package io.github.classiczoo.train;

import static io.github.classiczoo.core.graph.Layers.conv;
import static io.github.classiczoo.core.graph.Layers.dense;
import static io.github.classiczoo.core.graph.Layers.maxPool;
import static io.github.classiczoo.core.graph.Layers.softmaxOutput;

import io.github.classiczoo.core.graph.ZooGraph;
import io.github.classiczoo.core.model.InputShape;
import io.github.classiczoo.core.model.Knob;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.Paper;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.data.ImageSet;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.activations.Activation;

/** The registry facts of the harness tests' small models. */
abstract class TinyNetBase implements ZooModel {
    public String name() { return "tiny"; }
    public String family() { return "Test"; }
    public Paper paper() { return new Paper("Nobody", 2026, "Tiny", "tests"); }
    public String description() { return "test model"; }
    public InputShape defaultInput() { return new InputShape(1, 8, 8); }
    public int defaultClasses() { return 3; }
    public List<Knob> knobs() { return List.of(); }
    public List<String> deviations() { return List.of(); }
}

/** A small CNN and a learnable synthetic dataset for harness tests. */
final class TinyNet extends TinyNetBase {

    public ComputationGraphConfiguration define(ModelSpec spec) {
        ZooGraph g = ZooGraph.start(spec);
        String x = g.layer("conv", conv(4, 3).pad(1).activation(Activation.RELU), g.input());
        x = g.layer("pool", maxPool(2, 2), x);
        x = g.layer("fc", dense(16).activation(Activation.RELU), x);
        x = g.layer("out", softmaxOutput(spec.classes()), x);
        return g.build(x);
    }

    /** Class c has a bright row at 2c+1 plus noise. */
    static ImageSet data(int n, long seed, String name) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(3);
            for (int k = 0; k < 64; k++) {
                int v = r.nextInt(90);
                if (k / 8 == 2 * labels[i] + 1) {
                    v += 150;
                }
                px[i * 64 + k] = (byte) v;
            }
        }
        return new ImageSet(name, new InputShape(1, 8, 8), px, labels, List.of("a", "b", "c"));
    }
}
