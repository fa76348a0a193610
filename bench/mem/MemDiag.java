import io.github.classiczoo.core.model.ModelRegistry;
import io.github.classiczoo.core.model.ModelSpec;
import io.github.classiczoo.core.model.ZooModel;
import io.github.classiczoo.data.pipeline.Batches;
import io.github.classiczoo.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a training step's memory goes: resident memory at each phase of a few steps, DL4J's workspaces after each,
 * and the activations kept for the backward pass by layer type. Run by bench/mem.sh (which can also log the native
 * allocations of each phase); a diagnostic, not a test.
 */
public class MemDiag {

    static long statusMb(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    static void phase(String name) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%-24s RSS %,7d MB   peak %,7d MB   Java heap used %,5d MB of %,5d MB%n", name,
                statusMb("VmRSS:"), statusMb("VmHWM:"), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
        String log = System.getenv("BIGALLOC_LOG"); // phase marks for the native allocation log
        if (log != null) {
            try {
                Files.writeString(Path.of(log), "MARK " + name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static void main(String[] args) {
        ZooModel m = ModelRegistry.load().get(args[0]);
        int batch = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        ModelSpec spec = m.spec();
        ComputationGraph net = m.create(spec);
        phase("model created");
        DataSet ds = Batches.synthetic(spec, batch);
        INDArray x = ds.getFeatures();
        int[] step = {0};
        net.addListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, Map<String, INDArray> activations) {
                phase("step " + step[0] + " forward done");
            }

            @Override
            public void onBackwardPass(Model model) {
                phase("step " + step[0] + " backward done");
            }
        });
        for (int i = 0; i < steps; i++) {
            step[0] = i;
            phase("step " + i + " start");
            Trainer.fit(net, ds);
            phase("step " + i + " end");
            for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
                System.out.printf(Locale.ROOT, "    workspace %-22s %,7d MB%n", w.getId(), w.getCurrentSize() >> 20);
            }
        }
        // the arrays a training forward pass keeps for backprop, by the class of the vertex that made them
        Map<String, INDArray> acts = net.feedForward(x, true);
        Map<String, long[]> byType = new TreeMap<>();
        Set<Long> seen = new HashSet<>();
        for (var e : acts.entrySet()) {
            INDArray a = e.getValue();
            if (!seen.add(a.data().address())) {
                continue; // an array another vertex wrote into (AddRelu) or passed on
            }
            var v = net.getVertex(e.getKey());
            String type = v == null ? "input" : v.hasLayer() ? v.getLayer().getClass().getName() : v.getClass().getName();
            long[] t = byType.computeIfAbsent(type.replaceAll("^.*\\.", "").replace('$', '.'), k -> new long[2]);
            t[0]++;
            t[1] += a.length() * a.dataType().width();
        }
        System.out.println("activations kept for backprop (training forward pass), by the vertex that made them:");
        long total = 0;
        for (var e : byType.entrySet()) {
            System.out.printf(Locale.ROOT, "    %-36s %4d arrays %,7d MB%n", e.getKey(), e.getValue()[0], e.getValue()[1] >> 20);
            total += e.getValue()[1];
        }
        System.out.printf(Locale.ROOT, "    %-36s %4d arrays %,7d MB%n", "total", seen.size(), total >> 20);
    }
}
