#!/usr/bin/python3
"""The PyTorch peer of the project's main job, `zoo reproduce lenet5`: the paper LeNet-5 (LeCun et al. 1998) on MNIST.

The network mirrors zoo-lenet's LeNet5.java layer by layer and the training mirrors LeNetRecipes' recipe `lenet5`:
  C1  6 maps 5x5 conv on 1x32x32, squash                      156 params
  S2  2x2 block sum (avg pool x4), per-map coefficient + bias, squash    12
  C3  16 maps 5x5 through Table I (only the table's kernels exist)     1,516
  S4  as S2 on 16 maps                                          32
  C5  120 maps 5x5 conv (1x1 output), squash                 48,120
  F6  84 units, squash                                       10,164
  out 10 Euclidean RBF units with RbfCodes' fixed +-1 codes      0 (fixed)
squash = 1.7159 tanh(2a/3); weights U(+-2.4/F_in) (F_in = 4 for S2/S4's coefficients), biases 0.
Loss: eq. 9, E = y_D + log(e^-j + sum_i e^-y_i), j = 10, averaged over the minibatch (DL4J sums and divides the
gradient by the batch size). Adam lr 1e-3 (beta 0.9/0.999, eps 1e-8), batch 16, L2 5e-4 added to every weight and
bias gradient (Adam's coupled weight_decay), lr multipliers 1, 0.4, 0.2, 0.1, 0.02 from epochs 0, 2, 5, 8, 12, seed
1998, the 60,000 training images reshuffled every epoch, the test set evaluated after every epoch.
Input: MNIST 28x28 centred in 32x32, x = p/255 * 1.275 - 0.1 (padding = background -0.1).

Usage: /usr/bin/python3 bench/pytorch/lenet5_paper.py [--epochs N] [--threads T] [--limit K] [--data DIR] [--json]
"""
import argparse
import json
import os
import struct
import sys
import time

import torch
from blas import blas_library
import torch.nn as nn
import torch.nn.functional as F

# LeNet5.TABLE_I: the S2 maps each C3 map is connected to.
TABLE_I = [
    [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [0, 4, 5], [0, 1, 5],
    [0, 1, 2, 3], [1, 2, 3, 4], [2, 3, 4, 5], [0, 3, 4, 5], [0, 1, 4, 5], [0, 1, 2, 5],
    [0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5],
    [0, 1, 2, 3, 4, 5],
]

# RbfCodes.DIGITS: 7x12 bitmaps, row-major, '#' = +1, '.' = -1.
DIGITS = [
    [".......", "..###..", ".#...#.", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", "#.....#", ".#...#.", "..###..", "......."],
    [".......", "...#...", "..##...", ".#.#...", "...#...", "...#...", "...#...", "...#...", "...#...", "...#...", ".#####.", "......."],
    [".......", "..###..", ".#...#.", "#.....#", "......#", ".....#.", "....#..", "...#...", "..#....", ".#.....", "#######", "......."],
    [".......", "#######", "......#", ".....#.", "....#..", "...###.", "......#", "......#", "......#", "#.....#", ".#####.", "......."],
    [".......", "....##.", "...#.#.", "..#..#.", ".#...#.", "#....#.", "#######", ".....#.", ".....#.", ".....#.", ".....#.", "......."],
    [".......", "#######", "#......", "#......", "######.", "......#", "......#", "......#", "......#", "#.....#", ".#####.", "......."],
    [".......", "....##.", "...#...", "..#....", ".#.....", "#.###..", "##...#.", "#.....#", "#.....#", "#.....#", ".#####.", "......."],
    [".......", "#######", "......#", ".....#.", "....#..", "...#...", "...#...", "..#....", "..#....", "..#....", "..#....", "......."],
    [".......", ".#####.", "#.....#", "#.....#", "#.....#", ".#####.", "#.....#", "#.....#", "#.....#", "#.....#", ".#####.", "......."],
    [".......", ".#####.", "#.....#", "#.....#", "#.....#", "#.....#", ".######", "......#", "......#", ".....#.", ".####..", "......."],
]
ROWS, COLS = 12, 7


def rbf_codes():
    """RbfCodes.digits(): [10, 84] of +-1."""
    codes = []
    for d, rows in enumerate(DIGITS):
        if len(rows) != ROWS or any(len(r) != COLS for r in rows):
            raise ValueError(f"digit {d}: not a {ROWS}x{COLS} bitmap")
        codes.append([1.0 if ch == "#" else -1.0 for r in rows for ch in r])
    return torch.tensor(codes, dtype=torch.float32)


def squash(a):
    """LeCunTanh: 1.7159 tanh(2a/3)."""
    return 1.7159 * torch.tanh(a * (2.0 / 3.0))


def fan_in_uniform_(t, fan_in, scale=2.4):
    """FanInUniform: U(-scale/F, scale/F)."""
    a = scale / fan_in
    with torch.no_grad():
        t.uniform_(-a, a)
    return t


class Subsampling(nn.Module):
    """S2/S4: the sum of each 2x2 block (avg pool x 4), times a per-map coefficient, plus a per-map bias, squashed
    (DL4J: avgPool, scale 4, a 1x1 depthwise convolution with FanInUniform(2.4, fanIn 4) and bias 0)."""

    def __init__(self, maps):
        super().__init__()
        self.weight = nn.Parameter(fan_in_uniform_(torch.empty(maps), 4))
        self.bias = nn.Parameter(torch.zeros(maps))

    def forward(self, x):
        s = F.avg_pool2d(x, 2) * 4.0
        return squash(s * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1))


class PartialConv(nn.Module):
    """C3: a valid 5x5 convolution where output map j sees only the input maps inputs_of[j]. Only the table's 60 kernels
    are parameters ([60, k, k]); each forward scatters them into a zero [nOut, nIn, k, k] kernel. Same function and the
    same gradients for the table's weights as DL4J's PartialConvolution (a full kernel whose other entries are pinned to
    zero after each update), and the absent weights are neither stored nor counted."""

    def __init__(self, inputs_of, n_in, k):
        super().__init__()
        self.n_out, self.n_in, self.k = len(inputs_of), n_in, k
        rows = [j * n_in + i for j, ins in enumerate(inputs_of) for i in ins]
        self.register_buffer("rows", torch.tensor(rows, dtype=torch.long))
        w = torch.empty(len(rows), k, k)
        r = 0
        for ins in inputs_of:  # TableInit: U(+-2.4/F_j), F_j = |inputs_of[j]| k^2
            fan_in_uniform_(w[r:r + len(ins)], len(ins) * k * k)
            r += len(ins)
        self.weight = nn.Parameter(w)
        self.bias = nn.Parameter(torch.zeros(self.n_out))

    def full_weight(self):
        z = self.weight.new_zeros(self.n_out * self.n_in, self.k, self.k)
        return z.index_copy(0, self.rows, self.weight).view(self.n_out, self.n_in, self.k, self.k)

    def forward(self, x):
        return F.conv2d(x, self.full_weight(), self.bias)


class LeNet5Paper(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 5)
        self.s2 = Subsampling(6)
        self.c3 = PartialConv(TABLE_I, 6, 5)
        self.s4 = Subsampling(16)
        self.c5 = nn.Conv2d(16, 120, 5)
        self.f6 = nn.Linear(120, 84)
        for layer in (self.c1, self.c5, self.f6):  # FanInUniform(2.4, 0): DL4J's fan-in nIn*k*k / nIn; bias 0
            fan_in_uniform_(layer.weight, layer.weight[0].numel())
            nn.init.zeros_(layer.bias)
        codes = rbf_codes()
        self.register_buffer("codes_t", codes.t().contiguous())              # [84, 10]
        self.register_buffer("code_norms", (codes * codes).sum(1).view(1, -1))  # ||w_i||^2

    def forward(self, x):
        """Returns the RBF outputs y [B, 10], y_i = ||f6 - w_i||^2 (the prediction is the smallest)."""
        x = squash(self.c1(x))
        x = self.s2(x)
        x = squash(self.c3(x))
        x = self.s4(x)
        x = squash(self.c5(x))
        x = squash(self.f6(x.flatten(1)))
        return (x * x).sum(1, keepdim=True) - 2.0 * (x @ self.codes_t) + self.code_norms


def rbf_loss(y, labels, j=10.0):
    """Eq. 9 per example, E = y_D + log(e^-j + sum_i e^-y_i), averaged over the minibatch."""
    rubbish = torch.full((y.shape[0], 1), -j, dtype=y.dtype)
    competitive = torch.logsumexp(torch.cat([-y, rubbish], 1), 1)
    return (y.gather(1, labels.view(-1, 1)).squeeze(1) + competitive).mean()


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    t = torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8)
    return t.view(*shape)


def load(data_dir, split):
    """MNIST images centred in 32x32 with the LECUN98 normalisation (background -0.1, ink 1.175), labels as int64."""
    prefix = "train" if split == "train" else "t10k"
    img = read_idx(os.path.join(data_dir, f"{prefix}-images-idx3-ubyte"))
    lab = read_idx(os.path.join(data_dir, f"{prefix}-labels-idx1-ubyte")).long()
    n, h, w = img.shape
    x = torch.full((n, 1, 32, 32), -0.1, dtype=torch.float32)
    oy, ox = (32 - h) // 2, (32 - w) // 2
    x[:, 0, oy:oy + h, ox:ox + w] = img.float() / 255.0 * 1.275 - 0.1
    return x, lab


# LeNetRecipes.PAPER_TABLE: lr multipliers from these (0-based) epochs.
TABLE_FROM = [0, 2, 5, 8, 12]
TABLE_MULT = [1.0, 0.4, 0.2, 0.1, 0.02]


def multiplier(epoch):
    return [m for e, m in zip(TABLE_FROM, TABLE_MULT) if epoch >= e][-1]


def trained_params(net):
    return sum(p.numel() for p in net.parameters() if p.requires_grad)


def evaluate(net, x, y, batch=1000):
    net.eval()
    wrong, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out = net(x[i:i + batch])
            loss += rbf_loss(out, y[i:i + batch]).item() * len(out)
            wrong += (out.argmin(1) != y[i:i + batch]).sum().item()
    net.train()
    return wrong / len(x), loss / len(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--limit", type=int, default=0, help="stop after this many training steps (quick checks)")
    p.add_argument("--data", default=os.path.expanduser("~/.cache/classic-zoo/data/mnist"))
    p.add_argument("--json", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    log = (lambda *m: print(*m, file=sys.stderr)) if a.json else print

    seed, batch, lr, l2 = 1998, 16, 1e-3, 5e-4
    torch.manual_seed(seed)
    net = LeNet5Paper()
    params = trained_params(net)
    if params != 60000:
        raise SystemExit(f"lenet5_paper.py: {params} trained parameters, expected 60,000")
    log(f"lenet5-paper: {params:,} trained parameters; torch {torch.__version__}, {torch.get_num_threads()} thread(s)")

    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "test")
    opt = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=l2)
    shuffle = torch.Generator().manual_seed(seed)
    secs, errors, step = [], [], 0
    for epoch in range(a.epochs):
        for g in opt.param_groups:
            g["lr"] = lr * multiplier(epoch)
        order = torch.randperm(len(xtr), generator=shuffle)
        xs, ys = xtr[order], ytr[order]  # the epoch's shuffled copy, made before the clock starts
        loss_sum, seen = 0.0, 0
        t0 = time.perf_counter()
        for i in range(0, len(xs), batch):
            if a.limit and step >= a.limit:
                break
            xb, yb = xs[i:i + batch], ys[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = rbf_loss(net(xb), yb)
            loss.backward()
            opt.step()
            v = loss.item()
            loss_sum += v * len(xb)
            seen += len(xb)
            step += 1
            if step % (50 if a.limit else 500) == 0:
                log(f"  step {step}: loss {v:.4f}, epoch mean so far {loss_sum / seen:.4f}")
        s = time.perf_counter() - t0
        steps = seen // batch if seen % batch == 0 else seen // batch + 1
        err, test_loss = evaluate(net, xte, yte)
        secs.append(s)
        errors.append(err)
        log(f"epoch {epoch + 1}/{a.epochs}: {s:.1f} s training ({1000 * s / max(steps, 1):.2f} ms/step, {seen / s:,.0f} img/s), "
            f"train loss {loss_sum / max(seen, 1):.4f}, test loss {test_loss:.4f}, test error {100 * err:.2f}%")
        if a.limit and step >= a.limit:
            break
    if a.json:
        print(json.dumps({"model": "lenet5-paper", "epochs": len(secs), "threads": torch.get_num_threads(),
                          "trainSecondsPerEpoch": secs, "testError": errors, "params": params,
                          "torch": torch.__version__, "blas": blas_library()}))


if __name__ == "__main__":
    main()
