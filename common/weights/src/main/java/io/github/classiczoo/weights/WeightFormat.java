package io.github.classiczoo.weights;

import io.github.classiczoo.core.util.ZooException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The weight files {@code zoo import} reads, told apart by their file name's extension. */
public enum WeightFormat {
    /** numpy's {@code .npz}, as {@code tools/export_torchvision.py} writes it ({@link Npz}). */
    NPZ("numpy .npz", List.of(".npz")),
    /** {@code torch.save} of a state_dict or a checkpoint holding one, zip or legacy format ({@link TorchFile}). */
    TORCH("torch.save", List.of(".pth", ".pt")),
    /** Hugging Face's {@code .safetensors} ({@link Safetensors}). */
    SAFETENSORS("safetensors", List.of(".safetensors"));

    private final String label;
    private final List<String> extensions;

    WeightFormat(String label, List<String> extensions) {
        this.label = label;
        this.extensions = extensions;
    }

    /** What a person calls it: {@code torch.save}, {@code safetensors}, ... */
    public String label() {
        return label;
    }

    /** The extensions that name it, lower case with the dot ({@code .pth}, {@code .pt}). */
    public List<String> extensions() {
        return extensions;
    }

    /** The format {@code file}'s extension names (in any letter case); refused in one line when it names none. */
    public static WeightFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (WeightFormat f : values()) {
            if (f.extensions.stream().anyMatch(name::endsWith)) {
                return f;
            }
        }
        throw new ZooException(file + ": unknown kind of weight file; the name must end in "
                + String.join(", ", Arrays.stream(values()).flatMap(f -> f.extensions.stream()).toList()));
    }

    /** The tensors of {@code file}, by state_dict key. */
    public Map<String, INDArray> read(Path file) {
        return switch (this) {
            case NPZ -> Npz.read(file);
            case TORCH -> TorchFile.read(file);
            case SAFETENSORS -> Safetensors.read(file);
        };
    }
}
