package io.github.classiczoo.app;

import io.github.classiczoo.core.model.ModelFile;
import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.weights.TorchvisionImport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Write a -torchvision model file's weights as torchvision's state_dict (.npz).",
        description = {"The reverse of `zoo import`: the keys are torchvision's state_dict keys, the",
            "values float32, so load_state_dict(strict=True) takes them once the",
            "num_batches_tracked counters (training state, not stored) are added from a",
            "fresh model; tools/torchvision_logits.py does exactly that. A trained",
            "-torchvision run directory exports the same way.", ""})
final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR|MODEL_FILE", description = "A run directory or a model file of a -torchvision model.")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "File to write (atomically).")
    Path out;

    @Option(names = "--force", description = "Replace FILE.npz if it exists (never when it is the model file read).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path file = ModelFile.resolve(source);
        Files2.checkOutput("--out", out, force, source, file);
        int[] tensors = new int[1];
        Files2.writeOutput(out, force, tmp -> tensors[0] = TorchvisionImport.export(file, tmp));
        int n = tensors[0];
        System.out.println(ModelFile.info(file).model() + ": " + n + " tensors -> " + out);
        return 0;
    }
}
