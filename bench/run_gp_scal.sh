#!/usr/bin/env bash
# Structured and scalable GPs against the exact GP in the same run.
#   bench/run_gp_scal.sh BUILD_DIR [quick|full]
# quick: Kronecker up to 120 x 120, Vecchia accuracy at n = 1000 and the
# large case at n = 20000; full: Kronecker 300 x 300, Vecchia accuracy at
# n = 5000 (SE and Matern 5/2) and the large case at n = 1e5 (SE).
# Writes bench/results/gp_scal[_quick].md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-full}
reps=${REPS:-5}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$OMP_NUM_THREADS}
bin=$build/bench/bench_gp_scal
[ -x "$bin" ] || bin=$build/bench_gp_scal
mkdir -p "$here/results"
case $mode in
    quick) G=120 NE=1000 N=20000 suffix=_quick ;;
    full) G=300 NE=5000 N=100000 suffix= ;;
    *) echo "mode: quick|full" >&2; exit 2 ;;
esac
out=$here/results/gp_scal$suffix.md
{
    echo "# Structured and scalable GPs ($(date -u +%FT%TZ), $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), OMP_NUM_THREADS=$OMP_NUM_THREADS)"
    echo
    echo "Command: \`bench/run_gp_scal.sh $build $mode\` (REPS=$reps); times are mean +- standard error over the repetitions."
    echo
    echo "## Kronecker GP: one LML + gradient evaluation (SE ARD product kernel, 2-D grid)"
    echo
    "$bin" kron --reps "$reps" --grid "$G"
    echo
    echo "## Vecchia GP (protocol G1 data, d = 3), SE isotropic"
    echo
    "$bin" vecchia --reps "$reps" --nexact "$NE" --n "$N" --kernel se
    echo
    echo "## Vecchia GP, Matern 5/2 isotropic (accuracy table only)"
    echo
    "$bin" vecchia --reps "$reps" --nexact "$NE" --kernel m52 --skip-large
} | tee "$out"
