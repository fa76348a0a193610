"""The shapes of OpBench.java in PyTorch: convolution, batch norm and ReLU forward/backward, median ms. Not a test."""
import statistics
import sys
import time

import torch

CONVS = [(16, 3, 224, 64, 7, 2, 3), (16, 64, 56, 64, 1, 1, 0), (16, 64, 56, 64, 3, 1, 1), (16, 256, 56, 128, 1, 1, 0),
         (16, 128, 56, 128, 3, 2, 1), (16, 256, 56, 512, 1, 2, 0), (16, 1024, 14, 256, 1, 1, 0), (16, 512, 7, 512, 3, 1, 1)]


def median(f, n):
    f()
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        ts.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    for b, c, h, o, k, s, p in CONVS:
        x = torch.rand(b, c, h, h, requires_grad=True)
        conv = torch.nn.Conv2d(c, o, k, stride=s, padding=p, bias=False)
        with torch.no_grad():
            f = median(lambda: conv(x), n)
        y = conv(x)
        dy = torch.rand_like(y)
        fb = median(lambda: torch.autograd.grad(conv(x), [x, conv.weight], dy), n)
        print(f"conv {k}x{k} c{c}->{o} {h}x{h} s{s}: fwd {f:.1f} ms  bwd {fb - f:.1f} ms")
    x = torch.rand(16, 256, 56, 56, requires_grad=True)
    bn = torch.nn.BatchNorm2d(256).train()
    with torch.no_grad():
        f = median(lambda: bn(x), n)
    dy = torch.rand_like(x)
    fb = median(lambda: torch.autograd.grad(bn(x), [x, bn.weight, bn.bias], dy), n)
    print(f"batchnorm c256 56x56: fwd {f:.1f} ms (batch statistics included)  bwd {fb - f:.1f} ms")
    z = (x.detach() - 0.5).requires_grad_()
    with torch.no_grad():
        f = median(lambda: torch.relu(z), n)
    fb = median(lambda: torch.autograd.grad(torch.relu(z), [z], dy), n)
    print(f"relu c256 56x56: bwd {fb - f:.1f} ms")


if __name__ == "__main__":
    main()
