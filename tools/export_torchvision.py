#!/usr/bin/env python3
"""Write a torchvision model's weights as an .npz file that `zoo import` reads.

The keys are exactly the model's state_dict keys (conv1.weight, layer1.0.bn1.running_var, fc.bias, ...),
float32, without the num_batches_tracked counters. Two reserved entries ride along, both UTF-8 text stored
as uint8 arrays: __meta__ (JSON: model, where the weights came from, aux_logits, transform_input, versions)
and __classes__ (the class names, one per line: ImageNet's 1000 from torchvision's weight metadata, or
class0, class1, ... for a random model with --num-classes).

Without --weights or --pretrained the weights are random but seeded (--seed): torchvision's own
initialisation, every bias and batch-norm gamma/beta drawn at random (a residual branch's last gamma small),
and each batch norm's running mean and variance set from one training-mode pass over random images, so that a
parity test exercises all four batch-norm tensors on a network whose float32 rounding stays small.

Needs torch and torchvision (Debian: python3-torch python3-torchvision).
"""
import argparse
import json
import sys

MODELS = ["alexnet", "googlenet", "resnet18", "resnet34", "resnet50", "resnet101", "resnet152"]


def fail(msg):
    print("export_torchvision: " + msg, file=sys.stderr)
    sys.exit(1)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="export_torchvision.py",
        description="Write a torchvision model's state_dict as .npz (float32, keys = state_dict keys) for `zoo import`.",
        epilog="Examples:\n"
               "  export_torchvision.py resnet50 r50.npz --pretrained          # downloads IMAGENET1K_V1 weights\n"
               "  export_torchvision.py resnet50 r50.npz --weights resnet50-0676ba61.pth\n"
               "  export_torchvision.py googlenet g.npz --weights googlenet-1378be20.pth --transform-input\n"
               "  export_torchvision.py resnet18 r18.npz --seed 7               # seeded random weights (tests)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", metavar="MODEL", help="one of: " + ", ".join(MODELS))
    p.add_argument("out", metavar="OUT.npz", help="file to write (written to a temporary name, then renamed)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--weights", metavar="FILE.pth", help="a state_dict saved by torch.save (e.g. torchvision's download)")
    src.add_argument("--pretrained", action="store_true",
                     help="torchvision's IMAGENET1K_V1 weights (downloaded by torchvision into ~/.cache/torch)")
    p.add_argument("--seed", type=int, default=0, help="seed for random weights (default: 0)")
    p.add_argument("--aux", action="store_true",
                   help="googlenet: keep the auxiliary heads (aux_logits); detected automatically in a --weights file")
    p.add_argument("--transform-input", action="store_true",
                   help="googlenet: the weights expect torchvision's transform_input (on for --pretrained; "
                        "torchvision's googlenet-1378be20.pth needs it); zoo import then records (x-0.5)/0.5 input "
                        "normalisation, which is exactly what transform_input computes from ImageNet-normalised input")
    p.add_argument("--num-classes", type=int, default=1000, help="random weights only: classifier outputs (default: 1000)")
    a = p.parse_args(argv)
    if a.model not in MODELS:
        p.error("unknown model '%s'; choose one of: %s" % (a.model, ", ".join(MODELS)))
    if a.model != "googlenet" and (a.aux or a.transform_input):
        p.error("--aux and --transform-input apply to googlenet only")
    if a.num_classes != 1000 and (a.weights or a.pretrained):
        p.error("--num-classes applies to random weights only (a weight file fixes the class count)")
    if not a.out.endswith(".npz"):
        p.error("OUT must end in .npz (numpy adds the suffix otherwise)")
    return a


def load_state_dict(path, torch):
    try:
        sd = torch.load(path, map_location="cpu")
    except FileNotFoundError:
        fail("weight file %s does not exist" % path)
    except Exception as e:  # noqa: BLE001 - any unpickling failure is reported the same way
        fail("cannot read %s as a torch file: %s" % (path, e))
    if not isinstance(sd, dict) or not all(hasattr(v, "shape") for v in sd.values()):
        fail("%s is not a state_dict (a dict of tensors); save one with torch.save(model.state_dict(), FILE)" % path)
    return sd


def randomise(model, torch, seed):
    """Random biases and batch-norm tensors with sensible scales (see the module docstring)."""
    g = torch.Generator().manual_seed(seed + 1)
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) and m.bias is not None:
                m.bias.copy_((torch.rand(m.bias.shape, generator=g) - 0.5) * 0.2)
        # the last batch norm of a residual branch (ResNet's bn2 in a basic block, bn3 in a bottleneck) gets a
        # small gamma, as trained ResNets' branches are small: otherwise a deep random ResNet amplifies float32
        # rounding itself (torch's own float32 differs from float64 by 3e-4 of the logits at ResNet-152)
        last = {id(b.bn3 if hasattr(b, "bn3") else b.bn2) for b in model.modules() if type(b).__name__ in ("BasicBlock", "Bottleneck")}
        for m in bns:
            lo, hi = (0.05, 0.25) if id(m) in last else (0.5, 1.5)
            m.weight.copy_(lo + (hi - lo) * torch.rand(m.weight.shape, generator=g))
            m.bias.copy_((torch.rand(m.bias.shape, generator=g) - 0.5) * 0.4)
            m.reset_running_stats()
            m.momentum = None  # cumulative average: one pass sets the statistics of that pass
        if bns:
            # the statistics each batch norm sees in one pass over random images: in eval mode every layer's
            # output then keeps a sensible scale, however deep the network
            model.train()
            model(torch.randn(4, 3, 224, 224, generator=g))
            for m in bns:
                m.momentum = 0.1
    model.eval()


def main(argv):
    a = parse_args(argv)
    try:
        import numpy as np
        import torch
        import torchvision
    except ImportError as e:
        fail("needs numpy, torch and torchvision (%s); on Debian: apt-get install python3-torch python3-torchvision" % e)
    torch.manual_seed(a.seed)
    weights_enum = torchvision.models.get_model_weights(a.model).IMAGENET1K_V1
    kwargs = {}
    aux = a.aux
    transform_input = a.transform_input or a.pretrained
    sd = load_state_dict(a.weights, torch) if a.weights else None
    if a.model == "googlenet":
        if sd is not None and any(k.startswith("aux1.") for k in sd):
            aux = True
        if a.pretrained:  # torchvision insists on building it with aux heads (and drops them unless asked for)
            kwargs = dict(transform_input=True, **({"aux_logits": True} if aux else {}))
        else:
            kwargs = dict(aux_logits=aux, transform_input=transform_input, init_weights=sd is None)
    if a.pretrained:
        model = getattr(torchvision.models, a.model)(weights=weights_enum, **kwargs)
        source = "torchvision %s.%s" % (type(weights_enum).__name__, weights_enum.name)
        classes = list(weights_enum.meta["categories"])
    else:
        model = getattr(torchvision.models, a.model)(weights=None, num_classes=a.num_classes, **kwargs)
        if sd is not None:
            sd = {k: v for k, v in sd.items() if not k.endswith("num_batches_tracked")}
            want = {k: tuple(v.shape) for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
            missing, unexpected = sorted(set(want) - set(sd)), sorted(set(sd) - set(want))
            shapes = ["%s is %s, expected %s" % (k, tuple(sd[k].shape), want[k]) for k in want if k in sd and tuple(sd[k].shape) != want[k]]
            if missing or unexpected or shapes:
                fail("%s does not fit torchvision's %s: %d missing %s; %d unexpected %s; %d mis-shaped %s"
                     % (a.weights, a.model, len(missing), missing[:5], len(unexpected), unexpected[:5], len(shapes), shapes[:5]))
            model.load_state_dict(sd, strict=False)  # strict apart from num_batches_tracked, checked above
            source = "file %s" % a.weights
            classes = list(weights_enum.meta["categories"])
        else:
            randomise(model, torch, a.seed)
            source = "random (seed %d)" % a.seed
            classes = list(weights_enum.meta["categories"]) if a.num_classes == 1000 else ["class%d" % i for i in range(a.num_classes)]
    arrays = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in model.state_dict().items()
              if not k.endswith("num_batches_tracked")}
    meta = {"model": a.model, "source": source, "aux_logits": bool(aux) if a.model == "googlenet" else False,
            "transform_input": bool(transform_input) if a.model == "googlenet" else False,
            "torch": torch.__version__, "torchvision": torchvision.__version__}
    arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    arrays["__classes__"] = np.frombuffer("\n".join(classes).encode("utf-8"), dtype=np.uint8)
    tmp = a.out + ".tmp.npz"
    try:
        np.savez(tmp, **arrays)
        import os
        os.replace(tmp, a.out)
    except OSError as e:
        fail("cannot write %s: %s" % (a.out, e))
    n = sum(v.size for k, v in arrays.items() if not k.startswith("__"))
    print("%s: %d tensors, %d values, %s -> %s" % (a.model, len(arrays) - 2, n, source, a.out))


if __name__ == "__main__":
    main(sys.argv[1:])
