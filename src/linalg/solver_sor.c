/*
 * Stationary iterations on CSR: damped Jacobi, Gauss-Seidel, forward,
 * backward and symmetric SOR (Young 1954; Saad, "Iterative Methods for
 * Sparse Linear Systems", 2nd ed., §4.1), with the sweep and the exact
 * fused residual of ../shared/reference/sor.md §5.2.
 */
#include "linalg/solver_internal.h"

/* The sweeps take their mode as a constant: inlining them at each call
 * site gives one branch-free loop per mode. */
#if defined(__GNUC__)
#define SWEEP_INLINE inline __attribute__((always_inline))
#else
#define SWEEP_INLINE inline
#endif

/* One forward SOR sweep (reference §5.2).  The sweep is latency-bound, not
 * bandwidth-bound, unless the row-to-row dependency is kept short, so:
 *  - the strictly upper part is summed first: it only reads old values
 *    and does not wait for x[i-1];
 *  - the lower part is summed in column order, all but its last entry,
 *    which in a banded or stencil matrix is a_{i,i-1};
 *  - x[i-1] is carried in a register instead of being reloaded right after
 *    its store, and the update is rearranged to
 *        x_i <- (x_i + w s') - (w a_{i,i-1}) x_{i-1},   w = omega / a_ii,
 *    where s' is everything but that last term, so the chain from x_{i-1}
 *    to x_i is one multiply and one subtract.
 * This is x_i += omega g_i / a_ii with g the local (Gauss-Seidel) residual,
 * up to rounding. */
enum { SWEEP_PLAIN = 0, SWEEP_DELTA = 1, SWEEP_LAGGED = 2 };

/* mode SWEEP_DELTA also stores the update in delta.  mode SWEEP_LAGGED
 * additionally returns ||r_old||^2 for the iterate the sweep starts from:
 * on entry delta holds the previous sweep's update, and r_old = (1 - w)
 * g_old - U delta_old (reference §5.2) needs exactly the upper-triangle
 * entries the sweep reads anyway; delta[j] for j > i still holds the old
 * update when row i reads it.  The sum is formed as in
 * residual_after_sweep, so stopping decisions match the step loop. */
static SWEEP_INLINE double sweep_forward(const kes_csr *A, const int64_t *restrict dp, const double *restrict invd,
                                   double omega, const double *restrict b, double *restrict x,
                                   double *restrict delta, int mode)
{
    const int64_t *restrict rp = A->rowptr;
    const int32_t *restrict ci = A->colind;
    const double *restrict v = A->val;
    const int64_t n = A->nrows;
    const double c = (1.0 - omega) / omega;
    double xp = 0.0; /* x[i-1], already updated */
    double ss = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const int64_t kd = dp[i], k0 = rp[i];
        const double w = omega * invd[i];
        double s = b[i] - v[kd] * x[i];
        if (mode == SWEEP_LAGGED) {
            double t = c * v[kd] * delta[i];
            for (int64_t k = kd + 1; k < rp[i + 1]; k++) {
                s -= v[k] * x[ci[k]];
                t -= v[k] * delta[ci[k]];
            }
            ss += t * t;
        } else {
            for (int64_t k = kd + 1; k < rp[i + 1]; k++) s -= v[k] * x[ci[k]];
        }
        double xn;
        if (kd > k0) {
            for (int64_t k = k0; k < kd - 1; k++) s -= v[k] * x[ci[k]];
            const double a = v[kd - 1];
            const int32_t cc = ci[kd - 1];
            if (cc == i - 1)
                xn = (x[i] + w * s) - (w * a) * xp;
            else
                xn = x[i] + w * (s - a * x[cc]);
        } else {
            xn = x[i] + w * s;
        }
        if (mode != SWEEP_PLAIN) delta[i] = xn - x[i];
        x[i] = xn;
        xp = xn;
    }
    return ss;
}

/* Backward sweep: the mirror image, rows n-1..0, the lower part (old
 * values) first, then the upper part from its far end, with x[i+1]
 * carried in a register. */
static SWEEP_INLINE void sweep_backward(const kes_csr *A, const int64_t *restrict dp, const double *restrict invd,
                                  double omega, const double *restrict b, double *restrict x,
                                  double *restrict delta, int want_delta)
{
    const int64_t *restrict rp = A->rowptr;
    const int32_t *restrict ci = A->colind;
    const double *restrict v = A->val;
    double xp = 0.0; /* x[i+1], already updated */
    for (int64_t i = A->nrows - 1; i >= 0; i--) {
        const int64_t kd = dp[i], k1 = rp[i + 1];
        const double w = omega * invd[i];
        double s = b[i] - v[kd] * x[i];
        for (int64_t k = rp[i]; k < kd; k++) s -= v[k] * x[ci[k]];
        double xn;
        if (k1 > kd + 1) {
            for (int64_t k = k1 - 1; k > kd + 1; k--) s -= v[k] * x[ci[k]];
            const double a = v[kd + 1];
            const int32_t c = ci[kd + 1];
            if (c == i + 1)
                xn = (x[i] + w * s) - (w * a) * xp;
            else
                xn = x[i] + w * (s - a * x[c]);
        } else {
            xn = x[i] + w * s;
        }
        if (want_delta) delta[i] = xn - x[i];
        x[i] = xn;
        xp = xn;
    }
}

/* Exact residual after a sweep, reference §5.2.  After a forward sweep
 * s_i = b_i - (L x_new)_i - (U x_old)_i, so r = (1 - omega) g - U delta;
 * after a backward sweep the roles swap, r = (1 - omega) g - L delta.
 * With g_i = a_ii delta_i / omega only delta is stored.  Returns ||r||^2.
 * Cost: one triangle of A plus the diagonal. */
static double residual_after_sweep(const kes_csr *A, const int64_t *restrict dp, double omega,
                                   const double *restrict delta, int forward)
{
    const int64_t *restrict rp = A->rowptr;
    const int32_t *restrict ci = A->colind;
    const double *restrict v = A->val;
    const double c = (1.0 - omega) / omega;
    double ss = 0.0;
    for (int64_t i = 0; i < A->nrows; i++) {
        const int64_t lo = forward ? dp[i] + 1 : rp[i], hi = forward ? rp[i + 1] : dp[i];
        double t = c * v[dp[i]] * delta[i];
        for (int64_t k = lo; k < hi; k++) t -= v[k] * delta[ci[k]];
        ss += t * t;
    }
    return ss;
}

/* ||t|| over the rows of A, with t_i = row(ctx, i), in two passes: the
 * largest |t_i| first, then the sum of squares of t_i scaled by a power of
 * 2 from it (as dnrm2 scales), so finite entries give a finite, accurate
 * norm.  A non-finite t_i returns on_nonfinite.  Used only when the fused
 * sum of squares has over- or underflowed, so the indirect call costs
 * nothing that matters. */
static double scaled_row_norm(int64_t nrows, double (*row)(const void *ctx, int64_t i), const void *ctx,
                              double on_nonfinite)
{
    double mx = 0.0, m = 0.0;
    int e = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int64_t i = 0; i < nrows; i++) {
            const double t = row(ctx, i);
            if (pass == 0) {
                if (!(fabs(t) <= DBL_MAX)) return on_nonfinite;
                if (fabs(t) > mx) mx = fabs(t);
            } else {
                const double u = ldexp(t, -e);
                m += u * u;
            }
        }
        if (mx == 0.0) return 0.0;
        e = ilogb(mx);
    }
    return ldexp(sqrt(m), e);
}

/* Row i of the residual after a sweep, from the update delta (the entries
 * residual_after_sweep sums the squares of). */
typedef struct sweep_rows {
    const kes_csr *A;
    const int64_t *dp;
    const double *delta;
    double c; /* (1 - omega) / omega */
    int forward;
} sweep_rows;

static double sweep_row(const void *ctx, int64_t i)
{
    const sweep_rows *w = ctx;
    const int64_t *rp = w->A->rowptr, *dp = w->dp;
    const int32_t *ci = w->A->colind;
    const double *v = w->A->val;
    const int64_t lo = w->forward ? dp[i] + 1 : rp[i], hi = w->forward ? rp[i + 1] : dp[i];
    double t = w->c * v[dp[i]] * w->delta[i];
    for (int64_t k = lo; k < hi; k++) t -= v[k] * w->delta[ci[k]];
    return t;
}

/* sqrt(ss) for ss = residual_after_sweep(...); when ss over- or
 * underflowed (|r| beyond about 1e154 or below about 1e-154) the norm is
 * recomputed from the same entries by scaled_row_norm. */
static double sweep_rnorm(const kes_csr *A, const int64_t *restrict dp, double omega, const double *restrict delta,
                          int forward, double ss)
{
    if (isfinite(ss) && ss >= DBL_MIN) return sqrt(ss);
    const sweep_rows w = {A, dp, delta, (1.0 - omega) / omega, forward};
    return scaled_row_norm(A->nrows, sweep_row, &w, sqrt(ss));
}

/* Row i of b - A x for the plan's current solve. */
static double true_row(const void *ctx, int64_t i)
{
    const kes_solver *s = ctx;
    const kes_csr *A = s->A;
    double t = s->b[i];
    for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) t -= A->val[k] * s->x[A->colind[k]];
    return t;
}

/* ||b - A x|| recomputed from A, b and x (scaled as above); used by the
 * fused SOR run when its lagged sum of squares underflowed. */
static double true_rnorm(const kes_solver *s) { return scaled_row_norm(s->A->nrows, true_row, s, INFINITY); }

kes_status kes_solver_sor_sweep(const kes_solver *s, const double *b, double *x, double *delta)
{
    if (!s || !b || !x) return KES_EINVAL;
    if (delta)
        sweep_forward(s->A, s->diagpos, s->invdiag, s->omega, b, x, delta, SWEEP_DELTA);
    else
        sweep_forward(s->A, s->diagpos, s->invdiag, s->omega, b, x, NULL, SWEEP_PLAIN);
    return KES_OK;
}

/* Shared by every stationary method: one work vector (r_0, then the
 * update delta). */
static kes_status stationary_create(kes_solver *s) { return kes__solver_vectors(s, 1); }

static kes_status forward_step(kes_solver *s, double omega, double *rnorm)
{
    double *d = s->w[0];
    sweep_forward(s->A, s->diagpos, s->invdiag, omega, s->b, s->x, d, SWEEP_DELTA);
    *rnorm = sweep_rnorm(s->A, s->diagpos, omega, d, 1, residual_after_sweep(s->A, s->diagpos, omega, d, 1));
    return KES_OK;
}

static kes_status sor_step(kes_solver *s, double *rnorm) { return forward_step(s, s->omega, rnorm); }
static kes_status gs_step(kes_solver *s, double *rnorm) { return forward_step(s, 1.0, rnorm); }

/* A whole forward-SOR solve with the residual of x_k computed inside sweep
 * k+1 (one pass over A per iteration instead of about 1.5).  When r_k
 * passes the test, sweep k+1 is undone (x -= delta, exact in floating point
 * whenever x_new - x_old was, which Sterbenz's lemma gives for the small
 * updates near convergence); iterates, counts, history and statuses are
 * those of the step loop. */
static kes_status forward_run(kes_solver *s, double omega, kes_solve_stats *st)
{
    double *restrict d = s->w[0];
    double *restrict x = s->x;
    if (s->o.max_iter == 0) { /* as the step loop: r_0 is already recorded */
        s->active = 0;
        st->status = KES_NOCONV;
        return KES_NOCONV;
    }
    /* The lagged residual is a plain sum of squares that cannot be redone
     * once the next sweep has overwritten delta.  It is exact while
     * tol ||r_0|| <= ||r|| <= 1e10 ||r_0|| stays inside [2^-450, 2^450]
     * (the divergence guard bounds the top); a solve at a more extreme
     * scale runs the step loop, whose residual norms are scaled. */
    if (!(s->r0 <= 0x1p450 && s->o.tol * s->ref >= 0x1p-450)) {
        for (;;) {
            kes_status rc = kes_solver_iterate(s, st);
            if (rc) return rc;
            if (st->converged) {
                st->status = KES_OK;
                return KES_OK;
            }
        }
    }
    sweep_forward(s->A, s->diagpos, s->invdiag, omega, s->b, x, d, SWEEP_DELTA);
    st->iterations = 1;
    for (;;) {
        if (st->iterations >= s->o.max_iter)
            return kes__conclude(s, st,
                                 sweep_rnorm(s->A, s->diagpos, omega, d, 1,
                                             residual_after_sweep(s->A, s->diagpos, omega, d, 1)));
        const double ss = sweep_forward(s->A, s->diagpos, s->invdiag, omega, s->b, x, d, SWEEP_LAGGED);
        double rn = sqrt(ss);
        if (kes__diverging(s, rn)) return kes__diverged(s, st, rn);
        if (kes__stop_met(s, rn)) {
            for (int64_t i = 0; i < s->n; i++) x[i] -= d[i];
            /* below 2^-450 the stop is certain but ss may have underflowed */
            if (!(ss >= DBL_MIN)) rn = true_rnorm(s);
            return kes__conclude(s, st, rn);
        }
        kes__record(s, st, rn);
        st->iterations++;
    }
}

static kes_status sor_run(kes_solver *s, kes_solve_stats *st) { return forward_run(s, s->omega, st); }
static kes_status gs_run(kes_solver *s, kes_solve_stats *st) { return forward_run(s, 1.0, st); }

static kes_status sor_backward_step(kes_solver *s, double *rnorm)
{
    double *d = s->w[0];
    sweep_backward(s->A, s->diagpos, s->invdiag, s->omega, s->b, s->x, d, 1);
    *rnorm = sweep_rnorm(s->A, s->diagpos, s->omega, d, 0, residual_after_sweep(s->A, s->diagpos, s->omega, d, 0));
    return KES_OK;
}

/* SSOR as a solver: forward then backward sweep; only the backward one
 * needs its update stored for the fused residual. */
static kes_status ssor_step(kes_solver *s, double *rnorm)
{
    double *d = s->w[0];
    sweep_forward(s->A, s->diagpos, s->invdiag, s->omega, s->b, s->x, NULL, SWEEP_PLAIN);
    sweep_backward(s->A, s->diagpos, s->invdiag, s->omega, s->b, s->x, d, 1);
    *rnorm = sweep_rnorm(s->A, s->diagpos, s->omega, d, 0, residual_after_sweep(s->A, s->diagpos, s->omega, d, 0));
    return KES_OK;
}

/* Damped Jacobi, x += omega D^-1 r, keeping r = b - A x in w[0]. */
static kes_status jacobi_step(kes_solver *s, double *rnorm)
{
    double *restrict r = s->w[0];
    double *restrict x = s->x;
    const double *restrict invd = s->invdiag;
    const double om = s->omega;
    for (int64_t i = 0; i < s->n; i++) x[i] += om * invd[i] * r[i];
    *rnorm = kes__xnorm(s->n, r, kes__residual(s->A, s->b, x, r));
    return KES_OK;
}

#define STATIONARY(nm, om, stp, rn) \
    { .name = nm, .uses_omega = om, .krylov = 0, .create = stationary_create, .start = kes__start_residual, \
      .step = stp, .verify = NULL, .run = rn, .destroy = NULL }
static const kes_solver_type jacobi_type = STATIONARY("jacobi", 1, jacobi_step, NULL);
static const kes_solver_type gs_type = STATIONARY("gauss-seidel", 0, gs_step, gs_run);
static const kes_solver_type sor_type = STATIONARY("sor", 1, sor_step, sor_run);
static const kes_solver_type sor_backward_type = STATIONARY("sor-backward", 1, sor_backward_step, NULL);
static const kes_solver_type ssor_type = STATIONARY("ssor", 1, ssor_step, NULL);
#undef STATIONARY

const kes_solver_type *const kes_solver_jacobi = &jacobi_type;
const kes_solver_type *const kes_solver_gauss_seidel = &gs_type;
const kes_solver_type *const kes_solver_sor = &sor_type;
const kes_solver_type *const kes_solver_sor_backward = &sor_backward_type;
const kes_solver_type *const kes_solver_ssor = &ssor_type;

kes_status kes_sor_solve(const kes_csr *A, const double *b, double *x, double omega, const kes_solve_opts *o,
                         kes_solve_stats *st)
{
    return kes__solve_once(kes_solver_sor, A, b, x, omega, o, st);
}
