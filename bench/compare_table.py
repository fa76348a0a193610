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
if main:
    m = main[0]
    print("### The main job against PyTorch\n")
    print(provenance + "\n")
    print("| one epoch of | threads | classic-zoo s | PyTorch s | ratio |")
    print("|---|---:|---:|---:|---:|")
    print(f"| `zoo reproduce lenet5` / `bench/pytorch/lenet5_paper.py` (batch 16, Adam, L2) | 1 | {m['oursSeconds']:.1f} | "
          f"{m['theirsSeconds']:.1f} | {m['oursSeconds'] / m['theirsSeconds']:.2f}× |\n")
if steps:
    print("### Training steps and forward passes\n")
    print(provenance + " Median of the timed iterations; %SGEMM is our step's FLOP rate over the machine's matrix-multiply rate.\n")
    print("| model | step | batch | threads | classic-zoo ms | PyTorch ms | ratio | classic-zoo %SGEMM |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in steps:
        o, t = r["ours"], r["theirs"]
        print(f"| `{o['model']}` | {o['mode']} | {o['batch']} | {r['threads']} | {o['msMedian']:.1f} | {t['msMedian']:.1f} | "
              f"{o['msMedian'] / t['msMedian']:.2f}× | {100 * o['gflopsPerSecond'] / sgemm:.1f}% |")
    print()
if memory:
    print("### Memory\n")
    print(provenance + " Peak resident memory of the whole process (`getrusage`), one warm-up and one timed training step.\n")
    print("| model | batch | threads | classic-zoo MB | PyTorch MB | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in memory:
        o, t = r["ours"], r["theirs"]
        print(f"| `{o['model']}` training | {o['batch']} | {r['threads']} | {o['peakRssMb']:,} | {t['peakRssMb']:,} | "
              f"{o['peakRssMb'] / t['peakRssMb']:.2f}× |")
    print()
