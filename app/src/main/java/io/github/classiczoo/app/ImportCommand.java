package io.github.classiczoo.app;

import io.github.classiczoo.core.util.Files2;
import io.github.classiczoo.weights.TorchvisionImport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Turn torchvision weights (.npz, .pth/.pt, .safetensors) into a model file for predict and eval.",
        description = {"FILE is read by its extension:",
            "  .npz          from tools/export_torchvision.py, which also records the class",
            "                names and GoogLeNet's transform_input (torchvision's pretrained",
            "                GoogLeNet needs it: import that one through an .npz);",
            "  .pth, .pt     a state_dict saved by torch.save (zip or legacy format; also a",
            "                checkpoint's 'state_dict', 'model_state_dict' or 'model' entry,",
            "                and without DataParallel's 'module.' prefix), read without Python",
            "                and without running any of the pickle's code: only tensors are read;",
            "  .safetensors  Hugging Face's format.",
            "Any other extension is refused. The keys are torchvision's state_dict keys; every",
            "tensor is placed by name (the -torchvision models' vertices are named after",
            "torchvision's modules). Missing, unexpected or mis-shaped tensors are all listed",
            "and nothing is written. The model file records the source file and its SHA-256,",
            "the class names and the input normalisation.",
            "",
            "Examples:",
            "  zoo import resnet50-torchvision --from resnet50-0676ba61.pth --out r50.zip",
            "  python3 tools/export_torchvision.py resnet50 r50.npz --pretrained",
            "  zoo import resnet50-torchvision --from r50.npz --out r50.zip",
            "  zoo predict --model r50.zip --image photo.jpg",
            ""})
final class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "A -torchvision model: alexnet-torchvision, googlenet-torchvision, resnet18-torchvision ... resnet152-torchvision.")
    String model;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "Weights: .npz, .pth/.pt or .safetensors (see above).")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "MODEL_FILE", description = "Model file to write (a DL4J zip; written atomically).")
    Path out;

    @Option(names = "--force", description = "Replace MODEL_FILE if it exists (never when it is the --from file).")
    boolean force;

    @Option(names = {"-k", "--knob"}, paramLabel = "NAME=VALUE", description = "Set an architecture knob (googlenet's aux is set from the file).")
    Map<String, String> knobs = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Files2.checkOutput("--out", out, force, from);
        var result = new java.util.concurrent.atomic.AtomicReference<TorchvisionImport.Result>();
        Files2.writeOutput(out, force, tmp -> result.set(TorchvisionImport.run(Zoo.registry().get(model), knobs, from, tmp)));
        var r = result.get();
        System.out.printf(Locale.ROOT, "%s: %d tensors, %,d values from %s (%s, sha256 %s) -> %s%n", model, r.tensors(), r.values(), from,
                r.info().weights().get("source"), r.info().weights().get("sha256").substring(0, 12), out);
        System.out.printf(Locale.ROOT, "  %d classes, input %s; preprocessing: %s%n", r.info().classes(),
                r.info().input()[0] + "×" + r.info().input()[1] + "×" + r.info().input()[2], r.info().preprocessing().describe());
        return 0;
    }
}
