/**
 * @file kestrel/graph.h
 * @brief Graph kernels and graph random features (layer: kernels; depends
 * on core and linalg).
 *
 * <b>Graphs.</b>  Graphs are weighted undirected graphs given as a square
 * kes_csr W with symmetric, finite, non-negative weights (self-loops
 * allowed; they count in the degree).  deg_i = sum_j W_ij.  A node with
 * deg_i = 0 is isolated:
 *   - the normalised adjacency W^ = D^-1/2 W D^-1/2 has a zero row and
 *     column for it;
 *   - the normalised Laplacian (F. R. K. Chung, "Spectral Graph Theory",
 *     AMS, 1997) is L~ = I - W^, so an isolated node has L~_ii = 1 (this
 *     keeps exp(-beta L~) = e^-beta exp(beta W^) and
 *     (I + s^2 L~) = (1 + s^2)(I - s^2/(1+s^2) W^) exact, which the graph
 *     random features rely on);
 *   - the combinatorial Laplacian L = D - W has a zero row for it.
 *
 * Every graph function checks W: KES_EINVAL (NULL), KES_EDIM (not square),
 * KES_ENAN (NaN/Inf weight), KES_EBADDATA (broken CSR structure, negative
 * weight, or W_ij != W_ji beyond 1e-12 relative).  These are the "graph
 * errors" of the function descriptions below.
 *
 * <b>Exact graph node kernels</b> (the accuracy oracle and the small-n
 * path): K is a caller-allocated n x n kes_mat (view or owned, ld >= n)
 * that is overwritten with the dense symmetric kernel; on error K is
 * untouched except where noted.  All are O(n^2) memory and O(n^3) time
 * through LAPACK (Anderson et al., "LAPACK Users' Guide", 3rd ed., SIAM,
 * 1999); thread-safe for distinct K.  The kernels follow Smola &
 * Kondor, "Kernels and regularization on graphs", COLT 2003, and Kondor &
 * Lafferty, "Diffusion kernels on graphs and other discrete input spaces",
 * ICML 2002.
 *
 * <b>Graph random features</b> (Choromanski, "Taming graph kernels with
 * random features", ICML 2023; general modulation after Reid, Choromanski,
 * Berger & Weller, "General graph random features", ICLR 2024; antithetic
 * termination after Reid, Weller & Choromanski, "Quasi-Monte Carlo graph
 * random features", NeurIPS 2023; repelling walks after Reid, Berger,
 * Choromanski & Weller, "Repelling random walks", ICLR 2024).
 *
 * From every source node i, `walkers` random walks start with load 1 and
 * deposit f[t] * load at the node reached after t steps.  Before each step
 * a walker halts with probability p_halt; otherwise it moves to a stored
 * neighbour v' of v drawn from the proposal q(v -> v') and multiplies its
 * load by U[v,v'] / ((1 - p_halt) q(v -> v')).  Row i of Phi is the average
 * deposit, so E[Phi] = sum_k f[k] U^k for any U (any signs, any symmetry):
 * walks only need U's sparsity.  Walks stop early once f has no nonzero
 * entry left, so a finite f (p-step) costs only its support.
 *
 * Named Laplacian kernels are K = scale * E[Phi1] E[Phi2]^T, with Phi1,
 * Phi2 from two calls (independent ensembles, so the diagonal is unbiased
 * too) and W^ = D^-1/2 W D^-1/2 from kes_graph_normalized_adjacency:
 * @verbatim
   (I + s L~)^-d = (1+s)^-d (I - U)^-d: U = s/(1+s) W^, f = REGULARIZED(d), scale (1+s)^-d
   exp(-b L~)    = e^-b exp(b W^):      U = W^,          f = DIFFUSION(b),    scale e^-b
   (a I - L~)^p  = (a-1)^p (I + U)^p:   U = W^/(a-1),    f = PSTEP(p),        scale (a-1)^p
   @endverbatim
 * The commute-time kernel L^+ has no convergent series (W^ has eigenvalue
 * 1): use the exact path (kes_graph_kernel_commute) or a regularised kernel
 * with large s.
 */
#ifndef KESTREL_GRAPH_H
#define KESTREL_GRAPH_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* -------------------------------------------------------------- graphs */

/** Which Laplacian a graph kernel is built on. */
typedef enum kes_laplacian {
    KES_LAPLACIAN_NORMALIZED = 0,   /**< L~ = I - D^-1/2 W D^-1/2, spectrum in [0, 2] */
    KES_LAPLACIAN_COMBINATORIAL = 1 /**< L = D - W */
} kes_laplacian;

/**
 * Check that W is a valid weighted undirected graph (see the file
 * description).
 * @param[in] W  the weight matrix.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM (not square), KES_ENAN
 * (NaN/Inf weight), KES_EBADDATA (broken CSR structure, negative weight, or
 * W_ij != W_ji beyond 1e-12 relative).
 *
 * Cost O(nnz log(max row length)).  Thread-safe.
 */
KES_API kes_status kes_graph_check(const kes_csr *W);

/**
 * Scaled normalised adjacency U = c D^-1/2 W D^-1/2, with the sparsity
 * pattern of W; isolated nodes get zero rows (no stored entries).
 * @param[in]  W  the graph.
 * @param[in]  c  scale; must be finite, of any sign (c < 0 gives the
 *                alternating series used by some kernels).
 * @param[out] U  receives the new matrix (release with kes_csr_destroy);
 *                untouched on error.
 * @return KES_OK; graph errors, KES_EDOM (c not finite), KES_ENOMEM.
 *
 * Cost O(nnz).  Thread-safe.
 */
KES_API kes_status kes_graph_normalized_adjacency(const kes_csr *W, double c, kes_csr **U);

/**
 * Sparse Laplacian of W, normalised or combinatorial (see the file
 * description).
 * @param[in]  W     the graph.
 * @param[in]  kind  which Laplacian.
 * @param[out] L     receives the new matrix (release with kes_csr_destroy);
 *                   untouched on error.
 * @return KES_OK; graph errors, KES_EINVAL (bad kind), KES_ERANGE
 * (combinatorial: a weighted degree sum_j W_ij overflows a double although
 * every weight is finite, e.g. weights near DBL_MAX; the result does not
 * fit), KES_ENOMEM.
 *
 * Cost O(nnz).  Thread-safe.
 */
KES_API kes_status kes_graph_laplacian(const kes_csr *W, kes_laplacian kind, kes_csr **L);

/* ------------------------------------------------ exact graph kernels */

/**
 * Regularised Laplacian kernel K = (I + sigma2 L)^-d (Smola & Kondor,
 * "Kernels and regularization on graphs", COLT 2003) for integer d >= 1 and
 * sigma2 > 0, through a Cholesky inverse (dpotrf + dpotri) and d - 1 matrix
 * products.
 * @param[in]  W       the graph.
 * @param[in]  kind    which Laplacian.
 * @param[in]  sigma2  regularisation, finite and > 0.
 * @param[in]  d       power, >= 1.
 * @param[out] K       n x n result.
 * @return KES_OK; KES_EDOM (sigma2 not finite and > 0, d < 1), KES_EDIM (K
 * not n x n), graph errors, KES_ERANGE (a weighted degree overflows, as in
 * kes_graph_laplacian), KES_ENOMEM.
 *
 * Cost n^3 flops for the inverse plus 2 n^3 per extra power; memory
 * O(n^2).  Thread-safe for distinct K.
 */
KES_API kes_status kes_graph_kernel_regularized(const kes_csr *W, kes_laplacian kind, double sigma2, int d,
                                                kes_mat K);

/**
 * Diffusion (heat) kernel K = exp(-beta L) (Kondor & Lafferty, "Diffusion
 * kernels on graphs and other discrete input spaces", ICML 2002), beta >= 0,
 * through the symmetric eigendecomposition (dsyevd).
 * @param[in]  W     the graph.
 * @param[in]  kind  which Laplacian.
 * @param[in]  beta  diffusion time, finite and >= 0.
 * @param[out] K     n x n result.
 * @return KES_OK; KES_EDOM (beta < 0 or not finite), KES_EDIM (K not
 * n x n), graph errors, KES_ENOMEM, KES_ERANGE (no convergence, or a
 * weighted degree overflows as in kes_graph_laplacian).
 *
 * Cost O(n^3); memory O(n^2).  Thread-safe for distinct K.
 */
KES_API kes_status kes_graph_kernel_diffusion(const kes_csr *W, kes_laplacian kind, double beta, kes_mat K);

/**
 * p-step random-walk kernel K = (a I - L)^p (Smola & Kondor, COLT 2003) for
 * integer p >= 1.  K is positive semi-definite only when a >= lambda_max(L):
 * the function computes the spectrum and returns KES_EDOM when a is smaller
 * (for the normalised Laplacian a >= 2 always suffices).
 * @param[in]  W     the graph.
 * @param[in]  kind  which Laplacian.
 * @param[in]  a     shift, >= lambda_max(L).
 * @param[in]  p     number of steps, >= 1.
 * @param[out] K     n x n result.
 * @return KES_OK; errors as kes_graph_kernel_diffusion, KES_EDOM for p < 1
 * or a < lambda_max(L).
 *
 * Cost O(n^3); memory O(n^2).  Thread-safe for distinct K.
 */
KES_API kes_status kes_graph_kernel_pstep(const kes_csr *W, kes_laplacian kind, double a, int p, kes_mat K);

/**
 * Commute-time kernel K = L^+ (Moore-Penrose pseudo-inverse; Fouss,
 * Pirotte, Renders & Saerens, "Random-walk computation of similarities
 * between nodes of a graph with application to collaborative
 * recommendation", IEEE TKDE, 2007), through dsyevd; eigenvalues below
 * 1e-10 * lambda_max (the null space, one per connected component) are
 * dropped.  For a connected graph with the combinatorial Laplacian, K 1 = 0
 * and L K L = L.  Graph random features cannot estimate L^+ (its power
 * series diverges); use a regularised kernel for large graphs.
 * @param[in]  W     the graph.
 * @param[in]  kind  which Laplacian.
 * @param[out] K     n x n result.
 * @return KES_OK; errors as kes_graph_kernel_diffusion.
 *
 * Cost O(n^3); memory O(n^2).  Thread-safe for distinct K.
 */
KES_API kes_status kes_graph_kernel_commute(const kes_csr *W, kes_laplacian kind, kes_mat K);

/**
 * Spectral function of a symmetric sparse matrix: K = V diag(fn(lambda)) V^T
 * where S = V diag(lambda) V^T (dsyevd).  This gives any power-series
 * kernel of U exactly (e.g. fn = 1/(1-x)^2 for (I - U)^-2, exp for exp(U)).
 * @param[in]  S    symmetric n x n matrix.
 * @param[in]  fn   the function, called once per eigenvalue, sequentially,
 *                  with ctx as its second argument.
 * @param[in]  ctx  passed to fn unchanged (may be NULL).
 * @param[out] K    n x n result.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM, KES_ENAN, KES_EBADDATA (S not
 * symmetric), KES_ENOMEM, KES_ERANGE; KES_EDOM when fn returns a non-finite
 * value (K then partially overwritten).
 *
 * Cost O(n^3) plus n calls of fn; memory O(n^2).  Thread-safe for distinct
 * K when fn is.
 */
KES_API kes_status kes_graph_spectral(const kes_csr *S, double (*fn)(double lambda, void *ctx), void *ctx,
                                      kes_mat K);

/* --------------------------------------------------- modulation functions */

/**
 * Standard kernels for graph random features, as power series in U.
 *
 * Modulation functions (Reid, Choromanski, Berger & Weller, "General graph
 * random features", ICLR 2024): a kernel sum_k alpha[k] U^k is estimated as
 * Phi1 Phi2^T where E[Phi] = sum_k f[k] U^k and f * f = alpha (discrete
 * convolution).  The closed forms below give alpha and f for the standard
 * kernels; kes_grf_modulation_sqrt computes f from any alpha.
 */
typedef enum kes_grf_kernel {
    KES_GRF_REGULARIZED = 0, /**< (I - U)^-d, param = d > 0: alpha_k = C(k+d-1, k), f_k = C(k+d/2-1, k) */
    KES_GRF_DIFFUSION = 1,   /**< exp(beta U), param = beta: alpha_k = beta^k / k!, f_k = (beta/2)^k / k! */
    KES_GRF_PSTEP = 2        /**< (I + U)^p, param = p > 0: alpha_k = C(p, k), f_k = C(p/2, k) (generalised) */
} kes_grf_kernel;

/**
 * Power-series coefficients alpha[0..len) of the kernel (kind, param).
 * @param[in]  kind   the kernel.
 * @param[in]  param  its parameter (see kes_grf_kernel).
 * @param[in]  len    number of coefficients, >= 1.
 * @param[out] alpha  len doubles.
 * @return KES_OK; KES_EINVAL (NULL alpha, unknown kind), KES_EDIM
 * (len < 1), KES_EDOM (param not finite, or <= 0 for REGULARIZED and
 * PSTEP), KES_ERANGE (a coefficient overflows a double, e.g. param 1e300;
 * alpha is then unspecified).
 *
 * Cost O(len).  Thread-safe.
 */
KES_API kes_status kes_grf_series(kes_grf_kernel kind, double param, int64_t len, double *alpha);

/**
 * Closed-form modulation f[0..len) with f * f = alpha for (kind, param).
 * @param[in]  kind   the kernel.
 * @param[in]  param  its parameter (see kes_grf_kernel).
 * @param[in]  len    number of coefficients, >= 1.
 * @param[out] f      len doubles.
 * @return KES_OK; errors as kes_grf_series.
 *
 * Cost O(len).  Thread-safe.
 */
KES_API kes_status kes_grf_modulation(kes_grf_kernel kind, double param, int64_t len, double *f);

/**
 * Convolution square root (the recursion of Reid et al., ICLR 2024):
 * f[0] = sqrt(alpha[0]), f[k] = (alpha[k] - sum_{j=1}^{k-1} f[j] f[k-j]) /
 * (2 f[0]), so that (f * f)[k] = alpha[k] for k < len.
 * @param[in]  alpha  len coefficients.
 * @param[in]  len    >= 1.
 * @param[out] f      len doubles.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM (len < 1), KES_ENAN
 * (non-finite alpha), KES_EDOM (alpha[0] <= 0: no symmetric square root;
 * use f1 = delta_0 and f2 = alpha instead, i.e. K ~ Phi from alpha
 * directly), KES_ERANGE (f overflows).
 *
 * Cost O(len^2).  Thread-safe.
 */
KES_API kes_status kes_grf_modulation_sqrt(const double *alpha, int64_t len, double *f);

/* ------------------------------------------------ graph random features */

/** Neighbour proposal q(v -> v') of the walks. */
typedef enum kes_grf_proposal {
    KES_GRF_UNIFORM = 0, /**< q = 1 / (stored entries in row v), the papers' choice */
    KES_GRF_WEIGHTED = 1 /**< q proportional to |U[v,v']|: lower variance on weighted graphs */
} kes_grf_proposal;

/** Options of the graph random features; start from kes_grf_opts_default. */
typedef struct kes_grf_opts {
    double p_halt;      /**< halting probability in (0, 1); default 0.5 (0.1-0.2: more accurate, longer walks) */
    int64_t walkers;    /**< walkers per source node m, 1 .. INT_MAX (and within the memory limit of
                             kes_grf_features); default 16 */
    int antithetic;     /**< pair walkers (2j, 2j+1) with antithetic halting draws u, u + 1/2 mod 1 (Reid,
                             Weller & Choromanski, NeurIPS 2023); default 0 */
    int repelling;      /**< walkers at the same node choose neighbours by systematic sampling (one shared
                             random shift), i.e. without replacement (Reid, Berger, Choromanski & Weller,
                             ICLR 2024); default 0 */
    kes_grf_proposal proposal; /**< neighbour proposal; default KES_GRF_UNIFORM */
    int64_t max_len;    /**< hard cap on steps per walk, >= 0 (0: none beyond f's support); a cap < f's
                             support biases the estimate (terms beyond it are dropped); default 0 */
    int check_variance; /**< 1: refuse settings whose estimator has infinite variance (KES_EVARIANCE);
                             0: skip the check; default 1 */
} kes_grf_opts;

/**
 * Default graph-random-feature options, as documented in kes_grf_opts.
 * @return the options.  Never fails.  Cost O(1).  Thread-safe.
 */
KES_API kes_grf_opts kes_grf_opts_default(void);

/** What a build or a variance check found. */
typedef struct kes_grf_stats {
    double rho_b;            /**< spectral radius of B[v,v'] = U[v,v']^2 / ((1 - p_halt) q(v -> v')): a power-
                                  iteration estimate, or its max-row-sum upper bound when that already
                                  proves the variance finite */
    double f_rate;           /**< estimated geometric decay rate of |f[k]| (0 for a short/finite f) */
    double growth;           /**< f_rate^2 * rho_b: the second moment converges iff growth < 1 */
    double suggested_p_halt; /**< largest p_halt with growth <= 0.9 (0 when none exists), when growth >= 1 */
    int64_t nnz;             /**< nnz of Phi (0 for a check only) */
    double mean_steps;       /**< mean number of steps per walker */
} kes_grf_stats;

/**
 * Variance check of the walk estimator (Reid et al., ICLR 2024, Sec. 3; the
 * second-moment condition of random-walk estimators of a Neumann series is
 * that of Hammersley & Handscomb, "Monte Carlo Methods", Methuen, 1964,
 * Ch. 7).
 *
 * The second moment of a walker's load after t steps is (B^t)_{i,j}, so the
 * estimator's variance is finite iff sum_k f[k]^2 rho(B)^k converges.
 * rho(B) is bounded by B's largest row sum and, when that bound does not
 * settle it, estimated by 100 shifted power iterations (Golub & Van Loan,
 * "Matrix Computations", 4th ed., Johns Hopkins, 2013, Sec. 7.3); the
 * decay rate of f from the last half of its support (a support shorter
 * than 8 terms counts as a polynomial: always finite).
 * @param[in]  U      square CSR with finite entries.
 * @param[in]  f      f_len modulation coefficients.
 * @param[in]  f_len  >= 1.
 * @param[in]  o      options, or NULL for the defaults.
 * @param[out] st     receives the findings (may be NULL).
 * @return KES_OK when growth < 1; KES_EVARIANCE when growth >= 1, with
 * st->suggested_p_halt the largest halting probability that brings growth
 * to 0.9 (rho(B) scales as 1/(1 - p_halt)), or 0 when none does (then use
 * KES_GRF_WEIGHTED or a smaller scale c); KES_EDOM when the kernel's own
 * series diverges (f_rate * rho(|U|) >= 1), which no estimator setting can
 * fix.  Errors otherwise as kes_grf_features.
 *
 * Cost O(nnz(U) + f_len), O(100 nnz(U)) when power iteration runs.
 * Thread-safe.
 */
KES_API kes_status kes_grf_variance_check(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                          kes_grf_stats *st);

/**
 * The n x n sparse feature matrix Phi with E[Phi] = sum_{k < f_len} f[k] U^k
 * (see the file description for the walks).  A node without stored entries
 * in U (isolated) gets the row f[0] e_i.  rng is advanced by exactly one
 * draw, from which source i gets its own stream (kes_rng_split_init), so Phi
 * is bit-identical for any thread count and consecutive calls give
 * independent ensembles (call twice for Phi1, Phi2).
 * @param[in]     U      square CSR with finite entries (any signs).
 * @param[in]     f      f_len >= 1 finite coefficients, zero beyond f_len.
 * @param[in]     f_len  number of coefficients.
 * @param[in]     o      options, or NULL for the defaults.
 * @param[in,out] rng    advanced by exactly one draw; untouched on error.
 * @param[out]    Phi    receives the new matrix (release with
 *                       kes_csr_destroy); untouched on error.
 * @return KES_OK; KES_EINVAL (NULL U/f/rng/Phi, walkers < 1, bad proposal,
 * max_len < 0), KES_EDIM (U not square, f_len < 1), KES_EBADDATA (broken
 * CSR), KES_ENAN (NaN/Inf in U or f), KES_EDOM (p_halt outside (0, 1), or a
 * divergent series, see kes_grf_variance_check), KES_EVARIANCE (infinite
 * variance, with check_variance on), KES_ERANGE (walkers above INT_MAX;
 * a memory estimate above 2^35 bytes (32 GiB), counted as 16 n + 24 m bytes
 * of workspace per thread plus 12 bytes per expected entry of Phi,
 * min(n, m / p_halt + 1) per row; or loads that overflowed), KES_ENOMEM.
 *
 * Cost O(n m / p_halt) steps and O(n m / p_halt) memory, m = walkers;
 * OpenMP over sources.  Thread-safe for distinct rng.
 */
KES_API kes_status kes_grf_features(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                    kes_rng *rng, kes_csr **Phi);

/**
 * kes_grf_features with statistics.
 * @param[in]     U      as kes_grf_features.
 * @param[in]     f      as kes_grf_features.
 * @param[in]     f_len  as kes_grf_features.
 * @param[in]     o      as kes_grf_features.
 * @param[in,out] rng    as kes_grf_features.
 * @param[out]    Phi    as kes_grf_features.
 * @param[out]    st     receives the statistics (may be NULL); on
 *                       KES_EVARIANCE it holds the suggested halting
 *                       probability.
 * @return as kes_grf_features.
 *
 * Cost and thread-safety as kes_grf_features.
 */
KES_API kes_status kes_grf_features_ex(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                       kes_rng *rng, kes_csr **Phi, kes_grf_stats *st);

/**
 * Rows [row_begin, row_end) of the Phi that kes_grf_features would build
 * from the same rng state, as a (row_end - row_begin) x n CSR, bit-identical
 * to those rows; rng is advanced by one draw as there.  This is the
 * building block of distributed construction (kestrel/graph_mpi.h).
 * @param[in]     U          as kes_grf_features.
 * @param[in]     f          as kes_grf_features.
 * @param[in]     f_len      as kes_grf_features.
 * @param[in]     o          as kes_grf_features.
 * @param[in,out] rng        as kes_grf_features.
 * @param[in]     row_begin  first row, 0 <= row_begin < row_end.
 * @param[in]     row_end    one past the last row, <= n.
 * @param[out]    Phi        receives the row block (release with
 *                           kes_csr_destroy); untouched on error.
 * @param[out]    st         statistics of the block (may be NULL).
 * @return as kes_grf_features, plus KES_EDIM for an empty or out-of-range
 * row range.
 *
 * Cost O((row_end - row_begin) m / p_halt) steps and memory.  Thread-safe
 * for distinct rng.
 */
KES_API kes_status kes_grf_features_rows(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                         kes_rng *rng, int64_t row_begin, int64_t row_end, kes_csr **Phi,
                                         kes_grf_stats *st);

/**
 * Kernel-vector product without forming K: y = scale Phi1 (Phi2^T x), or
 * with symmetrize y = scale/2 (Phi1 Phi2^T + Phi2 Phi1^T) x.
 * @param[in]     Phi1        n x ncols features.
 * @param[in]     Phi2        features of the same shape, or NULL for Phi1.
 * @param[in]     symmetrize  1 for the symmetrised product.
 * @param[in]     scale       factor applied to the product.
 * @param[in]     x           n entries (Phi's row count).
 * @param[out]    y           n entries; must not overlap x or work.
 * @param[in,out] work        NULL (allocated here) or ncols doubles of
 *                            scratch, not overlapping x or y.
 * @return KES_OK; KES_EINVAL (NULL; x, y and work overlapping: y is written
 * before the symmetrised pass reads x again, so the product cannot be
 * formed in place, and an overlapping call is refused rather than answered
 * wrongly), KES_EDIM (shapes differ), KES_EBADDATA (broken CSR structure
 * of Phi1 or Phi2, as kes_csr_validate checks: a hand-made Phi is
 * validated, O(nnz), before it is used; non-finite values are not refused
 * and propagate into y), KES_ENOMEM.
 *
 * Cost O(nnz(Phi1) + nnz(Phi2)).  Thread-safe for distinct y and work.
 */
KES_API kes_status kes_grf_kernel_matvec(const kes_csr *Phi1, const kes_csr *Phi2, int symmetrize, double scale,
                                         const double *x, double *y, double *work);

/**
 * Dense K = scale Phi1 Phi2^T (symmetrised as (K + K^T)/2 when symmetrize)
 * into an n x n kes_mat, for evaluation against an exact kernel.
 * @param[in]  Phi1        n x ncols features.
 * @param[in]  Phi2        features of the same shape, or NULL for Phi1.
 * @param[in]  symmetrize  1 for the symmetrised matrix.
 * @param[in]  scale       factor applied to the product.
 * @param[out] K           n x n result.
 * @return KES_OK; KES_EINVAL (NULL, bad view), KES_EDIM (shapes differ, K
 * not n x n), KES_EBADDATA (broken CSR structure of Phi1 or Phi2, checked
 * as in kes_grf_kernel_matvec), KES_ENOMEM.
 *
 * Cost O(n * nnz(Phi1) + n^2), through one row of Phi2 at a time scattered
 * to a dense buffer of ncols doubles per thread; OpenMP over columns of K.
 * Thread-safe for distinct K.
 */
KES_API kes_status kes_grf_kernel_dense(const kes_csr *Phi1, const kes_csr *Phi2, int symmetrize, double scale,
                                        kes_mat K);

/** The ridge operator K^[T,T] + lambda I of kes_grf_krr as an object:
 * opaque, made by kes_grf_op_create, released by kes_grf_op_destroy, viewed
 * as a kes_linop by kes_linop_grf. */
typedef struct kes_grf_op kes_grf_op;

/**
 * Make the operator A = K^[T,T] + lambda I of kernel ridge regression, with
 * K^ = scale Phi1 Phi1^T (Phi2 NULL) or K^ = scale (Phi1 Phi1^T + Phi2 Phi2^T)/2.
 * The mean over two independent ensembles is positive semi-definite, so A
 * is SPD for lambda > 0 and conjugate gradients applies; the cross form
 * (Phi1 Phi2^T + Phi2 Phi1^T)/2 can be indefinite and is not offered.
 * The operator keeps pointers to Phi1 and Phi2 (they must outlive it,
 * unchanged) and copies train.
 * @param[in]  Phi1    n x ncols features.
 * @param[in]  Phi2    features of the same shape, or NULL.
 * @param[in]  scale   kernel scale, finite and > 0.
 * @param[in]  train   ntrain node indices in [0, n), or NULL for all n nodes.
 * @param[in]  ntrain  >= 1 (ignored when train is NULL).
 * @param[in]  lambda  ridge, finite and >= 0.
 * @param[out] out     receives the operator; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL Phi1 or out), KES_EDIM (shapes differ,
 * index out of range, ntrain < 1), KES_EDOM (scale <= 0, lambda < 0, either
 * not finite), KES_ENOMEM.
 *
 * Cost O(ntrain); memory O(ntrain + ncols); each apply O(nnz(Phi rows of
 * T)), with a result independent of the thread count.  The operator holds a
 * workspace: one operator serves one solve at a time.
 */
KES_API kes_status kes_grf_op_create(const kes_csr *Phi1, const kes_csr *Phi2, double scale, const int64_t *train,
                                     int64_t ntrain, double lambda, kes_grf_op **out);

/** Free; NULL is a no-op. */
KES_API void kes_grf_op_destroy(kes_grf_op *g);

/**
 * View g as a kes_linop of size |T| for kes_pcg_solve (op->ctx = g, so g
 * must outlive op).
 * @return KES_OK; KES_EINVAL (NULL).  Cost O(1).
 */
KES_API kes_status kes_linop_grf(kes_grf_op *g, kes_linop *op);

/**
 * Kernel ridge regression (Saunders, Gammerman & Vovk, "Ridge regression
 * learning algorithm in dual variables", ICML 1998) through features, never
 * forming K: solve (K^[T,T] + lambda I) a = y on the training nodes
 * T = train[0..ntrain) by conjugate gradients (kes_pcg_solve over the
 * kes_grf_op operator, from a = 0) and predict pred = K^[:,T] a for all n
 * nodes, with K^ as in kes_grf_op_create (off-diagonal entries are
 * unbiased, the diagonal carries an O(1/m) positive bias that acts as extra
 * ridge).  CG stops when the true residual satisfies
 * ||y - A a|| <= tol ||y||, or after maxit iterations.
 * @param[in]  Phi1    n x ncols features.
 * @param[in]  Phi2    features of the same shape, or NULL.
 * @param[in]  scale   kernel scale, finite and > 0.
 * @param[in]  train   ntrain training node indices in [0, n).
 * @param[in]  ntrain  >= 1.
 * @param[in]  y       ntrain targets.
 * @param[in]  lambda  ridge, finite and > 0.
 * @param[in]  tol     relative residual tolerance (1e-10 if <= 0); a NaN or
 *                     infinite tol is refused (KES_EDOM) rather than run to
 *                     the cap.
 * @param[in]  maxit   iteration limit (1000 if <= 0).
 * @param[out] pred    n predictions.
 * @param[out] iters   receives the iteration count (may be NULL).
 * @return KES_OK; KES_NOCONV when the limit is hit (pred and *iters still
 * written); KES_EINVAL (NULL), KES_EDIM (index out of range, ntrain < 1,
 * shapes differ), KES_EDOM (lambda <= 0, scale <= 0, or lambda, scale or tol
 * not finite), KES_ENAN (non-finite y), KES_ENOMEM.  On error pred and
 * *iters are untouched.
 *
 * Cost per iteration O(nnz(Phi rows of T)); memory O(ntrain + ncols).
 * Result independent of the thread count.  Thread-safe for distinct pred.
 */
KES_API kes_status kes_grf_krr(const kes_csr *Phi1, const kes_csr *Phi2, double scale, const int64_t *train,
                               int64_t ntrain, const double *y, double lambda, double tol, int64_t maxit,
                               double *pred, int64_t *iters);

/**
 * Linear-solver byproduct (Choromanski, ICML 2023; the random-walk solution
 * of linear systems goes back to Forsythe & Leibler, "Matrix inversion by a
 * Monte Carlo method", Math. Tables Aids Comput., 1950): for (I - U) x = b
 * with rho(U) < 1, x ~ Phi b where Phi is built with f = 1 (walks up to
 * max(64, 40 / p_halt) steps unless o->max_len is set).  Unbiased up to
 * that truncation.
 * @param[in]     U    square CSR with finite entries, rho(U) < 1.
 * @param[in]     o    options, or NULL for the defaults.
 * @param[in,out] rng  advanced by one draw.
 * @param[in]     b    n entries.
 * @param[out]    x    n entries.
 * @return KES_OK; errors as kes_grf_features, plus KES_ENAN for a
 * non-finite b.
 *
 * Cost O(n m / p_halt) steps, m = walkers; memory that of Phi.  Thread-safe
 * for distinct rng.
 */
KES_API kes_status kes_grf_solve(const kes_csr *U, const kes_grf_opts *o, kes_rng *rng, const double *b, double *x);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_GRAPH_H */
