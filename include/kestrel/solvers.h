/*
 * kestrel/solvers.h - iterative solvers on kes_csr and the online relaxation-parameter tuners (layer: solvers; depends on core and linalg).
 */
#ifndef KESTREL_SOLVERS_H
#define KESTREL_SOLVERS_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==================================================================== */
/* Section 1: iterative solvers (owner: solvers branch)                 */
/* ==================================================================== */

/* Iterative solvers for A x = b with A a square kes_csr (Saad, "Iterative
 * Methods for Sparse Linear Systems", 2nd ed., ch. 4 and 9; the stopping
 * rules and constants follow ../shared/reference/sor.md §5).
 *
 * Two ways in:
 *  - one-shot functions (kes_sor_solve, kes_ssor_pcg_solve, kes_cg_solve),
 *    which check the input, set up, solve and free;
 *  - a plan (kes_solver) made once per sparsity pattern by
 *    kes_solver_create(type, A, ...): it precomputes the diagonal
 *    positions, the inverse diagonal and every work vector, so a sequence of
 *    solves (one per time step, one per tuner round) pays that set-up once
 *    and never allocates inside the iteration.  kes_solver_set_matrix swaps
 *    in new values with the same pattern, kes_solver_set_omega a new
 *    relaxation parameter.  A caller can also drive the iteration step by
 *    step (kes_solver_start / kes_solver_iterate) to log or stop early.
 *
 * Every method is described by a const kes_solver_type (GSL's
 * alloc/iterate/free pattern): the same driver runs them all.
 *
 * x is the initial guess on entry (warm start; set opts.zero_guess to start
 * from 0 instead) and the answer on exit.
 *
 * Status: KES_OK (converged), KES_NOCONV (max_iter reached; x is the last
 * iterate and the stats say how far it got), KES_EINVAL (NULL, bad option),
 * KES_EDIM (A not square, empty), KES_EDOM (omega outside (0, 2)), KES_ENAN
 * (NaN/Inf in A, b or the initial x), KES_ESINGULAR (a zero or missing
 * diagonal entry), KES_EDIVERGE (residual non-finite or above 1e10 times the
 * initial residual: the solve stops at once and x is reset to the initial
 * guess), KES_ENOTSPD (a Krylov method met p'Ap <= 0 or r'M^-1 r <= 0; x
 * holds the last finite iterate), KES_ENOMEM.  On every error x is finite.
 *
 * Thread-safety: different plans may be used by different threads at once;
 * one plan must not.  Every method except kes_solver_sor_multicolor runs
 * on the calling thread only (so a caller can run one solve per thread);
 * the multicolor sweep uses OpenMP and its iterates and residuals are the
 * same for every thread count.
 *
 * With x0 = 0 the two stopping rules below coincide (||r_0|| = ||b||); they
 * differ for warm starts, where the Krylov rule (MATLAB pcg) is the one a
 * time-stepping code usually wants: choose it with KES_STOP_REL_B. */

/* Which norm the stopping test divides by. */
typedef enum kes_stop_rule {
    /* Per method: stationary methods (Jacobi, Gauss-Seidel, SOR, SSOR)
     * stop on ||r_k|| < tol ||r_0||, as the authors' sor.m; Krylov methods
     * (CG, PCG) stop on ||r_k|| <= tol ||b||, as MATLAB's pcg (0 iterations
     * if the initial guess already satisfies it). */
    KES_STOP_AUTO = 0,
    KES_STOP_REL_B = 1,  /* ||b - A x_k|| <= tol ||b|| */
    KES_STOP_REL_R0 = 2  /* ||b - A x_k|| <  tol ||b - A x_0|| */
} kes_stop_rule;

typedef struct kes_solve_opts {
    double tol;           /* relative tolerance, > 0 (default 1e-8) */
    int64_t max_iter;     /* iteration cap, >= 0 (default 10000) */
    kes_stop_rule stop;   /* default KES_STOP_AUTO */
    int zero_guess;       /* nonzero: ignore x on entry and start from 0 */
    double *history;      /* optional: history[k] = relative residual (as in
                             the stopping test) after k iterations, k = 0 is
                             the start; at most history_cap entries written */
    int64_t history_cap;
} kes_solve_opts;

/* tol 1e-8, max_iter 10000, KES_STOP_AUTO, warm start, no history. */
KES_API kes_solve_opts kes_solve_opts_default(void);

typedef struct kes_solve_stats {
    int64_t iterations;     /* iterations done (sweeps for stationary methods) */
    double residual;        /* final relative residual as in the stopping test */
    int converged;          /* 1 when the stopping test was met */
    double residual_norm;   /* ||b - A x|| at exit (true residual for Krylov methods) */
    double initial_residual_norm; /* ||b - A x_0|| */
    double b_norm;          /* ||b|| */
    int64_t history_len;    /* entries written to opts.history */
    kes_status status;      /* what the solve returned */
} kes_solve_stats;

/* SOR: one forward SOR sweep per iteration (x_i += omega g_i / a_ii with g
 * the local residual), stopping on ||r_k||/||r_0|| < tol (KES_STOP_AUTO)
 * with the exact fused residual r = (1 - omega) g - U delta (reference
 * §5.2), so no extra matrix-vector product.  omega in (0, 2); omega = 1 is
 * Gauss-Seidel.  Converges for SPD A and any omega in (0, 2).  Cost per
 * iteration: about 1.5 passes over A.  Errors: see above. */
KES_API kes_status kes_sor_solve(const kes_csr *A, const double *b, double *x, double omega,
                                 const kes_solve_opts *o, kes_solve_stats *st);
/* Conjugate gradients preconditioned by SSOR, M = (D + wL) D^-1 (D + wU) /
 * (w(2 - w)), in Eisenstat's form (one backward and one forward triangular
 * pass, no separate matrix-vector product; iterates equal those of plain
 * SSOR-PCG in exact arithmetic).  Stops on the un-transformed residual
 * ||b - A x|| <= tol ||b|| (MATLAB pcg convention).  A must be symmetric
 * positive definite (KES_ENOTSPD when that visibly fails); omega in (0, 2). */
KES_API kes_status kes_ssor_pcg_solve(const kes_csr *A, const double *b, double *x, double omega,
                                      const kes_solve_opts *o, kes_solve_stats *st);
/* Plain conjugate gradients (Hestenes & Stiefel 1952), stopping on
 * ||b - A x|| <= tol ||b||.  A symmetric positive definite. */
KES_API kes_status kes_cg_solve(const kes_csr *A, const double *b, double *x, const kes_solve_opts *o,
                                kes_solve_stats *st);

/* ---- plans and the solver-family descriptor ---- */

typedef struct kes_solver kes_solver; /* opaque plan + workspace + iteration state */

/* A solver family.  The driver calls create once (allocate the method's
 * work vectors), start at the beginning of a solve (set up the residual;
 * *rnorm = ||b - A x_0||), step once per iteration (*rnorm = the residual
 * norm the stopping test uses), verify (optional, Krylov methods) when the
 * recurrence says converged (recompute the true residual), run (optional)
 * instead of the step loop in kes_solver_solve, destroy at the end.  Users pick one of the kes_solver_* descriptors below; the members
 * are public only so the table is readable. */
typedef struct kes_solver_type {
    const char *name;
    int uses_omega;   /* 1: omega is a parameter of the method */
    int krylov;       /* 1: KES_STOP_AUTO means relative to ||b|| */
    kes_status (*create)(kes_solver *s);
    kes_status (*start)(kes_solver *s, double *rnorm);
    kes_status (*step)(kes_solver *s, double *rnorm);
    kes_status (*verify)(kes_solver *s, double *rnorm);
    /* optional fused path for a whole kes_solver_solve after start, with the
     * same iterates, counts and stopping test as the step loop (SOR uses it
     * to fold each residual into the next sweep); NULL: the step loop */
    kes_status (*run)(kes_solver *s, kes_solve_stats *st);
    void (*destroy)(kes_solver *s);
} kes_solver_type;

/* Damped Jacobi, x += omega D^-1 (b - A x) (omega = 1: plain Jacobi; set
 * it with kes_solver_set_omega).  1 SpMV per iteration. */
KES_API extern const kes_solver_type *const kes_solver_jacobi;
/* Gauss-Seidel: forward SOR with omega fixed at 1. */
KES_API extern const kes_solver_type *const kes_solver_gauss_seidel;
/* Forward, backward and symmetric (forward then backward) SOR, each with
 * the exact fused residual of its last sweep. */
KES_API extern const kes_solver_type *const kes_solver_sor;
KES_API extern const kes_solver_type *const kes_solver_sor_backward;
KES_API extern const kes_solver_type *const kes_solver_ssor;
/* Multicolor SOR: a greedy colouring of the (symmetrised) pattern, rows of
 * one colour updated in parallel with OpenMP (red-black for a 5-point
 * stencil in natural order).  This is SOR in the colour-permuted ordering,
 * a DIFFERENT iteration from kes_solver_sor: other iterates, other
 * iteration counts, and in general another spectral radius and best omega,
 * so tune omega for it separately.  (Red-black ordering of the 5-point
 * Laplacian is consistently ordered, so there Young's theory still holds
 * and the asymptotic rate matches natural ordering; for other colourings,
 * e.g. the 4 colours of a 9-point stencil, rate and best omega can move.)  Result
 * independent of the thread count.  The residual is a full SpMV per
 * iteration. */
KES_API extern const kes_solver_type *const kes_solver_sor_multicolor;
/* CG; PCG with the Jacobi preconditioner; PCG with the SSOR preconditioner
 * applied as two triangular solves plus a SpMV (about 2 full passes over A
 * per iteration); the same preconditioner in Eisenstat's form (Eisenstat
 * 1981: one backward and one forward triangular pass and no SpMV, about 1
 * pass over A).  Both SSOR forms need A symmetric. */
KES_API extern const kes_solver_type *const kes_solver_cg;
KES_API extern const kes_solver_type *const kes_solver_pcg_jacobi;
KES_API extern const kes_solver_type *const kes_solver_pcg_ssor;
KES_API extern const kes_solver_type *const kes_solver_pcg_eisenstat;

/* Make a plan for type on A: checks A (KES_EINVAL, KES_EDIM not square,
 * KES_ENAN, KES_ESINGULAR zero or missing diagonal), stores a pointer to A
 * (A must stay alive and unchanged, or be replaced with
 * kes_solver_set_matrix), precomputes diagonal positions, 1/a_ii, the
 * colouring (multicolor) and all work vectors.  omega starts at 1.
 * Cost O(nnz) (plus O(nnz) for the colouring), memory a few n-vectors. */
KES_API kes_status kes_solver_create(const kes_solver_type *type, const kes_csr *A, kes_solver **s);
/* Use new matrix A with the same dimensions and sparsity pattern (checked:
 * KES_EDIM when it differs; skipped when A shares the plan's rowptr and
 * colind arrays).  Recomputes 1/a_ii; KES_ENAN / KES_ESINGULAR as in
 * create, and then the plan keeps its previous matrix.  Cost O(nnz). */
KES_API kes_status kes_solver_set_matrix(kes_solver *s, const kes_csr *A);
/* Set the relaxation parameter; KES_EDOM outside (0, 2) (the plan keeps its
 * previous omega).  Ignored by methods without omega (CG, PCG-Jacobi,
 * Gauss-Seidel). */
KES_API kes_status kes_solver_set_omega(kes_solver *s, double omega);
/* Solve A x = b with the plan: kes_solver_start, then kes_solver_iterate
 * until converged, max_iter or an error.  o NULL means the defaults; st
 * may be NULL. */
KES_API kes_status kes_solver_solve(kes_solver *s, const double *b, double *x, const kes_solve_opts *o,
                                    kes_solve_stats *st);
/* Step-wise driving: start a solve (b and x must stay valid until the
 * solve ends; o is copied), then call iterate for one iteration at a time.
 * start returns KES_OK and sets st->converged when x_0 already satisfies
 * the test.  iterate returns KES_OK (st updated: converged or not),
 * KES_NOCONV once st->iterations reached max_iter without convergence,
 * KES_ESTATE when no solve is active or it already ended, or an error
 * (KES_EDIVERGE, KES_ENOTSPD) that ends the solve. */
KES_API kes_status kes_solver_start(kes_solver *s, const double *b, double *x, const kes_solve_opts *o,
                                    kes_solve_stats *st);
KES_API kes_status kes_solver_iterate(kes_solver *s, kes_solve_stats *st);
/* The method's name ("sor", "pcg-eisenstat", ...) and its current omega. */
KES_API const char *kes_solver_name(const kes_solver *s);
KES_API double kes_solver_omega(const kes_solver *s);
/* Number of colours of a multicolor plan (1 for every other method). */
KES_API int64_t kes_solver_ncolors(const kes_solver *s);
/* Free; NULL is a no-op. */
KES_API void kes_solver_destroy(kes_solver *s);

/* ---- raw kernels (no checks beyond NULL/sizes), for benchmarks and
 * users who write their own iteration ---- */

/* One forward SOR sweep in place on x using the plan's diagonal data.  When
 * delta is not NULL it receives the update x_new - x_old.  Cost: one pass
 * over A.  Errors: KES_EINVAL. */
KES_API kes_status kes_solver_sor_sweep(const kes_solver *s, const double *b, double *x, double *delta);

/* end of section 1 */



/* ==================================================================== */
/* Section 2: online relaxation-parameter tuners (owner: tuners branch)  */
/* ==================================================================== */

/* end of section 2 */

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SOLVERS_H */
