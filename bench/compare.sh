#!/usr/bin/env bash
# Side-by-side: `zoo bench` (DL4J) and bench/pytorch/bench.py (PyTorch CPU) on the same architectures, batch sizes
# and thread count (every core; lenet5-modern also on one), interleaved so both see the same machine state; prints ours/PyTorch ratios (lower is better)
# and each run's fraction of the machine's SGEMM rate. Needs Debian's python3-torch, python3-torchvision and
# libopenblas0-pthread (apt-get install ...). A benchmark, not a test: run it on a quiet machine.
#
# Usage: bench/compare.sh [--markdown] [ITERS]   (default 10 timed iterations after 3 warm-up ones)
#        bench/compare.sh [--markdown] main      (only the main job's row)
# The ResNet-50 row at batch 32 is for peak memory: 1 warm-up + 1 timed iteration. The last row, the main job, times one
# epoch of `zoo reproduce lenet5` against bench/pytorch/lenet5_paper.py (one thread each; a full epoch, several minutes).
# --markdown prints the tables docs/performance.md holds ("The main job against PyTorch", "Training steps", "Memory"),
# each under the line saying when, where and by which command they were measured: paste them over the old ones.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
markdown=false
[[ "${1:-}" == --markdown ]] && { markdown=true; shift; }
only_main=false
[[ "${1:-}" == main ]] && { only_main=true; shift; }
iters="${1:-10}"
threads="$(nproc)"
py=/usr/bin/python3
"$py" -c "import torch, torchvision" 2>/dev/null || { echo "compare.sh: needs Debian's python3-torch and python3-torchvision (+ libopenblas0-pthread)" >&2; exit 1; }

mm=$("$py" "$root/bench/pytorch/matmul.py" "$threads")
# The peer runs on whatever libblas.so.3 Debian's alternatives select; the reference BLAS (libblas3) makes PyTorch
# several times slower (an earlier main-job figure was measured against it), so refuse anything but OpenBLAS.
blas=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["blas"])' "$mm")
[[ "$blas" == *openblas* ]] || { echo "compare.sh: PyTorch runs on $blas, not OpenBLAS; install libopenblas0-pthread (apt-get install libopenblas0-pthread), or point the libblas.so.3 alternative at it (update-alternatives --config libblas.so.3-x86_64-linux-gnu)" >&2; exit 1; }
sgemm=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["gflopsPerSecond"])' "$mm")
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), SGEMM 2048² $(printf '%.1f' "$sgemm") GFLOP/s, PyTorch $("$py" -c 'import torch; print(torch.__version__)') on OpenBLAS ($(basename "$(dirname "$blas")")/${blas##*/})"
$markdown || { echo "machine: $machine"; echo; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rows="$tmp/rows.jsonl"
: >"$rows"

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
$only_main && cases=()
for c in ${cases[@]+"${cases[@]}"}; do
  read -r model mode batch t what <<<"$c"
  [[ "$t" == all ]] && t="$threads"
  n="$iters"; w=3
  [[ "${what:-}" == memory ]] && { n=1; w=1; }
  ours=$(OMP_NUM_THREADS="$t" "$root/zoo" bench "$model" --mode "$mode" --batch "$batch" --iters "$n" --warmup "$w" --json 2>/dev/null)
  theirs=$("$py" "$root/bench/pytorch/bench.py" "$model" --mode "$mode" --batch "$batch" --iters "$n" --warmup "$w" --threads "$t")
  "$py" -c 'import json,sys; print(json.dumps({"kind": sys.argv[4], "threads": sys.argv[3], "ours": json.loads(sys.argv[1]), "theirs": json.loads(sys.argv[2])}))' \
    "$ours" "$theirs" "$t" "${what:-step}" >>"$rows"
  $markdown || "$py" "$root/bench/compare_table.py" text "$sgemm" <(tail -n 1 "$rows") $([[ "$c" == "${cases[0]}" ]] && echo header)
done

# The main job: one epoch of `zoo reproduce lenet5` (the paper LeNet-5 recipe: batch 16, Adam, L2) against its PyTorch
# peer bench/pytorch/lenet5_paper.py, one thread each; ms = the epoch's training loop (ours: metrics.csv's `seconds`).
OMP_NUM_THREADS=1 "$root/zoo" reproduce lenet5 --epochs 1 --out "$tmp/main-job" >"$tmp/main-job.log" 2>&1 \
  || { echo "compare.sh: zoo reproduce lenet5 failed:" >&2; tail -n 20 "$tmp/main-job.log" >&2; exit 1; }
theirs=$("$py" "$root/bench/pytorch/lenet5_paper.py" --epochs 1 --threads 1 --json --data "${CLASSIC_ZOO_DATA:-$HOME/.cache/classic-zoo/data}/mnist" 2>"$tmp/peer.log") \
  || { echo "compare.sh: bench/pytorch/lenet5_paper.py failed:" >&2; tail -n 20 "$tmp/peer.log" >&2; exit 1; }
"$py" - "$tmp/main-job/metrics.csv" "$theirs" >>"$rows" <<'PY'
import csv, json, sys
with open(sys.argv[1], newline="") as f:
    ours = float(next(r for r in csv.DictReader(f) if r["epoch"] == "1")["seconds"])
print(json.dumps({"kind": "main", "threads": "1", "oursSeconds": ours, "theirsSeconds": json.loads(sys.argv[2])["trainSecondsPerEpoch"][0]}))
PY
if $markdown; then
  command="bench/compare.sh --markdown"
  $only_main && command+=" main"
  [[ "$iters" != 10 ]] && command+=" $iters"
  "$py" "$root/bench/compare_table.py" markdown "$sgemm" "$rows" "$(date -u +%Y-%m-%d)" "$machine" "$command" "$(git -C "$root" rev-parse --short HEAD)"
else
  "$py" "$root/bench/compare_table.py" text "$sgemm" <(tail -n 1 "$rows") $($only_main && echo header)
fi
