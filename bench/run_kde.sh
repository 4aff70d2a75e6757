#!/usr/bin/env bash
# Exact Gaussian KDE (protocol K1) against SciPy's gaussian_kde and
# scikit-learn's KernelDensity on the same data in one run.
#   bench/run_kde.sh BUILD_DIR [quick|full]
# full: n = 1e5 points, m = 1e4 queries, d = 2 and 16, h = n^(-1/(d+4)).
# quick: n = 2e4, m = 2e3.  Kestrel is timed with 1 and 2 threads (median of
# 3 runs, create + evaluate); SciPy once on all m queries; scikit-learn (kd
# tree, rtol = 0) on a subset of queries, scaled to m.  Accuracy: max
# relative density error on the first 100 queries against a long double
# direct log-sum-exp (bench_kde).  Prints the table with ratios and writes
# bench/results/kde[_quick].csv and .txt, then runs bench/run_kde_tol.sh (K2
# and the binned estimates against R) in the same mode.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
mode=${2:-full}
. "$here/common.sh"
bench_setup bench_kde
py=/usr/bin/python3
if ! "$py" -c 'import scipy, sklearn' 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-scipy python3-sklearn >/dev/null
    else
        echo "SciPy / scikit-learn missing: apt-get install python3-scipy python3-sklearn" >&2
        exit 1
    fi
fi
if [ "$mode" = quick ]; then
    n=20000 m=2000 sk2=400 sk16=100 suffix=_quick
else
    n=100000 m=10000 sk2=500 sk16=100 suffix=
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in 2 16; do
    sk=$sk2; [ "$d" = 16 ] && sk=$sk16
    "$bin" --n $n --m $m --d $d --reps 3 --sub 100 --threads 1,2 --data "$tmp/d$d" --csv "$tmp/kes_$d.csv" >&2
    "$py" "$here/kde_peers.py" --prefix "$tmp/d$d" --n $n --m $m --d $d --sklearn-m $sk --csv "$tmp/peer_$d.csv"
done
"$py" - "$tmp" "$here/results/kde$suffix.csv" <<'PY' | tee "$here/results/kde$suffix.txt"
import csv, glob, os, platform, sys
tmp, out = sys.argv[1], sys.argv[2]
rows = []
for f in sorted(glob.glob(os.path.join(tmp, "kes_*.csv"))) + sorted(glob.glob(os.path.join(tmp, "peer_*.csv"))):
    rows += list(csv.DictReader(open(f)))
print("exact Gaussian KDE (K1), %s cores, %s" % (os.cpu_count(), platform.processor() or platform.machine()))
print("%-28s %3s %7s %6s %7s %9s %9s %8s %10s %9s %9s" % ("tool", "d", "n", "m", "threads", "median_s", "cpu_s",
                                                         "m_timed", "maxrel", "wall x", "cpu x"))
for d in sorted({int(r["d"]) for r in rows}):
    ks = [r for r in rows if int(r["d"]) == d and r["tool"] == "kestrel" and r["threads"] == "2"]
    base = float(ks[0]["median_s"]) if ks else float("nan")
    cbase = float(ks[0]["cpu_s"]) if ks else float("nan")
    for r in [r for r in rows if int(r["d"]) == d]:
        t, c = float(r["median_s"]), float(r["cpu_s"])
        peer = r["tool"] != "kestrel"
        r["ratio"] = "%.2fx" % (t / base) if peer else ""
        r["cpu_ratio"] = "%.2fx" % (c / cbase) if peer else ""
        print("%-28s %3s %7s %6s %7s %9.3f %9.3f %8s %10s %9s %9s" % (r["tool"], d, r["n"], r["m"], r["threads"], t, c,
                                                                   r["m_timed"], r["maxrel"], r["ratio"],
                                                                   r["cpu_ratio"]))
print("wall x = peer wall time / Kestrel wall time with 2 threads; cpu x = the same for CPU time of all threads"
      " (> 1: Kestrel faster).  scikit-learn timed on m_timed queries and scaled to m.")
with open(out, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["tool", "d", "n", "m", "threads", "median_s", "min_s", "cpu_s", "m_timed",
                                      "maxrel", "ratio", "cpu_ratio"])
    w.writeheader()
    for r in rows:
        w.writerow(r)
PY
# Tolerance-controlled evaluation (K2) against scikit-learn's trees and the
# binned estimates against KernSmooth and ks, in the same mode.
"$here/run_kde_tol.sh" "$build" "$mode"
