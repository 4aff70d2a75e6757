/**
 * @file kestrel/pde.h
 * @brief The PDE layer: Fourier spectral solvers on periodic boxes
 * (Poisson, screened Poisson, Helmholtz, heat, derivatives, dealiasing),
 * the ETDRK4 exponential integrator and an IMEX Runge-Kutta scheme (real
 * and complex fields), Chebyshev collocation and transforms, and
 * finite-difference operators (Laplacians, variable-coefficient diffusion,
 * time-step matrices) with fast direct Poisson solvers.
 *
 * Conventions shared by every function here:
 *  - Grid arrays are first-index-fastest (Octave/MATLAB order): on an
 *    n[0] x n[1] x n[2] grid, point (i0, i1, i2) is element
 *    i0 + n[0] * (i1 + n[1] * i2).  Periodic grids hold the points
 *    x_j = j * length / n, j = 0 .. n-1, of [0, length).
 *  - FFT-based solvers are plans, as in FFTW (Frigo & Johnson, "The design
 *    and implementation of FFTW3", Proc. IEEE 93(2), 2005): _create plans
 *    the transforms and allocates every buffer, _solve / _apply / _step
 *    allocate nothing themselves, _destroy releases.  FFTW's execute may
 *    still allocate temporary buffers inside some of its algorithms (large
 *    prime factors, buffered multi-dimensional plans); power-of-two grids
 *    planned with KES_FFT_ESTIMATE execute without any allocation.  FFTW's planner is not thread-safe,
 *    so Kestrel serialises every FFTW planning and plan-destroying call
 *    behind one library-internal lock: plans may be created and destroyed
 *    from any thread.  A plan object holds its own scratch buffers, so one
 *    object must not be used by two threads at the same time; distinct
 *    objects may be used concurrently without locking.
 *  - The 1/N normalisation of the unnormalised FFTW transforms is folded
 *    into the precomputed multipliers.
 *  - Sizes: zero or negative sizes give KES_EDIM, a dimension count outside
 *    1..3 gives KES_EDIM, sizes whose product or whose transform length does
 *    not fit (FFTW takes int lengths) give KES_ERANGE.  Non-finite input
 *    data give KES_ENAN; non-positive or non-finite lengths and coefficients
 *    outside their domain give KES_EDOM.  Outputs are untouched on error
 *    unless a function says otherwise.
 *
 * References: L. N. Trefethen, "Spectral Methods in MATLAB", SIAM 2000;
 * A.-K. Kassam and L. N. Trefethen, "Fourth-order time-stepping for stiff
 * PDEs", SIAM J. Sci. Comput. 26(4):1214-1233, 2005; J. P. Boyd, "Chebyshev
 * and Fourier Spectral Methods", 2nd ed., Dover 2001; R. E. Lynch, J. R.
 * Rice and D. H. Thomas, "Direct solution of partial difference equations
 * by tensor product methods", Numer. Math. 6:185-199, 1964; U. M. Ascher,
 * S. J. Ruuth and R. J. Spiteri, "Implicit-explicit Runge-Kutta methods for
 * time-dependent partial differential equations", Appl. Numer. Math.
 * 25:151-167, 1997; R. J. LeVeque, "Finite Difference Methods for Ordinary
 * and Partial Differential Equations", SIAM 2007.
 */
#ifndef KESTREL_PDE_H
#define KESTREL_PDE_H

#include <stdint.h>

#include "kestrel/core.h"
#include "kestrel/linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ============================================================ Fourier */

/** FFTW planning effort (FFTW_ESTIMATE, FFTW_MEASURE, FFTW_PATIENT).
 * ESTIMATE plans in microseconds; MEASURE and PATIENT time candidate
 * algorithms at create (milliseconds to seconds) for faster solves. */
typedef enum kes_fft_effort {
    KES_FFT_ESTIMATE = 0, /**< heuristic plan, no timing (the default) */
    KES_FFT_MEASURE = 1,  /**< time a set of candidate plans */
    KES_FFT_PATIENT = 2   /**< time a larger set of candidate plans */
} kes_fft_effort;

/** A periodic (screened) Poisson solver on a 1-, 2- or 3-D box (opaque plan). */
typedef struct kes_fourier_poisson kes_fourier_poisson;

/** Options of kes_fourier_poisson_from_opts. */
typedef struct kes_fourier_poisson_opts {
    double screening;      /**< s >= 0: solve -lap u + s u = f; 0 (default) is Poisson with the mean removed */
    kes_fft_effort effort; /**< FFTW planning effort, KES_FFT_ESTIMATE by default */
} kes_fourier_poisson_opts;

/** Default options: screening 0 (plain Poisson), KES_FFT_ESTIMATE.
 * Never fails.  Thread-safe. */
KES_API kes_fourier_poisson_opts kes_fourier_poisson_opts_default(void);

/**
 * Plan a spectral Poisson solver for -lap(u) = f - mean(f) on the periodic
 * box [0, length[0]) x ... x [0, length[dim-1]) with n[d] points along axis d.
 *
 * Plans one real-to-complex and one complex-to-real FFTW transform
 * (FFTW_ESTIMATE) and precomputes the symbol 1 / (N |k|^2) of the inverse
 * Laplacian, N = n[0] ... n[dim-1].  Spectral accuracy: for smooth periodic
 * f the error falls faster than any power of 1/n (Trefethen 2000, ch. 3).
 *
 * @param dim     number of axes, 1 .. 3
 * @param n       dim grid sizes, each >= 1 (any size; FFTW is fastest on
 *                products of small primes)
 * @param length  dim box lengths, each finite and > 0
 * @param p       receives the plan; release with kes_fourier_poisson_destroy
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_EDIM (dim outside 1..3,
 *         a size < 1); KES_ERANGE (a size beyond INT32_MAX or a total
 *         that overflows memory sizes); KES_EDOM (a length not finite and
 *         > 0); KES_ENOMEM (allocation or FFTW planning failed).
 * Cost: O(N) memory (one real and one half-spectrum complex array plus the
 * symbol), planning time of FFTW_ESTIMATE.  Thread-safety: may be called
 * from any thread (planning is serialised inside the library).
 */
KES_API kes_status kes_fourier_poisson_create(int dim, const int64_t *n, const double *length,
                                              kes_fourier_poisson **p);

/**
 * kes_fourier_poisson_create with options: a screening constant s > 0 plans
 * -lap(u) + s u = f (no mean is removed; the symbol is 1 / (N (|k|^2 + s))),
 * and the FFTW planning effort is chosen.
 *
 * @param dim, n, length, p  as kes_fourier_poisson_create
 * @param opts    NULL for the defaults
 * @return as kes_fourier_poisson_create; KES_EDOM (screening negative or
 *         not finite); KES_EINVAL (effort not a kes_fft_effort value).
 * Cost: as kes_fourier_poisson_create plus the FFTW planning time of the
 * effort.  Thread-safety: as kes_fourier_poisson_create.
 */
KES_API kes_status kes_fourier_poisson_from_opts(int dim, const int64_t *n, const double *length,
                                                 const kes_fourier_poisson_opts *opts, kes_fourier_poisson **p);

/**
 * Solve -lap(u) = f - mean(f) (zero-mean u), or -lap(u) + s u = f for a
 * screened plan, on the planned grid.
 *
 * @param p  the plan
 * @param f  N right-hand-side values, first-index-fastest
 * @param u  N outputs; may be the same array as f
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_ENAN (f has a NaN or Inf;
 *         u untouched).
 * Cost: one r2c and one c2r FFT, O(N log N); no allocation by Kestrel
 * (see the notes above on FFTW).
 * Thread-safety: uses the plan's scratch buffers, so one plan must not be
 * used by two threads at once; distinct plans may run concurrently.
 */
KES_API kes_status kes_fourier_poisson_solve(kes_fourier_poisson *p, const double *f, double *u);

/**
 * Apply the periodic heat propagator exactly in time:
 * u = exp(nu t lap) u0, i.e. the solution at time t of u_t = nu lap(u) on
 * the planned box, each Fourier mode multiplied by exp(-nu |k|^2 t)
 * (Trefethen 2000, ch. 10).  The plan's screening constant is not used.
 *
 * @param p   a plan from kes_fourier_poisson_create or _from_opts
 * @param nu  diffusivity, finite and >= 0
 * @param t   time, finite and >= 0
 * @param u0  N initial values, first-index-fastest
 * @param u   N outputs; may be the same array as u0
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_EDOM (nu or t negative or
 *         not finite); KES_ENAN (u0 not finite; u untouched).
 * Cost: two FFTs and N exponentials; no allocation by Kestrel.  Thread-safety: as
 * kes_fourier_poisson_solve.
 */
KES_API kes_status kes_fourier_poisson_heat(kes_fourier_poisson *p, double nu, double t, const double *u0, double *u);

/** Release a plan; NULL is a no-op.  Thread-safety: may be called from any
 * thread, not concurrently with a solve on the same plan. */
KES_API void kes_fourier_poisson_destroy(kes_fourier_poisson *p);

/** A spectral derivative of a periodic 1-D field (opaque plan). */
typedef struct kes_fourier_diff kes_fourier_diff;

/**
 * Plan the order-m spectral derivative d^m f / dx^m of a field sampled at
 * x_j = j length / n, j = 0 .. n-1 (Trefethen 2000, ch. 3, program p5).
 * For odd m and even n the Nyquist mode is set to zero, so the derivative
 * of a real field is real and the operator is the one of the band-limited
 * interpolant.
 *
 * @param n       points, >= 1
 * @param length  period, finite and > 0
 * @param order   derivative order m, 1 .. 8
 * @param d       receives the plan; release with kes_fourier_diff_destroy
 * @return KES_OK; KES_EINVAL (NULL d); KES_EDIM (n < 1); KES_ERANGE (n
 *         beyond INT32_MAX, or a symbol (2 pi j / length)^order, j <= n/2,
 *         that overflows, e.g. length 1e-300); KES_EDOM (length not finite
 *         and > 0, order outside 1..8); KES_ENOMEM.
 * Cost: O(n) memory, FFTW_ESTIMATE planning.  Thread-safety: as
 * kes_fourier_poisson_create.
 */
KES_API kes_status kes_fourier_diff_create(int64_t n, double length, int order, kes_fourier_diff **d);

/**
 * df = d^m f / dx^m on the planned grid.
 * @param d   the plan
 * @param f   n samples
 * @param df  n outputs; may be the same array as f
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_ENAN (f not finite; df
 *         untouched).
 * Cost: two FFTs of length n; no allocation by Kestrel.  Thread-safety: as
 * kes_fourier_poisson_solve.
 */
KES_API kes_status kes_fourier_diff_apply(kes_fourier_diff *d, const double *f, double *df);

/** Release a derivative plan; NULL is a no-op.  Thread-safety: as
 * kes_fourier_poisson_destroy. */
KES_API void kes_fourier_diff_destroy(kes_fourier_diff *d);

/* ============================================================= ETDRK4 */

/** A fourth-order exponential time-differencing Runge-Kutta integrator
 * (ETDRK4) for a periodic 1-D real field (opaque plan). */
typedef struct kes_etdrk4 kes_etdrk4;

/**
 * The pointwise part g of the nonlinear term: given the field u at the n
 * grid points, write g(u) (n values).  Return KES_OK or an error status,
 * which stops the integration and is returned by kes_etdrk4_step.  u and g
 * never overlap.
 */
typedef kes_status (*kes_etdrk4_fn)(void *ctx, int64_t n, const double *u, double *g);

/**
 * Plan ETDRK4 (Cox & Matthews, J. Comput. Phys. 176:430-455, 2002, in the
 * form of Kassam & Trefethen 2005) for u_t = L u + N(u) on the periodic
 * grid x_j = j length / n, with L diagonal in Fourier space and
 * N(u)^ = G(k) * (g(u))^, g pointwise (kes_etdrk4_fn) and G a diagonal
 * multiplier.  Examples, with k = 2 pi j / length:
 * Allen-Cahn u_t = eps u_xx + u - u^3: L = -eps k^2, G = 1, g = u - u^3;
 * KdV u_t + u u_x + u_xxx = 0: L = i k^3, G = -i k / 2, g = u^2.
 *
 * L and G are given on the n/2 + 1 non-negative modes j = 0 .. n/2 of the
 * real-to-complex transform, interleaved (re, im): L[2j], L[2j+1].  Complex
 * L is supported: the phi-function coefficients E, E2, Q, f1, f2, f3 are
 * contour means over the full circle of radius 1 around h L with 64 points
 * and keep their imaginary parts (the half-circle, real-part recipe of
 * Kassam & Trefethen is valid for real L only).  For even n the transform
 * keeps only the real part of the Nyquist mode j = n/2; for odd-derivative
 * symbols set k = 0 there (Trefethen 2000, ch. 3).  A quadratic
 * nonlinearity is dealiased by the 2/3 rule by setting G = 0 on the modes
 * with 3 j >= n (as kes_fourier_poisson_dealias filters).
 *
 * @param n  grid points, >= 2
 * @param L  2 (n/2 + 1) values, finite
 * @param G  2 (n/2 + 1) values, finite; NULL means G = 1
 * @param h  time step, finite and > 0
 * @param s  receives the plan; release with kes_etdrk4_destroy
 * @return KES_OK; KES_EINVAL (NULL L or s); KES_EDIM (n < 2); KES_ERANGE
 *         (n beyond INT32_MAX); KES_EDOM (h not finite and > 0); KES_ENAN
 *         (L or G not finite, or a coefficient overflows, e.g. h L with a
 *         large positive real part).
 * Cost: 64 (n/2 + 1) complex exponentials, O(n) memory, FFTW_ESTIMATE
 * planning.  Thread-safety: as kes_fourier_poisson_create.
 */
KES_API kes_status kes_etdrk4_create(int64_t n, const double *L, const double *G, double h, kes_etdrk4 **s);

/**
 * Advance u by nsteps steps of size h.
 *
 * Each step costs 4 calls of g, 4 forward and 4 inverse FFTs of length n.
 * After every step the spectral state is checked; a step that produces a
 * NaN or Inf stops the run: u holds the field after the last finite step,
 * *done the number of steps completed, and the status is KES_EDIVERGE.
 *
 * @param s       the plan
 * @param g       the pointwise nonlinearity
 * @param ctx     passed to g unchanged
 * @param u       n values: the field at the start on entry, at the end on
 *                exit (partial on KES_EDIVERGE or an error from g: the last
 *                completed step)
 * @param nsteps  steps to take, >= 0
 * @param done    receives the number of completed steps; may be NULL
 * @return KES_OK; KES_EINVAL (NULL s, g or u); KES_EDIM (nsteps < 0);
 *         KES_ENAN (u not finite on entry; nothing done); KES_EDIVERGE (see
 *         above); any error returned by g.
 * Cost: O(nsteps n log n); no allocation by Kestrel.  Thread-safety: as
 * kes_fourier_poisson_solve.
 */
KES_API kes_status kes_etdrk4_step(kes_etdrk4 *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps,
                                   int64_t *done);

/** Release an ETDRK4 plan; NULL is a no-op.  Thread-safety: as
 * kes_fourier_poisson_destroy. */
KES_API void kes_etdrk4_destroy(kes_etdrk4 *s);

/* ========================================================== Chebyshev */

/**
 * The n + 1 Chebyshev-Lobatto points x_j = cos(j pi / n), j = 0 .. n, of
 * [-1, 1], in descending order as in Trefethen's cheb.m; computed as
 * sin(pi (n - 2j) / (2n)) so that they are exactly antisymmetric.
 * @param n  degree, >= 1
 * @param x  n + 1 outputs
 * @return KES_OK; KES_EINVAL (x NULL); KES_EDIM (n < 1); KES_ERANGE (n
 *         beyond INT32_MAX).  Cost O(n).  Thread-safe.
 */
KES_API kes_status kes_cheb_points(int64_t n, double *x);

/**
 * The (n+1) x (n+1) Chebyshev differentiation matrix on the points of
 * kes_cheb_points (Trefethen 2000, ch. 6, cheb.m): off-diagonal entries by
 * the closed form, diagonal entries by the negative sum of the row, which
 * makes D annihilate constants to rounding.
 * @param n  degree, >= 1
 * @param D  output view, (n+1) x (n+1)
 * @return KES_OK; KES_EINVAL (bad view); KES_EDIM (n < 1 or D not (n+1)
 *         square); KES_ERANGE (n beyond INT32_MAX).  Cost O(n^2).
 *         Thread-safe.
 */
KES_API kes_status kes_cheb_diffmat(int64_t n, kes_mat D);

/**
 * Clenshaw-Curtis quadrature weights on the points of kes_cheb_points:
 * sum_j w_j f(x_j) integrates f over [-1, 1], exactly for polynomials of
 * degree <= n (Trefethen 2000, ch. 12, clencurt.m).
 * @param n  degree, >= 1
 * @param w  n + 1 outputs
 * @return as kes_cheb_points.  Cost O(n^2).  Thread-safe.
 */
KES_API kes_status kes_cheb_weights(int64_t n, double *w);

/**
 * Evaluate the degree-n polynomial interpolant of values f at the points of
 * kes_cheb_points mapped to [a, b] at m points xi, by the barycentric
 * formula with weights (-1)^j (halved at the ends) (Berrut & Trefethen,
 * SIAM Review 46:501-517, 2004), which is stable for any n.
 * @param n      degree, >= 1
 * @param a, b   interval ends, finite, a < b
 * @param f      n + 1 values at x_j = (a + b)/2 + (b - a)/2 cos(j pi / n)
 * @param m      number of evaluation points, >= 0
 * @param xi     m points (outside [a, b] the polynomial is extrapolated)
 * @param fi     m outputs
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_EDIM (n < 1, m < 0);
 *         KES_EDOM (a, b not finite or a >= b); KES_ENAN (f or xi not
 *         finite).  Cost O(n m).  Thread-safe.
 */
KES_API kes_status kes_cheb_interp(int64_t n, double a, double b, const double *f, int64_t m, const double *xi,
                                   double *fi);

/** A boundary condition alpha u + beta u' = gamma at one end of an interval. */
typedef struct kes_cheb_bc {
    double alpha; /**< coefficient of u */
    double beta;  /**< coefficient of u' (0 for a Dirichlet condition) */
    double gamma; /**< right-hand side */
} kes_cheb_bc;

/**
 * Solve the linear two-point boundary value problem
 * p2(x) u'' + p1(x) u' + p0(x) u = f(x) on [a, b] with
 * alpha_l u(a) + beta_l u'(a) = gamma_l and alpha_r u(b) + beta_r u'(b) =
 * gamma_r by Chebyshev collocation at the n + 1 points
 * x_j = (a + b)/2 + (b - a)/2 cos(j pi / n) (descending: x_0 = b, x_n = a).
 *
 * Dirichlet at both ends (beta_l = beta_r = 0): the boundary values are
 * eliminated and the (n-1) x (n-1) interior system is solved, as in
 * Trefethen's p13.  Otherwise the first and last collocation rows are
 * replaced by the boundary rows (Trefethen 2000, ch. 7, p33).  Dense LU
 * with partial pivoting (LAPACK dgesv).  For smooth data the error falls
 * geometrically in n until the O(n^2 eps) rounding plateau of D^2.
 *
 * @param n      degree, 2 .. 8192
 * @param a, b   interval, finite, a < b
 * @param p2, p1, p0  n + 1 coefficient values at the points; NULL means
 *               p2 = 1, p1 = 0, p0 = 0 respectively
 * @param f      n + 1 right-hand-side values at the points
 * @param left   condition at x = a
 * @param right  condition at x = b
 * @param u      n + 1 outputs: the solution at the points
 * @return KES_OK; KES_EINVAL (NULL f or u); KES_EDIM (n < 2); KES_ERANGE
 *         (n > 8192, or finite data whose scaled collocation system or
 *         solution overflows, e.g. b - a = 1e-300; u untouched); KES_EDOM (a, b not finite, a >= b, or a condition
 *         with alpha = beta = 0); KES_ENAN (non-finite data);
 *         KES_ESINGULAR (the collocation matrix is singular);
 *         KES_ENOMEM.
 * Cost: O(n^3) flops, O(n^2) memory allocated and freed in the call.
 * Thread-safe (no shared state; the BLAS may use its own threads).
 */
KES_API kes_status kes_cheb_bvp_solve(int64_t n, double a, double b, const double *p2, const double *p1,
                                      const double *p0, const double *f, kes_cheb_bc left, kes_cheb_bc right,
                                      double *u);

/** A 2-D Chebyshev Helmholtz solver with homogeneous Dirichlet conditions
 * (opaque plan). */
typedef struct kes_cheb_helmholtz kes_cheb_helmholtz;

/**
 * Plan the solve of u_xx + u_yy + k2 u = f on [-1, 1]^2 with u = 0 on the
 * boundary, by collocation on the (n+1) x (n+1) Chebyshev-Lobatto tensor
 * grid and fast diagonalisation (Lynch, Rice & Thomas 1964): the interior
 * second-derivative matrix is factored once, D2 = V diag(lambda) V^-1, and
 * each solve is four (n-1)-square matrix products and a division by
 * lambda_i + lambda_j + k2.  The eigenvectors cost about one digit against
 * a dense Kronecker solve.
 *
 * @param n   degree per axis, 2 .. 4096
 * @param k2  the constant k^2, finite (any sign; negative is the screened
 *            operator)
 * @param h   receives the plan; release with kes_cheb_helmholtz_destroy
 * @return KES_OK; KES_EINVAL (h NULL); KES_EDIM (n < 2); KES_ERANGE
 *         (n > 4096); KES_EDOM (k2 not finite); KES_ESINGULAR (some
 *         lambda_i + lambda_j + k2 vanishes to within 1e-10 of the largest
 *         |lambda|, i.e. k2 is an eigenvalue of the discrete Laplacian, or
 *         the eigenvector matrix is singular); KES_ENOTSUP (LAPACK's
 *         eigensolver failed or returned complex eigenvalues, which the
 *         Chebyshev D2 does not have in exact arithmetic); KES_ENOMEM.
 * Cost: O(n^3) at create (LAPACK dgeev and an inverse), O(n^2) memory.
 * Thread-safety: create may be called from any thread.
 */
KES_API kes_status kes_cheb_helmholtz_create(int64_t n, double k2, kes_cheb_helmholtz **h);

/**
 * Solve on the planned grid.  Point (i, j), x_i = cos(i pi / n),
 * y_j = cos(j pi / n), is element i + (n+1) j.
 * @param h  the plan
 * @param f  (n+1)^2 values; only interior points are read
 * @param u  (n+1)^2 outputs, zero on the boundary; may be the same array as f
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_ENAN (f not finite at an
 *         interior point; u untouched).
 * Cost: 4 (n-1)^3 multiply-adds (BLAS dgemm); no allocation by Kestrel.
 * Thread-safety: uses the plan's workspace: one plan, one thread at a time.
 */
KES_API kes_status kes_cheb_helmholtz_solve(kes_cheb_helmholtz *h, const double *f, double *u);

/** Release a Helmholtz plan; NULL is a no-op.  Thread-safety: not
 * concurrently with a solve on the same plan. */
KES_API void kes_cheb_helmholtz_destroy(kes_cheb_helmholtz *h);

/* ================================================== finite differences */

/**
 * Assemble the negative Dirichlet Laplacian -lap_h on the interior points of
 * a box as a CSR matrix: the 3-point (dim 1), 5-point (dim 2) or 7-point
 * (dim 3) stencil, scaled by 1/h_d^2 along axis d, so the matrix is
 * symmetric positive definite.  Unknowns are numbered first-index-fastest;
 * the boundary values are zero (eliminated).  Rows have ascending columns.
 *
 * @param dim  1 .. 3
 * @param n    dim interior point counts, each >= 1
 * @param h    dim grid spacings, each finite and > 0
 * @param A    receives the matrix (N = n[0] ... n[dim-1] rows); release
 *             with kes_csr_destroy
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_EDIM (dim outside 1..3,
 *         a count < 1); KES_ERANGE (N beyond INT32_MAX, or a 1/h_d^2
 *         that overflows or underflows to 0, e.g. h_d = 1e-300 or 1e300);
 *         KES_EDOM (a spacing not finite and > 0); KES_ENOMEM.
 * Cost: O(N) time and memory.  Thread-safe.
 */
KES_API kes_status kes_fd_laplacian(int dim, const int64_t *n, const double *h, kes_csr **A);

/** A fast direct solver for the 5-point Dirichlet Laplacian (opaque plan). */
typedef struct kes_fd_poisson kes_fd_poisson;

/**
 * Plan the exact solve of A u = f with A = -lap_h the 5-point matrix of
 * kes_fd_laplacian(2, n, h) by the discrete sine transform (DST-I, FFTW's
 * RODFT00) along both axes, each computed as a batched real FFT of length
 * 2(n_d + 1) of the odd extension in buffers owned by the plan (fastest,
 * and free of allocation, when n_d + 1 has only small prime factors, e.g.
 * n_d = 2^k - 1).  A is diagonalised by the sine basis with
 * eigenvalues (2 - 2 cos(pi p / (n0+1))) / h0^2 + (2 - 2 cos(pi q /
 * (n1+1))) / h1^2 (Buzbee, Golub & Nielson, SIAM J. Numer. Anal. 7:627-656,
 * 1970).
 *
 * @param n  2 interior point counts, each >= 1
 * @param h  2 spacings, finite and > 0
 * @param p  receives the plan; release with kes_fd_poisson_destroy
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_EDIM (a count < 1);
 *         KES_ERANGE (a count beyond INT32_MAX / 2 - 1, or N = n0 n1 beyond INT32_MAX); KES_EDOM
 *         (a spacing not finite and > 0); KES_ENOMEM.
 * Cost: about 8 N doubles of memory, FFTW_ESTIMATE planning.
 * Thread-safety: as kes_fourier_poisson_create.
 */
KES_API kes_status kes_fd_poisson_create(const int64_t *n, const double *h, kes_fd_poisson **p);

/**
 * u = A^-1 f for the planned 5-point matrix.
 * @param p  the plan
 * @param f  N = n0 n1 values, first-index-fastest
 * @param u  N outputs; may be the same array as f
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_ENAN (f not finite; u
 *         untouched).
 * Cost: two 2-D DST-I (four batched real FFTs of lengths 2(n_d + 1)),
 * O(N log N); no allocation by Kestrel.  Thread-safety: one plan, one
 * thread at a time.
 */
KES_API kes_status kes_fd_poisson_solve(kes_fd_poisson *p, const double *f, double *u);

/** Release a DST Poisson plan; NULL is a no-op.  Thread-safety: as
 * kes_fourier_poisson_destroy. */
KES_API void kes_fd_poisson_destroy(kes_fd_poisson *p);

/**
 * View the planned inverse y = A^-1 x of the 5-point matrix as a kes_linop
 * of size N = n0 n1, for kes_pcg_solve: an exact solver for the constant
 * coefficient problem and a spectrally equivalent preconditioner for
 * variable-coefficient or screened 5-point operators on the same grid.
 *
 * op views p (no copy): p must outlive op.  Each apply is
 * kes_fd_poisson_solve (its KES_ENAN stops a solver).
 * @param p   the plan
 * @param op  receives the operator
 * @return KES_OK; KES_EINVAL (NULL p or op; *op untouched).
 * Cost O(1); each apply O(N log N), no allocation.  Thread-safety: the
 * apply uses the plan's workspace, so the operator must not be applied by
 * two threads at once (Kestrel's solvers apply it from one thread).
 */
KES_API kes_status kes_linop_fd_poisson(kes_fd_poisson *p, kes_linop *op);

/* ============================================ additions: Fourier, FFTW */

/** FFTW settings of a plan made by kes_fourier_poisson_from_wavenumber. */
typedef struct kes_fft_opts {
    kes_fft_effort effort; /**< planning effort, KES_FFT_ESTIMATE by default */
    int64_t nthreads;      /**< threads of FFTW's own pthreads back end used by
                                each transform, 1 .. 1024; 1 (default) plans
                                single-threaded transforms */
} kes_fft_opts;

/** Default FFTW settings: KES_FFT_ESTIMATE, 1 thread.  Never fails.
 * Thread-safe. */
KES_API kes_fft_opts kes_fft_opts_default(void);

/**
 * Plan a periodic Helmholtz, Poisson or screened Poisson solver
 * -lap(u) - k2 u = f on the box of kes_fourier_poisson_create:
 *  - k2 > 0: Helmholtz; each mode is divided by |k|^2 - k2, and k2 must not
 *    be an eigenvalue |k|^2 = sum_d (2 pi j_d / length_d)^2 of -lap on the
 *    grid (the problem then has no unique solution);
 *  - k2 = 0: Poisson with the mean of f removed and zero-mean u, exactly as
 *    kes_fourier_poisson_create;
 *  - k2 < 0: screened Poisson with screening -k2, as the screening option.
 * The plan is a kes_fourier_poisson: solve, heat, dealias and destroy apply.
 *
 * With fft->nthreads > 1 the transforms are planned with FFTW's threads
 * (fftw_plan_with_nthreads, under the library's planner lock, reset to 1
 * afterwards so that no other plan is affected).  The worker threads are
 * FFTW's; a threaded plan may split its loops differently from the
 * single-threaded one, so results may differ from it in the last bits.
 *
 * @param dim, n, length  as kes_fourier_poisson_create
 * @param k2     the constant k^2, finite
 * @param fft    FFTW settings; NULL for kes_fft_opts_default()
 * @param p      receives the plan; release with kes_fourier_poisson_destroy
 * @return as kes_fourier_poisson_create; KES_EDOM (k2 not finite);
 *         KES_EINVAL (effort not a kes_fft_effort value, nthreads outside
 *         1..1024); KES_ESINGULAR (k2 > 0 within a relative 1e-10 of some
 *         |k|^2: *p untouched); KES_ENOMEM (allocation, FFTW planning or
 *         FFTW's thread set-up failed).
 * Cost: as kes_fourier_poisson_create plus the effort's planning time.
 * Thread-safety: may be called from any thread.
 */
KES_API kes_status kes_fourier_poisson_from_wavenumber(int dim, const int64_t *n, const double *length, double k2,
                                                       const kes_fft_opts *fft, kes_fourier_poisson **p);

/**
 * Apply the 2/3 dealiasing filter of Orszag (J. Atmos. Sci. 28:1074, 1971)
 * on the planned grid: every Fourier mode with 3 |j_d| >= n_d along some
 * axis d (j_d the signed wavenumber index) is set to zero, the others are
 * kept.  A quadratic product of two filtered fields then has no aliased
 * component on the kept modes (Boyd 2001, ch. 11).  The Nyquist mode of an
 * even axis is always removed.
 *
 * @param p  a plan of kes_fourier_poisson_create / _from_opts /
 *           _from_wavenumber
 * @param f  N values, first-index-fastest
 * @param u  N outputs; may be the same array as f
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_ENAN (f not finite; u
 *         untouched).
 * Cost: two FFTs; no allocation by Kestrel.  Thread-safety: as
 * kes_fourier_poisson_solve.
 */
KES_API kes_status kes_fourier_poisson_dealias(kes_fourier_poisson *p, const double *f, double *u);

/**
 * Add the FFTW wisdom stored in a file (written by kes_fft_wisdom_export or
 * fftw_export_wisdom_to_filename) to the process's wisdom, so that later
 * KES_FFT_MEASURE / KES_FFT_PATIENT plans of the same sizes are made
 * without timing.  Serialised with every FFTW planning call of Kestrel.
 * @param path  file name
 * @return KES_OK; KES_EINVAL (NULL path); KES_EIO (the file could not be
 *         read or is not FFTW wisdom).
 * Cost: reading the file.  Thread-safety: may be called from any thread.
 * Wisdom is FFTW's process-wide state, shared with any other FFTW user.
 */
KES_API kes_status kes_fft_wisdom_import(const char *path);

/**
 * Write the process's FFTW wisdom (everything planned with MEASURE or
 * PATIENT so far, and anything imported) to a file.
 * @param path  file name (created or overwritten)
 * @return KES_OK; KES_EINVAL (NULL path); KES_EIO (cannot write).
 * Thread-safety: may be called from any thread (serialised with planning).
 */
KES_API kes_status kes_fft_wisdom_export(const char *path);

/* ================================================ additions: IMEX RK */

/** A third-order implicit-explicit Runge-Kutta integrator for a periodic
 * 1-D real field (opaque plan). */
typedef struct kes_imexrk kes_imexrk;

/**
 * Plan the IMEX Runge-Kutta scheme ARS(2,3,3) of Ascher, Ruuth & Spiteri
 * ("Implicit-explicit Runge-Kutta methods for time-dependent partial
 * differential equations", Appl. Numer. Math. 25:151-167, 1997, section
 * 2.4; third order, gamma = (3 + sqrt 3) / 6) for u_t = L u + N(u) with
 * the same L, G and g as kes_etdrk4_create: L diagonal in Fourier space is
 * treated implicitly (each implicit stage is a division by 1 - h gamma L),
 * N explicitly.  Three evaluations of g per step against ETDRK4's four,
 * no exponentials, but an error constant larger than ETDRK4's on stiff
 * problems and third rather than fourth order.
 *
 * @param n, L, G, h, s  as kes_etdrk4_create
 * @return as kes_etdrk4_create; KES_ESINGULAR (1 - h gamma L_j vanishes to
 *         within 1e-14 for some mode: h L_j = 1 / gamma, an implicit stage
 *         that has no solution).
 * Cost: O(n) memory, FFTW_ESTIMATE planning.  Thread-safety: as
 * kes_fourier_poisson_create.
 */
KES_API kes_status kes_imexrk_create(int64_t n, const double *L, const double *G, double h, kes_imexrk **s);

/**
 * Advance u by nsteps steps of size h; same contract as kes_etdrk4_step
 * (a step that produces a NaN or Inf stops the run with KES_EDIVERGE, u
 * holding the last finite step and *done the steps completed).
 * Each step costs 3 calls of g, 3 forward and 3 inverse FFTs of length n;
 * no allocation by Kestrel.  Thread-safety: as kes_fourier_poisson_solve.
 */
KES_API kes_status kes_imexrk_step(kes_imexrk *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps,
                                   int64_t *done);

/** Release an IMEX plan; NULL is a no-op.  Thread-safety: as
 * kes_fourier_poisson_destroy. */
KES_API void kes_imexrk_destroy(kes_imexrk *s);

/* ============================================ additions: Chebyshev DCT */

/** A fast Chebyshev transform on n + 1 Chebyshev-Lobatto points (opaque
 * plan). */
typedef struct kes_cheb_transform kes_cheb_transform;

/**
 * Plan the transforms between values at the points x_j = cos(j pi / n) of
 * kes_cheb_points and the coefficients a_k of the interpolant
 * p(x) = sum_{k=0}^{n} a_k T_k(x), by the type-I discrete cosine transform
 * (Trefethen 2000, ch. 8; Boyd 2001, appendix F), computed as FFTW's
 * REDFT00 is: a real FFT of length 2n of the even extension, in buffers
 * owned by the plan, so the transforms allocate nothing.
 * @param n  degree, 1 .. INT32_MAX / 2
 * @param t  receives the plan; release with kes_cheb_transform_destroy
 * @return KES_OK; KES_EINVAL (NULL t); KES_EDIM (n < 1); KES_ERANGE (n too
 *         large); KES_ENOMEM.
 * Cost: O(n) memory, FFTW_ESTIMATE planning.  Thread-safety: as
 * kes_fourier_poisson_create.
 */
KES_API kes_status kes_cheb_transform_create(int64_t n, kes_cheb_transform **t);

/**
 * Coefficients from values: a_k = (2 c_k / n) sum_j'' f_j cos(j k pi / n),
 * c_0 = c_n = 1/2, c_k = 1 otherwise ('' halves the end terms).
 * @param t  the plan
 * @param f  n + 1 values at x_0 = 1, ..., x_n = -1
 * @param a  n + 1 outputs; may be the same array as f
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_ENAN (f not finite; a
 *         untouched).
 * Cost: one real FFT of length 2n; no allocation.  Thread-safety: one plan,
 * one thread at a time.
 */
KES_API kes_status kes_cheb_transform_coeffs(kes_cheb_transform *t, const double *f, double *a);

/**
 * Values from coefficients: f_j = sum_k a_k T_k(x_j) = sum_k a_k cos(j k pi / n),
 * the inverse of kes_cheb_transform_coeffs.
 * @param t  the plan
 * @param a  n + 1 coefficients
 * @param f  n + 1 outputs; may be the same array as a
 * @return as kes_cheb_transform_coeffs.  Cost and thread-safety: as
 *         kes_cheb_transform_coeffs.
 */
KES_API kes_status kes_cheb_transform_values(kes_cheb_transform *t, const double *a, double *f);

/** Release a transform plan; NULL is a no-op.  Thread-safety: as
 * kes_fourier_poisson_destroy. */
KES_API void kes_cheb_transform_destroy(kes_cheb_transform *t);

/* ============================== additions: finite-difference assembly */

/**
 * Plan the exact solve of A u = f for the 3-point (dim 1), 5-point (dim 2)
 * or 7-point (dim 3) matrix A of kes_fd_laplacian(dim, n, h) by the DST-I
 * along every axis, as kes_fd_poisson_create (which is this function with
 * dim = 2).  The plan is a kes_fd_poisson: solve, kes_linop_fd_poisson and
 * destroy apply.
 * @param dim  1 .. 3
 * @param n, h  dim counts and spacings, as kes_fd_poisson_create
 * @param p    receives the plan
 * @return as kes_fd_poisson_create; KES_EDIM (dim outside 1..3).
 * Cost: about 4 (dim + 2) N doubles of memory; each solve 2 dim batched
 * real FFTs.  Thread-safety: as kes_fourier_poisson_create.
 */
KES_API kes_status kes_fd_poisson_from_box(int dim, const int64_t *n, const double *h, kes_fd_poisson **p);

/** Boundary condition of a finite-difference operator on a box. */
typedef enum kes_fd_bc {
    KES_FD_DIRICHLET = 0, /**< u = 0 on the boundary (eliminated) */
    KES_FD_NEUMANN = 1    /**< zero normal flux a du/dn = 0 */
} kes_fd_bc;

/**
 * A diffusion coefficient a(x) > 0 at the point x (dim coordinates).
 * Return a positive finite value; anything else makes the assembly fail
 * with KES_EDOM.
 */
typedef double (*kes_fd_coef_fn)(void *ctx, const double *x);

/**
 * Assemble the finite-volume discretisation of -div(a grad u) on a box
 * into CSR (LeVeque 2007, section 2.15 and ch. 3): along axis d the flux
 * between neighbouring points is a(face midpoint) (u_i - u_j) / h_d^2, so
 * the matrix is symmetric with non-negative row sums.
 *  - KES_FD_DIRICHLET: vertex grid; unknown i sits at x = (i + 1) h_d of
 *    the box [0, (n_d + 1) h_d] with u = 0 at both ends; the boundary
 *    faces are at h_d / 2 and (n_d + 1/2) h_d.  With a == 1 this is the
 *    matrix of kes_fd_laplacian, bit for bit.  SPD.
 *  - KES_FD_NEUMANN: cell-centred grid; unknown i sits at (i + 1/2) h_d of
 *    [0, n_d h_d] and the boundary faces carry no flux.  Symmetric positive
 *    semi-definite with the constants as null space (a Poisson problem
 *    needs a zero-mean right-hand side; a step matrix of
 *    kes_fd_step_matrix with c > 0 is SPD).
 * Rows have ascending columns; unknowns are first-index-fastest.
 *
 * @param dim  1 .. 3
 * @param n    dim point counts, each >= 1
 * @param h    dim spacings, finite and > 0
 * @param bc   boundary condition on every face
 * @param a    the coefficient, evaluated once per face; NULL means a = 1
 * @param ctx  passed to a unchanged
 * @param A    receives the matrix; release with kes_csr_destroy
 * @return KES_OK; KES_EINVAL (NULL n, h or A, or bc not a kes_fd_bc
 *         value); KES_EDIM; KES_ERANGE (as kes_fd_laplacian, or a
 *         coefficient times 1/h^2 that overflows); KES_EDOM (a spacing not
 *         finite and > 0, a coefficient value not finite and > 0; *A
 *         untouched); KES_ENOMEM.
 * Cost: O(N) time and memory, dim N evaluations of a.  Thread-safe if a is.
 */
KES_API kes_status kes_fd_diffusion(int dim, const int64_t *n, const double *h, kes_fd_bc bc, kes_fd_coef_fn a,
                                    void *ctx, kes_csr **A);

/**
 * The time-step matrix S = I + c L of a square matrix L (LeVeque 2007,
 * ch. 9): for u_t = -L u (L from kes_fd_laplacian or kes_fd_diffusion),
 * backward Euler solves (I + dt L) u_new = u; Crank-Nicolson solves
 * (I + dt/2 L) u_new = (I - dt/2 L) u, both matrices from this function
 * (c = dt/2 and c = -dt/2).  S has L's pattern plus the diagonal where L
 * lacks it; rows keep ascending columns.
 * @param L  square CSR matrix with finite values
 * @param c  finite
 * @param S  receives the matrix; release with kes_csr_destroy
 * @return KES_OK; KES_EINVAL (NULL pointer, malformed L); KES_EDIM (L not
 *         square); KES_EDOM (c not finite); KES_ENAN (L has a non-finite
 *         value); KES_ERANGE (c times an entry overflows); KES_ENOMEM.
 * Cost: O(nnz) time and memory.  Thread-safe.
 */
KES_API kes_status kes_fd_step_matrix(const kes_csr *L, double c, kes_csr **S);

/**
 * Plan the fast solve of the Dirichlet or Neumann matrix of
 * kes_fd_diffusion(dim, n, h, bc, NULL, NULL) (unit coefficient).
 * KES_FD_DIRICHLET is kes_fd_poisson_from_box.  KES_FD_NEUMANN: the
 * cell-centred matrix A is singular (constants), so the solve returns the
 * zero-mean u with A u = f - mean(f), as kes_fourier_poisson_solve does
 * for periodic boxes.  It is computed as the periodic spectral solve of the
 * same stencil on the even extension of f (2 n_d points per axis, a real
 * FFT pair of 2^dim N points: a DCT-II/III computed through its symmetric
 * extension; Strang, SIAM Review 41:135-147, 1999), exact to rounding.
 * The plan is a kes_fd_poisson: solve, kes_linop_fd_poisson and destroy
 * apply.
 * @param dim, n, h  as kes_fd_poisson_from_box
 * @param bc   KES_FD_DIRICHLET or KES_FD_NEUMANN
 * @param p    receives the plan
 * @return as kes_fd_poisson_from_box; KES_EINVAL (bc not a kes_fd_bc
 *         value); KES_ERANGE (Neumann: a 1/h_d^2 that overflows or
 *         underflows to 0).
 * Cost: Neumann about 2^dim N doubles of buffers; each solve one r2c and
 * one c2r FFT of 2^dim N points, no allocation by Kestrel.
 * Thread-safety: as kes_fourier_poisson_create.
 */
KES_API kes_status kes_fd_poisson_from_bc(int dim, const int64_t *n, const double *h, kes_fd_bc bc,
                                          kes_fd_poisson **p);

/* ======================= additions: ETDRK4 and IMEX for complex fields */

/** ETDRK4 for a periodic 1-D complex field (opaque plan), e.g. the
 * nonlinear Schroedinger equation. */
typedef struct kes_etdrk4c kes_etdrk4c;

/**
 * Plan ETDRK4 (Cox & Matthews 2002; Kassam & Trefethen 2005) for a complex
 * field u(x, t) on the periodic grid x_j = j length / n:
 * u_t = L u + N(u), L diagonal in Fourier space, N(u)^ = G(k) * (g(u))^
 * with g pointwise, as kes_etdrk4_create, but with the complex-to-complex
 * transform, so u need not be real and L, G need no symmetry.  Example,
 * with k = 2 pi j / length: the focusing cubic nonlinear Schroedinger
 * equation i u_t + u_xx + 2 |u|^2 u = 0 is L = -i k^2, G = 1,
 * g(u) = 2 i |u|^2 u.
 *
 * L and G are given on all n modes in FFTW's order, interleaved (re, im):
 * mode j (j = 0 .. n-1) has the wavenumber index j for 2 j <= n and j - n
 * otherwise.  For even n the mode j = n/2 stands for both +n/2 and -n/2;
 * give it a symbol even in k (or set k = 0 there for odd-derivative
 * symbols; Trefethen 2000, ch. 3).  The coefficients are the contour means
 * of kes_etdrk4_create (full circle, 64 points, complex mean kept), shared
 * with it.
 *
 * @param n  grid points, >= 2
 * @param L  2 n values, finite
 * @param G  2 n values, finite; NULL means G = 1
 * @param h  time step, finite and > 0
 * @param s  receives the plan; release with kes_etdrk4c_destroy
 * @return as kes_etdrk4_create (KES_EINVAL, KES_EDIM, KES_ERANGE, KES_EDOM,
 *         KES_ENAN, KES_ENOMEM; *s untouched on error); KES_ENAN also
 *         where h L itself overflows (a dispersive symbol with h |L| beyond
 *         DBL_MAX has no meaningful phase).
 * Cost: 64 n complex exponentials, O(n) memory, FFTW_ESTIMATE planning.
 * Thread-safety: as kes_fourier_poisson_create.
 */
KES_API kes_status kes_etdrk4c_create(int64_t n, const double *L, const double *G, double h, kes_etdrk4c **s);

/**
 * Advance the complex field u by nsteps steps of size h; the contract of
 * kes_etdrk4_step.  u holds n complex values interleaved (re, im): u[2i],
 * u[2i+1] (the layout of C99 double complex and fftw_complex).  g is
 * called with the grid size n and arrays of 2 n doubles in the same
 * layout.  A step that produces a NaN or Inf stops the run with
 * KES_EDIVERGE, u holding the last finite step and *done the steps
 * completed.
 *
 * @param s, g, ctx, nsteps, done  as kes_etdrk4_step
 * @param u  2 n values: the field at the start on entry, at the end on exit
 *           (partial as kes_etdrk4_step)
 * @return as kes_etdrk4_step.
 * Cost: per step 4 calls of g, 4 forward and 4 inverse complex FFTs of
 * length n; no allocation by Kestrel.  Thread-safety: as
 * kes_fourier_poisson_solve.
 */
KES_API kes_status kes_etdrk4c_step(kes_etdrk4c *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps,
                                    int64_t *done);

/** Release a complex-field ETDRK4 plan; NULL is a no-op.  Thread-safety: as
 * kes_fourier_poisson_destroy. */
KES_API void kes_etdrk4c_destroy(kes_etdrk4c *s);

/** The IMEX Runge-Kutta scheme ARS(2,3,3) for a periodic 1-D complex
 * field (opaque plan). */
typedef struct kes_imexrkc kes_imexrkc;

/**
 * Plan the IMEX scheme of kes_imexrk_create (Ascher, Ruuth & Spiteri 1997,
 * ARS(2,3,3), third order) for a complex field: L, G and g as
 * kes_etdrk4c_create (2 n values of L and G on all n modes in FFTW's
 * order; u and g(u) interleaved).
 * @param n, L, G, h, s  as kes_etdrk4c_create
 * @return as kes_imexrk_create (KES_EINVAL, KES_EDIM, KES_ERANGE,
 *         KES_EDOM, KES_ENAN, KES_ESINGULAR, KES_ENOMEM; *s untouched on
 *         error).
 * Cost: O(n) memory, FFTW_ESTIMATE planning.  Thread-safety: as
 * kes_fourier_poisson_create.
 */
KES_API kes_status kes_imexrkc_create(int64_t n, const double *L, const double *G, double h, kes_imexrkc **s);

/**
 * Advance the complex field u (2 n values, interleaved) by nsteps steps;
 * the contract of kes_etdrk4c_step (KES_EDIVERGE with u at the last finite
 * step and *done the steps completed).  Each step costs 3 calls of g, 3
 * forward and 3 inverse complex FFTs of length n; no allocation by
 * Kestrel.  Thread-safety: as kes_fourier_poisson_solve.
 * @param s, g, ctx, u, nsteps, done  as kes_etdrk4c_step
 * @return as kes_etdrk4c_step.
 */
KES_API kes_status kes_imexrkc_step(kes_imexrkc *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps,
                                    int64_t *done);

/** Release a complex-field IMEX plan; NULL is a no-op.  Thread-safety: as
 * kes_fourier_poisson_destroy. */
KES_API void kes_imexrkc_destroy(kes_imexrkc *s);

/* ============================================ GP collocation (GP-HM) */

/** A scalar field: the value at the point x (dim coordinates).  ctx is
 * the caller's pointer, passed through unchanged. */
typedef double (*kes_field_fn)(const double *x, void *ctx);

/** The operator L of L u = f solved by the GP collocation functions. */
typedef enum kes_gpcol_op {
    KES_GPCOL_POISSON = 0,   /**< L u = laplace(u) */
    KES_GPCOL_HELMHOLTZ = 1, /**< L u = laplace(u) + k2 u */
    KES_GPCOL_ALLEN_CAHN = 2 /**< L u = laplace(u) + u (u^2 - 1) (nonlinear; Newton) */
} kes_gpcol_op;

/** The spectral density of each mixture component of the covariance. */
typedef enum kes_gpcol_spectrum {
    KES_GPCOL_GAUSSIAN = 0, /**< Gaussian mixture: components exp(-t^2 / (2 l^2)) cos(w t) */
    KES_GPCOL_STUDENT_T = 1 /**< Student-t mixture: Matern-5/2 envelope times cos(w t) */
} kes_gpcol_spectrum;

/** What a GP collocation solve did (filled when the pointer is not NULL). */
typedef struct kes_gpcol_stats {
    double points_per_wavelength; /**< grid points (or mean spacing) per wavelength of the highest frequency
                                       carrying 1e-6 of the solution's estimated spectral power, minimum over
                                       the axes (Inf when f has no oscillation); below about 3 a solution with
                                       several frequencies is not resolved */
    double objective;             /**< final -log N(u | 0, K) + const at the collocated solution */
    double residual;              /**< max |L u - f| at the interior points, L through the GP derivatives */
    double error_estimate;        /**< estimated relative L2 error of u (NaN when the grid is too large to
                                       estimate): the residual of the GP interpolant on a grid 4 times finer
                                       (2 times beyond 4 million fine points) drives a second-order
                                       finite-difference solve of the Poisson error equation there */
    double jitter;                /**< relative jitter added to each covariance factor's diagonal */
    double noise;                 /**< fitted noise standard deviation of f (kes_gpcol_scattered; 0 otherwise) */
    int64_t evaluations;          /**< objective + gradient evaluations by the optimiser */
    int64_t newton;               /**< Newton steps in the last solve (Allen-Cahn; 0 otherwise) */
    int components;               /**< mixture components per axis used */
} kes_gpcol_stats;

/** Options of the GP collocation solvers. */
typedef struct kes_gpcol_opts {
    int components;              /**< Q, mixture components per axis, 1 .. 200 (default 30) */
    int64_t max_iter;            /**< iterations of the optimiser of GP-HM's prior term, >= 0 (default 0: the
                                      best spectral start is kept; see kes_gpcol_poisson) */
    double tol;                  /**< optimiser: stop when the largest projected gradient component is
                                      <= tol max(1, |objective|) (default 1e-7) */
    kes_gpcol_spectrum spectrum; /**< component spectral density (default KES_GPCOL_GAUSSIAN) */
    double jitter;               /**< smallest relative diagonal jitter, in [0, 1e-3] (default 1e-12); raised by
                                      factors of 10 up to 1e-6 while a factor is not positive definite */
    double k2;                   /**< k^2 of KES_GPCOL_HELMHOLTZ, finite (default 0) */
} kes_gpcol_opts;

/** Defaults: components 30, max_iter 0, tol 1e-7, Gaussian spectrum,
 * jitter 1e-12, k2 0. */
KES_API kes_gpcol_opts kes_gpcol_opts_default(void);

/**
 * Solve laplace(u) = f in the box [lo, hi] (dim = 1 or 2) with u = g on its
 * boundary, by Gaussian-process collocation with a spectral-mixture
 * covariance (Fang, Cooley, Long, Li, Kirby & Zhe, "Solving High Frequency
 * and Multi-Scale PDEs with Gaussian Processes", ICLR 2024; the spectral
 * mixture kernel of Wilson & Adams, ICML 2013).
 *
 * The model.  u has a GP prior whose covariance is a product over the axes
 * of 1-D mixtures, k(x, x') = prod_j sum_q w_jq e_jq(x_j - x'_j)
 * cos(w_jq (x_j - x'_j)).  U, the values of u at the n_1 x ... x n_dim
 * equispaced grid points (boundary included), determine u everywhere
 * through the conditional mean, whose Laplacian at the grid is
 * D U = (I x D_1 + D_2 x I) U with D_j = K_j'' K_j^-1 (K_j the axis
 * covariance matrix, K_j'' its second derivative in the first argument).
 * The equations (D U)_i = f_i at the interior points and U = g on the
 * boundary are imposed exactly (the limit of infinite weights on the
 * residual and boundary terms of the paper's loss): on a 2-D grid they are
 * the Sylvester equation D_1 X + X D_2^T = F, solved through real Schur
 * forms (Bartels & Stewart 1972) without forming any grid-size matrix.
 * The hyperparameters (log w, w, log l per component and axis) come from
 * the spectrum of f: a Hann-windowed periodogram of f sampled at four times
 * the grid density along lines of each axis, divided by (w^2 + w0^2)^2 to
 * estimate the solution's spectrum.  Its strongest peaks become components
 * (they may lie above the grid's Nyquist frequency: the kernel, not the
 * grid, carries the frequency), the rest are spread over the band the grid
 * resolves (at random when rng is not NULL).  A fixed family of ten such
 * starts (how many components go to peaks, their widths and weights; two
 * of them a single broad squared-exponential for smooth solutions) is
 * solved, and the one with the smallest a-posteriori error estimate is
 * kept: the residual L u_h - f of the GP interpolant on a grid four times
 * finer drives a finite-difference solve of the error equation there.
 * With o->max_iter > 0 the start is then refined as in the paper, by
 * minimising the prior term of GP-HM's loss at the collocated U,
 * -log N(U | 0, K) = U^T K^-1 U / 2 + log|K| / 2 + const (its residual and
 * boundary terms vanish when imposed exactly), with its exact gradient
 * through the adjoint of the collocation equations, by box-constrained
 * BFGS (Nocedal & Wright 2006, Algorithm 6.1); the refined hyperparameters
 * are kept only when the error estimate does not grow.  On the paper's test
 * problems that refinement lowers the prior term but never the error, so
 * it is off by default.
 *
 * Solutions with several frequencies need about three grid points per
 * wavelength of the highest one; below that the solver returns an
 * inaccurate u with KES_OK and reports the points per wavelength and its
 * error estimate in the stats of kes_gpcol_solve (it does not refuse).  A
 * single pure frequency can be carried by the kernel even below that (its
 * frequency is read from f on the finer grid).
 *
 * @param dim   1 or 2 (KES_ENOTSUP otherwise)
 * @param n     dim grid sizes, each in 4 .. 2048 (points per axis, boundary included)
 * @param lo    dim lower corners
 * @param hi    dim upper corners, hi[j] > lo[j], both finite
 * @param f     the right-hand side, called at the interior points of the grid
 *              and of the four times finer grid, and along the spectral lines
 * @param g     the boundary values, called at the boundary points of both grids
 * @param ctx   passed to f and g
 * @param o     options (NULL: kes_gpcol_opts_default())
 * @param rng   optional random source for the non-peak components (NULL: evenly spread)
 * @param u     prod n outputs, grid point (i_1, ..., i_dim) at
 *              i_1 + n_1 i_2, x_j = lo_j + i_j (hi_j - lo_j) / (n_j - 1)
 * @return KES_OK; KES_NOCONV (o->max_iter > 0 and the optimiser reached
 *         it or stalled before its tolerance, or its result was rejected:
 *         u is the solution at the best hyperparameters found); KES_EINVAL (NULL pointer, bad option);
 *         KES_ENOTSUP (dim not 1 or 2); KES_EDIM (n_j < 4); KES_ERANGE
 *         (n_j > 2048); KES_EDOM (lo or hi not finite, hi_j <= lo_j);
 *         KES_ENAN (f or g not finite at a point); KES_ENOTSPD (a
 *         covariance factor is not positive definite even with jitter
 *         1e-6); KES_ESINGULAR (the collocation equations are singular);
 *         KES_ENOMEM.  u is written only on KES_OK and KES_NOCONV.
 * Cost: per start and per optimiser step O(sum_j n_j^3) flops (Cholesky,
 * Schur forms, Sylvester solve, matrix products) and O(Q sum_j n_j) kernel
 * evaluations; the estimate O(16 prod n_j log) on the fine grid; the
 * periodogram O(Q-independent 128 n_j^2) per line, 8 lines per axis;
 * O(sum_j n_j^2 + 16 prod n_j) memory.
 * Thread-safety: reentrant; BLAS threads as configured.
 */
KES_API kes_status kes_gpcol_poisson(int dim, const int64_t *n, const double *lo, const double *hi, kes_field_fn f,
                                     kes_field_fn g, void *ctx, const kes_gpcol_opts *o, kes_rng *rng, double *u);

/**
 * kes_gpcol_poisson for any kes_gpcol_op, with statistics.
 * KES_GPCOL_HELMHOLTZ solves laplace(u) + o->k2 u = f.  KES_GPCOL_ALLEN_CAHN
 * solves laplace(u) + u (u^2 - 1) = f by Newton's method on the
 * collocation equations (GMRES with the Sylvester solve of the linear part
 * as preconditioner on 2-D grids), and the hyperparameter gradient through
 * the adjoint of the Newton system at the solution.
 * @param op    the operator
 * @param dim   1 or 2
 * @param n     dim grid sizes, as kes_gpcol_poisson
 * @param lo    dim lower corners
 * @param hi    dim upper corners
 * @param f     the right-hand side, as kes_gpcol_poisson
 * @param g     the boundary values
 * @param ctx   passed to f and g
 * @param o     options (NULL: kes_gpcol_opts_default()); o->k2 for Helmholtz
 * @param rng   optional random source, as kes_gpcol_poisson
 * @param u     prod n outputs, as kes_gpcol_poisson
 * @param st    optional statistics (NULL: none)
 * @return as kes_gpcol_poisson; also KES_EINVAL (op unknown), KES_EDOM
 *         (k2 not finite), KES_NOCONV also when Newton stopped before its
 *         tolerance at the final hyperparameters.
 * Cost: as kes_gpcol_poisson; Allen-Cahn adds Newton steps of GMRES
 * iterations, each one Sylvester solve.
 */
KES_API kes_status kes_gpcol_solve(kes_gpcol_op op, int dim, const int64_t *n, const double *lo, const double *hi,
                                   kes_field_fn f, kes_field_fn g, void *ctx, const kes_gpcol_opts *o, kes_rng *rng,
                                   double *u, kes_gpcol_stats *st);

/**
 * Mesh-free GP collocation for L u = laplace(u) (+ k2 u) = f: scattered
 * interior points Xi with values f_i that may carry noise, boundary points
 * Xb with exact values g.  Off a grid there is no Kronecker structure and
 * no reason to route derivatives through the values at the points, so the
 * solver uses the exact Gaussian-process posterior of symmetric collocation
 * (Cockayne, Oates, Sullivan & Girolami, "Probabilistic numerical methods
 * for PDE-constrained Bayesian inverse problems", 2017; Chen, Hosseini,
 * Owhadi & Stuart, J. Comput. Phys. 447, 2021): with the product
 * spectral-mixture covariance k of kes_gpcol_poisson, the data are
 * f = L u(Xi) + noise, noise ~ N(0, s2 I), and g = u(Xb), whose joint
 * covariance needs k, L k and L L' k (the fourth derivatives of each 1-D
 * mixture in closed form).  Conditioning on g first leaves f | g ~ N(mf,
 * E + s2 I) with E = A_II - M_IB K_BB^-1 M_BI (A = cov(Lu, Lu), M = cov(Lu,
 * u)): the noise variance s2 is a hyperparameter that maximises this
 * marginal likelihood, exactly, through the eigendecomposition of E and a
 * bounded 1-D search, and u at Xi is the posterior mean
 * K_IB K_BB^-1 g + (M_II - K_IB K_BB^-1 M_BI) (E + s2 I)^-1 (f - mf).  Only
 * K_BB is inverted, so the answer does not depend on the order of the
 * points.  The covariance starts from the Hann-windowed periodogram of f
 * (2-D: the full 2-D periodogram of the scattered values, summed over the
 * other axis) as in kes_gpcol_poisson, and of its ten starts the one with
 * the largest marginal likelihood is kept (o->max_iter is not used here).
 * The periodogram's floor from scattered sampling (ten times its median)
 * is removed first, and in 2-D each axis takes the largest value over the
 * other axis's frequencies.  Measured with 600 random interior points in
 * the unit square and u = sin(2 pi k x) sin(2 pi k y): k = 2, 1e-6 with
 * exact f and 6e-3 with 1% noise on f; k = 3, 4e-5 and 9e-3; the noise
 * level within 10%.  In 1-D, sin(40x) with 400 points: 1e-6 and 2e-3.  A
 * linear part fixed only by the two boundary values of a 1-D problem is
 * the weak case: the prior holds it only through its broad components, so
 * u = sin(10 pi x) + x on [0, 1] with noisy f is off by half.
 * points_per_wavelength in the stats uses the mean spacing (box extent /
 * ni^(1/dim)) and the highest clear peak of f's spectrum.
 * @param op        KES_GPCOL_POISSON or KES_GPCOL_HELMHOLTZ (o->k2);
 *                  KES_GPCOL_ALLEN_CAHN is KES_ENOTSUP here
 * @param dim       1 or 2
 * @param ni, Xi, ldxi  interior points, ni x dim column-major (ldxi >= ni), ni >= 1
 * @param f         ni values of f
 * @param nb, Xb, ldxb  boundary points, nb x dim (ldxb >= nb), nb >= 1
 * @param g         nb values of u on the boundary
 * @param o, rng    as kes_gpcol_poisson
 * @param u         ni outputs: u at Xi
 * @param st        optional statistics (noise: the fitted standard deviation; objective: minus the
 *                  log marginal likelihood of f; error_estimate: NaN)
 * @return KES_OK; KES_NOCONV; KES_EINVAL; KES_ENOTSUP; KES_EDIM (ni, nb < 1,
 *         ld too small, ni + nb > 20000); KES_ENAN (non-finite point, f or g);
 *         KES_EBADDATA (two points coincide or all points share a coordinate
 *         value); KES_ENOTSPD; KES_ESINGULAR; KES_ENOMEM.
 * Cost: per start O(N^3) flops (a boundary Cholesky, products, an ni x ni
 * symmetric eigendecomposition) and O(Q dim N^2) kernel evaluations, ten
 * starts, and O(N^2) pairwise checks; about 10 N^2 doubles of memory.
 * Thread-safety: reentrant.
 */
KES_API kes_status kes_gpcol_scattered(kes_gpcol_op op, int dim, int64_t ni, const double *Xi, int64_t ldxi,
                                       const double *f, int64_t nb, const double *Xb, int64_t ldxb, const double *g,
                                       const kes_gpcol_opts *o, kes_rng *rng, double *u, kes_gpcol_stats *st);

#ifdef __cplusplus
}
#endif

#endif
