#!/usr/bin/env bash
# Hold libkestrel.so to the committed ABI baseline abi/libkestrel.abi.
#
#   tools/abi_check.sh [BUILD_DIR] [--update]
#
# BUILD_DIR (default build-abi) is configured RelWithDebInfo with tests,
# benches, examples and MPI off when it has no build yet; an existing one must
# carry debug info (-g), which abidw reads.  abidw writes the ABI of the
# public types only (--headers-dir include and BUILD_DIR/include), and abidiff
# compares it with the baseline.  The rules (CONTRIBUTING.md, "ABI rules"):
#
#   same SONAME, no change or only added functions/variables   -> pass
#   same SONAME, anything else (a removed or changed function,
#     a changed struct layout or enum value)                   -> fail: bump
#     KES_SOVERSION in CMakeLists.txt and refresh the baseline
#   SONAME differs from the baseline's                         -> fail: a bump
#     must come with a refreshed baseline (--update)
#
# abidiff's exit status is a bit set: 1 error, 2 usage error, 4 ABI change,
# 8 incompatible ABI change.  Measured with abigail-tools 2.2 on this
# library: a removed function gives 12; a field added to kes_solve_opts (a
# struct passed by value) gives 4, and so does a changed enum value: abidiff
# cannot tell that callers allocate the struct or store the enum; an added
# function gives 4 as well.  So bit 8 fails outright, and bit 4 passes only
# when the report's summary counts additions and nothing else.
#
# --update writes the baseline from BUILD_DIR's library; commit the result.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-abi
update=0
for a in "$@"; do
    case "$a" in
        --update) update=1 ;;
        -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "abi_check: unknown option $a" >&2; exit 2 ;;
        *) build=$a ;;
    esac
done
baseline=$root/abi/libkestrel.abi

for tool in abidw abidiff readelf cmake; do
    command -v "$tool" >/dev/null || { echo "abi_check: $tool not found (Debian: abigail-tools binutils cmake)" >&2; exit 1; }
done

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DKES_BUILD_BENCH=OFF \
        -DKES_BUILD_EXAMPLES=OFF -DKES_WITH_MPI=OFF >/dev/null
fi
cmake --build "$build" --target kestrel_shared -j "${JOBS:-2}" >/dev/null
build=$(cd "$build" && pwd)
lib=$(readlink -f "$build/libkestrel.so" 2>/dev/null || true)
[ -n "$lib" ] && [ -f "$lib" ] || { echo "abi_check: no libkestrel.so in $build" >&2; exit 1; }
# (grep reads the whole output: with pipefail, grep -q could stop readelf with SIGPIPE.)
readelf -S "$lib" | grep '\.debug_info' >/dev/null ||
    { echo "abi_check: $lib has no debug info; use a RelWithDebInfo (or -g) build directory" >&2; exit 1; }
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ -n "$soname" ] || { echo "abi_check: $lib has no SONAME" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Public types only, no build paths or source locations: the file is stable
# across machines and checkouts, so a diff of it in review means an ABI change.
abidw --headers-dir "$root/include" --headers-dir "$build/include" --drop-private-types --no-corpus-path \
    --no-show-locs --type-id-style hash --out-file "$tmp/raw.abi" "$lib"
# Translation units are named by absolute path: make them relative.
sed -e "s|path='$root/|path='|g; s|comp-dir-path='$build'|comp-dir-path='BUILD'|g" "$tmp/raw.abi" >"$tmp/new.abi"

if [ "$update" = 1 ]; then
    mkdir -p "$(dirname "$baseline")"
    cp "$tmp/new.abi" "$baseline"
    echo "abi_check: baseline $baseline written for $soname; commit it"
    exit 0
fi

[ -f "$baseline" ] || { echo "abi_check: no baseline $baseline; run tools/abi_check.sh --update and commit it" >&2; exit 1; }
base_soname=$(sed -n 's/.*<abi-corpus[^>]* soname=.\([^"'\'']*\).*/\1/p' "$baseline" | head -n 1)
if [ "$base_soname" != "$soname" ]; then
    echo "abi_check: FAILED: the library's SONAME is $soname but the baseline abi/libkestrel.abi is for" >&2
    echo "  ${base_soname:-(none)}.  A SOVERSION bump must come with a refreshed baseline:" >&2
    echo "  run tools/abi_check.sh --update and commit abi/libkestrel.abi." >&2
    exit 1
fi

rc=0
abidiff --no-show-locs "$baseline" "$tmp/new.abi" >"$tmp/report" 2>&1 || rc=$?
if [ $((rc & 3)) -ne 0 ]; then
    cat "$tmp/report" >&2
    echo "abi_check: abidiff itself failed (exit $rc)" >&2
    exit 1
fi
fail=0
if [ $((rc & 8)) -ne 0 ]; then
    fail=1
elif [ $((rc & 4)) -ne 0 ]; then
    # Compatible only if the summary lines count nothing removed or changed
    # and no type or enum changed: additions alone.
    if ! grep -q '^Functions changes summary: 0 Removed, 0 Changed' "$tmp/report" ||
       ! grep -q '^Variables changes summary: 0 Removed, 0 Changed' "$tmp/report" ||
       grep -q -E '^(Function symbols|Variable symbols) changes summary: [1-9][0-9]* Removed' "$tmp/report" ||
       grep -q -i -E 'type changes summary|leaf type' "$tmp/report"; then
        fail=1
    fi
fi
if [ "$fail" = 1 ]; then
    cat "$tmp/report" >&2
    echo "abi_check: FAILED: the ABI of $soname changed incompatibly (abidiff exit $rc, report above)." >&2
    echo "  Bump KES_SOVERSION in CMakeLists.txt, then run tools/abi_check.sh --update and commit" >&2
    echo "  abi/libkestrel.abi (CONTRIBUTING.md, \"ABI rules\")." >&2
    exit 1
fi
if [ "$rc" -ne 0 ]; then
    grep -E 'changes summary' "$tmp/report" || true
    echo "abi_check: $soname: only additions (abidiff exit $rc), compatible with the baseline"
else
    echo "abi_check: $soname matches the baseline"
fi
