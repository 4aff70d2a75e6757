#!/usr/bin/env bash
# Tuners on sequences built from real and generated SPD matrices
# (bench_real.c): A_t = A + c_t diag(A), c_t ~ U[0, c_max] for c_max = 0.5
# and 0.01, SSOR-PCG to 1e-8; AUTO, ChebCB, Tsallis-INF, omega = 1, the best
# fixed omega and the per-step oracle.
# Usage: bench/run_tuners_real.sh BUILD_DIR [MATRIX_DIR]
#   MATRIX_DIR (default ../shared/data/matrices next to the repository):
#   every *.mtx in it, T = 200 over 3 seeds, plus one T = 2000 sequence for
#   the matrices below 1050 unknowns (the T = 2000 run of the larger ones
#   takes tens of minutes on one core); then the generated matrices, T = 200
#   over 3 seeds.  Writes bench/results/tuners_real.{txt,csv} and
#   bench/results/tuners_generated.{txt,csv}.  About 40 minutes on one idle core.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mdir=${2:-$here/../../shared/data/matrices}
res=$here/results
mkdir -p "$res"
small=() large=()
for f in "$mdir"/*.mtx; do
    n=$(grep -v '^%' "$f" | head -1 | awk '{print $1}')
    if [ "$n" -lt 1050 ]; then small+=("$f"); else large+=("$f"); fi
done
status=0
{
    "$build/bench/bench_real" --seeds 3 --seeds2000 1 --csv "$res/tuners_real_small.csv" "${small[@]}" || status=1
    "$build/bench/bench_real" --seeds 3 --seeds2000 0 --csv "$res/tuners_real_large.csv" "${large[@]}" || status=1
} | tee "$res/tuners_real.txt"
"$build/bench/bench_real" --seeds 3 --seeds2000 0 --generated --only gen --csv "$res/tuners_generated.csv" |
    tee "$res/tuners_generated.txt" || status=1
exit $status
