package io.github.classiczoo.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The one call that puts a network on the zoo's fast path: {@code FastPath.install(net)}.
 *
 * <p>DL4J 1.0.0-M2.1 runs its convolution, pooling and batch-norm layers on a slow Java path on the CPU (it never
 * switches on its own native helpers). The zoo's speed layer, the {@code zoo-native} artifact, installs faster
 * native implementations on the layer <em>instances</em> of a graph; the configuration, and so any model file, stays
 * plain DL4J. This class finds that layer through {@link ServiceLoader} ({@link Provider}), so zoo-core and the model
 * artifacts do not depend on it: add {@code zoo-native} to your build and
 *
 * <ul>
 *   <li>{@code ZooModel.create}, {@code ModelBuilder.build} and {@code ModelFile.load} install it for you;</li>
 *   <li>a graph you make yourself — {@code new ComputationGraph(conf)}, {@code TransferLearning}, {@code clone()}, a
 *       graph restored by {@code ModelSerializer} — needs this call once, after {@code init()}: helpers live on layer
 *       instances, and each of those makes new ones.</li>
 * </ul>
 *
 * Without a speed layer on the class path the call returns the graph unchanged (DL4J's own path: the same function,
 * slower — measured in BENCHMARKS.md). {@link #providers()} says what is installed.
 */
public final class FastPath {

    /** A speed layer; zoo-native provides one. Implementations must leave the function the graph computes unchanged. */
    public interface Provider {
        /** A short name for diagnostics, e.g. {@code zoo-native}. */
        String name();

        /** Installs the speed layer on {@code net}'s layer instances (where it applies to this backend); returns {@code net}. */
        ComputationGraph install(ComputationGraph net);
    }

    private static volatile List<Provider> providers;

    private FastPath() {
    }

    /** Puts {@code net} on every speed layer on the class path; returns {@code net} (unchanged if there is none). */
    public static ComputationGraph install(ComputationGraph net) {
        for (Provider p : providers()) {
            p.install(net);
        }
        return net;
    }

    /** The speed layers found on the class path (none means DL4J's own path). */
    public static List<Provider> providers() {
        List<Provider> ps = providers;
        if (ps == null) {
            List<Provider> found = new ArrayList<>();
            ServiceLoader.load(Provider.class, FastPath.class.getClassLoader()).forEach(found::add);
            providers = ps = List.copyOf(found);
        }
        return ps;
    }
}
