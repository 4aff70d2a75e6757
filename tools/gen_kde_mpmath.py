#!/usr/bin/python3
"""Reference log densities for tests/test_kde.c, computed with mpmath.

For a few small point sets (coordinates k/1024, exactly representable) and an
isotropic bandwidth h = 3/8, the log of
    f(y) = 1/(n h^d) sum_i c_d k(|y - x_i| / h)
is evaluated at 60 significant digits, with the normalising constant c_d
obtained independently of Kestrel: the radial integral
S_{d-1} int_0^inf k(r) r^(d-1) dr by mpmath quadrature.  Some queries lie far
from the data, where f is 1e-300 or far below it and a linear sum in double
precision underflows.
Output lines: "case kernel d n m", n point rows, then m rows "y_1 .. y_d logp".

Usage: /usr/bin/python3 tools/gen_kde_mpmath.py > tests/data/kde_mpmath.txt
"""
import mpmath as mp

mp.mp.dps = 60
H = mp.mpf(3) / 8

PROFILES = {
    0: lambda r: mp.exp(-r * r / 2),                  # Gaussian
    2: lambda r: mp.exp(-r),                          # exponential
    5: lambda r: mp.cos(mp.pi * r / 2) if r < 1 else mp.mpf(0),  # cosine
    6: lambda r: 1 / (mp.exp(r) + 2 + mp.exp(-r)),    # logistic
}


def lognorm(kern, d):
    prof = PROFILES[kern]
    area = 2 * mp.pi ** (mp.mpf(d) / 2) / mp.gamma(mp.mpf(d) / 2)
    if kern == 5:
        radial = mp.quad(lambda r: prof(r) * r ** (d - 1), [0, 1])
    else:
        radial = mp.quad(lambda r: prof(r) * r ** (d - 1), [0, 1, 10, 50, 200, mp.inf])
    return -mp.log(area * radial)


def coord(i, a, amp):
    return mp.mpf(int(round(amp * 1024 * mp.sin(1.7 * i + 0.9 * a + 0.2)))) / 1024


def logsumexp(vals):
    m = max(vals)
    return m + mp.log(sum(mp.exp(v - m) for v in vals))


def case(kern, d, n, queries):
    X = [[coord(i, a, 1.5) for a in range(d)] for i in range(n)]
    lc = lognorm(kern, d)
    out = ["case %d %d %d %d" % (kern, d, n, len(queries))]
    for x in X:
        out.append(" ".join(mp.nstr(v, 17) for v in x))
    for y in queries:
        lv = []
        for x in X:
            r = mp.sqrt(sum((y[a] - x[a]) ** 2 for a in range(d))) / H
            v = PROFILES[kern](r)
            lv.append(mp.log(v) if v > 0 else mp.mpf("-inf"))
        lp = logsumexp(lv) + lc - mp.log(n) - d * mp.log(H)
        out.append(" ".join(mp.nstr(v, 17) for v in y) + " " + mp.nstr(lp, 25))
    return out


def qs(d, offsets):
    return [[mp.mpf(int(o * 1024 + 37 * a)) / 1024 for a in range(d)] for o in offsets]


lines = []
for kern in (0, 2, 6):
    lines += case(kern, 1, 9, qs(1, [0.1, 1.3, 9.0, 14.0, 40.0]))
    lines += case(kern, 2, 9, qs(2, [0.0, 2.0, 10.0, 30.0]))
    lines += case(kern, 16, 12, qs(16, [0.0, 0.5, 3.0, 9.0]))
# The cosine kernel has compact support: queries next to data points.
lines += case(5, 2, 9, [[coord(0, a, 1.5) + mp.mpf(1) / 16 for a in range(2)],
                        [coord(4, a, 1.5) - mp.mpf(3) / 32 for a in range(2)]])
print("\n".join(lines))
