#!/usr/bin/env bash
# Packs finished runs into zoo-lenet-weights (tools/ShipWeights.java says what it does). Usage, from anywhere:
#   tools/ship-weights.sh RUN_DIR=WEIGHTS_NAME | MODEL@NAME ...   e.g. runs/lenet5-20261202=mnist lenet5-modern@mnist (kept)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=()
for a in "$@"; do
  if [[ "$a" == *=* ]]; then args+=("$(cd "$(dirname "${a%=*}")" && pwd)/$(basename "${a%=*}")=${a##*=}"); else args+=("$a"); fi
done
"$root/zoo" --version >/dev/null   # builds the launcher if needed
cd "$root"
exec java -Dorg.bytedeco.javacpp.platform.extension=-onednn -cp "app/target/zoo.jar:$(cat app/target/classpath.txt)" tools/ShipWeights.java "${args[@]}"
