#!/usr/bin/env bash
# Where a training step's memory goes (bench/mem/MemDiag.java): resident memory at each phase of a few steps,
# DL4J's workspace sizes and the activations kept for backprop by layer type. With --allocs it also logs every
# native allocation of 1 MB or more (bench/mem/bigalloc.c, preloaded; needs gcc) and sums them per phase by who
# made them (bench/mem/allocs.py). Runs with the allocator settings of ./zoo unless GLIBC_TUNABLES is set.
# A diagnostic, not a test.
# Usage: bench/mem.sh [--allocs] MODEL BATCH STEPS      e.g. bench/mem.sh resnet50-torchvision 32 3
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
allocs=false
[[ "${1:-}" == --allocs ]] && { allocs=true; shift; }
[[ $# -eq 3 ]] || { sed -n 's/^# Usage: //p' "$0" >&2; exit 2; }
"$root/zoo" --version >/dev/null     # builds the launcher if needed
cp="$root/app/target/zoo.jar:$(cat "$root/app/target/classpath.txt")"
ext="$(sed -n 's/^javacpp.platform.extension=//p' "$root/app/target/classes/io/github/classiczoo/app/backend.properties")"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}"
export GLIBC_TUNABLES="${GLIBC_TUNABLES-$(sed -n 's/^ *export GLIBC_TUNABLES="\(.*\)"$/\1/p' "$root/zoo")}"
run=(java -XX:+UseSerialGC -Dorg.bytedeco.javacpp.platform.extension="$ext" -cp "$cp" "$root/bench/mem/MemDiag.java" "$@")
if $allocs; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  gcc -O2 -shared -fPIC -o "$tmp/bigalloc.so" "$root/bench/mem/bigalloc.c" -ldl
  BIGALLOC_LOG="$tmp/log" LD_PRELOAD="$tmp/bigalloc.so" "${run[@]}" 2>/dev/null | grep -v '^\s*$'
  echo "native allocations of 1 MB or more, by phase:"
  /usr/bin/python3 "$root/bench/mem/allocs.py" "$tmp/log"
else
  "${run[@]}" 2>/dev/null | grep -v '^\s*$'
fi
