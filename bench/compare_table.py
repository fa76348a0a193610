#!/usr/bin/python3
"""Formats bench/compare.sh's measurements (one JSON object per line) as its text rows or as docs/performance.md's tables.

Usage: compare_table.py text SGEMM ROWS [header]
       compare_table.py markdown SGEMM ROWS DATE MACHINE COMMAND COMMIT
"""
import json
import sys

mode, sgemm, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rows = [json.loads(line) for line in open(path) if line.strip()]

if mode == "text":
    if len(sys.argv) > 4:
        print(f"{'model':<24} {'mode':<6} {'batch':>5} {'threads':>7}  {'ours ms':>12}  {'PyTorch ms':>12}  {'ours/PT':>9}  {'ours %SGEMM':>10}  {'RSS ours/PT':>9}")
    for r in rows:
        if r["kind"] == "main":
            o, t = r["oursSeconds"] * 1000, r["theirsSeconds"] * 1000
            print(f"{'lenet5 (main job, epoch)':<24} {'train':<6} {16:5d} {'1':>7}  {o:12.1f}  {t:12.1f}  {o / t:8.2f}×  {'-':>10}  {'-':>9}")
            continue
        o, t = r["ours"], r["theirs"]
        print(f"{o['model']:<24} {o['mode']:<6} {o['batch']:5d} {r['threads']:>7}  {o['msMedian']:12.1f}  {t['msMedian']:12.1f}  "
              f"{o['msMedian'] / t['msMedian']:8.2f}×  {100 * o['gflopsPerSecond'] / sgemm:9.1f}%  "
              f"{o['peakRssMb'] / t['peakRssMb']:8.2f}× ({o['peakRssMb']:,} / {t['peakRssMb']:,} MB)")
    sys.exit(0)

date, machine, command, commit = sys.argv[4:8]
provenance = f"Measured {date} on {machine}, at commit {commit}, by `{command}`; lower ratios are better."
steps = [r for r in rows if r["kind"] == "step"]
memory = [r for r in rows if r["kind"] == "memory"]
main = [r for r in rows if r["kind"] == "main"]


def table(title, note, columns, align, cells):
    """One of docs/performance.md's tables: a heading, the provenance line (and note), the header and one row per cells."""
    print(f"### {title}\n")
    print(provenance + note + "\n")
    print("| " + " | ".join(columns) + " |")
    print("|" + "|".join(align) + "|")
    for c in cells:
        print("| " + " | ".join(c) + " |")
    print()


if main:
    m = main[0]
    table("The main job against PyTorch", "", ["one epoch of", "threads", "classic-zoo s", "PyTorch s", "ratio"],
          ["---", "---:", "---:", "---:", "---:"],
          [["`zoo reproduce lenet5` / `bench/pytorch/lenet5_paper.py` (batch 16, Adam, L2)", "1", f"{m['oursSeconds']:.1f}",
            f"{m['theirsSeconds']:.1f}", f"{m['oursSeconds'] / m['theirsSeconds']:.2f}×"]])
if steps:
    table("Training steps and forward passes",
          " Median of the timed iterations; %SGEMM is our step's FLOP rate over the machine's matrix-multiply rate.",
          ["model", "step", "batch", "threads", "classic-zoo ms", "PyTorch ms", "ratio", "classic-zoo %SGEMM"],
          ["---", "---", "---:", "---:", "---:", "---:", "---:", "---:"],
          [[f"`{r['ours']['model']}`", r["ours"]["mode"], str(r["ours"]["batch"]), r["threads"], f"{r['ours']['msMedian']:.1f}",
            f"{r['theirs']['msMedian']:.1f}", f"{r['ours']['msMedian'] / r['theirs']['msMedian']:.2f}×",
            f"{100 * r['ours']['gflopsPerSecond'] / sgemm:.1f}%"] for r in steps])
if memory:
    table("Memory", " Peak resident memory of the whole process (`getrusage`), one warm-up and one timed training step.",
          ["model", "batch", "threads", "classic-zoo MB", "PyTorch MB", "ratio"], ["---", "---:", "---:", "---:", "---:", "---:"],
          [[f"`{r['ours']['model']}` training", str(r["ours"]["batch"]), r["threads"], f"{r['ours']['peakRssMb']:,}",
            f"{r['theirs']['peakRssMb']:,}", f"{r['ours']['peakRssMb'] / r['theirs']['peakRssMb']:.2f}×"] for r in memory])
