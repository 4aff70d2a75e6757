#!/usr/bin/python3
"""Peer side of bench/run_features.sh: scikit-learn's RBFSampler and Nystroem
on the data file written by bench_rff (float64, column-major n x d), scored
exactly as bench_rff scores Kestrel: relative Frobenius error of Z_s Z_s^T
against rbf_kernel on the first `sub` rows (mean over seeds) and the median
and minimum transform time of all n rows.

With --peer-out FILE it only measures and writes its rows.  Otherwise it
prints the joint table with ratios (and writes --csv): the peer rows are
measured now, or read from --peer A.csv,B.csv,... (rounds interleaved with
Kestrel's by run_features.sh); with several rounds each side keeps its best
round (lowest median), since on a shared machine the load only ever slows a
run down.

Usage: /usr/bin/python3 bench/rff_sklearn.py --data X.bin --n N --d D
       --features F --gamma G --sub S [--seeds K] [--reps R]
       [--peer-out peer.csv | --peer p1.csv,p2.csv] [--kestrel k1.csv,k2.csv] [--csv out.csv]
"""
import argparse
import csv
import time

import numpy as np
import sklearn
from sklearn.kernel_approximation import Nystroem, RBFSampler
from sklearn.metrics.pairwise import rbf_kernel


def rel_frob(Zs, K):
    return np.linalg.norm(Zs @ Zs.T - K) / np.linalg.norm(K)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--d", type=int, required=True)
    ap.add_argument("--features", type=int, default=1024)
    ap.add_argument("--gamma", type=float, default=1 / 32)
    ap.add_argument("--sub", type=int, default=2000)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--kestrel")
    ap.add_argument("--peer")
    ap.add_argument("--peer-out")
    ap.add_argument("--csv")
    a = ap.parse_args()
    if a.peer:
        rows = best_rounds(a.peer)
    else:
        rows = measure(a)
    if a.peer_out:
        write_csv(a.peer_out, rows, PEER_FIELDS)
        return
    report(a, rows, best_rounds(a.kestrel) if a.kestrel else [])


PEER_FIELDS = ["library", "method", "n", "d", "features", "gamma", "sub", "seeds", "rel_frob_err", "fit_s",
               "transform_s", "transform_min_s"]


def write_csv(path, rows, fields):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def best_rounds(paths):
    """Rows from several rounds of one side: per method the round with the
    lowest median transform time (errors are identical: fixed seeds)."""
    best = {}
    for path in paths.split(","):
        with open(path) as f:
            for r in csv.DictReader(f):
                for k in ("rel_frob_err", "fit_s", "transform_s", "transform_min_s"):
                    r[k] = float(r[k])
                old = best.get(r["method"])
                if old is None or r["transform_s"] < old["transform_s"]:
                    best[r["method"]] = r
    return list(best.values())


def measure(a):
    X = np.ascontiguousarray(np.fromfile(a.data, dtype=np.float64).reshape(a.d, a.n).T)
    Xs = X[: a.sub]
    K = rbf_kernel(Xs, gamma=a.gamma)
    rows = []
    makers = {
        "rbf_sampler": lambda s: RBFSampler(gamma=a.gamma, n_components=a.features, random_state=s),
        "nystroem": lambda s: Nystroem(kernel="rbf", gamma=a.gamma, n_components=a.features, random_state=s),
    }
    for name, make in makers.items():
        err = fit = 0.0
        times = []
        for s in range(a.seeds):
            t0 = time.perf_counter()
            m = make(s).fit(X)
            fit += (time.perf_counter() - t0) / a.seeds
            Z = m.transform(X)
            if s == 0:  # timed before the scoring's BLAS calls, as in bench_rff
                for _ in range(a.reps):
                    t0 = time.perf_counter()
                    m.transform(X)
                    times.append(time.perf_counter() - t0)
            err += rel_frob(Z[: a.sub], K) / a.seeds
        rows.append(
            dict(library="sklearn-" + sklearn.__version__, method=name, n=a.n, d=a.d, features=a.features,
                 gamma=a.gamma, sub=a.sub, seeds=a.seeds, rel_frob_err=err, fit_s=fit,
                 transform_s=float(np.median(times)), transform_min_s=float(np.min(times))))
    return rows


def report(a, rows, kes):
    peer = {"rff_cos": "rbf_sampler", "rff_sincos": "rbf_sampler", "orf_cos": "rbf_sampler",
            "orf_sincos": "rbf_sampler", "nystrom": "nystroem"}
    sk = {r["method"]: r for r in rows}
    print("# n=%d d=%d features=%d gamma=%g, error on the first %d rows, mean of %d seeds; "
          "transform of all n rows, median and minimum of %d" % (a.n, a.d, a.features, a.gamma, a.sub, a.seeds,
                                                                 a.reps))
    hdr = "%-24s %10s %10s %12s %10s %10s %12s %12s" % ("method", "rel_err", "fit_s", "transform_s", "min_s",
                                                         "err_ratio", "speedup", "speedup_min")
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        print("%-24s %10.5f %10.4f %12.4f %10.4f %10s %12s %12s" % (
            "sklearn " + r["method"], r["rel_frob_err"], r["fit_s"], r["transform_s"], r["transform_min_s"], "1", "1",
            "1"))
    for r in kes:
        p = sk[peer[r["method"]]]
        e, t, tm = r["rel_frob_err"], r["transform_s"], r["transform_min_s"]
        r["peer"] = peer[r["method"]]
        r["err_ratio_vs_peer"] = e / p["rel_frob_err"]
        r["speedup_vs_peer"] = p["transform_s"] / t
        r["speedup_min_vs_peer"] = p["transform_min_s"] / tm
        r["fit_speedup_vs_peer"] = p["fit_s"] / r["fit_s"]
        print("%-24s %10.5f %10.4f %12.4f %10.4f %10.3f %11.2fx %11.2fx" % (
            "kestrel " + r["method"], e, r["fit_s"], t, tm, r["err_ratio_vs_peer"], r["speedup_vs_peer"],
            r["speedup_min_vs_peer"]))
    print("(err_ratio = error / peer's error, lower is better; speedup = peer transform time / ours, "
          "on medians and on minima; peer of rff/orf = RBFSampler, of nystrom = Nystroem)")
    if a.csv:
        write_csv(a.csv, rows + kes, PEER_FIELDS + ["peer", "err_ratio_vs_peer", "speedup_vs_peer",
                                                    "speedup_min_vs_peer", "fit_speedup_vs_peer"])


if __name__ == "__main__":
    main()
