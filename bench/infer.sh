#!/usr/bin/env bash
# Inference side by side: DL4J (`zoo bench --mode infer`), ONNX Runtime on the exported graph (`zoo bench --mode infer
# --engine onnxruntime`) and PyTorch CPU (bench/pytorch/bench.py --mode infer, torch.no_grad) on ResNet-50, GoogLeNet and
# AlexNet (torchvision's architectures, the zoo's -torchvision models) at batch 1 and 16, every core on each side,
# interleaved so all three see the same machine state. Lower ms is better; the last two columns are DL4J's and ONNX
# Runtime's time over PyTorch's. Needs Debian's python3-torch, python3-torchvision and libopenblas0-pthread (as compare.sh).
# A benchmark, not a test: run it on a quiet machine.
#
# Usage: bench/infer.sh [--markdown] [ITERS]     (default 20 timed iterations after 5 warm-up ones)
# --markdown prints docs/performance.md's "Inference" table under the line saying when, where and how it was measured.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
markdown=false
[[ "${1:-}" == --markdown ]] && { markdown=true; shift; }
iters="${1:-20}"
warmup=5
threads="$(nproc)"
py=/usr/bin/python3
"$py" -c "import torch, torchvision" 2>/dev/null || { echo "infer.sh: needs Debian's python3-torch and python3-torchvision (+ libopenblas0-pthread)" >&2; exit 1; }
blas=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["blas"])' "$("$py" "$root/bench/pytorch/matmul.py" "$threads")")
[[ "$blas" == *openblas* ]] || { echo "infer.sh: PyTorch runs on $blas, not OpenBLAS; install libopenblas0-pthread" >&2; exit 1; }
ort_version=$(grep -o 'onnxruntime-[0-9][0-9.]*[0-9]' "$root/app/target/classpath.txt" | head -1 | cut -d- -f2)
torch_version=$("$py" -c 'import torch; print(torch.__version__)')
if $markdown; then
  command="bench/infer.sh --markdown"
  [[ "$iters" != 20 ]] && command+=" $iters"
  echo "### Inference"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), every core on each side, at commit $(git -C "$root" rev-parse --short HEAD), by \`$command\`: median ms of $iters forward passes; ONNX Runtime $ort_version on the exported graph, PyTorch $torch_version on OpenBLAS ($(basename "$(dirname "$blas")")/${blas##*/}) under \`torch.no_grad\`. Lower ratios are better."
  echo
  echo "| model | batch | DL4J ms | ONNX Runtime ms | PyTorch ms | DL4J / PyTorch | ONNX Runtime / PyTorch |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
else
  echo "machine: $(nproc) cores, $threads threads on every side; PyTorch's BLAS: ${blas##*/}"
  printf '%-22s %5s  %10s  %10s  %10s  %8s  %8s\n' model batch "DL4J ms" "ORT ms" "PyTorch ms" "DL4J/PT" "ORT/PT"
fi
for model in resnet50-torchvision googlenet-torchvision alexnet-torchvision; do
  for batch in 1 16; do
    dl4j=$(OMP_NUM_THREADS="$threads" "$root/zoo" bench "$model" --mode infer --batch "$batch" --iters "$iters" --warmup "$warmup" --json 2>/dev/null)
    ort=$(OMP_NUM_THREADS="$threads" "$root/zoo" bench "$model" --mode infer --engine onnxruntime --batch "$batch" --iters "$iters" --warmup "$warmup" --json 2>/dev/null)
    pt=$("$py" "$root/bench/pytorch/bench.py" "$model" --mode infer --batch "$batch" --iters "$iters" --warmup "$warmup" --threads "$threads")
    "$py" - "$dl4j" "$ort" "$pt" "$markdown" <<'PY'
import json, sys
d, o, p = (json.loads(a) for a in sys.argv[1:4])
if sys.argv[4] == "true":
    print(f"| `{d['model']}` | {d['batch']} | {d['msMedian']:.1f} | {o['msMedian']:.1f} | {p['msMedian']:.1f}"
          f" | {d['msMedian']/p['msMedian']:.2f}× | {o['msMedian']/p['msMedian']:.2f}× |")
else:
    print(f"{d['model']:<22} {d['batch']:5d}  {d['msMedian']:10.1f}  {o['msMedian']:10.1f}  {p['msMedian']:10.1f}"
          f"  {d['msMedian']/p['msMedian']:7.2f}×  {o['msMedian']/p['msMedian']:7.2f}×")
PY
  done
done
$markdown || echo "ONNX Runtime $ort_version, torch $torch_version"
