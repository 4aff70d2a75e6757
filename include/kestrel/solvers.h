/**
 * @file kestrel/solvers.h
 * @brief Iterative solvers on kes_csr and kes_linop, and the online
 * relaxation-parameter tuners (layer: solvers; depends on core and linalg).
 */
#ifndef KESTREL_SOLVERS_H
#define KESTREL_SOLVERS_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==================================================================== */
/* Section 1: iterative solvers                                          */
/* ==================================================================== */

/*
 * Iterative solvers for A x = b: stationary methods (Jacobi, Gauss-Seidel,
 * SOR, SSOR) and conjugate gradients with and without preconditioning
 * (Saad, "Iterative Methods for Sparse Linear Systems", 2nd ed., SIAM 2003,
 * ch. 4 and 9; Hestenes & Stiefel, J. Res. NBS 49 (1952) 409-436).
 *
 * Three ways in:
 *  - one-shot functions on a kes_csr (kes_sor_solve, kes_ssor_pcg_solve,
 *    kes_cg_solve), which check the input, set up, solve and free;
 *  - a plan (kes_solver) made once per sparsity pattern by
 *    kes_solver_create(type, A, ...): it precomputes the diagonal
 *    positions, the inverse diagonal and every work vector, so a sequence of
 *    solves (one per time step, one per tuner round) pays that set-up once
 *    and never allocates inside the iteration.  kes_solver_set_matrix swaps
 *    in new values with the same pattern, kes_solver_set_omega a new
 *    relaxation parameter.  A caller can also drive the iteration step by
 *    step (kes_solver_start / kes_solver_iterate) to log or stop early;
 *  - kes_pcg_solve on a matrix-free kes_linop (linalg.h), preconditioned by
 *    another kes_linop: the entry point for kernel matrices, stencils and
 *    anything else that is not stored as a CSR matrix.
 *
 * Every CSR method is described by a const kes_solver_type (GSL's
 * alloc/iterate/free pattern): the same driver runs them all, and CG,
 * Jacobi- and SSOR-preconditioned CG and kes_pcg_solve share one (P)CG
 * recurrence.
 *
 * x is the initial guess on entry (warm start; set opts.zero_guess to start
 * from 0 instead) and the answer on exit.
 *
 * Status: KES_OK (converged), KES_NOCONV (max_iter reached, or a Krylov
 * method stagnated at rounding level, see below; x is the last iterate and
 * the stats say how far it got), KES_EINVAL (NULL, bad option), KES_EDIM
 * (A not square, empty), KES_EBADDATA (broken CSR structure of A, as
 * kes_csr_validate checks: rowptr not starting at 0 or decreasing, nnz not
 * rowptr[n], a column index out of range, unsorted or repeated, ncols above
 * INT32_MAX), KES_EDOM (omega outside (0, 2)), KES_ENAN (NaN/Inf in A, b or
 * the initial x, or produced by an operator), KES_ESINGULAR (a zero or
 * missing diagonal entry, for every method except plain CG, which never
 * divides by the diagonal), KES_EDIVERGE (residual non-finite or above 1e10
 * times the initial residual: the solve stops at once and x is reset to the
 * initial guess; the statistics then describe that x, i.e. hold the initial
 * residual), KES_ENOTSPD (a Krylov method met r'M^-1 r or p'Ap clearly
 * negative, see below, x holds the last finite iterate; or PCG with the
 * Jacobi or SSOR preconditioner was given a negative diagonal entry, which
 * no SPD matrix has: refused at the start, x the initial guess), KES_ERANGE (CG,
 * PCG-Jacobi and PCG-SSOR plans, kes_cg_solve, and SSOR-PCG for omega
 * below 2^-6, which runs the PCG-SSOR form: the product A p overflowed
 * although A and p are finite, i.e. |A| |b| is beyond the double range;
 * rescale the system; x holds the last finite iterate), KES_ENOMEM.  On
 * every error x is finite (0 when opts.zero_guess is set and the solve was
 * refused before its first iteration, KES_ESINGULAR included).  The
 * statistics, when requested, are written on every return except a refusal
 * of the arguments themselves (KES_EINVAL, KES_EDIM, KES_EBADDATA, KES_EDOM,
 * a NaN in A, b or the initial x) and describe the x returned: its residual,
 * the iterations done and the status.
 *
 * Breakdown rule of the Krylov methods: for SPD A and M, r'M^-1 r and p'Ap
 * are positive in exact arithmetic, but once the residual is at rounding
 * level (a tolerance below what the problem's conditioning allows, e.g.
 * tol = 1e-300) they can round to 0 or a tiny negative value.  When either
 * is <= 0, it is recomputed with its terms scaled and compared with the
 * scale of its rounding error (sum |r_i z_i| for r'M^-1 r; |p|'|A||p| for
 * p'Ap on a CSR matrix, where Eisenstat's p'A~p is judged as t'A t, and
 * sum |p_i (A p)_i| for an operator): below -2^-26 times that scale is
 * evidence that A or M is not positive definite (KES_ENOTSPD); anything
 * else, and a step alpha p that underflows to 0, is stagnation
 * and the solve ends KES_NOCONV at once with x at the last iterate (as
 * MATLAB pcg's flags 3 and 4, which stop rather than claim indefiniteness).
 *
 * Scale: residual norms, ||b|| and the Krylov scalars r'M^-1 r and p'Ap
 * are plain sums when these are normal numbers (the bits and the thread-
 * count independence described below are kept) and are recomputed with
 * power-of-2 scaling (as LAPACK's dnrm2) when a plain sum over- or
 * underflows, so finite residuals from about 1e-300 to 1e300 are measured
 * exactly and PCG's iterates do not depend on the scale of b.
 *
 * Thread-safety and threads: different plans may be used by different
 * threads at once; one plan must not.  The CG family (CG, PCG with Jacobi,
 * SSOR or an operator preconditioner, kes_pcg_solve) runs its vector
 * updates and matrix-vector products with OpenMP for n >= 65536 and
 * computes every dot product and norm as sums over fixed blocks of 4096
 * entries combined in a fixed order, so iterates, residuals and histories
 * are bit-identical for every thread count (below 65536 unknowns it runs on
 * the calling thread only).  The multicolor SOR sweep uses OpenMP and is
 * likewise independent of the thread count.  The other stationary methods
 * and the triangular passes of the SSOR preconditioners run on the calling
 * thread.  A caller running one solve per thread should set
 * OMP_NUM_THREADS=1 (or call omp_set_num_threads) to avoid oversubscription.
 *
 * With x0 = 0 the two stopping rules below coincide (||r_0|| = ||b||); they
 * differ for warm starts, where the Krylov rule (MATLAB pcg) is the one a
 * time-stepping code usually wants: choose it with KES_STOP_REL_B.
 */

/** Which norm the stopping test divides by. */
typedef enum kes_stop_rule {
    /** Per method: stationary methods (Jacobi, Gauss-Seidel, SOR, SSOR)
     * stop on ||r_k|| < tol ||r_0||; Krylov methods (CG, PCG) stop on
     * ||r_k|| <= tol ||b||, as MATLAB's pcg (0 iterations if the initial
     * guess already satisfies it). */
    KES_STOP_AUTO = 0,
    KES_STOP_REL_B = 1,  /**< ||b - A x_k|| <= tol ||b|| */
    KES_STOP_REL_R0 = 2  /**< ||b - A x_k|| <  tol ||b - A x_0|| */
} kes_stop_rule;

/** Options of a solve; make them with kes_solve_opts_default and edit. */
typedef struct kes_solve_opts {
    double tol;           /**< relative tolerance, finite and > 0 (default 1e-8) */
    int64_t max_iter;     /**< iteration cap, >= 0 (default 10000) */
    kes_stop_rule stop;   /**< stopping rule, default KES_STOP_AUTO */
    int zero_guess;       /**< 1: ignore x on entry and start from 0 (default 0: warm start) */
    double *history;      /**< optional: history[k] = relative residual (as in the stopping
                               test) after k iterations, k = 0 is the start; at most
                               history_cap entries written */
    int64_t history_cap;  /**< capacity of history, >= 0 (history may be NULL when 0) */
} kes_solve_opts;

/** The default options: tol 1e-8, max_iter 10000, KES_STOP_AUTO, warm
 * start, no history.  Never fails; thread-safe. */
KES_API kes_solve_opts kes_solve_opts_default(void);

/** What a solve did (filled by every solve function when non-NULL). */
typedef struct kes_solve_stats {
    int64_t iterations;     /**< iterations done (sweeps for stationary methods) */
    double residual;        /**< final relative residual as in the stopping test */
    int converged;          /**< 1 when the stopping test was met */
    double residual_norm;   /**< ||b - A x|| at exit (the true residual for Krylov methods when converged) */
    double initial_residual_norm; /**< ||b - A x_0|| */
    double b_norm;          /**< ||b|| */
    int64_t history_len;    /**< entries written to opts.history */
    kes_status status;      /**< what the solve returned */
} kes_solve_stats;

/** SOR: one forward SOR sweep per iteration (x_i += omega g_i / a_ii with g
 * the local residual), stopping on ||r_k||/||r_0|| < tol (KES_STOP_AUTO)
 * with the exact fused residual r = (1 - omega) g - U delta, so no extra
 * matrix-vector product.  omega in (0, 2); omega = 1 is Gauss-Seidel.
 * Converges for SPD A and any omega in (0, 2) (Saad 2003, §4.2).
 * A: square CSR with a nonzero diagonal; b, x: n entries (x the initial
 * guess in, the answer out); o NULL: defaults; st may be NULL.
 * Errors: see the section notes.  Cost per iteration about 1.5 passes over
 * A, memory a few n-vectors.  Runs on the calling thread; thread-safe. */
KES_API kes_status kes_sor_solve(const kes_csr *A, const double *b, double *x, double omega,
                                 const kes_solve_opts *o, kes_solve_stats *st);
/** Conjugate gradients preconditioned by SSOR, M = (D + wL) D^-1 (D + wU) /
 * (w(2 - w)), in Eisenstat's form (S. C. Eisenstat, SIAM J. Sci. Stat.
 * Comput. 2 (1981) 1-4: one backward and one forward triangular pass, no
 * separate matrix-vector product; iterates equal those of plain SSOR-PCG in
 * exact arithmetic).  Stops on the un-transformed residual
 * ||b - A x|| <= tol ||b|| (MATLAB pcg convention).  A must be symmetric
 * positive definite (KES_ENOTSPD when that visibly fails, by the breakdown
 * rule of the section notes); omega in (0, 2).  For omega below 2^-6 the
 * explicit form of kes_solver_pcg_ssor runs instead (same iterates in exact
 * arithmetic): Eisenstat's A~ p is the difference of two terms of size
 * omega |p| and keeps only about 1e-16 / omega relative accuracy (it
 * underflows to 0 near omega = 1e-300).  Arguments and errors as
 * kes_sor_solve.  Cost per iteration about one pass over A (about two for
 * omega < 2^-6).  Runs on the calling thread; thread-safe. */
KES_API kes_status kes_ssor_pcg_solve(const kes_csr *A, const double *b, double *x, double omega,
                                      const kes_solve_opts *o, kes_solve_stats *st);
/** Plain conjugate gradients (Hestenes & Stiefel 1952), stopping on
 * ||b - A x|| <= tol ||b||, confirmed on the true residual.  A symmetric
 * positive definite.  Arguments and errors as kes_sor_solve.  This is
 * kes_pcg_solve over kes_linop_csr(A) (same iterates bit for bit), plus
 * the plan's checks of A.  Cost per iteration one SpMV and five vector
 * passes; OpenMP for n >= 65536 with results independent of the thread
 * count.  Thread-safe. */
KES_API kes_status kes_cg_solve(const kes_csr *A, const double *b, double *x, const kes_solve_opts *o,
                                kes_solve_stats *st);

/* ---- matrix-free operators ---- */

/** Preconditioned conjugate gradients (Saad 2003, Algorithm 9.1) for an SPD
 * operator A, preconditioned by Minv, an operator that applies M^-1 for an
 * SPD M (NULL: no preconditioner, plain CG).  Same stopping rule, options,
 * statistics, history and zero_guess semantics as kes_cg_solve; on a CSR
 * operator from kes_linop_csr the iterates equal kes_cg_solve's bit for bit.
 *
 * A->apply is called once at the start (r = b - A x_0), once per iteration
 * and once per true-residual check; Minv->apply once per iteration.  Both
 * are called from the calling thread, one call at a time.
 *
 * @param A     the operator, n = A->n >= 1
 * @param Minv  preconditioner of the same size, or NULL
 * @param b     right-hand side, n entries
 * @param x     initial guess in (ignored with zero_guess), answer out
 * @param o     options, NULL for the defaults
 * @param st    statistics, may be NULL
 * @return KES_OK, KES_NOCONV, or: KES_EINVAL (NULL A, b or x, NULL
 *         A->apply or Minv->apply, bad option), KES_EDIM (A->n <= 0, or
 *         Minv->n != A->n), KES_ENAN (NaN/Inf in b or the initial x; or a
 *         NaN/Inf produced by A->apply or Minv->apply), KES_ENOTSPD
 *         (p'Ap or r'M^-1 r clearly negative; a value at rounding level
 *         ends the solve KES_NOCONV: the breakdown rule of the section
 *         notes), KES_EDIVERGE (as kes_cg_solve: x
 *         reset to the initial guess), KES_ENOMEM, KES_ERANGE (n too large
 *         to allocate), or any error status returned by an apply, which
 *         stops the solve at once.  A call refused on its arguments
 *         (KES_EINVAL, KES_EDIM, KES_ERANGE) leaves x and st untouched;
 *         once the solve has started, st->status holds the status and, on
 *         every error except KES_EDIVERGE, x holds the last finite iterate
 *         (the initial guess when no iteration completed).
 * Cost per iteration one A apply, one Minv apply and five vector passes;
 * memory 5 n doubles, allocated per call.  Vector loops use OpenMP for
 * n >= 65536 with fixed-order blocked reductions, so the result is
 * bit-identical for every thread count whenever the operators' own results
 * are.  Thread-safe for distinct x, and operators that allow it. */
KES_API kes_status kes_pcg_solve(const kes_linop *A, const kes_linop *Minv, const double *b, double *x,
                                 const kes_solve_opts *o, kes_solve_stats *st);

/* ---- plans and the solver-family descriptor ---- */

/** Opaque plan: a method, its matrix, workspace and iteration state. */
typedef struct kes_solver kes_solver;

/** A solver family.  The driver calls create once (allocate the method's
 * work vectors), start at the beginning of a solve (set up the residual;
 * *rnorm = ||b - A x_0||), step once per iteration (*rnorm = the residual
 * norm the stopping test uses), verify (optional, Krylov methods) when the
 * recurrence says converged (recompute the true residual), run (optional)
 * instead of the step loop in kes_solver_solve, destroy at the end.  Users
 * pick one of the kes_solver_* descriptors below; the members are public
 * only so the table is readable. */
typedef struct kes_solver_type {
    const char *name; /**< method name, e.g. "sor", "pcg-eisenstat" */
    int uses_omega;   /**< 1: omega is a parameter of the method */
    int krylov;       /**< 1: KES_STOP_AUTO means relative to ||b|| */
    kes_status (*create)(kes_solver *s); /**< allocate work vectors */
    kes_status (*start)(kes_solver *s, double *rnorm); /**< set up a solve, *rnorm = ||r_0|| */
    kes_status (*step)(kes_solver *s, double *rnorm); /**< one iteration, *rnorm for the stopping test */
    kes_status (*verify)(kes_solver *s, double *rnorm); /**< true residual, or NULL */
    /** optional fused path for a whole kes_solver_solve after start, with the
     * same iterates, counts and stopping test as the step loop (SOR uses it
     * to fold each residual into the next sweep); NULL: the step loop */
    kes_status (*run)(kes_solver *s, kes_solve_stats *st);
    void (*destroy)(kes_solver *s); /**< free method data, or NULL */
} kes_solver_type;

/** Damped Jacobi, x += omega D^-1 (b - A x) (omega = 1: plain Jacobi; set
 * it with kes_solver_set_omega).  1 SpMV per iteration. */
KES_API extern const kes_solver_type *const kes_solver_jacobi;
/** Gauss-Seidel: forward SOR with omega fixed at 1. */
KES_API extern const kes_solver_type *const kes_solver_gauss_seidel;
/** Forward SOR with the exact fused residual of its sweep. */
KES_API extern const kes_solver_type *const kes_solver_sor;
/** Backward SOR with the exact fused residual of its sweep. */
KES_API extern const kes_solver_type *const kes_solver_sor_backward;
/** Symmetric SOR (forward then backward sweep), fused residual of the last sweep. */
KES_API extern const kes_solver_type *const kes_solver_ssor;
/** Multicolor SOR: a greedy colouring of the (symmetrised) pattern, rows of
 * one colour updated in parallel with OpenMP (red-black for a 5-point
 * stencil in natural order).  This is SOR in the colour-permuted ordering,
 * a DIFFERENT iteration from kes_solver_sor: other iterates, other
 * iteration counts, and in general another spectral radius and best omega,
 * so tune omega for it separately.  (Red-black ordering of the 5-point
 * Laplacian is consistently ordered, so there Young's theory still holds
 * and the asymptotic rate matches natural ordering; for other colourings,
 * e.g. the 4 colours of a 9-point stencil, rate and best omega can move.)
 * Result independent of the thread count.  The residual is a full SpMV per
 * iteration. */
KES_API extern const kes_solver_type *const kes_solver_sor_multicolor;
/** Conjugate gradients (Hestenes & Stiefel 1952). */
KES_API extern const kes_solver_type *const kes_solver_cg;
/** PCG with the Jacobi preconditioner M = diag(A). */
KES_API extern const kes_solver_type *const kes_solver_pcg_jacobi;
/** PCG with the SSOR preconditioner applied as two triangular solves plus a
 * SpMV (about 2 full passes over A per iteration); needs A symmetric. */
KES_API extern const kes_solver_type *const kes_solver_pcg_ssor;
/** The same preconditioner in Eisenstat's form (Eisenstat 1981: one
 * backward and one forward triangular pass and no SpMV, about 1 pass over
 * A); needs A symmetric.  A solve whose omega is below 2^-6 at its start
 * runs the explicit form of kes_solver_pcg_ssor (see kes_ssor_pcg_solve). */
KES_API extern const kes_solver_type *const kes_solver_pcg_eisenstat;

/** Make a plan for type on A: checks A (KES_EINVAL, KES_EDIM not square,
 * KES_EBADDATA broken CSR structure, KES_ENAN, KES_ESINGULAR zero or
 * missing diagonal), stores a pointer to A
 * (A must stay alive and unchanged, or be replaced with
 * kes_solver_set_matrix), precomputes diagonal positions, 1/a_ii, the
 * colouring (multicolor) and all work vectors.  omega starts at 1.
 * *s untouched on error.  Cost O(nnz) (plus O(nnz) for the colouring),
 * memory a few n-vectors.  Thread-safe. */
KES_API kes_status kes_solver_create(const kes_solver_type *type, const kes_csr *A, kes_solver **s);
/** Use new matrix A with the same dimensions and sparsity pattern (checked:
 * KES_EDIM when it differs; skipped when A shares the plan's rowptr and
 * colind arrays).  Recomputes 1/a_ii; KES_ENAN / KES_ESINGULAR as in
 * create, and then the plan keeps its previous matrix.  Cost O(nnz). */
KES_API kes_status kes_solver_set_matrix(kes_solver *s, const kes_csr *A);
/** Set the relaxation parameter; KES_EDOM outside (0, 2) (the plan keeps its
 * previous omega), KES_EINVAL for NULL.  Ignored by methods without omega
 * (CG, PCG-Jacobi, Gauss-Seidel).  Cost O(1). */
KES_API kes_status kes_solver_set_omega(kes_solver *s, double omega);
/** Solve A x = b with the plan: kes_solver_start, then kes_solver_iterate
 * until converged, max_iter or an error.  o NULL means the defaults; st
 * may be NULL.  Statuses as in the section notes.  Never allocates. */
KES_API kes_status kes_solver_solve(kes_solver *s, const double *b, double *x, const kes_solve_opts *o,
                                    kes_solve_stats *st);
/** Step-wise driving: start a solve (b and x must stay valid until the
 * solve ends; o is copied).  Returns KES_OK and sets st->converged when x_0
 * already satisfies the test; KES_EINVAL / KES_ENAN on bad input (nothing
 * started).  Never allocates. */
KES_API kes_status kes_solver_start(kes_solver *s, const double *b, double *x, const kes_solve_opts *o,
                                    kes_solve_stats *st);
/** One iteration of the solve begun by kes_solver_start: KES_OK (st
 * updated: converged or not), KES_NOCONV once st->iterations reached
 * max_iter without convergence or a Krylov method stagnated (the breakdown
 * rule of the section notes; the solve ends), KES_ESTATE when no solve is
 * active or it already ended, or an error (KES_EDIVERGE, KES_ENOTSPD,
 * KES_ERANGE) that ends the solve. */
KES_API kes_status kes_solver_iterate(kes_solver *s, kes_solve_stats *st);
/** The method's name ("sor", "pcg-eisenstat", ...); "(null)" for NULL. */
KES_API const char *kes_solver_name(const kes_solver *s);
/** The plan's current omega; NaN for NULL. */
KES_API double kes_solver_omega(const kes_solver *s);
/** Number of colours of a multicolor plan (1 for every other method, 0 for NULL). */
KES_API int64_t kes_solver_ncolors(const kes_solver *s);
/** Free; NULL is a no-op. */
KES_API void kes_solver_destroy(kes_solver *s);

/* ---- raw kernels (no checks beyond NULL/sizes), for benchmarks and
 * users who write their own iteration ---- */

/** One forward SOR sweep in place on x using the plan's diagonal data.  When
 * delta is not NULL it receives the update x_new - x_old.  Cost: one pass
 * over A.  Errors: KES_EINVAL.  Not thread-safe on one plan. */
KES_API kes_status kes_solver_sor_sweep(const kes_solver *s, const double *b, double *x, double *delta);

/* end of section 1 */



/* ==================================================================== */
/* Section 2: online relaxation-parameter tuners                        */
/* ==================================================================== */

/*
 * Online tuners for a solver parameter omega, following Khodak, Chow, Balcan
 * & Talwalkar, "Learning to Relax: Setting Solver Parameters Across a
 * Sequence of Linear System Instances" (ICLR 2024).  A simulation that solves
 * one system per time step asks the tuner for omega before each solve
 * (kes_tuner_choose, optionally passing a scalar context such as a diagonal
 * shift or a diffusivity) and reports what the solve cost afterwards
 * (kes_tuner_observe).  The cost is any number in [0, KES_TUNER_COST_MAX]
 * where smaller is better: an iteration count (the paper's feedback) or
 * seconds.  The tuner never sees the matrix, so the same tuner drives SOR,
 * SSOR-PCG or any solver the caller runs.
 *
 * The arms are the grid omega_i = omega_min + i (omega_max - omega_min) /
 * (n_arms - 1), i = 0..n_arms-1 (default linspace(1, 1.95, 20)).
 *
 * Typical use (one solve per time step, context = the step's diffusivity):
 *
 *     kes_tuner_opts o = kes_tuner_opts_default();
 *     o.context_min = 0; o.context_max = 10;
 *     kes_tuner_create(KES_TUNER_CHEBCB, &o, rng, &tu);
 *     for (step = 0; step < T; step++) {
 *         kes_tuner_choose(tu, kappa[step], &omega);
 *         kes_ssor_pcg_solve(A, b, x, omega, NULL, &st);
 *         kes_tuner_observe(tu, (double)st.iterations);
 *     }
 *
 * Which kind: KES_TUNER_AUTO is the one to use (with kes_tuner_set_system
 * when the matrix is at hand): it costs at most a few percent more than the
 * best fixed omega even on short sequences and flat cost curves, and
 * follows the per-system optimum when the systems' spectra vary.  The
 * kinds of Khodak et al. stay for comparison: KES_TUNER_TSALLIS_INF needs
 * nothing but the costs and approaches the best single omega over long
 * sequences; KES_TUNER_CHEBCB also uses a scalar context and approaches the
 * best omega per context, which beats any single omega when the systems
 * vary, after an exploration phase that short sequences do not repay.
 *
 * Randomness: kes_tuner_create draws exactly one 64-bit number from the
 * caller's generator and derives the tuner's private stream from it
 * (kes_rng_split_init); afterwards the tuner never touches the caller's
 * generator, which may be destroyed.  The same seed therefore gives the same
 * sequence of choices, and two tuners created one after the other from one
 * generator are independent.  The private stream is part of the saved state
 * (kes_tuner_save), so a restored tuner continues exactly as the original.
 *
 * Numerical safety: costs and cost_offset are bounded by
 * KES_TUNER_COST_MAX and every probability is at least about
 * KES_TUNER_PROB_MIN, so the running sums of costs, squared costs and
 * importance-weighted costs stay finite for any sequence of 2^63 rounds;
 * every state that kes_tuner_save writes loads again, and every state that
 * kes_tuner_load accepts can continue.
 *
 * Thread-safety: a tuner is a plain object; different tuners may be used
 * from different threads, one tuner must not be used by two threads at once.
 * No function allocates after kes_tuner_create (except save/load and
 * kes_tuner_set_system's Lanczos run).
 */

/** Largest cost (and cost_offset) a tuner accepts: 1e100.  Squares of costs
 *  and sums of 2^63 of them, divided by probabilities of at least
 *  KES_TUNER_PROB_MIN, stay below DBL_MAX with a wide margin. */
#define KES_TUNER_COST_MAX 1e100
/** Floor of every probability of the bandit kinds before the final
 *  normalisation: 1e-100.  A learner that would give an arm less (a constant
 *  eta of 1e300, say) gives it this much, so that every entry is > 0 and an
 *  importance weight cost / p stays finite. */
#define KES_TUNER_PROB_MIN 1e-100

/** Opaque tuner object, made by kes_tuner_create or kes_tuner_load and
 *  released by kes_tuner_destroy. */
typedef struct kes_tuner kes_tuner;

/** The learner a tuner runs. */
typedef enum kes_tuner_kind {
    /** Always the same omega (opts.omega_fixed); the baseline. */
    KES_TUNER_FIXED = 0,
    /** Tsallis-INF bandit (Zimmert & Seldin, "Tsallis-INF: An Optimal
     *  Algorithm for Stochastic and Adversarial Bandits", JMLR 2021, with
     *  alpha = 1/2) over the grid: eta_t = 2/sqrt(t), unbiased estimates of
     *  the shifted loss cost - cost_offset (see opts.estimator), divided by
     *  a running scale mean(cost) - cost_offset; the normaliser is found by
     *  a bracketed Newton iteration.  Ignores the context. */
    KES_TUNER_TSALLIS_INF = 1,
    /** Tsallis-INF per context bin: n_bins equal bins on [context_min,
     *  context_max], one independent Tsallis-INF state per bin. */
    KES_TUNER_TSALLIS_INF_CB = 2,
    /** ChebCB, the contextual bandit of Khodak et al. (ICLR 2024) in the
     *  SquareCB family (Foster & Rakhlin, "Beyond UCB: Optimal and Efficient
     *  Contextual Bandits with Regression Oracles", ICML 2020): per arm, the
     *  cost is regressed on Chebyshev polynomials T_0..T_{m-1} of the
     *  context (m = cheb_m) under a box constraint, and arms are sampled by
     *  inverse-gap weighting with an adaptive eta. */
    KES_TUNER_CHEBCB = 3,
    /** The recommended tuner: its method may improve between versions.
     *  Deterministic; meant to cost at most a few percent more than the
     *  best fixed omega in hindsight on any sequence, also a short one on a
     *  flat cost landscape, and to follow a per-system optimum when
     *  kes_tuner_set_system shows it the matrices.  The present method:
     *  - a spectral prior: a short Lanczos run on D^-1/2 A D^-1/2 (once per
     *    family of matrices related by scalings of their off-diagonal part
     *    and diagonal, e.g. A + c_t diag(A) or I - s_t L; in closed form
     *    for the others, unless that would carry the first estimate's error
     *    beyond lambda itself, e.g. from a near-identity member to a hard
     *    one, and then Lanczos runs again) estimates lambda =
     *    lambda_min(D^-1/2 A D^-1/2),
     *    biased low, and with it Young's optimum 2 / (1 + sqrt(1 -
     *    (1 - lambda)^2)) (Young, "Iterative Solution of Large Linear
     *    Systems", 1971), which for small lambda is also the optimum of the
     *    SSOR-preconditioner bound (Axelsson, "Iterative Solution Methods",
     *    1994);
     *  - 13 arms between the baseline omega_0 = 1 (or the end of
     *    [omega_min, omega_max] nearest to 1) and a little beyond the
     *    prior, geometric in omega' = 1/omega - 1/2 and fine near both
     *    ends; without a system the prior is omega_max;
     *  - a conservative unimodal learner: the log cost is fitted per arm
     *    with a slope in log(1/lambda) shared by all arms; only the
     *    neighbours of the best arm so far are explored, and only while
     *    their lower confidence bound is below it and the cost paid stays
     *    within 1.02 times the baseline's predicted cost plus one
     *    pessimistic solve (Wu, Shariff, Lattimore & Szepesvari,
     *    "Conservative Bandits", ICML 2016; Combes & Proutiere, "Unimodal
     *    Bandits", ICML 2014); when even the best arm does not fit the
     *    budget and the baseline is predicted cheaper, the baseline plays.
     *    The first round plays the prior; the baseline is measured once
     *    early, on a system no harder than the average so far.
     *  Uses omega_min, omega_max and cost_offset of the options; n_arms,
     *  the context and the random stream are not used (kes_tuner_n_arms
     *  says 13; kes_tuner_arms gives the arms' omegas for the current
     *  system; the probabilities are 1 on the arm it will play and
     *  KES_TUNER_PROB_MIN elsewhere). */
    KES_TUNER_AUTO = 4
} kes_tuner_kind;

/** Loss estimator of the Tsallis-INF kinds.  Both are unbiased for the
 *  shifted loss l = cost - cost_offset of every arm; they differ in variance.
 *  With scale s (the running mean of l before the round), eta_t and the
 *  probabilities p of the round, arm I played:
 *  - importance-weighted: Lhat_I += l / p_I;
 *  - reduced-variance: for every arm i, B_i = (s/2) [p_i >= eta_t^2] and
 *    Lhat_i += B_i + [i = I] (l - B_i) / p_i (the reduced-variance
 *    estimator of Zimmert & Seldin, JMLR 2021, with their baseline B = 1/2
 *    applied to the loss divided by s).
 *  No baseline is used while no positive mean loss has been seen. */
typedef enum kes_tuner_estimator {
    /** Zimmert & Seldin's reduced-variance estimator (the default): it
     *  removes most of the noise of the arms that are played often. */
    KES_ESTIMATOR_REDUCED_VARIANCE = 0,
    /** Plain importance weighting, as in Khodak et al. (ICLR 2024). */
    KES_ESTIMATOR_IMPORTANCE_WEIGHTED = 1
} kes_tuner_estimator;

/** Options of kes_tuner_create; start from kes_tuner_opts_default(). */
typedef struct kes_tuner_opts {
    double omega_min;    /**< smallest arm, default 1.0; 0 < omega_min <= omega_max < 2 */
    double omega_max;    /**< largest arm, default 1.95 */
    int64_t n_arms;      /**< grid size d, default 20, 1..4096 */
    double context_min;  /**< declared context interval [a, b] (contextual kinds), default 0 */
    double context_max;  /**< default 1; a < b required by the contextual kinds */
    double omega_fixed;  /**< KES_TUNER_FIXED only: the omega returned, default 1.0, in (0, 2) */
    int64_t cheb_m;      /**< ChebCB: number of Chebyshev features (degrees 0..m-1), default 6, 1..16 */
    int64_t n_bins;      /**< Tsallis-INF-CB: number of context bins, default 5, 1..4096 */
    double cost_offset;  /**< smallest possible cost, subtracted before learning: 1 for iteration
                              counts (the shifted loss k - 1 of Khodak et al.), 0 for seconds;
                              default 1, in [0, KES_TUNER_COST_MAX] */
    double eta;          /**< < 0 (default -1): the learning-rate schedules of Khodak et al.;
                              finite >= 0: a constant learning rate instead (0 makes the
                              bandit kinds uniform) */
    kes_tuner_estimator estimator; /**< Tsallis-INF kinds: the loss estimator, default
                                        KES_ESTIMATOR_REDUCED_VARIANCE; ignored by the other kinds */
} kes_tuner_opts;

/** The default options: the constants of Khodak et al. (ICLR 2024) for
 *  their SOR and heat-equation experiments (20 arms on [1, 1.95], m = 6,
 *  5 bins, cost offset 1, their eta schedules), except the estimator, which
 *  is the reduced-variance one.
 *  @return the defaults; never fails.  Thread-safe. */
KES_API kes_tuner_opts kes_tuner_opts_default(void);

/** Create a tuner.
 *  @param kind the learner
 *  @param o options, or NULL for kes_tuner_opts_default()
 *  @param rng the caller's generator; exactly one 64-bit draw is taken
 *  @param t on success, the new tuner (release with kes_tuner_destroy);
 *         untouched on error
 *  @return KES_OK; KES_EINVAL (t or rng NULL, unknown kind, non-finite
 *          option, n_arms/cheb_m/n_bins out of range, cost_offset outside
 *          [0, KES_TUNER_COST_MAX], unknown estimator for a Tsallis-INF
 *          kind); KES_EDOM (omega bounds outside (0, 2) or omega_min >
 *          omega_max, context_min >= context_max for a contextual kind);
 *          KES_ENOMEM.
 *  Cost: O(n_arms (n_bins + cheb_m^2)) time and memory.  Thread-safe for
 *  distinct rng objects. */
KES_API kes_status kes_tuner_create(kes_tuner_kind kind, const kes_tuner_opts *o, kes_rng *rng,
                                    kes_tuner **t);

/** Choose omega for the next solve.
 *  @param t the tuner
 *  @param context used by the contextual kinds (ignored otherwise, NaN
 *         included); a finite or infinite context outside [context_min,
 *         context_max] is clamped into it
 *  @param omega on success, the chosen omega; untouched on error
 *  @return KES_OK; KES_CLAMPED when the context was clamped (the choice is
 *          still made and valid); KES_EINVAL (NULL); KES_ENAN (NaN context
 *          for a contextual kind).
 *  A second choose before observe replaces the pending choice.
 *  Cost: O(d) for Tsallis-INF (plus at most 50 Newton steps), O(d m) for
 *  ChebCB. */
KES_API kes_status kes_tuner_choose(kes_tuner *t, double context, double *omega);

/** Tell the tuner the system it is about to choose omega for (optional;
 *  call it before kes_tuner_choose, every round or whenever the matrix
 *  changes).  KES_TUNER_AUTO derives its prior and arms from it (see the
 *  kind); the other kinds check the dimensions and otherwise ignore it.
 *  The tuner keeps no pointer to A: only a few numbers derived from it.
 *  The system stays in effect for later rounds until another call; NULL
 *  clears it (AUTO then chooses as when no system was ever set).
 *  @param t the tuner
 *  @param A the square matrix of the next solve (CSR), or NULL
 *  @return KES_OK; KES_EINVAL (t NULL, or NULL arrays in A); KES_EDIM (A
 *          not square or empty); for KES_TUNER_AUTO also KES_EBADDATA
 *          (broken CSR structure), KES_ENAN (NaN/Inf in A), KES_ERANGE
 *          (entries so large that their sums overflow) and KES_ENOMEM,
 *          with the tuner's state unchanged, and KES_ENOTSPD (a missing or
 *          non-positive diagonal entry: A is not SPD), after which the
 *          system is cleared as with NULL.
 *  Cost for AUTO: O(nnz) to recognise a matrix related to the last
 *  analysed one; otherwise a Lanczos run of at most 120 steps, each one
 *  pass over A, and O(n) temporary memory (allocated and freed here).
 *  Not thread-safe on one tuner. */
KES_API kes_status kes_tuner_set_system(kes_tuner *t, const kes_csr *A);

/** Report the cost of the solve made with the last chosen omega
 *  (iterations, seconds, ...; use the iteration cap when the solve did not
 *  converge).
 *  @param t the tuner
 *  @param cost in [0, KES_TUNER_COST_MAX]
 *  @return KES_OK; KES_EINVAL (t NULL; cost negative, NaN or infinite);
 *          KES_ERANGE (a finite cost above KES_TUNER_COST_MAX, or the tuner
 *          has already counted INT64_MAX rounds); KES_ESTATE (no pending
 *          choose).  On error the state is unchanged.
 *  Cost: O(d) for Tsallis-INF; O(m^3) for ChebCB, O(d m^3) in rounds where
 *  the cost scale changes (all arms are refitted). */
KES_API kes_status kes_tuner_observe(kes_tuner *t, double cost);

/** Free a tuner.
 *  @param t the tuner, or NULL (a no-op) */
KES_API void kes_tuner_destroy(kes_tuner *t);

/** The kind of a tuner (named get_ because kes_tuner_kind is the type).
 *  @param t the tuner
 *  @return the kind; KES_TUNER_FIXED when t is NULL.  Read-only. */
KES_API kes_tuner_kind kes_tuner_get_kind(const kes_tuner *t);
/** The name of a kind: "fixed", "tsallis-inf", "tsallis-inf-cb", "chebcb",
 *  "auto".
 *  @param kind the kind
 *  @return a static string; "unknown" for a value outside the enum. */
KES_API const char *kes_tuner_kind_name(kes_tuner_kind kind);
/** Parse a name as kes_tuner_kind_name writes it.
 *  @param name the name
 *  @param kind on success, the kind; untouched on error
 *  @return KES_OK; KES_EINVAL when name is unknown or a pointer is NULL. */
KES_API kes_status kes_tuner_kind_from_name(const char *name, kes_tuner_kind *kind);
/** The options the tuner was created with (named get_ because
 *  kes_tuner_opts is the type).
 *  @param t the tuner
 *  @return a copy; kes_tuner_opts_default() when t is NULL. */
KES_API kes_tuner_opts kes_tuner_get_opts(const kes_tuner *t);
/** Number of arms d.
 *  @param t the tuner
 *  @return d (1 for KES_TUNER_FIXED, 13 for KES_TUNER_AUTO); 0 when t is
 *          NULL. */
KES_API int64_t kes_tuner_n_arms(const kes_tuner *t);
/** Copy the arm grid (for KES_TUNER_AUTO, the arms' omegas for the
 *  system last given to kes_tuner_set_system).
 *  @param t the tuner
 *  @param omega receives the d arm values
 *  @return KES_OK; KES_EINVAL (NULL). */
KES_API kes_status kes_tuner_arms(const kes_tuner *t, double *omega);
/** The probability vector that kes_tuner_choose would sample from at this
 *  context.  For the bandit kinds every entry is > 0 (at least about
 *  KES_TUNER_PROB_MIN) and the entries sum to 1 up to rounding; the fixed
 *  kind has the single entry 1.  Does not advance the random stream.
 *  @param t the tuner
 *  @param context as in kes_tuner_choose
 *  @param p receives d probabilities; untouched on error
 *  @return as kes_tuner_choose.  Cost as kes_tuner_choose. */
KES_API kes_status kes_tuner_probabilities(const kes_tuner *t, double context, double *p);
/** Number of observed rounds played with each arm.
 *  @param t the tuner
 *  @param counts receives d counts
 *  @return KES_OK; KES_EINVAL (NULL). */
KES_API kes_status kes_tuner_counts(const kes_tuner *t, int64_t *counts);
/** Number of observed rounds.
 *  @param t the tuner
 *  @return the count; 0 when t is NULL. */
KES_API int64_t kes_tuner_rounds(const kes_tuner *t);
/** Index of the arm chosen by the last kes_tuner_choose (also after its
 *  observe).
 *  @param t the tuner
 *  @param arm on success, the index in [0, d); untouched on error
 *  @return KES_OK; KES_EINVAL (NULL); KES_ESTATE before the first choose. */
KES_API kes_status kes_tuner_last_arm(const kes_tuner *t, int64_t *arm);
/** ChebCB: the regression's predicted cost of every arm at this context,
 *  cost_offset + S theta_i . phi(context).
 *  @param t the tuner
 *  @param context as in kes_tuner_choose
 *  @param cost receives d predicted costs; untouched on error
 *  @return as kes_tuner_choose, or KES_ENOTSUP for the other kinds.
 *  Cost O(d m). */
KES_API kes_status kes_tuner_predicted_costs(const kes_tuner *t, double context, double *cost);

/** Write the complete state (options, learned statistics, pending choice
 *  and random stream) to a small text file.  Floating-point values are
 *  written in C99 hexadecimal so the round trip is exact (a restored tuner
 *  makes the same choices as the original would have), and always in the C
 *  locale: the file does not depend on the caller's LC_NUMERIC, and the
 *  calling thread's locale is restored before returning.
 *  @param t the tuner
 *  @param path file to create or overwrite
 *  @return KES_OK; KES_EINVAL (NULL); KES_EIO (cannot open or write);
 *          KES_ENOMEM (no locale object).
 *  Size O(d (n_bins + cheb_m^2)) bytes.  Thread-safe for distinct files. */
KES_API kes_status kes_tuner_save(const kes_tuner *t, const char *path);
/** Create a tuner from a file written by kes_tuner_save (in any locale).
 *  Besides the format, the state is checked for consistency and for room to
 *  continue: counts that add up to the rounds, fewer than INT64_MAX rounds,
 *  statistics within the bounds that the learners keep, a pending choice
 *  that matches the state it was drawn from.
 *  @param path the file
 *  @param t on success, the new tuner; untouched on error
 *  @return KES_OK; KES_EINVAL (NULL); KES_EIO (cannot open); KES_EPARSE
 *          (malformed or truncated file, invalid options, inconsistent,
 *          non-finite or out-of-bound state); KES_ENOMEM. */
KES_API kes_status kes_tuner_load(const char *path, kes_tuner **t);
/** kes_tuner_save on an open stream.
 *  @param t the tuner
 *  @param f a stream open for writing (not closed)
 *  @return as kes_tuner_save. */
KES_API kes_status kes_tuner_save_stream(const kes_tuner *t, FILE *f);
/** kes_tuner_load on an open stream.
 *  @param f a stream open for reading (not closed; read up to the "end"
 *         record)
 *  @param t on success, the new tuner; untouched on error
 *  @return as kes_tuner_load (never KES_EIO for opening). */
KES_API kes_status kes_tuner_load_stream(FILE *f, kes_tuner **t);

/* end of section 2 */

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SOLVERS_H */
