/**
 * @file kestrel/kernels.h
 * @brief Kernel functions on R^d, random features and Nystrom features
 * (layer: kernels; depends on core, linalg and special).
 *
 * A kernel is a small descriptor (kes_kernel) passed by const pointer; point
 * sets are n x d column-major matrices with one row per point.  Random
 * features (kes_rff) and Nystrom features (kes_nystrom) are plans in the
 * FFTW sense: drawn or factorised once by _create, applied to any number of
 * batches by _transform, released by _destroy.  A transform may run in
 * several threads with one plan; creation and destruction may not overlap
 * other uses of the same plan.  Randomness comes only from the caller's
 * kes_rng.
 *
 * Graph kernels and graph random features are in kestrel/graph.h.
 */
#ifndef KESTREL_KERNELS_H
#define KESTREL_KERNELS_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"
#include "kestrel/special.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ kernels */

/**
 * Kernel families on R^d.
 *
 * With r = ||x - y||_2, s = x.y, sigma^2 = variance and ell = lengthscale:
 * @verbatim
   GAUSSIAN    sigma^2 exp(-r^2 / (2 ell^2))
   LAPLACE     sigma^2 exp(-r / ell)                  (= Matern nu = 1/2)
   MATERN      sigma^2 2^(1-nu)/Gamma(nu) z^nu K_nu(z),  z = sqrt(2 nu) r / ell, value sigma^2 at r = 0
   RATQUAD     sigma^2 (1 + r^2 / (2 alpha ell^2))^(-alpha)
   PERIODIC    sigma^2 exp(-2 sum_i sin^2(pi (x_i - y_i) / period) / ell^2)
   LINEAR      sigma^2 (s / ell^2 + offset)
   POLYNOMIAL  sigma^2 (s / ell^2 + offset)^degree
   SOFTMAX     sigma^2 exp(s / ell^2)                 (the "exponential" dot-product kernel)
   @endverbatim
 *
 * The first five are stationary (functions of x - y; all but PERIODIC of r
 * only), the last three dot-product kernels; the forms follow Rasmussen &
 * Williams, "Gaussian Processes for Machine Learning", MIT Press, 2006,
 * Ch. 4.  PERIODIC is MacKay's kernel (D. J. C. MacKay, "Introduction to
 * Gaussian processes", in C. M. Bishop (ed.), Neural Networks and Machine
 * Learning, Springer, 1998) taken as a product over coordinates, which is
 * positive semi-definite in every dimension (the form with the Euclidean r
 * is not for d > 1); in 1-D both agree.  Gaussian with gamma
 * (exp(-gamma r^2)) is ell = 1/sqrt(2 gamma).
 *
 * Matern with nu = 1/2, 3/2, 5/2 uses the closed forms; other nu go through
 * kes_log_besselk in log space, exact (sigma^2) at r = 0, with the two-term
 * small-z expansion for nu >= 7/4, z <= 1e-5; the log form carries an
 * absolute error of a few eps (1 + nu |ln z|) for small z, ~3e-14 relative
 * at worst on the mpmath test set.
 */
typedef enum kes_kernel_kind {
    KES_KERNEL_GAUSSIAN = 0,   /**< sigma^2 exp(-r^2 / (2 ell^2)) */
    KES_KERNEL_LAPLACE = 1,    /**< sigma^2 exp(-r / ell), Matern with nu = 1/2 */
    KES_KERNEL_MATERN = 2,     /**< sigma^2 2^(1-nu)/Gamma(nu) z^nu K_nu(z), z = sqrt(2 nu) r / ell */
    KES_KERNEL_RATQUAD = 3,    /**< rational quadratic sigma^2 (1 + r^2 / (2 alpha ell^2))^(-alpha) */
    KES_KERNEL_PERIODIC = 4,   /**< MacKay's periodic kernel, product over coordinates */
    KES_KERNEL_LINEAR = 5,     /**< sigma^2 (x.y / ell^2 + offset) */
    KES_KERNEL_POLYNOMIAL = 6, /**< sigma^2 (x.y / ell^2 + offset)^degree */
    KES_KERNEL_SOFTMAX = 7     /**< sigma^2 exp(x.y / ell^2), the exponential dot-product kernel */
} kes_kernel_kind;

/**
 * A kernel descriptor: a kind plus the parameters that kind reads (the
 * others are ignored).  Plain data, passed by value or const pointer; make
 * one with kes_kernel_default or a shorthand and edit the fields.
 */
typedef struct kes_kernel {
    kes_kernel_kind kind; /**< the kernel family */
    double variance;      /**< sigma^2 > 0, every kind */
    double lengthscale;   /**< ell > 0, every kind */
    double nu;            /**< MATERN smoothness, > 0 */
    double alpha;         /**< RATQUAD shape, > 0 */
    double period;        /**< PERIODIC period, > 0 */
    double offset;        /**< LINEAR / POLYNOMIAL offset c >= 0 */
    int degree;           /**< POLYNOMIAL degree >= 1 */
} kes_kernel;

/**
 * A descriptor of the given kind with default parameters: variance 1,
 * lengthscale 1, nu 1.5, alpha 1, period 1, offset 1, degree 2.  Set the
 * fields you need afterwards.
 * @param[in] kind  the kernel family.
 * @return the descriptor.  Never fails: an unknown kind is kept and
 * rejected later by kes_kernel_check.
 *
 * Cost O(1).  Thread-safe.
 */
KES_API kes_kernel kes_kernel_default(kes_kernel_kind kind);

/**
 * Shorthand: the Gaussian kernel with lengthscale ell and variance 1.
 * @param[in] lengthscale  ell; checked later by kes_kernel_check.
 * @return the descriptor.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_kernel kes_kernel_gaussian(double lengthscale);

/**
 * Shorthand: the Laplace kernel with lengthscale ell and variance 1.
 * @param[in] lengthscale  ell; checked later by kes_kernel_check.
 * @return the descriptor.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_kernel kes_kernel_laplace(double lengthscale);

/**
 * Shorthand: the Matern kernel with smoothness nu, lengthscale ell and
 * variance 1.
 * @param[in] nu           smoothness; checked later by kes_kernel_check.
 * @param[in] lengthscale  ell; checked later by kes_kernel_check.
 * @return the descriptor.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_kernel kes_kernel_matern(double nu, double lengthscale);

/**
 * Validate a descriptor.  Every function of this header that takes a
 * kernel runs this check first.
 * @param[in] k  the descriptor.
 * @return KES_OK; KES_EINVAL (k NULL or unknown kind), KES_ENAN (a
 * parameter the kind reads is NaN or Inf), KES_EDOM (variance <= 0,
 * lengthscale <= 0, nu <= 0, alpha <= 0, period <= 0, offset < 0,
 * degree < 1).
 *
 * Cost O(1).  Thread-safe.
 */
KES_API kes_status kes_kernel_check(const kes_kernel *k);

/**
 * Whether a kernel is stationary.
 * @param[in] k  the descriptor (may be NULL).
 * @return 1 for the five stationary kinds (GAUSSIAN, LAPLACE, MATERN,
 * RATQUAD, PERIODIC), 0 otherwise (also for NULL).
 *
 * Cost O(1).  Thread-safe.
 */
KES_API int kes_kernel_is_stationary(const kes_kernel *k);

/**
 * k(x, y) for two points of dimension x.n == y.n >= 1 given as strided
 * vectors (kes_cmat_row(X, i) works).  Distances are computed directly (no
 * cancellation).
 * @param[in]  k    the kernel.
 * @param[in]  x    first point.
 * @param[in]  y    second point, same length.
 * @param[out] out  receives k(x, y); untouched on error.
 * @return KES_OK; kes_kernel_check's errors, KES_EINVAL (out NULL, NULL
 * data), KES_EDIM (lengths differ or zero), KES_ENAN (NaN/Inf in x or y).
 *
 * Cost O(d).  Thread-safe.
 */
KES_API kes_status kes_kernel_eval(const kes_kernel *k, kes_cvec x, kes_cvec y, double *out);

/**
 * Profile of a stationary kernel at distance r >= 0: out = k(r) (for
 * PERIODIC the value at a displacement r along one axis).
 * @param[in]  k    a stationary kernel.
 * @param[in]  r    distance, >= 0.
 * @param[out] out  receives k(r); untouched on error.
 * @return KES_OK; kes_kernel_check's errors, KES_ENOTSUP (dot-product kind),
 * KES_EDOM (r < 0), KES_ENAN (r NaN), KES_EINVAL (out NULL).
 *
 * Cost O(1) (one log-Bessel evaluation for general Matern nu).  Thread-safe.
 */
KES_API kes_status kes_kernel_radial(const kes_kernel *k, double r, double *out);

/**
 * Kernel matrix K(i, j) = k(X_i, Y_j) for point sets X (n x d) and Y
 * (m x d), one row per point, into K (n x m).
 *
 * Squared distances are ||x||^2 + ||y||^2 - 2 x.y from one dgemm (dsyrk
 * when X and Y are the same view, then K is exactly symmetric with the
 * exact diagonal), clamped at 0, and recomputed directly where cancellation
 * would cost more than ~6 digits (r^2 < 1e-6 (||x||^2 + ||y||^2)); PERIODIC
 * uses the Gram matrix of the features [cos(2 pi x/p), sin(2 pi x/p)]
 * instead.  The elementwise pass runs OpenMP over column blocks (serially
 * below ~2.6e5 entries).  A polynomial/softmax value that overflows is
 * stored as Inf, not an error.
 * @param[in]  k  the kernel.
 * @param[in]  X  n x d points.
 * @param[in]  Y  m x d points (may be the same view as X).
 * @param[out] K  n x m result; must not overlap X or Y.
 * @return KES_OK; kes_kernel_check's errors, KES_EINVAL (NULL data, K
 * overlapping X or Y), KES_EDIM (n, m or d == 0, X.ncols != Y.ncols, K not
 * n x m, bad ld), KES_ERANGE (a dimension beyond BLAS's int), KES_ENAN
 * (NaN/Inf in X or Y; K untouched).
 *
 * Cost n m d flops in BLAS plus O(n m) transcendental evaluations; memory
 * O(n + m).  Thread-safe for distinct K.
 */
KES_API kes_status kes_kernel_matrix(const kes_kernel *k, kes_cmat X, kes_cmat Y, kes_mat K);

/**
 * The diagonal diag[i] = k(X_i, X_i) for i < n (sigma^2 for stationary
 * kinds).
 * @param[in]  k     the kernel.
 * @param[in]  X     n x d points.
 * @param[out] diag  n doubles.
 * @return KES_OK; errors as kes_kernel_matrix, KES_EINVAL when diag is NULL.
 *
 * Cost O(n d).  Thread-safe for distinct diag.
 */
KES_API kes_status kes_kernel_diag(const kes_kernel *k, kes_cmat X, double *diag);

/* ---------------------------------------------------- random features */

/**
 * Random-feature maps on R^d.
 *
 * A plan holds D_f frequencies omega_r in R^d (stored with the lengthscale
 * folded in) and, for the cosine map, phases b_r ~ U[0, 2 pi).  The
 * transform maps a point set X (n x d) to Z (n x D) with E[Z Z^T] = K(X, X);
 * with u = x / ell:
 * @verbatim
   KES_RF_COS         sqrt(2 sigma^2 / D) cos(omega_r . x + b_r), D_f = D
   KES_RF_SINCOS      sqrt(2 sigma^2 / D) [cos(omega_r . x), sin(omega_r . x)], D_f = D/2, D even
   KES_RF_POSITIVE    sqrt(sigma^2 / D) exp(omega_r . u - h(u)), D_f = D
   KES_RF_HYPERBOLIC  sqrt(sigma^2 / D) [exp(omega_r . u - h(u)), exp(-omega_r . u - h(u))], D_f = D/2, D even
   @endverbatim
 *
 * COS and SINCOS are random Fourier features (Rahimi & Recht, "Random
 * features for large-scale kernel machines", NIPS 2007; both forms compared
 * by Sutherland & Schneider, "On the error of random Fourier features", UAI
 * 2015).  They support GAUSSIAN (omega ~ N(0, I/ell^2)), LAPLACE
 * (multivariate Cauchy), MATERN (multivariate Student-t with 2 nu degrees of
 * freedom: omega = z sqrt(2 nu / (ell^2 chi^2_{2nu})), Rasmussen & Williams
 * 2006, eq. 4.15) and RATQUAD (Gaussian scale mixture, precision ~
 * Gamma(alpha, rate alpha ell^2); Rasmussen & Williams 2006, Sec. 4.2.1).
 *
 * POSITIVE and HYPERBOLIC are the positive random features of FAVOR+
 * (Choromanski et al., "Rethinking attention with Performers", ICLR 2021).
 * They support SOFTMAX (h = |u|^2/2) and GAUSSIAN (h = |u|^2); all their
 * features are > 0, and HYPERBOLIC (the symmetrised pair) has the lower
 * variance.
 *
 * With kes_rff_opts.orthogonal = 1 the frequency directions are drawn in
 * blocks of d exactly orthogonal vectors (QR of a Gaussian d x d matrix,
 * signs fixed by diag R; Yu, Suresh, Choromanski, Holtmann-Rice & Kumar,
 * "Orthogonal random features", NIPS 2016), each row scaled by an
 * independent radius from the kernel's spectral radial law (chi_d / ell for
 * the Gaussian); blocks are independent and the last one is truncated.
 * Every marginal is unchanged, so the estimator stays unbiased.
 */
typedef enum kes_rf_map {
    KES_RF_COS = 0,       /**< random Fourier features with random phases, D_f = D */
    KES_RF_SINCOS = 1,    /**< paired cos/sin Fourier features, D_f = D/2, D even */
    KES_RF_POSITIVE = 2,  /**< positive (FAVOR+) features, D_f = D */
    KES_RF_HYPERBOLIC = 3 /**< symmetrised positive features, D_f = D/2, D even */
} kes_rf_map;

/** Options of kes_rff_create; start from kes_rff_opts_default. */
typedef struct kes_rff_opts {
    kes_rf_map map; /**< the feature map; default KES_RF_COS */
    int orthogonal; /**< 0: iid frequencies; 1: orthogonal blocks; default 0 */
} kes_rff_opts;

/**
 * Default random-feature options: map KES_RF_COS, orthogonal 0.
 * @return the options.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_rff_opts kes_rff_opts_default(void);

/** A random-feature plan (opaque): made by kes_rff_create, released by
 * kes_rff_destroy. */
typedef struct kes_rff kes_rff;

/**
 * Draw a random-feature plan for kernel k on R^d with D output features.
 * The frequencies come from rng, which is advanced (same state, same plan).
 * @param[in]     k     the kernel (a kind the map supports, see kes_rf_map).
 * @param[in]     d     input dimension, >= 1.
 * @param[in]     D     output dimension, >= 1 (even for SINCOS and
 *                      HYPERBOLIC).
 * @param[in]     o     options, or NULL for kes_rff_opts_default().
 * @param[in,out] rng   the generator; advanced.
 * @param[out]    plan  receives the new plan; untouched on error.
 * @return KES_OK; KES_EINVAL (plan, rng or k NULL, unknown map),
 * kes_kernel_check's errors, KES_EDIM (d or D < 1, D odd for SINCOS and
 * HYPERBOLIC), KES_ENOTSUP (kernel kind not supported by the map),
 * KES_ERANGE (d or D too large for BLAS), KES_ENOMEM.
 *
 * Cost O(d D) draws, plus O(d^3) per block (QR) when orthogonal.
 * Thread-safe for distinct rng.
 */
KES_API kes_status kes_rff_create(const kes_kernel *k, int64_t d, int64_t D, const kes_rff_opts *o, kes_rng *rng,
                                  kes_rff **plan);

/**
 * Release a plan; NULL is a no-op.  Views returned by its accessors become
 * invalid.  Not to be called while another thread uses the plan.
 * @param[in] plan  the plan.
 */
KES_API void kes_rff_destroy(kes_rff *plan);

/**
 * Input dimension d of a plan.
 * @param[in] plan  the plan (may be NULL).
 * @return d, or 0 for NULL.  Cost O(1).  Thread-safe.
 */
KES_API int64_t kes_rff_input_dim(const kes_rff *plan);

/**
 * Output dimension D of a plan (the number of columns of Z).
 * @param[in] plan  the plan (may be NULL).
 * @return D, or 0 for NULL.  Cost O(1).  Thread-safe.
 */
KES_API int64_t kes_rff_output_dim(const kes_rff *plan);

/**
 * The d x D_f frequency matrix, lengthscale folded in, column r = omega_r.
 * @param[in] plan  the plan (may be NULL).
 * @return a read-only view into the plan, valid until kes_rff_destroy; an
 * empty view for NULL.  Cost O(1).  Thread-safe.
 */
KES_API kes_cmat kes_rff_frequencies(const kes_rff *plan);

/**
 * The D_f phases b_r of a KES_RF_COS plan.
 * @param[in] plan  the plan (may be NULL).
 * @return a read-only array owned by the plan, valid until kes_rff_destroy;
 * NULL for NULL or when the map is not COS.  Cost O(1).  Thread-safe.
 */
KES_API const double *kes_rff_phases(const kes_rff *plan);

/**
 * Random features Z = phi(X).
 *
 * Fourier maps with d <= 64 take a fused, register-blocked pass (omega.x
 * accumulated per chunk of 16 rows, then a vectorisable cos/sin with
 * Cody-Waite argument reduction (W. J. Cody and W. Waite, "Software Manual
 * for the Elementary Functions", Prentice-Hall, 1980), libm beyond
 * |t| > 1e5; runtime-dispatched AVX2/AVX-512 clones on x86-64), so Z is
 * written once; otherwise one dgemm X Omega into Z and an elementwise pass.
 * OpenMP over row blocks (or columns), serial below ~1e6 elements; in the
 * fused path the summation order is fixed, so Z is bit-identical for any
 * thread count (the dgemm path is as reproducible as the BLAS).
 *
 * Positive and hyperbolic features of inputs with |x|^2 / ell^2 beyond
 * ~1400 underflow to 0: use kes_rff_transform_scaled for those.
 * @param[in]  plan  the plan.
 * @param[in]  X     n x d points.
 * @param[out] Z     n x D features; must not overlap X.
 * @return KES_OK; KES_EINVAL (NULL, or Z overlapping X), KES_EDIM (n == 0,
 * X.ncols != d, Z not n x D), KES_ENAN (NaN/Inf in X; Z untouched),
 * KES_ERANGE (a positive/hyperbolic feature overflowed, possible only for
 * |omega|^2 > ~1400; Z is then partial).
 *
 * Cost 2 n d D_f flops + O(n D); positive maps allocate n doubles per call,
 * the others nothing.  Thread-safe: several threads may transform with one
 * plan.
 */
KES_API kes_status kes_rff_transform(const kes_rff *plan, kes_cmat X, kes_mat Z);

/**
 * Positive/hyperbolic features without underflow: Z = exp(-c) phi(X) with
 * c the largest exponent in this batch, so every Z entry is
 * <= sqrt(sigma^2/D).  Ratios such as attention normalisation are
 * unaffected.  For COS/SINCOS plans it equals kes_rff_transform and sets
 * *log_scale = 0.
 * @param[in]  plan       the plan.
 * @param[in]  X          n x d points.
 * @param[out] Z          n x D scaled features; must not overlap X.
 * @param[out] log_scale  receives c.
 * @return KES_OK; errors as kes_rff_transform, KES_EINVAL (log_scale NULL).
 *
 * Cost as kes_rff_transform.  Thread-safe: several threads may transform
 * with one plan.
 */
KES_API kes_status kes_rff_transform_scaled(const kes_rff *plan, kes_cmat X, kes_mat Z, double *log_scale);

/* ---------------------------------------------------- Nystrom features */

/**
 * A Nystrom feature plan (opaque), the accuracy baseline among the feature
 * maps (Williams & Seeger, "Using the Nystrom method to speed up kernel
 * machines", NIPS 2001).
 *
 * With landmarks L (m x d), K_LL is factorised by Cholesky with complete
 * pivoting (LAPACK dpstrf; Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., SIAM, 2002, Ch. 10), P^T K_LL P = R R^T, stopped
 * when the largest remaining pivot is below rcond * max_i K_ii: that cut is
 * the "jitter" that keeps round-off in a nearly singular K_LL (smooth
 * kernels) from blowing up, and it gives the numerical rank r.  With S the
 * r landmarks kept, Z = [K(X, S) R_11^{-T}, 0] (the last m - r columns are
 * zero), so Z Z^T = K_XS K_SS^{-1} K_SX: the pseudo-inverse form
 * K_XL K_LL^+ K_LX up to the dropped pivots, and exactly K(X, X) when the
 * landmarks are X.  The output dimension is m.
 *
 * Made by kes_nystrom_create or kes_nystrom_create_landmarks, released by
 * kes_nystrom_destroy.
 */
typedef struct kes_nystrom kes_nystrom;

/**
 * Nystrom plan from m landmarks drawn uniformly without replacement from
 * the rows of X.
 * @param[in]     k      the kernel.
 * @param[in]     X      n x d points.
 * @param[in]     m      number of landmarks, 1 <= m <= n.
 * @param[in]     rcond  relative pivot cut; <= 0 selects the default 1e-12.
 * @param[in,out] rng    the generator; advanced.
 * @param[out]    plan   receives the new plan; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL), kes_kernel_check's errors, KES_EDIM
 * (m < 1, m > n, n or d == 0), KES_ENAN (NaN/Inf in X or rcond),
 * KES_ERANGE, KES_ENOMEM, KES_ENOTSPD (K_LL has no positive pivot, e.g. a
 * linear kernel that vanishes on the landmarks).
 *
 * Cost O(m^2 d + m^3 / 3) (dpstrf); memory O(m^2 + m d).  Thread-safe for
 * distinct rng.
 */
KES_API kes_status kes_nystrom_create(const kes_kernel *k, kes_cmat X, int64_t m, double rcond, kes_rng *rng,
                                      kes_nystrom **plan);

/**
 * Nystrom plan with caller-chosen landmarks (copied), no randomness.
 * @param[in]  k      the kernel.
 * @param[in]  L      m x d landmarks.
 * @param[in]  rcond  relative pivot cut; <= 0 selects the default 1e-12.
 * @param[out] plan   receives the new plan; untouched on error.
 * @return KES_OK; errors as kes_nystrom_create (m is L.nrows).
 *
 * Cost O(m^2 d + m^3 / 3); memory O(m^2 + m d).  Thread-safe.
 */
KES_API kes_status kes_nystrom_create_landmarks(const kes_kernel *k, kes_cmat L, double rcond, kes_nystrom **plan);

/**
 * Release a plan; NULL is a no-op.  Views returned by its accessors become
 * invalid.  Not to be called while another thread uses the plan.
 * @param[in] plan  the plan.
 */
KES_API void kes_nystrom_destroy(kes_nystrom *plan);

/**
 * Number of output columns m (the number of landmarks).
 * @param[in] plan  the plan (may be NULL).
 * @return m, or 0 for NULL.  Cost O(1).  Thread-safe.
 */
KES_API int64_t kes_nystrom_output_dim(const kes_nystrom *plan);

/**
 * Input dimension d.
 * @param[in] plan  the plan (may be NULL).
 * @return d, or 0 for NULL.  Cost O(1).  Thread-safe.
 */
KES_API int64_t kes_nystrom_input_dim(const kes_nystrom *plan);

/**
 * Numerical rank r kept by the pivoted Cholesky factorisation; the last
 * m - r feature columns are zero.
 * @param[in] plan  the plan (may be NULL).
 * @return r, or 0 for NULL.  Cost O(1).  Thread-safe.
 */
KES_API int64_t kes_nystrom_rank(const kes_nystrom *plan);

/**
 * The landmarks (m x d), in pivot order: the first kes_nystrom_rank() rows
 * are the ones the features use.
 * @param[in] plan  the plan (may be NULL).
 * @return a read-only view into the plan, valid until kes_nystrom_destroy;
 * an empty view for NULL.  Cost O(1).  Thread-safe.
 */
KES_API kes_cmat kes_nystrom_landmarks(const kes_nystrom *plan);

/**
 * Nystrom features Z = [K(X, S) R_11^{-T}, 0]: the kernel block is
 * evaluated straight into Z and solved in place (dtrsm), no workspace.
 * @param[in]  plan  the plan.
 * @param[in]  X     n x d points.
 * @param[out] Z     n x m features; must not overlap X.
 * @return KES_OK; KES_EINVAL (NULL, Z overlapping X), KES_EDIM (shapes),
 * KES_ENAN (NaN/Inf in X; Z untouched), KES_ENOMEM.
 *
 * Cost n r (2d + r) flops.  Thread-safe: several threads may transform with
 * one plan.
 */
KES_API kes_status kes_nystrom_transform(const kes_nystrom *plan, kes_cmat X, kes_mat Z);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_KERNELS_H */
