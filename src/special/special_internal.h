/* Private functions of the special layer shared with other layers.  Not
 * installed; the symbols are hidden from the shared library. */
#ifndef KES_SPECIAL_INTERNAL_H
#define KES_SPECIAL_INTERNAL_H

/* log Gamma(x) for x > 0, to about one ulp (tests/test_lgamma.c checks
 * against mpmath).  +inf at x = +inf and where log Gamma(x) exceeds DBL_MAX
 * (x > 2.55e305); NaN for x <= 0 or NaN.  Unlike the C library's lgamma it
 * writes no global (signgam), so it is safe to call from any thread. */
double kes__lgamma(double x);

/* log Gamma(1 + t) for t > -1, without rounding 1 + t where -1/8 <= t < 7/8. */
double kes__lgamma1p(double t);

/* d/dv log K_v(x), d/dx log K_v(x) and the ratio K_{v-1}(x)/K_v(x) (all
 * three from one quadrature; bessel_deriv.c) for any v and finite x > 0;
 * ratio may be NULL.  The ratio is what a Matern kernel's length-scale
 * derivative needs: -dx - v/x would cancel for small x. */
void kes__log_besselk_derivs(double v, double x, double *dv, double *dx, double *ratio);

/* The digamma function psi(x) for x > 0 (NaN otherwise), to a few ulps. */
double kes__digamma(double x);

#endif
