#!/usr/bin/python3
"""Peer side of the tolerance-controlled KDE bench (protocol K2):
scikit-learn's KernelDensity with its kd-tree and its ball tree at the same
rtol, on the data bench_kde_tree --tol wrote (float64, column-major), for
the same isotropic Gaussian density.  Each tree is fit and run on the first
--sklearn-m queries --reps times (mean and standard error of the wall time,
scaled to all m queries: the work per query is about constant); its
accuracy is the largest relative density error on those queries against
Kestrel's exact log densities (PREFIX_exact.bin).

Usage: /usr/bin/python3 bench/kde_tree_peers.py --prefix P --n N --m M --d D
       --rtol R --sklearn-m M2 [--reps K] --csv out.csv
"""
import argparse
import csv
import math
import time

import numpy as np
import sklearn
from sklearn.neighbors import KernelDensity


def load(prefix, what, rows, cols):
    v = np.fromfile("%s_%s.bin" % (prefix, what), dtype=np.float64)
    return v.reshape(cols, rows).T.copy() if cols else v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--m", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--rtol", type=float, required=True)
    ap.add_argument("--sklearn-m", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--csv", required=True)
    a = ap.parse_args()
    X = load(a.prefix, "X", a.n, a.d)
    Q = load(a.prefix, "Q", a.m, a.d)
    ref = load(a.prefix, "exact", 0, 0)
    h = a.n ** (-1.0 / (a.d + 4))
    mk = min(a.sklearn_m, a.m)
    rows = []
    for algo in ("kd_tree", "ball_tree"):
        ts = []
        for _ in range(a.reps):
            t0 = time.perf_counter()
            kd = KernelDensity(kernel="gaussian", bandwidth=h, algorithm=algo, rtol=a.rtol, atol=0.0).fit(X)
            lp = kd.score_samples(Q[:mk])
            ts.append((time.perf_counter() - t0) * a.m / mk)
        mean = sum(ts) / len(ts)
        se = math.sqrt(sum((t - mean) ** 2 for t in ts) / (len(ts) - 1) / len(ts)) if len(ts) > 1 else 0.0
        err = float(np.max(np.abs(np.expm1(lp - ref[:mk]))))
        rows.append(["sklearn %s %s" % (sklearn.__version__, algo), a.d, a.n, a.m, a.rtol, mean, se, a.reps, mk, err])
    with open(a.csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["tool", "d", "n", "m", "rtol", "mean_s", "se_s", "reps", "m_timed", "maxrel"])
        for r in rows:
            w.writerow(r[:5] + ["%.6f" % r[5], "%.6f" % r[6], r[7], r[8], "%.3e" % r[9]])


if __name__ == "__main__":
    main()
