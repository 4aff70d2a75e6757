#!/usr/bin/env bash
# Online omega tuners: E1 (SOR on shifted Laplacians) and E2 (SSOR-PCG on the
# heat equation), reference sor.md sections 2, 3 and 6.
# Usage: bench/run_tuners.sh BUILD_DIR [quick]
# Full runs write their tables to bench/results/{e1,e2}.txt and CSV next to
# them; quick runs (3 trials, nx <= 50) write to bench/results/quick/ so they
# never overwrite the full results.  E1 takes ~5 min and E2 ~12 min on 2
# idle cores (OpenMP over trials / over the 20 omegas of the cost table).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-}
res=$here/results
args=()
if [ "$mode" = quick ]; then
    args=(--quick)
    res=$here/results/quick
fi
mkdir -p "$res"
status=0
echo "## bench_e1 ${args[*]:-}   (OMP_NUM_THREADS=${OMP_NUM_THREADS:-default})"
"$build/bench/bench_e1" "${args[@]}" --csv "$res" | tee "$res/e1.txt" || status=1
echo "## bench_e2 ${args[*]:-}"
"$build/bench/bench_e2" "${args[@]}" --csv "$res" | tee "$res/e2.txt" || status=1
exit $status
