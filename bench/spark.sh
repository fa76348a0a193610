#!/usr/bin/env bash
# Spark on one machine: one epoch of lenet5-modern on MNIST in one JVM against the same recipe through `--spark
# 'local[2]'` (two workers, parameter averaging every K minibatches, K = 5 and 40). On one machine Spark buys nothing;
# the figures give the averaging cost per round that docs/cluster.md's sizing uses. A benchmark, not a test: run it on a
# quiet machine.
#
# Usage: bench/spark.sh [--markdown]    (--markdown prints docs/performance.md's "Spark" table with how it was measured)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
markdown=false
[[ "${1:-}" == --markdown ]] && markdown=true
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rows=()
run() { # name, extra options...
  local name="$1"; shift
  "$root/zoo" train lenet5-modern --dataset mnist --epochs 1 --out "$tmp/$name" "$@" >"$tmp/$name.log" 2>&1 \
    || { echo "spark.sh: $name failed:" >&2; tail -n 20 "$tmp/$name.log" >&2; exit 1; }
  rows+=("$name|$(/usr/bin/python3 - "$tmp/$name/metrics.csv" <<'PY'
import csv, sys
r = next(r for r in csv.DictReader(open(sys.argv[1], newline="")) if r["epoch"] == "1")
print(f"{float(r['seconds']):.1f}|{float(r['images_per_s']):,.0f}|{100 * float(r['eval_error']):.2f}%")
PY
)")
}
run "one JVM"
run "local[2], K = 5" --spark 'local[2]' --averaging-frequency 5
run "local[2], K = 40" --spark 'local[2]' --averaging-frequency 40
if $markdown; then
  echo "### Spark on one machine"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), at commit $(git -C "$root" rev-parse --short HEAD), by \`bench/spark.sh --markdown\`: one epoch of \`zoo train lenet5-modern --dataset mnist\` (55,000 training images, batch 64, Adam)."
  echo
  echo "| run | epoch s | images/s | validation error |"
  echo "|---|---:|---:|---:|"
  for r in "${rows[@]}"; do IFS='|' read -r n s i e <<<"$r"; echo "| $n | $s | $i | $e |"; done
else
  printf '%-20s %8s %9s %10s\n' run "epoch s" "images/s" "val error"
  for r in "${rows[@]}"; do IFS='|' read -r n s i e <<<"$r"; printf '%-20s %8s %9s %10s\n' "$n" "$s" "$i" "$e"; done
fi
