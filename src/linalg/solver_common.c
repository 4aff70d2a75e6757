/*
 * The common solver driver: plans (set-up once per sparsity pattern),
 * input checks, the stopping rules and divergence guard, and the
 * step-by-step interface.  The
 * methods themselves live in solver_sor.c, solver_cg.c and solver_multicolor.c and plug in
 * through a const kes_solver_type (GSL-style alloc/iterate/free).
 */
#include "linalg/solver_internal.h"

/* Residual growth past this factor of ||r_0|| counts as divergence. */
#define KES_DIVERGE_FACTOR 1e10
/* Krylov methods re-check the true residual when the recurrence says
 * converged; after this many failed checks the recurrence is trusted. */
#define KES_MAX_VERIFY 20

kes_solve_opts kes_solve_opts_default(void)
{
    kes_solve_opts o;
    memset(&o, 0, sizeof o);
    o.tol = 1e-8;
    o.max_iter = 10000;
    o.stop = KES_STOP_AUTO;
    o.zero_guess = 0;
    o.history = NULL;
    o.history_cap = 0;
    return o;
}

kes_status kes__solver_vectors(kes_solver *s, int k)
{
    if (k > KES_SOLVER_MAXVEC) return KES_EINVAL;
    for (int j = s->nvec; j < k; j++) {
        s->w[j] = kes__calloc_n((size_t)s->n, sizeof(double));
        if (!s->w[j]) return KES_ENOMEM;
        s->nvec = j + 1;
    }
    return KES_OK;
}

double kes__bdot(int64_t n, const double *a, const double *b, double *part, int par)
{
    const int64_t nb = kes__nblocks(n);
#pragma omp parallel for schedule(static) if (par)
    for (int64_t ib = 0; ib < nb; ib++) {
        const int64_t lo = ib * KES_RBLOCK, hi = lo + KES_RBLOCK < n ? lo + KES_RBLOCK : n;
        part[ib] = kes__block_dot(lo, hi, a, b);
    }
    return kes__sum_parts(nb, part);
}

double kes__xdot(int64_t n, const double *a, const double *b, const double *c, double plain, int *e, double *absum)
{
    *e = 0;
    if (!absum && isfinite(plain) && fabs(plain) >= DBL_MIN) return plain;
    double ma = 0.0, mb = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const double ai = fabs(a[i]), bi = fabs(c ? b[i] + c[i] : b[i]);
        if (!(ai <= DBL_MAX && bi <= DBL_MAX)) {
            if (absum) *absum = plain;
            return plain;
        }
        if (ai > ma) ma = ai;
        if (bi > mb) mb = bi;
    }
    if (ma == 0.0 || mb == 0.0) {
        if (absum) *absum = 0.0;
        return 0.0;
    }
    const int ea = ilogb(ma), eb = ilogb(mb);
    double m = 0.0, ab = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const double t = ldexp(a[i], -ea) * ldexp(c ? b[i] + c[i] : b[i], -eb);
        m += t;
        ab += fabs(t);
    }
    if (absum) *absum = ab;
    *e = ea + eb;
    return m;
}

double kes__residual(const kes_csr *A, const double *restrict b, const double *restrict x, double *restrict r)
{
    const int64_t *rp = A->rowptr;
    const int32_t *ci = A->colind;
    const double *v = A->val;
    double ss = 0.0;
    for (int64_t i = 0; i < A->nrows; i++) {
        double t = b[i];
        for (int64_t k = rp[i]; k < rp[i + 1]; k++) t -= v[k] * x[ci[k]];
        r[i] = t;
        ss += t * t;
    }
    return ss;
}

kes_status kes__start_residual(kes_solver *s, double *rnorm)
{
    *rnorm = kes__xnorm(s->n, s->w[0], kes__residual(s->A, s->b, s->x, s->w[0]));
    return KES_OK;
}

/* Plain CG never divides by a_ii (no preconditioner, no sweep), so a zero
 * or missing diagonal entry is no reason to refuse it; every other CSR
 * method divides by it. */
static int needs_diagonal(const kes_solver_type *type) { return type != kes_solver_cg; }

/* Values finite, every diagonal entry present and nonzero (when the method
 * needs it); fills invdiag only when everything passes, so a rejected
 * matrix leaves the plan as it was.  A method that does not need the
 * diagonal gets 0 for a missing entry and 0 as the inverse of a zero one
 * (never read). */
static kes_status check_values(const kes_solver_type *type, const kes_csr *A, const int64_t *diagpos,
                               double *invdiag, double *diag)
{
    if (!kes__all_finite(A->val, (size_t)A->nnz)) return KES_ENAN;
    const int need = needs_diagonal(type);
    if (need)
        for (int64_t i = 0; i < A->nrows; i++)
            if (diagpos[i] < 0 || A->val[diagpos[i]] == 0.0) return KES_ESINGULAR;
    for (int64_t i = 0; i < A->nrows; i++) {
        diag[i] = diagpos[i] < 0 ? 0.0 : A->val[diagpos[i]];
        invdiag[i] = diag[i] == 0.0 ? 0.0 : 1.0 / diag[i];
    }
    return KES_OK;
}

static kes_status check_square(const kes_csr *A)
{
    if (!A || !A->rowptr || (A->nnz > 0 && (!A->colind || !A->val))) return KES_EINVAL;
    if (A->nrows <= 0 || A->nrows != A->ncols) return KES_EDIM;
    return KES_OK;
}

kes_status kes_solver_create(const kes_solver_type *type, const kes_csr *A, kes_solver **out)
{
    /* A descriptor without the hooks the driver calls is refused, not called. */
    if (!type || !out || !type->start || !type->step) return KES_EINVAL;
    kes_status st = check_square(A);
    if (st) return st;
    st = kes_csr_validate(A);
    if (st) return st;
    kes_solver *s = calloc(1, sizeof *s);
    if (!s) return KES_ENOMEM;
    s->type = type;
    s->A = A;
    s->n = A->nrows;
    s->omega = 1.0;
    s->ncolors = 1;
    s->diagpos = kes__malloc_n((size_t)s->n, sizeof(int64_t));
    s->invdiag = kes__malloc_n((size_t)s->n, sizeof(double));
    s->diag = kes__malloc_n((size_t)s->n, sizeof(double));
    s->x0 = kes__malloc_n((size_t)s->n, sizeof(double));
    s->part = kes__malloc_n((size_t)kes__nblocks(s->n), sizeof(double));
    s->par = s->n >= KES_PAR_MIN;
    if (!s->diagpos || !s->invdiag || !s->diag || !s->x0 || !s->part) {
        st = KES_ENOMEM;
        goto fail;
    }
    st = kes_csr_diag_positions(A, s->diagpos);
    if (st) goto fail;
    st = check_values(type, A, s->diagpos, s->invdiag, s->diag);
    if (st) goto fail;
    if (type->create) {
        st = type->create(s);
        if (st) goto fail;
    }
    *out = s;
    return KES_OK;
fail:
    kes_solver_destroy(s);
    return st;
}

kes_status kes__solver_create_linop(const kes_linop *A, const kes_linop *Minv, kes_solver **out)
{
    kes_solver *s = calloc(1, sizeof *s);
    if (!s) return KES_ENOMEM;
    s->type = &kes__pcg_linop_type;
    s->op = *A;
    s->minv = Minv;
    s->n = A->n;
    s->omega = 1.0;
    s->ncolors = 1;
    s->par = s->n >= KES_PAR_MIN;
    kes_status st = KES_ENOMEM;
    size_t bytes;
    /* five n-vectors (x0 and the four of CG): refuse what cannot be counted */
    if (kes__mul_size(s->n, 5 * (int64_t)sizeof(double), &bytes)) {
        st = KES_ERANGE;
        goto fail;
    }
    s->x0 = kes__malloc_n((size_t)s->n, sizeof(double));
    s->part = kes__malloc_n((size_t)kes__nblocks(s->n), sizeof(double));
    if (!s->x0 || !s->part) goto fail;
    st = s->type->create(s);
    if (st) goto fail;
    *out = s;
    return KES_OK;
fail:
    kes_solver_destroy(s);
    return st;
}

kes_status kes_solver_set_matrix(kes_solver *s, const kes_csr *A)
{
    if (!s) return KES_EINVAL;
    kes_status st = check_square(A);
    if (st) return st;
    const kes_csr *P = s->A;
    if (A->nrows != P->nrows || A->nnz != P->nnz) return KES_EDIM;
    if (A->rowptr != P->rowptr &&
        memcmp(A->rowptr, P->rowptr, (size_t)(A->nrows + 1) * sizeof(int64_t)) != 0)
        return KES_EDIM;
    if (A->colind != P->colind && memcmp(A->colind, P->colind, (size_t)A->nnz * sizeof(int32_t)) != 0)
        return KES_EDIM;
    st = check_values(s->type, A, s->diagpos, s->invdiag, s->diag);
    if (st) return st;
    s->A = A;
    s->active = 0;
    return KES_OK;
}

kes_status kes_solver_set_omega(kes_solver *s, double omega)
{
    if (!s) return KES_EINVAL;
    if (!(omega > 0.0 && omega < 2.0)) return KES_EDOM;
    if (s->type->uses_omega) s->omega = omega;
    return KES_OK;
}

const char *kes_solver_name(const kes_solver *s) { return s ? s->type->name : "(null)"; }
double kes_solver_omega(const kes_solver *s) { return s ? s->omega : NAN; }
int64_t kes_solver_ncolors(const kes_solver *s) { return s ? s->ncolors : 0; }

void kes_solver_destroy(kes_solver *s)
{
    if (!s) return;
    if (s->type && s->type->destroy) s->type->destroy(s);
    for (int j = 0; j < s->nvec; j++) free(s->w[j]);
    free(s->color_ptr);
    free(s->color_rows);
    free(s->diagpos);
    free(s->invdiag);
    free(s->diag);
    free(s->x0);
    free(s->part);
    free(s);
}

void kes__record(kes_solver *s, kes_solve_stats *st, double rnorm)
{
    st->residual_norm = rnorm;
    st->residual = s->ref > 0.0 ? rnorm / s->ref : 0.0;
    if (s->o.history && st->history_len < s->o.history_cap) s->o.history[st->history_len++] = st->residual;
}

int kes__stop_met(const kes_solver *s, double rnorm)
{
    /* SOR: strict, relative to r_0 (as the authors' sor.m); PCG: <=,
     * relative to ||b|| (as MATLAB's pcg) */
    return s->rel_b ? rnorm <= s->o.tol * s->ref : rnorm < s->o.tol * s->ref;
}

/* Abandon a solve whose iterate left the finite numbers or blew up: give
 * the caller back the initial guess, which is finite.  The statistics
 * describe the x the caller gets back, so the residual is the initial one
 * (the diverged value, possibly not even computed when a first step
 * overflowed, would describe nothing the caller holds). */
kes_status kes__diverged(kes_solver *s, kes_solve_stats *st, double rnorm)
{
    (void)rnorm;
    memcpy(s->x, s->x0, (size_t)s->n * sizeof(double));
    st->residual_norm = s->r0;
    st->residual = s->ref > 0.0 ? s->r0 / s->ref : s->r0;
    st->converged = 0;
    st->status = KES_EDIVERGE;
    s->active = 0;
    return KES_EDIVERGE;
}

kes_status kes_solver_start(kes_solver *s, const double *b, double *x, const kes_solve_opts *o, kes_solve_stats *st)
{
    if (!s || !b || !x || !st) return KES_EINVAL;
    kes_solve_opts opt = o ? *o : kes_solve_opts_default();
    if (!(opt.tol > 0.0) || !isfinite(opt.tol) || opt.max_iter < 0 || opt.history_cap < 0 ||
        (opt.history_cap > 0 && !opt.history) || opt.stop < KES_STOP_AUTO || opt.stop > KES_STOP_REL_R0)
        return KES_EINVAL;
    const size_t n = (size_t)s->n;
    if (!kes__all_finite(b, n)) return KES_ENAN;
    if (opt.zero_guess)
        memset(x, 0, n * sizeof(double));
    else if (!kes__all_finite(x, n))
        return KES_ENAN;
    memset(st, 0, sizeof *st);
    memcpy(s->x0, x, n * sizeof(double));
    s->o = opt;
    s->b = b;
    s->x = x;
    s->verifies = 0;
    s->first = 1;
    s->rel_b = opt.stop == KES_STOP_REL_B || (opt.stop == KES_STOP_AUTO && s->type->krylov);
    /* Krylov solves use the blocked (threaded, thread-count independent)
     * sum; stationary methods keep their sequential one. */
    s->bnorm = kes__xnorm(s->n, b, s->type->krylov ? kes__bdot(s->n, b, b, s->part, s->par) : kes__dot(s->n, b, b));
    st->b_norm = s->bnorm;
    if (s->rel_b && s->bnorm == 0.0) {
        /* b = 0: the answer is x = 0 exactly (MATLAB pcg does the same). */
        memset(x, 0, n * sizeof(double));
        s->ref = 0.0;
        st->converged = 1;
        kes__record(s, st, 0.0);
        s->active = 0;
        return KES_OK;
    }
    double r0 = NAN;
    kes_status rc = s->type->start(s, &r0);
    if (rc) {
        /* A start hook that refuses (a negative diagonal for an SPD method,
         * an overflow) has measured ||b - A x_0|| first where it could, so
         * the statistics describe the x the caller holds. */
        s->active = 0;
        st->initial_residual_norm = r0;
        st->residual_norm = r0;
        st->residual = s->rel_b ? (s->bnorm > 0.0 ? r0 / s->bnorm : r0) : 1.0;
        st->status = rc;
        return rc;
    }
    s->r0 = r0;
    st->initial_residual_norm = r0;
    s->ref = s->rel_b ? s->bnorm : r0;
    kes__record(s, st, r0);
    st->residual = s->ref > 0.0 ? r0 / s->ref : 0.0;
    if (r0 == 0.0 || (s->rel_b && kes__stop_met(s, r0))) {
        st->converged = 1;
        s->active = 0;
        return KES_OK;
    }
    s->active = 1;
    return KES_OK;
}

kes_status kes_solver_iterate(kes_solver *s, kes_solve_stats *st)
{
    if (!s || !st) return KES_EINVAL;
    if (!s->active) return KES_ESTATE;
    if (st->iterations >= s->o.max_iter) {
        s->active = 0;
        st->status = KES_NOCONV;
        return KES_NOCONV;
    }
    double rnorm = 0.0;
    kes_status rc = s->type->step(s, &rnorm);
    if (rc == KES_EDIVERGE) return kes__diverged(s, st, rnorm);
    if (rc) {
        s->active = 0;
        st->status = rc;
        return rc;
    }
    st->iterations++;
    if (kes__diverging(s, rnorm)) return kes__diverged(s, st, rnorm);
    if (kes__stop_met(s, rnorm) && s->type->verify && s->verifies < KES_MAX_VERIFY) {
        /* The Krylov recurrence residual drifts from b - A x; trust only the
         * true residual (as MATLAB pcg does before it returns). */
        s->verifies++;
        rc = s->type->verify(s, &rnorm);
        if (rc) {
            s->active = 0;
            st->status = rc;
            return rc;
        }
    }
    kes__record(s, st, rnorm);
    if (kes__stop_met(s, rnorm)) {
        st->converged = 1;
        s->active = 0;
    }
    return KES_OK;
}

int kes__diverging(const kes_solver *s, double rnorm)
{
    return !isfinite(rnorm) || rnorm > KES_DIVERGE_FACTOR * s->r0;
}

kes_status kes__conclude(kes_solver *s, kes_solve_stats *st, double rnorm)
{
    if (kes__diverging(s, rnorm)) return kes__diverged(s, st, rnorm);
    kes__record(s, st, rnorm);
    s->active = 0;
    if (kes__stop_met(s, rnorm)) {
        st->converged = 1;
        st->status = KES_OK;
        return KES_OK;
    }
    st->status = KES_NOCONV;
    return KES_NOCONV;
}

kes_status kes_solver_solve(kes_solver *s, const double *b, double *x, const kes_solve_opts *o, kes_solve_stats *st)
{
    kes_solve_stats local;
    if (!st) st = &local;
    kes_status rc = kes_solver_start(s, b, x, o, st);
    if (rc) {
        st->status = rc;
        return rc;
    }
    if (!st->converged && s->type->run) return s->type->run(s, st);
    while (!st->converged) {
        rc = kes_solver_iterate(s, st);
        if (rc) return rc;
    }
    st->status = KES_OK;
    return KES_OK;
}

/* A one-shot solve refused on the values of a structurally valid A (a zero
 * or missing diagonal entry): no iteration ran, but the caller still gets
 * x as documented (0 with zero_guess, finite on every error) and statistics
 * that describe it, as after any other failed solve.  Bad options, a NaN in
 * b or a NaN initial guess take precedence, as they would at the start of a
 * solve; nothing is written then. */
static kes_status refused_values(const kes_solver_type *type, const kes_csr *A, const double *b, double *x,
                                 const kes_solve_opts *o, kes_solve_stats *st, kes_status why)
{
    kes_solve_opts opt = o ? *o : kes_solve_opts_default();
    if (!(opt.tol > 0.0) || !isfinite(opt.tol) || opt.max_iter < 0 || opt.history_cap < 0 ||
        (opt.history_cap > 0 && !opt.history) || opt.stop < KES_STOP_AUTO || opt.stop > KES_STOP_REL_R0)
        return KES_EINVAL;
    const int64_t n = A->nrows;
    if (!kes__all_finite(b, (size_t)n)) return KES_ENAN;
    if (!opt.zero_guess && !kes__all_finite(x, (size_t)n)) return KES_ENAN;
    if (!st) {
        if (opt.zero_guess) memset(x, 0, (size_t)n * sizeof(double));
        return why;
    }
    double *r = kes__malloc_n((size_t)n, sizeof(double));
    if (!r) return KES_ENOMEM;
    if (opt.zero_guess) memset(x, 0, (size_t)n * sizeof(double));
    memset(st, 0, sizeof *st);
    st->b_norm = kes__xnorm(n, b, kes__dot(n, b, b));
    const double r0 = kes__xnorm(n, r, kes__residual(A, b, x, r));
    free(r);
    const int rel_b = opt.stop == KES_STOP_REL_B || (opt.stop == KES_STOP_AUTO && type->krylov);
    st->initial_residual_norm = r0;
    st->residual_norm = r0;
    st->residual = rel_b ? (st->b_norm > 0.0 ? r0 / st->b_norm : r0) : 1.0;
    st->status = why;
    return why;
}

/* The one-shot contract functions: plan, solve, free. */
kes_status kes__solve_once(const kes_solver_type *type, const kes_csr *A, const double *b, double *x, double omega,
                           const kes_solve_opts *o, kes_solve_stats *st)
{
    if (!A || !b || !x) return KES_EINVAL;
    if (type->uses_omega && !(omega > 0.0 && omega < 2.0)) return KES_EDOM;
    kes_solver *s = NULL;
    kes_status rc = kes_solver_create(type, A, &s);
    if (rc == KES_ESINGULAR) return refused_values(type, A, b, x, o, st, rc);
    if (rc) return rc;
    if (type->uses_omega) s->omega = omega;
    rc = kes_solver_solve(s, b, x, o, st);
    kes_solver_destroy(s);
    return rc;
}
