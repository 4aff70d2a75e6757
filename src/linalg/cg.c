/*
 * Conjugate gradients (Hestenes & Stiefel 1952) and preconditioned CG with
 * the Jacobi and SSOR preconditioners (Saad, "Iterative Methods for Sparse
 * Linear Systems", 2nd ed., §9.2), the SSOR one also in Eisenstat's form
 * (S. C. Eisenstat, "Efficient implementation of a class of preconditioned
 * conjugate gradient methods", SIAM J. Sci. Stat. Comput. 2 (1981) 1-4).
 * Stopping rule and the SSOR splitting as in ../shared/reference/sor.md §5.3.
 */
#include "linalg/solve_internal.h"

enum { R = 0, Z = 1, P = 2, Q = 3 };

static kes_status krylov_create(kes_solver *s) { return kes__solver_vectors(s, 4); }


/* z = M^-1 r for M = (D + wL) D^-1 (D + wU) (the factor 1/(w(2-w)) is
 * dropped: PCG iterates do not change when M is scaled).  Forward solve
 * (D + wL) y = r, then backward (D + wU) z = D y, in place in z.  The
 * nearest neighbour (z[i-1], then z[i+1]) is carried in a register and
 * enters last, as in the SOR sweep of sor.c. */
static void ssor_apply(const kes_csr *A, const int64_t *restrict dp, const double *restrict invd, double om,
                       const double *restrict r, double *restrict z)
{
    const int64_t *restrict rp = A->rowptr;
    const int32_t *restrict ci = A->colind;
    const double *restrict v = A->val;
    const int64_t n = A->nrows;
    double zp = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const int64_t kd = dp[i], k0 = rp[i];
        double t = r[i], zi;
        if (kd > k0) {
            for (int64_t k = k0; k < kd - 1; k++) t -= om * v[k] * z[ci[k]];
            const double a = om * v[kd - 1] * invd[i];
            const int32_t c = ci[kd - 1];
            zi = c == i - 1 ? t * invd[i] - a * zp : t * invd[i] - a * z[c];
        } else {
            zi = t * invd[i];
        }
        z[i] = zi;
        zp = zi;
    }
    zp = 0.0;
    for (int64_t i = n - 1; i >= 0; i--) {
        const int64_t kd = dp[i], k1 = rp[i + 1];
        double t = v[kd] * z[i], zi;
        if (k1 > kd + 1) {
            for (int64_t k = k1 - 1; k > kd + 1; k--) t -= om * v[k] * z[ci[k]];
            const double a = om * v[kd + 1] * invd[i];
            const int32_t c = ci[kd + 1];
            zi = c == i + 1 ? t * invd[i] - a * zp : t * invd[i] - a * z[c];
        } else {
            zi = t * invd[i];
        }
        z[i] = zi;
        zp = zi;
    }
}

/* One (P)CG iteration.  kind: 0 none, 1 Jacobi, 2 SSOR.  Breakdown of
 * r'z or p'Ap (not positive) means A or M is not SPD: stop with x at the
 * last iterate. */
static kes_status pcg_step_kind(kes_solver *s, double *rnorm, int kind)
{
    const int64_t n = s->n;
    double *restrict r = s->w[R], *restrict p = s->w[P], *restrict q = s->w[Q], *restrict x = s->x;
    double *z = s->w[Z];
    if (kind == 0) {
        z = r;
    } else if (kind == 1) {
        for (int64_t i = 0; i < n; i++) z[i] = s->invdiag[i] * r[i];
    } else {
        ssor_apply(s->A, s->diagpos, s->invdiag, s->omega, r, z);
    }
    const double rho = kes__dot(n, r, z);
    if (!(rho > 0.0)) return isfinite(rho) ? KES_ENOTSPD : KES_EDIVERGE;
    const double beta = s->first ? 0.0 : rho / s->rho_old;
    for (int64_t i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    const int64_t *restrict rp = s->A->rowptr;
    const int32_t *restrict ci = s->A->colind;
    const double *restrict v = s->A->val;
    double pq = 0.0;
    for (int64_t i = 0; i < n; i++) {
        double t = 0.0;
        for (int64_t k = rp[i]; k < rp[i + 1]; k++) t += v[k] * p[ci[k]];
        q[i] = t;
        pq += p[i] * t;
    }
    if (!(pq > 0.0)) return isfinite(pq) ? KES_ENOTSPD : KES_EDIVERGE;
    const double alpha = rho / pq;
    double rr = 0.0;
    for (int64_t i = 0; i < n; i++) {
        x[i] += alpha * p[i];
        r[i] -= alpha * q[i];
        rr += r[i] * r[i];
    }
    s->rho_old = rho;
    s->first = 0;
    *rnorm = sqrt(rr);
    return KES_OK;
}

static kes_status cg_step(kes_solver *s, double *rnorm) { return pcg_step_kind(s, rnorm, 0); }
static kes_status pcg_jacobi_step(kes_solver *s, double *rnorm) { return pcg_step_kind(s, rnorm, 1); }
static kes_status pcg_ssor_step(kes_solver *s, double *rnorm) { return pcg_step_kind(s, rnorm, 2); }

/* ---- Eisenstat's form of SSOR-PCG ----
 *
 * With E = D/w + L (so E^T = D/w + U for symmetric A) and K = (2/w - 1) D,
 * the SSOR preconditioner is M = E K^-1 E^T and PCG on A with M is PCG on
 * At = E^-1 A E^-T with the diagonal preconditioner K^-1 (z = K rt), with
 * x = E^-T y and rt = E^-1 r.  Because A = E + E^T - K,
 *     At p = t + E^-1 (p - K t),   t = E^-T p,
 * one backward and one forward triangular pass and no SpMV.  The forward
 * pass also accumulates L t, which gives q = A t = E t + p - K t for free,
 * so the un-transformed residual r = b - A x is carried by its own
 * recurrence and the stopping test is on ||r|| / ||b|| as for plain PCG.
 * Work vectors: r, rt, p, t, w (= E^-1 (p - K t)), q. */
enum { ER = 0, ERT = 1, EP = 2, ET = 3, EW = 4, EQ = 5 };

static kes_status eisenstat_create(kes_solver *s) { return kes__solver_vectors(s, 6); }

/* rt = E^-1 r and return rt' K rt. */
static double eisenstat_transform(const kes_solver *s, const double *restrict r, double *restrict rt)
{
    const int64_t *restrict rp = s->A->rowptr;
    const int32_t *restrict ci = s->A->colind;
    const double *restrict v = s->A->val;
    const int64_t *restrict dp = s->diagpos;
    const double om = s->omega, kap = 2.0 / om - 1.0;
    double rho = 0.0;
    for (int64_t i = 0; i < s->n; i++) {
        double t = r[i];
        for (int64_t k = rp[i]; k < dp[i]; k++) t -= v[k] * rt[ci[k]];
        rt[i] = t * om * s->invdiag[i];
        rho += kap * s->diag[i] * rt[i] * rt[i];
    }
    return rho;
}

/* Start, and also the true-residual check: r = b - A x, rt = E^-1 r. */
static kes_status eisenstat_start(kes_solver *s, double *rnorm)
{
    kes__start_residual(s, rnorm);
    s->rho = eisenstat_transform(s, s->w[ER], s->w[ERT]);
    return KES_OK;
}

static kes_status eisenstat_step(kes_solver *s, double *rnorm)
{
    const int64_t *restrict rp = s->A->rowptr;
    const int32_t *restrict ci = s->A->colind;
    const double *restrict v = s->A->val;
    const int64_t *restrict dp = s->diagpos;
    const double *restrict invd = s->invdiag;
    const double *restrict dg = s->diag;
    double *restrict r = s->w[ER], *restrict rt = s->w[ERT], *restrict p = s->w[EP];
    double *restrict t = s->w[ET], *restrict w = s->w[EW], *restrict q = s->w[EQ];
    double *restrict x = s->x;
    const int64_t n = s->n;
    const double om = s->omega, kap = 2.0 / om - 1.0, oinv = 1.0 / om;
    const double rho = s->rho;
    if (!(rho > 0.0)) return isfinite(rho) ? KES_ENOTSPD : KES_EDIVERGE;
    const double beta = s->first ? 0.0 : rho / s->rho_old;

    /* backward: p = K rt + beta p, t = E^-T p.  As in the SOR sweep
     * (sor.c), the neighbour t[i+1] is carried in a register and enters
     * last, through one multiply and one subtract. */
    double tp = 0.0;
    for (int64_t i = n - 1; i >= 0; i--) {
        const int64_t kd = dp[i], k1 = rp[i + 1];
        const double wi = om * invd[i];
        const double pi = kap * v[kd] * rt[i] + beta * p[i];
        double acc = pi, ti;
        if (k1 > kd + 1) {
            for (int64_t k = k1 - 1; k > kd + 1; k--) acc -= v[k] * t[ci[k]];
            const double a = v[kd + 1];
            const int32_t c = ci[kd + 1];
            ti = c == i + 1 ? wi * acc - (wi * a) * tp : wi * (acc - a * t[c]);
        } else {
            ti = wi * acc;
        }
        p[i] = pi;
        t[i] = ti;
        tp = ti;
    }
    /* forward: w = E^-1 (p - K t), q = A t, p' At p = p'(t + w) */
    double pap = 0.0, wp = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const int64_t kd = dp[i], k0 = rp[i];
        const double aii = v[kd], wi = om * invd[i];
        const double f = p[i] - kap * aii * t[i];
        double aw = f, lt = 0.0, wn;
        if (kd > k0) {
            for (int64_t k = k0; k < kd - 1; k++) {
                aw -= v[k] * w[ci[k]];
                lt += v[k] * t[ci[k]];
            }
            const double a = v[kd - 1];
            const int32_t c = ci[kd - 1];
            lt += a * t[c];
            wn = c == i - 1 ? wi * aw - (wi * a) * wp : wi * (aw - a * w[c]);
        } else {
            wn = wi * aw;
        }
        w[i] = wn;
        wp = wn;
        q[i] = aii * oinv * t[i] + lt + f;
        pap += p[i] * (t[i] + wn);
    }
    if (!(pap > 0.0)) return isfinite(pap) ? KES_ENOTSPD : KES_EDIVERGE;
    const double alpha = rho / pap;
    double rr = 0.0, rhon = 0.0;
    for (int64_t i = 0; i < n; i++) {
        x[i] += alpha * t[i];
        rt[i] -= alpha * (t[i] + w[i]);
        r[i] -= alpha * q[i];
        rr += r[i] * r[i];
        rhon += kap * dg[i] * rt[i] * rt[i];
    }
    s->rho_old = rho;
    s->rho = rhon;
    s->first = 0;
    *rnorm = sqrt(rr);
    return KES_OK;
}

/* verify: when the recurrence residual says converged, recompute the true
 * b - A x (it drifts from the recurrence) and continue from it if needed. */
#define KRYLOV(nm, om, crt, sta, stp) \
    { .name = nm, .uses_omega = om, .krylov = 1, .create = crt, .start = sta, .step = stp, .verify = sta, \
      .run = NULL, .destroy = NULL }
static const kes_solver_type cg_type = KRYLOV("cg", 0, krylov_create, kes__start_residual, cg_step);
static const kes_solver_type pcg_jacobi_type =
    KRYLOV("pcg-jacobi", 0, krylov_create, kes__start_residual, pcg_jacobi_step);
static const kes_solver_type pcg_ssor_type = KRYLOV("pcg-ssor", 1, krylov_create, kes__start_residual, pcg_ssor_step);
static const kes_solver_type pcg_eisenstat_type =
    KRYLOV("pcg-eisenstat", 1, eisenstat_create, eisenstat_start, eisenstat_step);
#undef KRYLOV

const kes_solver_type *const kes_solver_cg = &cg_type;
const kes_solver_type *const kes_solver_pcg_jacobi = &pcg_jacobi_type;
const kes_solver_type *const kes_solver_pcg_ssor = &pcg_ssor_type;
const kes_solver_type *const kes_solver_pcg_eisenstat = &pcg_eisenstat_type;

kes_status kes_ssor_pcg_solve(const kes_csr *A, const double *b, double *x, double omega, const kes_solve_opts *o,
                              kes_solve_stats *st)
{
    return kes__solve_once(kes_solver_pcg_eisenstat, A, b, x, omega, o, st);
}

kes_status kes_cg_solve(const kes_csr *A, const double *b, double *x, const kes_solve_opts *o, kes_solve_stats *st)
{
    return kes__solve_once(kes_solver_cg, A, b, x, 1.0, o, st);
}
