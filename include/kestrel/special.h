/*
 * kestrel/special.h - log-Bessel functions, Bessel ratios and von Mises-Fisher helpers (layer: special; depends on core only).
 *
 * log I_v(x) and log K_v(x) are computed in log space, so they never overflow
 * or underflow where the Bessel functions themselves would (v up to 1e6 and
 * beyond, x from 1e-300 to 1e300).  Method: Plesner, Sorensen & Hauberg,
 * "Accurate Computation of the Logarithm of Modified Bessel Functions on
 * GPUs", ICS 2024 -- Hankel's large-argument expansion, Debye's uniform
 * large-order expansion, the power series (I) and Temme's method (K) at
 * small arguments -- with tightened region edges and the dominant terms of
 * the Debye expansion carried in double-double arithmetic.
 *
 * Accuracy (tested against Arb, tests/data/bessel_*.txt):
 *     |computed - true| <= 8 * 2^-52 * max(1, |true|)
 * for v in [0, 1e6], x in [1e-300, 1e300].
 *
 * Every function here is thread-safe and allocation-free (the array forms
 * use OpenMP threads).
 */
#ifndef KESTREL_SPECIAL_H
#define KESTREL_SPECIAL_H

#include "kestrel/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * Logarithms of the modified Bessel functions.
 *
 * Domain: v >= 0 and x >= 0 for I; any real v for K (K_{-v} = K_v), x >= 0.
 * Limits are exact: log I_0(0) = 0, log I_v(0) = -inf (v > 0),
 * log K_v(0) = +inf, log I_v(+inf) = +inf, log K_v(+inf) = -inf.
 * Outside the domain (NaN, x < 0, v < 0 for I, infinite v) the plain forms
 * return NaN; they never call an error hook.  Cost: O(1), 300-1800
 * instructions per call (measured with callgrind; most in the double-double
 * parts near x ~ v and in Temme's method for small v).
 * ------------------------------------------------------------------- */

/* log I_v(x), the modified Bessel function of the first kind. */
KES_API double kes_log_besseli(double v, double x);
/* log K_v(x), the modified Bessel function of the second kind. */
KES_API double kes_log_besselk(double v, double x);

/* As above with a status and an absolute error bound in r->err.
 * KES_OK: r->val holds the value (also for the exact limits +/-inf above).
 * KES_EDOM: argument outside the domain; r->val = NaN.
 * KES_ERANGE: the true value is finite but beyond the double range (for
 *   example v = 1e305, x = 1e-300); r->val = +/-inf.
 * KES_EINVAL: r is NULL. */
KES_API kes_status kes_log_besseli_e(double v, double x, kes_result *r);
KES_API kes_status kes_log_besselk_e(double v, double x, kes_result *r);

/* out[i] = log I_{v[i]}(x[i]) (or log K) for i < n, in parallel with OpenMP
 * (static schedule; each element is independent, so the results do not
 * depend on the thread count).  Every element is computed; out may alias v
 * or x.  Returns KES_EINVAL if a pointer is NULL while n > 0, otherwise the
 * most severe element status (KES_EDOM before KES_ERANGE), KES_OK if none. */
KES_API kes_status kes_log_besseli_array(size_t n, const double *v, const double *x, double *out);
KES_API kes_status kes_log_besselk_array(size_t n, const double *v, const double *x, double *out);

/* I_{v+1}(x) / I_v(x) for v >= 0, x >= 0, to a few ulps relative error,
 * without forming either Bessel function (no overflow for any v, x).
 * 0 at x = 0, 1 at x = +inf, NaN outside the domain.  Cost O(1). */
KES_API double kes_bessel_ratio(double v, double x);

/* ---------------------------------------------------------------------
 * von Mises-Fisher distribution on the unit sphere S^{p-1} in R^p:
 *     f(x; mu, kappa) = C_p(kappa) exp(kappa mu'x),
 *     C_p(kappa) = kappa^{p/2-1} / ((2 pi)^{p/2} I_{p/2-1}(kappa)).
 * Dimensions p >= 2 (KES_EDIM otherwise).  Point sets are n x p column-major
 * with leading dimension ld >= n (one unit vector per row).
 * ------------------------------------------------------------------- */

/* log C_p(kappa) for kappa >= 0 (kappa = 0 gives minus the log surface area
 * of the sphere).  NaN for p < 2, kappa < 0 or NaN.  Accurate to a few ulps
 * relative for every p and kappa (no overflow at p = 1e6).  Cost O(1). */
KES_API double kes_vmf_log_norm(double p, double kappa);

/* d/dkappa log C_p(kappa) = -A_p(kappa).  NaN outside the domain. */
KES_API double kes_vmf_log_norm_deriv(double p, double kappa);

/* Mean resultant length A_p(kappa) = I_{p/2}(kappa) / I_{p/2-1}(kappa),
 * in [0, 1), increasing in kappa.  NaN outside the domain.  Cost O(1). */
KES_API double kes_vmf_mean_resultant(double p, double kappa);

/* Inverse of A_p: the kappa >= 0 with A_p(kappa) = rbar, to about 1e-14
 * relative (the conditioning limit is about 1e-16 / (1 - rbar)).  Solved by
 * safeguarded Newton iteration in log kappa from Banerjee et al.'s (2005)
 * approximation.  rbar = 0 gives 0.
 * Errors: KES_EINVAL (kappa NULL), KES_EDIM (p < 2 or not finite),
 * KES_EDOM (rbar NaN, < 0 or >= 1: rbar = 1 would need kappa = +inf).
 * *kappa is untouched on error.  Cost: about 5-10 ratio evaluations. */
KES_API kes_status kes_vmf_kappa_from_r(double p, double rbar, double *kappa);

/* Flags for kes_vmf_fit. */
#define KES_VMF_NORMALIZE 1u  /* scale each row to unit length first (zero rows are still KES_EINVAL) */

/* Maximum-likelihood fit of a vMF distribution to n unit vectors, the rows
 * of the n x p column-major matrix X (leading dimension ld >= n):
 *     mu = sum_i x_i / |sum_i x_i|,  kappa = A_p^{-1}(rbar),  rbar = |sum_i x_i| / n.
 * Rows must have unit length within 1e-6 (|x_i|^2 - 1), unless flags
 * contains KES_VMF_NORMALIZE.  mu (length p) receives the mean direction,
 * *kappa the concentration; rbar_out (may be NULL) receives rbar.
 * If rbar == 0 the direction is undefined: mu = e_1, kappa = 0, KES_OK.
 * Errors (outputs untouched): KES_EINVAL (NULL pointers, a row not of unit
 *   length, a zero row with KES_VMF_NORMALIZE, unknown flags), KES_EDIM
 *   (n == 0, p < 2, ld < n), KES_ENAN (NaN/Inf in X), KES_ENOMEM,
 *   KES_ERANGE (all rows identical to rounding: rbar >= 1, kappa would be
 *   infinite; mu is written, *kappa = +inf).
 * Cost: O(n p) plus the kappa solve; row sums use OpenMP.  Thread-safe. */
KES_API kes_status kes_vmf_fit(size_t n, size_t p, const double *X, size_t ld, unsigned flags,
                               double *mu, double *kappa, double *rbar_out);

/* Log-likelihood sum_i log f(x_i; mu, kappa) of the rows of X (n x p,
 * leading dimension ld).  mu must be a unit vector (within 1e-6).
 * Errors: KES_EINVAL (NULL, mu not unit), KES_EDIM, KES_EDOM (kappa < 0 or
 * NaN), KES_ENAN (NaN/Inf in X).  Cost O(n p). */
KES_API kes_status kes_vmf_loglik(size_t n, size_t p, const double *X, size_t ld, const double *mu,
                                  double kappa, double *loglik);

/* Draw n exact samples from vMF(mu, kappa) on S^{p-1} with Wood's (1994)
 * rejection algorithm for the component along mu (Beta proposal) and a
 * uniform direction orthogonal to it, rotated onto mu by a Householder
 * reflection.  X is n x p column-major with leading dimension ld >= n.
 * Randomness: one draw from rng picks a key; sample i uses the stream
 * kes_rng_split_init(rng, key + i), so the output is the same for any
 * thread count (OpenMP over samples) and successive calls differ.
 * mu must be a unit vector (within 1e-6).
 * Errors (X untouched): KES_EINVAL (NULL, mu not unit), KES_EDIM (p < 2,
 * ld < n), KES_EDOM (kappa < 0 or not finite), KES_ENOMEM.
 * Cost: O(n p); the acceptance rate of Wood's algorithm is above 0.5 for
 * every p and kappa. */
KES_API kes_status kes_vmf_sample(kes_rng *rng, size_t p, const double *mu, double kappa, size_t n,
                                  double *X, size_t ld);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SPECIAL_H */
