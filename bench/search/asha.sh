#!/usr/bin/env bash
# ASHA against the full search on the same candidates (issue 31): for each case and seed, `zoo search` twice — every
# trial to the end, then --scheduler asha — and one Markdown row each with the epochs trained, the wall time and the best
# validation error. Usage: bench/search/asha.sh [OUT_DIR] (default target/bench-asha); run it with nothing else running.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/target/bench-asha}
mkdir -p "$out"
seeds=${SEEDS:-"1 2 3"}
trials=${TRIALS:-9}
epochs=${EPOCHS:-9}
cases=(
  "lenet5-modern mnist 5000"
  "mlp-300-100 fashion-mnist 20000"
)
echo "| model | dataset | seed | scheduler | trials stopped | epochs trained | wall | best validation error |"
echo "|---|---|---:|---|---:|---:|---:|---:|"
for c in "${cases[@]}"; do
  read -r model dataset subset <<<"$c"
  for seed in $seeds; do
    for sched in none asha; do
      dir="$out/$model-$dataset-$seed-$sched"
      rm -rf "$dir"
      t0=$(date +%s.%N)
      "$root/zoo" search "$model" --dataset "$dataset" --subset "$subset" --trials "$trials" --epochs "$epochs" --seed "$seed" \
        --scheduler "$sched" --out "$dir" >"$dir.log" 2>&1 || { echo "failed: see $dir.log" >&2; exit 1; }
      t1=$(date +%s.%N)
      python3 - "$dir/results.json" "$model" "$dataset" "$seed" "$sched" "$t0" "$t1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
ts = r["trials"]
epochs = sum(t["epochs"] for t in ts)
stopped = sum(1 for t in ts if t["status"] == "stopped")
ok = [t for t in ts if t["status"] == "ok"]
best = max(ok, key=lambda t: t["valAccuracy"])
secs = float(sys.argv[7]) - float(sys.argv[6])
print(f"| {sys.argv[2]} | {sys.argv[3]} | {sys.argv[4]} | {sys.argv[5]} | {stopped} of {len(ts)} | {epochs} | "
      f"{int(secs // 60)}:{int(secs % 60):02d} | {100 * (1 - best['valAccuracy']):.2f}% (trial {best['id']}) |")
PY
    done
  done
done
