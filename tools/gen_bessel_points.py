#!/usr/bin/python3
"""Test points for tests/data/bessel_ref.txt (seeded; see tools/gen_bessel_ref.sh).
Prints "v x tag" lines.  Tags name the purpose of each group; the regions
refer to src/special/bessel.c (Hankel: x >= 30 and v^2 <= x; Debye: v >= 17
or x >= 30; small-x: v >= 17, x <= 2; small: the rest, Temme/CF2 switch at x = 2, trapezoidal K integral
for v < 1.5, 1.2 <= x <= 3.2) and to the switching
table reported for Plesner et al. (shared/reference/bessel.md)."""
import math
import random
import sys

rng = random.Random(20261123)
pts = []


def deriv_points():
    """Points of tests/data/besselk_deriv_ref.txt (gen_bessel_points.py --deriv):
    the accuracy claim's box v in [0.05, 50], x in [1e-6, 1e3] (Matern
    smoothness and scaled distances), as a log grid, random points, and the
    half-integer and small orders a Matern fit meets."""
    r = random.Random(20261202)
    out = []
    for i in range(25):
        v = 0.05 * 1000 ** (i / 24)
        for j in range(28):
            out.append((v, 1e-6 * 1e9 ** (j / 27), "grid"))
    for _ in range(400):
        out.append((10 ** r.uniform(math.log10(0.05), math.log10(50)), 10 ** r.uniform(-6, 3), "rand"))
    for v in (0.5, 0.8, 1.5, 2.5):
        for _ in range(15):
            out.append((v, 10 ** r.uniform(-6, 3), "matern"))
    for v in (0.05, 50.0):
        for x in (1e-6, 1e3):
            out.append((v, x, "corner"))
    return out


if len(sys.argv) > 1 and sys.argv[1] == "--deriv":
    for v, x, tag in deriv_points():
        print(repr(v), repr(x), tag)
    sys.exit(0)


def add(v, x, tag):
    pts.append((float(v), float(x), tag))


def logu(a, b):
    return 10 ** rng.uniform(math.log10(a), math.log10(b))


VS = [0, 0.25, 0.5, 1, 1.5, 2, 2.5, 5, 10.3, 16.5, 17, 30, 100, 1000, 1e4, 1e5, 1e6]
XS = [1e-300, 1e-100, 1e-30, 1e-10, 1e-5, 1e-2, 0.1, 0.5, 1, 1.9, 2, 2.1, 5, 10, 29.9, 30, 100,
      1e3, 1e4, 1e5, 1e6, 1e10, 1e100, 1e300]
for v in VS:
    for x in XS:
        add(v, x, "grid")
for _ in range(1400):
    add(logu(1e-3, 1e6), logu(1e-10, 1e6), "rand")
for _ in range(150):
    add(rng.uniform(0, 1e6), logu(1e-300, 1e-10), "tiny_x")
for _ in range(150):
    add(logu(1e-3, 1e6), logu(1e6, 1e300), "huge_x")
for _ in range(300):
    v = logu(1, 1e6)
    add(v, v * (1 + rng.uniform(-0.5, 0.5)), "x~v")
for _ in range(300):  # v*eta ~ 0: the answer is O(log v) while v*eta's parts are O(v)
    v = logu(1, 1e6)
    add(v, v * rng.uniform(0.4, 0.9), "eta~0")
for _ in range(200):
    v = logu(1, 1e3)
    add(v, v * v * logu(0.1, 10), "x~v^2")
for _ in range(400):
    add(rng.uniform(0, 17), rng.uniform(0, 30), "small")
for _ in range(100):
    add(rng.randint(0, 40) + 0.5, logu(1e-5, 1e3), "halfint")
for _ in range(100):
    add(rng.randint(0, 40), logu(1e-5, 1e3), "integer")
# both sides of our region edges
for _ in range(30):
    v = rng.uniform(0, 5.4)
    for f in (1 - 1e-3, 1 + 1e-3):
        add(v, 30 * f, "edge_hankel_x")
for _ in range(50):
    x = logu(30, 1e6)
    for f in (1 - 1e-3, 1 + 1e-3):
        add(math.sqrt(x) * f, x, "edge_hankel_v2")
for _ in range(40):
    x = logu(1e-5, 30)
    for f in (1 - 1e-3, 1 + 1e-3):
        add(17 * f, x, "edge_debye_v")
for _ in range(30):
    v = rng.uniform(0, 17)
    for f in (1 - 1e-3, 1 + 1e-3):
        add(v, 2 * f, "edge_temme_x")
for _ in range(20):  # the trapezoidal K integral: 0 <= v < 1.5, 1.2 <= x <= 3.2
    v, x = rng.uniform(0, 1.5), rng.uniform(1.2, 3.2)
    for f in (1 - 1e-3, 1 + 1e-3):
        add(v, 1.2 * f, "edge_kint_x")
        add(v, 3.2 * f, "edge_kint_x")
        add(1.5 * f, x, "edge_kint_v")
for _ in range(40):  # small-x large-order series: v >= 17, x <= 2
    v = logu(17, 1e6)
    for f in (1 - 1e-3, 1 + 1e-3):
        add(v, 2 * f, "edge_smallx_x")
        add(17 * f, rng.uniform(0.5, 2), "edge_smallx_v")
for _ in range(20):  # near-integer orders, where the dropped half of K's series has poles
    n = rng.randint(17, 60)
    for d in (1e-15, 1e-12, 1e-9, 1e-6):
        add(n + d, rng.uniform(0.5, 2.0), "near_integer")
for _ in range(100):  # where Temme's series / Steed's sum are weakest
    add(rng.uniform(0, 6), rng.uniform(1.4, 3.2), "temme_band")
# both sides of the paper's reported mu_3 / mu_20 edges (too loose there; see bessel.md)
for _ in range(20):
    x = logu(100, 1e6)
    for c0, c1 in ((0.6229, -3.2318), (0.5113, 0.7939)):
        v = math.exp(c0 * math.log(x) + c1)
        for f in (1 - 1e-3, 1 + 1e-3):
            add(v * f, x, "edge_paper_mu")
for _ in range(20):
    for vb, xb in ((12.6964, None), (20.1534, None), (56.9971, None), (163.6993, None)):
        for f in (1 - 1e-3, 1 + 1e-3):
            add(vb * f, logu(1e-3, 20), "edge_paper_U")
# von Mises-Fisher orders
for p in (2048, 8192, 32768):
    for v in (p / 2 - 1, p / 2):
        for _ in range(30):
            add(v, logu(1, 1e6), "vmf")
# --- added with the fixed-term Debye path (bessel.c, DEBYE5_VMIN = 700); kept
# last so the rows above are unchanged ---
for _ in range(300):  # the bench's vMF batch: v in {1023, 4095, 16383}, x log-uniform in [1e2, 1e6]
    add(rng.choice((1023, 4095, 16383)), logu(1e2, 1e6), "vmf_batch")


def eta(z):
    r = math.sqrt(1 + z * z)
    return r + math.log(z / (1 + r))


def zero_x(v, c):
    """x where v eta(x/v) = log(c s)/2 (s = sqrt(v^2 + x^2)): log I ~ 0 for
    c = 2 pi, log K ~ 0 for c = 2/pi (leading Debye terms; bisection in z)."""
    lo, hi = 0.2, 1.5
    for _ in range(200):
        z = 0.5 * (lo + hi)
        if v * eta(z) - 0.5 * math.log(c * v * math.sqrt(1 + z * z)) > 0:
            hi = z
        else:
            lo = z
    return v * lo


for _ in range(100):  # log I ~ 0 and log K ~ 0 at large order: v eta cancels to O(log v)
    v = logu(17, 1e6)
    add(v, zero_x(v, 2 * math.pi) * (1 + rng.uniform(-1e-6, 1e-6)), "logI~0")
    v = logu(17, 1e6)
    add(v, zero_x(v, 2 / math.pi) * (1 + rng.uniform(-1e-6, 1e-6)), "logK~0")
for _ in range(40):  # both sides of the fixed five-term Debye sums
    x = logu(2.1, 4.8e5)
    for f in (1 - 1e-3, 1 + 1e-3):
        add(700 * f, x, "edge_debye5")
for v, x, tag in pts:
    print(repr(v), repr(x), tag)
