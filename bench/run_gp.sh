#!/usr/bin/env bash
# GP regression (protocol G1) against scikit-learn's GaussianProcessRegressor
# on the same data in one run.
#   bench/run_gp.sh BUILD_DIR [quick|full|full5000|ard5000]
# quick: n = 500 iso and ARD; full: n = 2000 iso and ARD; full5000: also
# n = 5000 iso (sklearn alone takes about two minutes there); ard5000: n = 5000 ARD only.  m = 1000 test
# points.  sklearn fits once (C(1)*RBF(1)+WhiteKernel(0.1), alpha = 1e-10,
# no restarts), Kestrel fits the same model REPS times (median; default 3).
# Prints the table with ratios (sklearn time / Kestrel time) and writes
# bench/results/gp[_quick].csv and .txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-full}
reps=${REPS:-3}
mkdir -p "$here/results"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-$OMP_NUM_THREADS}
bin=$build/bench/bench_gp
[ -x "$bin" ] || bin=$build/bench_gp
py=/usr/bin/python3
if ! "$py" -c 'import sklearn' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-sklearn >/dev/null
    else
        echo "scikit-learn missing: apt-get install python3-sklearn" >&2
        exit 1
    fi
fi
case $mode in
    quick) cases="500:iso 500:ard" suffix=_quick ;;
    full) cases="2000:iso 2000:ard" suffix= ;;
    full5000) cases="2000:iso 2000:ard 5000:iso" suffix= ;;
    ard5000) cases="5000:ard" suffix=_ard5000 ;;
    *) echo "mode: quick|full|full5000|ard5000" >&2; exit 2 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
csv=$here/results/gp$suffix.csv
echo "tool,kernel,n,m,threads,fit_s,lml,predict_s,rmse,evals,status,fit_ratio,predict_ratio,lml_at_sk_theta_reldiff" > "$csv"
{
    echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    for c in $cases; do
        n=${c%%:*} k=${c##*:}
        "$py" "$here/gp_sklearn.py" --n "$n" --kernel "$k" --prefix "$tmp/g_${n}_$k" >&2
        "$bin" --prefix "$tmp/g_${n}_$k" --kernel "$k" --reps "$reps" --csv "$csv"
        echo
    done
    echo "ratio = sklearn time / Kestrel time (> 1: Kestrel faster); LML values are comparable only on the same data."
} | tee "$here/results/gp$suffix.txt"
