#!/usr/bin/python3
"""Peer side of bench/run_kde.sh: SciPy's gaussian_kde and scikit-learn's
KernelDensity on the data written by bench_kde (float64, column-major), for
the same isotropic Gaussian density (1/(n h^d)) sum_i phi((y - x_i)/h).

SciPy's gaussian_kde scales the kernel by the data covariance; its cached
data covariance and Cholesky factor are set to the identity before
set_bandwidth(h), so that it evaluates exactly the density Kestrel does
(the work is the same either way).  scikit-learn runs its kd-tree at
rtol = atol = 0 (exact) on the first --sklearn-m queries; its time is
scaled to all m queries (the work per query is about constant).
Accuracy: maximum relative error of the density on the reference queries.

Usage: /usr/bin/python3 bench/kde_peers.py --prefix P --n N --m M --d D
       [--scipy-m M1] [--sklearn-m M2] [--reps R] --csv out.csv
"""
import argparse
import csv
import time

import numpy as np
import scipy
import sklearn
from scipy.stats import gaussian_kde
from sklearn.neighbors import KernelDensity


def load(prefix, what, rows, cols):
    v = np.fromfile("%s_%s.bin" % (prefix, what), dtype=np.float64)
    return v.reshape(cols, rows).T.copy() if cols else v


def maxrel(logp, ref):
    k = min(len(logp), len(ref))
    return float(np.max(np.abs(np.expm1(logp[:k] - ref[:k]))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--m", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--scipy-m", type=int, default=0)
    ap.add_argument("--sklearn-m", type=int, default=500)
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--csv", required=True)
    a = ap.parse_args()
    X = load(a.prefix, "X", a.n, a.d)
    Q = load(a.prefix, "Q", a.m, a.d)
    ref = load(a.prefix, "ref", 0, 0)
    h = a.n ** (-1.0 / (a.d + 4))
    rows = []

    ms = a.scipy_m or a.m
    times, cpus = [], []
    for _ in range(a.reps):
        t0, c0 = time.perf_counter(), time.process_time()
        kde = gaussian_kde(X.T)
        kde._data_covariance = np.eye(a.d)
        kde._data_cho_cov = np.eye(a.d)
        kde.set_bandwidth(bw_method=h)
        p = kde.evaluate(Q[:ms].T)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    with np.errstate(divide="ignore"):
        lp = np.log(p)
    times.sort()
    cpus.sort()
    scale = a.m / ms
    rows.append(["scipy " + scipy.__version__, a.d, a.n, a.m, 1, times[len(times) // 2] * scale,
                 times[0] * scale, cpus[len(cpus) // 2] * scale, ms, maxrel(lp, ref)])

    mk = min(a.sklearn_m, a.m)
    t0, c0 = time.perf_counter(), time.process_time()
    kd = KernelDensity(kernel="gaussian", bandwidth=h, algorithm="kd_tree", rtol=0.0, atol=0.0).fit(X)
    lp = kd.score_samples(Q[:mk])
    t, c = time.perf_counter() - t0, time.process_time() - c0
    rows.append(["sklearn " + sklearn.__version__ + " kd rtol=0", a.d, a.n, a.m, 1, t * a.m / mk, t * a.m / mk,
                 c * a.m / mk, mk, maxrel(lp, ref)])

    with open(a.csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["tool", "d", "n", "m", "threads", "median_s", "min_s", "cpu_s", "m_timed", "maxrel"])
        for r in rows:
            w.writerow(r[:5] + ["%.6f" % r[5], "%.6f" % r[6], "%.6f" % r[7], r[8], "%.3e" % r[9]])


if __name__ == "__main__":
    main()
