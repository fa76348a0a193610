package io.github.classiczoo.core.model;

import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A trained or imported network with a new classifier: the timm/torchvision habit of replacing the head, on top of
 * DL4J's {@link TransferLearning}.
 *
 * <pre>{@code
 * ComputationGraph tuned = FineTune.of(ModelFile.load(Path.of("r18.zip")))
 *         .classes(3).freezeTrunk().updater(new Adam(1e-3)).build();   // a new 3-class head; only it trains
 * tuned.fit(myData);
 * ModelFile.save(tuned, Path.of("r18-3.zip"), ModelFile.info(Path.of("r18.zip")).withClasses(3, List.of("cat", "dog", "fox")), false);
 * ComputationGraph letters = FineTune.of(LeNets.lenet5().pretrained("mnist")).classes(26).build();   // softmax on F6
 * }</pre>
 *
 * The inference head is the network's first output layer (the zoo builds every model so); it is replaced by one of
 * the same kind (activation and loss kept) with {@code classes} outputs and fresh Xavier weights; auxiliary heads
 * (GoogLeNet's) are removed. A head that is not a standard output layer — LeNet-5's Euclidean RBF output, whose ten
 * fixed codes are the digits' — is replaced by a dense softmax layer on the same features (F6's 84 units) with
 * cross-entropy loss and {@code classes} outputs. With {@link #freezeTrunk()} everything below the head keeps its weights (DL4J's frozen
 * layers: batch norm then runs with its stored statistics). Unless set here, the updater and seed are the network's own:
 * the new head's weights are drawn from the network's seed, so the same network fine-tuned twice starts from the same
 * head (DL4J alone would draw them from the global random generator, a different head on every run).
 * The result is on the fast path when a speed layer is on the class path ({@link FastPath}).
 */
public final class FineTune {

    private final ComputationGraph net;
    private int classes = -1;
    private boolean freeze;
    private IUpdater updater;
    private Long seed;

    private FineTune(ComputationGraph net) {
        this.net = net;
    }

    public static FineTune of(ComputationGraph trained) {
        return new FineTune(trained);
    }

    /** The new head's number of classes (required). */
    public FineTune classes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a head needs at least 1 class; got " + n);
        }
        classes = n;
        return this;
    }

    /** Keep every layer below the head as it is; only the new head trains. */
    public FineTune freezeTrunk() {
        freeze = true;
        return this;
    }

    public FineTune updater(IUpdater u) {
        updater = u;
        return this;
    }

    /** The seed the new head's weights are drawn from (default: the network's own seed). */
    public FineTune seed(long s) {
        seed = s;
        return this;
    }

    public ComputationGraph build() {
        if (classes < 1) {
            throw new IllegalStateException("FineTune: say how many classes the new head has (classes(n))");
        }
        ComputationGraphConfiguration conf = net.getConfiguration();
        String head = conf.getNetworkOutputs().get(0);
        boolean standard = conf.getVertices().get(head) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseOutputLayer;
        String features = conf.getVertexInputs().get(head).get(0);
        long width = standard ? 0 : width(conf, features, head);
        Set<String> keep = ModelBuilder.ancestors(conf, head);

        FineTuneConfiguration.Builder ft = new FineTuneConfiguration.Builder();
        if (updater != null) {
            ft.updater(updater);
        }
        ft.seed(seed != null ? seed : conf.getDefaultConfiguration().getSeed());
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(net).fineTuneConfiguration(ft.build());
        for (String v : List.copyOf(conf.getVertices().keySet())) {
            if (!keep.contains(v) && !conf.getNetworkInputs().contains(v)) {
                b.removeVertexAndConnections(v);
            }
        }
        if (standard) {
            b.nOutReplace(head, classes, WeightInit.XAVIER);
        } else {
            b.removeVertexKeepConnections(head);
            b.addLayer(head, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(width).nOut(classes)
                    .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), features);
        }
        if (freeze) {
            b.setFeatureExtractor(features);
        }
        b.setOutputs(head);
        return FastPath.install(b.build());
    }

    /** The width of the features under a head that is not a standard output layer: {@code features} must be a dense or convolutional layer. */
    private static long width(ComputationGraphConfiguration conf, String features, String head) {
        if (conf.getVertices().get(features) instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof FeedForwardLayer f) {
            return f.getNOut();
        }
        throw new IllegalArgumentException("the inference head " + head + " is not a standard output layer and its input " + features
                + " is not a layer whose width is known; replace the head with TransferLearning directly");
    }
}
