#!/usr/bin/env bash
# Graph random features benchmark.  Usage: bench/run_graph.sh BUILD_DIR [quick|full|scale|crossover]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-default}
mkdir -p "$here/results"
OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} "$build/bench/bench_grf" "$mode" "$here/../tests/data/graph_karate.txt" \
    "$here/results" | tee "$here/results/grf_${mode}.txt"
