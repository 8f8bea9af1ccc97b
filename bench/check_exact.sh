#!/usr/bin/env bash
# Exactness harness for engine optimisations (every float64 result unchanged to
# 1e-12; on the portable kernels, bit-identical). Runs a fixed set of experiments through bitlab-cli (every preset, the bench
# workloads shortened, and variants that reach every training mode, quantizer scheme,
# activation, loss and optimizer; the float, mx and nvfp4 formats of W1F and W3F with
# stochastic rounding, amax scaling per channel, format overflow, MXINT8, short blocks,
# and as gradient and state quantizers) and writes metrics.csv and weights/*.json per case.
#   bench/check_exact.sh record DIR     run the cases into DIR (the reference)
#   bench/check_exact.sh compare DIR    run them again into a temp folder and compare with
#                                       DIR: bit-identical, or the largest relative difference
# Needs build/bin/bitlab-cli (BUILD_DIR) and bench/data (gen_data).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cli="${BUILD_DIR:-build}/bin/bitlab-cli"
mode="${1:?record|compare}"
ref="${2:?DIR}"
E=bench/experiments

cases=(
  "seed|--preset seed"
  "moons|--preset moons --set training.epochs=15"
  "logistic|--preset logistic"
  "softmax|--preset softmax"
  "svm|--preset svm"
  "w1|$E/w1_seed.json"
  "w2|$E/w2_logistic.json --set training.epochs=1 --set training.eval_every=97"
  "w3|$E/w3_moons.json --set training.epochs=3 --set training.eval_every=100"
  "w4|$E/w4_digits.json --set training.epochs=1 --set dataset.test_fraction=0.9 --set training.eval_every=20"
  "w3ptq|$E/w3_moons.json --set training.epochs=2 --set runs.1.quantizer.mode=ptq --set runs.1.quantizer.granularity=per_channel"
  "w3clip|$E/w3_moons.json --set training.epochs=2 --set runs.1.quantizer.ste_clip=true --set runs.1.quantizer.activation_bits=4 --set model.activation=sigmoid"
  "w3relu|$E/w3_moons.json --set training.epochs=2 --set model.activation=relu --set runs.1.quantizer.scheme=affine --set runs.1.quantizer.rounding=stochastic --set optimizer.kind=adamw --set optimizer.weight_decay=0.01"
  "w3pow2|$E/w3_moons.json --set training.epochs=2 --set runs.1.quantizer.scheme=pow2 --set runs.1.quantizer.mode=post_update --set optimizer.kind=rmsprop --set dataset.test_fraction=0.2"
  "w3tern|$E/w3_moons.json --set training.epochs=2 --set runs.1.quantizer.scheme=ternary --set runs.1.quantizer.bits=2 --set optimizer.kind=sgd --set optimizer.momentum=0.9 --set optimizer.nesterov=true --set loss=bce --set dataset.shuffle=false"
  "w2hinge|$E/w2_logistic.json --set training.epochs=1 --set model.kind=svm --set loss=squared_hinge --set optimizer.kind=adagrad --set runs.1.quantizer.scheme=binary --set runs.1.quantizer.bits=1 --set dataset.test_fraction=0.3"
  "w1mom|$E/w1_seed.json --set optimizer.kind=sgd --set optimizer.momentum=0.5 --set optimizer.batch_size=7 --set training.epochs=50 --set runs.1.quantizer.mode=ste --set runs.1.quantizer.rounding=stochastic"
  "w1ptq|$E/w1_seed.json --set runs.1.quantizer.mode=ptq --set optimizer.lr=0.7 --set training.epochs=300"
  "w1div|$E/w1_seed.json --set optimizer.lr=50 --set training.epochs=400"
  "w1f|$E/w1_formats.json --set training.epochs=300"
  "w3f|$E/w3_formats.json --set training.epochs=2"
  "w3fsr|$E/w3_formats.json --set training.epochs=1 --set runs.1.quantizer.rounding=stochastic --set runs.2.quantizer.granularity=per_channel --set runs.2.quantizer.overflow=format --set runs.3.quantizer.rounding=stochastic --set runs.4.quantizer.rounding=stochastic"
  "w3fmx|$E/w3_formats.json --set training.epochs=1 --set runs.1.quantizer.format=e5m2 --set runs.2.quantizer.rounding=stochastic --set runs.3.quantizer.element=int8 --set runs.4.quantizer.block=8 --set runs.3.quantizer.block=7"
  "w3fgrad|$E/w3_formats.json --set training.epochs=1 --set runs.1.gradient_quantizer.scheme=float --set runs.1.gradient_quantizer.format=e4m3 --set runs.1.gradient_quantizer.scaling=amax --set runs.2.state_quantizer.scheme=mx --set runs.2.state_quantizer.element=e4m3 --set runs.3.quantizer.mode=post_update --set runs.4.quantizer.mode=ptq"
)

# The portable kernels (docs/performance.md, "Kernels"): what must stay bit-identical from
# build to build. A build from before the kernels had only those, and no --portable.
# CHECK_EXACT_KERNELS=optimized runs the widest kernels instead (against a portable
# reference: the largest relative difference, 1e-12 expected).
portable=()
if "$cli" run --help 2>&1 | grep -q -- --portable && [ "${CHECK_EXACT_KERNELS:-portable}" = portable ]; then
    portable=(--portable)
fi

run_cases() {
    local out="$1"
    mkdir -p "$out"
    for c in "${cases[@]}"; do
        local name="${c%%|*}" args="${c#*|}"
        # shellcheck disable=SC2086
        "$cli" run $args "${portable[@]}" --out "$out/$name" --quiet --threads 2 \
            || echo "case $name: exit $?" >&2
        rm -f "$out/$name/summary.json.tmp"
    done
}

case "$mode" in
record) run_cases "$ref" ;;
compare)
    new="$(mktemp -d)"
    run_cases "$new"
    python3 - "$ref" "$new" <<'PY'
import json, math, os, sys, csv
ref, new = sys.argv[1], sys.argv[2]
worst = 0.0; identical = True; problems = []; case_worst = {}; case = ""
def num(a):
    try: return float(a)
    except ValueError: return None
def cmpval(a, b, where):
    global worst, identical
    if a == b: return
    identical = False
    fa, fb = num(a), num(b)
    if fa is None or fb is None or math.isnan(fa) != math.isnan(fb):
        problems.append(f"{where}: {a!r} vs {b!r}"); return
    d = abs(fa - fb) / max(1.0, abs(fa))
    if d > worst: worst = d
    case_worst[case] = max(case_worst.get(case, 0.0), d)
    if d > 1e-12: problems.append(f"{where}: {a} vs {b} (rel {d:.2e})")
def walk(a, b, where):
    if isinstance(a, dict):
        for k in a:
            if k in ("train_seconds", "kernels"): continue
            walk(a[k], b.get(k) if isinstance(b, dict) else None, where + "." + k)
    elif isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            problems.append(f"{where}: length differs"); return
        for i, (x, y) in enumerate(zip(a, b)): walk(x, y, f"{where}[{i}]")
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)):
        cmpval(repr(float(a)), repr(float(b)), where)
    elif a != b:
        cmpval(str(a), str(b), where)
for case in sorted(os.listdir(ref)):
    r, n = os.path.join(ref, case), os.path.join(new, case)
    with open(os.path.join(r, "metrics.csv")) as f: ra = list(csv.reader(f))
    with open(os.path.join(n, "metrics.csv")) as f: na = list(csv.reader(f))
    if len(ra) != len(na): problems.append(f"{case}: metrics rows {len(ra)} vs {len(na)}")
    for i, (x, y) in enumerate(zip(ra, na)):
        for j, (a, b) in enumerate(zip(x, y)): cmpval(a, b, f"{case}/metrics.csv:{i+1}:{j+1}")
    for w in sorted(f for f in os.listdir(os.path.join(r, "weights")) if f.endswith(".json")):
        with open(os.path.join(r, "weights", w)) as f: a = json.load(f)
        with open(os.path.join(n, "weights", w)) as f: b = json.load(f)
        walk(a, b, f"{case}/weights/{w}")
    with open(os.path.join(r, "summary.json")) as f: a = json.load(f)
    with open(os.path.join(n, "summary.json")) as f: b = json.load(f)
    walk(a, b, f"{case}/summary.json")
for c, d in sorted(case_worst.items()): print(f"case {c}: largest relative difference {d:.3e}")
for p in problems[:8]: print("DIFF", p)
print("bit-identical" if identical else f"largest relative difference {worst:.3e}; beyond 1e-12: {len(problems)}")
sys.exit(1 if problems else 0)
PY
    rc=$?
    rm -rf "$new"
    exit $rc ;;
*) echo "usage: $0 record|compare DIR" >&2; exit 2 ;;
esac
