#!/usr/bin/env bash
# Regenerate the Arb reference data of tests/test_bessel.c, tests/test_vmf.c
# and tests/test_bessel_deriv.c.
#   tools/gen_bessel_ref.sh [all|deriv]   (all: about 5 minutes; deriv: only
#   tests/data/besselk_deriv_ref.txt, about two minutes; needs gcc,
#   libflint-arb-dev, /usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 tools/gen_bessel_ref.c -o "$tmp/gen" -I/usr/include/flint -lflint-arb -lflint -lgmp -lmpfr -lm
what=${1:-all}
if [ "$what" = deriv ] || [ "$what" = all ]; then
    /usr/bin/python3 tools/gen_bessel_points.py --deriv > "$tmp/dpoints.txt"
    {
        echo "# v x d/dv_logK d/dx_logK bits_dv bits_dx tag -- Arb 2.23 (tools/gen_bessel_ref.c deriv), nearest doubles"
        cut -d' ' -f1,2 "$tmp/dpoints.txt" | "$tmp/gen" deriv | paste -d' ' - <(cut -d' ' -f3 "$tmp/dpoints.txt")
    } > tests/data/besselk_deriv_ref.txt
    wc -l tests/data/besselk_deriv_ref.txt
    [ "$what" = deriv ] && exit 0
fi
/usr/bin/python3 tools/gen_bessel_points.py > "$tmp/points.txt"
{
    echo "# v x logI logK I_{v+1}/I_v bitsI bitsK tag -- Arb 2.23 (tools/gen_bessel_ref.c), nearest doubles"
    cut -d' ' -f1,2 "$tmp/points.txt" | "$tmp/gen" bessel | paste -d' ' - <(cut -d' ' -f3 "$tmp/points.txt")
} > tests/data/bessel_ref.txt
{
    echo "# p R kappa with A_p(kappa) = R -- Arb 2.23 Newton at 320 bits (tools/gen_bessel_ref.c)"
    for p in 2 3 10 100 2048 8192 32768; do
        for R in 0.05 0.2 0.5 0.8 0.9 0.99; do echo "$p $R"; done
    done | "$tmp/gen" kappa
    printf '65536 0.5\n1000000 0.9\n' | "$tmp/gen" kappa
} > tests/data/vmf_kappa.txt
wc -l tests/data/bessel_ref.txt tests/data/vmf_kappa.txt
