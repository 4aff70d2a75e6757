#!/usr/bin/env bash
# Install a built Kestrel tree into a temporary prefix and build a consumer
# program against it three ways, running each:
#   1. CMake: find_package(kestrel 0.3) + kestrel::kestrel (shared) and
#      kestrel::kestrel_static,
#   2. pkg-config --cflags --libs kestrel (shared),
#   3. pkg-config --static with the static archive.
# OpenMP is private to the library: the shared consumers must compile and
# link without -fopenmp (checked on the flags CMake and pkg-config hand out),
# and no installed header may include omp.h.
# Usage: bash tests/consumer/run.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR}" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kestrel-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
version=$(sed -n 's/^#define KES_VERSION_STRING "\(.*\)"/\1/p' "$build/include/kestrel/version.h")

cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name 'libkestrel.so' | head -n 1)")
[ -n "$libdir" ] || { echo "consumer: no libkestrel.so installed" >&2; exit 1; }
root=$(cd "$here/../.." && pwd)
soversion=$(sed -n 's/^set(KES_SOVERSION \([0-9][0-9]*\))/\1/p' "$root/CMakeLists.txt")
[ -n "$soversion" ] || { echo "consumer: no set(KES_SOVERSION N) in CMakeLists.txt" >&2; exit 1; }
for f in "$libdir/libkestrel.a" "$libdir/pkgconfig/kestrel.pc" "$libdir/cmake/kestrel/kestrelConfig.cmake" \
         "$prefix/include/kestrel.h" "$prefix/include/kestrel/version.h"; do
    [ -e "$f" ] || { echo "consumer: $f not installed" >&2; exit 1; }
done
# The runtime name carries the ABI number KES_SOVERSION, not the release number.
soname=$(readelf -d "$libdir/libkestrel.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libkestrel.so.$soversion" ] ||
    { echo "consumer: libkestrel.so has SONAME '$soname', want libkestrel.so.$soversion" >&2; exit 1; }
if grep -rlE '#[[:space:]]*include[[:space:]]*[<"]omp\.h' "$prefix/include"; then
    echo "consumer: an installed header includes omp.h (above); OpenMP must stay private" >&2; exit 1
fi

check() {  # name, program
    local out
    out=$(LD_LIBRARY_PATH="$libdir" "$2")
    echo "  $1: $(tr "\n" " " <<<"$out")"
    grep -q "kestrel library $version headers $version" <<<"$out" || { echo "consumer ($1): wrong version" >&2; exit 1; }
    grep -q "csr product 7 6, cholesky solve 1.25 1.5, operator CG 1.25 1.5: OK" <<<"$out" || { echo "consumer ($1): wrong result" >&2; exit 1; }
}

echo "-- find_package(kestrel)"
cmake -S "$here" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$tmp/cmake-build" >/dev/null
shared_flags=$(grep -h '"command"' "$tmp/cmake-build/compile_commands.json" | grep 'consumer_shared' || true)
shared_flags+=" $(cat "$tmp/cmake-build/CMakeFiles/consumer_shared.dir/link.txt")"
if grep -E -- '-fopenmp|-lgomp|libgomp' <<<"$shared_flags"; then
    echo "consumer: kestrel::kestrel hands OpenMP flags to its consumer (above)" >&2; exit 1
fi
check "cmake shared" "$tmp/cmake-build/consumer_shared"
check "cmake static" "$tmp/cmake-build/consumer_static"
if ldd "$tmp/cmake-build/consumer_static" | grep libkestrel; then
    echo "consumer: the static consumer loads libkestrel.so" >&2; exit 1
fi

echo "-- pkg-config"
export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pcver=$(pkg-config --modversion kestrel)
[ "$pcver" = "$version" ] || { echo "consumer: pkg-config version $pcver, want $version" >&2; exit 1; }
pc_flags=$(pkg-config --cflags --libs kestrel)
if grep -E -- '-fopenmp|-lgomp' <<<"$pc_flags"; then
    echo "consumer: pkg-config --cflags --libs kestrel carries OpenMP: $pc_flags" >&2; exit 1
fi
# shellcheck disable=SC2086
cc -o "$tmp/consumer_pc" "$here/consumer.c" $pc_flags -lm
check "pkg-config shared" "$tmp/consumer_pc"
# Static archive: same flags from --static, with -lkestrel pointing at libkestrel.a.
static_libs=$(pkg-config --static --libs kestrel | sed 's/-lkestrel\b/-l:libkestrel.a/')
# shellcheck disable=SC2086
cc -o "$tmp/consumer_pc_static" "$here/consumer.c" $(pkg-config --cflags kestrel) $static_libs
if ldd "$tmp/consumer_pc_static" | grep libkestrel; then
    echo "consumer: pkg-config --static consumer loads libkestrel.so" >&2; exit 1
fi
check "pkg-config static" "$tmp/consumer_pc_static"
echo "-- README's first program"
awk '/^### A first program/ { f = 1 } f && /^```c$/ { c = 1; next } c && /^```$/ { exit } c' "$root/README.md" > "$tmp/app.c"
[ -s "$tmp/app.c" ] || { echo "consumer: no C block under '### A first program' in README.md" >&2; exit 1; }
# shellcheck disable=SC2086
cc -o "$tmp/app" "$tmp/app.c" $pc_flags -lm
app_out=$(LD_LIBRARY_PATH="$libdir" "$tmp/app")
echo "  $app_out"
grep -q "^Kestrel $version: 200 SSOR-PCG solves" <<<"$app_out" || { echo "consumer: README's program failed" >&2; exit 1; }

echo "-- Octave: addpath <prefix>/share/kestrel/octave and call every function"
octdir=$prefix/share/kestrel/octave
if [ -d "$octdir" ]; then
    command -v octave-cli >/dev/null || { echo "consumer: MEX files installed but octave-cli is missing" >&2; exit 1; }
    # The build tree is hidden: the installed MEX files must find the installed library.
    # Run from a copy: run() would put the source folder mex/ on the path.
    cp "$root/mex/smoke_installed.m" "$tmp/"
    out=$(cd "$tmp" && OMP_NUM_THREADS=2 octave-cli --norc --no-history \
        --eval "addpath('$octdir'); smoke_installed" 2>&1) ||
        { echo "$out" >&2; echo "consumer: Octave functions fail from the installed tree" >&2; exit 1; }
    echo "  $(tail -n 1 <<<"$out")"
    for f in "$octdir"/*.mex; do
        readelf -d "$f" | grep -q "$build" && { echo "consumer: $f keeps the build tree in its run path" >&2; exit 1; }
    done
else
    echo "  (no MEX files installed: configured without mkoctfile)"
fi
echo "consumer: installed tree works through find_package and pkg-config (shared and static)"
