#!/usr/bin/python3
"""The PyTorch side of `bench/compare.sh`: the same architectures, batch sizes and thread count as `zoo bench`.

Usage: /usr/bin/python3 bench/pytorch/bench.py MODEL --mode train|infer --batch B --iters N --warmup W --threads T
Prints one JSON object (same keys as `zoo bench --json`). A training step is forward, cross-entropy, backward and
an SGD update (lr 0.01), as `zoo bench` does with the zoo's default updater.
"""
import argparse
import json
import resource
import statistics
import time

import torch
from blas import blas_library
import torch.nn as nn
import torchvision


class LeNet5Modern(nn.Module):
    """lenet5-modern of zoo-lenet: 6C5 (pad 2), max pool, 16C5, max pool, 120, 84, 10, ReLU."""

    def __init__(self, classes=10):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                                        nn.Linear(84, classes))

    def forward(self, x):
        return self.classifier(self.features(x))


MODELS = {
    "lenet5-modern": (lambda: LeNet5Modern(), (1, 28, 28), 10),
    "resnet18-torchvision": (lambda: torchvision.models.resnet18(), (3, 224, 224), 1000),
    "resnet50-torchvision": (lambda: torchvision.models.resnet50(), (3, 224, 224), 1000),
    "alexnet-torchvision": (lambda: torchvision.models.alexnet(), (3, 224, 224), 1000),
    "googlenet-torchvision": (lambda: torchvision.models.googlenet(aux_logits=False, init_weights=True), (3, 224, 224), 1000),
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model", choices=sorted(MODELS))
    p.add_argument("--mode", default="train", choices=["train", "infer"])
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    make, shape, classes = MODELS[a.model]
    net = make()
    x = torch.rand(a.batch, *shape)
    y = torch.arange(a.batch) % classes
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    train = a.mode == "train"
    net.train(train)
    times = []
    for i in range(a.warmup + a.iters):
        t0 = time.perf_counter()
        if train:
            opt.zero_grad(set_to_none=True)
            loss_fn(net(x), y).backward()
            opt.step()
        else:
            with torch.no_grad():
                net(x)
        if i >= a.warmup:
            times.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(times, n=10, method="inclusive") if len(times) > 1 else [times[0]] * 9
    median = statistics.median(times)
    print(json.dumps({"model": a.model, "mode": a.mode, "batch": a.batch, "threads": torch.get_num_threads(),
                      "msMedian": median, "msP10": q[0], "msP90": q[-1], "imagesPerSecond": a.batch / (median / 1000),
                      "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "torch": torch.__version__, "blas": blas_library()}))


if __name__ == "__main__":
    main()
