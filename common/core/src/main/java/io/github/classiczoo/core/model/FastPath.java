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
 * slower — measured in docs/notebook/speed-layer.md,
 * "Native ops: DL4J's legacy path against libnd4j's oneDNN ops, same launcher"). {@link #providers()} says what is installed.
 *
 * <p>The JVM-wide settings the {@code zoo} launcher makes for speed are one more call, {@link #prepareJvm()}, first
 * thing in {@code main}.
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

    /** JavaCPP's memory-probe setting, under both spellings it reads (the camel-case one wins). */
    static final String PROBE = "org.bytedeco.javacpp.maxPhysicalBytes";
    static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";
    /** Where the oneDNN build of libnd4j's natives (nd4j-native, classifier {@code linux-x86_64-onednn}) keeps its library. */
    static final String ONEDNN_NATIVES = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn/";

    /**
     * What the {@code zoo} launcher sets for speed that a Java program can set for itself; call it first in {@code main},
     * before any ND4J or DL4J class is used (JavaCPP reads these as it loads). A setting the user made (a {@code -D} flag
     * or an earlier {@code System.setProperty}) is kept.
     * <ul>
     *   <li>{@code org.bytedeco.javacpp.maxPhysicalBytes=0}: JavaCPP's default probes {@code /proc/self/statm} on every
     *       native allocation — ~700 system calls per LeNet-5 training step, ~13% of the step (docs/notebook/main-job.md,
     *       "The main job, round two: a system call per allocation, the collector, and what a step is made of"). The
     *       heap limit and JavaCPP's own byte accounting stay.</li>
     *   <li>{@code org.bytedeco.javacpp.platform.extension=-onednn} when the oneDNN build of libnd4j's natives is on the
     *       class path (nd4j-native with classifier {@code linux-x86_64-onednn}), whose library the fast path's convolution
     *       and pooling need: ND4J's JavaCPP presets try this extension first when none is set, so this makes the choice
     *       explicit rather than changing it.</li>
     * </ul>
     * What a program cannot set for itself — the collector and young generation ({@code -XX:+UseParallelGC -Xmn200m}),
     * {@code OMP_NUM_THREADS} and glibc's allocator thresholds — is in docs/java.md ("The launcher's settings from Java").
     *
     * @return the settings made, as {@code key=value} (empty when the user had made them all, or nothing applies)
     */
    public static List<String> prepareJvm() {
        List<String> made = new ArrayList<>();
        if (System.getProperty(PROBE) == null && System.getProperty(PROBE.toLowerCase(java.util.Locale.ROOT)) == null) {
            System.setProperty(PROBE, "0");
            made.add(PROBE + "=0");
        }
        if (System.getProperty(EXTENSION) == null && FastPath.class.getClassLoader().getResource(ONEDNN_NATIVES) != null) {
            System.setProperty(EXTENSION, "-onednn");
            made.add(EXTENSION + "=-onednn");
        }
        return made;
    }
}
