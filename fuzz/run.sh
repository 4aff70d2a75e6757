#!/usr/bin/env bash
# Fuzz the library's parsers with libFuzzer, SECONDS (default 60) per target.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# A target NAME is fuzz/fuzz_NAME.c with
#   fuzz/NAME.sources   the library sources it links, one path per line from
#                       the repository root ('#' starts a comment),
#   fuzz/corpus/NAME/   its seed corpus (read-only; new inputs go to
#                       fuzz/work/NAME/corpus),
#   fuzz/NAME.dict      optionally, a libFuzzer dictionary.
# Without TARGETs every fuzz/fuzz_*.c runs; a target missing its sources list
# or its corpus is an error, not a skip.  Each is built with clang
# -fsanitize=fuzzer,address,undefined straight from its sources (no CMake) and
# fails on any crash, leak, sanitizer report or timeout; reproducers go to
# fuzz/artifacts/NAME/.  Needs Debian's clang and libclang-rt-14-dev.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
secs=${1:-60}
shift || true
case "$secs" in ''|*[!0-9]*) echo "fuzz: SECONDS must be a whole number, got '$secs'" >&2; exit 2 ;; esac
if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in "$here"/fuzz_*.c; do
        [ -e "$f" ] || { echo "fuzz: no fuzz/fuzz_*.c target found" >&2; exit 1; }
        n=$(basename "$f" .c)
        targets+=("${n#fuzz_}")
    done
fi
CC=${CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (Debian: clang libclang-rt-14-dev)" >&2; exit 1; }

# version.h from the one version source, project(kestrel VERSION x.y.z).
work=$here/work
mkdir -p "$work/include/kestrel"
ver=$(sed -n 's/^project(kestrel VERSION \([0-9]*\)\.\([0-9]*\)\.\([0-9]*\).*/\1 \2 \3/p' "$root/CMakeLists.txt")
read -r major minor patch <<<"$ver"
[ -n "${patch:-}" ] || { echo "fuzz: cannot read project(kestrel VERSION x.y.z) from CMakeLists.txt" >&2; exit 1; }
sed -e "s/@PROJECT_VERSION_MAJOR@/$major/; s/@PROJECT_VERSION_MINOR@/$minor/; s/@PROJECT_VERSION_PATCH@/$patch/" \
    -e "s/@PROJECT_VERSION@/$major.$minor.$patch/" "$root/cmake/version.h.in" > "$work/include/kestrel/version.h"

run_target() {  # name
    local name=$1 src=$here/fuzz_$1.c list=$here/$1.sources corpus=$here/corpus/$1
    [ -f "$src" ] || { echo "fuzz: no target $src" >&2; return 1; }
    [ -f "$list" ] || { echo "fuzz: $name: no sources list $list" >&2; return 1; }
    [ -d "$corpus" ] && [ -n "$(ls -A "$corpus")" ] || { echo "fuzz: $name: empty or missing seed corpus $corpus/" >&2; return 1; }
    local srcs=() line
    while IFS= read -r line; do
        line=${line%%#*}
        line=$(echo "$line" | tr -d '[:space:]')
        [ -n "$line" ] || continue
        [ -f "$root/$line" ] || { echo "fuzz: $name: $list names a missing file $line" >&2; return 1; }
        srcs+=("$root/$line")
    done <"$list"
    local dir=$work/$name arts=$here/artifacts/$name
    mkdir -p "$dir/corpus" "$arts" || return 1
    rm -f "$dir/fuzz_$name"
    "$CC" -g -O1 -std=c11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -fno-omit-frame-pointer -Wall -Wno-unknown-pragmas -I "$root/include" -I "$work/include" -I "$root/src" \
        "$src" "${srcs[@]}" -lm -o "$dir/fuzz_$name" || { echo "fuzz: $name: build failed" >&2; return 1; }
    local dict=()
    [ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
    # -rss_limit_mb also caps single allocations: parsers must refuse absurd sizes before allocating.
    local log=$dir/fuzz.log status=0
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
    "$dir/fuzz_$name" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=1024 -malloc_limit_mb=512 \
        "${dict[@]}" -artifact_prefix="$arts/" -print_final_stats=1 "$dir/corpus" "$corpus" >"$log" 2>&1 || status=$?
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log" >&2
        echo "fuzz: $name FAILED (exit $status); reproducer in $arts/, full log $log" >&2
        return 1
    fi
    grep -E '^(Done|stat::(number_of_executed_units|new_units_added|peak_rss_mb))' "$log" | sed "s/^/  $name: /" || true
    echo "fuzz: $name: no crash in ${secs} s"
}

# run_target is called in a `||` list, where set -e is off: it checks every step itself.
failed=()
for t in "${targets[@]}"; do
    run_target "$t" || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: ${#targets[@]} target(s) passed: ${targets[*]}"
