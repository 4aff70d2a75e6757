#!/usr/bin/env bash
# Solver benchmarks (issue 3, solver half):
#   1. bench_sor_sweep: single-thread SOR sweep / SOR iteration / SpMV against a
#      textbook CSR SOR sweep and a STREAM triad measured in the same run,
#      n = 1e4 .. 4e6; then CG vs SSOR-PCG (plain and Eisenstat) on the heat matrix.
#   2. petsc_compare (only when PETSc is installed: Debian libpetsc-real-dev):
#      the same omega in Kestrel and PETSc (MatSOR/PCSOR, PCEISENSTAT + KSPCG),
#      iteration counts, time per sweep and per iteration, heat-matrix CG vs
#      SSOR-PCG.  Built here with cc and pkg-config PETSc, never by CMake.
# Usage: bench/run_solvers.sh BUILD_DIR [quick]
# Writes bench/results/{sor_sweep,petsc_compare}.{csv,txt}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
mode=${2:-}
mkdir -p "$here/results"
cd "$root"

echo "## OMP_NUM_THREADS=1 $build/bench/bench_sor_sweep $mode bench/results/sor_sweep.csv"
OMP_NUM_THREADS=1 "$build/bench/bench_sor_sweep" $mode "$here/results/sor_sweep.csv" | tee "$here/results/sor_sweep.txt"

if pkg-config --exists PETSc; then
    mpi_cflags=$(pkg-config --cflags ompi-c 2>/dev/null || mpicc --showme:compile 2>/dev/null || true)
    mpi_libs=$(pkg-config --libs ompi-c 2>/dev/null || mpicc --showme:link 2>/dev/null || true)
    # shellcheck disable=SC2046,SC2086
    cc -O3 -std=c11 -I"$root/include" -I"$build/include" $(pkg-config --cflags PETSc) $mpi_cflags \
        "$here/petsc_compare.c" -o "$build/petsc_compare" -L"$build" -lkestrel -Wl,-rpath,"$build" \
        $(pkg-config --libs PETSc) $mpi_libs -lm
    echo
    echo "## OMP_NUM_THREADS=1 $build/petsc_compare $mode bench/results/petsc_compare.csv   (PETSc $(pkg-config --modversion PETSc))"
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1 \
        "$build/petsc_compare" $mode "$here/results/petsc_compare.csv" | tee "$here/results/petsc_compare.txt"
else
    echo "PETSc not found by pkg-config: skipping the PETSc comparison (apt-get install libpetsc-real-dev)"
fi
