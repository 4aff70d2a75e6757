#!/usr/bin/env bash
# Online omega tuners: E1 (SOR on shifted Laplacians) and E2 (SSOR-PCG on the
# heat equation), reference sor.md sections 2, 3 and 6.
# Usage: bench/run_tuners.sh BUILD_DIR [quick]
# Tables go to stdout and bench/results/{e1,e2}.txt, CSV to bench/results/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-}
res=$here/results
mkdir -p "$res"
args=()
[ "$mode" = quick ] && args=(--quick)
status=0
echo "## bench_e1 ${args[*]:-}   (OMP_NUM_THREADS=${OMP_NUM_THREADS:-default})"
"$build/bench/bench_e1" "${args[@]}" --csv "$res" | tee "$res/e1.txt" || status=1
echo "## bench_e2 ${args[*]:-}"
"$build/bench/bench_e2" "${args[@]}" --csv "$res" | tee "$res/e2.txt" || status=1
exit $status
