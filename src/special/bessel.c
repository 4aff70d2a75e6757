/* Logarithms of the modified Bessel functions I_v(x), K_v(x) and the ratio
 * I_{v+1}(x)/I_v(x), evaluated in log space (nothing overflows for any v, x).
 *
 * Plan after Plesner, Sorensen & Hauberg, "Accurate Computation of the
 * Logarithm of Modified Bessel Functions on GPUs" (ICS 2024): one of three
 * expansions per region of (v, x), with edges re-derived here from the
 * truncation error of each expansion (tools/gen_bessel_coeffs.py prints the
 * polynomial bounds; tests/test_bessel.c checks both sides of every edge
 * against Arb):
 *
 *   Hankel   x >= 30 and v^2 <= x     DLMF 10.40.1/10.40.2, at most ~20 terms
 *                                     (the paper's mu_20 edge log v < 0.51 log x
 *                                     + 0.79 lets the terms grow; v^2 <= x keeps
 *                                     every term ratio below 1/2 at x = 30)
 *   Debye    v >= 17 or x >= 30       DLMF 10.41.3/10.41.4 with u_1..u_20;
 *                                     |u_20(t)| / 17^20 < 1e-17 for all t, and
 *                                     for x >= 30 the terms shrink like (t/v)^k;
 *                                     for v >= 700 five terms of the sum's own
 *                                     log expansion, no branch
 *   small-x  v >= 17 and x <= 2       I: power series; K: its leading series
 *                                     (DLMF 10.27.4), ~10 terms
 *   small    v < 17 and x < 30        I: power series (DLMF 10.25.2);
 *                                     K: Temme's series (x <= 2) or Steed's
 *                                     continued fraction CF2 (x > 2) for K_mu,
 *                                     K_{mu+1}, |mu| <= 1/2, then the forward
 *                                     recurrence (stable for K); for v < 1.5,
 *                                     1.2 <= x <= 3.2 (where those lose ~10 eps
 *                                     to cancellation) the trapezoidal rule on
 *                                     K's integral representation.
 *
 * Accuracy: the target is |error| <= 8 eps max(1, |log f|).  Where the answer
 * is small but its parts are large (v eta with v ~ 1e6 and eta ~ 0 near
 * x ~ 0.66 v; v log(x/2) - log Gamma(v+1) in the series), those parts are
 * carried in double-double (dd.h) or built from exact products and sums, so
 * the error does not grow with v.  Where they cannot cancel (x far from v,
 * or x small), plain doubles are used; each such shortcut states its
 * cancellation bound.  Measured worst case on the Arb data: 2.2 eps (log I,
 * small region), 7.5 eps (log K, v < 6 near x = 2); 0.012 eps in the Debye
 * region. */
#include <float.h>
#include <math.h>

#include "kestrel/special.h"

/* two_prod needs one fma with hardware FMA, 17 flops without.  On x86-64 GCC
 * and Clang build them twice (target_clones: an FMA clone and a baseline
 * clone, picked once at load time), so the library still runs on CPUs
 * without FMA.  KES_NO_TARGET_CLONES (the ThreadSanitizer build) drops the
 * clones: their ifunc resolvers run before TSan's runtime is set up and
 * crash the program before main. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__FMA__) && defined(__has_attribute) &&                    \
    !defined(KES_NO_TARGET_CLONES)
#if __has_attribute(target_clones)
#define KES_DD_USE_FMA 1
#define KES_HOT __attribute__((target_clones("fma", "default")))
#endif
#endif
#ifndef KES_HOT
#define KES_HOT
#endif

#include "special/dd.h"
#include "special/special_internal.h"

#define HANKEL_XMIN 30.0
#define DEBYE_VMIN 17.0
#define SERIES_TOL 2e-17
#define TEMME_XMAX 2.0
#define KES_ACC (8.0 * DBL_EPSILON)
#define KES_PI 3.14159265358979323846

enum { R_HANKEL, R_DEBYE, R_SMALL, R_SMALLX };

/* Small argument, large order (v >= 17, x <= 2): the power series of I and
 * the leading series of K converge in ~10 terms there, faster than Debye's
 * 20 terms at t ~ 1, and log(x/2) <= 0 keeps every part of one sign. */
#define SMALLX_XMAX 2.0

/* Truncation tolerance for a sum S ~ 1 whose log is added to a result of
 * size about |big| (x in Hankel; the Debye path keeps 2e-17, which costs
 * it no measurable time): the bound is
 * 8 eps max(1, |log f|) and |log f| >= |big| - 200 (the other terms are
 * log(2 pi s)/2 <= 175 for s <= 1e150), so the sum may stop at
 * 2e-17 max(1, |big| - 200), still 0.1 eps of the bound. */
static inline double trunc_tol(double big)
{
    return SERIES_TOL * fmax(1.0, fabs(big) - 200.0);
}

/* 1/k, so the Hankel loop multiplies instead of dividing. */
static const double INV_K[65] = {
    0, 1.0 / 1, 1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7, 1.0 / 8, 1.0 / 9, 1.0 / 10,
    1.0 / 11, 1.0 / 12, 1.0 / 13, 1.0 / 14, 1.0 / 15, 1.0 / 16, 1.0 / 17, 1.0 / 18, 1.0 / 19, 1.0 / 20,
    1.0 / 21, 1.0 / 22, 1.0 / 23, 1.0 / 24, 1.0 / 25, 1.0 / 26, 1.0 / 27, 1.0 / 28, 1.0 / 29, 1.0 / 30,
    1.0 / 31, 1.0 / 32, 1.0 / 33, 1.0 / 34, 1.0 / 35, 1.0 / 36, 1.0 / 37, 1.0 / 38, 1.0 / 39, 1.0 / 40,
    1.0 / 41, 1.0 / 42, 1.0 / 43, 1.0 / 44, 1.0 / 45, 1.0 / 46, 1.0 / 47, 1.0 / 48, 1.0 / 49, 1.0 / 50,
    1.0 / 51, 1.0 / 52, 1.0 / 53, 1.0 / 54, 1.0 / 55, 1.0 / 56, 1.0 / 57, 1.0 / 58, 1.0 / 59, 1.0 / 60,
    1.0 / 61, 1.0 / 62, 1.0 / 63, 1.0 / 64};

static inline int region_of(double v, double x)
{
    if (x >= HANKEL_XMIN && v * v <= x) return R_HANKEL;
    if (v >= DEBYE_VMIN && x <= SMALLX_XMAX) return R_SMALLX;
    if (v >= DEBYE_VMIN || x >= HANKEL_XMIN) return R_DEBYE;
    return R_SMALL;
}

/* Hankel's expansion: S = sum_k (+-1)^k a_k(v) / x^k with
 * a_k / a_{k-1} = (4v^2 - (2k-1)^2) / (8k).  Returns S_I - 1 (alternating)
 * and S_K - 1.  In the Hankel region successive term ratios are < 1 once
 * past any accidental zero, so |term| < tol is a safe stop. */
static void hankel_sums(double v, double x, double tol, double *si, double *sk)
{
    double term = 1.0, s_i = 0.0, s_k = 0.0, r8 = 0.125 / x, v2 = 2.0 * v;
    for (int k = 1; k <= 64; k++) {
        double m = 2.0 * k - 1.0;
        term *= ((v2 - m) * (v2 + m)) * (r8 * INV_K[k]);
        s_k += term;
        s_i += (k & 1) ? -term : term;
        if (fabs(term) < tol) break;
    }
    *si = s_i;
    *sk = s_k;
}

/* Debye sums sum_{k>=1} u_k(t)/v^k (and with (-1)^k), and optionally
 * sum_{k>=1} w_k(t)/v^k for the ratio.  Terms are (t/v)^k P_k(t^2); the sum
 * stops when the precomputed bound max|P_k| (t/v)^k is below 1e-18, never
 * on an accidentally small term. */
static inline __attribute__((always_inline)) void debye_sums(double t, double v, double tol, double *su_i,
                                                             double *su_k, double *sw)
{
    double t2 = t * t, tv = t / v, p = 1.0, sgn = 1.0;
    double pw[KES_DEBYE_KMAX + 1];
    double a = 0.0, b = 0.0, w = 0.0;
    pw[0] = 1.0;
    for (int k = 1; k <= KES_DEBYE_KMAX; k++) {
        p *= tv;
        sgn = -sgn;
        if (p * DEBYE_BU[k - 1] < tol && (!sw || p * DEBYE_BW[k - 1] < tol)) break;
        pw[k] = pw[k - 1] * t2;
        /* P_k(t^2) as a dot product with the powers of t^2 (short dependency
         * chains; a Horner chain per term was latency-bound) */
        const double *c = DEBYE_U + DEBYE_OFF[k - 1];
        double e0 = c[0], e1 = 0.0;
        int j = 1;
        for (; j + 1 <= k; j += 2) {
            e1 += c[j] * pw[j];
            e0 += c[j + 1] * pw[j + 1];
        }
        if (j == k) e1 += c[k] * pw[k];
        double term = p * (e0 + e1);
        a += term;
        b += sgn * term;
        if (sw) {
            const double *d = DEBYE_W + DEBYE_OFF[k - 1];
            double f = 0.0;
            for (int jj = 0; jj < k; jj++) f += d[jj] * pw[jj];
            w += p * f;
        }
    }
    *su_i = a;
    *su_k = b;
    if (sw) *sw = w;
}

/* log(1 + sum_k u_k(t)/v^k) for v >= DEBYE5_VMIN from its own expansion
 * sum_k l_k(t)/v^k (l_k = p^k L_k(t^2) with p = t/v = 1/s; DEBYE_L), cut
 * after five terms: the rest is below sum_{k>=6} DEBYE_BL[k-1] v^-k < 6e-18
 * (t <= 1), 0.03 eps on the log.  A fixed count has no data-dependent
 * branch, and the log form needs no log1p.  Estrin's scheme keeps the
 * dependency chains short.  Returns the I form (sum l_k/v^k) and the K form
 * (sum (-1)^k l_k/v^k). */
#define DEBYE5_VMIN 700.0
static inline __attribute__((always_inline)) void debye_logsum5(double t2, double p, double *li, double *lk)
{
    const double *c = DEBYE_L;
    double t4 = t2 * t2, t8 = t4 * t4;
    double L1 = c[0] + c[1] * t2;
    double L2 = (c[2] + c[3] * t2) + c[4] * t4;
    double L3 = (c[5] + c[6] * t2) + t4 * (c[7] + c[8] * t2);
    double L4 = (c[9] + c[10] * t2) + t4 * (c[11] + c[12] * t2) + t8 * c[13];
    double L5 = (c[14] + c[15] * t2) + t4 * (c[16] + c[17] * t2) + t8 * (c[18] + c[19] * t2);
    double p2 = p * p;
    double even = p2 * (L2 + p2 * L4), odd = p * (L1 + p2 * (L3 + p2 * L5));
    *li = even + odd;
    *lk = even - odd;
}

/* Debye's uniform expansion in log form, with s = sqrt(v^2 + x^2), t = v/s:
 *   log I = v eta - log(2 pi)/2 - log(s^2)/4 + log(1 + sum_k u_k(t)/v^k)
 *   log K = -v eta + log(pi/2)/2 - log(s^2)/4 + log(1 + sum_k (-1)^k u_k(t)/v^k)
 *   v eta = s - v log(y),  y = (v + s)/x  (= s - v asinh(v/x)).
 * v eta nearly cancels for x ~ 0.66 v, where log f is small but s ~ v, so
 * it is built from exact parts, the same way for every w = v/x (no branch):
 * s^2 = v^2 + x^2 as a double-double, s and y to ~2^-104 relative (one sqrt,
 * two divisions, fma remainders), log y by dd_log_fast (<= 2^-75 absolute),
 * v log y as an exact product, log s^2 by dd_log_lite (2^-59, scaled by
 * 1/4).  Hence |error in v eta| <= v 2^-75 + 2^-100 s (< 0.07 eps for
 * v <= 1e6 where it cancels), and the result's error is its final rounding
 * plus the truncation of the sums (< 0.05 eps) and the small terms' roundings
 * (< 0.02 eps): under 0.6 ulp.  On the Arb data (1796 rows in this region,
 * 480 of them where log I or log K is ~0 or on the vMF batch) every value is
 * the reference double or 1 ulp from it (worst 0.012 eps).
 * For v >= DEBYE5_VMIN the log of the sum is debye_logsum5; below, the
 * general sum with its stopping rule and log1p. */
static inline __attribute__((always_inline)) double debye_log(double v, double x, int want_k, int fixed5)
{
    double su_i, su_k;
    if (!fixed5 && (v > 1e150 || x > 1e150)) {
        /* Far beyond the accuracy range; plain double, no overflow. */
        double s = hypot(v, x);
        double L = log(v) + log1p(s / v) - log(x); /* log((v + s)/x) without forming v + s */
        double veta = s - v * L;
        debye_sums(v / s, v, SERIES_TOL, &su_i, &su_k, NULL);
        double ls = log(s);
        if (want_k) return -veta + 0.5 * KES_LNPI_2_HI - 0.5 * ls + log1p(su_k);
        return veta - 0.5 * KES_LN2PI_HI - 0.5 * ls + log1p(su_i);
    }
    dd vv = two_prod(v, v), xx = two_prod(x, x);
    dd S2 = two_sum(vv.hi, xx.hi);
    S2.lo += vv.lo + xx.lo; /* |S2.lo| <= 2 ulp(S2.hi): fine unnormalised below */
    double sh = sqrt(S2.hi), is = 1.0 / sh, ix = 1.0 / x;
    double sl = (fms_small(sh, sh, S2.hi) + S2.lo) * (0.5 * is);
    dd u = two_sum(v, sh);
    u.lo += sl;
    double yh = u.hi * ix;
    double yl = (fms_small(yh, x, u.hi) + u.lo) * ix;
    dd L = dd_log_fast(yh, yl);
    dd LS = dd_log_lite(S2.hi, S2.lo);
    dd vL = two_prod(v, L.hi);
    vL.lo += v * L.lo;
    double t = v * is, l1p;
    if (fixed5) {
        debye_logsum5(t * t, is, &su_i, &su_k);
        l1p = want_k ? su_k : su_i;
    } else {
        debye_sums(t, v, SERIES_TOL, &su_i, &su_k, NULL);
        l1p = log1p(want_k ? su_k : su_i);
    }
    /* (s + G.hi) - v L.hi with one exact two_sum on the path from log y */
    dd G;
    double Gl;
    /* the heads are multiples of 2^-42 below 2^8: G.hi is exact */
    if (want_k) {
        G = dd_make(0.5 * KES_LNPI_2_A - 0.25 * LS.hi, 0.0);
        Gl = (0.5 * KES_LNPI_2_B - 0.25 * LS.lo) + l1p;
        dd P = two_sum(-sh, G.hi);
        dd R = two_sum(P.hi, vL.hi);
        return R.hi + (R.lo + ((P.lo + Gl) + (vL.lo - sl)));
    }
    G = dd_make(-0.5 * KES_LN2PI_A - 0.25 * LS.hi, 0.0);
    Gl = (-0.5 * KES_LN2PI_B - 0.25 * LS.lo) + l1p;
    dd P = two_sum(sh, G.hi);
    dd R = two_sum(P.hi, -vL.hi);
    return R.hi + (R.lo + ((P.lo + Gl) + (sl - vL.lo)));
}

/* One clone set per function (want_k is then a constant); the general case
 * (v < DEBYE5_VMIN: a variable number of terms and their stack buffer) in
 * its own function so the fixed-term path needs no stack frame. */
__attribute__((noinline)) KES_HOT static double debye_gen_i(double v, double x) { return debye_log(v, x, 0, 0); }
__attribute__((noinline)) KES_HOT static double debye_gen_k(double v, double x) { return debye_log(v, x, 1, 0); }
KES_HOT static double debye_log_i(double v, double x)
{
    if (v >= DEBYE5_VMIN && v <= 1e150 && x <= 1e150) return debye_log(v, x, 0, 1);
    return debye_gen_i(v, x);
}
KES_HOT static double debye_log_k(double v, double x)
{
    if (v >= DEBYE5_VMIN && v <= 1e150 && x <= 1e150) return debye_log(v, x, 1, 1);
    return debye_gen_k(v, x);
}

static double hankel_log(double v, double x, int want_k)
{
    double si, sk;
    hankel_sums(v, x, trunc_tol(x), &si, &sk);
    double lx = log(x);
    if (want_k) return -x + 0.5 * (KES_LNPI_2_HI - lx) + log1p(sk);
    return x - 0.5 * (KES_LN2PI_HI + lx) + log1p(si);
}

/* log Gamma(v + 1) for 0 <= v < 17 in double-double:
 * Gamma(v+1) = Gamma(1+f) prod_{j=1..n} (f + j), v = n + f, with the product
 * kept exact to ~1e-32 and log Gamma only on [1, 2) where it is below 0.13. */
static inline __attribute__((always_inline)) dd lgamma1p_dd(double v)
{
    double n = floor(v), f = v - n;
    dd prod = dd_make(1.0, 0.0);
    for (int j = 1; j <= (int)n; j++) prod = dd_mul(prod, two_sum(f, (double)j));
    dd r = (n >= 1.0) ? dd_log(prod) : dd_make(0.0, 0.0);
    if (f != 0.0) r = dd_add_d(r, kes__lgamma1p(f));
    return r;
}

/* Power series I_v(x) = (x/2)^v / Gamma(v+1) * sum_k (x^2/4)^k / (k! (v+1)_k)
 * (DLMF 10.25.2), positive terms; the prefactor in double-double logs. */
KES_HOT static double series_log_i(double v, double x)
{
    double q = 0.25 * x * x, term = 1.0, T = 0.0;
    for (int k = 1; k <= 400; k++) {
        term *= q / ((double)k * (v + k));
        T += term;
        if (term < SERIES_TOL * (1.0 + T)) break;
    }
    if (v == 0.0) return log1p(T);
    /* Plain doubles when v log(x/2) and log Gamma(v+1) do not cancel (x small:
     * both terms push the same way); double-double otherwise. */
    double a = v * (log(x) - KES_LN2_HI), lg = kes__lgamma1p(v);
    double res = (a - lg) + log1p(T);
    if (fabs(a) + fabs(lg) <= 1.5 * fmax(1.0, fabs(res))) return res;
    dd lx = dd_add(dd_log_d(x), dd_make(-KES_LN2_HI, -KES_LN2_LO));
    dd pre = dd_add(dd_mul_d(lx, v), dd_neg(lgamma1p_dd(v)));
    pre = dd_add_d(pre, log1p(T));
    return pre.hi + pre.lo;
}

/* Temme's (1975) Gamma1(mu) = (1/Gamma(1-mu) - 1/Gamma(1+mu)) / (2 mu) and
 * Gamma2(mu) = (1/Gamma(1-mu) + 1/Gamma(1+mu)) / 2 from the Taylor series of
 * 1/Gamma(1+z), |mu| <= 1/2 (no cancellation at mu = 0). */
static void temme_gammas(double mu, double *g1, double *g2)
{
    double m2 = mu * mu, odd = 0.0, even = 0.0;
    for (int k = KES_RGAMMA1_N - 1; k >= 0; k--) {
        if (k & 1) odd = odd * m2 + RGAMMA1[k];
        else even = even * m2 + RGAMMA1[k];
    }
    /* odd accumulated sum_j b_{2j+1} mu^{2j}, even sum_j b_{2j} mu^{2j}. */
    *g1 = -odd;
    *g2 = even;
}

/* log K_v(x) for 0 <= v < 17, 0 < x < 30.
 * K_mu and K_{mu+1}, mu = v - round(v): Temme's series for x <= 2
 * (N. M. Temme, J. Comput. Phys. 19 (1975) 324-337), Steed's evaluation of
 * Temme's continued fraction CF2 for x > 2 (Press et al., Numerical Recipes
 * 3rd ed., sec. 6.6.2).  Then K_{mu+k+1} = 2(mu+k)/x K_{mu+k} + K_{mu+k-1},
 * written as log K_{mu+k+1} = log K_{mu+k} + log N_k - log x with
 * N_k = 2(mu+k) + q_{k-1}, q_k = x K_{mu+k}/K_{mu+k+1} = x^2/N_k, so no
 * quantity overflows even at x = 1e-300; the n log x part is double-double. */
KES_HOT static double small_log_k(double v, double x)
{
    double n = floor(v + 0.5), mu = v - n;
    dd part;                 /* log K_{mu+1} = part - nlx * log x */
    double q, nlx;           /* q_0 = x K_mu / K_{mu+1} */
    double lk0;              /* log K_mu (used when n == 0) */
    /* log x in double-double only where the recurrence's n log x can
     * cancel against the other parts (x > 0.1) */
    dd lx = (x > 0.1) ? dd_log_d(x) : dd_make(log(x), 0.0);
    if (x <= TEMME_XMAX) {
        double g1, g2;
        temme_gammas(mu, &g1, &g2);
        double gampl = g2 - mu * g1, gammi = g2 + mu * g1; /* 1/Gamma(1+mu), 1/Gamma(1-mu) */
        double d = (KES_LN2_HI - lx.hi) + (KES_LN2_LO - lx.lo); /* log(2/x) */
        double pimu = KES_PI * mu, e = mu * d;
        double fact = fabs(pimu) < 1e-300 ? 1.0 : pimu / sin(pimu);
        /* sinh and cosh of e from exp (and expm1 for |e| < 1/2, where
         * sinh e = (em1 + em1/ee)/2 avoids cancellation); |e| <= 373 */
        double ee = exp(e), iee = 1.0 / ee, sh;
        if (fabs(e) < 0.5) {
            double em1 = expm1(e);
            sh = 0.5 * (em1 + em1 * iee);
        } else {
            sh = 0.5 * (ee - iee);
        }
        double fact2 = fabs(e) < 1e-300 ? 1.0 : sh / e;
        double ff = fact * (g1 * (0.5 * (ee + iee)) + g2 * fact2 * d);
        double p = 0.5 * ee / gampl, qq = 0.5 / (ee * gammi);
        double c = 1.0, y = 0.25 * x * x, sum = ff, sum1 = p, m2 = mu * mu, comp = 0.0;
        for (int i = 1; i <= 200; i++) {
            ff = (i * ff + p + qq) / (i * (double)i - m2);
            c *= y / i;
            p /= i - mu;
            qq /= i + mu;
            double del = c * ff, del1 = c * (p - i * ff);
            dd t = two_sum(sum, del);
            sum = t.hi;
            comp += t.lo;
            sum1 += del1;
            if (fabs(del) < SERIES_TOL * fabs(sum) && fabs(del1) < SERIES_TOL * fabs(sum1)) break;
        }
        sum += comp;
        lk0 = (n == 0.0) ? log(sum) : 0.0;
        /* K_{mu+1} = (2/x) sum1 */
        part = dd_add_d(dd_make(KES_LN2_HI, KES_LN2_LO), log(sum1));
        nlx = 1.0;
        q = 0.5 * x * x * sum / sum1;
    } else {
        double b = 2.0 * (1.0 + x), dd_ = 1.0 / b, h = dd_, delh = dd_;
        double q1 = 0.0, q2 = 1.0, a1 = 0.25 - mu * mu, qs = a1, c = a1, a = -a1;
        double s = 1.0 + qs * delh;
        for (int i = 2; i <= 1000; i++) {
            a -= 2.0 * (i - 1);
            c = -a * c / i;
            double qn = (q1 - b * q2) / a;
            q1 = q2;
            q2 = qn;
            qs += c * qn;
            b += 2.0;
            dd_ = 1.0 / (b + a * dd_);
            delh = (b * dd_ - 1.0) * delh;
            h += delh;
            double dels = qs * delh;
            s += dels;
            if (fabs(dels) < SERIES_TOL * fabs(s)) break;
        }
        h *= a1;
        /* K_mu = sqrt(pi/(2x)) e^{-x} / s,  K_{mu+1} = K_mu (mu + x + 1/2 - h) / x */
        /* the parts are O(1) to O(x) while log K can be ~0: sum them in
         * double-double so only the logs' own roundings remain */
        dd base = dd_add_d(dd_add_d(dd_make(0.5 * KES_LNPI_2_HI, 0.5 * KES_LNPI_2_LO), -x), -log(s));
        dd l0 = dd_add(base, dd_make(-0.5 * lx.hi, -0.5 * lx.lo));
        lk0 = l0.hi + l0.lo;
        double f1 = mu + x + 0.5 - h;
        part = dd_add_d(base, log(f1));
        nlx = 1.5;
        q = x * x / f1;
    }
    if (n == 0.0) return lk0;
    /* N_k is formed exactly (two_sum) and multiplied into a double-double
     * product; only q_k = x^2/N_k is rounded, and its error enters N_{k+1}
     * with weight q/N < 1 that shrinks as k grows.  A plain double product
     * gave 20 eps at v = 16.5, x = 10. */
    dd prod = dd_make(1.0, 0.0);
    double x2 = x * x;
    for (int k = 1; k < (int)n; k++) {
        dd N = two_sum(2.0 * (mu + k), q);
        prod = dd_mul(prod, N);
        q = x2 / (N.hi + N.lo);
    }
    nlx += n - 1.0;
    if (x <= 0.1) {
        /* log x < 0: the three parts all have the same sign, no cancellation,
         * and |log K| > 2; double logs suffice. */
        return (part.hi + part.lo) + log(prod.hi) - nlx * (lx.hi + lx.lo);
    }
    dd r = dd_add(dd_mul_d(lx, -nlx), part);
    r = dd_add(r, dd_log(prod));
    return r.hi + r.lo;
}

/* K_v(x) = int_0^inf exp(-x cosh t) cosh(v t) dt (DLMF 10.32.9) by the
 * trapezoidal rule with step h = 0.15 on the even integrand.  The integrand
 * is entire and positive, so there is no cancellation, and the error is
 * about exp(-2 pi d / h) K_v(x cos d) / K_v(x) for any d < pi/2 (Trefethen &
 * Weideman, SIAM Review 56 (2014)); d = 1.3 gives < 1e-22 for v <= 1.5,
 * x >= 1.2.  Used for 0 <= v < 1.5, 1.2 <= x <= 3.2, where Temme's series
 * (cancellation between its first terms) and Steed's sum lose up to ~10 eps
 * of log K ~ -2.  exp(-x (cosh t - 1)) with a tabulated cosh t - 1 keeps the
 * exponent's rounding independent of the node. */
#define KINT_VMAX 1.5
#define KINT_XMIN 1.2
#define KINT_XMAX 3.2
static double integral_log_k(double v, double x)
{
    double sum = 0.5, comp = 0.0; /* j = 0 node has weight 1/2 and value 1 */
    for (int j = 1; j < KES_KINT_N; j++) {
        double t = j * KES_KINT_H;
        double term = exp(-x * KINT_COSHM1[j]) * (v == 0.0 ? 1.0 : cosh(v * t));
        dd s2 = two_sum(sum, term);
        sum = s2.hi;
        comp += s2.lo;
        if (term < 1e-19 * sum) break;
    }
    /* log K = -x + log(h * sum) */
    dd r = dd_add_d(dd_log(two_sum(sum, comp)), -x);
    r = dd_add(r, dd_make(KES_LOG_KINT_H_HI, KES_LOG_KINT_H_LO));
    return r.hi + r.lo;
}

/* v >= 17, 0 < x <= 2.
 *   log I = v log(x/2) - log Gamma(v+1) + log1p(sum_{k>=1} (x^2/4)^k / (k! (v+1)_k))
 *   log K = log Gamma(v) - v log(x/2) - log 2 + log1p(sum_{k>=1} (-x^2/4)^k / (k! (v-1)...(v-k)))
 * The K series is the first half of DLMF 10.27.4 with 10.25.2 (10.31.1 for
 * integer v); the dropped part -- the other half plus the terms k >= v - 1,
 * whose poles cancel at integer v -- is relatively (x/2)^(2v) / Gamma(v)^2
 * ~ 1e-26 here.  Term ratios are at most 1/(k (v - k)) <= 1/16, so ~10
 * terms reach 1e-17, long before k nears v.  Both parts of each formula
 * have one sign (log(x/2) <= 0), so plain doubles keep a few ulps. */
static double smallx_log(double v, double x, int want_k)
{
    double q = 0.25 * x * x, term = 1.0, T = 0.0;
    double lx2 = log(x) - KES_LN2_HI;
    if (want_k) {
        for (int k = 1; k < 40; k++) {
            term *= -q / ((double)k * (v - k));
            T += term;
            if (fabs(term) < SERIES_TOL) break;
        }
        return (kes__lgamma(v) - v * lx2) + (log1p(T) - KES_LN2_HI);
    }
    for (int k = 1; k < 40; k++) {
        term *= q / ((double)k * (v + k));
        T += term;
        if (term < SERIES_TOL) break;
    }
    return (v * lx2 - kes__lgamma1p(v)) + log1p(T);
}

/* Core evaluations for v >= 0, 0 < x < inf (both finite). */
static double log_i_core(double v, double x)
{
    switch (region_of(v, x)) {
    case R_HANKEL: return hankel_log(v, x, 0);
    case R_DEBYE: return debye_log_i(v, x);
    case R_SMALLX: return smallx_log(v, x, 0);
    default: return series_log_i(v, x);
    }
}

static double log_k_core(double v, double x)
{
    switch (region_of(v, x)) {
    case R_HANKEL: return hankel_log(v, x, 1);
    case R_DEBYE: return debye_log_k(v, x);
    case R_SMALLX: return smallx_log(v, x, 1);
    default:
        if (v < KINT_VMAX && x >= KINT_XMIN && x <= KINT_XMAX) return integral_log_k(v, x);
        return small_log_k(v, x);
    }
}

/* Argument checks, exact limits, then the core; returns the status of the
 * _e forms and sets *val. */
static kes_status eval_i(double v, double x, double *val)
{
    /* one test for the usual case: finite v >= 0, finite x > 0 (NaN fails it) */
    if (v >= 0.0 && v <= DBL_MAX && x > 0.0 && x <= DBL_MAX) {
        *val = log_i_core(v, x);
        return isinf(*val) ? KES_ERANGE : KES_OK;
    }
    if (isnan(v) || isnan(x) || v < 0.0 || x < 0.0 || isinf(v)) {
        *val = NAN;
        return KES_EDOM;
    }
    if (x == 0.0) {
        *val = (v == 0.0) ? 0.0 : -INFINITY;
        return KES_OK;
    }
    if (isinf(x)) {
        *val = INFINITY;
        return KES_OK;
    }
    *val = log_i_core(v, x);
    return isinf(*val) ? KES_ERANGE : KES_OK;
}

static kes_status eval_k(double v, double x, double *val)
{
    if (fabs(v) <= DBL_MAX && x > 0.0 && x <= DBL_MAX) { /* the usual case, as in eval_i */
        *val = log_k_core(fabs(v), x);
        return isinf(*val) ? KES_ERANGE : KES_OK;
    }
    if (isnan(v) || isnan(x) || x < 0.0 || isinf(v)) {
        *val = NAN;
        return KES_EDOM;
    }
    v = fabs(v);
    if (x == 0.0) {
        *val = INFINITY;
        return KES_OK;
    }
    if (isinf(x)) {
        *val = -INFINITY;
        return KES_OK;
    }
    *val = log_k_core(v, x);
    return isinf(*val) ? KES_ERANGE : KES_OK;
}

double kes_log_besseli(double v, double x)
{
    double r;
    (void)eval_i(v, x, &r);
    return r;
}

double kes_log_besselk(double v, double x)
{
    double r;
    (void)eval_k(v, x, &r);
    return r;
}

static kes_status fill_result(kes_status st, double val, kes_result *r)
{
    r->val = val;
    if (st == KES_EDOM) r->err = NAN;
    else if (st == KES_ERANGE) r->err = INFINITY;
    else r->err = isinf(val) ? 0.0 : KES_ACC * fmax(1.0, fabs(val));
    return st;
}

kes_status kes_log_besseli_e(double v, double x, kes_result *r)
{
    if (!r) return KES_EINVAL;
    double val;
    kes_status st = eval_i(v, x, &val);
    return fill_result(st, val, r);
}

kes_status kes_log_besselk_e(double v, double x, kes_result *r)
{
    if (!r) return KES_EINVAL;
    double val;
    kes_status st = eval_k(v, x, &val);
    return fill_result(st, val, r);
}

/* Shared body of the array forms.  Most severe status wins: EDOM (-8)
 * before ERANGE (-4) before OK, hence the min reduction. */
static kes_status eval_array(kes_status (*f)(double, double, double *), int64_t n, const double *v,
                             const double *x, double *out)
{
    if (n < 0) return KES_EDIM;
    if (n == 0) return KES_OK;
    if (!v || !x || !out) return KES_EINVAL;
    int worst = 0;
#pragma omp parallel for schedule(static) reduction(min : worst)
    for (int64_t i = 0; i < n; i++) {
        double val;
        int st = (int)f(v[i], x[i], &val);
        out[i] = val;
        if (st < worst) worst = st;
    }
    return (kes_status)worst;
}

kes_status kes_log_besseli_array(int64_t n, const double *v, const double *x, double *out)
{
    return eval_array(eval_i, n, v, x, out);
}

kes_status kes_log_besselk_array(int64_t n, const double *v, const double *x, double *out)
{
    return eval_array(eval_k, n, v, x, out);
}

/* I_{v+1}(x)/I_v(x) without forming either function.
 *  - Hankel region (for order v+1): the e^x / sqrt(2 pi x) prefactors
 *    cancel, ratio = S_I(v+1) / S_I(v).
 *  - v >= 30 or x >= 30: from Debye's expansions of I_v and I_v'
 *    (DLMF 10.41.3, 10.41.5) and I_{v+1} = I_v' - (v/x) I_v:
 *        ratio = x/(s+v) - (x/s) W/U,  U = sum u_k(t)/v^k,
 *        W = sum w_k(t)/v^k,  v_k - u_k = -(1-t^2) w_k  (DLMF 10.41.12),
 *    which has no cancellation as x -> 0 (w_k is generated exactly).
 *  - otherwise both power series, ratio = x/(2(v+1)) T_{v+1}/T_v. */
double kes_bessel_ratio(double v, double x)
{
    if (isnan(v) || isnan(x) || v < 0.0 || x < 0.0 || isinf(v)) return NAN;
    if (x == 0.0) return 0.0;
    if (isinf(x)) return 1.0;
    double v1 = v + 1.0;
    if (x >= HANKEL_XMIN && v1 * v1 <= x) {
        double si0, si1, sk;
        hankel_sums(v, x, SERIES_TOL, &si0, &sk);
        hankel_sums(v1, x, SERIES_TOL, &si1, &sk);
        return (1.0 + si1) / (1.0 + si0);
    }
    if (v >= 30.0 || x >= HANKEL_XMIN) {
        double s = hypot(v, x), su_i, su_k, sw;
        debye_sums(v / s, v, SERIES_TOL, &su_i, &su_k, &sw);
        return x / (s + v) - (x / s) * sw / (1.0 + su_i);
    }
    double q = 0.25 * x * x, t0 = 1.0, t1 = 1.0, T0 = 1.0, T1 = 1.0;
    for (int k = 1; k <= 400; k++) {
        t0 *= q / ((double)k * (v + k));
        t1 *= q / ((double)k * (v1 + k));
        T0 += t0;
        T1 += t1;
        if (t0 < SERIES_TOL * T0 && t1 < SERIES_TOL * T1) break;
    }
    return x / (2.0 * v1) * (T1 / T0);
}
