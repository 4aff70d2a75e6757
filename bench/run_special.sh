#!/usr/bin/env bash
# Log-Bessel benchmark: Kestrel vs GSL (bench_bessel) and SciPy (bessel_scipy.py) on the same points.
#   bench/run_special.sh BUILD_DIR [quick]      -> table on stdout, bench/results/bessel.csv
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
n=1000000
[ "${2:-}" = quick ] && n=100000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/results"
echo "== log-Bessel: Kestrel vs GSL vs SciPy, $n points per batch, one thread (machine: $(nproc) cores, shared)"
OMP_NUM_THREADS=1 "$build/bench/bench_bessel" --n "$n" --dump "$tmp" --csv "$tmp/c.csv"
echo
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/bessel_scipy.py" "$tmp" "$here/results/bessel.csv"
echo "CSV: $here/results/bessel.csv"
