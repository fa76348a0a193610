package io.github.classiczoo.core.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

/**
 * A network's logits: the output layers before their softmax, the numbers predictions are compared by across engines
 * and frameworks (torchvision's models return them; {@code zoo predict --output} writes them; the ONNX export ends in them).
 */
public final class Logits {

    private Logits() {
    }

    /** The same graph and parameters with identity activations on the output layers (on the fast path, as {@link ZooModel#create}). */
    public static ComputationGraph graph(ComputationGraph net) {
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        for (String out : conf.getNetworkOutputs()) {
            if (conf.getVertices().get(out) instanceof LayerVertex v) {
                if (v.getLayerConf().getLayer() instanceof BaseOutputLayer o) {
                    o.setActivationFn(new ActivationIdentity());
                } else if (v.getLayerConf().getLayer() instanceof LossLayer l) {
                    l.setActivationFn(new ActivationIdentity());
                }
            }
        }
        ComputationGraph g = new ComputationGraph(conf);
        g.init(net.params(), false);
        return FastPath.install(g);   // a new graph: helpers installed on the old one are not on it
    }
}
