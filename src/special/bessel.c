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
 *                                     for x >= 30 the terms shrink like (t/v)^k
 *   small    v < 17 and x < 30        I: power series (DLMF 10.25.2);
 *                                     K: Temme's series (x <= 2) or Steed's
 *                                     continued fraction CF2 (x > 2) for K_mu,
 *                                     K_{mu+1}, |mu| <= 1/2, then the forward
 *                                     recurrence (stable for K).
 *
 * Accuracy: the target is |error| <= 8 eps max(1, |log f|).  Where the answer
 * is small but its parts are large (v eta with v ~ 1e6 and eta ~ 0 near
 * x ~ 0.66 v; v log(x/2) - log Gamma(v+1) in the series), those parts are
 * carried in double-double (dd.h), so the error does not grow with v. */
#include <float.h>
#include <math.h>

#include "kestrel/special.h"
#include "special/dd.h"

#define HANKEL_XMIN 30.0
#define DEBYE_VMIN 17.0
#define SERIES_TOL 1e-18
#define KES_ACC (8.0 * DBL_EPSILON)
#define KES_PI 3.14159265358979323846

enum { R_HANKEL, R_DEBYE, R_SMALL };

static inline int region_of(double v, double x)
{
    if (x >= HANKEL_XMIN && v * v <= x) return R_HANKEL;
    if (v >= DEBYE_VMIN || x >= HANKEL_XMIN) return R_DEBYE;
    return R_SMALL;
}

/* Hankel's expansion: S = sum_k (+-1)^k a_k(v) / x^k with
 * a_k / a_{k-1} = (4v^2 - (2k-1)^2) / (8k).  Returns S_I - 1 (alternating)
 * and S_K - 1.  In the Hankel region successive term ratios are < 1 once
 * past any accidental zero, so |term| < tol is a safe stop. */
static void hankel_sums(double v, double x, double *si, double *sk)
{
    double term = 1.0, s_i = 0.0, s_k = 0.0, x8 = 8.0 * x, v2 = 2.0 * v;
    for (int k = 1; k <= 64; k++) {
        double m = 2.0 * k - 1.0;
        term *= ((v2 - m) * (v2 + m)) / (k * x8);
        s_k += term;
        s_i += (k & 1) ? -term : term;
        if (fabs(term) < SERIES_TOL) break;
    }
    *si = s_i;
    *sk = s_k;
}

/* Debye sums sum_{k>=1} u_k(t)/v^k (and with (-1)^k), and optionally
 * sum_{k>=1} w_k(t)/v^k for the ratio.  Terms are (t/v)^k P_k(t^2); the sum
 * stops when the precomputed bound max|P_k| (t/v)^k is below 1e-18, never
 * on an accidentally small term. */
static void debye_sums(double t, double v, double *su_i, double *su_k, double *sw)
{
    double t2 = t * t, tv = t / v, p = 1.0, a = 0.0, b = 0.0, w = 0.0;
    for (int k = 1; k <= KES_DEBYE_KMAX; k++) {
        p *= tv;
        int need_u = p * DEBYE_BU[k - 1] >= SERIES_TOL;
        int need_w = sw && p * DEBYE_BW[k - 1] >= SERIES_TOL;
        if (!need_u && !need_w) break;
        const double *c = DEBYE_U + DEBYE_OFF[k - 1];
        double poly = c[k];
        for (int j = k - 1; j >= 0; j--) poly = poly * t2 + c[j];
        double term = p * poly;
        a += term;
        b += (k & 1) ? -term : term;
        if (sw) {
            const double *d = DEBYE_W + DEBYE_OFF[k - 1];
            double pw = d[k - 1];
            for (int j = k - 2; j >= 0; j--) pw = pw * t2 + d[j];
            w += p * pw;
        }
    }
    *su_i = a;
    *su_k = b;
    if (sw) *sw = w;
}

/* Debye's uniform expansion in log form, with s = sqrt(v^2 + x^2):
 *   log I = v eta - log(2 pi)/2 - log(s)/2 + log sum_k u_k(t)/v^k
 *   log K = -v eta + log(pi/2)/2 - log(s)/2 + log sum_k (-1)^k u_k(t)/v^k
 *   v eta = s - v log((v + s)/x),  t = v/s.
 * v eta and the constants are summed in double-double so that the result
 * keeps its absolute accuracy where v eta nearly cancels (x ~ 0.66 v). */
static double debye_log(double v, double x, int want_k)
{
    double su_i, su_k;
    if (v > 1e150 || x > 1e150) {
        /* Far beyond the accuracy range; plain double, no overflow. */
        double s = hypot(v, x);
        double L = log(v) + log1p(s / v) - log(x); /* log((v + s)/x) without forming v + s */
        double veta = s - v * L;
        debye_sums(v / s, v, &su_i, &su_k, NULL);
        double ls = log(s);
        if (want_k) return -veta + 0.5 * KES_LNPI_2_HI - 0.5 * ls + log1p(su_k);
        return veta - 0.5 * KES_LN2PI_HI - 0.5 * ls + log1p(su_i);
    }
    dd s = dd_sqrt(dd_add(two_prod(v, v), two_prod(x, x)));
    double t = v / s.hi;
    dd vs = dd_add_d(s, v);
    dd L;
    if (x >= 1e-280)
        L = dd_log(dd_div(vs, dd_make(x, 0.0)));
    else
        L = dd_add(dd_log(vs), dd_neg(dd_log_d(x)));
    dd veta = dd_add(s, dd_neg(dd_mul_d(L, v)));
    debye_sums(t, v, &su_i, &su_k, NULL);
    double ls = log(s.hi) + s.lo / s.hi;
    dd r;
    if (want_k) {
        r = dd_add(dd_neg(veta), dd_make(0.5 * KES_LNPI_2_HI, 0.5 * KES_LNPI_2_LO));
        r = dd_add_d(r, -0.5 * ls + log1p(su_k));
    } else {
        r = dd_add(veta, dd_make(-0.5 * KES_LN2PI_HI, -0.5 * KES_LN2PI_LO));
        r = dd_add_d(r, -0.5 * ls + log1p(su_i));
    }
    return r.hi + r.lo;
}

static double hankel_log(double v, double x, int want_k)
{
    double si, sk;
    hankel_sums(v, x, &si, &sk);
    double lx = log(x);
    if (want_k) return -x + 0.5 * (KES_LNPI_2_HI - lx) + log1p(sk);
    return x - 0.5 * (KES_LN2PI_HI + lx) + log1p(si);
}

/* log Gamma(v + 1) for 0 <= v < 17 in double-double:
 * Gamma(v+1) = Gamma(1+f) prod_{j=1..n} (f + j), v = n + f, with the product
 * kept exact to ~1e-32 and lgamma only on [1, 2) where it is below 0.13. */
static dd lgamma1p_dd(double v)
{
    double n = floor(v), f = v - n;
    dd prod = dd_make(1.0, 0.0);
    for (int j = 1; j <= (int)n; j++) prod = dd_mul(prod, two_sum(f, (double)j));
    dd r = (n >= 1.0) ? dd_log(prod) : dd_make(0.0, 0.0);
    if (f != 0.0) r = dd_add_d(r, lgamma(1.0 + f));
    return r;
}

/* Power series I_v(x) = (x/2)^v / Gamma(v+1) * sum_k (x^2/4)^k / (k! (v+1)_k)
 * (DLMF 10.25.2), positive terms; the prefactor in double-double logs. */
static double series_log_i(double v, double x)
{
    double q = 0.25 * x * x, term = 1.0, T = 0.0;
    for (int k = 1; k <= 400; k++) {
        term *= q / ((double)k * (v + k));
        T += term;
        if (term < SERIES_TOL * (1.0 + T)) break;
    }
    if (v == 0.0) return log1p(T);
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
static double small_log_k(double v, double x)
{
    double n = floor(v + 0.5), mu = v - n;
    double dbl_part, q, nlx; /* log K_{mu+1} = dbl_part - nlx * log x, q_0 */
    double lk0;              /* log K_mu (used when n == 0) */
    dd lx = dd_log_d(x);
    if (x <= 2.0) {
        double g1, g2;
        temme_gammas(mu, &g1, &g2);
        double gampl = g2 - mu * g1, gammi = g2 + mu * g1; /* 1/Gamma(1+mu), 1/Gamma(1-mu) */
        double d = KES_LN2_HI - lx.hi - lx.lo;               /* log(2/x) */
        double pimu = KES_PI * mu, e = mu * d;
        double fact = fabs(pimu) < 1e-300 ? 1.0 : pimu / sin(pimu);
        double fact2 = fabs(e) < 1e-300 ? 1.0 : sinh(e) / e;
        double ff = fact * (g1 * cosh(e) + g2 * fact2 * d);
        double ee = exp(e);
        double p = 0.5 * ee / gampl, qq = 0.5 / (ee * gammi);
        double c = 1.0, y = 0.25 * x * x, sum = ff, sum1 = p, m2 = mu * mu;
        for (int i = 1; i <= 200; i++) {
            ff = (i * ff + p + qq) / (i * (double)i - m2);
            c *= y / i;
            p /= i - mu;
            qq /= i + mu;
            double del = c * ff, del1 = c * (p - i * ff);
            sum += del;
            sum1 += del1;
            if (fabs(del) < SERIES_TOL * fabs(sum) && fabs(del1) < SERIES_TOL * fabs(sum1)) break;
        }
        lk0 = log(sum);
        /* K_{mu+1} = (2/x) sum1 */
        dbl_part = log(sum1) + KES_LN2_HI;
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
        double base = 0.5 * KES_LNPI_2_HI - x - log(s);
        lk0 = base - 0.5 * (lx.hi + lx.lo);
        double f1 = mu + x + 0.5 - h;
        dbl_part = base + log(f1);
        nlx = 1.5;
        q = x * x / f1;
    }
    if (n == 0.0) return lk0;
    /* The recurrence in double-double: its rounding errors would otherwise
     * add up over n <= 17 steps to ~20 eps where log K_v is near 0. */
    dd prod = dd_make(1.0, 0.0), qd = dd_make(q, 0.0), x2 = two_prod(x, x);
    for (int k = 1; k < (int)n; k++) {
        dd N = dd_add(two_sum(2.0 * mu, 2.0 * k), qd);
        prod = dd_mul(prod, N);
        qd = dd_div(x2, N);
    }
    nlx += n - 1.0;
    dd r = dd_add_d(dd_mul_d(lx, -nlx), dbl_part);
    r = dd_add(r, dd_log(prod));
    return r.hi + r.lo;
}

/* Core evaluations for v >= 0, 0 < x < inf (both finite). */
static double log_i_core(double v, double x)
{
    switch (region_of(v, x)) {
    case R_HANKEL: return hankel_log(v, x, 0);
    case R_DEBYE: return debye_log(v, x, 0);
    default: return series_log_i(v, x);
    }
}

static double log_k_core(double v, double x)
{
    switch (region_of(v, x)) {
    case R_HANKEL: return hankel_log(v, x, 1);
    case R_DEBYE: return debye_log(v, x, 1);
    default: return small_log_k(v, x);
    }
}

/* Shared argument handling: returns a status and sets *val; KES_OK with a
 * finite value means the core must still run (*needs_core = 1). */
static kes_status eval_i(double v, double x, double *val)
{
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

/* Most severe status: EDOM before ERANGE before OK (both negative, EDOM lower). */
kes_status kes_log_besseli_array(size_t n, const double *v, const double *x, double *out)
{
    if (n == 0) return KES_OK;
    if (!v || !x || !out) return KES_EINVAL;
    int worst = 0;
    long long nn = (long long)n;
#pragma omp parallel for schedule(static) reduction(min : worst)
    for (long long i = 0; i < nn; i++) {
        double val;
        int st = (int)eval_i(v[i], x[i], &val);
        out[i] = val;
        if (st < worst) worst = st;
    }
    return (kes_status)worst;
}

kes_status kes_log_besselk_array(size_t n, const double *v, const double *x, double *out)
{
    if (n == 0) return KES_OK;
    if (!v || !x || !out) return KES_EINVAL;
    int worst = 0;
    long long nn = (long long)n;
#pragma omp parallel for schedule(static) reduction(min : worst)
    for (long long i = 0; i < nn; i++) {
        double val;
        int st = (int)eval_k(v[i], x[i], &val);
        out[i] = val;
        if (st < worst) worst = st;
    }
    return (kes_status)worst;
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
        hankel_sums(v, x, &si0, &sk);
        hankel_sums(v1, x, &si1, &sk);
        return (1.0 + si1) / (1.0 + si0);
    }
    if (v >= 30.0 || x >= HANKEL_XMIN) {
        double s = hypot(v, x), su_i, su_k, sw;
        debye_sums(v / s, v, &su_i, &su_k, &sw);
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
