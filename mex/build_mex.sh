#!/usr/bin/env bash
# Build the MEX wrappers with Octave's mkoctfile against a Kestrel build tree
# and run mex/test_mex.m.  Needs Octave (Debian: apt-get install octave
# liboctave-dev); without it this script fails rather than skip, so a CI run
# can never lose the MEX tests silently.
#   bash mex/build_mex.sh [BUILD_DIR]    (default: build; configured and built if missing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
if ! command -v mkoctfile >/dev/null || ! command -v octave-cli >/dev/null; then
    echo "mex: FAILED: mkoctfile/octave-cli not installed (apt-get install octave liboctave-dev)" >&2
    exit 1
fi
if [ ! -e "$build/libkestrel.so" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j "${JOBS:-2}"
fi
build=$(cd "$build" && pwd)
out=$build/mex
mkdir -p "$out"
for src in "$here"/kes_*_mex.c; do
    name=$(basename "$src" .c)
    mkoctfile --mex -I"$root/include" -I"$build/include" -I"$here" "$src" -L"$build" -lkestrel \
        -Wl,-rpath,"$build" -o "$out/$name.mex"
done
rm -f "$out"/*.o
KES_MEX_DIR=$out KES_TEST_DATA_DIR=$root/tests/data octave-cli --norc --no-history "$here/test_mex.m"
