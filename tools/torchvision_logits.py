#!/usr/bin/env python3
"""torchvision's side of a parity check: load an .npz of state_dict tensors (from export_torchvision.py or
`zoo export`) into torchvision's MODEL with load_state_dict(strict=True), run X.npy through it in eval mode,
write the logits (float32) to Y.npy. With --random-input N, X.npy is first written: N seeded standard-normal
images of 3×224×224.
"""
import argparse
import json
import sys


def load_model(name, weights):
    """torchvision's model NAME in eval mode with the tensors of WEIGHTS (an .npz of state_dict keys) loaded strictly:
    GoogLeNet's aux heads as the file has them, its transform_input as the file's __meta__ says (off without it)."""
    import numpy as np
    import torch
    import torchvision
    z = np.load(weights)
    meta = json.loads(bytes(z["__meta__"]).decode("utf-8")) if "__meta__" in z else {}
    sd = {k: torch.from_numpy(np.array(z[k])) for k in z.files if not k.startswith("__")}
    classes = sd["fc.weight" if "fc.weight" in sd else "classifier.6.weight"].shape[0]
    kwargs = {}
    if name == "googlenet":
        kwargs = dict(aux_logits=any(k.startswith("aux1.") for k in sd), transform_input=meta.get("transform_input", False),
                      init_weights=False)
    model = getattr(torchvision.models, name)(weights=None, num_classes=classes, **kwargs)
    # num_batches_tracked counts training steps and does not affect inference; everything else must match
    for k, v in model.state_dict().items():
        if k.endswith("num_batches_tracked"):
            sd[k] = v
    model.load_state_dict(sd, strict=True)
    model.eval()
    return model


def main(argv):
    p = argparse.ArgumentParser(prog="torchvision_logits.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", metavar="MODEL", help="alexnet, googlenet, resnet18 ... resnet152")
    p.add_argument("weights", metavar="WEIGHTS.npz")
    p.add_argument("input", metavar="X.npy", help="float32 [N, 3, H, W]")
    p.add_argument("output", metavar="Y.npy", help="float32 logits [N, classes]")
    p.add_argument("--random-input", type=int, metavar="N", help="first write N random images to X.npy")
    p.add_argument("--seed", type=int, default=0, help="seed of --random-input (default: 0)")
    a = p.parse_args(argv)
    import numpy as np
    import torch
    torch.set_num_threads(2)
    model = load_model(a.model, a.weights)
    if a.random_input:
        g = torch.Generator().manual_seed(a.seed)
        np.save(a.input, torch.randn(a.random_input, 3, 224, 224, generator=g).numpy().astype(np.float32))
    x = torch.from_numpy(np.load(a.input))
    with torch.no_grad():
        y = model(x)
    np.save(a.output, y.numpy().astype(np.float32))
    print("%s: logits %s, max |logit| %.4g -> %s" % (a.model, tuple(y.shape), y.abs().max().item(), a.output))


if __name__ == "__main__":
    main(sys.argv[1:])
