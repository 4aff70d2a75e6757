#!/usr/bin/env bash
# Command-line contract of the example programs (examples/example_cli.h):
# for every example, --help exits 0 and prints the usage; an unknown option
# exits 2; a numeric option given a non-number, trailing junk, an empty string
# or an out-of-range value exits 2 with a message naming the option; a
# malformed input file exits non-zero with FILE:LINE in the message; and one
# short run on tiny sizes succeeds.  grf_mpi's run needs mpirun (skipped
# without it); its option checks need no MPI (it parses before MPI_Init).
# petsc_heat (built with the PETSc bridge) likewise parses before
# PetscInitialize and runs once on one rank and once under mpirun -np 2.
#
# Usage: tests/examples_cli.sh DIR     (DIR holds the built examples; MPIEXEC
#        names the MPI launcher, default mpirun; OpenMPI's flags are used)
# Ends with "N passed, M failed"; the exit status is non-zero on a failure.
set -u
dir=${1:?usage: examples_cli.sh DIR_OF_EXAMPLE_BINARIES}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/data
tmp=$(mktemp -d)
. "$here/examples_common.sh"
trap 'rm -rf "$tmp"' EXIT
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}

# run PROG ARGS...: runs $dir/PROG, leaves rc, out (stdout) and err (stderr).
# The time limit keeps a program that wrongly accepts a value from running long.
run() {
    local prog=$1
    shift
    timeout 20 "$dir/$prog" "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
    rc=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# expect_rc WANT LABEL PROG ARGS...: exit status must be WANT.
expect_rc() {
    local want=$1 label=$2
    shift 2
    run "$@"
    if [ "$rc" -eq "$want" ]; then ok; else bad "$label: exit $rc, expected $want (stderr: ${err:0:200})"; fi
}

check_help() { # PROG [ARGS...]
    local prog=$1
    shift
    run "$prog" "$@" --help
    if [ "$rc" -eq 0 ] && grep -q "usage:" <<< "$out"; then ok; else bad "$prog --help: exit $rc, usage not printed"; fi
    run "$prog" -h
    if [ "$rc" -eq 0 ] && grep -q "usage:" <<< "$out"; then ok; else bad "$prog -h: exit $rc"; fi
}

check_unknown() { # PROG [ARGS...]
    local prog=$1
    shift
    run "$prog" "$@" --no-such-option
    if [ "$rc" -eq 2 ] && grep -q -- "--no-such-option" <<< "$err" && grep -q "usage:" <<< "$err"; then ok
    else bad "$prog --no-such-option: exit $rc, stderr '${err:0:200}'"; fi
}

# check_number PROG OPTION OUT_OF_RANGE [ARGS...]: the option refuses a
# non-number, trailing junk, an empty value and an out-of-range value.
check_number() {
    local prog=$1 opt=$2 far=$3 v
    shift 3
    for v in abc 5x "" "$far"; do
        run "$prog" "$@" "$opt" "$v"
        if [ "$rc" -eq 2 ] && grep -q -- "$opt: '$v'" <<< "$err"; then ok
        else bad "$prog $opt '$v': exit $rc, stderr '${err:0:200}'"; fi
    done
    run "$prog" "$@" "$opt" "$far"
    grep -q "out of range" <<< "$err" && ok || bad "$prog $opt '$far': no 'out of range' in '${err:0:200}'"
}

# check_file PROG FILE LINE [ARGS...]: malformed FILE refused naming FILE:LINE.
check_file() {
    local prog=$1 file=$2 line=$3
    shift 3
    run "$prog" "$@"
    if [ "$rc" -ne 0 ] && grep -qF -- "$file:$line:" <<< "$err"; then ok
    else bad "$prog on malformed $(basename "$file"): exit $rc, expected $file:$line: in '${err:0:200}'"; fi
}

# ---- inputs -------------------------------------------------------------
# Tiny systems for tune_mm: 3x3-grid Laplacians (n = 9) shifted by c, b = 1.
for t in 1 2 3; do
    c=0.$t
    write_grid_system "$tmp" "$t" "$c"
    echo "A_$t.mtx b_$t.mtx $c   # context c" >> "$tmp/list.txt"
done
printf '# comment\nA_1.mtx b_1.mtx 0.1\nA_2.mtx b_2.mtx 0.2 junk\n' > "$tmp/list_extra.txt"
printf 'A_1.mtx b_1.mtx 0.1\n\nA_2.mtx b_2.mtx 0.2x\n' > "$tmp/list_junk.txt"
printf 'A_1.mtx b_1.mtx nan\n' > "$tmp/list_nan.txt"
printf 'A_1.mtx b_1.mtx 0.1\nA_2.mtx\n' > "$tmp/list_few.txt"
printf '%%%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 4\n2 2 x\n' > "$tmp/A_bad.mtx"
echo "A_bad.mtx b_1.mtx 0.1" > "$tmp/list_badmtx.txt"
# Edge lists for graph_kernel.
printf '# i j w\n0 1\n1 2 2.5\n2 0 1x\n' > "$tmp/edges_junk.txt"
printf '0 1\n1 2 nan\n' > "$tmp/edges_nan.txt"
printf '0 1\n1 2\n3\n' > "$tmp/edges_few.txt"
printf '0 1 1 1\n' > "$tmp/edges_many.txt"
printf '0 1\n1 -2\n' > "$tmp/edges_neg.txt"
printf '0 1\n1 2 inf\n' > "$tmp/edges_inf.txt"
# Vectors for vmf_fit.
printf '# unit vectors\n1 0 0\n0.6,0.8,0\n0 0.6 0.8\n0.8\t0\t0.6\n' > "$tmp/vec.txt"
printf '1 0 0\n0.6 0.8 0x\n' > "$tmp/vec_junk.txt"
printf '1 0 0\n\n0.6 nan 0\n' > "$tmp/vec_nan.txt"
printf '1 0 0\n0.6 0.8\n' > "$tmp/vec_few.txt"
printf '1 0 0\n0 1 0\n0 0 inf\n' > "$tmp/vec_inf.txt"
printf '1\n' > "$tmp/vec_one.txt"

# ---- heat_demo ----------------------------------------------------------
check_help heat_demo
grep -q "\[3, 2000\]" <<< "$("$dir/heat_demo" --help)" && ok || bad "heat_demo --help does not state --nx's range"
check_unknown heat_demo
expect_rc 2 "heat_demo stray argument" heat_demo stray
expect_rc 2 "heat_demo --nx without a value" heat_demo --nx
expect_rc 2 "heat_demo --quiet=1" heat_demo --quiet=1
# Tiny settings first, so that a value wrongly accepted costs a short run only.
tiny=(--nx 4 --steps 2 --no-cg --no-plot --quiet --out "$tmp/heat0")
check_number heat_demo --nx 2001 "${tiny[@]}"
check_number heat_demo --nx 99999999999999999999999 "${tiny[@]}"
check_number heat_demo --steps 0 "${tiny[@]}"
check_number heat_demo --seed -1 "${tiny[@]}"
check_number heat_demo --seed 18446744073709551616 "${tiny[@]}"
run heat_demo --nx 10 --steps 20 --no-plot --quiet --out "$tmp/heat"
if [ "$rc" -eq 0 ] && grep -q "ChebCB (context kappa)" <<< "$out" && [ "$(grep -c '^[0-9]' "$tmp/heat.dat")" -eq 20 ]; then ok
else bad "heat_demo --nx 10 --steps 20: exit $rc (${err:0:200})"; fi
run heat_demo --nx=10 --steps=5 --seed=7 --no-cg --no-plot --quiet --out "$tmp/heat2"
[ "$rc" -eq 0 ] && ok || bad "heat_demo --opt=value form: exit $rc (${err:0:200})"

# ---- spectral -------------------------------------------------------------
check_help spectral
grep -q "\[16, 4096\]" <<< "$("$dir/spectral" --help)" && ok || bad "spectral --help does not state --n's range"
check_unknown spectral
expect_rc 2 "spectral stray argument" spectral stray
expect_rc 2 "spectral --n without a value" spectral --n
expect_rc 2 "spectral unknown problem" spectral --problem nosuch
expect_rc 2 "spectral odd --n" spectral --n 17
expect_rc 2 "spectral empty --png" spectral --png ""
check_number spectral --n 4097 --problem heat
run spectral --problem heat --n 32
if [ "$rc" -eq 0 ] && grep -q "3.3[0-9]*e-16\|[0-9]e-1[5-7]" <<< "$out"; then ok; else bad "spectral --problem heat: exit $rc (${err:0:200})"; fi
run spectral --problem=allen-cahn --n=32
if [ "$rc" -eq 0 ] && grep -q "ETDRK4" <<< "$out"; then ok; else bad "spectral --problem=allen-cahn: exit $rc (${err:0:200})"; fi
# nls: the complex-field ETDRK4 against the exact soliton; the finest row's
# order must read 3.9x-4.1x (fourth order: 4.02 measured) and its error
# stay below 1e-6 (1.4e-7 measured)
run spectral --problem nls --n 256
last=$(grep -E '^ +0\.0125 ' <<< "$out")
if [ "$rc" -eq 0 ] && grep -q "kes_etdrk4c" <<< "$out" && grep -Eq ' (3\.9|4\.0|4\.1)[0-9] ' <<< "$last" &&
   awk '{exit !($3 < 1e-6)}' <<< "$last"; then ok; else bad "spectral --problem nls: exit $rc, last row '$last' (${err:0:200})"; fi
grep -q "nls" <<< "$("$dir/spectral" --help)" && ok || bad "spectral --help does not list nls"
# GP collocation: the N = 300 row (2.7 points per wavelength) is below the
# authors' 1.55e-5; Chebyshev's N = 512 row is at its 1e-10 floor
run spectral --problem gp-hm --n 300
row=$(awk '$1 == 300 {print $3}' <<< "$out")
cheb=$(awk '$1 == 512 {print $2}' <<< "$out")
if [ "$rc" -eq 0 ] && [ -n "$row" ] && awk -v e="$row" -v c="$cheb" 'BEGIN {exit !(e < 1.55e-5 && c < 1e-9)}'; then ok
else bad "spectral --problem gp-hm: exit $rc, N = 300 error '$row', Chebyshev '$cheb' (${err:0:200})"; fi
# --png without gnuplot on PATH: skipped cleanly, exit 0 (PATH holds only
# what run() itself needs)
mkdir -p "$tmp/bin" && ln -sf "$(command -v timeout)" "$tmp/bin/timeout" && ln -sf "$(command -v cat)" "$tmp/bin/cat"
PATH="$tmp/bin" run spectral --problem poisson --n 32 --png "$tmp/p.png"
if [ "$rc" -eq 0 ] && [ ! -e "$tmp/p.png" ]; then ok; else bad "spectral --png without gnuplot: exit $rc (${err:0:200})"; fi

# ---- tune_mm --------------------------------------------------------------
check_help tune_mm
grep -q "(0, 2)" <<< "$("$dir/tune_mm" --help)" && ok || bad "tune_mm --help does not state --omega's range"
check_unknown tune_mm "$tmp/list.txt"
expect_rc 2 "tune_mm without LIST" tune_mm
expect_rc 2 "tune_mm with two LISTs" tune_mm "$tmp/list.txt" "$tmp/list.txt"
expect_rc 2 "tune_mm --cost nonsense" tune_mm "$tmp/list.txt" --cost minutes
expect_rc 2 "tune_mm --omega-min above --omega-max" tune_mm "$tmp/list.txt" --omega-min 1.5 --omega-max 1.2
check_number tune_mm --omega 2 "$tmp/list.txt" --tuner fixed
check_number tune_mm --omega 1e999 "$tmp/list.txt" --tuner fixed
check_number tune_mm --omega-min 0 "$tmp/list.txt"
check_number tune_mm --omega-max -1 "$tmp/list.txt"
check_number tune_mm --arms 4097 "$tmp/list.txt"
check_number tune_mm --bins 0 "$tmp/list.txt"
check_number tune_mm --context-min 1e400 "$tmp/list.txt"
check_number tune_mm --context-max -1e400 "$tmp/list.txt"
check_number tune_mm --tol 0 "$tmp/list.txt"
check_number tune_mm --max-iter 0 "$tmp/list.txt"
check_number tune_mm --seed -5 "$tmp/list.txt"
for v in nan inf -inf; do
    run tune_mm "$tmp/list.txt" --omega "$v"
    [ "$rc" -eq 2 ] && grep -q -- "--omega: '$v'" <<< "$err" && ok || bad "tune_mm --omega $v: exit $rc"
done
check_file tune_mm "$tmp/list_extra.txt" 3 "$tmp/list_extra.txt"
check_file tune_mm "$tmp/list_junk.txt" 3 "$tmp/list_junk.txt"
check_file tune_mm "$tmp/list_nan.txt" 1 "$tmp/list_nan.txt"
check_file tune_mm "$tmp/list_few.txt" 2 "$tmp/list_few.txt"
check_file tune_mm "$tmp/A_bad.mtx" 4 "$tmp/list_badmtx.txt"
run tune_mm "$tmp/list.txt" --solver sor --tol 1e-6 --max-iter 500 --arms 5 --seed 3
if [ "$rc" -eq 0 ] && [ "$(grep -c '^ *[0-9]' <<< "$out")" -eq 3 ] && grep -q "^# total iterations" <<< "$out"; then ok
else bad "tune_mm run: exit $rc (${err:0:200})"; fi

# ---- graph_kernel ---------------------------------------------------------
karate=$data/graph_karate.txt
check_help graph_kernel
grep -q "(0, 1)" <<< "$("$dir/graph_kernel" --help)" && ok || bad "graph_kernel --help does not state --p-halt's range"
check_unknown graph_kernel "$karate"
expect_rc 2 "graph_kernel without EDGES" graph_kernel
expect_rc 2 "graph_kernel --kernel nonsense" graph_kernel "$karate" --kernel gauss
check_number graph_kernel --sigma2 0 "$karate"
check_number graph_kernel --beta -1 "$karate"
check_number graph_kernel --walkers 0 "$karate"
check_number graph_kernel --walkers 2147483648 "$karate"
check_number graph_kernel --p-halt 1 "$karate"
check_number graph_kernel --seed -1 "$karate"
check_file graph_kernel "$tmp/edges_junk.txt" 4 "$tmp/edges_junk.txt"
check_file graph_kernel "$tmp/edges_nan.txt" 2 "$tmp/edges_nan.txt"
check_file graph_kernel "$tmp/edges_few.txt" 3 "$tmp/edges_few.txt"
check_file graph_kernel "$tmp/edges_many.txt" 1 "$tmp/edges_many.txt"
check_file graph_kernel "$tmp/edges_neg.txt" 2 "$tmp/edges_neg.txt"
check_file graph_kernel "$tmp/edges_inf.txt" 2 "$tmp/edges_inf.txt"
run graph_kernel "$karate" --walkers 4 --seed 2
if [ "$rc" -eq 0 ] && grep -q "n = 34, nnz(W) = 156" <<< "$out" && grep -q "relative Frobenius error" <<< "$out"; then ok
else bad "graph_kernel run: exit $rc (${err:0:200})"; fi

# ---- vmf_fit (no numeric options) -----------------------------------------
check_help vmf_fit
check_unknown vmf_fit "$tmp/vec.txt"
expect_rc 2 "vmf_fit without FILE" vmf_fit
expect_rc 2 "vmf_fit with two FILEs" vmf_fit "$tmp/vec.txt" "$tmp/vec.txt"
check_file vmf_fit "$tmp/vec_junk.txt" 2 "$tmp/vec_junk.txt"
check_file vmf_fit "$tmp/vec_nan.txt" 3 "$tmp/vec_nan.txt"
check_file vmf_fit "$tmp/vec_few.txt" 2 "$tmp/vec_few.txt"
check_file vmf_fit "$tmp/vec_inf.txt" 3 "$tmp/vec_inf.txt"
check_file vmf_fit "$tmp/vec_one.txt" 1 "$tmp/vec_one.txt"
run vmf_fit --normalize --quiet "$tmp/vec.txt"
if [ "$rc" -eq 0 ] && grep -q "^n  *4$" <<< "$out" && grep -q "^p  *3$" <<< "$out" && grep -q "^kappa " <<< "$out"; then ok
else bad "vmf_fit run: exit $rc (${err:0:200})"; fi
"$dir/vmf_fit" - < "$tmp/vec.txt" > /dev/null 2>&1 && ok || bad "vmf_fit - (standard input)"

# ---- kestrel_info (no options but --help) ---------------------------------
check_help kestrel_info
check_unknown kestrel_info
expect_rc 2 "kestrel_info stray argument" kestrel_info stray
run kestrel_info
[ "$rc" -eq 0 ] && grep -q "^Kestrel library" <<< "$out" && ok || bad "kestrel_info run: exit $rc"

# ---- gp_csv ---------------------------------------------------------------
printf 'x,y\n0,0.1\n0.5,0.4\n1,0.8\n1.5,1.0\n2,0.9\n2.5,0.6\n3,0.1\n' > "$tmp/gp.csv"
printf '0,1\n# c\n1,2\n2,x\n' > "$tmp/gp_junk.csv"
printf '0,1\n1,2,3\n' > "$tmp/gp_cols.csv"
printf '0,1\n1,inf\n' > "$tmp/gp_inf.csv"
printf '0,1\n' > "$tmp/gp_one.csv"
check_help gp_csv
check_unknown gp_csv "$tmp/gp.csv"
expect_rc 2 "gp_csv without FILE" gp_csv
expect_rc 2 "gp_csv --kernel nonsense" gp_csv --kernel gauss "$tmp/gp.csv"
expect_rc 2 "gp_csv --png without --out" gp_csv --png "$tmp/p.png" "$tmp/gp.csv"
check_number gp_csv --restarts 1001 "$tmp/gp.csv"
check_number gp_csv --grid 1 "$tmp/gp.csv"
check_number gp_csv --seed -1 "$tmp/gp.csv"
check_file gp_csv "$tmp/gp_junk.csv" 4 "$tmp/gp_junk.csv"
check_file gp_csv "$tmp/gp_cols.csv" 2 "$tmp/gp_cols.csv"
check_file gp_csv "$tmp/gp_inf.csv" 2 "$tmp/gp_inf.csv"
expect_rc 1 "gp_csv one data row" gp_csv "$tmp/gp_one.csv"
run gp_csv --header --grid 5 --restarts 0 --kernel matern32 "$tmp/gp.csv"
if [ "$rc" -eq 0 ] && grep -q "log marginal likelihood" <<< "$out" && [ "$(grep -vc '^#' <<< "$out")" -eq 5 ]; then ok
else bad "gp_csv run: exit $rc (${err:0:200})"; fi

# ---- grf_mpi (built only with MPI) ------------------------------------------
if [ -x "$dir/grf_mpi" ]; then
    check_help grf_mpi
    check_unknown grf_mpi
    expect_rc 2 "grf_mpi stray argument" grf_mpi stray
    check_number grf_mpi --side 0
    check_number grf_mpi --side 100001
    check_number grf_mpi --walkers 0 --side 4
    check_number grf_mpi --p-halt 0 --side 4
    check_number grf_mpi --c 1e999 --side 4
    check_number grf_mpi --seed -1 --side 4
    mpiexec=${MPIEXEC:-mpirun}
    if command -v "$mpiexec" > /dev/null 2>&1; then
        out=$(OMP_NUM_THREADS=1 timeout 20 "$mpiexec" --allow-run-as-root --oversubscribe -np 2 "$dir/grf_mpi" \
            --side 8 --walkers 4 2>&1)
        rc=$?
        if [ "$rc" -eq 0 ] && grep -q "grid 8 x 8 (n = 64), 2 ranks" <<< "$out"; then ok
        else bad "grf_mpi run under mpirun: exit $rc (${out:0:300})"; fi
    else
        echo "note: $mpiexec not found, grf_mpi run skipped"
    fi
else
    echo "note: grf_mpi not built (no MPI), its checks skipped"
fi

# ---- petsc_heat (built only with the PETSc bridge) ---------------------------
if [ -x "$dir/petsc_heat" ]; then
    check_help petsc_heat
    check_unknown petsc_heat
    expect_rc 2 "petsc_heat stray argument" petsc_heat stray
    check_number petsc_heat --n 2
    check_number petsc_heat --n 10001
    check_number petsc_heat --steps 0
    check_number petsc_heat --dim 4
    check_number petsc_heat --n 1001 --dim 3
    check_number petsc_heat --dt 0
    check_number petsc_heat --omega 2
    check_number petsc_heat --tol 1
    check_number petsc_heat --seed -1
    expect_rc 2 "petsc_heat --tuner bogus" petsc_heat --tuner bogus
    grep -q -- "--tuner: unknown kind 'bogus'" <<< "$err" && ok || bad "petsc_heat --tuner bogus: '${err:0:200}'"
    expect_rc 2 "petsc_heat --cost bogus" petsc_heat --cost bogus
    expect_rc 2 "petsc_heat --pc jacobi" petsc_heat --pc jacobi
    expect_rc 2 "petsc_heat --omega with --tuner chebcb" petsc_heat --omega 1.5 --tuner chebcb
    expect_rc 2 "petsc_heat --csv ''" petsc_heat --csv ""
    # one tiny run per mode (a single rank needs no launcher: MPI singleton)
    run petsc_heat --n 12 --steps 6 --dt 0.1 --csv "$tmp/ph.csv"
    if [ "$rc" -eq 0 ] && [ "$(head -1 "$tmp/ph.csv")" = "step,context,omega,iterations" ] &&
        [ "$(wc -l < "$tmp/ph.csv")" -eq 7 ] && grep -q "auto tuner" <<< "$out"; then ok
    else bad "petsc_heat run: exit $rc (${err:0:300})"; fi
    run petsc_heat --n 12 --steps 3 --omega 1.5 --tuner fixed --csv "$tmp/ph.csv"
    if [ "$rc" -eq 0 ] && [ "$(cut -d, -f3 "$tmp/ph.csv" | sort -u | grep -c '^1.5$')" -eq 1 ]; then ok
    else bad "petsc_heat --omega 1.5: exit $rc (${err:0:300})"; fi
    run petsc_heat --dim 3 --n 6 --steps 3 --dt 0.1
    [ "$rc" -eq 0 ] && grep -q "6^3 grid (216 unknowns)" <<< "$out" && ok || bad "petsc_heat --dim 3: exit $rc (${err:0:300})"
    expect_rc 1 "petsc_heat --pc eisenstat --csv /nonexistent" petsc_heat --n 12 --steps 2 --csv /nonexistent/x.csv
    mpiexec=${MPIEXEC:-mpirun}
    if command -v "$mpiexec" > /dev/null 2>&1; then
        out=$(OMP_NUM_THREADS=1 timeout 60 "$mpiexec" --allow-run-as-root --oversubscribe -np 2 "$dir/petsc_heat" \
            --n 16 --steps 4 --dt 0.1 --tuner tsallis-inf 2>&1)
        rc=$?
        if [ "$rc" -eq 0 ] && grep -q "on 2 ranks" <<< "$out" && grep -q "tsallis-inf tuner" <<< "$out"; then ok
        else bad "petsc_heat run under mpirun: exit $rc (${out:0:300})"; fi
    else
        echo "note: $mpiexec not found, petsc_heat's 2-rank run skipped"
    fi
else
    echo "note: petsc_heat not built (no PETSc), its checks skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
