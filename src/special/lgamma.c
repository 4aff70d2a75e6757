/* log Gamma(x) for x > 0, with no global state (libm's lgamma writes
 * signgam, a data race between threads).
 *
 * Method:
 *  - 0 < x < 3/4: log Gamma(x) = log Gamma(1 + x) - log x, the first term
 *    from the Taylor series below without forming 1 + x.
 *  - 3/4 <= x < 12.25: Taylor series of log Gamma about the nearest centre
 *    c in {1, 1.5, ..., 12}, |x - c| <= 1/4 (Abramowitz & Stegun 6.1.33
 *    generalised: a_k = psi^(k-1)(c)/k! = (-1)^k zeta(k, c)/k for k >= 2),
 *    coefficients and log Gamma(c) in double-double from mpmath
 *    (tools/gen_lgamma.py).  The series converges for |x - c| < c, so terms
 *    fall at least like 4^-k; the generator picks the length that keeps the
 *    truncation below 2^-62 relative.  At c = 1 and c = 2 log Gamma(c) = 0,
 *    so the sum a_1 t + a_2 t^2 + ... carries full relative accuracy up to
 *    the zeros of log Gamma.  x - c is exact (Sterbenz).
 *  - x >= 12.25: Stirling's series (A&S 6.1.40)
 *        (x - 1/2) log x - x + log(2 pi)/2 + sum_{k=1}^{8} B_2k / (2k (2k-1) x^(2k-1)),
 *    whose error is below the first omitted term, 0.18 x^-17 < 1e-19 here;
 *    the dominant part in double-double (log x to ~1e-31), so the result
 *    is rounded once.  Above 1e290 plain doubles (the split products would
 *    overflow); the relative error there is about one ulp.
 * Cost: O(1), at most 30 multiply-adds or one double-double log. */
#include <float.h>
#include <math.h>

#include "special/dd.h"
#include "special/lgamma_coeffs.h"
#include "special/special_internal.h"

#define HALF_LN2PI_HI 0.9189385332046728
#define HALF_LN2PI_LO (-3.8782941580672414e-17)

/* log Gamma(c_j + t), |t| <= 1/4, c_j = 1 + j/2: hi + (lo + sum). */
static double taylor(int j, double t)
{
    const double *a = LG_A[j];
    double s = 0.0;
    for (int k = LG_NTERMS[j] - 1; k >= 0; k--) s = s * t + a[k];
    return LG_C_HI[j] + (LG_C_LO[j] + s * t);
}

/* Stirling's correction sum B_2k / (2k (2k-1) x^(2k-1)), k = 1..8. */
static double stirling_tail(double x)
{
    double r = 1.0 / x, r2 = r * r;
    double p = -3617.0 / 122400.0;
    p = p * r2 + 1.0 / 156.0;
    p = p * r2 - 691.0 / 360360.0;
    p = p * r2 + 1.0 / 1188.0;
    p = p * r2 - 1.0 / 1680.0;
    p = p * r2 + 1.0 / 1260.0;
    p = p * r2 - 1.0 / 360.0;
    p = p * r2 + 1.0 / 12.0;
    return p * r;
}

double kes__lgamma1p(double t)
{
    if (isnan(t) || t <= -1.0) return NAN;
    if (t < -0.25) return kes__lgamma(1.0 + t); /* 1 + t exact (Sterbenz) */
    if (t <= 0.25) return taylor(0, t);
    if (t < 0.75) return taylor(1, t - 0.5);
    return kes__lgamma(1.0 + t);
}

double kes__lgamma(double x)
{
    if (isnan(x) || x <= 0.0) return NAN;
    if (isinf(x)) return INFINITY;
    if (x < 0x1p-54) return -log(x); /* gamma x and beyond are below half an ulp of -log x >= 37 */
    if (x < 0.75) return kes__lgamma1p(x) - log(x);
    if (x < 12.25) {
        int j = (int)(2.0 * x - 1.5); /* centre 1 + j/2 nearest x */
        if (j < 0) j = 0;
        if (j > LG_NCENTRES - 1) j = LG_NCENTRES - 1;
        double c = 1.0 + 0.5 * j;
        if (x - c > 0.25 && j < LG_NCENTRES - 1) j++, c += 0.5;
        return taylor(j, x - c);
    }
    if (x > 1e290) {
        double lx = log(x);
        return x * (lx - 1.0) - 0.5 * lx + HALF_LN2PI_HI; /* inf past 2.55e305, as it should */
    }
    /* (x - 1/2) log x - x = x (log x - 1) - (log x)/2, no rounding of x - 1/2 */
    dd lx = dd_log_d(x);
    dd m = dd_mul_d(dd_add_d(lx, -1.0), x);
    m = dd_add_d(m, -0.5 * lx.hi);
    m = dd_add(m, dd_make(HALF_LN2PI_HI, HALF_LN2PI_LO));
    return m.hi + (m.lo + (stirling_tail(x) - 0.5 * lx.lo));
}
