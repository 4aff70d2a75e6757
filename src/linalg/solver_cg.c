/*
 * Conjugate gradients (Hestenes & Stiefel 1952) and preconditioned CG with
 * the Jacobi and SSOR preconditioners (Saad, "Iterative Methods for Sparse
 * Linear Systems", 2nd ed., §9.2), the SSOR one also in Eisenstat's form
 * (S. C. Eisenstat, "Efficient implementation of a class of preconditioned
 * conjugate gradient methods", SIAM J. Sci. Stat. Comput. 2 (1981) 1-4).
 * Stopping rule: ||b - A x|| <= tol ||b|| on the true residual, as
 * MATLAB's pcg.  The plain and Jacobi/SSOR-preconditioned methods and the
 * operator solve kes_pcg_solve share one recurrence (pcg_step_kind) and
 * its deterministic blocked reductions.
 */
#include "linalg/solver_internal.h"

enum { R = 0, Z = 1, P = 2, Q = 3 };

static kes_status krylov_create(kes_solver *s) { return kes__solver_vectors(s, 4); }


/* z = M^-1 r for M = (D + wL) D^-1 (D + wU) (the factor 1/(w(2-w)) is
 * dropped: PCG iterates do not change when M is scaled).  Forward solve
 * (D + wL) y = r, then backward (D + wU) z = D y, in place in z.  The
 * nearest neighbour (z[i-1], then z[i+1]) is carried in a register and
 * enters last, as in the SOR sweep of solver_sor.c. */
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

/* Preconditioner of a (P)CG step. */
enum pc_kind { PC_NONE = 0, PC_JACOBI = 1, PC_SSOR = 2, PC_LINOP = 3 };

/* True when apply's output held a NaN or Inf: the solve reports KES_ENAN
 * for an operator, KES_EDIVERGE (overflow of finite data) for a matrix. */
static kes_status nonfinite_status(const kes_solver *s, const double *v)
{
    return !s->A && !kes__all_finite(v, (size_t)s->n) ? KES_ENAN : KES_EDIVERGE;
}

/* A breakdown quantity is negative "beyond rounding" when it is below
 * -KES_BREAKDOWN_REL times the sum of the magnitudes of its terms. */
#define KES_BREAKDOWN_REL 0x1p-26

/* beta = rho / rho_old above this happens only right after a true-residual
 * check replaced a recurrence residual far below rounding level (tol below
 * what the problem allows): the old direction then carries no information
 * and z + beta p would overflow, so the recurrence restarts (beta = 0, as
 * in a first step).  Normal steps have beta far below it. */
#define KES_BETA_RESTART 0x1p200

/* r'z or p'Ap (the sum of a_i (b_i + c_i)) came out <= 0 although finite.
 * For SPD A and M both are positive in exact arithmetic; they reach 0 or a
 * tiny negative value by rounding once the residual is at rounding level
 * (a stagnating solve, MATLAB pcg's flag 3/4), or the vectors vanish.  Only
 * a value clearly negative, below -2^-26 sum |a_i (b_i + c_i)| (recomputed
 * scaled, so no term under- or overflows), is evidence that A or M is not
 * positive definite: KES_ENOTSPD.  Anything else is stagnation: the solve
 * ends KES_NOCONV with x at the last iterate. */
/* The same rule for p'Ap with A a CSR matrix, where the rounding of q = A p
 * itself counts: p'Ap (with p scaled by a power of 2) is recomputed row by
 * row together with |p|'|A||p|, the scale of its rounding error. */
static kes_status breakdown_csr(const kes_csr *A, const double *p)
{
    double mx = 0.0;
    for (int64_t i = 0; i < A->nrows; i++) {
        if (!(fabs(p[i]) <= DBL_MAX)) return KES_EDIVERGE;
        if (fabs(p[i]) > mx) mx = fabs(p[i]);
    }
    if (mx == 0.0) return KES_NOCONV;
    const int e = ilogb(mx);
    double m = 0.0, ab = 0.0;
    for (int64_t i = 0; i < A->nrows; i++) {
        double q = 0.0, qa = 0.0;
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            const double t = A->val[k] * ldexp(p[A->colind[k]], -e);
            q += t;
            qa += fabs(t);
        }
        const double pi = ldexp(p[i], -e);
        m += pi * q;
        ab += fabs(pi) * qa;
    }
    return m < -KES_BREAKDOWN_REL * ab ? KES_ENOTSPD : KES_NOCONV;
}

static kes_status breakdown(int64_t n, const double *a, const double *b, const double *c)
{
    double ab = 0.0;
    int e = 0;
    const double m = kes__xdot(n, a, b, c, NAN, &e, &ab);
    if (!isfinite(m)) return KES_EDIVERGE;
    return m < -KES_BREAKDOWN_REL * ab ? KES_ENOTSPD : KES_NOCONV;
}

/* q = A p through the operator and return p'q, blocked as kes__bdot.  For
 * the CSR operator the product is fused into the reduction (each q[i] is
 * the same row sum as kes_csr_matvec, each block sum the same order as
 * kes__bdot), so the bits equal those of apply followed by kes__bdot. */
static kes_status apply_pq(kes_solver *s, const double *restrict p, double *restrict q, double *pq)
{
    const int64_t n = s->n, nb = kes__nblocks(n);
    double *part = s->part;
    if (s->op.apply == kes__linop_csr_apply) {
        const kes_csr *A = (const kes_csr *)s->op.ctx;
        const int64_t *restrict rp = A->rowptr;
        const int32_t *restrict ci = A->colind;
        const double *restrict v = A->val;
#pragma omp parallel for schedule(static) if (s->par)
        for (int64_t ib = 0; ib < nb; ib++) {
            const int64_t lo = ib * KES_RBLOCK, hi = lo + KES_RBLOCK < n ? lo + KES_RBLOCK : n;
            for (int64_t i = lo; i < hi; i++) {
                double t = 0.0;
                for (int64_t k = rp[i]; k < rp[i + 1]; k++) t += v[k] * p[ci[k]];
                q[i] = t;
            }
            part[ib] = kes__block_dot(lo, hi, p, q);
        }
        *pq = kes__sum_parts(nb, part);
        return KES_OK;
    }
    kes_status rc = s->op.apply(s->op.ctx, p, q);
    if (rc) return rc;
    *pq = kes__bdot(n, p, q, part, s->par);
    return KES_OK;
}

/* Start of a Krylov solve, and its true-residual check: r = b - A x through
 * the operator, rr = ||r||^2 blocked.  The same code for CSR plans and
 * operators, so CG over kes_linop_csr(A) repeats kes_cg_solve bit for bit. */
kes_status kes__krylov_start(kes_solver *s, double *rnorm)
{
    if (s->A) {
        /* a CSR plan: re-point the operator at the plan's current matrix
         * (kes_solver_set_matrix may have replaced it) */
        s->op.n = s->n;
        s->op.apply = kes__linop_csr_apply;
        s->op.ctx = (void *)s->A;
    }
    const int64_t n = s->n, nb = kes__nblocks(n);
    double *restrict r = s->w[R];
    const double *restrict b = s->b;
    kes_status rc = s->op.apply(s->op.ctx, s->x, r);
    if (rc) return rc;
    double *part = s->part;
#pragma omp parallel for schedule(static) if (s->par)
    for (int64_t ib = 0; ib < nb; ib++) {
        const int64_t lo = ib * KES_RBLOCK, hi = lo + KES_RBLOCK < n ? lo + KES_RBLOCK : n;
        for (int64_t i = lo; i < hi; i++) r[i] = b[i] - r[i];
        part[ib] = kes__block_dot(lo, hi, r, r);
    }
    int e = 0;
    const double rr = kes__xdot(n, r, r, NULL, kes__sum_parts(nb, part), &e, NULL);
    if (!isfinite(rr)) return nonfinite_status(s, r);
    s->rr = rr;
    s->rr_e = e;
    *rnorm = kes__xsqrt(rr, e);
    return KES_OK;
}

/* One (P)CG iteration (Saad 2003, Algorithm 9.1), the only copy of the
 * recurrence.  Breakdown of r'z or p'Ap (not positive) means A or M is
 * not SPD: stop with x at the last iterate.  x and r change only after
 * every product of the step succeeded, so on any error x is the last
 * finite iterate.  Vector loops run over the fixed reduction blocks
 * (threads above KES_PAR_MIN), so iterates do not depend on the thread
 * count. */
static kes_status pcg_step_kind(kes_solver *s, double *rnorm, enum pc_kind kind)
{
    const int64_t n = s->n, nb = kes__nblocks(n);
    double *restrict r = s->w[R], *restrict p = s->w[P], *restrict q = s->w[Q], *restrict x = s->x;
    double *restrict part = s->part;
    const int par = s->par;
    double *z = s->w[Z];
    double rho;
    int rho_e = 0, pq_e = 0;
    kes_status rc;
    switch (kind) {
    case PC_NONE:
        z = r;
        rho = s->rr; /* r'r from the previous update or the start: the same blocked sum */
        rho_e = s->rr_e;
        break;
    case PC_JACOBI: {
        const double *restrict invd = s->invdiag;
#pragma omp parallel for schedule(static) if (par)
        for (int64_t ib = 0; ib < nb; ib++) {
            const int64_t lo = ib * KES_RBLOCK, hi = lo + KES_RBLOCK < n ? lo + KES_RBLOCK : n;
            for (int64_t i = lo; i < hi; i++) z[i] = invd[i] * r[i];
            part[ib] = kes__block_dot(lo, hi, r, z);
        }
        rho = kes__xdot(n, r, z, NULL, kes__sum_parts(nb, part), &rho_e, NULL);
        break;
    }
    case PC_SSOR:
        ssor_apply(s->A, s->diagpos, s->invdiag, s->omega, r, z);
        rho = kes__xdot(n, r, z, NULL, kes__bdot(n, r, z, part, par), &rho_e, NULL);
        break;
    default:
        rc = s->minv->apply(s->minv->ctx, r, z);
        if (rc) return rc;
        rho = kes__xdot(n, r, z, NULL, kes__bdot(n, r, z, part, par), &rho_e, NULL);
        if (!isfinite(rho)) return nonfinite_status(s, z);
        break;
    }
    if (!(rho > 0.0)) return isfinite(rho) ? breakdown(n, r, z, NULL) : KES_EDIVERGE;
    /* ratios of m 2^e scalars: exactly the plain ratios when no exponent */
    double beta = s->first ? 0.0 : ldexp(rho / s->rho_old, rho_e - s->rho_old_e);
    if (!(beta <= KES_BETA_RESTART)) beta = 0.0;
#pragma omp parallel for schedule(static) if (par)
    for (int64_t i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    double pq = 0.0;
    rc = apply_pq(s, p, q, &pq);
    if (rc) return rc;
    pq = kes__xdot(n, p, q, NULL, pq, &pq_e, NULL);
    if (!isfinite(pq)) {
        /* q = A p holds a NaN/Inf: from an operator, KES_ENAN; for a CSR
         * matrix (finite A, finite p) the product overflowed: the system's
         * scale |A| |b| is beyond the double range, KES_ERANGE */
        if (!s->A) return nonfinite_status(s, q);
        return kes__all_finite(p, (size_t)n) ? KES_ERANGE : KES_EDIVERGE;
    }
    if (!(pq > 0.0)) return s->A ? breakdown_csr(s->A, p) : breakdown(n, p, q, NULL);
    const double alpha = ldexp(rho / pq, rho_e - pq_e);
    if (alpha == 0.0) return KES_NOCONV; /* the step underflows: x cannot move (stagnation) */
#pragma omp parallel for schedule(static) if (par)
    for (int64_t ib = 0; ib < nb; ib++) {
        const int64_t lo = ib * KES_RBLOCK, hi = lo + KES_RBLOCK < n ? lo + KES_RBLOCK : n;
        for (int64_t i = lo; i < hi; i++) {
            x[i] += alpha * p[i];
            r[i] -= alpha * q[i];
        }
        part[ib] = kes__block_dot(lo, hi, r, r);
    }
    int rr_e = 0;
    const double rr = kes__xdot(n, r, r, NULL, kes__sum_parts(nb, part), &rr_e, NULL);
    s->rr = rr;
    s->rr_e = rr_e;
    s->rho_old = rho;
    s->rho_old_e = rho_e;
    s->first = 0;
    *rnorm = kes__xsqrt(rr, rr_e);
    return KES_OK;
}

static kes_status cg_step(kes_solver *s, double *rnorm) { return pcg_step_kind(s, rnorm, PC_NONE); }
static kes_status pcg_jacobi_step(kes_solver *s, double *rnorm) { return pcg_step_kind(s, rnorm, PC_JACOBI); }
static kes_status pcg_ssor_step(kes_solver *s, double *rnorm) { return pcg_step_kind(s, rnorm, PC_SSOR); }
static kes_status pcg_linop_step(kes_solver *s, double *rnorm)
{
    return pcg_step_kind(s, rnorm, s->minv ? PC_LINOP : PC_NONE);
}

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

/* Below this omega the Eisenstat form is not used: its A~ p = t + w is the
 * difference of two terms of size about omega |p| whose sum is of size
 * omega^2 |p|, so it keeps only about u / omega relative accuracy (and
 * underflows for omega near 1e-300).  The explicit form (ssor_apply plus
 * a SpMV) has no such cancellation, and PCG does not depend on the scale
 * 1 / (omega (2 - omega)) it drops. */
#define KES_EISENSTAT_OMEGA_MIN 0x1p-6

/* rt' K rt = sum kap a_ii rt_i^2 as m 2^e: the plain sum rho when normal,
 * else rescaled; with absum, also the sum of the terms' magnitudes. */
static double eisenstat_rho(const kes_solver *s, const double *restrict rt, double rho, int *e, double *absum)
{
    *e = 0;
    if (!absum && isfinite(rho) && rho >= DBL_MIN) return rho;
    const double kap = 2.0 / s->omega - 1.0;
    double mx = 0.0;
    for (int64_t i = 0; i < s->n; i++) {
        if (!(fabs(rt[i]) <= DBL_MAX)) return rho;
        if (fabs(rt[i]) > mx) mx = fabs(rt[i]);
    }
    if (absum) *absum = 0.0;
    if (mx == 0.0) return 0.0;
    const int er = ilogb(mx);
    double m = 0.0, ab = 0.0;
    for (int64_t i = 0; i < s->n; i++) {
        const double u = ldexp(rt[i], -er), t = kap * s->diag[i] * u * u;
        m += t;
        ab += fabs(t);
    }
    if (absum) *absum = ab;
    *e = 2 * er;
    return m;
}

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

/* An SPD matrix has a positive diagonal, and the Jacobi and SSOR
 * preconditioners are SPD only when it is: a negative a_ii is the cheapest
 * proof that the method does not apply (KES_ENOTSPD), and without this
 * check Eisenstat's start would meet it as an overflow (kappa a_ii rt_i^2
 * summed with both signs) and report divergence instead.  Checked once per
 * solve, after the residual of x_0 is known so that the statistics of the
 * refused solve describe x. */
static kes_status spd_diagonal(const kes_solver *s)
{
    if (!s->first) return KES_OK;
    for (int64_t i = 0; i < s->n; i++)
        if (!(s->diag[i] > 0.0)) return KES_ENOTSPD;
    return KES_OK;
}

static kes_status spd_krylov_start(kes_solver *s, double *rnorm)
{
    kes_status rc = kes__krylov_start(s, rnorm);
    return rc ? rc : spd_diagonal(s);
}

/* Start, and also the true-residual check: r = b - A x, rt = E^-1 r. */
static kes_status eisenstat_start(kes_solver *s, double *rnorm)
{
    /* the form is chosen once per solve (start runs with first = 1; the
     * true-residual checks later keep it) */
    if (s->first) s->ssor_explicit = s->omega < KES_EISENSTAT_OMEGA_MIN;
    if (s->ssor_explicit) return spd_krylov_start(s, rnorm);
    kes__start_residual(s, rnorm);
    kes_status rc = spd_diagonal(s);
    if (rc) return rc;
    s->rho = eisenstat_rho(s, s->w[ERT], eisenstat_transform(s, s->w[ER], s->w[ERT]), &s->rho_e, NULL);
    return KES_OK;
}

static kes_status eisenstat_step(kes_solver *s, double *rnorm)
{
    if (s->ssor_explicit) return pcg_step_kind(s, rnorm, PC_SSOR);
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
    const int rho_e = s->rho_e;
    if (!(rho > 0.0)) {
        if (!isfinite(rho)) return KES_EDIVERGE;
        double ab = 0.0;
        int e = 0;
        const double m = eisenstat_rho(s, rt, rho, &e, &ab);
        return m < -KES_BREAKDOWN_REL * ab ? KES_ENOTSPD : KES_NOCONV; /* as breakdown() */
    }
    double beta = s->first ? 0.0 : ldexp(rho / s->rho_old, rho_e - s->rho_old_e);
    if (!(beta <= KES_BETA_RESTART)) beta = 0.0;

    /* backward: p = K rt + beta p, t = E^-T p.  As in the SOR sweep
     * (solver_sor.c), the neighbour t[i+1] is carried in a register and enters
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
    int pap_e = 0;
    pap = kes__xdot(n, p, t, w, pap, &pap_e, NULL);
    /* p'A~p = t'A t (A~ = E^-1 A E^-T, t = E^-T p): judged on A itself,
     * free of the cancellation in t + w */
    if (!(pap > 0.0)) return isfinite(pap) ? breakdown_csr(s->A, t) : KES_EDIVERGE;
    const double alpha = ldexp(rho / pap, rho_e - pap_e);
    if (alpha == 0.0) return KES_NOCONV; /* as in pcg_step_kind */
    double rr = 0.0, rhon = 0.0;
    for (int64_t i = 0; i < n; i++) {
        x[i] += alpha * t[i];
        rt[i] -= alpha * (t[i] + w[i]);
        r[i] -= alpha * q[i];
        rr += r[i] * r[i];
        rhon += kap * dg[i] * rt[i] * rt[i];
    }
    s->rho_old = rho;
    s->rho_old_e = rho_e;
    s->rho = eisenstat_rho(s, rt, rhon, &s->rho_e, NULL);
    s->first = 0;
    *rnorm = kes__xnorm(n, r, rr);
    return KES_OK;
}

/* verify: when the recurrence residual says converged, recompute the true
 * b - A x (it drifts from the recurrence) and continue from it if needed. */
#define KRYLOV(nm, om, crt, sta, stp) \
    { .name = nm, .uses_omega = om, .krylov = 1, .create = crt, .start = sta, .step = stp, .verify = sta, \
      .run = NULL, .destroy = NULL }
static const kes_solver_type cg_type = KRYLOV("cg", 0, krylov_create, kes__krylov_start, cg_step);
static const kes_solver_type pcg_jacobi_type =
    KRYLOV("pcg-jacobi", 0, krylov_create, spd_krylov_start, pcg_jacobi_step);
static const kes_solver_type pcg_ssor_type = KRYLOV("pcg-ssor", 1, krylov_create, spd_krylov_start, pcg_ssor_step);
const kes_solver_type kes__pcg_linop_type = KRYLOV("pcg-linop", 0, krylov_create, kes__krylov_start, pcg_linop_step);
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

kes_status kes_pcg_solve(const kes_linop *A, const kes_linop *Minv, const double *b, double *x,
                         const kes_solve_opts *o, kes_solve_stats *st)
{
    if (!A || !A->apply || !b || !x) return KES_EINVAL;
    if (Minv && !Minv->apply) return KES_EINVAL;
    if (A->n <= 0) return KES_EDIM;
    if (Minv && Minv->n != A->n) return KES_EDIM;
    kes_solver *s = NULL;
    kes_status rc = kes__solver_create_linop(A, Minv, &s);
    if (rc) return rc;
    rc = kes_solver_solve(s, b, x, o, st);
    kes_solver_destroy(s);
    return rc;
}
