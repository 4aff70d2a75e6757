#!/usr/bin/python3
"""SciPy peer for bench/bench_bessel.c, and the combined table.

    /usr/bin/python3 bench/bessel_scipy.py time DIR OUT_CSV
        time SciPy on DIR/<batch>.bin (raw doubles: n values of v, then n of x,
        written by bench_bessel --dump), one thread, best of 3:
            log I = log(ive(v, x)) + x,   log K = log(kve(v, x)) - x
        failure = non-finite result.
    /usr/bin/python3 bench/bessel_scipy.py combine OUT_CSV CSV...
        merge rounds (Kestrel/GSL rows from bench_bessel --csv, SciPy rows from
        "time"), keep the best evaluations/s of each (batch, func, impl,
        threads) over the rounds -- the machine is shared, so the best round is
        the least disturbed one -- print one table with the ratio Kestrel /
        faster peer, and write OUT_CSV."""
import csv
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")


def time_scipy(d, out_csv):
    import numpy as np
    from scipy import special
    np.seterr(all="ignore")
    rows = []
    for b in ("broad", "moderate", "vmf"):
        a = np.fromfile(os.path.join(d, b + ".bin"), dtype=np.float64)
        n = a.size // 2
        v, x = a[:n], a[n:]
        for func in ("logI", "logK"):
            best = 1e300
            for _ in range(3):
                t0 = time.perf_counter()
                out = np.log(special.ive(v, x)) + x if func == "logI" else np.log(special.kve(v, x)) - x
                best = min(best, time.perf_counter() - t0)
            rows.append({"batch": b, "func": func, "impl": "scipy", "threads": "1",
                         "evals_per_s": "%.6e" % (n / best),
                         "fail_rate": "%.6f" % float(np.mean(~np.isfinite(out))),
                         "max_diff_vs_kestrel": ""})
    write(out_csv, rows)


def write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["batch", "func", "impl", "threads", "evals_per_s", "fail_rate",
                                          "max_diff_vs_kestrel", "rounds"])
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in w.fieldnames})


def combine(out_csv, files):
    best, count = {}, {}
    for fn in files:
        for r in csv.DictReader(open(fn)):
            key = (r["batch"], r["func"], r["impl"], r["threads"])
            count[key] = count.get(key, 0) + 1
            if key not in best or float(r["evals_per_s"]) > float(best[key]["evals_per_s"]):
                best[key] = dict(r)
    for key in best:
        best[key]["rounds"] = str(count[key])
    rows = list(best.values())
    write(out_csv, rows)

    def get(b, func, impl, threads="1"):
        return best.get((b, func, impl, threads))

    cell = lambda r: "%9.3g %7.2f%%" % (float(r["evals_per_s"]), 100 * float(r["fail_rate"]))
    print("best of %d rounds per cell" % max(int(r["rounds"]) for r in rows))
    print("%-9s %-5s | %-18s | %-18s | %-18s | %s" % ("batch", "func", "Kestrel evals/s fail",
                                                     "GSL evals/s fail", "SciPy evals/s fail",
                                                     "Kestrel / faster peer"))
    for b in ("broad", "moderate", "vmf"):
        for func in ("logI", "logK"):
            k, g, s = get(b, func, "kestrel"), get(b, func, "gsl"), get(b, func, "scipy")
            if not (k and g and s):
                continue
            peer = max(float(g["evals_per_s"]), float(s["evals_per_s"]))
            print("%-9s %-5s | %s | %s | %s | %6.2fx" % (b, func, cell(k), cell(g), cell(s),
                                                        float(k["evals_per_s"]) / peer))
    k, g = get("vmf_gslok", "logI", "kestrel"), get("vmf_gslok", "logI", "gsl")
    if k and g:
        print("vmf batch, log I on the points where GSL succeeds: Kestrel %.3g/s, GSL %.3g/s, ratio %.2fx" % (
            float(k["evals_per_s"]), float(g["evals_per_s"]), float(k["evals_per_s"]) / float(g["evals_per_s"])))
    for func in ("logI", "logK"):
        a1, a2 = get("broad", func, "kestrel_array", "1"), get("broad", func, "kestrel_array", "2")
        if a1 and a2:
            print("array form, broad batch, %s: 1 thread %.3g/s, 2 threads %.3g/s, speed-up %.2fx" % (
                func, float(a1["evals_per_s"]), float(a2["evals_per_s"]),
                float(a2["evals_per_s"]) / float(a1["evals_per_s"])))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "time":
        time_scipy(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "combine":
        combine(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
