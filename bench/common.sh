# Set-up shared by the bench/run_*.sh drivers; sourced, not run.
# The caller sets here (the bench folder) and build (the build folder).

# bench_setup PROGRAM: creates bench/results, exports OMP_NUM_THREADS
# (default 2, the thread count the published tables use) and
# OPENBLAS_NUM_THREADS (default: the same, so BLAS calls do not
# oversubscribe), and sets bin to the benchmark binary, found in
# BUILD/bench (the top-level build) or BUILD itself (bench built alone).
bench_setup() {
    mkdir -p "$here/results"
    export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
    export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$OMP_NUM_THREADS}
    bin=$build/bench/$1
    [ -x "$bin" ] || bin=$build/$1
}
