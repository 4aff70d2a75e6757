#!/usr/bin/env bash
# Kestrel set-up, build, test and demo in one script (Debian 12).
#
#   ./build.sh demo    install what is missing, build, run the main demonstration
#   ./build.sh test    install what is missing, build, run every test stage:
#                      release tests (claims included), docs, ABI check,
#                      install + consumers, MEX, cppcheck, ASan+UBSan tests,
#                      ThreadSanitizer stress, libFuzzer
#   ./build.sh bench   build and run the benchmarks against their peers
#   ./build.sh build   install what is missing and build (no tests)
#
# Environment: JOBS (parallel build jobs, default nproc), FUZZ_SECONDS (60 per
# fuzz target), TSAN_ROUNDS (20).  KES_SKIP_<STAGE>=1 skips a stage locally
# (DOCS, ABI, CONSUMER, MEX, LINT, ASAN, TSAN, FUZZ) and says so; nothing else
# skips: a stage that cannot run fails.  .ci/run clears every KES_SKIP_*.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}
BUILD=$ROOT/build
ASAN_BUILD=$ROOT/build-asan
TSAN_BUILD=$ROOT/build-tsan
ABI_BUILD=$ROOT/build-abi

# Debian packages each stage needs.
PKGS_BUILD="build-essential cmake pkg-config libopenblas-dev liblapacke-dev libfftw3-dev libgsl-dev libopenmpi-dev openmpi-bin"
PKGS_TEST="libcriterion-dev clang libclang-rt-14-dev libomp-14-dev cppcheck octave liboctave-dev abigail-tools doxygen locales binutils libpetsc-real-dev"
PKGS_DEMO="gnuplot-nox"
PKGS_BENCH="python3 python3-numpy python3-scipy python3-sklearn python3-mpmath libpetsc-real-dev"

log() { printf '\n== %s\n' "$*"; }

ensure_packages() {
    local missing=()
    for p in "$@"; do
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || missing+=("$p")
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

die() { echo "build.sh: $*" >&2; exit 1; }

# de_DE.UTF-8 (a decimal comma) is what the locale-independence tests switch
# to; in `test` it must exist, so it is generated when run as root.
ensure_locale() {
    local want=de_DE.UTF-8
    have_locale() { locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/' | grep -x 'de_de\.utf8' >/dev/null; }
    have_locale && return 0
    if [ "$(id -u)" -eq 0 ]; then
        log "generating locale $want"
        # Idempotent: uncomment the line when present, append it otherwise.
        sed -i "s/^#[[:space:]]*\($want UTF-8\)/\1/" /etc/locale.gen
        grep -x "$want UTF-8" /etc/locale.gen >/dev/null || echo "$want UTF-8" >>/etc/locale.gen
        locale-gen >/dev/null
        have_locale || die "locale-gen did not produce $want"
    else
        echo "The tests need the locale $want. Run this, then ./build.sh again:" >&2
        echo "  sudo sh -c 'echo \"$want UTF-8\" >> /etc/locale.gen && locale-gen'" >&2
        exit 1
    fi
}

configure_build() {  # dir, extra cmake args...
    local dir=$1; shift
    cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

# run_stage NAME FUNCTION: runs it unless KES_SKIP_NAME=1, and times it.
STAGE_REPORT=()
SKIPPED=()
run_stage() {
    local name=$1 fn=$2 var="KES_SKIP_$1" t0=$SECONDS
    if [ "$name" != TESTS ] && [ "${!var:-0}" = 1 ]; then
        log "$name stage SKIPPED ($var=1)"
        STAGE_REPORT+=("$(printf '%-9s skipped (%s=1)' "$name" "$var")")
        SKIPPED+=("$name")
        return 0
    fi
    "$fn"
    STAGE_REPORT+=("$(printf '%-9s %4d s' "$name" $((SECONDS - t0)))")
}

stage_tests() {
    log "release build"
    configure_build "$BUILD" -DBUILD_TESTING=ON
    log "test suite (release; includes $(cd "$BUILD" && ctest -N -L claims | sed -n 's/^Total Tests: //p') tests labelled claims)"
    (cd "$BUILD" && ctest --output-on-failure -j 1)
    log "example end-to-end: tune_mm over a Matrix Market sequence"
    bash tests/data/tune_mm/check.sh "$BUILD"
}

stage_docs() {
    log "Doxygen over the public headers (warnings are errors)"
    local targets
    targets=$(cmake --build "$BUILD" --target help)
    grep -E '(^|[ .])docs$' <<<"$targets" >/dev/null ||
        die "no docs target in $BUILD (doxygen not found at configure time)"
    cmake --build "$BUILD" --target docs
}

stage_abi() {
    log "ABI check against abi/libkestrel.abi (abidiff)"
    bash tools/abi_check.sh "$ABI_BUILD"
}

stage_consumer() {
    log "install + consumer programs (find_package and pkg-config)"
    bash tests/consumer/run.sh "$BUILD"
}

stage_mex() {
    log "MEX wrappers (mkoctfile + octave-cli)"
    bash mex/build_mex.sh "$BUILD"
}

stage_lint() {
    log "cppcheck on src/"
    [ -f .cppcheck-suppressions ] || die ".cppcheck-suppressions is missing"
    cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
        --inline-suppr --suppressions-list=.cppcheck-suppressions -I include -I src -I "$BUILD/include" \
        -j "$JOBS" src/
}

stage_asan() {
    log "AddressSanitizer + UndefinedBehaviorSanitizer build"
    configure_build "$ASAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKES_SANITIZE=ON -DKES_BUILD_BENCH=OFF \
        -DKES_BUILD_EXAMPLES=OFF -DBUILD_TESTING=ON
    log "test suite (ASan + UBSan)"
    # OpenBLAS/OpenMP thread pools are reported as leaks at exit by LSan; they are not ours.
    (cd "$ASAN_BUILD" && KES_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
        LSAN_OPTIONS=suppressions=$ROOT/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --output-on-failure -j 1 -E '_mpi$')
}

# ThreadSanitizer: clang with LLVM's libomp and its Archer tool, which
# reports OpenMP's synchronisation to TSan (GCC's libgomp is not
# instrumented, so its barriers are invisible and every parallel region
# shows false races).  tests/tsan.supp ignores only interceptors called from
# inside libomp; any report with a Kestrel frame fails the stage.
stage_tsan() {
    log "ThreadSanitizer build (clang, libomp + Archer, no target_clones)"
    [ -f tests/stress_threads.c ] || die "tests/stress_threads.c is missing"
    local archer
    # Archer ships beside clang's own libraries (the LLVM libdir, two levels above its resource dir).
    archer=$(cd "$(clang -print-resource-dir)/../.." && pwd)/libarcher.so
    [ -f "$archer" ] || die "libarcher.so not found (Debian: libomp-14-dev)"
    cmake -S "$ROOT" -B "$TSAN_BUILD" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKES_TSAN=ON \
        -DKES_BUILD_BENCH=OFF -DKES_BUILD_EXAMPLES=OFF -DKES_WITH_MPI=OFF -DBUILD_TESTING=ON >/dev/null
    cmake --build "$TSAN_BUILD" --target stress_threads -j "$JOBS"
    log "stress_threads under ThreadSanitizer (6 threads x ${TSAN_ROUNDS:-20} rounds, OMP_NUM_THREADS=2)"
    OMP_TOOL_LIBRARIES=$archer OMP_NUM_THREADS=2 \
        TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$ROOT/tests/tsan.supp" \
        "$TSAN_BUILD/tests/stress_threads" "${TSAN_ROUNDS:-20}"
}

stage_fuzz() {
    log "libFuzzer on every fuzz/fuzz_*.c target (${FUZZ_SECONDS:-60} s each)"
    bash fuzz/run.sh "${FUZZ_SECONDS:-60}"
}

cmd=${1:-}
case "$cmd" in
    build)
        ensure_packages $PKGS_BUILD
        configure_build "$BUILD" -DBUILD_TESTING=OFF
        ;;
    test)
        t_all=$SECONDS
        ensure_packages $PKGS_BUILD $PKGS_TEST
        ensure_locale
        run_stage TESTS stage_tests
        run_stage DOCS stage_docs
        run_stage ABI stage_abi
        run_stage CONSUMER stage_consumer
        run_stage MEX stage_mex
        run_stage LINT stage_lint
        run_stage ASAN stage_asan
        run_stage TSAN stage_tsan
        run_stage FUZZ stage_fuzz
        log "stage timings"
        printf '  %s\n' "${STAGE_REPORT[@]}"
        printf '  %-9s %4d s\n' total $((SECONDS - t_all))
        if [ ${#SKIPPED[@]} -gt 0 ]; then
            log "all stages run passed; SKIPPED: ${SKIPPED[*]}"
        else
            log "all test stages passed"
        fi
        ;;
    demo)
        ensure_packages $PKGS_BUILD $PKGS_DEMO
        configure_build "$BUILD" -DBUILD_TESTING=OFF
        if [ -x "$BUILD/examples/heat_demo" ]; then
            "$BUILD/examples/heat_demo" "${@:2}"
        else
            "$BUILD/examples/kestrel_info" "${@:2}"
        fi
        ;;
    bench)
        ensure_packages $PKGS_BUILD $PKGS_BENCH
        configure_build "$BUILD" -DBUILD_TESTING=OFF
        bash bench/run_all.sh "$BUILD" "${@:2}"
        ;;
    *)
        sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
