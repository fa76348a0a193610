#!/usr/bin/env bash
# Side-by-side: `zoo bench` (DL4J) and bench/pytorch/bench.py (PyTorch CPU) on the same architectures, batch sizes
# and thread count (every core; lenet5-modern also on one), interleaved so both see the same machine state; prints ours/PyTorch ratios (lower is better)
# and each run's fraction of the machine's SGEMM rate. Needs Debian's python3-torch, python3-torchvision and
# libopenblas0-pthread (apt-get install ...). A benchmark, not a test: run it on a quiet machine.
#
# Usage: bench/compare.sh [ITERS]        (default 10 timed iterations after 3 warm-up ones)
# The last row (ResNet-50 training at batch 32) is for peak memory: 1 warm-up + 1 timed iteration.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
iters="${1:-10}"
threads="$(nproc)"
py=/usr/bin/python3
"$py" -c "import torch, torchvision" 2>/dev/null || { echo "compare.sh: needs Debian's python3-torch and python3-torchvision (+ libopenblas0-pthread)" >&2; exit 1; }

sgemm=$("$py" "$root/bench/pytorch/matmul.py" "$threads" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["gflopsPerSecond"])')
echo "machine: $(nproc) cores; SGEMM 2048² with $threads threads: $(printf '%.1f' "$sgemm") GFLOP/s (PyTorch's BLAS)"
echo

# model, mode, batch, threads on both sides (all = every core); "memory" marks the peak-memory row
cases=(
  "lenet5-modern train 64 all"
  "lenet5-modern train 64 1"
  "resnet50-torchvision train 16 all"
  "resnet50-torchvision infer 16 all"
  "alexnet-torchvision train 16 all"
  "googlenet-torchvision train 16 all"
  "resnet18-torchvision train 16 all"
  "resnet50-torchvision train 32 all memory"
)
printf '%-24s %-6s %5s %7s  %12s  %12s  %9s  %10s  %9s\n' model mode batch threads "ours ms" "PyTorch ms" "ours/PT" "ours %SGEMM" "RSS ours/PT"
for c in "${cases[@]}"; do
  read -r model mode batch t what <<<"$c"
  [[ "$t" == all ]] && t="$threads"
  n="$iters"; w=3
  [[ "${what:-}" == memory ]] && { n=1; w=1; }
  ours=$(OMP_NUM_THREADS="$t" "$root/zoo" bench "$model" --mode "$mode" --batch "$batch" --iters "$n" --warmup "$w" --json 2>/dev/null)
  theirs=$("$py" "$root/bench/pytorch/bench.py" "$model" --mode "$mode" --batch "$batch" --iters "$n" --warmup "$w" --threads "$t")
  "$py" - "$ours" "$theirs" "$sgemm" "$t" <<'PY'
import json, sys
o, t, s, th = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
print(f"{o['model']:<24} {o['mode']:<6} {o['batch']:5d} {th:>7}  {o['msMedian']:12.1f}  {t['msMedian']:12.1f}  {o['msMedian']/t['msMedian']:8.2f}×  {100*o['gflopsPerSecond']/s:9.1f}%"
      f"  {o['peakRssMb']/t['peakRssMb']:8.2f}× ({o['peakRssMb']:,} / {t['peakRssMb']:,} MB)")
PY
done
