#!/usr/bin/env bash
# GP collocation (GP-HM, kes_gpcol_*) beside the Chebyshev spectral solvers,
# on the GP-HM paper's problems (reference notes section 2.3; protocols S7, G2).
#   bench/run_gpcol.sh BUILD_DIR [quick|full|table|conv|meshfree]
# quick:    the f self-test, one 1-D and one small 2-D problem, a small
#           mesh-free case (under a minute; bench/results/gpcol_quick.*)
# table:    every problem at the paper's grids, GP-HM REPS times (default 3)
#           and Chebyshev >= 3 times (bench/results/gpcol.{txt,csv})
# conv:     GP-HM error against the grid size (bench/results/gpcol_conv.*)
# meshfree: kes_gpcol_scattered with 1% noise on f (bench/results/gpcol_meshfree.*)
# full:     table, conv and meshfree in turn.
# GPCOL_AC2_GRID sets the 2-D Allen-Cahn grid of the table (default 100:
# 150^2 already takes minutes; the paper used 400^2).  OPT_ITER (default 30):
# the table's extra one-run GP-HM+opt rows with the paper's BFGS refinement.  Threads: OMP_NUM_THREADS / OPENBLAS_NUM_THREADS
# (default 2).
set -euo pipefail
# build and bin are read and set by bench_setup in common.sh.
# shellcheck disable=SC2034,SC2154
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?build dir}" && pwd)
mode=${2:-quick}
reps=${REPS:-3}
ac2=${GPCOL_AC2_GRID:-100}
# shellcheck source=bench/common.sh
. "$here/common.sh"
bench_setup bench_gpcol
res=$here/results
header() { echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)," \
    "OMP_NUM_THREADS=$OMP_NUM_THREADS OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS, $(basename "$bin") $*"; }

run_table() {
    local csv=$res/gpcol.csv
    rm -f "$csv"
    {
        header "table, REPS=$reps"
        "$bin" --mode selftest
        echo
        "$bin" --mode table --reps "$reps" --opt-iter "${OPT_ITER:-30}" --csv "$csv" \
            --problem p1_s100,p1_xs200,p1_s6c100,ac1_s100,ac1_s6c100,p2_s100s100,p2_s6c20
        echo
        # The paper solved this one at 400^2; the grid here is set by the time budget.
        "$bin" --mode table --reps "$reps" --csv "$csv" --problem ac2_mix --grid "$ac2"
    } | tee "$res/gpcol.txt"
}

run_conv() {
    local csv=$res/gpcol_conv.csv
    rm -f "$csv"
    {
        header conv
        "$bin" --mode conv --csv "$csv" --problem p1_s100,p1_xs200,p1_s6c100,ac1_s6c100,p2_s100s100,p2_s6c20,ac2_mix
    } | tee "$res/gpcol_conv.txt"
}

run_meshfree() {
    local csv=$res/gpcol_meshfree.csv
    rm -f "$csv"
    {
        header "meshfree, REPS=$reps"
        "$bin" --mode meshfree --reps "$reps" --csv "$csv"
    } | tee "$res/gpcol_meshfree.txt"
}

case $mode in
    quick)
        csv=$res/gpcol_quick.csv
        rm -f "$csv"
        {
            header quick
            "$bin" --mode selftest
            echo
            "$bin" --mode table --csv "$csv" --problem p1_s6c100
            "$bin" --mode table --csv "$csv" --problem p2_s6c20 --grid 100
            echo
            "$bin" --mode meshfree --csv "$csv" --ni 300 --ni1 200 --k1 20
        } | tee "$res/gpcol_quick.txt"
        ;;
    table) run_table ;;
    conv) run_conv ;;
    meshfree) run_meshfree ;;
    full) run_table; echo; run_conv; echo; run_meshfree ;;
    *) echo "mode: quick|full|table|conv|meshfree" >&2; exit 2 ;;
esac
