/* Private layout of a solver plan, shared by the solver source files
 * (solve_common.c, sor.c, cg.c, multicolor.c).  Not installed. */
#ifndef KES_SOLVE_INTERNAL_H
#define KES_SOLVE_INTERNAL_H

#include "core/internal.h"
#include "kestrel/solvers.h"

/* Work vectors a method may ask for in its create hook. */
#define KES_SOLVER_MAXVEC 6

struct kes_solver {
    const kes_solver_type *type;
    const kes_csr *A;
    int64_t n;
    double omega;
    int64_t *diagpos;   /* index of a_ii in A->val */
    double *invdiag;    /* 1 / a_ii */
    double *diag;       /* a_ii, a contiguous stream for the vector passes */
    double *x0;         /* copy of the initial guess, restored on divergence */
    double *w[KES_SOLVER_MAXVEC]; /* method work vectors, length n each */
    int nvec;

    /* multicolor: rows of colour c are color_rows[color_ptr[c] .. color_ptr[c+1]) */
    int64_t ncolors;
    int64_t *color_ptr;
    int64_t *color_rows;

    /* method scalars carried between steps */
    double rho;
    double rho_old;
    int first;

    /* the active solve */
    int active;          /* 1 between start and the end of the solve */
    const double *b;
    double *x;
    kes_solve_opts o;
    int rel_b;           /* 1: stop relative to ||b||; 0: relative to ||r_0|| */
    double ref;          /* the norm the stopping test divides by */
    double r0;
    double bnorm;
    int64_t verifies;
};

/* Allocate k work vectors of length n (zeroed) for a method's create hook. */
kes_status kes__solver_vectors(kes_solver *s, int k);

/* Sequential 2-norm and dot product (fixed summation order, so results do
 * not depend on the thread count). */
static inline double kes__dot(int64_t n, const double *restrict a, const double *restrict b)
{
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* r = b - A x and return ||r||^2; sequential row loop. */
double kes__residual(const kes_csr *A, const double *restrict b, const double *restrict x, double *restrict r);

/* Pieces of the driver for a type's run hook (a fused whole-solve path):
 * append rnorm to the stats and history; the stopping test; the divergence
 * test; abandon the solve (x back to x0, KES_EDIVERGE); and finish a solve
 * whose last residual is rnorm (KES_OK, KES_NOCONV or KES_EDIVERGE). */
void kes__record(kes_solver *s, kes_solve_stats *st, double rnorm);
int kes__stop_met(const kes_solver *s, double rnorm);
int kes__diverging(const kes_solver *s, double rnorm);
kes_status kes__diverged(kes_solver *s, kes_solve_stats *st, double rnorm);
kes_status kes__conclude(kes_solver *s, kes_solve_stats *st, double rnorm);

/* w[0] = b - A x and *rnorm = its norm: the start hook of most methods,
 * and the true-residual check of the Krylov ones. */
kes_status kes__start_residual(kes_solver *s, double *rnorm);

/* Plan, solve, destroy: the body of the one-shot contract functions. */
kes_status kes__solve_once(const kes_solver_type *type, const kes_csr *A, const double *b, double *x, double omega,
                           const kes_solve_opts *o, kes_solve_stats *st);

#endif
