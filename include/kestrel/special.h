/**
 * @file kestrel/special.h
 * @brief Log-Bessel functions, Bessel ratios and von Mises-Fisher helpers
 * (layer: special; depends on core only).
 *
 * log I_v(x) and log K_v(x) are computed in log space, so they never overflow
 * or underflow where the Bessel functions themselves would (v up to 1e6 and
 * beyond, x from 1e-300 to 1e300).  Method: Plesner, Sorensen & Hauberg,
 * "Accurate Computation of the Logarithm of Modified Bessel Functions on
 * GPUs", ICS 2024 -- Hankel's large-argument expansion, Debye's uniform
 * large-order expansion (DLMF 10.40, 10.41), the power series (I) and
 * Temme's method (K; Temme, J. Comput. Phys. 19, 1975) at small arguments --
 * with tightened region edges and the dominant terms of the Debye expansion
 * carried in double-double arithmetic.
 *
 * Accuracy, tested against values from Arb (Johansson, IEEE Trans. Comput.
 * 66, 2017):
 *     |computed - true| <= 8 * 2^-52 * max(1, |true|)
 * for v in [0, 1e6], x in [1e-300, 1e300].
 *
 * Every function here is thread-safe and keeps no global state; the Bessel
 * functions never allocate (the array forms use OpenMP threads), the vMF
 * fit, log-likelihood and sampler allocate O(n + p) workspace.
 */
#ifndef KESTREL_SPECIAL_H
#define KESTREL_SPECIAL_H

#include "kestrel/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup special_bessel Logarithms of modified Bessel functions
 *
 * Domain: v >= 0 and x >= 0 for I; any real v for K (K_{-v} = K_v), x >= 0.
 * Limits are exact: log I_0(0) = 0, log I_v(0) = -inf (v > 0),
 * log K_v(0) = +inf, log I_v(+inf) = +inf, log K_v(+inf) = -inf.
 * Outside the domain (NaN, x < 0, v < 0 for I, infinite v) the plain forms
 * return NaN; they never call an error hook.
 * @{
 */

/**
 * log I_v(x), the logarithm of the modified Bessel function of the first kind.
 *
 * @param v order, v >= 0 (finite).
 * @param x argument, x >= 0 (+inf allowed).
 * @return log I_v(x), within 8 * 2^-52 * max(1, |log I_v(x)|) of the true
 *   value; the exact limits above; NaN outside the domain; -inf where the
 *   true value is finite but below -DBL_MAX (see kes_log_besseli_e()).
 * Errors: none reported (use kes_log_besseli_e() for a status).
 * Cost: O(1), no allocation.  Thread-safety: safe from any thread (no
 * global state).
 */
KES_API double kes_log_besseli(double v, double x);

/**
 * log K_v(x), the logarithm of the modified Bessel function of the second kind.
 *
 * @param v order, any finite real (K_{-v} = K_v).
 * @param x argument, x >= 0 (+inf allowed).
 * @return log K_v(x) to the same accuracy as kes_log_besseli(); the exact
 *   limits above; NaN outside the domain; +inf where the true value is
 *   finite but above DBL_MAX.
 * Errors: none reported (use kes_log_besselk_e()).
 * Cost: O(1), no allocation.  Thread-safety: safe from any thread.
 */
KES_API double kes_log_besselk(double v, double x);

/**
 * log I_v(x) with a status and an absolute error bound.
 *
 * @param v order, v >= 0.
 * @param x argument, x >= 0.
 * @param[out] r receives {val, err}: val as kes_log_besseli(), err an
 *   absolute error bound (8 * 2^-52 * max(1, |val|); 0 for the exact
 *   infinite limits; NaN on KES_EDOM; +inf on KES_ERANGE).
 * @return KES_OK (also for the exact limits +/-inf);
 *   KES_EDOM: argument outside the domain, r->val = NaN;
 *   KES_ERANGE: the true value is finite but its magnitude exceeds DBL_MAX,
 *   r->val = -inf.  This needs an order above about 1.2e305: |log I_v(x)| is
 *   about v (log(2v/x) + 1) for x much below v, which passes DBL_MAX at for
 *   example v = 1e306, x = 1e-300 (v = 1e305, x = 1e-300 still gives the
 *   finite value -1.39e308);
 *   KES_EINVAL: r is NULL.
 * Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API kes_status kes_log_besseli_e(double v, double x, kes_result *r);

/**
 * log K_v(x) with a status and an absolute error bound.
 *
 * @param v order, any finite real.
 * @param x argument, x >= 0.
 * @param[out] r receives {val, err} as in kes_log_besseli_e().
 * @return KES_OK; KES_EDOM (r->val = NaN); KES_ERANGE: the true value is
 *   finite but above DBL_MAX, r->val = +inf (orders above about 1.2e305,
 *   for example v = 1e306, x = 1e-300); KES_EINVAL: r is NULL.
 * Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API kes_status kes_log_besselk_e(double v, double x, kes_result *r);

/**
 * Array form of kes_log_besseli(): out[i] = log I_{v[i]}(x[i]) for i < n.
 *
 * Computed in parallel with OpenMP (static schedule); each element is
 * independent, so the results do not depend on the thread count.  Every
 * element is computed, also after a failing one; out may alias v or x.
 *
 * @param n number of elements, n >= 0.
 * @param v orders (length n).
 * @param x arguments (length n).
 * @param[out] out results (length n).
 * @return KES_EDIM if n < 0; KES_EINVAL if a pointer is NULL while n > 0
 *   (nothing written); otherwise the most severe element status (KES_EDOM
 *   before KES_ERANGE), KES_OK if none.
 * Cost: O(n).  Thread-safety: safe from any thread on distinct outputs.
 */
KES_API kes_status kes_log_besseli_array(int64_t n, const double *v, const double *x, double *out);

/**
 * Array form of kes_log_besselk(): out[i] = log K_{v[i]}(x[i]) for i < n.
 *
 * As kes_log_besseli_array(): OpenMP, thread-count independent, out may
 * alias v or x.
 * @param n number of elements, n >= 0.
 * @param v orders (length n).
 * @param x arguments (length n).
 * @param[out] out results (length n).
 * @return KES_EDIM (n < 0), KES_EINVAL (NULL pointer with n > 0), else the
 *   most severe element status (KES_EDOM before KES_ERANGE), KES_OK if none.
 * Cost: O(n).  Thread-safety: safe from any thread on distinct outputs.
 */
KES_API kes_status kes_log_besselk_array(int64_t n, const double *v, const double *x, double *out);

/**
 * The ratio I_{v+1}(x) / I_v(x), without forming either Bessel function
 * (no overflow for any v, x).
 *
 * @param v order, v >= 0.
 * @param x argument, x >= 0.
 * @return the ratio to a few ulps relative error (tested to 16 * 2^-52);
 *   0 at x = 0, 1 at x = +inf, NaN outside the domain.
 * Errors: none reported.  Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API double kes_bessel_ratio(double v, double x);

/** @} */

/**
 * @defgroup special_besselk_deriv Derivatives of log K_v(x)
 *
 * d/dv log K_v(x) and d/dx log K_v(x), for instance for the gradient of a
 * Matern covariance with respect to its smoothness nu.  Both come from
 * K_v(x) = int_0^inf exp(-x cosh t) cosh(v t) dt (DLMF 10.32.9)
 * differentiated under the integral sign: with the weight
 * w(t) = cosh(v t) exp(-x cosh t),
 * @verbatim
   d/dv log K_v(x) =  <t tanh(v t)>_w
   d/dx log K_v(x) = -<cosh t>_w  = -K_{v-1}(x)/K_v(x) - v/x
   @endverbatim
 * averages of positive functions, so there is no cancellation; the
 * integrals are summed by the trapezoidal rule, whose error falls
 * exponentially for these entire integrands (Trefethen and Weideman, "The
 * exponentially convergent trapezoidal rule", SIAM Review 56, 2014), with a
 * step scaled to the width of the weight's peak.
 *
 * Accuracy, tested against Arb (ball arithmetic; the order derivative as
 * a central difference of step 2^-100 at 512 bits) on a grid of v in
 * [0.05, 50] and x in [1e-6, 1e3]:
 * |computed - true| <= 1e-12 |true|, or 1e-13 where |true| < 0.1.
 * Domain: any finite v (K_{-v} = K_v, so d/dv is odd in v and d/dx even),
 * x >= 0.  Limits: at x = 0, d/dx = -inf and d/dv = +inf (v > 0; 0 at
 * v = 0; -inf for v < 0); at x = +inf, d/dx = -1 and d/dv = 0.
 * @{
 */

/**
 * d/dv log K_v(x), the derivative of the log of the modified Bessel
 * function of the second kind with respect to its order.
 *
 * @param v order, any finite real (the result is odd in v, 0 at v = 0).
 * @param x argument, x >= 0 (+inf allowed).
 * @return the derivative to the accuracy of the group comment; the limits
 *   listed there; NaN outside the domain (NaN, infinite v, x < 0).
 * Errors: none reported (use kes_log_besselk_dv_e()).
 * Cost: O(1 + log(1/x)) exponentials (about 40 for x >= 1; up to about
 * 6000 at x = 1e-300 with a small order), no allocation.
 * Thread-safety: safe from any thread (no global state).
 */
KES_API double kes_log_besselk_dv(double v, double x);

/**
 * d/dx log K_v(x) = K_v'(x) / K_v(x) = -K_{v-1}(x)/K_v(x) - v/x.
 *
 * @param v order, any finite real (the result is even in v).
 * @param x argument, x >= 0 (+inf allowed).
 * @return the derivative (always <= -1 for x > 0) to the accuracy of the
 *   group comment; -inf at x = 0, -1 at x = +inf; NaN outside the domain.
 * Errors: none reported (use kes_log_besselk_dx_e()).
 * Cost: as kes_log_besselk_dv() (one evaluation gives both; each function
 * computes it once).  Thread-safety: safe from any thread.
 */
KES_API double kes_log_besselk_dx(double v, double x);

/**
 * kes_log_besselk_dv() with a status and an absolute error bound.
 *
 * @param v order, any finite real.
 * @param x argument, x >= 0.
 * @param[out] r receives {val, err}: val as kes_log_besselk_dv(), err =
 *   2e-13 max(1, |val|) (0 for the exact infinite limits; NaN on KES_EDOM;
 *   +inf on KES_ERANGE).
 * @return KES_OK (also for the limits); KES_EDOM: outside the domain,
 *   r->val = NaN; KES_ERANGE: the true value is finite but its magnitude
 *   exceeds DBL_MAX (|v|/x beyond about 1e308), r->val = +-inf;
 *   KES_EINVAL: r is NULL.
 * Cost: as kes_log_besselk_dv().  Thread-safety: safe from any thread.
 */
KES_API kes_status kes_log_besselk_dv_e(double v, double x, kes_result *r);

/**
 * kes_log_besselk_dx() with a status and an absolute error bound.
 *
 * @param v order, any finite real.
 * @param x argument, x >= 0.
 * @param[out] r receives {val, err} as in kes_log_besselk_dv_e().
 * @return KES_OK; KES_EDOM (r->val = NaN); KES_ERANGE: |v|/x beyond about
 *   1e308, so that the value (about -|v|/x) overflows, r->val = -inf;
 *   KES_EINVAL: r is NULL.
 * Cost: as kes_log_besselk_dv().  Thread-safety: safe from any thread.
 */
KES_API kes_status kes_log_besselk_dx_e(double v, double x, kes_result *r);

/** @} */

/**
 * @defgroup special_vmf von Mises-Fisher distribution
 *
 * The distribution on the unit sphere S^{p-1} in R^p with density
 *     f(x; mu, kappa) = C_p(kappa) exp(kappa mu'x),
 *     C_p(kappa) = kappa^{p/2-1} / ((2 pi)^{p/2} I_{p/2-1}(kappa))
 * (Mardia & Jupp, "Directional Statistics", Wiley 2000, sec. 9.3).
 * Dimensions p >= 2.  Point sets are n x p column-major with leading
 * dimension ld >= n, one unit vector per row.
 * @{
 */

/**
 * log C_p(kappa), the log normalising constant.
 *
 * @param p dimension, p >= 2 (a double so that p = 1e6 and beyond work).
 * @param kappa concentration, kappa >= 0; kappa = 0 gives minus the log
 *   surface area of the sphere, kappa = +inf gives +inf.
 * @return log C_p(kappa), accurate to a few ulps relative for every p and
 *   kappa (no overflow at p = 1e6); NaN for p < 2, kappa < 0 or NaN.
 * Errors: none reported.  Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API double kes_vmf_log_norm(double p, double kappa);

/**
 * d/dkappa log C_p(kappa) = -A_p(kappa).
 *
 * @param p dimension, p >= 2.
 * @param kappa concentration, kappa >= 0.
 * @return -A_p(kappa); NaN outside the domain.
 * Errors: none reported.  Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API double kes_vmf_log_norm_deriv(double p, double kappa);

/**
 * Mean resultant length A_p(kappa) = I_{p/2}(kappa) / I_{p/2-1}(kappa).
 *
 * @param p dimension, p >= 2.
 * @param kappa concentration, kappa >= 0.
 * @return A_p(kappa) in [0, 1), increasing in kappa; NaN outside the domain.
 * Errors: none reported.  Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API double kes_vmf_mean_resultant(double p, double kappa);

/**
 * Inverse of A_p: the kappa >= 0 with A_p(kappa) = rbar.
 *
 * Safeguarded Newton iteration from the approximation of Banerjee, Dhillon,
 * Ghosh & Sra, "Clustering on the unit hypersphere using von Mises-Fisher
 * distributions", JMLR 6 (2005), kept inside a shrinking bracket; at most
 * 200 steps.
 * @param p dimension, p >= 2 (finite).
 * @param rbar mean resultant length in [0, 1); rbar = 0 gives 0.
 * @param[out] kappa the solution, to about 1e-14 relative (the conditioning
 *   limit is about 1e-16 / (1 - rbar)); untouched on error.
 * @return KES_OK; KES_EINVAL (kappa NULL); KES_EDIM (p < 2 or not finite);
 *   KES_EDOM (rbar NaN, < 0 or >= 1: rbar = 1 would need kappa = +inf).
 * Cost: about 5-10 Bessel-ratio evaluations.  Thread-safety: safe from any
 * thread.
 */
KES_API kes_status kes_vmf_kappa_from_r(double p, double rbar, double *kappa);

/** Flag for kes_vmf_fit(): scale each row to unit length first (zero rows
 *  are still KES_EINVAL); rows of any finite nonzero length are accepted,
 *  from the smallest subnormal to DBL_MAX. */
#define KES_VMF_NORMALIZE 1u

/**
 * Maximum-likelihood fit of a vMF distribution to n unit vectors:
 *     mu = sum_i x_i / |sum_i x_i|,  kappa = A_p^{-1}(rbar),
 *     rbar = |sum_i x_i| / n
 * (Mardia & Jupp 2000, sec. 10.3.1).
 *
 * @param n number of points, n >= 1.
 * @param p dimension, p >= 2.
 * @param X n x p column-major matrix, one point per row; rows must have
 *   unit length within 1e-6 (| |x_i|^2 - 1 | <= 1e-6) unless flags
 *   contains KES_VMF_NORMALIZE (row norms are formed with scaling, so
 *   neither tiny nor huge rows under- or overflow).
 * @param ld leading dimension, ld >= n.
 * @param flags 0 or KES_VMF_NORMALIZE.
 * @param[out] mu length p, the mean direction.
 * @param[out] kappa the concentration.
 * @param[out] rbar_out rbar (may be NULL).
 * If rbar == 0 the direction is undefined: mu = e_1, kappa = 0, KES_OK.
 * @return KES_OK; errors with the outputs untouched: KES_EINVAL (NULL
 *   pointers, a row not of unit length, a zero row with KES_VMF_NORMALIZE,
 *   unknown flags), KES_EDIM (n < 1, p < 2, ld < n), KES_ENAN (NaN/Inf in
 *   X), KES_ENOMEM; and KES_ERANGE when all rows are identical to rounding
 *   (rbar >= 1: kappa would be infinite): mu and rbar_out are written,
 *   *kappa = +inf, which kes_vmf_sample() accepts as the point mass at mu.
 * Cost: O(n p) plus the kappa solve; column sums use OpenMP.
 * Thread-safety: safe from any thread.
 */
KES_API kes_status kes_vmf_fit(int64_t n, int64_t p, const double *X, int64_t ld, unsigned flags,
                               double *mu, double *kappa, double *rbar_out);

/**
 * Log-likelihood sum_i log f(x_i; mu, kappa) of the rows of X.
 *
 * @param n number of points, n >= 1.
 * @param p dimension, p >= 2.
 * @param X n x p column-major, leading dimension ld >= n.
 * @param ld leading dimension.
 * @param mu unit vector of length p (within 1e-6).
 * @param kappa concentration, finite and >= 0.
 * @param[out] loglik the log-likelihood; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL, mu not unit), KES_EDIM (n < 1, p < 2,
 *   ld < n), KES_EDOM (kappa < 0, NaN or infinite), KES_ENAN (NaN/Inf in
 *   X), KES_ENOMEM.
 * Cost: O(n p).  Thread-safety: safe from any thread.
 */
KES_API kes_status kes_vmf_loglik(int64_t n, int64_t p, const double *X, int64_t ld, const double *mu,
                                  double kappa, double *loglik);

/**
 * Draw n exact samples from vMF(mu, kappa) on S^{p-1}.
 *
 * Wood, "Simulation of the von Mises Fisher distribution", Commun. Statist.
 * Simul. Comput. 23 (1994) 157-164, for the component along mu (Beta
 * proposal, rejection), rewritten in terms of 1 - mu'x so that it stays
 * exact and terminates for every finite kappa up to DBL_MAX; a uniform
 * direction orthogonal to mu; a Householder reflection onto mu.
 * kappa = +inf is the limit, the point mass at mu: every row is mu.
 *
 * Randomness: one draw from rng picks a key; sample i uses the stream
 * kes_rng_split_init(rng, key + i), so the output is the same for any
 * thread count (OpenMP over samples) and successive calls differ.
 * @param rng generator, advanced by one draw.
 * @param p dimension, p >= 2.
 * @param mu unit vector of length p (within 1e-6).
 * @param kappa concentration, kappa >= 0 (+inf allowed).
 * @param n number of samples, n >= 0.
 * @param[out] X n x p column-major, leading dimension ld >= n; each row a
 *   unit vector to rounding.
 * @param ld leading dimension.
 * @return KES_OK; errors with X untouched: KES_EINVAL (NULL, mu not
 *   unit), KES_EDIM (p < 2, n < 0, ld < n), KES_EDOM (kappa < 0 or NaN),
 *   KES_ENOMEM.  KES_EDIVERGE: some sample was still rejected after 1000
 *   proposals (probability below 2^-1000 for any valid input; it signals a
 *   broken generator); X is partial: those rows are NaN, the others valid.
 * Cost: O(n p); the acceptance rate of Wood's algorithm is bounded below
 *   uniformly in p and kappa (above 1/2; e/4 at p = 3 as kappa -> inf).
 * Thread-safety: safe from any thread as long as rng is not shared.
 */
KES_API kes_status kes_vmf_sample(kes_rng *rng, int64_t p, const double *mu, double kappa, int64_t n,
                                  double *X, int64_t ld);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SPECIAL_H */
