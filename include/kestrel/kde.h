/**
 * @file kestrel/kde.h
 * @brief Kernel density estimation: exact log densities and their
 * gradients, bandwidth selectors, and binned evaluation on a grid
 * (layer: kernels; depends on core and linalg).
 *
 * A density estimate from n points x_i in R^d (an n x d column-major matrix
 * with one row per point, as Octave passes it) with optional non-negative
 * weights w_i is
 * @verbatim
   f(y) = (1 / (W |B|)) sum_i w_i K(B^{-1} (y - x_i)),   W = sum_i w_i,
   @endverbatim
 * where K is a radial kernel normalised to integrate to 1 over R^d and B is
 * the bandwidth: h I (isotropic), diag(h_1, ..., h_d) (diagonal), or the
 * lower Cholesky factor L of a bandwidth matrix H = L L^T (full; H plays the
 * role of a covariance, so the isotropic case is H = h^2 I).  Without
 * weights W = n and this is (1/(n h^d)) sum_i K((y - x_i)/h).
 *
 * Densities are computed and returned as logarithms: the sum over points is
 * a running log-sum-exp, so no term underflows in any dimension and a
 * density of 1e-300 (or far smaller) still has an accurate logarithm.
 *
 * Objects follow the plan/execute split of FFTW: kes_kde_create copies and
 * whitens the points once; kes_kde_log_density may then run concurrently
 * from any number of threads on one object.  kes_kde_binned plans its FFTs
 * once in _create (planning is serialised inside the library) and executes
 * many times; one binned object serves one thread at a time.
 *
 * References: B. W. Silverman, "Density Estimation for Statistics and Data
 * Analysis", Chapman & Hall, 1986; M. P. Wand and M. C. Jones, "Kernel
 * Smoothing", Chapman & Hall, 1995 (binning: Appendix D; plug-in bandwidths:
 * Ch. 3); D. W. Scott, "Multivariate Density Estimation", Wiley, 1992.
 */
#ifndef KESTREL_KDE_H
#define KESTREL_KDE_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Radial kernels, each normalised to integrate to 1 over R^d.
 *
 * With r = |u| the Euclidean norm of the scaled offset u, each kernel is
 * K(u) = c_d k(r) for the profile k below and the constant
 * c_d = 1 / (S_{d-1} int_0^inf k(r) r^(d-1) dr), S_{d-1} = 2 pi^(d/2) /
 * Gamma(d/2) the area of the unit sphere and V_d = S_{d-1} / d the volume
 * of the unit ball:
 * @verbatim
   GAUSSIAN      exp(-r^2/2)                 c_d = (2 pi)^(-d/2)
   EPANECHNIKOV  1 - r^2,        r < 1       c_d = (d + 2) / (2 V_d)
   EXPONENTIAL   exp(-r)                     c_d = 1 / (S_{d-1} Gamma(d))
   TOPHAT        1,              r < 1       c_d = 1 / V_d
   LINEAR        1 - r,          r < 1       c_d = (d + 1) / V_d
   COSINE        cos(pi r / 2),  r < 1       c_d = 1 / (S_{d-1} sum_j (-1)^j (pi/2)^(2j+1) Gamma(d)/Gamma(d+2j+2))
   LOGISTIC      1 / (e^r + 2 + e^-r)        c_d = 1 / (S_{d-1} Gamma(d) eta(d-1))
   GENGAUSS      exp(-r^p),      p > 0       c_d = p / (S_{d-1} Gamma(d/p))
   @endverbatim
 * eta is the Dirichlet eta function (eta(0) = 1/2, eta(1) = ln 2).  The
 * compact kernels vanish for r >= 1.  In one dimension these are the
 * kernels of Silverman (1986), Table 3.1, and of scikit-learn's
 * KernelDensity (Gaussian, Epanechnikov, exponential, tophat, linear,
 * cosine).  The exponential kernel is the Laplace kernel; GENGAUSS is the
 * generalised Gaussian with exponent kes_kde_opts.power (p = 2 is a
 * Gaussian of variance 1/2, p = 1 the exponential kernel).
 */
typedef enum kes_kde_kernel {
    KES_KDE_GAUSSIAN = 0,     /**< exp(-r^2/2) */
    KES_KDE_EPANECHNIKOV = 1, /**< 1 - r^2 on r < 1 */
    KES_KDE_EXPONENTIAL = 2,  /**< exp(-r), the Laplace kernel */
    KES_KDE_TOPHAT = 3,       /**< 1 on r < 1 (uniform on the unit ball) */
    KES_KDE_LINEAR = 4,       /**< 1 - r on r < 1 (triangular in 1-D) */
    KES_KDE_COSINE = 5,       /**< cos(pi r / 2) on r < 1 */
    KES_KDE_LOGISTIC = 6,     /**< 1 / (e^r + 2 + e^-r) */
    KES_KDE_GENGAUSS = 7      /**< exp(-r^p), generalised Gaussian */
} kes_kde_kernel;

/**
 * Options of a density estimate.  Make one with kes_kde_opts_default and
 * edit the fields.  The bandwidth is chosen by the first of these that is
 * set: bandwidth_matrix, bandwidth_diag, bandwidth > 0; with none set
 * (bandwidth == 0) it is Scott's rule per coordinate,
 * h_j = sigma_j n_e^(-1/(d+4)), sigma_j the (weighted, unbiased) standard
 * deviation of column j and n_e = W^2 / sum_i w_i^2 the effective sample
 * size (n without weights).  The pointer fields are read during the call
 * that takes the options and copied; they are not kept.
 */
typedef struct kes_kde_opts {
    kes_kde_kernel kernel;          /**< the kernel; default KES_KDE_GAUSSIAN */
    double bandwidth;               /**< isotropic h > 0, or 0 for Scott's rule (default 0) */
    double rtol;                    /**< relative tolerance on the density, >= 0 (default 0: exact) */
    double atol;                    /**< absolute tolerance on the density, >= 0 (default 0: exact) */
    double power;                   /**< exponent p > 0 of KES_KDE_GENGAUSS (default 2); ignored otherwise */
    const double *bandwidth_diag;   /**< d per-coordinate bandwidths h_j > 0, or NULL (default) */
    const double *bandwidth_matrix; /**< d x d symmetric positive definite H, column-major with ld d, or NULL (default) */
    const double *weights;          /**< n weights w_i >= 0 with a positive sum, or NULL for equal weights (default) */
    /* Appended fields (the layout above is unchanged). */
    double binned_cutoff; /**< binned estimates only: cut the kernel off beyond scaled radius c > 0 and rescale
                               the sampled kernel to sum to 1 over the grid offsets, as KernSmooth's bkde does
                               with c = 4 for its normal kernel; 0 (default): the whole kernel, as sampled */
} kes_kde_opts;

/** A density estimate: whitened copy of the points, weights, bandwidth (opaque). */
typedef struct kes_kde kes_kde;

/**
 * Default options: Gaussian kernel, Scott's bandwidth, exact evaluation
 * (rtol = atol = 0), power 2, no bandwidth vector or matrix, equal weights.
 * @return the options.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_kde_opts kes_kde_opts_default(void);

/**
 * Build a density estimate from n points in R^d.
 *
 * The points are copied, centred and whitened by the bandwidth (divided by
 * h or h_j, or multiplied by L^{-1}), and their squared norms stored, so
 * that each evaluation is one Gram block (a register-tiled GEMM kernel) per block.
 *
 * @param[in]  X    n x d points, column-major with leading dimension ldx
 *                  (point i is row i); read only during the call.
 * @param[in]  n    number of points, >= 1 (>= 2 for Scott's rule).
 * @param[in]  d    dimension, >= 1.
 * @param[in]  ldx  leading dimension of X, >= n.
 * @param[in]  o    options, or NULL for kes_kde_opts_default().
 * @param[out] kde  the estimate, released by kes_kde_destroy; untouched on error.
 * @return KES_OK; KES_EINVAL (X or kde NULL, unknown kernel); KES_EDIM
 * (n < 1, d < 1, ldx < n); KES_ENAN (a NaN or Inf in X, weights, bandwidth
 * or power); KES_EDOM (bandwidth < 0, a bandwidth_diag entry <= 0, power
 * <= 0, rtol or atol negative, Scott's rule with n < 2 or a constant
 * column); KES_EBADDATA (a negative weight, weights summing to zero, a
 * bandwidth matrix that is not symmetric); KES_ENOTSPD (a bandwidth matrix
 * that is singular or not positive definite); KES_ERANGE (sizes beyond
 * BLAS's int); KES_ENOMEM.
 *
 * Cost O(n d^2) time (O(n d) without a full matrix), O(n d) memory; with
 * rtol or atol > 0 also a kd-tree, O(n d log n) time and O(n d) memory,
 * and its trial on 16 points (see kes_kde_has_tree).
 * Thread-safe (touches nothing shared).
 */
KES_API kes_status kes_kde_create(const double *X, int64_t n, int64_t d, int64_t ldx, const kes_kde_opts *o,
                                  kes_kde **kde);

/**
 * Release a density estimate.  kes_kde_destroy(NULL) is a no-op.
 * @param[in] kde  the estimate.  Cost O(1).  Not concurrent with other uses of kde.
 */
KES_API void kes_kde_destroy(kes_kde *kde);

/**
 * Log density at m query points:
 * logp[q] = log((1/(W |B|)) sum_i w_i K(B^{-1}(y_q - x_i))), for example
 * log of (1/(n h^d)) sum_i (2 pi)^(-d/2) exp(-|y_q - x_i|^2 / (2 h^2)).
 *
 * Method: squared distances in whitened coordinates from
 * |y|^2 + |x|^2 - 2 y.x, one register-tiled GEMM-style product per block
 * of queries x points, recomputed from the coordinates where that identity
 * cancels; log-kernel values
 * summed by a running, max-shifted log-sum-exp per query, updated block by
 * block.  Queries are split into fixed blocks shared out among OpenMP
 * threads; each query sums its points in a fixed order, so the result is
 * the same to the last bit for any number of threads.  A point where a
 * compact kernel vanishes for every x_i gets -Inf.
 *
 * Accuracy: the identity is used only for tiles of points and queries
 * where its expected round-off, sqrt(d) u (|x~|^2 + |y~|^2) with x~, y~ the
 * centred, whitened coordinates and u the unit round-off, stays below
 * 1e-13; other tiles take the differences.  Each squared distance then
 * carries an absolute error of about 1e-13 or less, which for the Gaussian
 * kernel is half that in the log density (relative error of the density).
 *
 * Tolerances: with rtol or atol > 0 and a kd-tree kept (kes_kde_has_tree),
 * each query block is summed on the tree, depth first, nearer child first;
 * a node whose bounds W_N k(dmax) <= S_N <= W_N k(dmin) are close enough is
 * replaced by their midpoint, with the budget shared out by node weight and
 * carried over from exactly summed leaves, all in log space (A. G. Gray and
 * A. W. Moore, "Nonparametric density estimation: toward computational
 * tractability", SIAM Data Mining 2003).  On every query the result p~
 * satisfies |p~ - p| <= atol + rtol p, up to the rounding of the exact path
 * (about 1e-13 relative).  A block whose first 4 queries cost the tree more
 * than the exact path would takes the exact path for the rest.  Without a
 * tree every evaluation is exact.  The tree path does not serve
 * kes_kde_grad_log_density, which is always exact.
 *
 * @param[in]  kde   the estimate.
 * @param[in]  Y     m x d query points, column-major with leading dimension ldy.
 * @param[in]  m     number of queries, >= 1.
 * @param[in]  ldy   leading dimension of Y, >= m.
 * @param[out] logp  m log densities; untouched on error.
 * @return KES_OK; KES_EINVAL (a NULL pointer); KES_EDIM (m < 1, ldy < m);
 * KES_ENAN (NaN or Inf in Y); KES_ERANGE; KES_ENOMEM.
 *
 * Cost O(m n d) flops plus m n kernel evaluations; O(m d) memory plus
 * about 6000 doubles per thread.  Thread-safe: any number of concurrent
 * calls may share one kde.
 */
KES_API kes_status kes_kde_log_density(const kes_kde *kde, const double *Y, int64_t m, int64_t ldy, double *logp);

/**
 * kes_kde_log_density on views: the form that checks the query dimension
 * (Y.ncols must equal the estimate's d, logp.n must equal Y.nrows).
 * @param[in]  kde   the estimate.
 * @param[in]  Y     m x d read-only view of the queries, m >= 1.
 * @param[out] logp  m log densities (any stride >= 1); untouched on error.
 * @return as kes_kde_log_density; KES_EDIM also for Y.ncols != d,
 * logp.n != m or a stride < 1.
 * Cost and thread-safety as kes_kde_log_density.
 */
KES_API kes_status kes_kde_log_density_view(const kes_kde *kde, kes_cmat Y, kes_vec logp);

/**
 * Gradient of the log density at m query points, with the log density
 * itself.  grad log f(y) = sum_i p_i(y) grad log K(B^{-1}(y - x_i)) with
 * p_i the normalised contributions, computed in the same max-shifted form
 * as kes_kde_log_density.  Where a kernel has a cusp (exponential, linear,
 * generalised Gaussian with p < 2 at r = 0; compact kernels at r = 1) the
 * one-sided value 0 is used for that term at r = 0; where the density is
 * zero the gradient is set to 0.
 *
 * @param[in]  kde   the estimate.
 * @param[in]  Y     m x d query points, column-major with leading dimension ldy.
 * @param[in]  m     number of queries, >= 1.
 * @param[in]  ldy   leading dimension of Y, >= m.
 * @param[out] logp  m log densities, or NULL when not wanted.
 * @param[out] G     m x d gradients, column-major with leading dimension ldg.
 * @param[in]  ldg   leading dimension of G, >= m.
 * @return as kes_kde_log_density; KES_EDIM also for ldg < m.  Outputs
 * untouched on error.
 *
 * Cost O(m n d).  Thread-safe as kes_kde_log_density.
 */
KES_API kes_status kes_kde_grad_log_density(const kes_kde *kde, const double *Y, int64_t m, int64_t ldy,
                                            double *logp, double *G, int64_t ldg);

/**
 * Dimension of the estimate.
 * @param[in] kde  the estimate (not NULL).
 * @return d.  Cost O(1).  Thread-safe.
 */
KES_API int64_t kes_kde_dim(const kes_kde *kde);

/**
 * The bandwidth in use: the lower Cholesky factor B (d x d, column-major,
 * ld d; diagonal for the isotropic and diagonal forms), so that H = B B^T.
 * @param[in]  kde  the estimate.
 * @param[out] B    d*d values.
 * @return KES_OK; KES_EINVAL (a NULL pointer).  Cost O(d^2).  Thread-safe.
 */
KES_API kes_status kes_kde_bandwidth(const kes_kde *kde, double *B);

/**
 * The normalised kernel K at scaled radius r in d dimensions and its
 * derivative dK/dr (K(u) = value for |u| = r).  Where the derivative jumps,
 * 0 is returned: at r = 0 for the cusped kernels (exponential, linear,
 * generalised Gaussian with p < 2; the gradient of K(u) there is a set
 * containing 0), and at r = 1 for the compact ones (the right-hand value).
 * @param[in]  kernel  the kernel.
 * @param[in]  power   exponent p of GENGAUSS (> 0); ignored otherwise.
 * @param[in]  d       dimension, >= 1.
 * @param[in]  r       radius, >= 0.
 * @param[out] k       K at radius r.
 * @param[out] dk      dK/dr, or NULL.
 * @return KES_OK; KES_EINVAL (k NULL, unknown kernel); KES_EDIM (d < 1);
 * KES_ENAN (r or power NaN); KES_EDOM (r < 0, power <= 0).
 * Cost O(1) (O(log d) for COSINE).  Thread-safe.
 */
KES_API kes_status kes_kde_kernel_value(kes_kde_kernel kernel, double power, int64_t d, double r, double *k,
                                        double *dk);

/**
 * Logarithm of the normalising constant c_d of a kernel in d dimensions
 * (see kes_kde_kernel), computed in log space so that it neither overflows
 * nor underflows for any d.
 * @param[in]  kernel  the kernel.
 * @param[in]  power   exponent p of GENGAUSS (> 0); ignored otherwise.
 * @param[in]  d       dimension, >= 1.
 * @param[out] logc    log c_d.
 * @return KES_OK; KES_EINVAL; KES_EDIM (d < 1); KES_ENAN; KES_EDOM (power <= 0).
 * Cost O(1).  Thread-safe.
 */
KES_API kes_status kes_kde_kernel_log_norm(kes_kde_kernel kernel, double power, int64_t d, double *logc);

/* ------------------------------------------------------------ bandwidths */

/**
 * Scott's factor n^(-1/(d+4)) (Scott 1992, eq. 6.42); the bandwidth of
 * coordinate j is sigma_j times this factor.
 * @param[in]  n  (effective) sample size, > 0.
 * @param[in]  d  dimension, >= 1.
 * @param[out] f  the factor.
 * @return KES_OK; KES_EINVAL (f NULL); KES_EDIM (d < 1); KES_EDOM (n <= 0 or not finite).
 * Cost O(1).  Thread-safe.
 */
KES_API kes_status kes_kde_scott_factor(double n, int64_t d, double *f);

/**
 * The multivariate Silverman factor (n (d + 2) / 4)^(-1/(d+4)) (Silverman
 * 1986, eq. 4.15, the normal-reference rule; the factor SciPy's
 * gaussian_kde calls "silverman").  Not the same as the one-dimensional
 * rule of thumb of kes_kde_bw_silverman.
 * @param[in]  n  (effective) sample size, > 0.
 * @param[in]  d  dimension, >= 1.
 * @param[out] f  the factor.
 * @return as kes_kde_scott_factor.  Cost O(1).  Thread-safe.
 */
KES_API kes_status kes_kde_silverman_factor(double n, int64_t d, double *f);

/**
 * Scott's rule per coordinate: h_j = sigma_j n_e^(-1/(d+4)), the bandwidth
 * kes_kde_create uses when none is given.
 * @param[in]  X    n x d points, column-major, leading dimension ldx.
 * @param[in]  n    number of points, >= 2.
 * @param[in]  d    dimension, >= 1.
 * @param[in]  ldx  leading dimension, >= n.
 * @param[in]  w    n weights (>= 0, positive sum) or NULL.
 * @param[out] h    d bandwidths; untouched on error.
 * @return KES_OK; KES_EINVAL; KES_EDIM; KES_ENAN; KES_EBADDATA (bad
 * weights); KES_EDOM (n < 2, n_e <= 1 or a constant column); KES_ENOMEM.
 * Cost O(n d).  Thread-safe.
 */
KES_API kes_status kes_kde_bw_scott(const double *X, int64_t n, int64_t d, int64_t ldx, const double *w,
                                    double *h);

/**
 * Silverman's one-dimensional rule of thumb
 * h = 0.9 min(sigma, IQR / 1.34) n^(-1/5) (Silverman 1986, eq. 3.31; R's
 * bw.nrd0), sigma the sample standard deviation, IQR from the linearly
 * interpolated quantiles (R's type 7).  Where min(sigma, IQR/1.34) is zero
 * the nonzero one of the two is used.
 * @param[in]  x  n values.
 * @param[in]  n  number of values, >= 2.
 * @param[out] h  the bandwidth; untouched on error.
 * @return KES_OK; KES_EINVAL; KES_EDIM (n < 2); KES_ENAN; KES_EDOM (all
 * values equal); KES_ENOMEM.
 * Cost O(n) expected (quantiles by selection on a copy).  Thread-safe.
 */
KES_API kes_status kes_kde_bw_silverman(const double *x, int64_t n, double *h);

/**
 * Sheather-Jones direct plug-in bandwidth for the one-dimensional Gaussian
 * kernel, two stages, binned: the method of KernSmooth's dpik with its
 * defaults (scale estimate min(sd, IQR/1.349), level 2, range of the data,
 * truncated linear binning).  The density functionals psi_6 and psi_4 are
 * estimated from binned data with the normal-scale pilot bandwidths of
 * Wand & Jones (1995), Sec. 3.6, and h = (1 / (2 sqrt(pi) psi_4 n))^(1/5).
 * S. J. Sheather and M. C. Jones, "A reliable data-based bandwidth
 * selection method for kernel density estimation", J. R. Statist. Soc. B
 * 53 (1991) 683-690.
 * @param[in]  x         n values.
 * @param[in]  n         number of values, >= 2.
 * @param[in]  gridsize  bins, >= 2, or 0 for 401.
 * @param[out] h         the bandwidth; untouched on error.
 * @return KES_OK; KES_EINVAL; KES_EDIM (n < 2, gridsize 1 or negative);
 * KES_ENAN; KES_EDOM (zero scale, or a non-positive functional estimate);
 * KES_ENOMEM.
 * Cost O(n + gridsize^2) expected.  Thread-safe.
 */
KES_API kes_status kes_kde_bw_sj_dpik(const double *x, int64_t n, int64_t gridsize, double *h);

/**
 * Least-squares cross-validation bandwidth for the isotropic Gaussian
 * kernel: the minimiser over h of
 * LSCV(h) = int f_h^2 - (2/n) sum_i f_{h,-i}(x_i), whose first term is in
 * closed form (a Gaussian sum with bandwidth sqrt(2) h).  The minimiser is
 * bracketed on 48 log-spaced values of h in [hlo, hhi] and refined by golden
 * section search in log h to relative width 1e-10 (Silverman 1986,
 * Sec. 3.4.3; Wand & Jones 1995, Sec. 3.3).  If the smallest value is at an
 * end of the range that end is returned.
 * @param[in]  X    n x d points, column-major, leading dimension ldx.
 * @param[in]  n    number of points, >= 2.
 * @param[in]  d    dimension, >= 1.
 * @param[in]  ldx  leading dimension, >= n.
 * @param[in]  hlo  lower end of the search range, > 0, or 0 for 0.05 times the Scott bandwidth.
 * @param[in]  hhi  upper end, > hlo, or 0 for 3 times the Scott bandwidth (Scott with the mean sigma_j).
 * @param[out] h    the bandwidth; untouched on error.
 * @return KES_OK; KES_EINVAL; KES_EDIM; KES_ENAN; KES_EDOM (bad range, or a
 * constant data set with a default range); KES_ENOMEM.
 * Cost O(n^2 d) per evaluation, about 100 evaluations.  Thread-safe.
 */
KES_API kes_status kes_kde_bw_lscv(const double *X, int64_t n, int64_t d, int64_t ldx, double hlo, double hhi,
                                   double *h);

/* ------------------------------------------------------------ binned */

/** A planned binned density estimate on a fixed grid (opaque). */
typedef struct kes_kde_binned kes_kde_binned;

/**
 * Plan a binned density estimate on an equispaced grid in d <= 3
 * dimensions: lo[k] + j (hi[k] - lo[k]) / (gridsize[k] - 1),
 * j = 0 .. gridsize[k] - 1.  Execution bins the points linearly onto the
 * grid (each point shares its weight among the 2^d surrounding grid
 * points) and convolves the counts with the kernel sampled on the grid
 * offsets by FFT (zero padding to avoid wrap-around), Wand & Jones (1995),
 * Appendix D.  The FFTW plans are made here, under a lock.
 *
 * The kernel and bandwidth come from o (kernel, power, bandwidth,
 * bandwidth_diag, bandwidth_matrix, binned_cutoff; weights, rtol and atol
 * are ignored); bandwidth 0 means Scott's rule from the data of each
 * execution.  With binned_cutoff = 4 and the same grid, bandwidth and
 * data, the one-dimensional Gaussian estimate is KernSmooth's
 * bkde(x, bandwidth = h, gridsize = M, range.x = c(lo, hi)) up to
 * rounding.
 *
 * @param[in]  d         dimension, 1 to 3.
 * @param[in]  gridsize  d grid sizes, each >= 2.
 * @param[in]  lo        d lower grid ends.
 * @param[in]  hi        d upper grid ends, hi[k] > lo[k].
 * @param[in]  o         options, or NULL for the defaults.
 * @param[out] b         the plan, released by kes_kde_binned_destroy.
 * @return KES_OK; KES_EINVAL; KES_EDIM (d outside 1..3, a gridsize < 2);
 * KES_ENAN (also a NaN or Inf binned_cutoff); KES_EDOM (hi <= lo, hi - lo
 * overflowing, a bad bandwidth or power, binned_cutoff < 0); KES_EBADDATA,
 * KES_ENOTSPD (bad bandwidth matrix); KES_ERANGE; KES_ENOMEM (also when
 * FFTW cannot plan).
 * Cost O(P log P) planning for P = prod_k 2 gridsize[k] padded points;
 * memory O(P).  Thread-safe (planning is serialised).
 */
KES_API kes_status kes_kde_binned_create(int64_t d, const int64_t *gridsize, const double *lo, const double *hi,
                                         const kes_kde_opts *o, kes_kde_binned **b);

/**
 * Release a binned plan.  kes_kde_binned_destroy(NULL) is a no-op.
 * @param[in] b  the plan.  Cost O(1).  Thread-safe (destruction of FFTW plans is serialised).
 */
KES_API void kes_kde_binned_destroy(kes_kde_binned *b);

/**
 * Binned density on the planned grid from n points.  Points outside the
 * grid are left out of the bins but counted in W, as KernSmooth's bkde
 * does with truncation.  The error against the exact estimate at the grid
 * points is O(delta^2) in the grid spacing delta.
 * @param[in]  b    the plan.
 * @param[in]  X    n x d points, column-major, leading dimension ldx.
 * @param[in]  n    number of points, >= 1 (>= 2 with Scott's rule).
 * @param[in]  ldx  leading dimension, >= n.
 * @param[in]  w    n weights (>= 0, positive sum) or NULL.
 * @param[out] f    prod_k gridsize[k] densities, first index fastest; untouched on error.
 * @return KES_OK; KES_EINVAL; KES_EDIM; KES_ENAN; KES_EBADDATA (bad
 * weights); KES_EDOM (Scott's rule on degenerate data).
 * Cost O(n 2^d + P log P); no allocation.  Not thread-safe on one plan
 * (it owns its work arrays); distinct plans may run concurrently.
 */
KES_API kes_status kes_kde_binned_execute(kes_kde_binned *b, const double *X, int64_t n, int64_t ldx,
                                          const double *w, double *f);

/* ============================================================
 * Tolerance-controlled evaluation, sampling and random-feature
 * density estimates.
 * ============================================================ */

/**
 * Total weight W of an estimate: the sum of its weights, or n without.
 * With the bandwidth it is what combining estimates over disjoint parts of
 * a data set needs (f = sum_r W_r f_r / sum_r W_r).
 * @param[in] kde  the estimate.
 * @return W, or NaN for NULL.  Cost O(1).  Thread-safe.
 */
KES_API double kes_kde_total_weight(const kes_kde *kde);

/**
 * Whether kes_kde_log_density evaluates this estimate on its kd-tree.
 *
 * With rtol or atol > 0, kes_kde_create builds a kd-tree over the whitened
 * points and tries it on 16 of the points themselves; if the tree's work
 * (points summed plus nodes visited, in units of one point of the exact
 * path, which runs 1.5 + d/4 times faster per point) exceeds the exact
 * path's, the tree is dropped and every evaluation is exact.  That is the
 * usual outcome for d >= ~6 at the usual bandwidths, or for a bandwidth
 * large against the spread of the data, where almost every node overlaps
 * the kernel's reach.  A kept tree is still tried per block of queries
 * (see kes_kde_log_density).
 * @param[in] kde  the estimate.
 * @return 1 when a tree is kept, 0 otherwise (also for NULL).  Cost O(1).
 * Thread-safe.
 */
KES_API int kes_kde_has_tree(const kes_kde *kde);

/**
 * Draw m points from the density estimate: pick point i with probability
 * w_i / W (uniformly without weights; with weights by binary search on
 * their running sums), draw u from the kernel K, and return x_i + B u.
 *
 * The kernel's draw is a uniform direction times a radius R with density
 * proportional to k(r) r^(d-1): Gaussian u ~ N(0, I); tophat R = U^(1/d);
 * Epanechnikov R^2 ~ Beta(d/2, 2); exponential R ~ Gamma(d); linear
 * R ~ Beta(d, 2); generalised Gaussian R^p ~ Gamma(d/p); cosine R ~
 * Beta(d, 2) accepted with probability sin(pi (1-R)/2) / (pi (1-R)/2)
 * (>= 2/pi); logistic R ~ Gamma(d) accepted with probability
 * 1 / (1 + e^-R)^2 (>= 1/4) (L. Devroye, "Non-Uniform Random Variate
 * Generation", Springer, 1986, Ch. II.3 and V.4).  The mean of the draws
 * is the weighted mean of the points and their covariance the weighted
 * (biased) covariance of the points plus (E[R^2]/d) H.
 *
 * @param[in]     kde  the estimate.
 * @param[in,out] rng  the generator; advanced (same state, same draws).
 * @param[in]     m    number of draws, >= 1.
 * @param[out]    Y    m x d draws, column-major with leading dimension ldy;
 *                     untouched on error.
 * @param[in]     ldy  leading dimension, >= m.
 * @return KES_OK; KES_EINVAL (a NULL pointer); KES_EDIM (m < 1, ldy < m);
 * KES_ERANGE (Y's extent, ldy d doubles, beyond the address space); KES_ENOMEM.
 * Cost O(m d^2) (O(m d) for diagonal bandwidths) plus O(n) with weights;
 * O(n) memory with weights.  Serial.  Thread-safe for distinct rng.
 */
KES_API kes_status kes_kde_sample(const kes_kde *kde, kes_rng *rng, int64_t m, double *Y, int64_t ldy);

/** A random-feature Gaussian density estimate (opaque): made by
 * kes_kde_rff_create, released by kes_kde_rff_destroy. */
typedef struct kes_kde_rff kes_kde_rff;

/**
 * Random-feature form of a Gaussian density estimate, for very large n.
 *
 * With whitened points x~_i and D/2 frequencies omega_r ~ N(0, I) drawn by
 * kes_rff_create (paired cos/sin map, KES_RF_SINCOS; Rahimi & Recht,
 * "Random features for large-scale kernel machines", NIPS 2007), the
 * Gaussian kernel is exp(-|u - v|^2/2) = E[cos(omega . (u - v))], so
 * @verbatim
   f(y) = c / W sum_i w_i exp(-|y~ - x~_i|^2 / 2) ~= c (2/D) sum_r g_r(y~),
   g_r(y~) = C_r cos(omega_r . y~) + S_r sin(omega_r . y~),
   C_r = (1/W) sum_i w_i cos(omega_r . x~_i),  S_r = likewise with sin,
   @endverbatim
 * c = (2 pi)^(-d/2) / |B|.  The mean embedding (C, S) is computed once, so
 * each query costs O(d D) whatever n.  The estimate is unbiased; each
 * g_r lies in [-1, 1], so its standard error is at most c sqrt(2/D), and
 * kes_kde_rff_density returns the sample estimate
 * c sqrt(var_r(g_r) / (D/2)) for every query.  The error is absolute: in
 * the tails, where f is below a few standard errors, the estimate can be
 * zero or negative; that is why the density, not its logarithm, is
 * returned.
 *
 * @param[in]     kde  a Gaussian density estimate (any bandwidth form, weights);
 *                     it must outlive the random-feature estimate, whose
 *                     queries it whitens.
 * @param[in]     D    number of features, even, >= 2.
 * @param[in,out] rng  the generator; advanced by kes_rff_create.
 * @param[out]    out  the estimate; untouched on error.
 * @return KES_OK; KES_EINVAL (a NULL pointer); KES_ENOTSUP (kernel not
 * Gaussian); KES_EDIM (D < 2 or odd); KES_ERANGE; KES_ENOMEM.
 * Cost O(n d D) time, O(d D + 1024 D) memory.  Thread-safe for distinct rng.
 */
KES_API kes_status kes_kde_rff_create(const kes_kde *kde, int64_t D, kes_rng *rng, kes_kde_rff **out);

/**
 * Release a random-feature estimate.  NULL is a no-op.
 * @param[in] r  the estimate.  Cost O(1).  Not concurrent with other uses of r.
 */
KES_API void kes_kde_rff_destroy(kes_kde_rff *r);

/**
 * Random-feature density (not log density) at m queries, with its
 * standard error (see kes_kde_rff_create).
 * @param[in]  r    the estimate.
 * @param[in]  Y    m x d queries, column-major with leading dimension ldy.
 * @param[in]  m    number of queries, >= 1.
 * @param[in]  ldy  leading dimension, >= m.
 * @param[out] p    m density estimates (may be <= 0 in the tails).
 * @param[out] se   m standard errors, or NULL.
 * @return KES_OK; KES_EINVAL (a NULL pointer); KES_EDIM (m < 1, ldy < m);
 * KES_ENAN (NaN or Inf in Y); KES_ERANGE; KES_ENOMEM.  Outputs untouched
 * on error.
 * Cost O(m d D) time, O(m d + 1024 D) memory.  Thread-safe: concurrent
 * calls may share r.
 */
KES_API kes_status kes_kde_rff_density(const kes_kde_rff *r, const double *Y, int64_t m, int64_t ldy, double *p,
                                       double *se);
/* ====================================================================
 * Bandwidth selectors, second part: Sheather-Jones as R's bw.SJ, Botev's
 * improved Sheather-Jones, likelihood cross-validation.
 * ==================================================================== */

/** The two Sheather-Jones rules of kes_kde_bw_sj. */
typedef enum kes_kde_sj_method {
    KES_KDE_SJ_STE = 0, /**< solve-the-equation (R's bw.SJ default, method "ste") */
    KES_KDE_SJ_DPI = 1  /**< direct plug-in (R's bw.SJ, method "dpi") */
} kes_kde_sj_method;

/**
 * Sheather-Jones bandwidth for the one-dimensional Gaussian kernel in the
 * form of R's stats::bw.SJ: pairwise differences binned into nbins bins
 * of width 1.01 (max - min) / nbins (a point in bin trunc(x / width)), the
 * density functionals psi_4 and psi_6 estimated from the binned pair
 * counts, normal-reference pilots a = 1.24 s n^(-1/7) and b = 1.23 s n^(-1/9)
 * with s = min(sd, IQR / 1.349), and then either
 * - STE: the root of h = (1 / (2 sqrt(pi) n psi_4(alpha_2(h))))^(1/5),
 *   alpha_2(h) = 1.357 (psi_4(a) / -psi_6(b))^(1/7) h^(5/7), bracketed
 *   from [0.1 h_max, h_max], h_max = 1.144 s n^(-1/5), widened by factors
 *   1.2 as R does, and bisected to the last bits (R's uniroot stops at
 *   an absolute tolerance of 0.1 times the lower end, so bw.SJ agrees
 *   with this root to that tolerance and to about 1e-12 with a small tol);
 * - DPI: h = (1 / (2 sqrt(pi) n psi_4(g)))^(1/5), g = (2.394 / (-n psi_6(b)))^(1/7).
 * S. J. Sheather and M. C. Jones, J. R. Statist. Soc. B 53 (1991) 683-690.
 * @param[in]  x       n values.
 * @param[in]  n       number of values, >= 2.
 * @param[in]  method  KES_KDE_SJ_STE or KES_KDE_SJ_DPI.
 * @param[in]  nbins   number of bins, >= 1, or 0 for 1000 (R's default).
 * @param[out] h       the bandwidth; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL pointer, unknown method); KES_EDIM
 * (n < 2, nbins < 0); KES_ENAN (NaN or Inf in x); KES_EDOM (zero scale,
 * a functional estimate of the wrong sign, no root in the widened
 * bracket); KES_ERANGE (more than 1e7 bins spanned); KES_ENOMEM.
 * Cost O(n + nbins + min(n, nbins)^2) for the pair counts plus O(nbins)
 * per equation evaluation (about 60).  Thread-safe.
 */
KES_API kes_status kes_kde_bw_sj(const double *x, int64_t n, kes_kde_sj_method method, int64_t nbins, double *h);

/**
 * Botev's improved Sheather-Jones bandwidth (ISJ) for the one-dimensional
 * Gaussian kernel: the data are binned into a histogram of gridsize points
 * on the range widened by a tenth on each side (length R), the histogram's
 * discrete cosine transform gives ||f^(s)||^2 in closed form for any
 * smoothing time t, and the bandwidth is h = R sqrt(t*) for the root t* of
 * the fixed-point equation t = xi^[l](t) with l = 7 stages (no normal
 * reference at any stage).  The root is bracketed on (0, 0.1] (widened if
 * needed) and bisected to the last bits.  Z. I. Botev, J. F. Grotowski and
 * D. P. Kroese, "Kernel density estimation via diffusion", Ann. Statist.
 * 38 (2010) 2916-2957, Sec. 5.
 * @param[in]  x         n values.
 * @param[in]  n         number of values, >= 2.
 * @param[in]  gridsize  histogram points, >= 2, or 0 for 2^14.
 * @param[out] h         the bandwidth; untouched on error.
 * @return KES_OK; KES_EINVAL; KES_EDIM (n < 2, gridsize 1 or negative);
 * KES_ENAN; KES_EDOM (all values equal, no root); KES_ERANGE (gridsize
 * above 2^26 or a range that overflows); KES_ENOMEM.
 * Cost O(n + gridsize log gridsize) plus O(gridsize) per equation
 * evaluation (about 60).  Thread-safe (the transform is planned under the
 * library's FFTW lock).
 */
KES_API kes_status kes_kde_bw_isj(const double *x, int64_t n, int64_t gridsize, double *h);

/**
 * Likelihood cross-validation bandwidth for the isotropic Gaussian kernel:
 * the maximiser over h of the leave-one-out log likelihood
 * (1/n) sum_i log f_{h,-i}(x_i), f_{h,-i} the estimate without point i
 * (Silverman 1986, Sec. 3.4.4).  Search as kes_kde_bw_lscv: 48 log-spaced
 * values in [hlo, hhi], then golden section in log h to relative width
 * 1e-10; an end of the range is returned when the best value is there
 * (for example with tied points, where the likelihood grows without bound
 * as h goes to 0).
 * @param[in]  X    n x d points, column-major, leading dimension ldx.
 * @param[in]  n    number of points, >= 2.
 * @param[in]  d    dimension, >= 1.
 * @param[in]  ldx  leading dimension, >= n.
 * @param[in]  hlo  lower end, > 0, or 0 for 0.05 times the Scott bandwidth.
 * @param[in]  hhi  upper end, > hlo, or 0 for 3 times the Scott bandwidth.
 * @param[out] h    the bandwidth; untouched on error.
 * @return as kes_kde_bw_lscv.
 * Cost O(n^2 d) per evaluation, about 100 evaluations.  Thread-safe.
 */
KES_API kes_status kes_kde_bw_lcv(const double *X, int64_t n, int64_t d, int64_t ldx, double hlo, double hhi,
                                  double *h);

/**
 * Plug-in bandwidth matrix for the bivariate Gaussian kernel as ks's Hpi
 * with its defaults in d = 2 (two-stage SAMSE pilot, pre-sphering, exact
 * double sums): the data are sphered by S^{-1/2}, S the sample covariance;
 * the order-6 functionals psi_r = n^-2 sum_ij D^r phi_{g6^2 I}(z_i - z_j)
 * are estimated with the SAMSE pilot g6 from the normal reference, the
 * order-4 ones with the SAMSE pilot g4 computed from them (T. Duong and
 * M. L. Hazelton, "Plug-in bandwidth matrices for bivariate kernel density
 * estimation", J. Nonparametric Statist. 15 (2003) 17-30), and H* is the
 * minimiser of the plug-in criterion
 * PI(H) = 1 / (4 pi n |H|^(1/2)) + (1/4) vec(H)^T Psi_4 vec(H)
 * (Wand & Jones 1995, Sec. 4.7), found by Newton's method to a gradient
 * 1e-13 times its start; H = S^{1/2} H* S^{1/2}.  The stage-two pilot sums
 * the order-6 functionals as ks 1.14 does (see the source), so that the
 * result equals Hpi(x, binned = FALSE) to Hpi's optimiser tolerance; ks
 * bins for n > 500 by default, which moves its answer by the binning error.
 * @param[in]  X    n x 2 points, column-major, leading dimension ldx.
 * @param[in]  n    number of points, >= 3.
 * @param[in]  d    dimension; only 2 is implemented.
 * @param[in]  ldx  leading dimension, >= n.
 * @param[out] H    2 x 2 symmetric positive definite matrix, column-major
 *                  (ld 2; usable as kes_kde_opts.bandwidth_matrix); untouched on error.
 * @return KES_OK; KES_EINVAL (a NULL pointer); KES_EDIM (n < 2, d < 1,
 * ldx < n); KES_ENAN (NaN or Inf in X); KES_ENOTSUP (d other than 2);
 * KES_EDOM (n < 3, a singular sample covariance, no minimum);
 * KES_ERANGE (H overflows); KES_ENOMEM.
 * Cost O(n^2): two passes over the n (n - 1) / 2 pairs, plus O(1) for the
 * minimisation.
 * Thread-safe.
 */
KES_API kes_status kes_kde_bw_hpi(const double *X, int64_t n, int64_t d, int64_t ldx, double *H);

/* ====================================================================
 * Mode finding: mean shift and gradient ascent from many starts, merged
 * and polished by Newton's method; optional random projection for high d.
 * ==================================================================== */

/**
 * Options of kes_kde_modes.  Make one with kes_kde_modes_opts_default and
 * edit the fields.  Tolerances are in whitened units: a gradient norm is
 * |B^T grad log f| (the gradient with respect to u = B^{-1} y, B the
 * bandwidth factor of kes_kde_bandwidth; |grad log f| times h for an
 * isotropic h), a distance is |B^{-1}(y - y')|.
 */
typedef struct kes_kde_modes_opts {
    const double *starts; /**< nstarts x d start points, column-major with ld ldstarts, or NULL for the data points (default) */
    int64_t nstarts;      /**< number of starts, >= 1 when starts is set (default 0) */
    int64_t ldstarts;     /**< leading dimension of starts, >= nstarts (default 0) */
    int64_t max_iter;     /**< ascent steps per start, >= 1 (default 1000) */
    double ascent_tol;    /**< gradient norm ending the ascent of a start, >= 0 (default 1e-6) */
    double grad_tol;      /**< gradient norm the Newton polish aims for, > 0 (default 1e-10) */
    double merge_tol;     /**< distance within which two candidates are one mode, >= 0 (default 1e-3) */
    int64_t proj_dim;     /**< 0 (default): ascend in R^d; k in 1 .. d-1: find modes in a random k-dimensional projection first */
} kes_kde_modes_opts;

/** What kes_kde_modes did. */
typedef struct kes_kde_modes_stats {
    int64_t nfound;     /**< distinct modes found (more than were returned when the capacity was short) */
    int64_t iterations; /**< ascent sweeps, summed over the projected and the full stage */
    int64_t nconverged; /**< returned modes whose gradient norm is at most grad_tol */
    double max_grad;    /**< largest gradient norm among the returned modes */
} kes_kde_modes_stats;

/**
 * Default mode-finding options: starts at the data points, 1000 ascent
 * steps, ascent_tol 1e-6, grad_tol 1e-10, merge_tol 1e-3, no projection.
 * @return the options.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_kde_modes_opts kes_kde_modes_opts_default(void);

/**
 * Local maxima (modes) of the density estimate of X with options ko, with
 * their log densities, in decreasing order of density.
 *
 * Method: from every start, ascent steps y <- y + alpha H grad log f(y)
 * (H = B B^T), alpha = 1 first and then the Barzilai-Borwein length of
 * the last step (halved when a step fails an Armijo test); for the
 * Gaussian kernel the step with alpha = 1 is the mean-shift iteration
 * (Comaniciu & Meer 2002; monotone as EM, Carreira-Perpinan 2007).  Candidates within merge_tol of
 * a denser one are dropped; each survivor is polished by Newton's method in
 * whitened coordinates on log f with a central-difference Hessian of the
 * gradient (a gradient step where the Hessian is not negative definite),
 * and the survivors are merged again.  With proj_dim = k > 0 the whitened
 * points and starts are first mapped to R^k by a Gaussian matrix with
 * N(0, 1/k) entries drawn from rng, modes are found there with bandwidth 1,
 * and each is lifted to R^d as the kernel-weighted mean of the points it
 * weights, before the ascent and polish in R^d (J. C. Lee, J. Li, C. Musco,
 * J. M. Phillips and W. M. Tai, "Dimensionality reduction for general KDE
 * mode finding", ICML 2023).  Smooth kernels only: Gaussian, Epanechnikov,
 * cosine, logistic, and the generalised Gaussian with power > 1.
 *
 * @param[in]  X       n x d points, column-major, leading dimension ldx.
 * @param[in]  n       number of points, >= 1 (>= 2 for Scott's rule).
 * @param[in]  d       dimension, >= 1.
 * @param[in]  ldx     leading dimension of X, >= n.
 * @param[in]  ko      estimate options (kernel, bandwidth, weights) as kes_kde_create, or NULL for the defaults.
 * @param[in]  mo      mode options, or NULL for kes_kde_modes_opts_default().
 * @param[in,out] rng  generator for the projection (advanced by k d
 *                     normals); may be NULL when proj_dim is 0.
 * @param[in]  cap     rows available in modes and logp, >= 1.
 * @param[out] modes   cap x d, column-major with ld ldm: the modes, densest first.
 * @param[in]  ldm     leading dimension of modes, >= cap.
 * @param[out] logp    cap log densities of the modes.
 * @param[out] nmodes  number of modes written, min(found, cap).
 * @param[out] stats   what happened, or NULL.
 * @return KES_OK; KES_NOCONV (outputs written, but some mode's gradient
 * norm is above grad_tol: a flat top, or a kernel whose Hessian jumps);
 * the errors of kes_kde_create; KES_EINVAL (a NULL output, rng NULL with a
 * projection); KES_EDIM (cap < 1, ldm < cap, nstarts < 1 or ldstarts <
 * nstarts with starts, proj_dim < 0 or >= d); KES_ENAN (NaN or Inf in the
 * starts or a tolerance); KES_EDOM (max_iter < 1, a negative tolerance,
 * grad_tol not positive); KES_ENOTSUP (a kernel that is not smooth:
 * exponential, tophat, linear, generalised Gaussian with power <= 1);
 * KES_ERANGE; KES_ENOMEM.  Outputs untouched on error.
 *
 * Cost O(n m d) per ascent sweep over m starts (at most max_iter sweeps),
 * O(n d^2) per Newton step of each mode; with a projection the sweeps cost
 * O(n m k) and the full-d stage starts only from the projected modes.
 * Memory O((n + m) d + d^2).  Thread-safe; the same rng state gives the
 * same modes on any number of threads.
 */
KES_API kes_status kes_kde_modes(const double *X, int64_t n, int64_t d, int64_t ldx, const kes_kde_opts *ko,
                                 const kes_kde_modes_opts *mo, kes_rng *rng, int64_t cap, double *modes, int64_t ldm,
                                 double *logp, int64_t *nmodes, kes_kde_modes_stats *stats);

/* ====================================================================
 * Maximum mean discrepancy and kernel thinning.
 * ==================================================================== */

/**
 * Options of kes_kde_mmd.  The kernel is k(x, y) = k_prof(|x - y| / h)
 * with the profile k_prof of kes_kde_kernel, not normalised (k(x, x) = 1,
 * 1/4 for the logistic); MMD is a metric on distributions for the
 * characteristic kernels among them (Gaussian, exponential, generalised
 * Gaussian with power <= 2).
 */
typedef struct kes_kde_mmd_opts {
    kes_kde_kernel kernel; /**< the kernel; default KES_KDE_GAUSSIAN */
    double power;          /**< exponent p > 0 of KES_KDE_GENGAUSS (default 2) */
    double bandwidth;      /**< h > 0 (default 1) */
    int unbiased;          /**< 1: U-statistic (no i = j terms); 0: V-statistic (default) */
} kes_kde_mmd_opts;

/**
 * Default MMD options: Gaussian kernel, h = 1, power 2, V-statistic.
 * @return the options.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_kde_mmd_opts kes_kde_mmd_opts_default(void);

/**
 * Squared maximum mean discrepancy between the weighted point sets
 * P = sum_i a_i delta_{x_i} and Q = sum_j b_j delta_{y_j},
 * a = wx / sum wx, b = wy / sum wy (equal weights for NULL):
 * @verbatim
   V-statistic: MMD^2 = sum_ii' a_i a_i' k(x_i, x_i') + sum_jj' b_j b_j' k(y_j, y_j') - 2 sum_ij a_i b_j k(x_i, y_j)
   U-statistic: the first two sums over i != i' (j != j') only, divided by 1 - sum_i a_i^2 (1 - sum_j b_j^2)
   @endverbatim
 * (Gretton et al., "A kernel two-sample test", JMLR 13 (2012), eqs. 2-3;
 * with equal weights the U form is the usual 1/(n(n-1)) sum).  The V form
 * is the squared RKHS distance of the two kernel mean embeddings, >= 0 up
 * to rounding; the U form is unbiased and may be negative.  Row sums are
 * added in a fixed order: the same bits for any number of threads.
 * @param[in]  X     n x d points, column-major, leading dimension ldx.
 * @param[in]  n     number of points of P, >= 1 (>= 2 with unbiased).
 * @param[in]  ldx   leading dimension, >= n.
 * @param[in]  wx    n weights >= 0 with a positive sum, or NULL.
 * @param[in]  Y     m x d points, column-major, leading dimension ldy.
 * @param[in]  m     number of points of Q, >= 1 (>= 2 with unbiased).
 * @param[in]  ldy   leading dimension, >= m.
 * @param[in]  wy    m weights or NULL.
 * @param[in]  d     dimension, >= 1.
 * @param[in]  o     options, or NULL for the defaults.
 * @param[out] mmd2  the squared MMD; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL X, Y or mmd2, unknown kernel, unbiased
 * not 0 or 1); KES_EDIM (n, m or d < 1, a leading dimension too small);
 * KES_ENAN (NaN or Inf in the points, bandwidth or power); KES_EDOM
 * (bandwidth <= 0, power <= 0, unbiased with one point or one nonzero
 * weight); KES_EBADDATA (a negative weight, weights summing to zero);
 * KES_ERANGE (1/h overflows: a subnormal h); KES_ENOMEM.
 * Cost O((n + m)^2 d) time, O(n + m) memory.  Thread-safe.
 */
KES_API kes_status kes_kde_mmd(const double *X, int64_t n, int64_t ldx, const double *wx, const double *Y, int64_t m,
                               int64_t ldy, const double *wy, int64_t d, const kes_kde_mmd_opts *o, double *mmd2);

/** The kernel KT-SPLIT runs with (kes_kde_thin_opts.split). */
typedef enum kes_kde_thin_split {
    KES_KDE_THIN_TARGET = 0, /**< the target kernel k itself ("target KT", Dwivedi & Mackey 2022) */
    KES_KDE_THIN_ROOT = 1,   /**< the square-root kernel k_rt, exp(-|x-y|^2/h^2) for the Gaussian (Dwivedi & Mackey 2021) */
    KES_KDE_THIN_PLUS = 2    /**< KT+: k + k_rt (Dwivedi & Mackey 2022) */
} kes_kde_thin_split;

/** Options of kes_kde_thin. */
typedef struct kes_kde_thin_opts {
    kes_kde_kernel kernel;    /**< target kernel k, as in kes_kde_mmd_opts; default KES_KDE_GAUSSIAN */
    double power;             /**< exponent p > 0 of KES_KDE_GENGAUSS (default 2) */
    double bandwidth;         /**< h > 0 (default 1) */
    kes_kde_thin_split split; /**< kernel of the split stage (default KES_KDE_THIN_TARGET); ROOT and PLUS need the Gaussian */
    double delta;             /**< failure probability of the split's thresholds, in (0, 1) (default 0.5) */
    int swap;                 /**< 1: KT-SWAP after the split (default); 0: the first coreset of KT-SPLIT */
} kes_kde_thin_opts;

/**
 * Default thinning options: Gaussian target kernel with h = 1, split with
 * the target kernel, delta = 0.5, KT-SWAP on.
 * @return the options.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_kde_thin_opts kes_kde_thin_opts_default(void);

/**
 * Kernel thinning: a coreset of nout of the n input points whose empirical
 * distribution is close to the input's in MMD for the target kernel.
 *
 * KT-SPLIT (Dwivedi & Mackey, "Kernel thinning", COLT 2021, Alg. 1a)
 * halves the first nout 2^m points m times, m = floor(log2(n / nout)),
 * with a binary tree of self-balancing Hilbert walks in the RKHS of the
 * split kernel (each pair of consecutive points is sent one to each child,
 * the assignment chosen at random with a bias against the child sums'
 * imbalance), giving 2^m candidate coresets of nout points.  KT-SWAP
 * (Alg. 1b) then keeps the candidate, or the standard thinning of every
 * 2^m-th point, with the smallest MMD to all n input points under the
 * target kernel, and replaces each of its points in turn by the input
 * point that lowers that MMD most.  With nout = sqrt(n) the MMD of the
 * coreset falls like n^(-1/2) up to log factors for the Gaussian kernel,
 * against n^(-1/4) for i.i.d. subsampling of the same size.  Target KT and
 * KT+ are the variants of Dwivedi & Mackey, "Generalized kernel thinning",
 * ICLR 2022.  Equal input weights; the points are taken in the given order
 * (for i.i.d. or MCMC output that order is as good as any).
 *
 * @param[in]  X     n x d points, column-major, leading dimension ldx.
 * @param[in]  n     number of points, >= 1.
 * @param[in]  d     dimension, >= 1.
 * @param[in]  ldx   leading dimension, >= n.
 * @param[in]  nout  coreset size, 1 <= nout <= n.
 * @param[in]  o     options, or NULL for the defaults.
 * @param[in,out] rng generator of the split's coin flips (advanced by about
 *                   nout 2^m uniforms).
 * @param[out] idx   nout indices into 0 .. n-1 of the coreset's points (after
 *                   KT-SWAP an index may repeat: the point counts twice);
 *                   untouched on error.
 * @return KES_OK; KES_EINVAL (NULL X, rng or idx, unknown kernel or split,
 * swap not 0 or 1); KES_EDIM (n or d < 1, ldx < n, nout outside 1..n);
 * KES_ENAN (NaN or Inf in X, bandwidth, power or delta); KES_EDOM
 * (bandwidth <= 0, power <= 0, delta outside (0, 1)); KES_ENOTSUP (ROOT or
 * PLUS with a kernel other than the Gaussian); KES_ERANGE; KES_ENOMEM.
 * Cost O(n^2 d) kernel evaluations (about n^2 / 2 in the split, n^2 for
 * the swap's input means), O(n log(n / nout)) memory.  Thread-safe; the
 * same rng state gives the same coreset on any number of threads.
 */
KES_API kes_status kes_kde_thin(const double *X, int64_t n, int64_t d, int64_t ldx, int64_t nout,
                                const kes_kde_thin_opts *o, kes_rng *rng, int64_t *idx);

#ifdef __cplusplus
}
#endif

#endif
