package io.github.classiczoo.core.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds one zoo model for a Java user, the typed door to what {@code ModelRegistry} offers by name. Each family has
 * factories that return one (e.g. {@code ResNets.resnet50()}, {@code LeNets.lenet5()}), with setters for that model's
 * own knobs; the settings every model shares are here:
 *
 * <pre>{@code
 * ComputationGraph net = ResNets.resnet50().classes(10).build();                   // fresh weights, 10 classes
 * ComputationGraph mine = ResNets.cifar(20).seed(7).updater(new Adam(1e-3)).l2(1e-4).build();   // the shared settings
 * ComputationGraph features = GoogLeNets.googlenet().headless().build();           // global-pool features, no classifier
 * ComputationGraphConfiguration conf = ResNets.resnet18().input(3, 112, 112).configuration();   // not initialised
 * ComputationGraph lenet = LeNets.lenet5().pretrained("mnist");                    // shipped weights (zoo-lenet-weights)
 * }</pre>
 *
 * <p><b>What a graph gets unless you say otherwise</b> (stated here because it is baked into the configuration):
 * seed {@value #DEFAULT_SEED}, updater plain SGD with learning rate {@value #DEFAULT_LR} (a placeholder: train with
 * your own updater, e.g. {@link #updater}, or zoo-train's recipes), no L2, float32, and each layer's weight
 * initialisation as its paper or torchvision sets it (see the model's class documentation), unless
 * {@link #weightInit} replaces it everywhere. {@link #build()} initialises the weights and puts the network on the
 * fast path when a speed layer is on the class path ({@link FastPath}).
 *
 * @param <B> the family's builder type, so that setters chain
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {

    public static final long DEFAULT_SEED = 12345;
    public static final double DEFAULT_LR = 0.01;

    private final ZooModel model;
    private ModelSpec spec;
    private boolean headless;
    private WeightInit weightInit;

    protected ModelBuilder(ZooModel model) {
        this.model = model;
        this.spec = model.spec();
    }

    /** A builder for any registered model, knobs set by name ({@link #knob}). */
    public static Any of(ZooModel model) {
        return new Any(model);
    }

    /** The builder for a model without typed knob setters. */
    public static final class Any extends ModelBuilder<Any> {
        Any(ZooModel model) {
            super(model);
        }
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The model this builds (its name, paper, knobs, deviations). */
    public ZooModel model() {
        return model;
    }

    /** Number of output classes (default: the paper's, e.g. 1000 for ImageNet models, 10 for LeNet). */
    public B classes(int n) {
        spec = spec.withClasses(n);
        return self();
    }

    /** Input channels × height × width (default: the paper's); a model refuses an input too small for its layers. */
    public B input(int channels, int height, int width) {
        spec = spec.withInput(new InputShape(channels, height, width));
        return self();
    }

    /** Any of the model's knobs by name ({@code model().knobs()} lists them); checked when the graph is built. */
    public B knob(String name, Object value) {
        spec = spec.withKnob(name, String.valueOf(value));
        return self();
    }

    /**
     * Without the classifier: the network's output is the input of its inference head (the global-pool features for
     * ResNet and GoogLeNet, fc7 for AlexNet, F6 for LeNet-5), and auxiliary heads are left out. Such a graph has no
     * loss; use it for features, or give it a head with {@code TransferLearning} (see {@link FineTune} for a ready one).
     */
    public B headless() {
        headless = true;
        return self();
    }

    public B seed(long seed) {
        spec = spec.withDefaults(spec.defaults().withSeed(seed));
        return self();
    }

    /** The updater written into the configuration (default plain SGD, learning rate {@value #DEFAULT_LR}). */
    public B updater(IUpdater updater) {
        spec = spec.withDefaults(spec.defaults().withUpdater(updater));
        return self();
    }

    /** L2 on every weight and bias (PyTorch's weight decay for SGD); default 0. */
    public B l2(double l2) {
        spec = spec.withDefaults(spec.defaults().withL2(l2));
        return self();
    }

    public B dataType(DataType type) {
        spec = spec.withDefaults(spec.defaults().withDataType(type));
        return self();
    }

    /** Replaces every layer's weight initialisation (default: each layer's own, as its paper or torchvision has it). */
    public B weightInit(WeightInit init) {
        this.weightInit = init;
        return self();
    }

    /** The validated spec this builder stands at (what zoo-train and the registry work with). */
    public ModelSpec spec() {
        return model.validate(spec);
    }

    /** The DL4J configuration, not initialised. */
    public ComputationGraphConfiguration configuration() {
        ModelSpec s = spec();
        ComputationGraphConfiguration conf = model.configuration(s);
        if (headless) {
            conf = withoutHeads(conf);
        }
        if (weightInit != null) {
            for (var v : conf.getVertices().values()) {
                if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer b && b.getWeightInitFn() != null) {
                    b.setWeightInitFn(weightInit.getWeightInitFunction());
                }
            }
        }
        return conf;
    }

    /**
     * The model with its shipped weights {@code name} ({@code "mnist"}, {@code "fashion-mnist"}: {@link Pretrained#of} lists
     * them), from an artifact such as {@code zoo-lenet-weights} on the class path; the file's SHA-256 is checked first.
     * The weights fix the architecture: a builder whose classes, input or knobs were changed, or made headless, is refused.
     */
    public ComputationGraph pretrained(String name) {
        ModelSpec s = spec(), d = model.validate(model.spec());
        if (headless || !s.input().equals(d.input()) || s.classes() != d.classes() || !s.knobs().equals(d.knobs())) {
            throw new IllegalStateException(model.name() + "@" + name + " holds the weights of the default " + model.name()
                    + "; build without changing classes, input, knobs or making it headless (FineTune gives a pretrained net a new head)");
        }
        return Pretrained.get(model.name(), name).load();
    }

    /** A network with fresh weights (seeded), on the fast path if a speed layer is on the class path. */
    public ComputationGraph build() {
        ComputationGraph net = new ComputationGraph(configuration());
        net.init();
        return FastPath.install(net);
    }

    /**
     * The graph up to the input of its first output (the inference head), and before the dropout that feeds it: the
     * head, its dropout and every other branch removed.
     */
    static ComputationGraphConfiguration withoutHeads(ComputationGraphConfiguration conf) {
        String head = conf.getNetworkOutputs().get(0);
        List<String> into = conf.getVertexInputs().get(head);
        if (into == null || into.size() != 1) {
            throw new IllegalStateException("the inference head " + head + " has " + into + " as inputs; expected one");
        }
        String features = into.get(0);
        while (conf.getVertices().get(features) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof DropoutLayer
                && conf.getVertexInputs().get(features).size() == 1) {
            features = conf.getVertexInputs().get(features).get(0); // the classifier's dropout belongs to the head
        }
        Set<String> keep = ancestors(conf, features);
        var b = new ComputationGraphConfiguration.GraphBuilder(conf, new NeuralNetConfiguration.Builder(conf.getDefaultConfiguration().clone()));
        for (String v : List.copyOf(conf.getVertices().keySet())) {
            if (!keep.contains(v)) {
                b.removeVertex(v, true);
            }
        }
        return b.setOutputs(features).build();
    }

    static Set<String> ancestors(ComputationGraphConfiguration conf, String of) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(of));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(conf.getVertexInputs().getOrDefault(v, List.of()));
            }
        }
        return seen;
    }
}
