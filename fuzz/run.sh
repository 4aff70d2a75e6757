#!/usr/bin/env bash
# Fuzz the Matrix Market reader with libFuzzer for SECONDS (default 60).
#   bash fuzz/run.sh [SECONDS]
# Builds fuzz/work/fuzz_mm with clang -fsanitize=fuzzer,address,undefined
# straight from the library sources the reader needs (no CMake), starts from
# the seed corpus fuzz/corpus (read-only; new inputs go to fuzz/work/corpus)
# and fails on any crash, leak, sanitizer report or timeout.  Reproducers are
# written to fuzz/artifacts/.  Needs Debian's clang and libclang-rt-14-dev.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
secs=${1:-60}
work=$here/work
mkdir -p "$work/include/kestrel" "$work/corpus" "$here/artifacts"

# version.h from the one version source, project(kestrel VERSION x.y.z).
ver=$(sed -n 's/^project(kestrel VERSION \([0-9]*\)\.\([0-9]*\)\.\([0-9]*\).*/\1 \2 \3/p' "$root/CMakeLists.txt")
read -r major minor patch <<<"$ver"
sed -e "s/@PROJECT_VERSION_MAJOR@/$major/; s/@PROJECT_VERSION_MINOR@/$minor/; s/@PROJECT_VERSION_PATCH@/$patch/" \
    -e "s/@PROJECT_VERSION@/$major.$minor.$patch/" "$root/cmake/version.h.in" > "$work/include/kestrel/version.h"

CC=${CC:-clang}
"$CC" -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    -Wall -Wno-unknown-pragmas -I "$root/include" -I "$work/include" -I "$root/src" \
    "$here/fuzz_mm.c" "$root/src/linalg/mmio.c" "$root/src/linalg/csr.c" "$root/src/core/status.c" \
    -lm -o "$work/fuzz_mm"

# -rss_limit_mb also caps single allocations: the reader must refuse absurd sizes before allocating.
log=$work/fuzz.log
status=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
"$work/fuzz_mm" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=512 \
    -dict="$here/mm.dict" -artifact_prefix="$here/artifacts/" -print_final_stats=1 \
    "$work/corpus" "$here/corpus" >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz: FAILED (exit $status); reproducer in $here/artifacts/, full log $log" >&2
    exit 1
fi
grep -E '^(Done|stat::(number_of_executed_units|new_units_added|peak_rss_mb))' "$log" || true
echo "fuzz: no crash in ${secs} s"
