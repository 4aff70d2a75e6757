#!/usr/bin/env bash
# Euclidean random features against scikit-learn (RBFSampler, Nystroem) on
# the same data in one run.  Usage: bench/run_features.sh BUILD_DIR [quick]
# Kestrel (bench_rff) and the peer (rff_sklearn.py) are measured in
# alternating rounds (2, or 1 for quick); each side keeps its best round, so a
# burst of load from other processes does not decide the ratio.  Writes the
# joint table to stdout and bench/results/features_rff[_quick].csv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-full}
. "$here/common.sh"
bench_setup bench_rff
if [ "$mode" = quick ]; then
    args=(--n 2000 --d 16 --features 256 --gamma 0.03125 --sub 1000 --seeds 1 --reps 3)
    rounds=1
    out=$here/results/features_rff_quick.csv
else
    args=(--n 10000 --d 16 --features 1024 --gamma 0.03125 --sub 2000 --seeds 3 --reps 7)
    rounds=2
    out=$here/results/features_rff.csv
fi
py=/usr/bin/python3
if ! "$py" -c 'import sklearn' 2>/dev/null; then
    echo "scikit-learn missing: apt-get install python3-sklearn" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kes=() peer=()
for r in $(seq 1 "$rounds"); do
    "$bin" "${args[@]}" --data "$tmp/X.bin" --csv "$tmp/kestrel_$r.csv" >/dev/null
    "$py" "$here/rff_sklearn.py" --data "$tmp/X.bin" "${args[@]}" --peer-out "$tmp/peer_$r.csv"
    kes+=("$tmp/kestrel_$r.csv")
    peer+=("$tmp/peer_$r.csv")
done
"$py" "$here/rff_sklearn.py" --data "$tmp/X.bin" "${args[@]}" \
    --kestrel "$(IFS=,; echo "${kes[*]}")" --peer "$(IFS=,; echo "${peer[*]}")" --csv "$out"
