#!/usr/bin/env bash
# Build the MEX wrappers (CMake target `mex`: mkoctfile --mex on every
# mex/kes_*.c, output and .m help files in BUILD_DIR/octave) and run the
# Octave suite mex/test_mex.m, which prints its count of checks.  Needs
# Octave (Debian: apt-get install octave liboctave-dev); without it this
# script fails rather than skip, so a CI run can never lose the MEX tests
# silently.
#   bash mex/build_mex.sh [BUILD_DIR]    (default: build; configured if missing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build}
if ! command -v mkoctfile >/dev/null || ! command -v octave-cli >/dev/null; then
    echo "mex: FAILED: mkoctfile/octave-cli not installed (apt-get install octave liboctave-dev)" >&2
    exit 1
fi
if [ ! -f "$build/CMakeCache.txt" ] || ! grep -q '^KES_MKOCTFILE:FILEPATH=/' "$build/CMakeCache.txt"; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target mex -j "${JOBS:-2}"
build=$(cd "$build" && pwd)
KES_MEX_DIR=$build/octave KES_TEST_DATA_DIR=$root/tests/data OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} \
    octave-cli --norc --no-history "$here/test_mex.m"
KES_MEX_DIR=$build/octave OMP_NUM_THREADS=1 octave-cli --norc --no-history "$here/test_demo_heat.m"
