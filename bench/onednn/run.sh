#!/usr/bin/env bash
# Runs bench/onednn/BlockedLayoutSpike.java: one ResNet-50 bottleneck block, training fwd+bwd, through JavaCPP's
# oneDNN presets, with libnd4j's per-op NCHW<->blocked reorders ("plain") against layouts kept between layers
# ("blocked"). A benchmark spike, not a test.
#
# Usage: bench/onednn/run.sh [--with-nd4j] [--threads N] [PROGRAM ARGS...]
#   --with-nd4j   also put the project's runtime classpath (app/target/classpath.txt + app/target/zoo.jar) on the
#                 classpath, with -Dorg.bytedeco.javacpp.platform.extension=-onednn: the program then runs ND4J ops
#                 first, checks a JavaCPP oneDNN convolution against ND4J's conv2d, and ND4J again after the spike
#                 (libnd4jcpu.so's static oneDNN and JavaCPP's libdnnl.so.2 in one JVM). Needs the launcher built.
#   --threads N   OMP_NUM_THREADS for the run (default: $OMP_NUM_THREADS, else 1)
#   PROGRAM ARGS  --batch N (16) --iters N (10) --warmup N (3) --stages 1,2,3,4 --json --verbose --fwd-training
#                 --alloc-per-call --no-nd4j --seed N   (see the header of BlockedLayoutSpike.java)
#   JAVA_OPTS     extra JVM options, e.g. JAVA_OPTS=-XX:+UseSerialGC
# Examples:
#   bench/onednn/run.sh --iters 20                        # full measurement, 1 thread, batch 16 (libnd4j's fwd hint)
#   bench/onednn/run.sh --iters 20 --fwd-training         # the same with forward_training pds (nChw16c throughout)
#   bench/onednn/run.sh --iters 20 --alloc-per-call       # plain way allocating its oneDNN-side buffers per call
#   bench/onednn/run.sh --with-nd4j --json > spike.json   # plus the ND4J coexistence checks; JSON on stdout
#   nice -n 19 taskset -c 1 bench/onednn/run.sh --batch 2 --iters 2 --warmup 1   # quick check
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
with_nd4j=0
threads="${OMP_NUM_THREADS:-1}"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --with-nd4j) with_nd4j=1 ;;
    --threads) [ $# -ge 2 ] || { echo "run.sh: --threads needs a number" >&2; exit 2; }; threads="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

cp="$m2/org/bytedeco/dnnl/2.5.2-1.5.7/dnnl-2.5.2-1.5.7.jar"
cp="$cp:$m2/org/bytedeco/dnnl/2.5.2-1.5.7/dnnl-2.5.2-1.5.7-linux-x86_64.jar"
# dnnl's presets inherit OpenCL's: JavaCPP loads libjniOpenCL.so before libjnidnnl.so, so both opencl jars are needed
# (mvn dependency:get -Dartifact=org.bytedeco:opencl:3.0-1.5.7:jar:linux-x86_64 -Dtransitive=false)
cp="$cp:$m2/org/bytedeco/opencl/3.0-1.5.7/opencl-3.0-1.5.7.jar"
cp="$cp:$m2/org/bytedeco/opencl/3.0-1.5.7/opencl-3.0-1.5.7-linux-x86_64.jar"
cp="$cp:$m2/org/bytedeco/javacpp/1.5.7/javacpp-1.5.7.jar"
cp="$cp:$m2/org/bytedeco/javacpp/1.5.7/javacpp-1.5.7-linux-x86_64.jar"
# fetch what is missing from Maven Central (GROUP:ARTIFACT:VERSION[:jar:CLASSIFIER], no transitive dependencies)
for a in org.bytedeco:dnnl:2.5.2-1.5.7 org.bytedeco:dnnl:2.5.2-1.5.7:jar:linux-x86_64 org.bytedeco:opencl:3.0-1.5.7 \
         org.bytedeco:opencl:3.0-1.5.7:jar:linux-x86_64 org.bytedeco:javacpp:1.5.7 org.bytedeco:javacpp:1.5.7:jar:linux-x86_64; do
  IFS=: read -r g art v _ cls <<<"$a"
  f="$m2/${g//.//}/$art/$v/$art-$v${cls:+-$cls}.jar"
  if [ ! -f "$f" ]; then
    echo "run.sh: fetching $a" >&2
    mvn -q -B dependency:get -Dmaven.repo.local="$m2" -Dartifact="$a" -Dtransitive=false >&2 \
      && [ -f "$f" ] || { echo "run.sh: cannot fetch $a into $m2 (needs Maven and Maven Central)" >&2; exit 1; }
  fi
done
jvm=()
if [ "$with_nd4j" = 1 ]; then
  [ -f "$root/app/target/classpath.txt" ] && [ -f "$root/app/target/zoo.jar" ] \
    || { echo "app/target/classpath.txt or zoo.jar missing: build the launcher first (./zoo --version)" >&2; exit 1; }
  cp="$cp:$root/app/target/zoo.jar:$(cat "$root/app/target/classpath.txt")"
  jvm+=("-Dorg.bytedeco.javacpp.platform.extension=-onednn")
fi
export OMP_NUM_THREADS="$threads"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} "${jvm[@]}" -cp "$cp" "$here/BlockedLayoutSpike.java" "${args[@]}"
