#!/usr/bin/env bash
# The PETSc heat table (bench/results/petsc_heat.md): examples/petsc_heat on
# 1 and 2 ranks, total iterations and KSPSolve wall time of
#   - every fixed omega of a grid (the best one is the best fixed omega in
#     hindsight),
#   - the tuned runs: ChebCB (context kappa, cost = PETSc's iterations) and
#     AUTO (shown each step's matrix through kes_petsc_tuner_set_system),
# then omega = 1, the best fixed omega and the tuned runs repeated REPS times
# for the mean and standard error of the wall time (iterations do not vary).
#
# Usage: bench/run_petsc_heat.sh [BUILD_DIR] [N] [STEPS] [DT] [REPS] [DIM] [OMEGAS]
#        (defaults build 200 100 0.01 3 2; N = grid points per side, DIM 2 or 3;
#        OMEGAS the fixed omegas swept, quoted, default the 11 of the table: a
#        re-measurement may pass 1.0 and the known best ones only)
# Writes bench/results/petsc_heat_N.csv (2-D) or petsc_heat_3d_N.csv (one
# row per run; petsc_heat_NxSTEPS_subset.csv when OMEGAS is given) and prints a Markdown table.  OMP_NUM_THREADS=1; mpirun --oversubscribe with
# mpi_yield_when_idle (the ranks share the machine's cores with others).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
n=${2:-200}
steps=${3:-100}
dt=${4:-0.01}
reps=${5:-3}
dim=${6:-2}
omegas=${7:-"1.0 1.2 1.4 1.5 1.6 1.7 1.75 1.8 1.85 1.9 1.95"}
prog=$build/examples/petsc_heat
[ -x "$prog" ] || { echo "no $prog (configure with PETSc: libpetsc-real-dev)"; exit 1; }
if [ "$dim" -eq 3 ]; then csv=$here/results/petsc_heat_3d_$n; else csv=$here/results/petsc_heat_$n; fi
# a re-measurement on a subset of omegas keeps the full sweep's file
if [ -n "${7:-}" ]; then csv=${csv}x${steps}_subset.csv; else csv=$csv.csv; fi
echo "np,policy,omega,rep,iterations,solve_s,wall_s" > "$csv"
export OMP_NUM_THREADS=1

runone() { # NP ARGS... -> "iterations solve_s wall_s"
    local np=$1
    shift
    local out
    if [ "$np" -eq 1 ]; then out=$("$prog" "$@")
    else out=$(mpirun --allow-run-as-root --oversubscribe --mca mpi_yield_when_idle 1 -np "$np" "$prog" "$@"); fi
    sed -n 's/^total iterations \([0-9]*\), KSPSolve time \([0-9.]*\) s, wall time \([0-9.]*\) s$/\1 \2 \3/p' <<< "$out"
}

for np in 1 2; do
    common="--n $n --steps $steps --dt $dt --dim $dim"
    for w in $omegas; do
        read -r it s wl <<< "$(runone "$np" $common --omega "$w")"
        echo "$np,fixed,$w,0,$it,$s,$wl" >> "$csv"
        echo "np $np omega $w: $it iterations, $s s" >&2
    done
    for tk in chebcb auto; do
        read -r it s wl <<< "$(runone "$np" $common --tuner $tk --seed 1)"
        echo "$np,$tk,,0,$it,$s,$wl" >> "$csv"
        echo "np $np $tk: $it iterations, $s s" >&2
    done
    best=$(awk -F, -v np="$np" '$1 == np && $2 == "fixed" { if (b == "" || $5 < bi) { b = $3; bi = $5 } } END { print b }' "$csv")
    for r in $(seq 1 $((reps - 1))); do
        for w in 1.0 "$best"; do
            read -r it s wl <<< "$(runone "$np" $common --omega "$w")"
            echo "$np,fixed,$w,$r,$it,$s,$wl" >> "$csv"
        done
        for tk in chebcb auto; do
            read -r it s wl <<< "$(runone "$np" $common --tuner $tk --seed 1)"
            echo "$np,$tk,,$r,$it,$s,$wl" >> "$csv"
        done
    done
done

# The table: mean +- standard error of the KSPSolve time over the repeats.
awk -F, -v n="$n" -v steps="$steps" -v dim="$dim" '
NR > 1 {
    key = $1 "," ($2 == "fixed" ? $3 : $2)
    it[key] = $5; s[key] += $6; ss[key] += $6 * $6; c[key]++
    if ($2 == "fixed" && (best[$1] == "" || $5 < bi[$1])) { best[$1] = $3; bi[$1] = $5 }
}
function row(np, label, key,   m, se) {
    m = s[key] / c[key]
    se = c[key] > 1 ? sqrt((ss[key] - c[key] * m * m) / (c[key] - 1) / c[key]) : 0
    printf "| %d | %s | %d | %.3f +- %.3f (%d runs) | %.1f %% | %.1f %% |\n", np, label, it[key], m, se, c[key],
        100 * (1 - it[key] / it[np ",1.0"]), 100 * (1 - m / (s[np ",1.0"] / c[np ",1.0"]))
}
END {
    printf "%d^%d grid, %d steps\n\n", n, dim, steps
    print "| ranks | policy | total iterations | KSPSolve time (s), mean +- s.e. | iterations saved vs omega = 1 | time saved vs omega = 1 |"
    print "|---|---|---|---|---|---|"
    for (np = 1; np <= 2; np++) {
        row(np, "omega = 1", np ",1.0")
        row(np, "best fixed omega in hindsight (" best[np] ")", np "," best[np])
        row(np, "tuned (ChebCB)", np ",chebcb")
        row(np, "tuned (AUTO)", np ",auto")
    }
}' "$csv"
