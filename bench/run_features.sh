#!/usr/bin/env bash
# Euclidean random features against scikit-learn (RBFSampler, Nystroem) on
# the same data in one run.  Usage: bench/run_features.sh BUILD_DIR [quick]
# Writes bench/results/features_rff.csv (joint table with ratios).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-full}
mkdir -p "$here/results"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$OMP_NUM_THREADS}
bin=$build/bench/bench_rff
[ -x "$bin" ] || bin=$build/bench_rff
if [ "$mode" = quick ]; then
    args=(--n 2000 --d 16 --features 256 --gamma 0.03125 --sub 1000 --seeds 1 --reps 3)
else
    args=(--n 10000 --d 16 --features 1024 --gamma 0.03125 --sub 2000 --seeds 3 --reps 7)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" "${args[@]}" --data "$tmp/X.bin" --csv "$tmp/kestrel.csv" >/dev/null
py=/usr/bin/python3
if ! "$py" -c 'import sklearn' 2>/dev/null; then
    echo "scikit-learn missing: apt-get install python3-sklearn" >&2
    cat "$tmp/kestrel.csv"
    exit 1
fi
"$py" "$here/rff_sklearn.py" --data "$tmp/X.bin" "${args[@]}" --kestrel "$tmp/kestrel.csv" \
    --csv "$here/results/features_rff.csv"
