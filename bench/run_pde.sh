#!/usr/bin/env bash
# PDE-layer benchmarks:
#   1. bench_pde conv: convergence tables, error against N (Fourier Poisson and
#      heat, Chebyshev p13 and 2-D Helmholtz k = 9) and against the time step
#      (ETDRK4 and IMEX ARS(2,3,3) on the KdV soliton and Allen-Cahn), as CSV
#      and, where gnuplot is installed, as log-scale PNG plots.
#   2. bench_pde fft: 3-D periodic Poisson at 128^3 and 256^3 against the
#      bare FFTW r2c + c2r pair, alternating repetitions, ratio mean +- SE,
#      allocation counts (1e4 solves at 32^3, every timed solve).
#   3. bench_pde dst: the 5-point system at m x m (default m = 1000, n = 1e6):
#      DST-I direct solve against kes_cg_solve and kes_ssor_pcg_solve (omega
#      sweep), and, only where pkg-config finds PETSc (Debian
#      libpetsc-real-dev), PETSc KSPCG with PCNONE and PCSOR (SSOR at the
#      tuned omega) on the same system.  Built here with cc, never by CMake.
#   4. the nonlinear Schroedinger soliton on a complex field (kes_etdrk4c):
#      error, observed order and mass drift against h, from the example
#      `spectral --problem nls` (BUILD_DIR/examples/spectral), with the PNG
#      of |u| where gnuplot is installed.
# Usage: bench/run_pde.sh BUILD_DIR [quick | nls]   (nls: part 4 only)
# Writes bench/results/pde_{conv_n,conv_h}.csv, pde_conv_{n,h}.png,
# pde_fft.txt, pde_dst.txt, pde_nls.txt, pde_nls.png.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
mode=${2:-}
res="$here/results"
mkdir -p "$res"
export OMP_NUM_THREADS=1
bin="$build/bench/bench_pde"
reps=10 m=${KES_PDE_M:-1000} dreps=3
[ "$mode" = quick ] && reps=3 m=300 dreps=2

run_nls() {
    echo "## $build/examples/spectral --problem nls --png bench/results/pde_nls.png"
    "$build/examples/spectral" --problem nls --png "$res/pde_nls.png" | tee "$res/pde_nls.txt"
}
if [ "$mode" = nls ]; then
    run_nls
    exit 0
fi

echo "## $bin conv bench/results"
"$bin" conv "$res" | tee "$res/pde_conv.txt"
if command -v gnuplot >/dev/null 2>&1; then
    gnuplot <<GP
set terminal pngcairo size 900,600 noenhanced
set datafile separator ','
set logscale y
set format y '1e%T'
set grid
set key top right
set output '$res/pde_conv_n.png'
set title 'spectral convergence: max error against N'
set xlabel 'N'
set ylabel 'max error'
plot for [m in "fourier_poisson_esin fourier_heat cheb_p13 cheb_helmholtz_k9"] \
    '< grep "^'.m.'," $res/pde_conv_n.csv' using 2:3 with linespoints lw 2 title m
set output '$res/pde_conv_h.png'
set title 'time stepping: max error against h (KdV soliton relative to 3c; Allen-Cahn against h = 2.5e-4)'
set logscale x
set format x '1e%T'
set xlabel 'h'
plot for [p in "kdv allen-cahn"] for [m in "etdrk4 imex-ars233"] \
    '$res/pde_conv_h.csv' using ((strcol(1) eq p && strcol(2) eq m) ? \$3 : 1/0):4 with linespoints lw 2 title p.' '.m, \
    [1.5e-4:1e-2] x**4 * 2e3 with lines dt 2 lw 2 lc rgb 'gray' title 'slope 4', \
    [3e-3:0.2] x**3 * 3e-3 with lines dt 3 lw 2 lc rgb 'black' title 'slope 3'
GP
    echo "plots: bench/results/pde_conv_n.png bench/results/pde_conv_h.png"
else
    echo "gnuplot not installed: no plots"
fi

echo
echo "## $bin fft $reps"
"$bin" fft "$reps" | tee "$res/pde_fft.txt"

echo
echo "## $bin dst $m $dreps"
"$bin" dst "$m" "$dreps" | tee "$res/pde_dst.txt"
omega=$(awk '/^tuned SSOR-PCG: omega/ {print $4; exit}' "$res/pde_dst.txt" | tr -d ',')
if pkg-config --exists PETSc; then
    mpi_cflags=$(pkg-config --cflags ompi-c 2>/dev/null || mpicc --showme:compile 2>/dev/null || true)
    mpi_libs=$(pkg-config --libs ompi-c 2>/dev/null || mpicc --showme:link 2>/dev/null || true)
    # shellcheck disable=SC2046,SC2086
    cc -O3 -std=c11 $(pkg-config --cflags PETSc) $mpi_cflags "$here/pde_petsc.c" -o "$build/pde_petsc" \
        $(pkg-config --libs PETSc) $mpi_libs -lm
    echo "## $build/pde_petsc $m $omega $dreps   (PETSc $(pkg-config --modversion PETSc), 1 process)"
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "$build/pde_petsc" "$m" "$omega" "$dreps" |
        tee -a "$res/pde_dst.txt"
else
    echo "PETSc not found by pkg-config: skipping the PETSc peer (apt-get install libpetsc-real-dev)" |
        tee -a "$res/pde_dst.txt"
fi

echo
run_nls
