#!/usr/bin/python3
"""SciPy peer for bench/bench_bessel.c, and the combined table.

    /usr/bin/python3 bench/bessel_scipy.py DIR OUT_CSV

DIR holds <batch>.bin (raw doubles: n values of v, then n of x, written by
bench_bessel --dump) and c.csv (Kestrel and GSL rows from bench_bessel --csv).
SciPy is timed on the same points, vectorised, one thread:
    log I = log(ive(v, x)) + x,   log K = log(kve(v, x)) - x
(failure = non-finite result; best of 3 runs).  Prints one table with
evaluations/s, failure rates and the ratio Kestrel / faster peer, and writes
all rows to OUT_CSV."""
import csv
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402
from scipy import special  # noqa: E402

d, out_csv = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(os.path.join(d, "c.csv"))))
batches = []
for r in rows:
    if r["batch"] not in batches:
        batches.append(r["batch"])

np.seterr(all="ignore")
for b in batches:
    a = np.fromfile(os.path.join(d, b + ".bin"), dtype=np.float64)
    n = a.size // 2
    v, x = a[:n], a[n:]
    for func in ("logI", "logK"):
        best = 1e300
        for _ in range(3):
            t0 = time.perf_counter()
            if func == "logI":
                out = np.log(special.ive(v, x)) + x
            else:
                out = np.log(special.kve(v, x)) - x
            best = min(best, time.perf_counter() - t0)
        fail = float(np.mean(~np.isfinite(out)))
        rows.append({"batch": b, "func": func, "impl": "scipy", "threads": "1",
                     "evals_per_s": "%.6e" % (n / best), "fail_rate": "%.6f" % fail,
                     "max_diff_vs_kestrel": ""})

with open(out_csv, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)

def get(b, func, impl, threads="1"):
    for r in rows:
        if r["batch"] == b and r["func"] == func and r["impl"] == impl and r["threads"] == threads:
            return r
    return None

print("%-9s %-5s | %-18s | %-18s | %-18s | %s" % ("batch", "func", "Kestrel evals/s fail", "GSL evals/s fail",
                                                 "SciPy evals/s fail", "Kestrel / faster peer"))
for b in batches:
    for func in ("logI", "logK"):
        k, g, s = get(b, func, "kestrel"), get(b, func, "gsl"), get(b, func, "scipy")
        cell = lambda r: "%9.3g %7.2f%%" % (float(r["evals_per_s"]), 100 * float(r["fail_rate"]))
        peer = max(float(g["evals_per_s"]), float(s["evals_per_s"]))
        print("%-9s %-5s | %s | %s | %s | %6.2fx" % (b, func, cell(k), cell(g), cell(s),
                                                    float(k["evals_per_s"]) / peer))
for func in ("logI", "logK"):
    a1, a2 = get("broad", func, "kestrel_array", "1"), get("broad", func, "kestrel_array", "2")
    if a1 and a2:
        print("array form, broad batch, %s: 1 thread %.3g/s, 2 threads %.3g/s, speed-up %.2fx" % (
            func, float(a1["evals_per_s"]), float(a2["evals_per_s"]),
            float(a2["evals_per_s"]) / float(a1["evals_per_s"])))
