#!/usr/bin/python3
"""Reference values of the Matern correlation for tests/test_kernel.c.

k(r) = 2^(1-nu)/Gamma(nu) * z^nu * K_nu(z), z = sqrt(2 nu) r / ell, evaluated
with mpmath at 50 significant digits (independent of GSL and of Kestrel's
special layer).  Output: tests/data/kernel_matern.txt with lines
"nu ell r value" (17 significant digits).

Usage: /usr/bin/python3 tools/gen_kernel_matern.py > tests/data/kernel_matern.txt
"""
import mpmath as mp

mp.mp.dps = 50

NUS = ["0.3", "0.7", "1", "1.8", "2", "3.3", "7.5", "25"]
ELLS = ["0.5", "1.7"]
RS = ["1e-12", "1e-8", "1e-4", "0.01", "0.1", "0.5", "1", "2", "3.7", "8", "20"]


def matern(nu, ell, r):
    z = mp.sqrt(2 * nu) * r / ell
    return mp.power(2, 1 - nu) / mp.gamma(nu) * mp.power(z, nu) * mp.besselk(nu, z)


print("# nu ell r k(r)   Matern correlation, mpmath %s, dps=50" % mp.__version__)
for nu in NUS:
    for ell in ELLS:
        for r in RS:
            v = matern(mp.mpf(nu), mp.mpf(ell), mp.mpf(r))
            if v < mp.mpf("1e-300"):
                continue
            print("%s %s %s %s" % (nu, ell, r, mp.nstr(v, 17, min_fixed=-1, max_fixed=-1)))
