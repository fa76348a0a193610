/**
 * zoo-weights: weight files in and out. {@link io.github.classiczoo.weights.TorchvisionImport} turns a torchvision weight
 * file (an {@code .npz} from tools/export_torchvision.py, a {@code torch.save} state_dict or a {@code .safetensors} file,
 * told apart by {@link io.github.classiczoo.weights.WeightFormat}) into a model file, and exports one back; the tensors are
 * placed by name ({@link io.github.classiczoo.weights.TorchvisionWeights}). The formats are read as untrusted input by the
 * zoo's own parsers ({@link io.github.classiczoo.weights.Npz}, {@link io.github.classiczoo.weights.TorchFile}: no Python,
 * a pickle's globals restricted; {@link io.github.classiczoo.weights.Safetensors}). {@link io.github.classiczoo.weights.OnnxExport}
 * writes a model file's network as an ONNX model. Depends on zoo-core alone. Documented in docs/interop.md in the repository.
 */
package io.github.classiczoo.weights;
