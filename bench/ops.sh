#!/usr/bin/env bash
# The single operations behind a ResNet-50 training step, libnd4j (as NativeOps calls them) against PyTorch, at
# batch 16 and the same thread count: where the remaining gap of `bench/compare.sh` comes from. Not a test.
# Usage: bench/ops.sh [ITERS]   (default 5; needs the launcher built: ./zoo --version builds it)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
iters="${1:-5}"
threads="$(nproc)"
"$root/zoo" --version >/dev/null
cp="$root/app/target/zoo.jar:$(cat "$root/app/target/classpath.txt")"
ext="$(sed -n 's/^javacpp.platform.extension=//p' "$root/app/target/classes/io/github/classiczoo/app/backend.properties")"
echo "== libnd4j (ND4J $(basename "$(tr ':' '\n' <<<"$cp" | grep -m1 'nd4j-native-1.*-linux' || echo '?')"), $threads threads"
OMP_NUM_THREADS="$threads" java -Dorg.bytedeco.javacpp.platform.extension="$ext" -cp "$cp" "$root/bench/ops/OpBench.java" "$iters" 2>/dev/null | grep -E '^(conv|batchnorm|relu)'
echo "== the same batch-norm layer on DL4J's own path"
ZOO_NATIVE_OPS=false OMP_NUM_THREADS="$threads" java -Dorg.bytedeco.javacpp.platform.extension="$ext" -cp "$cp" "$root/bench/ops/OpBench.java" "$iters" bn-layer 2>/dev/null | grep -E '^batchnorm layer'
echo "== PyTorch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), $threads threads"
/usr/bin/python3 "$root/bench/ops/op_bench.py" "$iters" "$threads"
