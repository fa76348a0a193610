#!/usr/bin/python3
"""The machine's single-precision matrix multiply rate (GFLOP/s) with PyTorch's BLAS at T threads."""
import json
import sys
import time

import torch
from blas import blas_library

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
n = 2048
a, b = torch.rand(n, n), torch.rand(n, n)
for _ in range(2):
    a @ b
best = float("inf")
for _ in range(5):
    t0 = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"n": n, "threads": threads, "gflopsPerSecond": 2 * n ** 3 / best / 1e9, "blas": blas_library()}))
