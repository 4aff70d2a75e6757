#!/usr/bin/env bash
# End-to-end check of examples/tune_mm on a few small generated systems:
# shifted 8x8 Laplacians A_t = A + c_t I (c_t in [-0.15, 0.45]) with b = 1,
# written as Matrix Market files with a list file carrying c_t as context.
# Usage: tests/data/tune_mm/check.sh BUILD_DIR
set -euo pipefail
build=${1:?build dir}
exe=$build/examples/tune_mm
[ -x "$exe" ] || { echo "tune_mm not built ($exe)"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
m=8
n=$((m * m))
for t in $(seq 1 24); do
    c=$(awk -v t="$t" 'BEGIN { printf "%.4f", -0.15 + 0.6 * ((t * 7) % 24) / 23 }')
    awk -v m="$m" -v c="$c" 'BEGIN {
        n = m * m; nnz = 0
        for (i = 0; i < m; i++) for (j = 0; j < m; j++) {
            p = i * m + j + 1
            e[nnz++] = p " " p " " (4 + c)
            if (i > 0) e[nnz++] = p " " (p - m) " -1"
            if (i < m - 1) e[nnz++] = p " " (p + m) " -1"
            if (j > 0) e[nnz++] = p " " (p - 1) " -1"
            if (j < m - 1) e[nnz++] = p " " (p + 1) " -1"
        }
        print "%%MatrixMarket matrix coordinate real general"
        print n, n, nnz
        for (k = 0; k < nnz; k++) print e[k]
    }' > "$dir/A_$t.mtx"
    { echo "%%MatrixMarket matrix array real general"; echo "$n 1"; for _ in $(seq 1 $n); do echo 1; done; } > "$dir/b_$t.mtx"
    echo "A_$t.mtx b_$t.mtx $c" >> "$dir/list.txt"
    echo "A_$t.mtx b_$t.mtx" >> "$dir/list_noctx.txt"
done

fail() { echo "FAIL: $*"; exit 1; }
out=$("$exe" "$dir/list.txt" --solver sor --tuner chebcb --save "$dir/state.txt")
echo "$out" | tail -3
[ "$(echo "$out" | grep -c '^ *[0-9]')" -eq 24 ] || fail "expected 24 system lines"
echo "$out" | awk '$1 ~ /^[0-9]+$/ && $7 != "yes" { bad = 1 } END { exit bad }' || fail "a solve did not converge"
[ -s "$dir/state.txt" ] || fail "no saved state"
out2=$("$exe" "$dir/list.txt" --solver ssor-pcg --load "$dir/state.txt")
echo "$out2" | grep -q "all rounds the tuner has seen, 48" || fail "loaded tuner did not continue counting"
"$exe" "$dir/list_noctx.txt" --tuner tsallis-inf --warm-start > /dev/null || fail "tsallis-inf run"
"$exe" "$dir/list_noctx.txt" --tuner tsallis-inf --estimator iw --save "$dir/iw.txt" > /dev/null || fail "tsallis-inf iw run"
grep -q "^opts_int .* 1$" "$dir/iw.txt" || fail "--estimator iw not recorded in the saved state"
"$exe" "$dir/list_noctx.txt" --tuner fixed --omega 1.5 --cost seconds > /dev/null || fail "fixed run"
# Errors: contextual tuner without contexts, unknown names, missing files.
set +e
"$exe" "$dir/list_noctx.txt" --tuner chebcb > /dev/null 2>&1; [ $? -eq 2 ] || fail "chebcb without context accepted"
"$exe" "$dir/list.txt" --tuner nope > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown tuner accepted"
"$exe" "$dir/list.txt" --solver gmres > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown solver accepted"
"$exe" "$dir/list_noctx.txt" --estimator xx > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown estimator accepted"
"$exe" "$dir/missing.txt" > /dev/null 2>&1; [ $? -eq 1 ] || fail "missing list accepted"
echo "A_missing.mtx b_1.mtx 0.1" > "$dir/bad.txt"
"$exe" "$dir/bad.txt" > /dev/null 2>&1; [ $? -eq 1 ] || fail "missing matrix accepted"
echo "garbage" > "$dir/state_bad.txt"
"$exe" "$dir/list.txt" --load "$dir/state_bad.txt" > /dev/null 2>&1; [ $? -eq 1 ] || fail "bad state accepted"
"$exe" --help | grep -q "usage: tune_mm" || fail "--help"
echo "tune_mm check: OK"
