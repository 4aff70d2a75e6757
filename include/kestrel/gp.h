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


/* ====================================================================== */
/* GP: Kronecker and Vecchia (structured and scalable GPs)                 */
/* ====================================================================== */

#ifdef __cplusplus
} /* the headers below open their own extern "C" blocks */
#endif
#include "kestrel/linalg.h"  /* kes_csr */
#include "kestrel/solvers.h" /* kes_solve_opts, kes_solve_stats */
#ifdef __cplusplus
extern "C" {
#endif

/*
 * Two GP models that scale beyond the dense O(n^3) path, with the kernels,
 * hyperparameter order and log-space conventions of the exact GP above
 * (theta = [log s2, log l_1..q, (log a), log n2], kes_gp_n_params()), a zero
 * mean (centre y first) and Gaussian noise n2.
 *
 * Kronecker (grid) GP: inputs on a Cartesian grid x_1 x ... x x_D (D >= 1,
 * M = M_1 ... M_D points, grid arrays first-index-fastest), with the product
 * kernel s2 prod_j k(|x_j - x'_j| / l_j) of one-dimensional correlations,
 * so K = s2 K_D (x) ... (x) K_1.  For SE this is the SE ARD kernel; for the
 * Matern kernels it is the product of 1-D Matern correlations, not the
 * D-dimensional Matern.  With K_j = Q_j diag(lambda_j) Q_j^T, everything on
 * a complete grid follows from the eigenbasis (Saatci 2011, Chapter 5): the
 * exact LML, its exact gradient and the predictive mean and variance in
 * O(sum_j M_j^3 + M sum_j M_j) time and O(sum_j M_j^2 + M) memory.  Missing
 * cells (Wilson, Gilboa, Nehorai and Cunningham 2014) are handled by
 * conjugate gradients on the observed part P (K + n2 I) P^T of the operator
 * (each product one Kronecker product), preconditioned by
 * P (K + n2 I)^-1 P^T; with missing cells the predictive mean and variance
 * and the quadratic term of the LML are exact up to the CG tolerance, while
 * the log determinant uses the approximation of Wilson et al. (2014), so
 * that LML is approximate (and its gradient is that of the approximation).
 *
 * Vecchia GP (Vecchia 1988; Katzfuss and Guinness 2021): the points are put
 * in maximin order (each next point the one farthest from those already
 * chosen), each point i conditions on its m nearest previously ordered
 * points c(i), and the density of y (the "response" approximation, noise
 * included in every factor) is prod_i p(y_i | y_c(i)).  Equivalently
 * (K + n2 I)^-1 ~ L^T L with L sparse lower triangular, row i holding
 * 1/sqrt(d_i) at i and -b_i/sqrt(d_i) at c(i), b_i = K_cc^-1 K_ci,
 * d_i = K_ii - K_ic b_i; this is the KL-optimal sparse inverse Cholesky
 * factor for that pattern (Schaefer, Katzfuss and Owhadi 2021).  The LML is
 * sum_i log N(y_i; b_i^T y_c(i), d_i), exact when m = n - 1.  Prediction
 * conditions each query point on its m nearest training points.
 *
 * References: Y. Saatci, "Scalable Inference for Structured Gaussian Process
 * Models", PhD thesis, University of Cambridge, 2011; A. G. Wilson,
 * E. Gilboa, A. Nehorai and J. P. Cunningham, "Fast kernel learning for
 * multidimensional pattern extrapolation", NeurIPS 2014; A. V. Vecchia,
 * "Estimation and model identification for continuous spatial processes",
 * J. R. Stat. Soc. B 50 (1988); M. Katzfuss and J. Guinness, "A general
 * framework for Vecchia approximations of Gaussian processes", Statistical
 * Science 36 (2021); F. Schaefer, M. Katzfuss and H. Owhadi, "Sparse Cholesky
 * factorization by Kullback-Leibler minimization", SIAM J. Sci. Comput. 43
 * (2021); J. Guinness, "Permutation and grouping methods for sharpening
 * Gaussian process approximations", Technometrics 60 (2018); J. Guinness,
 * "Gaussian process learning via Fisher scoring of Vecchia's
 * approximation", Statistics and Computing 31 (2021).
 */

/**
 * Options of the hyperparameter fits kes_gp_kron_fit() and
 * kes_gp_vecchia_fit(); make them with kes_gp_hyperfit_opts_default().
 * Defaults: max_iter 200, gtol 1e-6, lo and hi NULL (every log
 * hyperparameter within [log 1e-5, log 1e5], as kes_gp_opts).
 */
typedef struct kes_gp_hyperfit_opts {
    int64_t max_iter; /**< most iterations, BFGS (Kronecker) or Fisher scoring (Vecchia) (>= 1) */
    double gtol;      /**< convergence: max |projected gradient| <= gtol max(1, |LML|) (finite, > 0); see each fit */
    const double *lo; /**< NULL, or p lower bounds of the log hyperparameters (finite) */
    const double *hi; /**< NULL, or p upper bounds (finite, >= lo; equal bounds hold a parameter fixed) */
} kes_gp_hyperfit_opts;

/** The default fit options (listed at ::kes_gp_hyperfit_opts).  Never fails.  Cost O(1).  Thread-safe. */
KES_API kes_gp_hyperfit_opts kes_gp_hyperfit_opts_default(void);

/** A GP on a Cartesian grid (opaque; made by kes_gp_kron_create(), released by kes_gp_kron_destroy()). */
typedef struct kes_gp_kron kes_gp_kron;

/**
 * Set up a Kronecker GP on the grid coords[0] x ... x coords[ndim-1] with
 * targets y on the grid (first index fastest: cell (i_1, ..., i_D) is
 * y[i_1 + M_1 (i_2 + M_2 (...))]) and an optional mask of observed cells.
 * Copies the coordinates, y and the mask; computes nothing else.
 *
 * @param kernel  ::KES_GP_SE_ISO, ::KES_GP_SE_ARD or one of the Matern
 *                kernels (isotropic: one length scale shared by every
 *                dimension; ARD: one per dimension); RQ is refused.
 * @param ndim    number of dimensions D (1 .. 16).
 * @param sizes   D grid sizes M_j >= 1.
 * @param coords  D arrays of M_j finite coordinates each (any order, distinct
 *                values are not required but make K_j singular).
 * @param y       M targets (entries at unobserved cells are ignored; may be
 *                anything, NaN included).
 * @param observed NULL (complete grid), or M flags, 1 observed, 0 missing,
 *                at least one 1.
 * @param[out] g  receives the model; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL sizes, coords, a coords[j], y or g;
 *         kernel not supported; a flag other than 0 and 1; no observed cell);
 *         KES_EDIM (ndim < 1 or > 16, a size < 1); KES_ENAN (NaN or Inf in a
 *         coordinate or an observed y); KES_ERANGE (M overflows or exceeds
 *         INT32_MAX, or a size exceeds 46340 so that M_j^2 would); KES_ENOMEM.
 * Cost O(M + sum_j M_j) time and memory.  Thread-safe.
 */
KES_API kes_status kes_gp_kron_create(kes_gp_kernel kernel, int64_t ndim, const int64_t *sizes,
                                      const double *const *coords, const double *y, const unsigned char *observed,
                                      kes_gp_kron **g);

/**
 * LML of a Kronecker GP at theta and its gradient.  Complete grid (exact):
 * LML = -1/2 y^T alpha - 1/2 sum_i log(s2 lambda_i + n2) - M/2 log 2 pi with
 * alpha = (K + n2 I)^-1 y = Q (s2 Lambda + n2 I)^-1 Q^T y and lambda_i the
 * products of the factors' eigenvalues; dLML/dtheta_t =
 * 1/2 alpha^T dK_t alpha - 1/2 tr((K + n2 I)^-1 dK_t), the trace taken in the
 * eigenbasis as sum_i (prod_j g_j)_i / (s2 lambda_i + n2) with g_j = lambda_j
 * except for the differentiated factor, whose g is diag(Q_j^T dK_j Q_j)
 * (Saatci 2011, Section 5.3).  With N < M observed cells (approximate):
 * alpha_O = (K_O + n2 I)^-1 y_O by preconditioned CG (relative tolerance
 * 1e-10) gives the quadratic term exactly, and the log determinant is
 * approximated as in Wilson, Gilboa, Nehorai and Cunningham (2014) by
 * sum over the N largest s2 lambda_i of log((N / M) s2 lambda_i + n2); grad
 * is the exact gradient of that approximate LML (the quadratic part from
 * alpha scattered on the grid, the log-determinant part from the same
 * eigenvalue derivatives).  Leaves the model conditioned at theta (as
 * kes_gp_kron_condition()).
 * @param g     the model.
 * @param theta kes_gp_n_params(kernel, ndim) finite log hyperparameters.
 * @param[out] lml  receives the LML (may be NULL).
 * @param[out] grad receives p derivatives, or NULL to skip them.
 * @return KES_OK; KES_EINVAL (NULL g or theta); KES_EDOM
 *         (non-finite theta); KES_ERANGE (s2 = exp(theta_0) or n2 =
 *         exp(theta_p-1) overflows or underflows to 0); KES_ENOTSPD (the
 *         eigendecomposition of a factor failed, or some s2 lambda_i + n2 <= 0
 *         in rounding); KES_NOCONV (missing cells: CG did not converge; no
 *         output written); KES_ENOMEM.
 * Cost O(sum_j M_j^3 + (p + 1) M sum_j M_j) flops, plus the CG solve and an
 * O(M log M) sort with missing cells; memory O(sum M_j^2 + M).
 * Not thread-safe on one model (it holds the factorisation).
 */
KES_API kes_status kes_gp_kron_lml(kes_gp_kron *g, const double *theta, double *lml, double *grad);

/**
 * Condition the model at theta: eigendecompose the factors and compute
 * alpha = P^T (P (K + n2 I) P^T)^-1 P y, directly on a complete grid and by
 * preconditioned CG (kes_pcg_solve, operator P (K + n2 I) P^T, preconditioner
 * P (K + n2 I)^-1 P^T, zero start) with missing cells.
 * @param g     the model.
 * @param theta p finite log hyperparameters.
 * @param o     CG options (NULL: tol 1e-10, max_iter 10000; zero_guess is
 *              forced); unused on a complete grid.
 * @param[out] st CG statistics (may be NULL; iterations 0 on a complete grid).
 * @return KES_OK; KES_NOCONV (CG stopped before tol: alpha is the last
 *         iterate); KES_EINVAL (NULL g or theta, bad CG options); KES_EDOM;
 *         KES_ENOTSPD; KES_ENOMEM; the other errors of kes_pcg_solve.
 * Cost O(sum_j M_j^3 + M sum_j M_j) per CG iteration (two Kronecker products).
 * Not thread-safe on one model.
 */
KES_API kes_status kes_gp_kron_condition(kes_gp_kron *g, const double *theta, const kes_solve_opts *o,
                                         kes_solve_stats *st);

/**
 * Predictive mean and variance of f (without n2) at m scattered points of
 * R^D, for the model conditioned by kes_gp_kron_condition(),
 * kes_gp_kron_lml() or kes_gp_kron_fit(): mean = k_*^T alpha with
 * k_* = s2 (x)_j k_j(x_*j), contracted one axis at a time; variance on a
 * complete grid s2 - sum_i (Q^T k_*)_i^2 / (s2 lambda_i + n2) with Q^T k_* the
 * Kronecker product of the Q_j^T k_j (exact), with missing cells
 * s2 - k_*O^T (P (K + n2 I) P^T)^-1 k_*O by one CG solve per point (tol
 * 1e-10), clamped at 0.
 * @param g   the conditioned model.
 * @param Xs  m x D column-major query points, leading dimension ldxs >= m.
 * @param m   number of points (>= 1).
 * @param ldxs leading dimension.
 * @param[out] mean m means.
 * @param[out] var  m variances, or NULL.
 * @return KES_OK; KES_EINVAL (NULL g, Xs or mean; model not conditioned);
 *         KES_EDIM (m < 1, ldxs < m); KES_ENAN (NaN or Inf in Xs);
 *         KES_ERANGE (the extent of Xs overflows); KES_NOCONV (a variance
 *         CG solve did not reach its tolerance); KES_ENOMEM.
 * Cost per point O(M + sum_j M_j) for the mean, O(sum_j M_j^2 + M) for the
 * variance (complete grid) or a CG solve (missing cells).  Thread-safe on a
 * model no other thread modifies.
 */
KES_API kes_status kes_gp_kron_predict(const kes_gp_kron *g, const double *Xs, int64_t m, int64_t ldxs, double *mean,
                                       double *var);

/**
 * Predictive mean and variance of f on a new Cartesian grid
 * coords[0] x ... x coords[D-1] (first index fastest), for the conditioned
 * model, by Kronecker products with the cross-covariance factors
 * K*_j = [k_j(x*_ja, x_jb)] (M*_j x M_j): mean = s2 (x)_j K*_j alpha and, on
 * a complete grid, var = s2 - s2^2 ((x)_j W_j) (1 / (s2 Lambda + n2)) with
 * W_j = (K*_j Q_j) o (K*_j Q_j) (Saatci 2011, Section 5.2: the Hadamard
 * square of a Kronecker product is the product of the squares); with missing
 * cells the variances come from kes_gp_kron_predict() (one CG solve each).
 * @param g      the conditioned model.
 * @param sizes  D new sizes M*_j >= 1.
 * @param coords D arrays of M*_j finite coordinates.
 * @param[out] mean M* = prod M*_j means.
 * @param[out] var  M* variances, or NULL.
 * @return KES_OK; KES_EINVAL (NULL g, sizes, coords, a coords[j] or mean;
 *         model not conditioned); KES_EDIM (a size < 1); KES_ENAN (NaN or Inf
 *         in a coordinate); KES_ERANGE (M* or an intermediate product exceeds
 *         INT32_MAX); KES_NOCONV (a variance CG solve, missing cells);
 *         KES_ENOMEM.
 * Cost O(sum_j M*_j M_j (M_j + prod_{i<j} M*_i prod_{i>j} M_i)) flops, i.e.
 * O(M sum_j M_j) for M* ~ M (complete grid).  Thread-safe on a model no
 * other thread modifies.
 */
KES_API kes_status kes_gp_kron_predict_grid(const kes_gp_kron *g, const int64_t *sizes, const double *const *coords,
                                            double *mean, double *var);

/**
 * Maximise the LML of kes_gp_kron_lml() (exact on a complete grid,
 * approximate with missing cells) over theta by
 * dense BFGS with a backtracking Armijo line search (Nocedal and Wright,
 * "Numerical Optimization", 2006, Algorithms 6.1 and 3.1), bounds kept by a
 * projection and quadratic penalty as in kes_gp_fit(), and leave the model
 * conditioned at the result.
 * @param g      the model.
 * @param o      fit options (NULL: defaults).
 * @param[in,out] theta p log hyperparameters: the start (within the bounds)
 *               in, the fitted values out (written on KES_OK and KES_NOCONV).
 * @param[out] lml receives the LML at the result (may be NULL).
 * @return KES_OK; KES_NOCONV (max_iter reached or the line search stalled:
 *         theta is the best point found); KES_EINVAL (NULL g or theta, bad
 *         options); KES_EDOM (non-finite theta, theta outside
 *         the bounds, non-finite or crossed bounds); the errors of
 *         kes_gp_kron_lml() at the start point; KES_ENOMEM.
 * Cost: one kes_gp_kron_lml() per evaluation.  Not thread-safe on one model.
 */
KES_API kes_status kes_gp_kron_fit(kes_gp_kron *g, const kes_gp_hyperfit_opts *o, double *theta, double *lml);

/** Release a Kronecker model; NULL is a no-op.  Cost O(1).  Not thread-safe with other uses of the model. */
KES_API void kes_gp_kron_destroy(kes_gp_kron *g);

/** A Vecchia GP: ordering and conditioning sets of a point set (opaque; made by kes_gp_vecchia_create(), released by kes_gp_vecchia_destroy()). */
typedef struct kes_gp_vecchia kes_gp_vecchia;

/**
 * Order the n training points by maximin distance and find, for each, its m
 * nearest previously ordered points (Euclidean distance in the input units,
 * ties broken by order).  Maximin: the first point is the one nearest the
 * centroid; each next point maximises the distance to the nearest chosen
 * point (exact, with a max-heap of those distances updated by kd-tree ball
 * queries: O(n log n) expected for quasi-uniform points in low dimension).
 * Neighbours: a kd-tree over the ordered points whose nodes carry the
 * smallest order index below them, so subtrees of later points are pruned.
 * Copies X and y.
 * @param kernel any ::kes_gp_kernel value 0..9.
 * @param X     n x d column-major points, leading dimension ldx >= n.
 * @param n     number of points (>= 2).
 * @param d     dimension (>= 1, <= 64).
 * @param ldx   leading dimension.
 * @param y     n targets (zero-mean model).
 * @param m     conditioning-set size (1 .. n - 1).
 * @param[out] g receives the model; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL X, y or g; kernel not supported);
 *         KES_EDIM (n < 2, d < 1 or > 64, ldx < n, m < 1 or m >= n);
 *         KES_ENAN (NaN or Inf in X or y); KES_ERANGE (n > INT32_MAX or the
 *         extent of X overflows); KES_ENOMEM.
 * Cost O(n log n) for the ordering and about O(n (m + log n)) per kd-tree
 * query; memory O(n (d + m)).  The neighbour search runs OpenMP over points
 * with a thread-independent result.  Thread-safe.
 */
KES_API kes_status kes_gp_vecchia_create(kes_gp_kernel kernel, const double *X, int64_t n, int64_t d, int64_t ldx,
                                         const double *y, int64_t m, kes_gp_vecchia **g);

/**
 * The Vecchia LML sum_i [-1/2 log(2 pi d_i) - r_i^2 / (2 d_i)], r_i = y_i -
 * b_i^T y_c(i), at theta, and its exact gradient, from one Cholesky of each
 * local (|c(i)| + noise) matrix: with A = K_cc + n2 I, b = A^-1 k_ci,
 * w = A^-1 y_c, the row derivatives are dd = dk_ii - 2 dk_ci^T b +
 * b^T dA b and dr = -(dk_ci - dA b)^T w (Katzfuss and Guinness 2021;
 * Guinness 2021 for the single-pass form).
 * @param g     the model.
 * @param theta kes_gp_n_params(kernel, d) finite log hyperparameters.
 * @param[out] lml  receives the LML (may be NULL).
 * @param[out] grad receives p derivatives, or NULL.
 * @return KES_OK; KES_EINVAL (NULL g or theta, lml and grad both NULL);
 *         KES_EDOM (non-finite theta); KES_ERANGE (s2 or n2 = exp(theta)
 *         overflows or underflows to 0); KES_ENOTSPD (a local matrix is not
 *         positive definite, or some d_i <= 0); KES_ENOMEM.
 * Cost O(n m^3 + n p m^2) flops, OpenMP over rows; rows are summed in a
 * fixed order, so the result is the same for every thread count.  Workspace
 * O(n p + threads m^2).  Thread-safe on a const model.
 */
KES_API kes_status kes_gp_vecchia_lml(const kes_gp_vecchia *g, const double *theta, double *lml, double *grad);

/**
 * The sparse inverse Cholesky factor L at theta, (K + n2 I)^-1 ~ L^T L in the
 * maximin order (kes_gp_vecchia_order()): row i holds 1/sqrt(d_i) on the
 * diagonal and -b_i / sqrt(d_i) on the columns c(i).  Exact
 * (L^T L = (K + n2 I)^-1 of the ordered points) when m = n - 1.
 * @param g     the model.  @param theta p finite log hyperparameters.
 * @param[out] L receives an n x n lower-triangular CSR matrix with n + sum |c(i)|
 *             entries (release with kes_csr_destroy()); untouched on error.
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_EDOM; KES_ERANGE (as
 *         kes_gp_vecchia_lml(), or nnz too large); KES_ENOTSPD; KES_ENOMEM.
 *         Cost O(n m^3), OpenMP over rows.  Thread-safe on a
 *         const model.
 */
KES_API kes_status kes_gp_vecchia_factor(const kes_gp_vecchia *g, const double *theta, kes_csr **L);

/**
 * The maximin order: perm[k] is the index (row of X) of the k-th ordered point.
 * @param g the model.  @param[out] perm n indices.
 * @return KES_OK; KES_EINVAL (NULL pointer).  Cost O(n).  Thread-safe.
 */
KES_API kes_status kes_gp_vecchia_order(const kes_gp_vecchia *g, int64_t *perm);

/**
 * Nearest-neighbour prediction: each query point conditions on its m nearest
 * training points c (the m of kes_gp_vecchia_create()), mean k_*c^T A^-1 y_c
 * and variance of f s2 - k_*c^T A^-1 k_c* (clamped at 0), A = K_cc + n2 I
 * (Katzfuss, Guinness, Gong and Zilber 2020, "Vecchia approximations of
 * Gaussian-process predictions", the independent-conditioning variant).
 * @param g     the model.  @param theta p finite log hyperparameters.
 * @param Xs    q x d column-major query points, leading dimension ldxs >= q.
 * @param q     number of queries (>= 1).  @param ldxs leading dimension.
 * @param[out] mean q means.  @param[out] var q variances of f, or NULL.
 * @return KES_OK; KES_EINVAL (NULL g, theta, Xs or mean); KES_EDIM (q < 1,
 *         ldxs < q); KES_ENAN (NaN or Inf in Xs); KES_EDOM (non-finite
 *         theta); KES_ERANGE (extent of Xs overflows; s2 or n2 overflows or
 *         underflows); KES_ENOTSPD;
 *         KES_ENOMEM.  Outputs untouched on error.
 * Cost O(q (m^3 + kd-tree query)), OpenMP over queries (thread-independent
 * results).  Thread-safe on a const model.
 */
KES_API kes_status kes_gp_vecchia_predict(const kes_gp_vecchia *g, const double *theta, const double *Xs, int64_t q,
                                          int64_t ldxs, double *mean, double *var);

/**
 * Maximise the Vecchia LML over theta by Fisher scoring (J. Guinness,
 * "Gaussian process learning via Fisher scoring of Vecchia's
 * approximation", Statistics and Computing 31, 2021): the Fisher information
 * sum_i [dd_t dd_s / (2 d_i^2) + u_t^T A^-1 u_s / d_i], u_t = dk_t - dA_t b,
 * comes from the same per-row pass as the gradient; steps F^-1 g over the
 * free coordinates (a coordinate at a bound with an outward gradient is
 * held), capped at 2 in log units, halved until the LML rises (Armijo).
 * Converged when the projected gradient meets gtol max(1, |LML|) or the
 * predicted gain g^T F^-1 g / 2 of the next step is below gtol max(1, |LML|).
 * @param g      the model.  @param o fit options (NULL: defaults).
 * @param[in,out] theta the start in, the fitted log hyperparameters out
 *               (written on KES_OK and KES_NOCONV).
 * @param[out] lml the LML there (may be NULL).
 * @return KES_OK; KES_NOCONV (theta is the best point found); KES_EINVAL
 *         (NULL g or theta, bad options); KES_EDOM (theta outside the bounds
 *         or non-finite; bad bounds); the errors of kes_gp_vecchia_lml() at
 *         the start; KES_ENOMEM.
 * Cost per iteration about 1.5 kes_gp_vecchia_lml() with gradient (one per
 * line-search trial; usually one), plus O(n p^2) memory for the rows'
 * Fisher terms.  Thread-safe on a const model.
 */
KES_API kes_status kes_gp_vecchia_fit(const kes_gp_vecchia *g, const kes_gp_hyperfit_opts *o, double *theta,
                                      double *lml);

/** Number of training points (0 for NULL).  Cost O(1).  Thread-safe. */
KES_API int64_t kes_gp_vecchia_n(const kes_gp_vecchia *g);

/** Release a Vecchia model; NULL is a no-op.  Cost O(1).  Not thread-safe with other uses of the model. */
KES_API void kes_gp_vecchia_destroy(kes_gp_vecchia *g);
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
