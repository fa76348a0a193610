#!/usr/bin/env python3
"""torchvision's side of the features parity check: the .npz of state_dict tensors loaded as tools/torchvision_logits.py
loads it (load_model: strict, eval mode), X.npy through torchvision.models.feature_extraction.create_feature_extractor
with NODE... as return nodes, each node's output written to OUT_DIR/NODE.npy (float32).
"""
import argparse
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[5] / "tools"))  # the repository's tools/
from torchvision_logits import load_model  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(prog="torchvision_features.py", description=__doc__)
    p.add_argument("model", metavar="MODEL", help="alexnet, googlenet, resnet18 ... resnet152")
    p.add_argument("weights", metavar="WEIGHTS.npz")
    p.add_argument("input", metavar="X.npy", help="float32 [N, 3, H, W], fed as it is")
    p.add_argument("out_dir", metavar="OUT_DIR")
    p.add_argument("nodes", metavar="NODE", nargs="+",
                   help="torchvision return nodes; a module path (layer1, inception4e) is its module's last operation")
    a = p.parse_args(argv)
    import numpy as np
    import torch
    from torchvision.models.feature_extraction import create_feature_extractor
    torch.set_num_threads(2)
    model = load_model(a.model, a.weights)
    extractor = create_feature_extractor(model, return_nodes=a.nodes).eval()
    with torch.no_grad():
        out = extractor(torch.from_numpy(np.load(a.input)))
    os.makedirs(a.out_dir, exist_ok=True)
    for n in a.nodes:
        np.save(os.path.join(a.out_dir, n + ".npy"), out[n].numpy().astype(np.float32))
        print("%s: %s %s, max |value| %.4g" % (a.model, n, tuple(out[n].shape), out[n].abs().max().item()))


if __name__ == "__main__":
    main(sys.argv[1:])
