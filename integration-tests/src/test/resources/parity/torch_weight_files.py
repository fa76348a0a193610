#!/usr/bin/env python3
"""The weights of WEIGHTS.npz (a state_dict as tools/torchvision_logits.py loads it: torchvision's MODEL, strict, with
its num_batches_tracked counters) written the ways `zoo import` reads without Python:

  OUT_DIR/zip.pth          torch.save(state_dict): the zip format; the classifier's weight saved as a transposed view
                           (strides (1, out)), as a tensor that went through .t() is saved
  OUT_DIR/legacy.pth       torch.save(..., _use_new_zipfile_serialization=False): the legacy format, as a training
                           checkpoint {"epoch", "arch", "best_acc1", "state_dict"} of a model wrapped in DataParallel
                           (every key prefixed with "module.")
  OUT_DIR/w.safetensors    Hugging Face's format, written here with struct and json (Debian has no safetensors
                           package): 8-byte little-endian header length, JSON header, little-endian data
"""
import argparse
import json
import os
import pathlib
import struct
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[5] / "tools"))  # the repository's tools/
from torchvision_logits import load_model  # noqa: E402

DTYPES = {"float32": "F32", "float64": "F64", "float16": "F16", "int64": "I64", "int32": "I32", "uint8": "U8"}


def write_safetensors(path, tensors):
    header, chunks, at = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        arr = t.detach().contiguous().numpy()
        data = arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": DTYPES[str(t.dtype).replace("torch.", "")], "shape": list(t.shape),
                        "data_offsets": [at, at + len(data)]}
        chunks.append(data)
        at += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the format's writer pads the header to a multiple of 8 with spaces
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def main(argv):
    p = argparse.ArgumentParser(prog="torch_weight_files.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", metavar="MODEL", help="alexnet, googlenet, resnet18 ... resnet152")
    p.add_argument("weights", metavar="WEIGHTS.npz")
    p.add_argument("out_dir", metavar="OUT_DIR")
    a = p.parse_args(argv)
    import torch
    sd = load_model(a.model, a.weights).state_dict()
    os.makedirs(a.out_dir, exist_ok=True)

    head = "fc.weight" if "fc.weight" in sd else "classifier.6.weight"
    viewed = dict(sd)
    viewed[head] = sd[head].t().contiguous().t()  # same values, strides (1, out): a view, not C order
    assert viewed[head].stride() == (1, sd[head].shape[0])
    torch.save(viewed, os.path.join(a.out_dir, "zip.pth"))

    checkpoint = {"epoch": 90, "arch": a.model, "best_acc1": 0.5, "state_dict": {"module." + k: v for k, v in sd.items()}}
    torch.save(checkpoint, os.path.join(a.out_dir, "legacy.pth"), _use_new_zipfile_serialization=False)

    write_safetensors(os.path.join(a.out_dir, "w.safetensors"), sd)
    print("%s: %d tensors -> zip.pth, legacy.pth, w.safetensors in %s" % (a.model, len(sd), a.out_dir))


if __name__ == "__main__":
    main(sys.argv[1:])
