#!/usr/bin/env python3
"""Prints BitLab against PyTorch side by side and checks the targets of docs/performance.md.

Reads the JSON files written by bitlab_bench --json and pytorch_bench.py --json (one
invocation of bench/run_all.sh), prints the comparison, and writes it as CSV.
Standard library only (runs with any python3).

Usage: compare.py BITLAB.json PYTORCH.json [--csv OUT.csv]
"""

import argparse
import csv
import json
import math

# The targets: training-loop seconds of the full-precision run, float64, 1 thread.
ABSOLUTE_TARGETS = {"W1": 0.5e-3, "W2": 25e-3, "W3": 60e-3, "W4": 0.75}
# Speed against PyTorch (issue 20): W4 (GEMM bound, PyTorch on OpenBLAS's run-time
# dispatched kernels) at least 1.5x, the small workloads at least 10x.
SPEEDUP_TARGETS = {"W1": 10.0, "W2": 10.0, "W3": 10.0, "W4": 1.5}
QUANT_COST_TARGET = 1.2
PARALLEL_TARGET = 0.6
# One large run on 2 threads (its products cut into panels the threads share, issue 20):
# W4's training loop at least 1.4x faster than on 1 thread (its products are ~80 % of it).
THREADS_TARGET = 1.4
CSV_MBPS_TARGET = 300.0
CSV_MEMORY_TARGET = 1.5


def fmt(v, spec):
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, spec)


def verdict(ok):
    return "met" if ok else "MISSED"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bitlab")
    ap.add_argument("pytorch", nargs="?")
    ap.add_argument("--csv", default="")
    args = ap.parse_args()

    with open(args.bitlab) as f:
        ours = json.load(f)
    theirs = {"workloads": [], "csv": []}
    if args.pytorch:
        try:
            with open(args.pytorch) as f:
                theirs = json.load(f)
        except OSError as e:
            print(f"compare: no PyTorch results ({e}); printing BitLab alone")
    by = {(r["workload"], r["variant"]): r for r in ours["workloads"]}
    pt = {(r["workload"], r["variant"]): r for r in theirs["workloads"]}
    workloads = sorted({r["workload"] for r in ours["workloads"]})

    rows = []
    print("\nBitLab vs PyTorch %s, float64, 1 thread, training loop, medians of %s / %s runs"
          % (theirs.get("version", "?"), ours.get("reps"), theirs.get("reps", "?")))
    print("speedup = PyTorch time / BitLab time; wall = train-loop wall time, cpu = process "
          "CPU time\n")
    head = ("wl", "variant", "bitlab s", "torch s", "speedup", "bitlab cpu", "torch cpu",
            "speedup", "us/step", "torch us", "loss", "torch loss", "acc", "torch acc")
    print("%-4s %-7s %10s %10s %8s %10s %10s %8s %9s %9s %10s %10s %7s %9s" % head)
    for w in workloads:
        for v in ("fp", "q"):
            b, p = by.get((w, v)), pt.get((w, v))
            if not b:
                continue
            bt, bc = b["train_seconds"], b.get("cpu_seconds")
            ptt = p["train_seconds"] if p else None
            pc = p.get("cpu_seconds") if p else None
            sp = ptt / bt if p and bt else None
            spc = pc / bc if p and bc and pc else None
            row = {
                "workload": w, "variant": v, "runs": b["runs"],
                "bitlab_train_seconds": bt, "pytorch_train_seconds": ptt, "speedup_wall": sp,
                "bitlab_cpu_seconds": bc, "pytorch_cpu_seconds": pc, "speedup_cpu": spc,
                "bitlab_us_per_step": bt / b["steps"] * 1e6,
                "pytorch_us_per_step": ptt / p["steps"] * 1e6 if p else None,
                "bitlab_final_loss": b["final_loss"],
                "pytorch_final_loss": p["final_loss"] if p else None,
                "bitlab_accuracy": b["accuracy"], "pytorch_accuracy": p["accuracy"] if p else None,
                "bitlab_allocs_per_step": b.get("allocs_per_step"),
            }
            rows.append(row)
            print("%-4s %-7s %10s %10s %8s %10s %10s %8s %9s %9s %10s %10s %7s %9s" % (
                w, v, fmt(bt, ".5f"), fmt(ptt, ".4f"), fmt(sp, ".1f"), fmt(bc, ".5f"),
                fmt(pc, ".4f"), fmt(spc, ".1f"), fmt(row["bitlab_us_per_step"], ".2f"),
                fmt(row["pytorch_us_per_step"], ".1f"), fmt(b["final_loss"], ".5g"),
                fmt(row["pytorch_final_loss"], ".5g"), fmt(b["accuracy"], ".4f"),
                fmt(row["pytorch_accuracy"], ".4f")))

    # Format twins (issue 17): each low-precision float or block-format run against the
    # fp64 run of the same file and the same repetitions (no PyTorch counterpart).
    twins = [r for r in ours["workloads"] if r["variant"].startswith("q:")]
    if twins:
        print("\nFormat twins against their fp64 run (same file, same repetitions; medians)\n")
        print("%-4s %-18s %10s %10s %8s %10s %10s %8s" % (
            "wl", "run", "train s", "fp s", "ratio", "cpu s", "fp cpu", "ratio"))
        for r in twins:
            fp = by.get((r["workload"], "fp"))
            if not fp:
                continue
            rw = r["train_seconds"] / fp["train_seconds"] if fp["train_seconds"] else None
            rc = (r["cpu_seconds"] / fp["cpu_seconds"]
                  if r.get("cpu_seconds") and fp.get("cpu_seconds") else None)
            print("%-4s %-18s %10s %10s %8s %10s %10s %8s" % (
                r["workload"], r["variant"][2:], fmt(r["train_seconds"], ".5f"),
                fmt(fp["train_seconds"], ".5f"), fmt(rw, ".2f"), fmt(r.get("cpu_seconds"), ".5f"),
                fmt(fp.get("cpu_seconds"), ".5f"), fmt(rc, ".2f")))

    print(f"\nTargets (float64, 1 thread; BitLab kernels: {ours.get('kernels', '?')})\n")
    checks = []
    for w in workloads:
        fp = by.get((w, "fp"))
        # Each time-based target on both bases: wall (the definition) and process CPU
        # time (robust when the machine is shared; for BitLab it also covers records and
        # the final evaluation, so it is the stricter of the two there).
        if fp and w in ABSOLUTE_TARGETS:
            goal = ABSOLUTE_TARGETS[w]
            for basis, t in (("wall", fp["train_seconds"]), ("cpu", fp.get("cpu_seconds"))):
                if t is not None:
                    checks.append((f"{w} fp train loop <= {goal * 1e3:g} ms ({basis})",
                                   f"{t * 1e3:.3f} ms", t <= goal, f"{t / goal:.2f}x the target"))
        for v in ("fp", "q"):
            b, p = by.get((w, v)), pt.get((w, v))
            if b and p:
                for basis, key in (("wall", "train_seconds"), ("cpu", "cpu_seconds")):
                    if b.get(key) and p.get(key):
                        sp = p[key] / b[key]
                        goal = SPEEDUP_TARGETS.get(w, 10.0)
                        checks.append((f"{w} {v} >= {goal:g}x PyTorch ({basis})",
                                       f"{sp:.1f}x", sp >= goal,
                                       f"{sp / goal:.2f} of the target"))
        q = by.get((w, "q"))
        if fp and q:
            for basis, key in (("wall", "train_seconds"), ("cpu", "cpu_seconds")):
                if fp.get(key) and q.get(key):
                    r = q[key] / fp[key]
                    checks.append((f"{w} quantized / fp <= {QUANT_COST_TARGET:g} ({basis})",
                                   f"{r:.2f}", r <= QUANT_COST_TARGET, ""))
        for t in (r for r in ours["workloads"] if r["workload"] == w):
            if fp and t["variant"].startswith("q:"):
                for basis, key in (("wall", "train_seconds"), ("cpu", "cpu_seconds")):
                    if fp.get(key) and t.get(key):
                        r = t[key] / fp[key]
                        checks.append((f"{w} {t['variant'][2:]} / fp <= {QUANT_COST_TARGET:g} "
                                       f"({basis})", f"{r:.2f}", r <= QUANT_COST_TARGET, ""))
        seq, par = by.get((w, "fp+q seq")), by.get((w, "fp+q par"))
        if seq and par:
            r = par["wall_seconds"] / seq["wall_seconds"]
            checks.append((f"{w} fp+q 2 threads / one after the other <= {PARALLEL_TARGET:g}",
                           f"{r:.2f}", r <= PARALLEL_TARGET, "wall time of Experiment::run()"))
        one, two = by.get((w, "fp")), by.get((w, "fp 2 threads"))
        if one and two and w == "W4":
            r = one["train_seconds"] / two["train_seconds"]
            checks.append((f"{w} fp on 2 threads / 1 thread >= {THREADS_TARGET:g}x faster",
                           f"{r:.2f}x", r >= THREADS_TARGET,
                           "its products share the threads (train time)"))
        for v in ("fp", "q"):
            b = by.get((w, v))
            if b and b.get("allocs_per_step") is not None:
                a = b["allocs_per_step"]
                checks.append((f"{w} {v} allocations per training step = 0", f"{a:.4f}",
                               a == 0, f"{b['allocs']} over {b['alloc_steps']} steps"))
    for c in ours.get("csv", []):
        mbps = c["megabytes"] / c["seconds"]
        if c["megabytes"] >= 1.0:
            checks.append((f"{c['workload']} CSV parse >= {CSV_MBPS_TARGET:g} MB/s",
                           f"{mbps:.0f} MB/s", mbps >= CSV_MBPS_TARGET,
                           f"{c['megabytes']:.1f} MB in {c['seconds']:.3f} s"))
            if c.get("peak_heap_megabytes") is not None and c["matrix_megabytes"] > 0:
                r = c["peak_heap_megabytes"] / c["matrix_megabytes"]
                checks.append((f"{c['workload']} CSV load memory <= {CSV_MEMORY_TARGET:g}x matrix",
                               f"{r:.2f}x", r <= CSV_MEMORY_TARGET,
                               f"heap peak {c['peak_heap_megabytes']:.0f} MB"))
    for name, value, ok, note in checks:
        print(f"  {verdict(ok):<6} {name:<58} {value:>12}  {note}")
    met = sum(1 for c in checks if c[2])
    print(f"\n{met} of {len(checks)} checks met.")
    print("Not measured here: the GUI targets (redraw, timer lateness, training speed against "
          "bitlab-cli: build/bin/gui_bench --throughput); see docs/performance.md.")

    if args.csv:
        with open(args.csv, "w", newline="") as f:
            if rows:
                wr = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
                wr.writeheader()
                wr.writerows(rows)


if __name__ == "__main__":
    main()
