#!/usr/bin/env bash
# Log-Bessel benchmark: Kestrel vs GSL (bench_bessel) and SciPy (bessel_scipy.py) on the same points.
#   bench/run_special.sh BUILD_DIR [quick]      -> table on stdout, bench/results/bessel.csv
# Three interleaved rounds (one in quick mode) of C bench then SciPy; each cell
# keeps its best round, because the machine is shared and load comes and goes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
n=1000000
rounds=3
[ "${2:-}" = quick ] && { n=100000; rounds=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/results"
echo "== log-Bessel: Kestrel vs GSL vs SciPy, $n points per batch, one thread, $rounds round(s)"
echo "   (machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
for r in $(seq "$rounds"); do
    OMP_NUM_THREADS=1 "$build/bench/bench_bessel" --n "$n" --dump "$tmp" --csv "$tmp/c_$r.csv" > "$tmp/c_$r.txt"
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/bessel_scipy.py" time "$tmp" "$tmp/s_$r.csv"
done
echo "-- last round, Kestrel vs GSL (max|diff| is the largest |GSL - Kestrel| / max(1, |Kestrel|) where GSL succeeded):"
cat "$tmp/c_$rounds.txt"
echo
/usr/bin/python3 "$here/bessel_scipy.py" combine "$here/results/bessel.csv" "$tmp"/c_*.csv "$tmp"/s_*.csv
echo "CSV: $here/results/bessel.csv"
