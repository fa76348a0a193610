"""Sums bench/mem's native allocation log by phase and by who allocated: ND4J's Java arrays (mallocHost), oneDNN's
buffers inside libnd4j's ops, or the first frames of anything else."""
import collections
import re
import sys

phase, records, current = "start", [], None
for line in open(sys.argv[1], errors="replace"):
    line = line.rstrip("\n")
    if line.startswith("MARK "):
        phase, current = line[5:], None
    elif line.startswith("ALLOC "):
        current = [phase, int(line.split()[2]), []]
        records.append(current)
    elif current is not None and line:
        current[2].append(line)


def origin(frames):
    text = " ".join(frames)
    if "mallocHost" in " ".join(frames[:2]):
        return "ND4J arrays (Nd4jCpu.mallocHost: detached or spilled workspace arrays)"
    if "onednn" in text or "dnnl" in text:
        return "oneDNN buffers in libnd4j's ops (reorders to and from blocked layouts)"
    names = [m.group(1) for f in frames[:3] for m in [re.search(r"/([^/()]+)\(([^)]*)\)", f)] if m]
    return "other: " + " <- ".join(names)


table = collections.OrderedDict()
for ph, size, frames in records:
    row = table.setdefault(ph, collections.defaultdict(lambda: [0, 0]))
    row[origin(frames)][0] += 1
    row[origin(frames)][1] += size
for ph, row in table.items():
    print(ph)
    for who, (count, size) in sorted(row.items(), key=lambda kv: -kv[1][1]):
        print(f"    {count:6d} allocations {size / 2**20:9,.0f} MB  {who}")
