#!/usr/bin/env bash
# `make bench`: generates the data once, runs the engine workloads, then the same workloads
# in PyTorch, and prints both side by side with their targets. Everything lands in
# bench/out/ (bitlab.json/.txt, pytorch.json/.txt, comparison.csv/.txt).
# Environment: BUILD_DIR (default build), BENCH_REPS (default 5), BENCH_ONLY (e.g. W1,W3),
# BENCH_VARIANTS (engine variants, default fp,q,seq,par,fp2,fmt), BENCH_OUT (default bench/out),
# BENCH_SKIP_PYTORCH=1 to run the engine alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build="${BUILD_DIR:-build}"
reps="${BENCH_REPS:-5}"
only=()
[ -n "${BENCH_ONLY:-}" ] && only=(--only "$BENCH_ONLY")
variants=(--variants "${BENCH_VARIANTS:-fp,q,seq,par,fp2,fmt}")
out="${BENCH_OUT:-bench/out}"
mkdir -p "$out"

echo "== data (bench/data, generated once)"
"$build/bin/gen_data" --out bench/data

echo "== BitLab engine"
"$build/bin/bitlab_bench" --reps "$reps" "${only[@]}" "${variants[@]}" --json "$out/bitlab.json" \
    | tee "$out/bitlab.txt"

pytorch_json=""
if [ "${BENCH_SKIP_PYTORCH:-0}" != 1 ]; then
    echo "== PyTorch"
    if bench/run_pytorch.sh --reps "$reps" "${only[@]}" --json "$out/pytorch.json" \
        | tee "$out/pytorch.txt"; then
        pytorch_json="$out/pytorch.json"
    else
        echo "run_all.sh: the PyTorch run failed; comparing nothing" >&2
    fi
fi

echo "== comparison"
python3 bench/compare.py "$out/bitlab.json" $pytorch_json --csv "$out/comparison.csv" \
    | tee "$out/comparison.txt"
