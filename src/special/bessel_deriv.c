/* Derivatives of log K_v(x) with respect to the order and the argument.
 *
 * From K_v(x) = int_0^inf exp(-x cosh t) cosh(v t) dt (DLMF 10.32.9),
 * differentiated under the integral sign:
 *   dK/dv = int_0^inf t sinh(v t) exp(-x cosh t) dt,
 *   dK/dx = -int_0^inf cosh t cosh(v t) exp(-x cosh t) dt,
 * so with the positive weight w(t) = cosh(v t) exp(-x cosh t),
 *   d/dv log K_v(x) = <t tanh(v t)>_w,   d/dx log K_v(x) = -<cosh t>_w,
 * averages of positive functions under one positive weight: no
 * cancellation anywhere, and an error in a weight moves an average only by
 * that error times the (small) spread of t tanh(v t) or cosh t over the
 * peak of w.
 *
 * Quadrature: the trapezoidal rule with nodes t_j = j h (weight 1/2 at
 * t = 0) is the full-line rule for even entire integrands, whose error
 * falls like exp(-2 pi d / h) times the integrand's size on the strip
 * |Im t| < d (Trefethen & Weideman, "The exponentially convergent
 * trapezoidal rule", SIAM Review 56 (2014), Sec. 5).  Around its peak t0,
 * log w is close to a parabola of curvature c = x cosh t0 = sqrt(x^2 + v^2)
 * (t0 = asinh(v/x), where x sinh t = v), and for a Gaussian of width
 * c^-1/2 the rule's error is exp(-2 pi^2 / (c h^2)); h = 0.5 c^-1/2 makes
 * it exp(-79).  Away from a Gaussian shape (the plateau of w for small v
 * and x, where w ~ 1 up to t ~ log(2/x)), h <= 0.12 keeps
 * exp(-2 pi d / h) K_v(x cos d) / K_v(x) below 1e-20 with d = 1.3 for
 * v <= 50 (the growth (1 / cos d)^v is then e^66 against e^-68; for larger
 * v the curvature bound is the smaller step anyway).
 *
 * Every integrand is unimodal on [0, inf) (the derivative of its log
 * changes sign once), so the sum starts at the node nearest t0, walks both
 * ways, and stops on a side once every term there is decreasing and below
 * 1e-19 of its sum.  Terms are scaled by w(t0) (exponent
 * -2 x sinh((t + t0)/2) sinh((t - t0)/2) + v (t - t0), no overflow for any
 * v, x) and cosh t by cosh t0.  The number of nodes is about 40 around the
 * peak plus log(2/x)/h on the plateau when v is small: O(1 + log(1/x)).
 */
#include <float.h>
#include <math.h>

#include "kestrel/special.h"

#include "special/special_internal.h"

#define DERIV_HMAX 0.12
#define DERIV_HC 0.5
#define DERIV_TOL 1e-19
#define DERIV_MAXN 200000 /* a safety cap; x = 1e-300 with small v needs ~6000 */

/* Both derivatives for v >= 0 and finite x > 0.  Sets *dv, *dx. */
/* noinline: one compiled copy, so the plain and _e forms agree bit for bit
 * (inlined copies could contract different products into fmas). */
__attribute__((noinline)) static void logk_derivs(double v, double x, double *dv, double *dx, double *ratio)
{
    double q = v / x;
    /* t0 = asinh(v/x) without overflow; cosh t0 = sqrt(1 + q^2) (+inf when
     * q > DBL_MAX: then |dx| itself is beyond the range) */
    double t0 = q > 1e150 ? log(2.0 * v) - log(x) : asinh(q);
    double ch0 = q > 1e150 ? q : hypot(1.0, q);
    double c = q > 1e150 ? v : hypot(x, v);
    if (c > 1e17) {
        /* The weight's peak is narrower than 1e-8.5 and the averages are
         * t0 and cosh t0 up to relative O(1/c) < 1e-17 (DLMF 10.41.4 to
         * first order: d/dx log K = -sqrt(1 + q^2) (1 + O(1/c))); in double
         * precision t0 itself (error ~eps t0) could no longer place nodes
         * on a peak of width c^-1/2 once c passes ~1e28. */
        *dv = t0;
        *dx = -ch0;
        if (ratio) *ratio = 1.0 / (ch0 + q); /* = -dx - v/x = sqrt(1 + q^2) - q, without its cancellation */
        return;
    }
    double h = DERIV_HC / sqrt(c);
    if (h > DERIV_HMAX) h = DERIV_HMAX;
    double lx = log(x), e2t0 = exp(-2.0 * t0);
    /* Nodes t = t0 + u.  When the peak is far from 0 (t0 > 30 widths; the
     * walk stops within ~10) the nodes are u = k h, so t - t0 is exact even
     * where h is far below the spacing of doubles near t0; otherwise they
     * are t = j h, the rule for the even integrand with its weight 1/2 at
     * t = 0. */
    int offset = t0 * sqrt(c) > 30.0;
    double j0 = offset ? 0.0 : floor(t0 / h + 0.5);
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    for (int side = 0; side < 2; side++) {
        double p0 = INFINITY, p1 = INFINITY, p2 = INFINITY; /* previous terms on this side */
        for (int64_t k = 0; k < DERIV_MAXN; k++) {
            double j = side == 0 ? j0 + (double)k : j0 - 1.0 - (double)k;
            double t, u;
            if (offset) {
                u = j * h;
                t = t0 + u;
                if (t <= 0.0) break;
            } else {
                if (j < 0.0) break;
                t = j * h;
                u = t - t0;
            }
            /* -x (cosh t - cosh t0) = -2 x sinh((t + t0)/2) sinh(u/2); for
             * (t + t0)/2 > 20, sinh is e^a / 2 to 1e-17 and x e^a is formed
             * as one exp (no overflow at x = 1e-300, t0 ~ 700) */
            double a = 0.5 * (t + t0), sb = sinh(0.5 * u);
            double E = (a > 20.0 ? -exp(lx + a) * sb : -2.0 * x * sinh(a) * sb) + v * u;
            double w = exp(E);
            if (!offset && j == 0.0) w *= 0.5;
            double vt2 = -2.0 * v * t;
            double a0 = 0.5 * w * (1.0 + exp(vt2));                               /* cosh(vt) e^{-x cosh t}, scaled */
            double a1 = -0.5 * w * t * expm1(vt2);                                /* t sinh(vt) e^{-x cosh t}, scaled */
            double a2 = a0 * exp(u) * (1.0 + exp(-2.0 * t)) / (1.0 + e2t0);     /* times cosh t / cosh t0 */
            s0 += a0;
            s1 += a1;
            s2 += a2;
            /* cosh((v-1) t) e^{-x cosh t}, same scale: (e^{E-t} + e^{E+(1-2v)t})/2
             * (exponents of the true integrand, so no overflow); only for the
             * ratio K_{v-1}/K_v, whose terms peak with the others */
            if (ratio) s3 += (j == 0.0 && !offset ? 0.25 : 0.5) * (exp(E - t) + exp(E + (1.0 - 2.0 * v) * t));
            if (a0 <= p0 && a1 <= p1 && a2 <= p2 && a0 <= DERIV_TOL * s0 && a1 <= DERIV_TOL * s1 &&
                a2 <= DERIV_TOL * s2)
                break;
            p0 = a0, p1 = a1, p2 = a2;
        }
    }
    *dv = s1 / s0;
    *dx = -ch0 * (s2 / s0);
    if (ratio) *ratio = s3 / s0;
}

void kes__log_besselk_derivs(double v, double x, double *dv, double *dx, double *ratio)
{
    logk_derivs(fabs(v), x, dv, dx, ratio);
}

/* psi(x) for x > 0: the recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10,
 * then the asymptotic series log x - 1/(2x) - sum_k B_2k / (2k x^2k)
 * (DLMF 5.11.2) through x^-14, whose next term is below 1e-17 there. */
double kes__digamma(double x)
{
    if (!(x > 0.0)) return NAN;
    if (isinf(x)) return INFINITY;
    double acc = 0.0;
    while (x < 10.0) {
        acc -= 1.0 / x;
        x += 1.0;
    }
    double r = 1.0 / (x * x);
    double ser = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132 - r * (691.0 / 32760 - r / 12.0))))));
    return acc + log(x) - 0.5 / x - ser;
}

/* Argument checks and limits shared by the plain and _e forms.  which: 0
 * for d/dv, 1 for d/dx. */
static kes_status eval_deriv(int which, double v, double x, double *val)
{
    if (isnan(v) || isnan(x) || isinf(v) || x < 0.0) {
        *val = NAN;
        return KES_EDOM;
    }
    double av = fabs(v);
    if (x == 0.0) { /* log K_v(x) ~ log Gamma(v) - v log(x/2) (v > 0), log(2/x) (v = 0) */
        *val = which == 1 ? -INFINITY : (av == 0.0 ? 0.0 : copysign(INFINITY, v));
        return KES_OK;
    }
    if (isinf(x)) { /* log K ~ -x - log(x)/2 + (4 v^2 - 1)/(8 x) */
        *val = which == 1 ? -1.0 : copysign(0.0, v);
        return KES_OK;
    }
    double dv, dx;
    logk_derivs(av, x, &dv, &dx, NULL);
    *val = which == 1 ? dx : (v < 0.0 ? -dv : dv);
    return isinf(*val) ? KES_ERANGE : KES_OK;
}

double kes_log_besselk_dv(double v, double x)
{
    double r;
    (void)eval_deriv(0, v, x, &r);
    return r;
}

double kes_log_besselk_dx(double v, double x)
{
    double r;
    (void)eval_deriv(1, v, x, &r);
    return r;
}

/* Error bound of the _e forms: relative 2e-13 of max(|val|, 1) covers the
 * worst deviation from Arb on the test grid (see special.h) with margin. */
#define DERIV_ACC 2e-13

static kes_status fill(kes_status st, double val, kes_result *r)
{
    r->val = val;
    if (st == KES_EDOM) r->err = NAN;
    else if (st == KES_ERANGE) r->err = INFINITY;
    else r->err = isinf(val) ? 0.0 : DERIV_ACC * fmax(1.0, fabs(val));
    return st;
}

kes_status kes_log_besselk_dv_e(double v, double x, kes_result *r)
{
    if (!r) return KES_EINVAL;
    double val;
    kes_status st = eval_deriv(0, v, x, &val);
    return fill(st, val, r);
}

kes_status kes_log_besselk_dx_e(double v, double x, kes_result *r)
{
    if (!r) return KES_EINVAL;
    double val;
    kes_status st = eval_deriv(1, v, x, &val);
    return fill(st, val, r);
}
