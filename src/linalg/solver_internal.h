/* Private layout of a solver plan, shared by the solver source files
 * (solver_common.c, solver_sor.c, solver_cg.c, solver_multicolor.c).  Not installed. */
#ifndef KES_SOLVE_INTERNAL_H
#define KES_SOLVE_INTERNAL_H

#include <float.h>

#include "core/internal.h"
#include "kestrel/solvers.h"

/* Work vectors a method may ask for in its create hook. */
#define KES_SOLVER_MAXVEC 6

struct kes_solver {
    const kes_solver_type *type;
    const kes_csr *A;   /* the matrix of a CSR plan; NULL for an operator solve */
    kes_linop op;       /* the operator CG applies (a view of A for CSR plans) */
    const kes_linop *minv; /* operator preconditioner M^-1, or NULL */
    double *part;       /* one partial sum per reduction block (see kes__bdot) */
    int par;            /* 1: n is large enough for the vector loops to use threads */
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
    double rr;          /* ||r||^2 of the current residual, as a blocked sum */
    double rho;
    double rho_old;
    /* the Krylov scalars above are rr 2^rr_e, rho 2^rho_e, rho_old 2^rho_old_e
     * (kes__xdot): the exponents are 0 unless the plain sum over- or
     * underflowed */
    int rr_e, rho_e, rho_old_e;
    int first;
    int ssor_explicit;  /* pcg-eisenstat: this solve runs the explicit SSOR-PCG form (small omega) */

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

/* Deterministic parallel reductions.  A sum over n terms is split into
 * blocks of KES_RBLOCK consecutive terms; each block is summed by one
 * thread in a fixed order (four interleaved accumulators, combined as
 * (a0 + a1) + (a2 + a3)), the block sums land in part[] and are added
 * in block order by the calling thread.  The blocks do not depend on the
 * thread count, so neither does any bit of the result.  Below
 * KES_PAR_MIN entries everything runs on the calling thread. */
#define KES_RBLOCK 4096
#define KES_PAR_MIN 65536

static inline int64_t kes__nblocks(int64_t n) { return (n + KES_RBLOCK - 1) / KES_RBLOCK; }

/* Sum of a[i] * b[i], i in [lo, hi): the fixed in-block order. */
static inline double kes__block_dot(int64_t lo, int64_t hi, const double *restrict a, const double *restrict b)
{
    double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
    int64_t i = lo;
    for (; i + 3 < hi; i += 4) {
        a0 += a[i] * b[i];
        a1 += a[i + 1] * b[i + 1];
        a2 += a[i + 2] * b[i + 2];
        a3 += a[i + 3] * b[i + 3];
    }
    for (; i < hi; i++) a0 += a[i] * b[i];
    return (a0 + a1) + (a2 + a3);
}

/* Block sums combined in block order. */
static inline double kes__sum_parts(int64_t nb, const double *part)
{
    double t = 0.0;
    for (int64_t k = 0; k < nb; k++) t += part[k];
    return t;
}

/* a . b with the blocked order above; part has kes__nblocks(n) entries. */
double kes__bdot(int64_t n, const double *a, const double *b, double *part, int par);

/* Sum of a_i (b_i + c_i) (c may be NULL) as m 2^e, m returned and e in *e.
 * plain is the caller's ordinary sum: when absum is NULL and plain is a
 * normal finite number it is returned as is with e = 0 (so the usual case
 * keeps its bits and its blocked, thread-count independent order).
 * Otherwise (plain overflowed to Inf, or underflowed to 0 or a subnormal,
 * or absum is wanted) the sum is recomputed sequentially with a and b + c
 * scaled by powers of 2 from their largest magnitudes, as LAPACK's dnrm2
 * scales, so finite data never over- or underflows; absum (when not NULL)
 * receives sum |a_i (b_i + c_i)| with the same scale.  Data holding a
 * NaN/Inf: plain is returned with e = 0. */
double kes__xdot(int64_t n, const double *a, const double *b, const double *c, double plain, int *e, double *absum);
/* sqrt(m 2^e). */
static inline double kes__xsqrt(double m, int e)
{
    if (e & 1) m *= 2.0, e -= 1;
    return e ? ldexp(sqrt(m), e / 2) : sqrt(m);
}
/* ||v|| from ss, v's plain sum of squares, with kes__xdot's fallback. */
static inline double kes__xnorm(int64_t n, const double *v, double ss)
{
    int e = 0;
    const double m = kes__xdot(n, v, v, NULL, ss, &e, NULL);
    return kes__xsqrt(m, e);
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

/* The (P)CG recurrence shared by kes_solver_cg, kes_solver_pcg_jacobi,
 * kes_solver_pcg_ssor and kes_pcg_solve (solver_cg.c): its start/verify hook
 * (r = b - A x through s->op, blocked ||r||^2) and the type used for
 * operator solves. */
kes_status kes__krylov_start(kes_solver *s, double *rnorm);
extern const kes_solver_type kes__pcg_linop_type;
/* A plan for kes__pcg_linop_type over operator A with preconditioner Minv
 * (NULL: none); both checked by the caller and kept by pointer. */
kes_status kes__solver_create_linop(const kes_linop *A, const kes_linop *Minv, kes_solver **out);

/* The apply function of kes_linop_csr (linop.c); CG recognises it and fuses
 * the product with the p'Ap reduction, with the same bits as apply + dot. */
kes_status kes__linop_csr_apply(void *ctx, const double *x, double *y);

/* Plan, solve, destroy: the body of the one-shot contract functions. */
kes_status kes__solve_once(const kes_solver_type *type, const kes_csr *A, const double *b, double *x, double omega,
                           const kes_solve_opts *o, kes_solve_stats *st);

#endif
