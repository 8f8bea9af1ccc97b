#!/usr/bin/env bash
# Runs bench/pytorch_bench.py, installing Debian's python3-torch (with numpy) and the BLAS
# Debian recommends for it (OpenBLAS: libtorch1.13 Recommends libopenblas0) first when they
# are missing. Only this script installs PyTorch: the lab itself never needs it.
# Without OpenBLAS, Debian's torch falls back to the reference BLAS, which makes W4 (GEMM
# bound) several times slower than what an engineer gets from `apt-get install python3-torch`.
# Usage: bench/run_pytorch.sh [pytorch_bench.py arguments...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# Debian's python3-torch installs into the system interpreter's dist-packages; a python3
# earlier on PATH (pyenv, venv) would not see it.
PY=/usr/bin/python3
[ -x "$PY" ] || PY="$(command -v python3)"

have_openblas() {
    dpkg-query -W -f '${Status}\n' 'libopenblas0-*' 2> /dev/null | grep -q 'install ok installed'
}

if ! "$PY" -c 'import torch, numpy' 2> /dev/null || ! have_openblas; then
    echo "run_pytorch.sh: installing python3-torch and OpenBLAS (Debian) for the PyTorch" \
         "comparison..." >&2
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo > /dev/null; then
        SUDO="sudo"
    else
        echo "run_pytorch.sh: python3-torch is missing and neither root nor sudo is available;" \
             "install it with: apt-get install python3-torch libopenblas0-pthread" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends python3-torch python3-numpy \
        libopenblas0-pthread > /dev/null
fi

# One thread everywhere: PyTorch's intra-op pool, OpenMP and OpenBLAS.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
exec "$PY" "$here/pytorch_bench.py" "$@"
