/*
 * kestrel/kernels.h - kernel functions, random features, graph kernels and graph random features (layer: kernels; depends on core, linalg, special).
 */
#ifndef KESTREL_KERNELS_H
#define KESTREL_KERNELS_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"
#include "kestrel/special.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==================================================================== */
/* Section 1: kernels on R^d and Euclidean random features (owner: features branch) */
/* ==================================================================== */

/* ------------------------------------------------------------------------
 * Kernels on R^d.
 *
 * A kernel is a small descriptor passed by value or const pointer: a kind
 * plus the parameters that kind reads (the others are ignored).  With
 * r = ||x - y||_2, s = x.y and sigma^2 = variance, ell = lengthscale:
 *
 *   GAUSSIAN    sigma^2 exp(-r^2 / (2 ell^2))
 *   LAPLACE     sigma^2 exp(-r / ell)                  (= Matern nu = 1/2)
 *   MATERN      sigma^2 2^(1-nu)/Gamma(nu) z^nu K_nu(z),  z = sqrt(2 nu) r / ell, value sigma^2 at r = 0
 *   RATQUAD     sigma^2 (1 + r^2 / (2 alpha ell^2))^(-alpha)
 *   PERIODIC    sigma^2 exp(-2 sum_i sin^2(pi (x_i - y_i) / period) / ell^2)
 *   LINEAR      sigma^2 (s / ell^2 + offset)
 *   POLYNOMIAL  sigma^2 (s / ell^2 + offset)^degree
 *   SOFTMAX     sigma^2 exp(s / ell^2)                 (the "exponential" dot-product kernel)
 *
 * The first five are stationary (functions of x - y; all but PERIODIC of r
 * only), the last three dot-product kernels.  PERIODIC is MacKay's kernel
 * taken as a product over coordinates, which is positive semi-definite in
 * every dimension (the form with the Euclidean r is not for d > 1); in 1-D
 * both agree.  Gaussian with gamma (exp(-gamma r^2)) is
 * ell = 1/sqrt(2 gamma).  Matern with nu = 1/2, 3/2, 5/2 uses the closed
 * forms; other nu go through kes_log_besselk in log space, exact (sigma^2)
 * at r = 0, with the two-term small-z expansion for nu >= 7/4, z <= 1e-5;
 * the log form carries an absolute error of a few eps (1 + nu |ln z|) for
 * small z, ~3e-14 relative at worst on the mpmath test set.
 * ---------------------------------------------------------------------- */
typedef enum kes_kernel_kind {
    KES_KERNEL_GAUSSIAN = 0,
    KES_KERNEL_LAPLACE = 1,
    KES_KERNEL_MATERN = 2,
    KES_KERNEL_RATQUAD = 3,
    KES_KERNEL_PERIODIC = 4,
    KES_KERNEL_LINEAR = 5,
    KES_KERNEL_POLYNOMIAL = 6,
    KES_KERNEL_SOFTMAX = 7
} kes_kernel_kind;

typedef struct kes_kernel {
    kes_kernel_kind kind;
    double variance;    /* sigma^2 > 0, every kind */
    double lengthscale; /* ell > 0, every kind */
    double nu;          /* MATERN smoothness, > 0 */
    double alpha;       /* RATQUAD shape, > 0 */
    double period;      /* PERIODIC period, > 0 */
    double offset;      /* LINEAR / POLYNOMIAL offset c >= 0 */
    int degree;         /* POLYNOMIAL degree >= 1 */
} kes_kernel;

/* A descriptor of the given kind with default parameters: variance 1,
 * lengthscale 1, nu 1.5, alpha 1, period 1, offset 1, degree 2.  Set the
 * fields you need afterwards.  Never fails (an unknown kind is kept and
 * rejected later by kes_kernel_check). */
KES_API kes_kernel kes_kernel_default(kes_kernel_kind kind);
/* Shorthands: Gaussian / Laplace with lengthscale ell, Matern with (nu, ell),
 * all with variance 1. */
KES_API kes_kernel kes_kernel_gaussian(double lengthscale);
KES_API kes_kernel kes_kernel_laplace(double lengthscale);
KES_API kes_kernel kes_kernel_matern(double nu, double lengthscale);

/* Validate a descriptor.  Errors: KES_EINVAL (k NULL or unknown kind),
 * KES_ENAN (a parameter the kind reads is NaN or Inf), KES_EDOM (variance
 * <= 0, lengthscale <= 0, nu <= 0, alpha <= 0, period <= 0, offset < 0,
 * degree < 1).  Every function below runs this check first.  Thread-safe. */
KES_API kes_status kes_kernel_check(const kes_kernel *k);
/* 1 for the five stationary kinds, 0 otherwise (also for NULL). */
KES_API int kes_kernel_is_stationary(const kes_kernel *k);

/* k(x, y) for two points of dimension x.n == y.n >= 1 given as strided
 * vectors (kes_mat_row(X, i) works).  Errors: kes_kernel_check's, KES_EINVAL
 * (out NULL, NULL data), KES_EDIM (lengths differ or zero), KES_ENAN (NaN/Inf
 * in x or y).  Distances are computed directly (no cancellation).  Cost O(d).
 * Thread-safe. */
KES_API kes_status kes_kernel_eval(const kes_kernel *k, kes_cvec x, kes_cvec y, double *out);
/* Profile of a stationary kernel at distance r >= 0: out = k(r) (for
 * PERIODIC the value at a displacement r along one axis).  Errors:
 * kes_kernel_check's, KES_ENOTSUP (dot-product kind), KES_EDOM (r < 0),
 * KES_ENAN (r NaN), KES_EINVAL (out NULL).  Thread-safe. */
KES_API kes_status kes_kernel_radial(const kes_kernel *k, double r, double *out);

/* Kernel matrix K(i, j) = k(X_i, Y_j) for point sets X (n x d) and Y
 * (m x d), one row per point, into K (n x m).  Squared distances are
 * ||x||^2 + ||y||^2 - 2 x.y from one dgemm (dsyrk when X and Y are the same
 * view, then K is exactly symmetric with the exact diagonal), clamped at 0,
 * and recomputed directly where cancellation would cost more than ~6 digits
 * (r^2 < 1e-6 (||x||^2 + ||y||^2)); PERIODIC uses the Gram matrix of the
 * features [cos(2 pi x/p), sin(2 pi x/p)] instead.  The elementwise pass
 * runs OpenMP over column blocks (serially below ~2.6e5 entries).  K must not overlap X or Y.
 * Errors: kes_kernel_check's, KES_EINVAL (NULL data, K overlapping X or Y),
 * KES_EDIM (n, m or d == 0, X.ncols != Y.ncols, K not n x m, bad ld),
 * KES_ERANGE (a dimension beyond BLAS's int), KES_ENAN (NaN/Inf in X or Y;
 * K untouched).  A
 * polynomial/softmax value that overflows is stored as Inf, not an error.
 * Cost n m d flops in BLAS plus O(n m) transcendental evaluations; memory
 * O(n + m).  Thread-safe for distinct K. */
KES_API kes_status kes_kernel_matrix(const kes_kernel *k, kes_cmat X, kes_cmat Y, kes_mat K);
/* diag[i] = k(X_i, X_i) for i < n (sigma^2 for stationary kinds).  Errors
 * as kes_kernel_matrix, KES_EINVAL when diag is NULL.  Cost O(n d). */
KES_API kes_status kes_kernel_diag(const kes_kernel *k, kes_cmat X, double *diag);

/* ------------------------------------------------------------------------
 * Random features on R^d (plans: draw once, transform many batches).
 *
 * A plan holds D_f frequencies omega_r in R^d (stored with the lengthscale
 * folded in) and, for the cosine map, phases b_r ~ U[0, 2 pi).  The
 * transform maps a point set X (n x d) to Z (n x D) with E[Z Z^T] = K(X, X):
 *
 *   KES_RF_COS         sqrt(2 sigma^2 / D) cos(omega_r . x + b_r), D_f = D      (Rahimi & Recht 2007)
 *   KES_RF_SINCOS      sqrt(2 sigma^2 / D) [cos(omega_r . x), sin(omega_r . x)], D_f = D/2, D even
 *   KES_RF_POSITIVE    sqrt(sigma^2 / D) exp(omega_r . u - h(u)), D_f = D           (FAVOR+, Choromanski et al. 2021)
 *   KES_RF_HYPERBOLIC  sqrt(sigma^2 / D) [exp(omega_r . u - h(u)), exp(-omega_r . u - h(u))], D_f = D/2, D even
 *
 * with u = x / ell.  COS and SINCOS support GAUSSIAN (omega ~ N(0, I/ell^2)),
 * LAPLACE (multivariate Cauchy), MATERN (multivariate Student-t with 2 nu
 * degrees of freedom: omega = z sqrt(2 nu / (ell^2 chi^2_{2nu}))) and
 * RATQUAD (Gaussian scale mixture, precision ~ Gamma(alpha, rate alpha ell^2)).
 * POSITIVE and HYPERBOLIC support SOFTMAX (h = |u|^2/2) and GAUSSIAN
 * (h = |u|^2); all their features are > 0, and HYPERBOLIC (the symmetrised
 * pair) has the lower variance.
 *
 * orthogonal = 1 draws the frequency directions in blocks of d exactly
 * orthogonal vectors (QR of a Gaussian d x d matrix, signs fixed by diag R,
 * Yu et al. 2016 "Orthogonal random features"), each row scaled by an
 * independent radius from the kernel's spectral radial law (chi_d / ell for
 * the Gaussian); blocks are independent and the last one is truncated.
 * Every marginal is unchanged, so the estimator stays unbiased.
 * ---------------------------------------------------------------------- */
typedef enum kes_rf_map {
    KES_RF_COS = 0,
    KES_RF_SINCOS = 1,
    KES_RF_POSITIVE = 2,
    KES_RF_HYPERBOLIC = 3
} kes_rf_map;

typedef struct kes_rff_opts {
    kes_rf_map map;
    int orthogonal; /* 0: iid frequencies; 1: orthogonal blocks */
} kes_rff_opts;

/* Defaults: map KES_RF_COS, orthogonal 0. */
KES_API kes_rff_opts kes_rff_opts_default(void);

typedef struct kes_rff kes_rff;

/* Draw a plan for kernel k on R^d with D output features.  o may be NULL
 * (defaults).  The frequencies come from rng, which is advanced (same
 * state -> same plan).  Errors: KES_EINVAL (plan, rng or k NULL, unknown
 * map), kes_kernel_check's, KES_EDIM (d or D < 1, D odd for SINCOS and
 * HYPERBOLIC), KES_ENOTSUP (kernel kind not supported by the map),
 * KES_ERANGE (d or D too large for BLAS), KES_ENOMEM.  Cost O(d D) draws,
 * plus O(d^3) per block (QR) when orthogonal.  *plan untouched on error. */
KES_API kes_status kes_rff_create(const kes_kernel *k, int64_t d, int64_t D, const kes_rff_opts *o, kes_rng *rng,
                                  kes_rff **plan);
/* Free; NULL is a no-op. */
KES_API void kes_rff_destroy(kes_rff *plan);
/* Input dimension d and output dimension D of a plan (0 for NULL). */
KES_API int64_t kes_rff_input_dim(const kes_rff *plan);
KES_API int64_t kes_rff_output_dim(const kes_rff *plan);
/* The d x D_f frequency matrix (lengthscale folded in, column r = omega_r)
 * as a read-only view, and the D_f phases (NULL unless map is COS). */
KES_API kes_cmat kes_rff_frequencies(const kes_rff *plan);
KES_API const double *kes_rff_phases(const kes_rff *plan);

/* Z = phi(X): X is n x d, Z is n x D (Z must not overlap X).  Fourier maps
 * with d <= 64: a fused, register-blocked pass (omega.x accumulated per chunk
 * of 16 rows, then a vectorisable cos/sin with Cody-Waite reduction, libm
 * beyond |t| > 1e5; runtime-dispatched AVX2/AVX-512 clones on x86-64), so Z
 * is written once; otherwise one dgemm X Omega into Z and an elementwise
 * pass.  OpenMP over row blocks (or columns), serial below ~1e6 elements;
 * in the fused path the summation order is fixed, so Z is bit-identical for
 * any thread count (the dgemm path is as reproducible as the BLAS).
 * Errors: KES_EINVAL (NULL, or Z overlapping X), KES_EDIM (n == 0,
 * X.ncols != d, Z not n x D), KES_ENAN (NaN/Inf in X; Z untouched),
 * KES_ERANGE (a positive/hyperbolic feature overflowed, possible only for
 * |omega|^2 > ~1400; Z is then partial).  Positive and hyperbolic features
 * of inputs with |x|^2 / ell^2 beyond ~1400 underflow to 0: use
 * kes_rff_transform_scaled for those.  Cost 2 n d D_f flops + O(n D);
 * positive maps allocate n doubles per call, the others nothing.
 * Thread-safe: several threads may transform with one plan. */
KES_API kes_status kes_rff_transform(const kes_rff *plan, kes_cmat X, kes_mat Z);
/* Positive/hyperbolic maps without underflow: Z = exp(-c) phi(X) with
 * c = the largest exponent in this batch, written to *log_scale (so every
 * Z entry is <= sqrt(sigma^2/D)).  Ratios such as attention normalisation
 * are unaffected.  For COS/SINCOS plans it equals kes_rff_transform and sets
 * *log_scale = 0.  Errors as kes_rff_transform, KES_EINVAL (log_scale NULL). */
KES_API kes_status kes_rff_transform_scaled(const kes_rff *plan, kes_cmat X, kes_mat Z, double *log_scale);

/* ------------------------------------------------------------------------
 * Nystrom features (Williams & Seeger 2001) - the accuracy baseline.
 *
 * With landmarks L (m x d), K_LL is factorised by Cholesky with complete
 * pivoting (LAPACK dpstrf), P^T K_LL P = R R^T, stopped when the largest
 * remaining pivot is below rcond * max_i K_ii: that cut is the "jitter"
 * that keeps round-off in a nearly singular K_LL (smooth kernels) from
 * blowing up, and it gives the numerical rank r.  With S the r landmarks
 * kept, Z = [K(X, S) R_11^{-T}, 0] (the last m - r columns are zero), so
 * Z Z^T = K_XS K_SS^{-1} K_SX: the pseudo-inverse form K_XL K_LL^+ K_LX up
 * to the dropped pivots, and exactly K(X, X) when the landmarks are X.
 * Output dimension is m.
 * ---------------------------------------------------------------------- */
typedef struct kes_nystrom kes_nystrom;

/* Plan from m landmarks drawn uniformly without replacement from the rows
 * of X (n x d, m <= n) using rng (advanced).  rcond <= 0 selects the default
 * 1e-12.  Errors: KES_EINVAL (NULL), kes_kernel_check's, KES_EDIM (m < 1,
 * m > n, n or d == 0), KES_ENAN (NaN/Inf in X or rcond), KES_ERANGE,
 * KES_ENOMEM, KES_ENOTSPD (K_LL has no positive pivot, e.g. a linear kernel
 * that vanishes on the landmarks).  Cost O(m^2 d + m^3 / 3) (dpstrf);
 * memory O(m^2 + m d). */
KES_API kes_status kes_nystrom_create(const kes_kernel *k, kes_cmat X, int64_t m, double rcond, kes_rng *rng,
                                      kes_nystrom **plan);
/* Same with caller-chosen landmarks (copied), no randomness. */
KES_API kes_status kes_nystrom_create_landmarks(const kes_kernel *k, kes_cmat L, double rcond, kes_nystrom **plan);
/* Free; NULL is a no-op. */
KES_API void kes_nystrom_destroy(kes_nystrom *plan);
/* Number of output columns m, input dimension d, numerical rank kept (0 for NULL). */
KES_API int64_t kes_nystrom_output_dim(const kes_nystrom *plan);
KES_API int64_t kes_nystrom_input_dim(const kes_nystrom *plan);
KES_API int64_t kes_nystrom_rank(const kes_nystrom *plan);
/* Read-only view of the landmarks (m x d), in pivot order: the first
 * kes_nystrom_rank() rows are the ones the features use. */
KES_API kes_cmat kes_nystrom_landmarks(const kes_nystrom *plan);
/* Z = [K(X, S) R_11^{-T}, 0], X n x d, Z n x m: the kernel block is
 * evaluated straight into Z and solved in place (dtrsm), no workspace.
 * Errors: KES_EINVAL (NULL, Z overlapping X), KES_EDIM, KES_ENAN (Z
 * untouched), KES_ENOMEM.  Cost n r (2d + r) flops.  Thread-safe with one
 * plan. */
KES_API kes_status kes_nystrom_transform(const kes_nystrom *plan, kes_cmat X, kes_mat Z);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_KERNELS_H */
