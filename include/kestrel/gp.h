/**
 * @file kestrel/gp.h
 * @brief Gaussian-process regression: exact fit by Cholesky, the log
 * marginal likelihood and its analytic gradient, hyperparameter
 * optimisation with restarts, predictive mean, variance and covariance,
 * posterior samples, model files; closed-form and general-smoothness
 * Matern, SE, RQ, periodic and spectral-mixture covariances with sums,
 * products and scaling (layer: kernels; depends on core, linalg and
 * special).
 *
 * The model, for n training points x_i in R^d (an n x d column-major matrix
 * with one row per point, as Octave passes it) and targets y_i:
 * @verbatim
   y_i = m + f(x_i) + e_i,   f ~ GP(0, s2 k(x, x')),   e_i ~ N(0, n2) independent,
   @endverbatim
 * with a correlation k (k(x, x) = 1) from ::kes_gp_kernel, signal variance
 * s2, noise variance n2 and a mean m that is 0 or the sample mean of y
 * (::kes_gp_mean).  With K = s2 [k(x_i, x_j)] + (n2 + jitter) I and
 * alpha = K^-1 (y - m), the log marginal likelihood is
 * @verbatim
   LML = -1/2 (y - m)^T alpha - 1/2 log det K - n/2 log(2 pi)
   @endverbatim
 * and its derivative with respect to a hyperparameter t_j is
 * 1/2 tr((alpha alpha^T - K^-1) dK/dt_j) (Rasmussen & Williams, eq. 5.9).
 *
 * Hyperparameters live in log space, in this order (p of them):
 * @verbatim
   theta = [log s2, log l_1, ..., log l_q, (log a), log n2]
   @endverbatim
 * with q = 1 length scale for an isotropic kernel and q = d for an ARD one,
 * and a shape a only for the kernels that have one: the rational-quadratic
 * a for ::KES_GP_RQ / ::KES_GP_RQ_ARD, the Matern smoothness nu for
 * ::KES_GP_MATERN / ::KES_GP_MATERN_ARD.
 * This is scikit-learn's order for C(s2) * k(l) + WhiteKernel(n2), so a
 * theta vector moves between the two unchanged (except for RQ, where
 * scikit-learn lists a before l).
 *
 * Objects follow the plan/execute split: kes_gp_fit() factorises once (and
 * optimises the hyperparameters when asked); kes_gp_predict() and the
 * getters may then run concurrently from any number of threads on one
 * object.
 *
 * References: C. E. Rasmussen and C. K. I. Williams, "Gaussian Processes for
 * Machine Learning", MIT Press, 2006 (Algorithm 2.1; Sections 4.2 and 5.4);
 * M. L. Stein, "Interpolation of Spatial Data", Springer, 1999 (Matern
 * family); J. Nocedal and S. J. Wright, "Numerical Optimization", 2nd ed.,
 * Springer, 2006 (BFGS); A. G. Wilson and R. P. Adams, "Gaussian process
 * kernels for pattern discovery and extrapolation", ICML 2013 (spectral
 * mixture); D. J. C. MacKay, "Introduction to Gaussian processes", 1998
 * (periodic covariance).
 */
#ifndef KESTREL_GP_H
#define KESTREL_GP_H

#include <stdio.h>

#include "kestrel/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Correlation functions k(x, x') = g(r) of the scaled distance
 * r^2 = sum_k (x_k - x'_k)^2 / l_k^2 (ARD: one length scale per input
 * dimension) or r^2 = |x - x'|^2 / l^2 (isotropic).  Matern kernels are those
 * of scikit-learn's Matern(nu) and of Rasmussen & Williams eq. 4.17:
 * @verbatim
   SE          exp(-r^2 / 2)
   MATERN12    exp(-r)
   MATERN32    (1 + sqrt(3) r) exp(-sqrt(3) r)
   MATERN52    (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r)
   RQ          (1 + r^2 / (2 a))^(-a),   a > 0
   MATERN      2^(1-nu) / Gamma(nu) z^nu K_nu(z),   z = sqrt(2 nu) r,   nu > 0
   @endverbatim
 * The general Matern (Stein 1999, Sec. 2.7; Rasmussen & Williams eq. 4.14)
 * equals MATERN12 / 32 / 52 at nu = 1/2, 3/2, 5/2 (up to rounding) and
 * tends to SE as nu -> inf.  It is evaluated through log K_nu; its gradient
 * with respect to log nu uses d/dnu log K_nu (kes_log_besselk_dv()) and the
 * digamma function.  Its gradient pass costs about 5 us per pair of points
 * (a quadrature per pair), against tens of ns for the closed forms.
 */
typedef enum kes_gp_kernel {
    KES_GP_SE_ISO = 0,       /**< squared exponential, one length scale */
    KES_GP_SE_ARD = 1,       /**< squared exponential, one length scale per dimension */
    KES_GP_MATERN12 = 2,     /**< Matern nu = 1/2 (exponential), isotropic */
    KES_GP_MATERN12_ARD = 3, /**< Matern nu = 1/2, ARD */
    KES_GP_MATERN32 = 4,     /**< Matern nu = 3/2, isotropic */
    KES_GP_MATERN32_ARD = 5, /**< Matern nu = 3/2, ARD */
    KES_GP_MATERN52 = 6,     /**< Matern nu = 5/2, isotropic */
    KES_GP_MATERN52_ARD = 7, /**< Matern nu = 5/2, ARD */
    KES_GP_RQ = 8,           /**< rational quadratic, isotropic */
    KES_GP_RQ_ARD = 9,       /**< rational quadratic, ARD */
    KES_GP_MATERN = 10,      /**< Matern of general smoothness nu > 0 (a hyperparameter), isotropic */
    KES_GP_MATERN_ARD = 11   /**< Matern of general smoothness nu, ARD */
} kes_gp_kernel;

/** The mean m of the model. */
typedef enum kes_gp_mean {
    KES_GP_MEAN_ZERO = 0,    /**< m = 0 */
    KES_GP_MEAN_CONSTANT = 1 /**< m = the sample mean of y, fixed before the fit (not a hyperparameter) */
} kes_gp_mean;

/**
 * The optimiser of kes_gp_fit() and kes_gp_fit_cov(); both minimise -LML
 * in log space with the analytic gradient, the box bounds and the
 * restarts described at kes_gp_fit().
 */
typedef enum kes_gp_optimizer {
    KES_GP_OPT_BFGS = 0,      /**< dense BFGS with a strong-Wolfe line search (Nocedal & Wright, Algorithms 6.1,
                                   3.5, 3.6): p <= d + 4 hyperparameters make its p x p inverse Hessian free */
    KES_GP_OPT_GSL_BFGS2 = 1  /**< GSL's gsl_multimin_fdfminimizer_vector_bfgs2 (Fletcher's line search, one
                                   (s, y) pair); allocation failures inside GSL go through GSL's error handler */
} kes_gp_optimizer;

/**
 * Options of kes_gp_fit(); make them with kes_gp_opts_default() and edit
 * fields.  Initial values and bounds are in natural (not log) units and
 * must be finite and positive with lo <= initial <= hi; a parameter whose
 * bounds are equal is held fixed.  Defaults (those of scikit-learn's
 * C(1) * RBF(1) + WhiteKernel(0.1)): kernel ::KES_GP_SE_ISO, mean
 * ::KES_GP_MEAN_ZERO, optimize 1, restarts 0, signal_var 1, length_scale 1,
 * rq_alpha 1, noise_var 0.1, every bound [1e-5, 1e5], max_iter 200,
 * gtol 1e-6, theta0 NULL; matern_nu 1.5 within [0.05, 50] (the range over
 * which the order derivative of log K is tested against Arb); optimizer
 * ::KES_GP_OPT_BFGS.
 */
typedef struct kes_gp_opts {
    kes_gp_kernel kernel;      /**< the correlation function */
    kes_gp_mean mean;          /**< zero or constant (sample) mean */
    int optimize;              /**< 1: maximise the LML over the free hyperparameters; 0: fit at the initial values */
    int64_t restarts;          /**< extra optimiser runs from log-uniform draws within the bounds (caller's kes_rng);
                                    0 .. ::KES_GP_MAX_RESTARTS */
    double signal_var;         /**< initial s2 */
    double signal_var_lo;      /**< lower bound of s2 */
    double signal_var_hi;      /**< upper bound of s2 */
    double length_scale;       /**< initial length scale (every dimension for ARD) */
    double length_scale_lo;    /**< lower bound of every length scale */
    double length_scale_hi;    /**< upper bound of every length scale */
    double rq_alpha;           /**< initial rational-quadratic shape a (RQ kernels only) */
    double rq_alpha_lo;        /**< lower bound of a */
    double rq_alpha_hi;        /**< upper bound of a */
    double noise_var;          /**< initial n2 */
    double noise_var_lo;       /**< lower bound of n2 */
    double noise_var_hi;       /**< upper bound of n2 */
    int64_t max_iter;          /**< most BFGS iterations per optimiser run (>= 1) */
    double gtol;               /**< convergence: max |projected gradient of the LML| <= gtol * max(1, |LML|), or
                                    <= 1000 gtol max(1, |LML|) when the line search can make no further
                                    progress (the LML is then flat to its rounding error) */
    const double *theta0;      /**< NULL, or p initial log-hyperparameters in the order of the file comment
                                    (overrides signal_var, length_scale, rq_alpha and noise_var; must lie
                                    within the bounds); read during kes_gp_fit() only */
    double matern_nu;          /**< initial Matern smoothness nu (::KES_GP_MATERN, ::KES_GP_MATERN_ARD only) */
    double matern_nu_lo;       /**< lower bound of nu */
    double matern_nu_hi;       /**< upper bound of nu (equal bounds hold nu fixed) */
    kes_gp_optimizer optimizer; /**< the optimiser of the LML (::kes_gp_optimizer) */
} kes_gp_opts;

/** The most optimiser restarts kes_gp_fit() accepts (more: KES_EINVAL), so
 * that a hostile count cannot make the fit run for ever. */
#define KES_GP_MAX_RESTARTS INT64_C(1000000)

/** A fitted Gaussian process (opaque; made by kes_gp_fit(), released by kes_gp_destroy()). */
typedef struct kes_gp kes_gp;

/**
 * The default options (listed at ::kes_gp_opts).  Never fails.  Cost O(1).
 * Thread-safe.
 */
KES_API kes_gp_opts kes_gp_opts_default(void);

/**
 * Number of hyperparameters p of a kernel in d dimensions: 2 + q (+ 1 for
 * RQ and general Matern) with q = 1 (isotropic) or d (ARD); 0 when kernel is not a
 * ::kes_gp_kernel value, d < 1 or d > INT64_MAX - 3 (p would overflow).  Cost O(1).  Thread-safe.
 */
KES_API int64_t kes_gp_n_params(kes_gp_kernel kernel, int64_t d);

/**
 * Fit a GP to (X, y): optionally maximise the LML over the log
 * hyperparameters, then factorise K = L L^T and keep L, alpha and a copy of X.
 *
 * The Cholesky factorisation is tried with no jitter; if it fails, jitter =
 * 1e-10 * mean(diag K) is added to the diagonal and multiplied by 10 until
 * the factorisation succeeds or the jitter passes 1e-4 * mean(diag K)
 * (then KES_ENOTSPD).  The jitter used is part of the model (the LML and
 * predictions are those of K with it) and is reported by kes_gp_jitter().
 *
 * Optimisation (::KES_GP_OPT_BFGS; ::KES_GP_OPT_GSL_BFGS2 swaps in GSL's
 * vector_bfgs2): dense BFGS with a strong-Wolfe line search (Nocedal &
 * Wright, Algorithms 6.1 and 3.5) on -LML with the analytic gradient, in
 * log space, over the hyperparameters whose bounds differ;
 * bounds are kept by evaluating at the projection onto the box plus a
 * quadratic penalty outside it.  The first run starts at the initial values,
 * each of the `restarts` others at a point drawn log-uniformly within the
 * bounds; the best LML wins.  A trial point whose matrix cannot be
 * factorised even with the largest jitter is rejected (as an infinitely bad
 * value).
 *
 * @param X    n x d column-major training inputs, leading dimension ldx >= n.
 * @param n    number of training points (>= 1).
 * @param d    input dimension (>= 1).
 * @param ldx  leading dimension of X.
 * @param y    n targets.
 * @param o    options (NULL: kes_gp_opts_default()).
 * @param rng  generator for the restart draws; may be NULL when restarts is
 *             0 or optimize is 0; advanced by d-dependent draws otherwise.
 * @param[out] gp receives the model; untouched unless the status is KES_OK
 *             or KES_NOCONV.
 * @return KES_OK; KES_NOCONV (the run that found the best point stopped at
 *         max_iter, or its line search stalled, before meeting gtol: the
 *         model is fitted at the best point found and usable); KES_EINVAL (NULL X, y or gp; rng NULL while
 *         restarts are drawn; kernel, mean or optimizer not an
 *         enum value; max_iter < 1;
 *         restarts < 0 or > ::KES_GP_MAX_RESTARTS; gtol not finite or <= 0;
 *         theta0 non-finite);
 *         KES_EDIM (n < 1, d < 1, ldx < n); KES_ENAN (NaN or Inf in X or y);
 *         KES_EDOM (a non-finite or non-positive initial value or bound,
 *         lo > hi, an initial value outside its bounds);
 *         KES_ENOTSPD (no jitter up to 1e-4 mean(diag K) makes K factorisable
 *         at the final point, or at every start point); KES_ERANGE (n^2, n d
 *         doubles or the extent (d - 1) ldx + n of X overflows, n > INT32_MAX,
 *         or p overflows; with optimize, also when the LML is not finite at
 *         every start point although K factorises there, e.g. y of order
 *         1e300 with s2 starting at 1: rescale y or start s2 nearer var(y));
 *         KES_ENOMEM.
 * Cost: memory n^2 + O(n (d + p)) doubles; each LML-and-gradient evaluation
 * costs about n^3 flops (dpotrf, dpotri) plus one pass over the kernel
 * matrix of O(n^2 (d + p)); the final fit n^3/3.  Thread-safety: distinct
 * calls may run concurrently (rng must not be shared).  Uses OpenMP and
 * the BLAS's threads.
 */
KES_API kes_status kes_gp_fit(const double *X, int64_t n, int64_t d, int64_t ldx, const double *y, const kes_gp_opts *o,
                              kes_rng *rng, kes_gp **gp);

/**
 * The log marginal likelihood of the fitted model (at its hyperparameters
 * and jitter).  @param gp the model.  @param[out] lml receives it.
 * @return KES_OK; KES_EINVAL (NULL pointer).  Cost O(1).  Thread-safe on a
 * const model.
 */
KES_API kes_status kes_gp_log_marginal_likelihood(const kes_gp *gp, double *lml);

/**
 * The LML of the fitted model and its gradient with respect to the p log
 * hyperparameters (all of them, fixed ones included), by
 * 1/2 tr((alpha alpha^T - K^-1) dK/dtheta_j) with K^-1 from dpotri and one
 * fused pass over the kernel matrix (no n x n x p tensor).
 * @param gp the model.  @param[out] lml receives the LML (may be NULL).
 * @param[out] grad receives p derivatives.
 * @return KES_OK; KES_EINVAL (NULL gp or grad); KES_ENOMEM; KES_ERANGE.
 * Cost n^3 flops and n^2 doubles of workspace.  Thread-safe on a const model.
 */
KES_API kes_status kes_gp_lml_gradient(const kes_gp *gp, double *lml, double *grad);

/**
 * Predictive mean and variance of f (without the noise n2) at m points:
 * mean_j = m + k_*^T alpha, var_j = s2 - |L^-1 k_*|^2 (Rasmussen & Williams,
 * Algorithm 2.1), clamped at 0 where rounding makes it negative.  Add
 * kes_gp_noise_var() for the variance of a new observation.
 * @param gp   the model.
 * @param Xs   m x d column-major query points, leading dimension ldxs >= m.
 * @param m    number of queries (>= 1).
 * @param ldxs leading dimension of Xs.
 * @param[out] mean receives m means.
 * @param[out] var  receives m variances, or NULL to skip them (half the cost).
 * @return KES_OK; KES_EINVAL (NULL gp, Xs or mean); KES_EDIM (m < 1,
 *         ldxs < m); KES_ENAN (NaN or Inf in Xs); KES_ERANGE (the extent
 *         (d - 1) ldxs + m of Xs overflows); KES_ENOMEM.  Outputs are
 *         untouched on error.
 * Cost O(m n d) kernel evaluations, 2 m n flops for the mean and m n^2 for
 * the variance; workspace n x max(256, min(m, 2^23 / n)) doubles (at most
 * 64 MiB beyond n x 256).  Thread-safe on a const model.
 */
KES_API kes_status kes_gp_predict(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs, double *mean,
                                  double *var);

/**
 * The fitted log hyperparameters.  @param gp the model.  @param[out] theta
 * receives kes_gp_n_params() values in the order of the file comment.
 * @return KES_OK; KES_EINVAL (NULL pointer).  Cost O(p).  Thread-safe.
 */
KES_API kes_status kes_gp_theta(const kes_gp *gp, double *theta);

/** Number of hyperparameters of the fitted model (0 for NULL).  Cost O(1).  Thread-safe. */
KES_API int64_t kes_gp_n_hyper(const kes_gp *gp);

/** The jitter added to the diagonal of K by the final fit (0 when none was needed; NaN for NULL).  Cost O(1).  Thread-safe. */
KES_API double kes_gp_jitter(const kes_gp *gp);

/** The fitted noise variance n2 (NaN for NULL).  Cost O(1).  Thread-safe. */
KES_API double kes_gp_noise_var(const kes_gp *gp);

/** The constant mean m (0 for ::KES_GP_MEAN_ZERO; NaN for NULL).  Cost O(1).  Thread-safe. */
KES_API double kes_gp_mean_value(const kes_gp *gp);

/** Number of LML evaluations spent by kes_gp_fit() on this model, over all optimiser runs (-1 for NULL).  Cost O(1).  Thread-safe. */
KES_API int64_t kes_gp_n_evals(const kes_gp *gp);

/** Release a model; NULL is a no-op.  Cost O(1).  Not thread-safe with other uses of the same model. */
KES_API void kes_gp_destroy(kes_gp *gp);

/* ==================================================================== */
/* Composite covariances: periodic, spectral mixture, sums, products and
 * scaling (kes_gp_fit_cov()).                                          */
/* ==================================================================== */

/**
 * Spectral density of a spectral-mixture component (Wilson & Adams,
 * "Gaussian process kernels for pattern discovery and extrapolation",
 * ICML 2013): each component is, per coordinate, a correlation m(tau / l)
 * times cos(2 pi mu tau), the Fourier pair of a density centred at +-mu.
 */
typedef enum kes_gp_sm_density {
    KES_GP_SM_GAUSSIAN = 0, /**< Gaussian density: m(t) = exp(-t^2 / 2) */
    KES_GP_SM_STUDENT_T = 1 /**< Student-t density (5 degrees of freedom): m = Matern 5/2,
                                 (1 + s + s^2/3) e^-s, s = sqrt(5) |t| */
} kes_gp_sm_density;

/**
 * A covariance expression (opaque): leaves made by kes_gp_cov_create(),
 * kes_gp_cov_periodic() and kes_gp_cov_spectral_mixture(), combined by
 * kes_gp_cov_sum(), kes_gp_cov_product() and kes_gp_cov_scale(); released
 * by kes_gp_cov_destroy() on the root (which releases the whole tree).
 *
 * Every node owns a contiguous block of log-hyperparameters: a leaf's are
 * listed at its constructor; a sum or product lists its left operand's
 * block, then its right operand's; a scaling s2 * k lists log s2, then k's
 * block.  kes_gp_cov_n_params() gives the block length of a tree.  Leaves
 * are correlations (k(x, x) = 1), so a model usually scales them.
 * Leaves act on every coordinate (dim = -1) or on one coordinate dim, so
 * a product over coordinates of one-dimensional spectral mixtures is
 * product(SM(dim 0), SM(dim 1), ...).
 */
typedef struct kes_gp_cov kes_gp_cov;

/**
 * A leaf with the correlation of a ::kes_gp_kernel (its length scales and
 * shape; not its signal variance or noise).  Parameters: log l (one, or one
 * per coordinate acted on for an ARD kernel), then log a (RQ alpha or
 * Matern nu) for the kernels that have one.
 * @param kernel the correlation.  @param d input dimension (>= 1).
 * @param dim -1 (all coordinates) or the one coordinate (0 .. d-1).
 * @param[out] cov receives the leaf.
 * @return KES_OK; KES_EINVAL (NULL cov, kernel not an enum value); KES_EDIM
 *   (d < 1, dim outside [-1, d)); KES_ERANGE (d above INT64_MAX / 4);
 *   KES_ENOMEM.  Cost O(1).  Thread-safe.
 */
KES_API kes_status kes_gp_cov_create(kes_gp_kernel kernel, int64_t d, int64_t dim, kes_gp_cov **cov);

/**
 * The periodic leaf exp(-2 sin^2(pi |tau| / p) / l^2), |tau| the Euclidean
 * offset over the coordinates acted on (MacKay 1998; scikit-learn's
 * ExpSineSquared).  Parameters: log l, log p.  It is a covariance (positive
 * definite) on one coordinate; on a Euclidean distance in two or more
 * dimensions it is not, so for d > 1 give it one coordinate (dim >= 0) and
 * combine such leaves by products or sums.
 * @param d input dimension.  @param dim -1 or one coordinate.
 * @param[out] cov receives the leaf.
 * @return KES_OK; KES_EINVAL (NULL); KES_EDIM; KES_ENOMEM.  Cost O(1).
 * Thread-safe.
 */
KES_API kes_status kes_gp_cov_periodic(int64_t d, int64_t dim, kes_gp_cov **cov);

/**
 * The spectral-mixture leaf with Q components,
 * k(tau) = sum_q w_q prod_c m(tau_c / l_qc) cos(2 pi mu_qc tau_c),
 * over the D coordinates acted on (D = d, or 1 with dim >= 0).
 * Parameters, per component q: log w_q, log l_q1 .. log l_qD, log mu_q1 ..
 * log mu_qD (Q (1 + 2 D) in all).
 * @param d input dimension.  @param dim -1 or one coordinate.
 * @param Q number of components (>= 1).  @param dens the spectral density.
 * @param[out] cov receives the leaf.
 * @return KES_OK; KES_EINVAL (NULL, dens not an enum value); KES_EDIM
 *   (d < 1, Q < 1, bad dim); KES_ERANGE (the parameter count overflows);
 *   KES_ENOMEM.  Cost O(1).  Thread-safe.
 */
KES_API kes_status kes_gp_cov_spectral_mixture(int64_t d, int64_t dim, int64_t Q, kes_gp_sm_density dens,
                                               kes_gp_cov **cov);

/**
 * The sum a + b.  On success the new node owns a and b (destroy only the
 * root); on failure a and b are untouched and still the caller's.
 * @param a left operand.  @param b right operand (not the same object).
 * @param[out] out receives the sum.
 * @return KES_OK; KES_EINVAL (NULL, a == b); KES_EDIM (different input
 *   dimensions); KES_ERANGE; KES_ENOMEM.  Cost O(1).  Not thread-safe with
 *   other uses of a or b.
 */
KES_API kes_status kes_gp_cov_sum(kes_gp_cov *a, kes_gp_cov *b, kes_gp_cov **out);

/** The product a * b; ownership and errors as kes_gp_cov_sum(). */
KES_API kes_status kes_gp_cov_product(kes_gp_cov *a, kes_gp_cov *b, kes_gp_cov **out);

/**
 * The scaling s2 * a, with log s2 as one more parameter (first in the
 * node's block).  Ownership as kes_gp_cov_sum().
 * @param a the operand.  @param[out] out receives the node.
 * @return KES_OK; KES_EINVAL (NULL); KES_ERANGE; KES_ENOMEM.  Cost O(1).
 */
KES_API kes_status kes_gp_cov_scale(kes_gp_cov *a, kes_gp_cov **out);

/** Release a covariance tree (the node and everything below); NULL is a
 * no-op.  Not thread-safe with other uses of the tree. */
KES_API void kes_gp_cov_destroy(kes_gp_cov *cov);

/** Number of log-hyperparameters of a tree (0 for NULL).  Cost O(1).  Thread-safe. */
KES_API int64_t kes_gp_cov_n_params(const kes_gp_cov *cov);

/** Input dimension d of a tree (0 for NULL).  Cost O(1).  Thread-safe. */
KES_API int64_t kes_gp_cov_dim(const kes_gp_cov *cov);

/**
 * The cross-covariance K_ij = k(x_i, z_j) of a tree at log-hyperparameters
 * theta (kes_gp_cov_n_params() of them).
 * @param cov the covariance.  @param theta its parameters.
 * @param X n x d column-major points, leading dimension ldx >= n.
 * @param n rows of X.  @param ldx leading dimension of X.
 * @param Z m x d column-major points, leading dimension ldz >= m.
 * @param m rows of Z.  @param ldz leading dimension of Z.
 * @param[out] K n x m column-major, leading dimension ldk >= n.
 * @param ldk leading dimension of K.
 * @return KES_OK; KES_EINVAL (NULL); KES_EDIM (n, m < 1, a leading
 *   dimension too small); KES_EDOM (non-finite theta); KES_ENAN (NaN or Inf
 *   in X or Z); KES_ERANGE; KES_ENOMEM.  K untouched on error.
 * Cost O(n m (d + p)); OpenMP over columns.  Thread-safe.
 */
KES_API kes_status kes_gp_cov_matrix(const kes_gp_cov *cov, const double *theta, const double *X, int64_t n,
                                     int64_t ldx, const double *Z, int64_t m, int64_t ldz, double *K, int64_t ldk);

/**
 * Fit a GP whose f has a composite covariance: y = m + f + e,
 * f ~ GP(0, cov), e ~ N(0, n2), with theta = [the tree's parameters,
 * log n2] (p = kes_gp_cov_n_params(cov) + 1).  Everything else is as
 * kes_gp_fit(): the escalating jitter (relative to the mean of the
 * diagonal of cov), the optimiser and its restarts, the status codes; the
 * getters, kes_gp_predict() (prior variance k(x, x) per query),
 * kes_gp_lml_gradient() and kes_gp_destroy() apply to the model, which
 * keeps its own copy of the tree.
 * @param X n x d inputs, leading dimension ldx.  @param n points.
 * @param d dimension (must equal kes_gp_cov_dim(cov)).  @param ldx leading dimension.
 * @param y n targets.  @param cov the covariance (copied).
 * @param theta0 p initial log-hyperparameters (required).
 * @param lo p lower bounds in log space, or NULL for log 1e-5 each.
 * @param hi p upper bounds in log space, or NULL for log 1e5 each
 *   (lo[t] == hi[t] holds parameter t fixed).
 * @param o options: only mean, optimize, restarts, max_iter and gtol are
 *   read (NULL: defaults).
 * @param rng generator for restarts (as kes_gp_fit()).
 * @param[out] gp receives the model.
 * @return as kes_gp_fit(), plus KES_EINVAL (NULL cov or theta0, non-finite
 *   theta0), KES_EDIM (d differs from the tree's), KES_EDOM (non-finite
 *   bound, lo > hi, theta0 outside its bounds).
 * Cost: as kes_gp_fit() with each kernel evaluation walking the tree; the
 * gradient pass evaluates all p derivatives per pair.  Thread-safety: as
 * kes_gp_fit().
 */
KES_API kes_status kes_gp_fit_cov(const double *X, int64_t n, int64_t d, int64_t ldx, const double *y,
                                  const kes_gp_cov *cov, const double *theta0, const double *lo, const double *hi,
                                  const kes_gp_opts *o, kes_rng *rng, kes_gp **gp);

/* ==================================================================== */
/* Posterior covariance, samples, model files.                          */
/* ==================================================================== */

/**
 * Predictive mean and full covariance of f (without the noise) at m
 * points: mean = m + K*^T alpha, cov = K** - V^T V with V = L^-1 K*
 * (Rasmussen & Williams, Algorithm 2.1 for all queries at once).  Its
 * diagonal is kes_gp_predict()'s variance before that function's clamping
 * at 0.
 * @param gp the model.
 * @param Xs m x d column-major queries, leading dimension ldxs >= m.
 * @param m number of queries.  @param ldxs leading dimension of Xs.
 * @param[out] mean m means, or NULL.
 * @param[out] cov m x m covariance (both triangles), leading dimension ldc.
 * @param ldc leading dimension of cov (>= m).
 * @return KES_OK; KES_EINVAL (NULL gp, Xs or cov); KES_EDIM (m < 1,
 *   ldxs < m, ldc < m); KES_ENAN (NaN or Inf in Xs); KES_ERANGE (m^2, n m
 *   or the extent of Xs overflows, m > INT32_MAX); KES_ENOMEM.  Outputs
 *   untouched on error.
 * Cost: n m (d + p) kernel work, n^2 m + n m^2 flops; workspace
 * n m + m^2 doubles.  Thread-safe on a const model.
 */
KES_API kes_status kes_gp_predict_cov(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs, double *mean,
                                      double *cov, int64_t ldc);

/**
 * Draw ns joint samples of f (without noise) at m points from the
 * posterior: F = mean + C Z, C C^T = the predictive covariance plus a
 * jitter (0 when it factorises; else 1e-10 mean(diag) times 10^k, up to
 * 1e-4 mean(diag), as in the fit: a repeated query point makes the
 * covariance singular), Z standard normal from rng, drawn sample by sample
 * and point by point, so the result is the same for any thread count.
 * @param gp the model.
 * @param Xs m x d queries, leading dimension ldxs.  @param m queries.
 * @param ldxs leading dimension.  @param ns number of samples (>= 1).
 * @param rng the generator (advanced by m ns normal draws).
 * @param[out] F m x ns samples, one per column, leading dimension ldf >= m.
 * @param ldf leading dimension of F.
 * @param[out] jitter the jitter used (may be NULL).
 * @return KES_OK; KES_EINVAL (NULL gp, Xs, rng or F); KES_EDIM (m < 1,
 *   ns < 1, ldxs < m, ldf < m); KES_ENAN; KES_ERANGE (sizes overflow);
 *   KES_ENOTSPD (no jitter up to 1e-4 mean(diag) factorises it);
 *   KES_ENOMEM.  F untouched on error.
 * Cost as kes_gp_predict_cov() plus m^3/3 + m^2 ns flops.  Thread-safe on
 * a const model (rng must not be shared).
 */
KES_API kes_status kes_gp_sample(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs, int64_t ns,
                                 kes_rng *rng, double *F, int64_t ldf, double *jitter);

/**
 * Write a model's hyperparameters and data to a text file: the kernel (or
 * the composite covariance tree), the mean option, theta, X and y, every
 * double in C99 hexadecimal ("%a") so the round trip is bit-exact, and
 * always in the C locale (the calling thread's locale is restored before
 * returning).  The factor is not stored: kes_gp_load() recomputes it.
 * @param gp the model.  @param path file to create or overwrite.
 * @return KES_OK; KES_EINVAL (NULL); KES_EIO (cannot open or write);
 *   KES_ENOMEM (no locale object).
 * Size about 22 (n d + n + p) bytes.  Thread-safe for distinct files.
 */
KES_API kes_status kes_gp_save(const kes_gp *gp, const char *path);

/**
 * Make a model from a file written by kes_gp_save() (in any locale): the
 * data and hyperparameters are read and the model is refitted at them
 * without optimisation, so its theta, LML, jitter and predictions equal
 * the saved model's bit for bit (same build and thread count).
 * @param path the file.  @param[out] gp the model; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL); KES_EIO (cannot open); KES_EPARSE
 *   (malformed or truncated file, unknown kernel, sizes that do not match,
 *   non-finite numbers); KES_ENOTSPD (the saved point cannot be factorised:
 *   an edited file); KES_ENOMEM.
 * Cost: one fit at fixed hyperparameters.  Thread-safe.
 */
KES_API kes_status kes_gp_load(const char *path, kes_gp **gp);

/** kes_gp_save() on an open stream (not closed).  @param gp the model.
 * @param f a stream open for writing.  @return as kes_gp_save(). */
KES_API kes_status kes_gp_save_stream(const kes_gp *gp, FILE *f);

/** kes_gp_load() on an open stream (read up to the "end" record, not
 * closed).  @param f a stream open for reading.  @param[out] gp the model.
 * @return as kes_gp_load() (never KES_EIO for opening). */
KES_API kes_status kes_gp_load_stream(FILE *f, kes_gp **gp);

#ifdef __cplusplus
}
#endif

#endif
