/* log Gamma(x) for x > 0, with no global state (libm's lgamma writes
 * signgam, a data race between threads).
 *
 * Method:
 *  - 0 < x < 7/8: log Gamma(x) = log Gamma(1 + x) - log x, the first term
 *    from the Taylor series below without forming 1 + x.
 *  - 7/8 <= x < 12.125: Taylor series of log Gamma about the nearest centre
 *    c in {1, 1.25, ..., 12}, |x - c| <= 1/8 (Abramowitz & Stegun 6.1.33
 *    generalised: a_k = psi^(k-1)(c)/k! = (-1)^k zeta(k, c)/k for k >= 2),
 *    coefficients and log Gamma(c) in double-double from mpmath
 *    (tools/gen_lgamma.py).  The series converges for |x - c| < c, so terms
 *    fall at least like 8^-k; the generator picks the length that keeps the
 *    truncation below 2^-62 relative.  At c = 1 and c = 2 log Gamma(c) = 0,
 *    so the sum a_1 t + a_2 t^2 + ... carries full relative accuracy up to
 *    the zeros of log Gamma.  x - c is exact (Sterbenz).
 *  - x >= 12.125: Stirling's series (A&S 6.1.40)
 *        (x - 1/2) log x - x + log(2 pi)/2 + sum_{k=1}^{8} B_2k / (2k (2k-1) x^(2k-1)),
 *    whose error is below the first omitted term, 0.18 x^-17 < 1e-19 here;
 *    the dominant part in double-double (log x to ~2^-75), so the result
 *    is rounded about once.  Above 1e290 plain doubles (the split products would
 *    overflow); the relative error there is about one ulp.
 * Cost: O(1), 20 multiply-adds (a tree of depth 4 under 5 Horner steps),
 * or one double-double log and product. */
#include <float.h>
#include <math.h>

/* two_prod needs one fma with hardware FMA, 17 flops without: on x86-64
 * GCC and Clang build the Stirling path twice (an FMA clone and a baseline
 * clone, picked at load time), as bessel.c does. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__FMA__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define KES_DD_USE_FMA 1
#define KES_HOT __attribute__((target_clones("fma", "default")))
#endif
#endif
#ifndef KES_HOT
#define KES_HOT
#endif

#include "special/dd.h"
#include "special/lgamma_coeffs.h"
#include "special/special_internal.h"

#define HALF_LN2PI_HI 0.9189385332046728
#define HALF_LN2PI_LO (-3.8782941580672414e-17)

/* log Gamma(c_j + t), |t| <= 1/8, c_j = 1 + j/4:
 *     hi + (lo + t (a_1 + t (a_2 + t (a_3 + t (a_4 + t R))))).
 * The leading steps are Horner's, so the value keeps the rounding of a
 * short Horner chain; R, coefficients a_5..a_20 (at most 20 are needed,
 * the table is zero-padded), is combined by Estrin's scheme -- a tree of
 * depth 4 instead of a chain of 16 dependent multiply-adds -- whose few
 * extra roundings are scaled by t^4 <= 2^-12. */
static double taylor(int j, double t)
{
    const double *a = LG_A[j];
    const double *b = a + 4;
    double p[8];
    for (int i = 0; i < 8; i++) p[i] = b[2 * i] + b[2 * i + 1] * t;
    double t2 = t * t;
    for (int i = 0; i < 4; i++) p[i] = p[2 * i] + p[2 * i + 1] * t2;
    double t4 = t2 * t2;
    p[0] = p[0] + p[1] * t4;
    p[2] = p[2] + p[3] * t4;
    double R = p[0] + p[2] * (t4 * t4);
    double s = a[0] + t * (a[1] + t * (a[2] + t * (a[3] + t * R)));
    return LG_C_HI[j] + (LG_C_LO[j] + s * t);
}

/* Stirling's correction sum B_2k / (2k (2k-1) x^(2k-1)), k = 1..8. */
static inline double stirling_tail(double x)
{
    double r = 1.0 / x, r2 = r * r;
    /* beyond 1e8 the second term, 1/(360 x^3), is below 1e-40 of the result;
     * stopping also keeps r^2 from going subnormal (slow) for huge x */
    if (x >= 1e8) return r * (1.0 / 12.0);
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

/* x in [12.125, 1e290]: (x - 1/2) log x - x = x (log x - 1) - (log x)/2,
 * so x - 1/2 is never rounded; log x to about 2^-75 absolute (table
 * reduction, no division). */
KES_HOT static double stirling(double x)
{
    dd lx = dd_log_fast(x, 0.0);
    dd m = dd_mul_d(dd_add_d(lx, -1.0), x);
    m = dd_add_d(m, -0.5 * lx.hi);
    m = dd_add(m, dd_make(HALF_LN2PI_HI, HALF_LN2PI_LO));
    return m.hi + (m.lo + (stirling_tail(x) - 0.5 * lx.lo));
}

double kes__lgamma1p(double t)
{
    if (isnan(t) || t <= -1.0) return NAN;
    if (t < -0.125 || t >= 0.875) return kes__lgamma(1.0 + t); /* 1 + t exact below (Sterbenz) */
    int j = (int)(4.0 * t + 0.5); /* centre 1 + j/4 nearest 1 + t; t - j/4 is exact */
    return taylor(j, t - 0.25 * j);
}

double kes__lgamma(double x)
{
    if (isnan(x) || x <= 0.0) return NAN;
    if (isinf(x)) return INFINITY;
    if (x < 0x1p-54) return -log(x); /* gamma x and beyond are below half an ulp of -log x >= 37 */
    if (x < 0.875) return kes__lgamma1p(x) - log(x);
    if (x < 12.125) {
        int j = (int)(4.0 * x - 3.5); /* centre 1 + j/4 nearest x, |x - c| <= 1/8 */
        return taylor(j, x - (1.0 + 0.25 * j)); /* exact (Sterbenz) */
    }
    if (x > 1e290) {
        double lx = log(x);
        return x * (lx - 1.0) - 0.5 * lx + HALF_LN2PI_HI; /* inf past 2.55e305, as it should */
    }
    return stirling(x);
}
