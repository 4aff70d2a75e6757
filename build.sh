#!/usr/bin/env bash
# Kestrel set-up, build, test and demo in one script (Debian 12).
#
#   ./build.sh demo    install what is missing, build, run the main demonstration
#   ./build.sh test    install what is missing, build, run the whole test suite:
#                      release tests, ASan+UBSan tests, install + consumer check,
#                      Matrix Market fuzzing, static analysis
#   ./build.sh bench   build and run the benchmarks against their peers
#   ./build.sh build   install what is missing and build (no tests)
#
# Environment: JOBS (parallel build jobs, default nproc), FUZZ_SECONDS (60),
# KES_SKIP_ASAN=1 / KES_SKIP_FUZZ=1 to skip those stages locally.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}
BUILD=$ROOT/build
ASAN_BUILD=$ROOT/build-asan

# Debian packages each stage needs.
PKGS_BUILD="build-essential cmake pkg-config libopenblas-dev liblapacke-dev libfftw3-dev libgsl-dev libopenmpi-dev openmpi-bin"
PKGS_TEST="libcriterion-dev clang libclang-rt-14-dev cppcheck"
PKGS_DEMO="gnuplot-nox"
PKGS_BENCH="python3 python3-numpy python3-scipy python3-sklearn python3-mpmath libpetsc-real-dev"

log() { printf '\n== %s\n' "$*"; }

ensure_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "Missing Debian packages. Run this, then ./build.sh again:" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

configure_build() {  # dir, extra cmake args...
    local dir=$1; shift
    cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

stage_tests() {
    log "release build"
    configure_build "$BUILD" -DKES_BUILD_TESTS=ON
    log "test suite (release)"
    (cd "$BUILD" && ctest --output-on-failure -j 1)
    log "example end-to-end: tune_mm over a Matrix Market sequence"
    bash tests/data/tune_mm/check.sh "$BUILD"
}

stage_asan() {
    [ "${KES_SKIP_ASAN:-0}" = 1 ] && { log "ASan stage skipped (KES_SKIP_ASAN=1)"; return; }
    log "AddressSanitizer + UndefinedBehaviorSanitizer build"
    configure_build "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKES_SANITIZE=ON -DKES_BUILD_BENCH=OFF \
        -DKES_BUILD_EXAMPLES=OFF
    log "test suite (ASan + UBSan)"
    # OpenBLAS/OpenMP thread pools are reported as leaks at exit by LSan; they are not ours.
    (cd "$ASAN_BUILD" && KES_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
        LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --output-on-failure -j 1 -E '_mpi$')
}

stage_consumer() {
    [ -x tests/consumer/run.sh ] || return 0
    log "install + consumer programs (find_package and pkg-config)"
    bash tests/consumer/run.sh "$BUILD"
    # Octave is optional (large): the MEX wrappers are built and tested only where mkoctfile exists.
    if [ -x mex/build_mex.sh ] && command -v mkoctfile >/dev/null; then
        log "MEX wrappers (mkoctfile + octave-cli)"
        bash mex/build_mex.sh "$BUILD"
    fi
}

stage_fuzz() {
    [ "${KES_SKIP_FUZZ:-0}" = 1 ] && { log "fuzz stage skipped (KES_SKIP_FUZZ=1)"; return; }
    [ -x fuzz/run.sh ] || return 0
    log "libFuzzer on the Matrix Market reader (${FUZZ_SECONDS:-60} s)"
    bash fuzz/run.sh "${FUZZ_SECONDS:-60}"
}

stage_lint() {
    [ -f .cppcheck-suppressions ] || return 0
    log "cppcheck on src/"
    cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
        --inline-suppr --suppressions-list=.cppcheck-suppressions -I include -I src -I "$BUILD/include" \
        -j "$JOBS" src/
}

cmd=${1:-}
case "$cmd" in
    build)
        ensure_packages $PKGS_BUILD
        configure_build "$BUILD" -DKES_BUILD_TESTS=OFF
        ;;
    test)
        ensure_packages $PKGS_BUILD $PKGS_TEST
        stage_tests
        stage_consumer
        stage_lint
        stage_asan
        stage_fuzz
        log "all test stages passed"
        ;;
    demo)
        ensure_packages $PKGS_BUILD $PKGS_DEMO
        configure_build "$BUILD" -DKES_BUILD_TESTS=OFF
        if [ -x "$BUILD/examples/heat_demo" ]; then
            "$BUILD/examples/heat_demo" "${@:2}"
        else
            "$BUILD/examples/kestrel_info" "${@:2}"
        fi
        ;;
    bench)
        ensure_packages $PKGS_BUILD $PKGS_BENCH
        configure_build "$BUILD" -DKES_BUILD_TESTS=OFF
        bash bench/run_all.sh "$BUILD" "${@:2}"
        ;;
    *)
        sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
