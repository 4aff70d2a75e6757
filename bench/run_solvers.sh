#!/usr/bin/env bash
# Solver benchmarks (issue 3, solver half):
#   1. bench_sor_sweep: single-thread SOR sweep / SOR iteration / SpMV against a
#      textbook CSR SOR sweep and a STREAM triad measured in the same run,
#      n = 1e4 .. 4e6; then CG vs SSOR-PCG (plain and Eisenstat) on the heat matrix.
#   2. petsc_compare (only when PETSc is installed: Debian libpetsc-real-dev):
#      the same omega in Kestrel and PETSc (MatSOR/PCSOR, PCEISENSTAT + KSPCG),
#      iteration counts, time per sweep and per iteration, heat-matrix CG vs
#      SSOR-PCG.  Built here with cc and pkg-config PETSc, never by CMake.
#   3. cg_petsc (also PETSc only): unpreconditioned CG time per iteration on
#      the 1000 x 1000 five-point Laplacian (n = 1e6, 200 iterations, 7
#      timed repetitions), Kestrel at OMP_NUM_THREADS=1 and 2 against
#      PETSc KSPCG at mpirun -np 1 and 2; table with Kestrel/PETSc ratios.
# Usage: bench/run_solvers.sh BUILD_DIR [quick|cg]   (cg: only part 3)
# Writes bench/results/{sor_sweep,petsc_compare,cg_petsc}.{csv,txt}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
mode=${2:-}
mkdir -p "$here/results"
cd "$root"

if [ "$mode" != cg ]; then
echo "## OMP_NUM_THREADS=1 $build/bench/bench_sor_sweep $mode bench/results/sor_sweep.csv"
OMP_NUM_THREADS=1 "$build/bench/bench_sor_sweep" $mode "$here/results/sor_sweep.csv" | tee "$here/results/sor_sweep.txt"
fi

if [ "$mode" = cg ]; then
    :
elif pkg-config --exists PETSc; then
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

# ---- 3. CG time per iteration against PETSc KSPCG, 1 and 2 workers ----
if pkg-config --exists PETSc; then
    mpi_cflags=$(pkg-config --cflags ompi-c 2>/dev/null || mpicc --showme:compile 2>/dev/null || true)
    mpi_libs=$(pkg-config --libs ompi-c 2>/dev/null || mpicc --showme:link 2>/dev/null || true)
    # shellcheck disable=SC2046,SC2086
    cc -O3 -std=c11 -fopenmp -I"$root/include" -I"$build/include" $(pkg-config --cflags PETSc) $mpi_cflags \
        "$here/cg_petsc.c" -o "$build/cg_petsc" -L"$build" -lkestrel -Wl,-rpath,"$build" \
        $(pkg-config --libs PETSc) $mpi_libs -lm
    # rounds x reps timed solves of its iterations per configuration; the
    # four configurations take turns every round
    m=${KES_CG_M:-1000} its=${KES_CG_ITERS:-200} rounds=${KES_CG_ROUNDS:-5} reps=2
    [ "$mode" = quick ] && m=300 its=100 rounds=2 reps=2
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    mpirun="mpirun --allow-run-as-root --oversubscribe --bind-to none"
    raw="$here/results/cg_petsc_samples.csv" csv="$here/results/cg_petsc.csv"
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "impl,workers,n,iters,rep,s_per_iter,final_rel_residual" > "$raw"
    echo
    echo "## CG on the ${m}x${m} 5-point Laplacian, $its iterations per solve, $rounds rounds x $reps solves (PETSc $(pkg-config --modversion PETSc))"
    for r in $(seq "$rounds"); do
        for w in 1 2; do
            echo "## round $r: OMP_NUM_THREADS=$w $build/cg_petsc kestrel $m $its $reps"
            OMP_NUM_THREADS=$w "$build/cg_petsc" kestrel $m $its $reps | tee -a "$raw"
            echo "## round $r: OMP_NUM_THREADS=1 $mpirun -np $w $build/cg_petsc petsc $m $its $reps"
            # shellcheck disable=SC2086
            OMP_NUM_THREADS=1 $mpirun -np $w "$build/cg_petsc" petsc $m $its $reps | tee -a "$raw"
        done
    done
    awk -F, 'NR > 1 { k = $1 "," $2; s[k] += $6; q[k] += $6 * $6; c[k]++; n[k] = $3; it[k] = $4; r[k] = $7
                      if (!(k in mn) || $6 < mn[k]) mn[k] = $6 }
        END { print "impl,workers,n,iters,samples,mean_s_per_iter,stderr_s_per_iter,min_s_per_iter,final_rel_residual"
              for (k in c) { m = s[k] / c[k]; v = c[k] > 1 ? (q[k] - c[k] * m * m) / (c[k] - 1) : 0; if (v < 0) v = 0
                             printf "%s,%s,%s,%d,%.6e,%.3e,%.6e,%s\n", k, n[k], it[k], c[k], m, sqrt(v / c[k]), mn[k], r[k] } }' \
        "$raw" | sort > "$csv"
    {
        echo
        echo "machine: $(nproc) cores, load average before/after: $load0 / $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "ms per CG iteration, mean +- standard error over $((rounds * reps)) solves; min in brackets"
        echo "workers  Kestrel                   PETSc KSPCG               Kestrel/PETSc (mean, min)  rel. residual (Kestrel, PETSc)"
        awk -F, 'NR > 1 { t[$1 "," $2] = $6; e[$1 "," $2] = $7; mn[$1 "," $2] = $8; r[$1 "," $2] = $9; w[$2] = 1 }
            END { for (k in w) {
                kt = t["kestrel," k]; pt = t["petsc," k]; ke = e["kestrel," k]; pe = e["petsc," k]
                # ratio error by first-order propagation of the two standard errors
                q = kt / pt; qe = q * sqrt((ke / kt) ^ 2 + (pe / pt) ^ 2)
                printf "%-8s %7.2f +- %-5.2f [%6.2f]   %7.2f +- %-5.2f [%6.2f]   %5.2f +- %-5.2f %5.2f       %.6e, %.6e\n", k,
                    1e3 * kt, 1e3 * ke, 1e3 * mn["kestrel," k], 1e3 * pt, 1e3 * pe, 1e3 * mn["petsc," k], q, qe,
                    mn["kestrel," k] / mn["petsc," k], r["kestrel," k], r["petsc," k] } }' "$csv" | sort -n
    } | tee "$here/results/cg_petsc.txt"
else
    echo "PETSc not found by pkg-config: skipping the CG comparison (apt-get install libpetsc-real-dev)"
fi
