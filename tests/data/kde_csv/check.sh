#!/usr/bin/env bash
# End-to-end check of examples/kde_csv: a small CSV with a header and a
# comment, one and two columns, every bandwidth rule, exact and binned, the
# gnuplot plot where gnuplot exists, and malformed files that must be refused
# with their line number and exit status 1.
# Usage: tests/data/kde_csv/check.sh PATH_TO_kde_csv
set -euo pipefail
exe=${1:?path to kde_csv}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

{
    echo "id,x,y"
    echo "# a comment line"
    awk 'BEGIN { srand(7); for (i = 1; i <= 300; i++) {
        u = rand(); v = rand(); z = sqrt(-2 * log(u)) * cos(6.283185307179586 * v)
        w = sqrt(-2 * log(u)) * sin(6.283185307179586 * v)
        printf "%d,%.6f,%.6f\n", i, (i % 3 ? z : 3 + 0.5 * z), 0.5 * z + w } }'
} > "$dir/data.csv"

"$exe" --help | grep -q -- "--cols" || fail "--help"

# 1-D: the density integrates to about 1 on its grid (trapezoid rule).
for bw in scott silverman sj lscv 0.3; do
    "$exe" --header --cols 2 --bw "$bw" --grid 400 --out "$dir/d1.txt" "$dir/data.csv" 2> "$dir/err.txt"
    grep -q "^bandwidth ($bw):" "$dir/err.txt" || fail "bandwidth not printed for $bw"
    mass=$(awk '!/^#/ { if (n++) s += ($1 - px) * ($2 + py) / 2; px = $1; py = $2 } END { printf "%.6f", s }' "$dir/d1.txt")
    awk -v m="$mass" 'BEGIN { exit !(m > 0.99 && m < 1.01) }' || fail "1-D mass $mass for --bw $bw"
    [ "$(grep -vc '^#' "$dir/d1.txt")" -eq 400 ] || fail "1-D grid size for $bw"
done
# Exact and binned agree to the binning error.
"$exe" --header --cols 2 --grid 400 "$dir/data.csv" > "$dir/e.txt" 2> /dev/null
"$exe" --header --cols 2 --grid 400 --binned "$dir/data.csv" > "$dir/b.txt" 2> /dev/null
paste "$dir/e.txt" "$dir/b.txt" | awk '!/^#/ { d = $2 - $4; if (d < 0) d = -d; if (d > m) m = d } END { exit !(m < 1e-3) }' \
    || fail "exact and binned differ"
# With a tolerance: within rtol = 1e-3 of the exact grid values (plus the
# 10 digits printed).
"$exe" --header --cols 2 --grid 400 --rtol 1e-3 "$dir/data.csv" > "$dir/t.txt" 2> /dev/null
grep -q "rtol 0.001" "$dir/t.txt" || fail "--rtol not reported"
paste "$dir/e.txt" "$dir/t.txt" | awk '!/^#/ { d = $2 - $4; if (d < 0) d = -d; if (d > 1.0001e-3 * $2 + 1e-12) bad = 1 } END { exit bad }' \
    || fail "--rtol 1e-3 not within its tolerance"
# Draws: as many as asked, the same for the same seed, their mean near the data's.
"$exe" --header --cols 2 --sample 4000 --seed 5 "$dir/data.csv" > "$dir/s1.txt" 2> /dev/null
"$exe" --header --cols 2 --sample 4000 --seed 5 "$dir/data.csv" > "$dir/s2.txt" 2> /dev/null
[ "$(grep -vc '^#' "$dir/s1.txt")" -eq 4000 ] || fail "--sample count"
cmp -s "$dir/s1.txt" "$dir/s2.txt" || fail "--sample not reproducible with --seed"
awk -F, 'NR > 2 { s += $2; n++ } END { print s / n }' "$dir/data.csv" > "$dir/mx.txt"
awk -v mx="$(cat "$dir/mx.txt")" '!/^#/ { s += $1; n++ } END { d = s / n - mx; if (d < 0) d = -d; exit !(d < 0.15) }' "$dir/s1.txt" \
    || fail "--sample mean far from the data's"
# 2-D, with a kernel choice; a plot when gnuplot is installed.
"$exe" --header --cols 2,3 --kernel epanechnikov --grid 40 --out "$dir/d2.txt" --png "$dir/d2.png" "$dir/data.csv" 2> /dev/null
[ "$(grep -c '^[-0-9]' "$dir/d2.txt")" -eq 1600 ] || fail "2-D grid size"
if command -v gnuplot > /dev/null 2>&1; then [ -s "$dir/d2.png" ] || fail "no PNG although gnuplot is installed"; fi

# Malformed input: refused with the line number, exit status 1.
{ echo "id,x"; echo "1,0.5"; echo "2,abc"; echo "3,0.7"; } > "$dir/bad.csv"
set +e
"$exe" --header --cols 2 "$dir/bad.csv" > /dev/null 2> "$dir/err.txt"; rc=$?
set -e
[ $rc -eq 1 ] || fail "malformed value: exit $rc"
grep -q "bad.csv:3:" "$dir/err.txt" || fail "malformed value: no line number ($(cat "$dir/err.txt"))"
{ echo "1,0.5"; echo "2,0.6"; echo "3"; } > "$dir/short.csv"
set +e
"$exe" --cols 2 "$dir/short.csv" > /dev/null 2> "$dir/err.txt"; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "short.csv:3:" "$dir/err.txt" || fail "short row not refused"
{ echo "1,0.5"; echo "2,inf"; } > "$dir/inf.csv"
set +e
"$exe" --cols 2 "$dir/inf.csv" > /dev/null 2>&1; rc=$?
"$exe" --cols 0 "$dir/data.csv" > /dev/null 2>&1; rc2=$?
"$exe" --bw -1 "$dir/data.csv" > /dev/null 2>&1; rc3=$?
"$exe" --grid 12x "$dir/data.csv" > /dev/null 2>&1; rc4=$?
"$exe" --header --cols 2 "$dir/missing.csv" > /dev/null 2>&1; rc5=$?
set -e
[ $rc -eq 1 ] || fail "infinite value accepted"
[ $rc2 -eq 2 ] && [ $rc3 -eq 2 ] && [ $rc4 -eq 2 ] || fail "bad options: exit $rc2 $rc3 $rc4"
[ $rc5 -eq 1 ] || fail "missing file: exit $rc5"
echo "kde_csv end-to-end: OK"
