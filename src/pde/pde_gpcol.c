/*
 * Gaussian-process collocation with spectral-mixture covariances for
 * high-frequency problems (GP-HM: Fang, Cooley, Long, Li, Kirby & Zhe,
 * "Solving High Frequency and Multi-Scale PDEs with Gaussian Processes",
 * ICLR 2024), on box grids through Kronecker algebra and on scattered
 * points densely.
 *
 * Model (grid).  u ~ GP(0, k1(x1 - x1') k2(x2 - x2')), each factor a 1-D
 * mixture sum_q w_q e_q(t) cos(om_q t) (Wilson & Adams, ICML 2013: the
 * Gaussian-mixture spectrum gives e_q(t) = exp(-t^2 / (2 l_q^2)); the
 * Student-t choice uses the Matern-5/2 envelope).  U, the grid values,
 * stored n1 x n2 column-major, has covariance K = K2 (x) K1; the
 * conditional-mean Laplacian at the grid is D U = D1 U + U D2^T with
 * D_j = K_j'' K_j^-1.  Interior equations and Dirichlet data are imposed
 * exactly, so for Poisson/Helmholtz the interior values X solve the
 * Sylvester equation (A1 + k2 I) X + X A2^T = C, A_j the interior block
 * of D_j: through real Schur forms and LAPACK dtrsyl (Bartels & Stewart,
 * CACM 15:820-826, 1972) in 2-D, by LU in 1-D.  Allen-Cahn adds u^3 - u:
 * Newton's method, with right-preconditioned GMRES (Saad & Schultz, SIAM
 * J. Sci. Stat. Comput. 7:856-869, 1986) in 2-D, the shifted Sylvester
 * solve as preconditioner.
 *
 * Hyperparameters minimise P = U^T K^-1 U / 2 + log|K| / 2 at the
 * collocated U (the prior term of GP-HM's loss; its residual and boundary
 * terms vanish when imposed exactly).  U depends on theta through D, so the
 * gradient uses the adjoint: with alpha = K^-1 U and lambda solving the
 * transposed interior system for alpha's interior part,
 *   dP = -alpha^T dK alpha / 2 + tr(K^-1 dK) / 2 - lam^T dM alpha
 *        + (D^T lam)^T dK alpha,   M = laplace_x K,
 * which in Kronecker form reduces to inner products of the axis-kernel
 * derivative matrices with n_j x n_j matrices; on an equispaced axis those
 * are Toeplitz, so each parameter costs O(n_j) after one O(n_j^2) pass.
 */
#include <cblas.h>
#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "kernels/gp_scal_internal.h"
#include "kestrel/pde.h"
#include "pde/pde_internal.h"

#define PI_D 3.14159265358979323846264338327950288
#define NMAX 2048
#define JIT_MAX 1e-6
#define OVERSAMPLE 4   /* f samples per grid spacing in the spectral start */
#define PPW_TAIL 1e-6  /* spectral power fraction defining the highest frequency */
#define GM_RESTART 40
#define GM_MAXIT 600
/* inexact Newton: each step's GMRES to 1e-10 relative; Newton's own test
 * (max residual <= 1e-12 max(1, |f|)) sets the final accuracy.  1e-13 could
 * stall at rounding level and run GM_MAXIT iterations per step */
#define GM_RTOL 1e-10
#define NEWTON_MAX 40

kes_gpcol_opts kes_gpcol_opts_default(void)
{
    kes_gpcol_opts o;
    o.components = 30;
    o.max_iter = 0;
    o.tol = 1e-7;
    o.spectrum = KES_GPCOL_GAUSSIAN;
    o.jitter = 1e-12;
    o.k2 = 0.0;
    return o;
}

static kes_status check_opts(const kes_gpcol_opts *o)
{
    if (o->components < 1 || o->components > 200) return KES_EINVAL;
    if (o->max_iter < 0) return KES_EINVAL;
    if (!isfinite(o->tol) || o->tol <= 0.0) return KES_EINVAL;
    if (o->spectrum != KES_GPCOL_GAUSSIAN && o->spectrum != KES_GPCOL_STUDENT_T) return KES_EINVAL;
    if (!(o->jitter >= 0.0 && o->jitter <= 1e-3)) return KES_EINVAL;
    if (!isfinite(o->k2)) return KES_EDOM;
    return KES_OK;
}

/* ------------------------------------------------- the 1-D mixture kernel */

/* One component at lag t: envelope e and its first and second derivatives
 * in t, and the same three differentiated in log l. */
typedef struct env {
    double e, e1, e2, le, le1, le2;
} env;

static env envelope(kes_gpcol_spectrum sp, double t, double l)
{
    env r;
    if (sp == KES_GPCOL_GAUSSIAN) {
        double a = 0.5 / (l * l), t2 = t * t, e = exp(-a * t2);
        r.e = e;
        r.e1 = -2.0 * a * t * e;
        r.e2 = (4.0 * a * a * t2 - 2.0 * a) * e;
        /* d/dlog l = -2a d/da */
        r.le = 2.0 * a * t2 * e;
        r.le1 = (4.0 * a * t - 4.0 * a * a * t2 * t) * e;
        r.le2 = -2.0 * a * ((8.0 * a * t2 - 2.0) - (4.0 * a * a * t2 - 2.0 * a) * t2) * e;
    } else { /* Matern 5/2, s = sqrt(5) / l */
        double s = sqrt(5.0) / l, ra = fabs(t), sr = s * ra, ex = exp(-sr), s2 = s * s;
        r.e = (1.0 + sr + sr * sr / 3.0) * ex;
        r.e1 = -(s2 / 3.0) * t * (1.0 + sr) * ex;
        r.e2 = -(s2 / 3.0) * (1.0 + sr - sr * sr) * ex;
        r.le = (sr * sr / 3.0) * (1.0 + sr) * ex;
        r.le1 = t * ex * (2.0 * s2 / 3.0 + 2.0 * s2 * sr / 3.0 - s2 * sr * sr / 3.0);
        r.le2 = ex * s2 * (2.0 / 3.0 + 2.0 * sr / 3.0 - 5.0 * sr * sr / 3.0 + sr * sr * sr / 3.0);
    }
    return r;
}

/* Axis parameters: theta block of 3Q: log w[Q], v[Q] (om = v * omn), log l[Q]. */
typedef struct axpar {
    const double *lw, *v, *ll;
    double omn;
    int Q;
    kes_gpcol_spectrum sp;
} axpar;

/* k(t) and k''(t) */
static void kern_val(const axpar *a, double t, double *k, double *k2)
{
    double s0 = 0.0, s2 = 0.0;
    for (int q = 0; q < a->Q; q++) {
        double w = exp(a->lw[q]), om = a->v[q] * a->omn, l = exp(a->ll[q]);
        env e = envelope(a->sp, t, l);
        double c = cos(om * t), s = sin(om * t);
        s0 += w * e.e * c;
        s2 += w * (e.e2 * c - 2.0 * om * e.e1 * s - om * om * e.e * c);
    }
    *k = s0;
    *k2 = s2;
}

/* k(t), k''(t) and k''''(t): the covariances of u, of laplace(u) with u,
 * and of laplace(u) with itself along one axis (the derivatives of
 * h(t) cos(w t) by Leibniz's rule). */
static void kern_val4(const axpar *a, double t, double *k, double *k2, double *k4)
{
    double s0 = 0.0, s2 = 0.0, s4 = 0.0;
    for (int q = 0; q < a->Q; q++) {
        double w = exp(a->lw[q]), om = a->v[q] * a->omn, l = exp(a->ll[q]);
        env e = envelope(a->sp, t, l);
        double e3, e4;
        if (a->sp == KES_GPCOL_GAUSSIAN) {
            double aa = 0.5 / (l * l), t2 = t * t;
            e3 = (-8.0 * aa * aa * aa * t2 * t + 12.0 * aa * aa * t) * e.e;
            e4 = (16.0 * aa * aa * aa * aa * t2 * t2 - 48.0 * aa * aa * aa * t2 + 12.0 * aa * aa) * e.e;
        } else {
            double sv = sqrt(5.0) / l, r = fabs(t), ex = exp(-sv * r), s4v = sv * sv * sv * sv;
            e3 = (s4v * t - s4v * sv * t * r / 3.0) * ex;
            e4 = (s4v - 5.0 * s4v * sv * r / 3.0 + s4v * sv * sv * r * r / 3.0) * ex;
        }
        double c = cos(om * t), sn = sin(om * t), o2 = om * om;
        s0 += w * e.e * c;
        s2 += w * (e.e2 * c - 2.0 * om * e.e1 * sn - o2 * e.e * c);
        s4 += w * (e4 * c - 4.0 * om * e3 * sn - 6.0 * o2 * e.e2 * c + 4.0 * o2 * om * e.e1 * sn + o2 * o2 * e.e * c);
    }
    *k = s0;
    *k2 = s2;
    *k4 = s4;
}

/* gradient contributions: g[3Q] += dk/dtheta * wk + dk''/dtheta * wm at lag t
 * (jitter handled by the caller) */
static void kern_grad_acc(const axpar *a, double t, double wk, double wm, double *g)
{
    int Q = a->Q;
    for (int q = 0; q < Q; q++) {
        double w = exp(a->lw[q]), om = a->v[q] * a->omn, l = exp(a->ll[q]);
        env e = envelope(a->sp, t, l);
        double c = cos(om * t), s = sin(om * t);
        double k0 = w * e.e * c;
        double k2 = w * (e.e2 * c - 2.0 * om * e.e1 * s - om * om * e.e * c);
        g[q] += k0 * wk + k2 * wm;
        double dk0 = -w * e.e * t * s;
        double dk2 = w * (-e.e2 * t * s - 2.0 * e.e1 * s - 2.0 * om * e.e1 * t * c - 2.0 * om * e.e * c +
                          om * om * e.e * t * s);
        g[Q + q] += (dk0 * wk + dk2 * wm) * a->omn;
        double lk0 = w * e.le * c;
        double lk2 = w * (e.le2 * c - 2.0 * om * e.le1 * s - om * om * e.le * c);
        g[2 * Q + q] += lk0 * wk + lk2 * wm;
    }
}

/* ------------------------------------------------------ grid collocation */

typedef struct axis {
    int64_t n, m, off; /* points, interior points, first interior index */
    int trivial;       /* the second axis of a 1-D problem: K = [1], K'' = [0] */
    double lo, len, h, omn;
    double *K, *Kd, *Ki, *D; /* n x n: covariance (jittered), K'', K^-1, D = K'' K^-1 */
    double *A;               /* m x m interior block of D (+ k2 on the first axis) */
    double *T, *Z;           /* real Schur form and vectors of A (2-D) */
    double *LU;              /* LU of the interior matrix (1-D) */
    lapack_int *piv;
    double logdet, jit;
} axis;

typedef struct gpc {
    kes_gpcol_op op;
    int dim, Q;
    kes_gpcol_spectrum sp;
    double k2, jitter;
    axis ax[2];
    int64_t n1, n2, m1, m2, N, M;
    double *F;  /* n1 x n2, f at interior points (0 elsewhere) */
    double *UB; /* n1 x n2, g on the boundary, 0 inside */
    double *U, *Ub, *alpha, *Lt, *mu;
    double *w1, *w2, *w3, *w4; /* n1 x n2 work */
    double *s1, *s2;           /* max(n)^2 work */
    double *X, *R;             /* interior m1 x m2 */
    double *gm;                /* GMRES basis and work */
    int have_prev;
    double *Uprev;
    double shift;    /* Sylvester shift of the factored system (k2, or the Newton mean) */
    int64_t newton;
    kes_status newton_status;
    double P;
} gpc;

static void axis_free(axis *a)
{
    free(a->K), free(a->Kd), free(a->Ki), free(a->D), free(a->A), free(a->T), free(a->Z), free(a->LU),
        free(a->piv);
    memset(a, 0, sizeof *a);
}

static void gpc_free(gpc *c)
{
    for (int j = 0; j < 2; j++) axis_free(&c->ax[j]);
    free(c->F), free(c->UB), free(c->U), free(c->Ub), free(c->alpha), free(c->Lt), free(c->mu);
    free(c->w1), free(c->w2), free(c->w3), free(c->w4), free(c->s1), free(c->s2), free(c->X), free(c->R);
    free(c->gm), free(c->Uprev);
}

/* C (m x n) = op(A) op(B), column-major, beta = 0 or 1 */
static void mm(int ta, int tb, int64_t m, int64_t n, int64_t k, double al, const double *A, int64_t lda,
               const double *B, int64_t ldb, double be, double *C, int64_t ldc)
{
    cblas_dgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m, (int)n,
                (int)k, al, A, (int)lda, B, (int)ldb, be, C, (int)ldc);
}

/* Build K, K'', K^-1, D of axis j from its parameters; KES_ENOTSPD when the
 * jittered K is not positive definite. */
static kes_status axis_build(gpc *c, int j, const double *th)
{
    axis *a = &c->ax[j];
    int64_t n = a->n;
    if (a->trivial) {
        a->K[0] = 1.0, a->Kd[0] = 0.0, a->Ki[0] = 1.0, a->D[0] = 0.0, a->logdet = 0.0;
        return KES_OK;
    }
    axpar p = {th, th + c->Q, th + 2 * c->Q, a->omn, c->Q, c->sp};
    double *kv = c->s2, *kd = c->s2 + n; /* lags 0..n-1 */
    for (int64_t d = 0; d < n; d++) kern_val(&p, (double)d * a->h, kv + d, kd + d);
    if (!(kv[0] > 0.0) || !isfinite(kv[0])) return KES_ENOTSPD;
    a->jit = c->jitter * kv[0];
    for (int64_t col = 0; col < n; col++)
        for (int64_t r = 0; r < n; r++) {
            int64_t d = r > col ? r - col : col - r;
            a->K[r + col * n] = kv[d] + (d == 0 ? a->jit : 0.0);
            a->Kd[r + col * n] = kd[d];
        }
    memcpy(a->Ki, a->K, (size_t)(n * n) * sizeof(double));
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)n, a->Ki, (lapack_int)n) != 0) return KES_ENOTSPD;
    double ld = 0.0;
    for (int64_t i = 0; i < n; i++) ld += log(a->Ki[i + i * n]);
    a->logdet = 2.0 * ld;
    if (LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (lapack_int)n, a->Ki, (lapack_int)n) != 0) return KES_ENOTSPD;
    for (int64_t col = 0; col < n; col++)
        for (int64_t r = 0; r < col; r++) a->Ki[r + col * n] = a->Ki[col + r * n];
    mm(0, 0, n, n, n, 1.0, a->Kd, n, a->Ki, n, 0.0, a->D, n);
    return KES_OK;
}

/* Factor the interior systems with the shift s on the first axis:
 * 2-D: real Schur forms of A1 + s I and A2; 1-D: LU of A1 + s I (+ diag
 * dg when dg is not NULL, for Newton). */
static kes_status factor(gpc *c, double s, const double *dg)
{
    for (int j = 0; j < c->dim; j++) {
        axis *a = &c->ax[j];
        int64_t n = a->n, m = a->m;
        for (int64_t col = 0; col < m; col++)
            for (int64_t r = 0; r < m; r++)
                a->A[r + col * m] = a->D[(r + a->off) + (col + a->off) * n] + (j == 0 && r == col ? s : 0.0);
    }
    c->shift = s;
    if (c->dim == 1) {
        axis *a = &c->ax[0];
        int64_t m = a->m;
        memcpy(a->LU, a->A, (size_t)(m * m) * sizeof(double));
        if (dg)
            for (int64_t i = 0; i < m; i++) a->LU[i + i * m] += dg[i];
        lapack_int info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)m, a->LU, (lapack_int)m, a->piv);
        if (info != 0) return KES_ESINGULAR;
        /* a tiny pivot relative to the matrix is singular in practice */
        double amax = 0.0, pmin = HUGE_VAL;
        for (int64_t i = 0; i < m * m; i++) amax = fmax(amax, fabs(a->LU[i]));
        for (int64_t i = 0; i < m; i++) pmin = fmin(pmin, fabs(a->LU[i + i * m]));
        if (!(pmin > 1e-14 * amax)) return KES_ESINGULAR;
        return KES_OK;
    }
    for (int j = 0; j < 2; j++) {
        axis *a = &c->ax[j];
        int64_t m = a->m;
        memcpy(a->T, a->A, (size_t)(m * m) * sizeof(double));
        lapack_int sdim = 0;
        double *wr = c->s1, *wi = c->s1 + m;
        lapack_int info = LAPACKE_dgees(LAPACK_COL_MAJOR, 'V', 'N', NULL, (lapack_int)m, a->T, (lapack_int)m, &sdim,
                                        wr, wi, a->Z, (lapack_int)m);
        if (info != 0) return KES_ESINGULAR;
    }
    return KES_OK;
}

/* Solve the factored interior system for X (m1 x m2, in place): forward
 * (A1 + s) X + X A2^T = X, or its adjoint (A1 + s)^T X + X A2 = X. */
static kes_status isolve(gpc *c, double *X, int adjoint)
{
    int64_t m1 = c->m1, m2 = c->m2;
    if (c->dim == 1) {
        lapack_int info = LAPACKE_dgetrs(LAPACK_COL_MAJOR, adjoint ? 'T' : 'N', (lapack_int)m1, 1, c->ax[0].LU,
                                         (lapack_int)m1, c->ax[0].piv, X, (lapack_int)m1);
        return info == 0 ? KES_OK : KES_ESINGULAR;
    }
    axis *a = &c->ax[0], *b = &c->ax[1];
    double *W = c->w4; /* m1 x m2 */
    /* Y = Z1^T X Z2, solve the quasi-triangular system, X = Z1 Y Z2^T */
    mm(1, 0, m1, m2, m1, 1.0, a->Z, m1, X, m1, 0.0, W, m1);
    mm(0, 0, m1, m2, m2, 1.0, W, m1, b->Z, m2, 0.0, X, m1);
    double scale = 1.0;
    lapack_int info = LAPACKE_dtrsyl(LAPACK_COL_MAJOR, adjoint ? 'T' : 'N', adjoint ? 'N' : 'T', 1, (lapack_int)m1,
                                     (lapack_int)m2, a->T, (lapack_int)m1, b->T, (lapack_int)m2, X, (lapack_int)m1,
                                     &scale);
    if (info < 0 || !(scale > 0.0)) return KES_ESINGULAR;
    if (info == 1) return KES_ESINGULAR; /* A1 + s and -A2 share (nearly) an eigenvalue */
    if (scale != 1.0)
        for (int64_t i = 0; i < m1 * m2; i++) X[i] /= scale;
    mm(0, 0, m1, m2, m1, 1.0, a->Z, m1, X, m1, 0.0, W, m1);
    mm(0, 1, m1, m2, m2, 1.0, W, m1, b->Z, m2, 0.0, X, m1);
    return KES_OK;
}

/* The interior of Y (n1 x n2) into X (m1 x m2) and back (others zero). */
static void interior_get(const gpc *c, const double *Y, double *X)
{
    for (int64_t l = 0; l < c->m2; l++)
        for (int64_t i = 0; i < c->m1; i++) X[i + l * c->m1] = Y[(i + c->ax[0].off) + (l + c->ax[1].off) * c->n1];
}
static void interior_put(const gpc *c, const double *X, double *Y)
{
    memset(Y, 0, (size_t)c->N * sizeof(double));
    for (int64_t l = 0; l < c->m2; l++)
        for (int64_t i = 0; i < c->m1; i++) Y[(i + c->ax[0].off) + (l + c->ax[1].off) * c->n1] = X[i + l * c->m1];
}

/* Y = D1 V + V D2^T (+ k2 V) on the full grid (n1 x n2) */
static void apply_D(gpc *c, const double *V, double *Y, double k2)
{
    int64_t n1 = c->n1, n2 = c->n2;
    mm(0, 0, n1, n2, n1, 1.0, c->ax[0].D, n1, V, n1, 0.0, Y, n1);
    if (c->dim == 2) mm(0, 1, n1, n2, n2, 1.0, V, n1, c->ax[1].D, n2, 1.0, Y, n1);
    if (k2 != 0.0)
        for (int64_t i = 0; i < c->N; i++) Y[i] += k2 * V[i];
}

/* Interior residual of the equations at U (m1 x m2 into R): L U - f. */
static void residual(gpc *c, const double *U, double *R)
{
    double *Y = c->w1;
    apply_D(c, U, Y, c->op == KES_GPCOL_HELMHOLTZ ? c->k2 : 0.0);
    if (c->op == KES_GPCOL_ALLEN_CAHN)
        for (int64_t i = 0; i < c->N; i++) Y[i] += U[i] * (U[i] * U[i] - 1.0);
    for (int64_t i = 0; i < c->N; i++) Y[i] -= c->F[i];
    interior_get(c, Y, R);
}

/* ---- GMRES on the interior Newton system (2-D Allen-Cahn) */

/* y = J x (adjoint: J^T x), J = A1 (x) + (x) A2 + diag(dg) */
static void jac_apply(gpc *c, const double *x, double *y, const double *dg, int adjoint)
{
    int64_t m1 = c->m1, m2 = c->m2;
    axis *a = &c->ax[0], *b = &c->ax[1];
    /* A1 holds the shift s; remove it */
    mm(adjoint, 0, m1, m2, m1, 1.0, a->A, m1, x, m1, 0.0, y, m1);
    mm(0, !adjoint, m1, m2, m2, 1.0, x, m1, b->A, m2, 1.0, y, m1);
    for (int64_t i = 0; i < m1 * m2; i++) y[i] += (dg[i] - c->shift) * x[i];
}

/* Solve J x = b by GMRES(GM_RESTART) right-preconditioned with the
 * factored shifted system; x holds the initial guess (zero) on entry. */
static kes_status gmres(gpc *c, const double *b, double *x, const double *dg, int adjoint, double rtol)
{
    int64_t n = c->m1 * c->m2, R = GM_RESTART;
    double *V = c->gm, *Zw = V + (R + 1) * n, *w = Zw + n, *Hm = w + n, *cs = Hm + (R + 1) * R, *sn = cs + R,
           *gv = sn + R, *yv = gv + R + 1;
    double bn = cblas_dnrm2((int)n, b, 1);
    if (bn == 0.0) {
        memset(x, 0, (size_t)n * sizeof(double));
        return KES_OK;
    }
    memset(x, 0, (size_t)n * sizeof(double));
    int64_t it = 0;
    while (it < GM_MAXIT) {
        /* r = b - J x */
        jac_apply(c, x, w, dg, adjoint);
        for (int64_t i = 0; i < n; i++) V[i] = b[i] - w[i];
        double beta = cblas_dnrm2((int)n, V, 1);
        if (beta <= rtol * bn) return KES_OK;
        for (int64_t i = 0; i < n; i++) V[i] /= beta;
        memset(gv, 0, (size_t)(R + 1) * sizeof(double));
        gv[0] = beta;
        int64_t k = 0;
        for (; k < R && it < GM_MAXIT; k++, it++) {
            memcpy(Zw, V + k * n, (size_t)n * sizeof(double));
            kes_status s = isolve(c, Zw, adjoint);
            if (s != KES_OK) return s;
            jac_apply(c, Zw, w, dg, adjoint);
            for (int64_t i = 0; i <= k; i++) {
                double h = cblas_ddot((int)n, w, 1, V + i * n, 1);
                Hm[i + k * (R + 1)] = h;
                cblas_daxpy((int)n, -h, V + i * n, 1, w, 1);
            }
            double hn = cblas_dnrm2((int)n, w, 1);
            Hm[k + 1 + k * (R + 1)] = hn;
            if (hn > 0.0)
                for (int64_t i = 0; i < n; i++) V[(k + 1) * n + i] = w[i] / hn;
            for (int64_t i = 0; i < k; i++) {
                double t = cs[i] * Hm[i + k * (R + 1)] + sn[i] * Hm[i + 1 + k * (R + 1)];
                Hm[i + 1 + k * (R + 1)] = -sn[i] * Hm[i + k * (R + 1)] + cs[i] * Hm[i + 1 + k * (R + 1)];
                Hm[i + k * (R + 1)] = t;
            }
            double hk = Hm[k + k * (R + 1)], hk1 = Hm[k + 1 + k * (R + 1)], rr = hypot(hk, hk1);
            cs[k] = rr > 0.0 ? hk / rr : 1.0;
            sn[k] = rr > 0.0 ? hk1 / rr : 0.0;
            Hm[k + k * (R + 1)] = rr;
            Hm[k + 1 + k * (R + 1)] = 0.0;
            gv[k + 1] = -sn[k] * gv[k];
            gv[k] = cs[k] * gv[k];
            if (fabs(gv[k + 1]) <= rtol * bn || hn == 0.0) {
                k++;
                it++;
                break;
            }
        }
        /* y = H^-1 g, x += M^-1 V y */
        for (int64_t i = k - 1; i >= 0; i--) {
            double s = gv[i];
            for (int64_t l = i + 1; l < k; l++) s -= Hm[i + l * (R + 1)] * yv[l];
            yv[i] = s / Hm[i + i * (R + 1)];
        }
        memset(Zw, 0, (size_t)n * sizeof(double));
        for (int64_t i = 0; i < k; i++) cblas_daxpy((int)n, yv[i], V + i * n, 1, Zw, 1);
        kes_status s = isolve(c, Zw, adjoint);
        if (s != KES_OK) return s;
        cblas_daxpy((int)n, 1.0, Zw, 1, x, 1);
    }
    jac_apply(c, x, w, dg, adjoint);
    double rn = 0.0;
    for (int64_t i = 0; i < n; i++) rn += (b[i] - w[i]) * (b[i] - w[i]);
    return sqrt(rn) <= 1e3 * rtol * bn ? KES_OK : KES_NOCONV;
}

/* Forward solve for U at the current axis factors. */
static kes_status forward(gpc *c)
{
    int64_t nI = c->m1 * c->m2;
    double *X = c->X;
    if (c->op != KES_GPCOL_ALLEN_CAHN) {
        double s = c->op == KES_GPCOL_HELMHOLTZ ? c->k2 : 0.0;
        kes_status st = factor(c, s, NULL);
        if (st != KES_OK) return st;
        /* C = F - D U_B at the interior */
        residual(c, c->UB, X);
        for (int64_t i = 0; i < nI; i++) X[i] = -X[i];
        st = isolve(c, X, 0);
        if (st != KES_OK) return st;
        interior_put(c, X, c->U);
        for (int64_t i = 0; i < c->N; i++) c->U[i] += c->UB[i];
        return kes__all_finite(c->U, (size_t)c->N) ? KES_OK : KES_ESINGULAR;
    }
    /* Allen-Cahn: Newton from the previous solution, or from the linear
     * problem laplace(u) - u = f */
    double *dg = c->R, *res = c->w3, *dx = c->w2;
    kes_status st;
    if (c->have_prev) {
        memcpy(c->U, c->Uprev, (size_t)c->N * sizeof(double));
    } else {
        st = factor(c, -1.0, NULL);
        if (st != KES_OK) return st;
        double *Y = c->w1;
        apply_D(c, c->UB, Y, -1.0);
        for (int64_t i = 0; i < c->N; i++) Y[i] = c->F[i] - Y[i];
        interior_get(c, Y, X);
        st = isolve(c, X, 0);
        if (st != KES_OK) return st;
        interior_put(c, X, c->U);
        for (int64_t i = 0; i < c->N; i++) c->U[i] += c->UB[i];
    }
    double fn = 0.0;
    for (int64_t i = 0; i < c->N; i++) fn = fmax(fn, fabs(c->F[i]));
    double tolr = 1e-12 * fmax(1.0, fn);
    c->newton = 0;
    c->newton_status = KES_NOCONV;
    residual(c, c->U, res);
    double rn = cblas_dnrm2((int)nI, res, 1), rmax = 0.0;
    for (int64_t it = 0; it < NEWTON_MAX; it++) {
        rmax = 0.0;
        for (int64_t i = 0; i < nI; i++) rmax = fmax(rmax, fabs(res[i]));
        if (rmax <= tolr) {
            c->newton_status = KES_OK;
            break;
        }
        interior_get(c, c->U, X);
        double mean = 0.0;
        for (int64_t i = 0; i < nI; i++) {
            dg[i] = 3.0 * X[i] * X[i] - 1.0;
            mean += dg[i];
        }
        mean /= (double)nI;
        if (c->dim == 1) {
            st = factor(c, 0.0, dg);
            if (st != KES_OK) return st;
            for (int64_t i = 0; i < nI; i++) dx[i] = -res[i];
            st = isolve(c, dx, 0);
        } else {
            st = factor(c, mean, NULL);
            if (st != KES_OK) return st;
            for (int64_t i = 0; i < nI; i++) c->w1[i] = -res[i];
            st = gmres(c, c->w1, dx, dg, 0, GM_RTOL);
        }
        if (st != KES_OK && st != KES_NOCONV) return st;
        /* damped step on the residual norm */
        double lam = 1.0, rnew = HUGE_VAL;
        memcpy(c->Ub, c->U, (size_t)c->N * sizeof(double));
        for (int ls = 0; ls < 20; ls++) {
            for (int64_t l = 0; l < c->m2; l++)
                for (int64_t i = 0; i < c->m1; i++) {
                    int64_t g = (i + c->ax[0].off) + (l + c->ax[1].off) * c->n1;
                    c->U[g] = c->Ub[g] + lam * dx[i + l * c->m1];
                }
            residual(c, c->U, res);
            rnew = cblas_dnrm2((int)nI, res, 1);
            if (isfinite(rnew) && rnew < (1.0 - 1e-4 * lam) * rn) break;
            lam *= 0.5;
        }
        c->newton++;
        if (!(isfinite(rnew) && rnew < rn)) { /* no progress: keep the better point */
            memcpy(c->U, c->Ub, (size_t)c->N * sizeof(double));
            residual(c, c->U, res);
            break;
        }
        rn = rnew;
    }
    if (c->newton_status != KES_OK) {
        rmax = 0.0;
        for (int64_t i = 0; i < nI; i++) rmax = fmax(rmax, fabs(res[i]));
        if (rmax <= tolr) c->newton_status = KES_OK;
    }
    if (!kes__all_finite(c->U, (size_t)c->N)) return KES_ESINGULAR;
    memcpy(c->Uprev, c->U, (size_t)c->N * sizeof(double));
    c->have_prev = 1;
    if (c->newton_status != KES_OK) return KES_NOCONV;
    /* leave the Newton matrix at U factored for the adjoint */
    interior_get(c, c->U, X);
    for (int64_t i = 0; i < nI; i++) dg[i] = 3.0 * X[i] * X[i] - 1.0;
    if (c->dim == 1) return factor(c, 0.0, dg);
    double mean = 0.0;
    for (int64_t i = 0; i < nI; i++) mean += dg[i];
    return factor(c, mean / (double)nI, NULL);
}

/* sum over |a - b| = d of W (n x n) into t[d] */
static void diag_sums(const double *W, int64_t n, double *t)
{
    memset(t, 0, (size_t)n * sizeof(double));
    for (int64_t col = 0; col < n; col++)
        for (int64_t r = 0; r < n; r++) t[r > col ? r - col : col - r] += W[r + col * n];
}

/* The objective P and (grad != NULL) its gradient, for kes__gps_maximise
 * (which maximises: lml = -P, grad = -dP). */
static kes_status gpc_eval(void *ctx, const double *th, double *lml, double *grad)
{
    gpc *c = ctx;
    int64_t n1 = c->n1, n2 = c->n2, N = c->N, P3 = 3 * c->Q;
    kes_status st;
    for (int j = 0; j < c->dim; j++) {
        st = axis_build(c, j, th + j * P3);
        if (st != KES_OK) return st;
    }
    if (c->dim == 1) axis_build(c, 1, NULL);
    st = forward(c);
    if (st != KES_OK) return st;
    axis *a1 = &c->ax[0], *a2 = &c->ax[1];
    /* alpha = K1^-1 U K2^-1 */
    mm(0, 0, n1, n2, n1, 1.0, a1->Ki, n1, c->U, n1, 0.0, c->w1, n1);
    mm(0, 0, n1, n2, n2, 1.0, c->w1, n1, a2->Ki, n2, 0.0, c->alpha, n1);
    double q = cblas_ddot((int)N, c->U, 1, c->alpha, 1);
    c->P = 0.5 * q + 0.5 * ((double)n2 * a1->logdet + (double)n1 * a2->logdet);
    if (!isfinite(c->P)) return KES_ERANGE;
    *lml = -c->P;
    if (!grad) return KES_OK;
    /* adjoint: lambda from alpha's interior */
    interior_get(c, c->alpha, c->X);
    if (c->op == KES_GPCOL_ALLEN_CAHN && c->dim == 2) {
        memcpy(c->w3, c->X, (size_t)(c->m1 * c->m2) * sizeof(double));
        st = gmres(c, c->w3, c->X, c->R, 1, GM_RTOL);
    } else {
        st = isolve(c, c->X, 1);
    }
    if (st != KES_OK) return st == KES_NOCONV ? KES_NOCONV : st;
    interior_put(c, c->X, c->Lt);
    /* mu = D1^T Lt + Lt D2 (the Laplacian part of D) */
    mm(1, 0, n1, n2, n1, 1.0, a1->D, n1, c->Lt, n1, 0.0, c->mu, n1);
    if (c->dim == 2) mm(0, 0, n1, n2, n2, 1.0, c->Lt, n1, a2->D, n2, 1.0, c->mu, n1);
    for (int j = 0; j < c->dim; j++) {
        axis *a = &c->ax[j], *o = &c->ax[1 - j];
        int64_t n = a->n, no = o->n;
        /* axis-j views: for j = 1 use transposes (alpha^T etc.) */
        const double *al = c->alpha, *lt = c->Lt, *mu = c->mu;
        double *WK = c->s1, *WM = c->s1 + n * n, *T1 = c->w1, *T2 = c->w2;
        int tr = j == 1;
        /* T1 = alpha K_o (n x no), T2 = alpha K_o'' */
        if (!tr) {
            mm(0, 0, n, no, no, 1.0, al, n1, o->K, no, 0.0, T1, n);
            mm(0, 0, n, no, no, 1.0, al, n1, o->Kd, no, 0.0, T2, n);
        } else {
            mm(1, 0, n, no, no, 1.0, al, n1, o->K, no, 0.0, T1, n);
            mm(1, 0, n, no, no, 1.0, al, n1, o->Kd, no, 0.0, T2, n);
        }
        /* WK = n_o/2 K^-1 - 1/2 alpha K_o alpha^T + mu K_o alpha^T - Lt K_o'' alpha^T */
        for (int64_t i = 0; i < n * n; i++) WK[i] = 0.5 * (double)no * a->Ki[i];
        if (!tr) {
            mm(0, 1, n, n, no, -0.5, T1, n, al, n1, 1.0, WK, n);
            mm(0, 1, n, n, no, 1.0, mu, n1, T1, n, 1.0, WK, n);
            mm(0, 1, n, n, no, -1.0, lt, n1, T2, n, 1.0, WK, n);
            mm(0, 1, n, n, no, -1.0, lt, n1, T1, n, 0.0, WM, n);
        } else {
            mm(0, 0, n, n, no, -0.5, T1, n, al, n1, 1.0, WK, n);
            mm(1, 1, n, n, no, 1.0, mu, n1, T1, n, 1.0, WK, n);
            mm(1, 1, n, n, no, -1.0, lt, n1, T2, n, 1.0, WK, n);
            mm(1, 1, n, n, no, -1.0, lt, n1, T1, n, 0.0, WM, n);
        }
        double *tk = c->s2, *tm = c->s2 + n;
        diag_sums(WK, n, tk);
        diag_sums(WM, n, tm);
        double *g = grad + j * P3;
        memset(g, 0, (size_t)P3 * sizeof(double));
        axpar p = {th + j * P3, th + j * P3 + c->Q, th + j * P3 + 2 * c->Q, a->omn, c->Q, c->sp};
        for (int64_t d = 0; d < n; d++) kern_grad_acc(&p, (double)d * a->h, tk[d], tm[d], g);
        /* the jitter c * k(0) on the diagonal moves with the weights */
        for (int qq = 0; qq < c->Q; qq++) g[qq] += c->jitter * exp(p.lw[qq]) * tk[0];
        for (int64_t t = 0; t < P3; t++) g[t] = -g[t];
    }
    return KES_OK;
}

/* ------------------------------------------------------ spectral start */

/* Periodogram of values y at coordinates x (np points, Hann window over
 * [lo, lo + len]) on the frequencies k dw, k = 0 .. nf-1, added to S. */
static kes_status periodogram_add(const double *x, const double *y, int64_t np, double lo, double len, double dw,
                                  int64_t nf, double *S)
{
    double *wv = kes__malloc_n((size_t)np, sizeof(double));
    if (!wv) return KES_ENOMEM;
    for (int64_t i = 0; i < np; i++) {
        double s = sin(PI_D * (x[i] - lo) / len);
        wv[i] = s * s * y[i];
    }
    for (int64_t k = 0; k < nf; k++) {
        double om = (double)k * dw, re = 0.0, im = 0.0;
        for (int64_t i = 0; i < np; i++) {
            re += wv[i] * cos(om * x[i]);
            im -= wv[i] * sin(om * x[i]);
        }
        S[k] += re * re + im * im;
    }
    free(wv);
    return KES_OK;
}

/* One way to turn a spectrum into components: the share of the Q
 * components placed on spectral peaks, their minimum separation (bins),
 * equal or power-proportional weights, the weight of the rest relative to
 * the weakest peak, and the peak length scale as a fraction of the axis. */
typedef struct start_cfg {
    double peak_share, sep;
    int equal;
    double rest_w, lfrac;
    int smooth; /* one squared-exponential component (w = 0, l = len / lfrac) carries the weight: smooth solutions */
} start_cfg;

/* A small family of starts (the last two for smooth solutions): which one suits a problem is not predictable
 * from the spectrum alone (it depends on how the solution meets the
 * boundary), so each is tried and judged by the a-posteriori error
 * estimate. */
static const start_cfg STARTS[] = {
    {1.0 / 3.0, 2.5, 0, 1e-3, 4.0, 0}, {1.0 / 6.0, 2.5, 0, 1e-3, 4.0, 0}, {2.0 / 3.0, 2.5, 0, 1e-3, 4.0, 0},
    {1.0 / 3.0, 2.5, 0, 1e-3, 8.0, 0}, {1.0 / 3.0, 2.5, 0, 1e-3, 2.0, 0}, {1.0 / 3.0, 0.5, 1, 1e-6, 4.0, 0},
    {2.0 / 3.0, 0.5, 1, 1e-6, 4.0, 0}, {1.0 / 6.0, 0.5, 1, 1e-6, 8.0, 0}, {0.0, 0.0, 0, 0.0, 2.0, 1},
    {0.0, 0.0, 0, 0.0, 5.0, 1},
};
#define NSTARTS ((int)(sizeof STARTS / sizeof STARTS[0]))

/* The implied solution spectrum S_f / (om^2 + om0^2)^2 of one axis and the
 * highest frequency below which all but PPW_TAIL of its power lies. */
static double u_spectrum(const double *S, int64_t nf, double dw, double len, double *Su)
{
    double w0 = 2.0 * PI_D / len, tot = 0.0, tail = 0.0;
    for (int64_t k = 0; k < nf; k++) {
        double om = (double)k * dw, d = om * om + w0 * w0;
        Su[k] = S[k] / (d * d);
        tot += Su[k];
    }
    for (int64_t k = nf - 1; k >= 0; k--) {
        tail += Su[k];
        if (tail > PPW_TAIL * tot) return (double)k * dw;
    }
    return 0.0;
}

/* Initial components (lw, v, ll: Q each; om = v omn) of one axis from the
 * solution spectrum Su (nf frequencies, step dw).  Peaks may lie above the
 * grid's Nyquist frequency omn (up to the sampled band): the kernel, not
 * the grid, carries the frequency. */
static void spectral_start(const double *Su, int64_t nf, double dw, double len, double omn, int Q,
                           const start_cfg *cf, kes_rng *rng, int64_t *pk, double *lw, double *v, double *ll)
{
    if (cf->smooth) {
        for (int q = 0; q < Q; q++) {
            v[q] = q == 0 ? 0.0 : 0.95 * ((double)q - 0.5) / (double)(Q - 1 > 0 ? Q - 1 : 1);
            lw[q] = q == 0 ? 0.0 : log(1e-12);
            ll[q] = q == 0 ? log(len / cf->lfrac) : log(len / 4.0);
        }
        return;
    }
    int64_t npk = 0, kmax = (int64_t)floor(0.98 * OVERSAMPLE * omn / dw);
    double smax = 0.0;
    if (kmax > nf - 2) kmax = nf - 2;
    for (int64_t k = 0; k <= kmax; k++) {
        double l = k > 0 ? Su[k - 1] : -1.0;
        if (Su[k] >= l && Su[k] > Su[k + 1]) pk[npk++] = k;
        smax = fmax(smax, Su[k]);
    }
    for (int64_t i = 1; i < npk; i++) { /* by height */
        int64_t t = pk[i], l = i - 1;
        while (l >= 0 && Su[pk[l]] < Su[t]) pk[l + 1] = pk[l], l--;
        pk[l + 1] = t;
    }
    int qpk = (int)floor(cf->peak_share * Q + 0.5), used = 0;
    if (qpk < 1) qpk = 1;
    if (qpk > Q) qpk = Q;
    double wsum = 0.0;
    for (int64_t i = 0; i < npk && used < qpk; i++) {
        int64_t k = pk[i];
        if (!(Su[k] > 1e-12 * smax)) break;
        int close = 0;
        for (int l = 0; l < used; l++)
            if (fabs(v[l] * omn - (double)k * dw) < cf->sep * dw) close = 1;
        if (close) continue;
        v[used] = (double)k * dw / omn;
        lw[used] = cf->equal ? 1.0 : Su[k];
        ll[used] = log(len / cf->lfrac);
        wsum += lw[used];
        used++;
    }
    for (int l = 0; l < used; l++) lw[l] = log(lw[l] / wsum);
    int rest = Q - used;
    double wmin = used ? exp(lw[used - 1]) : 1.0;
    for (int l = 0; l < rest; l++) {
        double u = rng ? kes_rng_uniform(rng) : ((double)l + 0.5) / (double)rest;
        v[used + l] = 0.95 * u;
        lw[used + l] = log(used ? cf->rest_w * wmin : 1.0 / (double)Q);
        ll[used + l] = log(2.0 * (double)rest / omn);
    }
}

/* ------------------------------------------- a-posteriori error estimate */

/* The fine grid: OS - 1 points inside each cell of the collocation grid. */
typedef struct fine {
    int os;             /* 0: no estimate (too large) */
    int64_t s1, s2, S;  /* fine points per axis (s2 = 1 in 1-D), total */
    double *f, *g;      /* f at fine interior points, g on the fine boundary (0 elsewhere) */
    double *A0[2], *A2[2]; /* s_j x n_j: k_j and k_j'' from fine points to grid points */
    double *uh, *lap, *t1; /* S each; t1 also s1 x n2 */
    double *cw;            /* max_j s_j n_j */
    double *ec;            /* S: the error-equation solve */
    kes_fd_poisson *fd;
} fine;

static void fine_free(fine *fn)
{
    free(fn->f), free(fn->g), free(fn->uh), free(fn->lap), free(fn->t1), free(fn->cw), free(fn->ec);
    for (int j = 0; j < 2; j++) free(fn->A0[j]), free(fn->A2[j]);
    kes_fd_poisson_destroy(fn->fd);
    memset(fn, 0, sizeof *fn);
}

static kes_status fine_setup(gpc *c, fine *fn, kes_field_fn f, kes_field_fn g, void *ctx)
{
    memset(fn, 0, sizeof *fn);
    for (int os = OVERSAMPLE; os >= 2; os /= 2) {
        int64_t s1 = os * (c->n1 - 1) + 1, s2 = c->dim == 2 ? os * (c->n2 - 1) + 1 : 1;
        if ((double)s1 * (double)s2 <= 4194304.0) {
            fn->os = os, fn->s1 = s1, fn->s2 = s2, fn->S = s1 * s2;
            break;
        }
    }
    if (!fn->os) return KES_OK;
    size_t S = (size_t)fn->S;
    fn->f = kes__calloc_n(S, sizeof(double));
    fn->g = kes__calloc_n(S, sizeof(double));
    fn->uh = kes__calloc_n(S, sizeof(double));
    fn->lap = kes__calloc_n(S, sizeof(double));
    fn->t1 = kes__calloc_n(S > (size_t)(fn->s1 * c->n2) ? S : (size_t)(fn->s1 * c->n2), sizeof(double));
    int64_t cwn = fn->s1 * c->n1 > fn->s2 * c->n2 ? fn->s1 * c->n1 : fn->s2 * c->n2;
    fn->cw = kes__malloc_n((size_t)cwn, sizeof(double));
    fn->ec = kes__calloc_n(S, sizeof(double));
    int ok = fn->f && fn->g && fn->uh && fn->lap && fn->t1 && fn->cw && fn->ec;
    for (int j = 0; j < c->dim; j++) {
        int64_t s = j ? fn->s2 : fn->s1, n = c->ax[j].n;
        fn->A0[j] = kes__malloc_n((size_t)(s * n), sizeof(double));
        fn->A2[j] = kes__malloc_n((size_t)(s * n), sizeof(double));
        ok = ok && fn->A0[j] && fn->A2[j];
    }
    if (!ok) return KES_ENOMEM;
    double hf1 = c->ax[0].h / fn->os, hf2 = c->dim == 2 ? c->ax[1].h / fn->os : 1.0;
    for (int64_t l = 0; l < fn->s2; l++)
        for (int64_t i = 0; i < fn->s1; i++) {
            double x[2] = {c->ax[0].lo + (double)i * hf1, c->ax[1].lo + (double)l * hf2};
            int bnd = i == 0 || i == fn->s1 - 1 || (c->dim == 2 && (l == 0 || l == fn->s2 - 1));
            double v = bnd ? g(x, ctx) : f(x, ctx);
            if (!isfinite(v)) return KES_ENAN;
            (bnd ? fn->g : fn->f)[i + l * fn->s1] = v;
        }
    if (c->dim == 2) {
        int64_t ni[2] = {fn->s1 - 2, fn->s2 - 2};
        double hh[2] = {hf1, hf2};
        kes_status st = kes_fd_poisson_create(ni, hh, &fn->fd);
        if (st != KES_OK) return st;
    }
    return KES_OK;
}

/* Estimated relative L2 error of the collocated solution at theta (after
 * gpc_eval): the residual r = L u_h - f of the GP interpolant u_h on the
 * fine grid drives the error equation -lap(e) = r with e = g - u_h on the
 * fine boundary, solved by second-order finite differences there.  For
 * Helmholtz and Allen-Cahn the Poisson error equation is kept: a
 * consistent indicator, not a bound. */
static double estimate(gpc *c, fine *fn, const double *th)
{
    if (!fn->os) return NAN;
    int64_t s1 = fn->s1, s2 = fn->s2, n1 = c->n1, n2 = c->n2;
    for (int j = 0; j < c->dim; j++) {
        axis *a = &c->ax[j];
        int64_t s = j ? s2 : s1, n = a->n;
        axpar p = {th + j * 3 * c->Q, th + j * 3 * c->Q + c->Q, th + j * 3 * c->Q + 2 * c->Q, a->omn, c->Q, c->sp};
        double hf = a->h / fn->os, *k0 = c->s2, *k2 = c->s1; /* lags 0 .. s-1 */
        for (int64_t m = 0; m < s; m++) kern_val(&p, (double)m * hf, k0 + m, k2 + m);
        for (int64_t b = 0; b < n; b++)
            for (int64_t t = 0; t < s; t++) {
                int64_t m = t - fn->os * b;
                m = m < 0 ? -m : m;
                fn->A0[j][t + b * s] = k0[m];
                fn->A2[j][t + b * s] = k2[m];
            }
        /* cardinal form k(x, X) K^-1: alpha = K^-1 U is huge for smooth
         * kernels and k(x, X) alpha cancels; the cardinal weights do not */
        mm(0, 0, s, n, n, 1.0, fn->A0[j], s, a->Ki, n, 0.0, fn->cw, s);
        memcpy(fn->A0[j], fn->cw, (size_t)(s * n) * sizeof(double));
        mm(0, 0, s, n, n, 1.0, fn->A2[j], s, a->Ki, n, 0.0, fn->cw, s);
        memcpy(fn->A2[j], fn->cw, (size_t)(s * n) * sizeof(double));
    }
    double k2c = c->op == KES_GPCOL_HELMHOLTZ ? c->k2 : 0.0;
    if (c->dim == 1) {
        mm(0, 0, s1, 1, n1, 1.0, fn->A0[0], s1, c->U, n1, 0.0, fn->uh, s1);
        mm(0, 0, s1, 1, n1, 1.0, fn->A2[0], s1, c->U, n1, 0.0, fn->lap, s1);
    } else {
        /* u_h = A0_1 alpha A0_2^T, lap = A2_1 alpha A0_2^T + A0_1 alpha A2_2^T */
        mm(0, 0, s1, n2, n1, 1.0, fn->A0[0], s1, c->U, n1, 0.0, fn->t1, s1);
        mm(0, 1, s1, s2, n2, 1.0, fn->t1, s1, fn->A0[1], s2, 0.0, fn->uh, s1);
        mm(0, 1, s1, s2, n2, 1.0, fn->t1, s1, fn->A2[1], s2, 0.0, fn->lap, s1);
        mm(0, 0, s1, n2, n1, 1.0, fn->A2[0], s1, c->U, n1, 0.0, fn->t1, s1);
        mm(0, 1, s1, s2, n2, 1.0, fn->t1, s1, fn->A0[1], s2, 1.0, fn->lap, s1);
    }
    /* the returned U differs from the interpolant at the nodes by the
     * jitter's share, K_jit^-1 U jit: large when the collocation equations
     * pushed U into directions the kernel barely holds */
    double nod = 0.0;
    for (int64_t l = 0; l < n2; l++)
        for (int64_t i = 0; i < n1; i++) {
            double d = c->U[i + l * n1] - fn->uh[i * fn->os + l * (c->dim == 2 ? fn->os : 0) * s1];
            nod += d * d;
        }
    nod *= c->dim == 2 ? (double)(fn->os * fn->os) : (double)fn->os;
    /* r on interior fine points into lap; e on the boundary into uh's complement */
    double hf1 = c->ax[0].h / fn->os, hf2 = c->dim == 2 ? c->ax[1].h / fn->os : 1.0, uu = 0.0, ee = 0.0;
    double *r = fn->lap, *eb = fn->t1;
    for (int64_t l = 0; l < s2; l++)
        for (int64_t i = 0; i < s1; i++) {
            int64_t k = i + l * s1;
            double u = fn->uh[k];
            int bnd = i == 0 || i == s1 - 1 || (c->dim == 2 && (l == 0 || l == s2 - 1));
            if (bnd) {
                eb[k] = fn->g[k] - u;
                r[k] = 0.0;
            } else {
                eb[k] = 0.0;
                double v = r[k] + k2c * u - fn->f[k];
                if (c->op == KES_GPCOL_ALLEN_CAHN) v += u * (u * u - 1.0);
                r[k] = v;
            }
        }
    if (c->dim == 1) {
        /* (e[t-1] - 2 e[t] + e[t+1]) / h^2 = -r[t] by the Thomas algorithm */
        int64_t m = s1 - 2;
        double *cp = fn->ec;
        double *d2 = kes__malloc_n((size_t)(m > 0 ? m : 1), sizeof(double));
        if (!d2) return NAN;
        for (int64_t i = 0; i < m; i++) {
            double rhs = -r[i + 1] * hf1 * hf1;
            if (i == 0) rhs -= eb[0];
            if (i == m - 1) rhs -= eb[s1 - 1];
            double den = -2.0 - (i ? cp[i - 1] : 0.0);
            cp[i] = 1.0 / den;
            d2[i] = (rhs - (i ? d2[i - 1] : 0.0)) / den;
        }
        double en = 0.0;
        for (int64_t i = m - 1; i >= 0; i--) {
            en = d2[i] - (i + 1 < m ? cp[i] * en : 0.0);
            ee += en * en;
            uu += (fn->uh[i + 1] + en) * (fn->uh[i + 1] + en);
        }
        ee += eb[0] * eb[0] + eb[s1 - 1] * eb[s1 - 1];
        uu += fn->g[0] * fn->g[0] + fn->g[s1 - 1] * fn->g[s1 - 1];
        ee += nod;
        free(d2);
        return uu > 0.0 ? sqrt(ee / uu) : NAN;
    }
    /* 2-D: A e_I = r_I + boundary neighbours / h^2, A = -lap_h */
    int64_t m1 = s1 - 2, m2 = s2 - 2;
    double *rhs = fn->ec;
    for (int64_t l = 0; l < m2; l++)
        for (int64_t i = 0; i < m1; i++) {
            int64_t k = (i + 1) + (l + 1) * s1;
            double v = r[k];
            if (i == 0) v += eb[k - 1] / (hf1 * hf1);
            if (i == m1 - 1) v += eb[k + 1] / (hf1 * hf1);
            if (l == 0) v += eb[k - s1] / (hf2 * hf2);
            if (l == m2 - 1) v += eb[k + s1] / (hf2 * hf2);
            rhs[i + l * m1] = v;
        }
    if (kes_fd_poisson_solve(fn->fd, rhs, rhs) != KES_OK) return NAN;
    for (int64_t l = 0; l < m2; l++)
        for (int64_t i = 0; i < m1; i++) {
            double e = rhs[i + l * m1], v = fn->uh[(i + 1) + (l + 1) * s1] + e;
            ee += e * e, uu += v * v;
        }
    for (int64_t k = 0; k < fn->S; k++) ee += eb[k] * eb[k], uu += fn->g[k] * fn->g[k];
    ee += nod;
    return uu > 0.0 ? sqrt(ee / uu) : NAN;
}

/* ------------------------------------------------------ the grid driver */

static kes_status grid_args(kes_gpcol_op op, int dim, const int64_t *n, const double *lo, const double *hi,
                            kes_field_fn f, kes_field_fn g, const kes_gpcol_opts *o, double *u)
{
    if (!n || !lo || !hi || !f || !g || !u) return KES_EINVAL;
    if (op != KES_GPCOL_POISSON && op != KES_GPCOL_HELMHOLTZ && op != KES_GPCOL_ALLEN_CAHN) return KES_EINVAL;
    if (dim != 1 && dim != 2) return KES_ENOTSUP;
    kes_status st = check_opts(o);
    if (st != KES_OK) return st;
    for (int j = 0; j < dim; j++) {
        if (n[j] < 4) return KES_EDIM;
        if (n[j] > NMAX) return KES_ERANGE;
        if (!isfinite(lo[j]) || !isfinite(hi[j]) || !(hi[j] > lo[j])) return KES_EDOM;
        if (!isfinite(hi[j] - lo[j])) return KES_EDOM;
    }
    return KES_OK;
}

static kes_status gpc_alloc(gpc *c)
{
    int64_t nmx = c->ax[0].n > c->ax[1].n ? c->ax[0].n : c->ax[1].n;
    int64_t smx = OVERSAMPLE * nmx + 1; /* fine lags in estimate() */
    size_t N = (size_t)c->N, nI = (size_t)(c->m1 * c->m2);
    int ok = 1;
    for (int j = 0; j < 2; j++) {
        axis *a = &c->ax[j];
        size_t nn = (size_t)(a->n * a->n), mm2 = (size_t)(a->m * a->m);
        a->K = kes__malloc_n(nn, sizeof(double));
        a->Kd = kes__malloc_n(nn, sizeof(double));
        a->Ki = kes__malloc_n(nn, sizeof(double));
        a->D = kes__malloc_n(nn, sizeof(double));
        a->A = kes__malloc_n(mm2, sizeof(double));
        a->T = kes__malloc_n(mm2, sizeof(double));
        a->Z = kes__malloc_n(mm2, sizeof(double));
        a->LU = kes__malloc_n(mm2, sizeof(double));
        a->piv = kes__malloc_n((size_t)a->m, sizeof(lapack_int));
        ok = ok && a->K && a->Kd && a->Ki && a->D && a->A && a->T && a->Z && a->LU && a->piv;
    }
    c->F = kes__calloc_n(N, sizeof(double));
    c->UB = kes__calloc_n(N, sizeof(double));
    c->U = kes__calloc_n(N, sizeof(double));
    c->Ub = kes__calloc_n(N, sizeof(double));
    c->alpha = kes__calloc_n(N, sizeof(double));
    c->Lt = kes__calloc_n(N, sizeof(double));
    c->mu = kes__calloc_n(N, sizeof(double));
    c->Uprev = kes__calloc_n(N, sizeof(double));
    size_t wN = N > (size_t)(nmx * nmx) ? N : (size_t)(nmx * nmx);
    c->w1 = kes__calloc_n(wN, sizeof(double));
    c->w2 = kes__calloc_n(wN, sizeof(double));
    c->w3 = kes__calloc_n(N, sizeof(double));
    c->w4 = kes__calloc_n(N, sizeof(double));
    size_t s1n = 2 * (size_t)(nmx * nmx) > (size_t)smx ? 2 * (size_t)(nmx * nmx) : (size_t)smx;
    c->s1 = kes__calloc_n(s1n, sizeof(double));
    c->s2 = kes__calloc_n(2 * (size_t)smx, sizeof(double));
    c->X = kes__calloc_n(nI, sizeof(double));
    c->R = kes__calloc_n(nI, sizeof(double));
    int64_t Rr = GM_RESTART;
    c->gm = kes__calloc_n((size_t)((Rr + 3) * (int64_t)nI + (Rr + 1) * Rr + 4 * Rr + 2), sizeof(double));
    ok = ok && c->F && c->UB && c->U && c->Ub && c->alpha && c->Lt && c->mu && c->Uprev && c->w1 && c->w2 &&
         c->w3 && c->w4 && c->s1 && c->s2 && c->X && c->R && c->gm;
    return ok ? KES_OK : KES_ENOMEM;
}

/* Solve at theta with the smallest jitter (from jit0 up) that factors; on
 * success also rescale the first axis's weights to the overall scale that
 * minimises P at fixed D (U^T K0^-1 U / N: D and U do not depend on it). */
static kes_status solve_start(gpc *c, double *th, double jit0)
{
    double lml;
    kes_status st;
    c->jitter = jit0;
    c->have_prev = 0;
    for (;;) {
        st = gpc_eval(c, th, &lml, NULL);
        if (st != KES_ENOTSPD || c->jitter >= JIT_MAX) break;
        c->jitter = c->jitter > 0.0 ? 10.0 * c->jitter : 1e-14;
    }
    if (st != KES_OK) return st;
    double ld = (double)c->n2 * c->ax[0].logdet + (double)c->n1 * c->ax[1].logdet;
    double sc = 2.0 * (c->P - 0.5 * ld) / (double)c->N;
    if (sc > 0.0 && isfinite(sc) && fabs(log(sc)) > 1e-12) {
        for (int q = 0; q < c->Q; q++) th[q] += log(sc);
        /* scaling the first axis's weights (and with them its jitter)
         * scales K_1, K_1'' and K_1^-1 and leaves D, U and the factored
         * interior systems as they are: update the derived state rather
         * than solve again */
        axis *a = &c->ax[0];
        for (int64_t i = 0; i < a->n * a->n; i++) a->K[i] *= sc, a->Kd[i] *= sc, a->Ki[i] /= sc;
        a->jit *= sc;
        a->logdet += (double)a->n * log(sc);
        for (int64_t i = 0; i < c->N; i++) c->alpha[i] /= sc;
        double q = cblas_ddot((int)c->N, c->U, 1, c->alpha, 1);
        c->P = 0.5 * q + 0.5 * ((double)c->n2 * a->logdet + (double)c->n1 * c->ax[1].logdet);
    }
    return st;
}

/* The grid problem: axes, allocation, f at the interior and g on the boundary. */
static kes_status gpc_setup(gpc *c, kes_gpcol_op op, int dim, const int64_t *n, const double *lo, const double *hi,
                            kes_field_fn f, kes_field_fn g, void *ctx, const kes_gpcol_opts *o)
{
    memset(c, 0, sizeof *c);
    c->op = op, c->dim = dim, c->Q = o->components, c->sp = o->spectrum, c->k2 = o->k2, c->jitter = o->jitter;
    for (int j = 0; j < 2; j++) {
        axis *a = &c->ax[j];
        if (j < dim) {
            a->n = n[j], a->m = n[j] - 2, a->off = 1;
            a->lo = lo[j], a->len = hi[j] - lo[j], a->h = a->len / (double)(n[j] - 1);
            a->omn = PI_D / a->h;
        } else {
            a->n = 1, a->m = 1, a->off = 0, a->trivial = 1, a->len = 1.0, a->h = 1.0, a->omn = 1.0;
        }
    }
    c->n1 = c->ax[0].n, c->n2 = c->ax[1].n, c->m1 = c->ax[0].m, c->m2 = c->ax[1].m, c->N = c->n1 * c->n2;
    kes_status st = gpc_alloc(c);
    if (st != KES_OK) return st;
    for (int64_t l = 0; l < c->n2; l++)
        for (int64_t i = 0; i < c->n1; i++) {
            double x[2] = {c->ax[0].lo + (double)i * c->ax[0].h, c->ax[1].lo + (double)l * c->ax[1].h};
            int bnd = i == 0 || i == c->n1 - 1 || (dim == 2 && (l == 0 || l == c->n2 - 1));
            double v = bnd ? g(x, ctx) : f(x, ctx);
            if (!isfinite(v)) return KES_ENAN;
            (bnd ? c->UB : c->F)[i + l * c->n1] = v;
        }
    return KES_OK;
}

kes_status kes__gpcol_objective(kes_gpcol_op op, int dim, const int64_t *n, const double *lo, const double *hi,
                                kes_field_fn f, kes_field_fn g, void *ctx, const kes_gpcol_opts *o,
                                const double *theta, double jitter, double *P, double *grad)
{
    kes_gpcol_opts def = kes_gpcol_opts_default();
    if (!o) o = &def;
    kes_status st = grid_args(op, dim, n, lo, hi, f, g, o, P);
    if (st != KES_OK) return st;
    if (!theta) return KES_EINVAL;
    gpc c;
    st = gpc_setup(&c, op, dim, n, lo, hi, f, g, ctx, o);
    if (st == KES_OK) {
        double lml;
        c.jitter = jitter;
        st = gpc_eval(&c, theta, &lml, grad);
        if (st == KES_OK) {
            *P = c.P;
            if (grad)
                for (int64_t t = 0; t < 3 * (int64_t)c.Q * dim; t++) grad[t] = -grad[t];
        }
    }
    gpc_free(&c);
    return st;
}

kes_status kes_gpcol_solve(kes_gpcol_op op, int dim, const int64_t *n, const double *lo, const double *hi,
                           kes_field_fn f, kes_field_fn g, void *ctx, const kes_gpcol_opts *o, kes_rng *rng,
                           double *u, kes_gpcol_stats *stout)
{
    kes_gpcol_opts def = kes_gpcol_opts_default();
    if (!o) o = &def;
    kes_status st = grid_args(op, dim, n, lo, hi, f, g, o, u);
    if (st != KES_OK) return st;
    gpc c;
    fine fn;
    memset(&fn, 0, sizeof fn);
    int64_t P3 = 3 * (int64_t)o->components, np = P3 * dim;
    double *th = kes__calloc_n((size_t)(5 * np), sizeof(double));
    double *lob = th ? th + np : NULL, *hib = lob ? lob + np : NULL, *best = hib ? hib + np : NULL,
           *cand = best ? best + np : NULL;
    double *xs = NULL, *ys = NULL, *Su[2] = {NULL, NULL};
    int64_t *pk = NULL, nf[2] = {0, 0};
    double dw[2] = {0, 0};
    st = gpc_setup(&c, op, dim, n, lo, hi, f, g, ctx, o);
    if (st == KES_OK && !th) st = KES_ENOMEM;
    if (st != KES_OK) goto out;
    st = fine_setup(&c, &fn, f, g, ctx);
    if (st != KES_OK) goto out;
    /* the spectrum of f along lines of each axis, OVERSAMPLE times denser than the grid */
    double ppw = HUGE_VAL;
    for (int j = 0; j < dim; j++) {
        axis *a = &c.ax[j], *oa = &c.ax[1 - j];
        int64_t ns = OVERSAMPLE * (a->n - 1) + 1, nl = dim == 2 ? (oa->n - 2 < 8 ? oa->n - 2 : 8) : 1;
        dw[j] = 2.0 * PI_D / (4.0 * a->len);
        nf[j] = (int64_t)ceil(OVERSAMPLE * a->omn / dw[j]) + 2;
        free(xs), free(ys), free(pk);
        xs = kes__malloc_n((size_t)ns, sizeof(double));
        ys = kes__malloc_n((size_t)ns, sizeof(double));
        pk = kes__malloc_n((size_t)nf[j], sizeof(int64_t));
        Su[j] = kes__calloc_n((size_t)nf[j], sizeof(double));
        if (!xs || !ys || !pk || !Su[j]) {
            st = KES_ENOMEM;
            goto out;
        }
        for (int64_t li = 0; li < nl; li++) {
            double x[2];
            if (dim == 2) x[1 - j] = oa->lo + oa->h * (double)(1 + (li * (oa->n - 2)) / nl);
            for (int64_t t = 0; t < ns; t++) {
                xs[t] = a->lo + a->len * (double)t / (double)(ns - 1);
                x[j] = xs[t];
                ys[t] = f(x, ctx);
                if (!isfinite(ys[t])) {
                    st = KES_ENAN;
                    goto out;
                }
            }
            st = periodogram_add(xs, ys, ns, a->lo, a->len, dw[j], nf[j], Su[j]);
            if (st != KES_OK) goto out;
        }
        double omhi = u_spectrum(Su[j], nf[j], dw[j], a->len, Su[j]);
        double p = omhi > 0.0 ? 2.0 * PI_D / (omhi * a->h) : HUGE_VAL;
        if (p < ppw) ppw = p;
    }
    /* every start, judged by the error estimate */
    double best_est = HUGE_VAL, best_jit = c.jitter, jit0 = c.jitter;
    kes_status first_err = KES_OK;
    int have = 0;
    for (int s = 0; s < NSTARTS; s++) {
        for (int j = 0; j < dim; j++) {
            double *tj = cand + j * P3;
            spectral_start(Su[j], nf[j], dw[j], c.ax[j].len, c.ax[j].omn, c.Q, &STARTS[s], rng, pk, tj, tj + c.Q,
                           tj + 2 * c.Q);
        }
        kes_status cs = solve_start(&c, cand, jit0);
        if (cs != KES_OK && !(cs == KES_NOCONV && op == KES_GPCOL_ALLEN_CAHN)) {
            if (first_err == KES_OK) first_err = cs;
            continue;
        }
        double e = estimate(&c, &fn, cand);
        if (!have || (isfinite(e) && !(e >= best_est))) {
            memcpy(best, cand, (size_t)np * sizeof(double));
            best_est = isfinite(e) ? e : HUGE_VAL;
            best_jit = c.jitter;
            have = 1;
        }
        if (!fn.os) break; /* nothing to judge by: keep the first */
    }
    if (!have) {
        st = first_err;
        goto out;
    }
    memcpy(th, best, (size_t)np * sizeof(double));
    for (int j = 0; j < dim; j++)
        for (int q = 0; q < c.Q; q++) {
            double *tj = th + j * P3;
            lob[j * P3 + q] = tj[q] - 40.0, hib[j * P3 + q] = tj[q] + 40.0;
            lob[j * P3 + c.Q + q] = 0.0, hib[j * P3 + c.Q + q] = fmax(1.2, 1.2 * tj[c.Q + q]);
            lob[j * P3 + 2 * c.Q + q] = log(0.25 * c.ax[j].h), hib[j * P3 + 2 * c.Q + q] = log(20.0 * c.ax[j].len);
        }
    /* GP-HM's prior term, minimised from the best start; the result is kept
     * when the error estimate does not grow */
    int64_t evals = 0;
    kes_status ost = KES_OK;
    double est = best_est, lml;
    c.jitter = best_jit;
    c.have_prev = 0;
    if (o->max_iter > 0) {
        ost = kes__gps_maximise(gpc_eval, &c, np, th, lob, hib, o->max_iter, o->tol, &lml, &evals);
        kes_status es = ost == KES_OK || ost == KES_NOCONV ? gpc_eval(&c, th, &lml, NULL) : ost;
        double e = es == KES_OK ? estimate(&c, &fn, th) : NAN;
        if (es == KES_OK && (isfinite(e) ? e <= best_est : !isfinite(best_est))) {
            est = e;
        } else {
            memcpy(th, best, (size_t)np * sizeof(double));
            if (ost == KES_OK) ost = KES_NOCONV;
        }
        if (ost != KES_OK && ost != KES_NOCONV) ost = KES_NOCONV;
    }
    c.have_prev = 0;
    st = gpc_eval(&c, th, &lml, NULL);
    if (st != KES_OK && !(st == KES_NOCONV && op == KES_GPCOL_ALLEN_CAHN)) goto out;
    if (st == KES_OK) st = ost;
    memcpy(u, c.U, (size_t)c.N * sizeof(double));
    if (stout) {
        memset(stout, 0, sizeof *stout);
        residual(&c, c.U, c.X);
        double rm = 0.0;
        for (int64_t i = 0; i < c.m1 * c.m2; i++) rm = fmax(rm, fabs(c.X[i]));
        stout->points_per_wavelength = ppw;
        stout->objective = c.P;
        stout->residual = rm;
        stout->error_estimate = isfinite(est) && est < HUGE_VAL ? est : NAN;
        stout->jitter = c.jitter;
        stout->evaluations = evals;
        stout->newton = c.newton;
        stout->components = c.Q;
    }
out:
    gpc_free(&c);
    fine_free(&fn);
    free(th), free(xs), free(ys), free(pk), free(Su[0]), free(Su[1]);
    return st;
}

kes_status kes_gpcol_poisson(int dim, const int64_t *n, const double *lo, const double *hi, kes_field_fn f,
                             kes_field_fn g, void *ctx, const kes_gpcol_opts *o, kes_rng *rng, double *u)
{
    return kes_gpcol_solve(KES_GPCOL_POISSON, dim, n, lo, hi, f, g, ctx, o, rng, u, NULL);
}

/* ------------------------------------------------------ scattered points */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define SC_NMAX 20000

/* The covariances on the point set (N points, dim axes) of the product
 * kernel k = prod_j k_j: K = cov(u, u), M = cov(L u, u) and
 * A = cov(L u, L u), with L = laplace (+ k2): M = lap K + k2 K and
 * A = lap lap' K + 2 k2 lap K + k2^2 K, where lap lap' K sums the fourth
 * derivatives of each axis and twice the products of second derivatives
 * of two axes.  T0, T2 and T4 are N x N work. */
static kes_status sc_matrices(int dim, int64_t N, const double *X, int64_t ldx, const double *th, int Q,
                              kes_gpcol_spectrum sp, const double *omn, double k2, double *K, double *M, double *A,
                              double *T0, double *T2, double *T4)
{
    double k00 = 1.0;
    for (int j = 0; j < dim; j++) {
        axpar p = {th + j * 3 * Q, th + j * 3 * Q + Q, th + j * 3 * Q + 2 * Q, omn[j], Q, sp};
        double kz, kz2, kz4;
        kern_val4(&p, 0.0, &kz, &kz2, &kz4);
        k00 *= kz;
        for (int64_t b = 0; b < N; b++)
            for (int64_t a = b; a < N; a++) {
                double k0, kd, kq;
                kern_val4(&p, X[a + j * ldx] - X[b + j * ldx], &k0, &kd, &kq);
                T0[a + b * N] = T0[b + a * N] = k0;
                T2[a + b * N] = T2[b + a * N] = kd;
                T4[a + b * N] = T4[b + a * N] = kq;
            }
        if (j == 0) {
            memcpy(K, T0, (size_t)(N * N) * sizeof(double));
            memcpy(M, T2, (size_t)(N * N) * sizeof(double));
            memcpy(A, T4, (size_t)(N * N) * sizeof(double));
        } else { /* the second axis combined with the first */
            for (int64_t i = 0; i < N * N; i++) {
                A[i] = A[i] * T0[i] + K[i] * T4[i] + 2.0 * M[i] * T2[i];
                M[i] = M[i] * T0[i] + K[i] * T2[i];
                K[i] *= T0[i];
            }
        }
    }
    if (!(k00 > 0.0) || !isfinite(k00)) return KES_ENOTSPD;
    if (k2 != 0.0)
        for (int64_t i = 0; i < N * N; i++) {
            A[i] += 2.0 * k2 * M[i] + k2 * k2 * K[i];
            M[i] += k2 * K[i];
        }
    for (int64_t i = 0; i < N * N; i++)
        if (!isfinite(A[i])) return KES_ERANGE;
    return KES_OK;
}

typedef struct scw {
    int64_t ni, nb, N;
    double *K, *M, *A, *T0, *T2, *T4, *LB, *W, *C, *E, *ev, *z, *r, *m;
} scw;

/* For one set of hyperparameters, condition on the boundary values
 * (K_BB = L_B L_B^T, jittered): f | g ~ N(mf, E + s2 I) with
 * mf = M_IB K_BB^-1 g and E = A_II - M_IB K_BB^-1 M_BI; the eigenvectors
 * of E, r = f - mf in their basis (z), the prior conditional mean of u_I
 * (m) and cov(u_I, f | g) = M_II - K_IB K_BB^-1 M_BI (C); then the noise
 * variance that maximises the marginal likelihood of f, and that
 * likelihood. */
static kes_status sc_evidence(scw *w, int dim, const double *X, int64_t ldx, const double *th, int Q,
                              kes_gpcol_spectrum sp, const double *omn, double jitter, double k2, const double *f,
                              const double *g, double *s2out, double *lmlout)
{
    int64_t ni = w->ni, nb = w->nb, N = w->N;
    kes_status st = sc_matrices(dim, N, X, ldx, th, Q, sp, omn, k2, w->K, w->M, w->A, w->T0, w->T2, w->T4);
    if (st != KES_OK) return st;
    double k00 = w->K[0];
    for (int64_t b = 0; b < nb; b++)
        for (int64_t a = 0; a < nb; a++)
            w->LB[a + b * nb] = w->K[(ni + a) + (ni + b) * N] + (a == b ? jitter * k00 : 0.0);
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)nb, w->LB, (lapack_int)nb) != 0) return KES_ENOTSPD;
    /* W = K_BB^-1 [K_BI | M_BI | g]: nb x (2 ni + 1) */
    double *Wk = w->W, *Wm = w->W + nb * ni, *Wg = w->W + 2 * nb * ni;
    for (int64_t b = 0; b < ni; b++)
        for (int64_t a = 0; a < nb; a++) {
            Wk[a + b * nb] = w->K[(ni + a) + b * N];
            Wm[a + b * nb] = w->M[(ni + a) + b * N];
        }
    memcpy(Wg, g, (size_t)nb * sizeof(double));
    if (LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', (lapack_int)nb, (lapack_int)(2 * ni + 1), w->LB, (lapack_int)nb, w->W,
                       (lapack_int)nb) != 0)
        return KES_ENOTSPD;
    /* E = A_II - M_IB Wm, C = M_II - K_IB Wm, m = K_IB Wg, mf = M_IB Wg */
    for (int64_t b = 0; b < ni; b++)
        for (int64_t a = 0; a < ni; a++) {
            w->E[a + b * ni] = w->A[a + b * N];
            w->C[a + b * ni] = w->M[a + b * N];
        }
    mm(1, 0, ni, ni, nb, -1.0, w->M + ni, N, Wm, nb, 1.0, w->E, ni); /* (M_BI)^T = M_IB */
    mm(1, 0, ni, ni, nb, -1.0, w->K + ni, N, Wm, nb, 1.0, w->C, ni);
    cblas_dgemv(CblasColMajor, CblasTrans, (int)nb, (int)ni, 1.0, w->K + ni, (int)N, Wg, 1, 0.0, w->m, 1);
    cblas_dgemv(CblasColMajor, CblasTrans, (int)nb, (int)ni, 1.0, w->M + ni, (int)N, Wg, 1, 0.0, w->r, 1);
    for (int64_t i = 0; i < ni; i++) w->r[i] = f[i] - w->r[i];
    for (int64_t b = 0; b < ni; b++) /* symmetrise against rounding */
        for (int64_t a = 0; a < b; a++) {
            double v = 0.5 * (w->E[a + b * ni] + w->E[b + a * ni]);
            w->E[a + b * ni] = w->E[b + a * ni] = v;
        }
    if (LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'L', (lapack_int)ni, w->E, (lapack_int)ni, w->ev) != 0)
        return KES_ESINGULAR;
    cblas_dgemv(CblasColMajor, CblasTrans, (int)ni, (int)ni, 1.0, w->E, (int)ni, w->r, 1, 0.0, w->z, 1);
    /* log p(f | s2) = -1/2 sum log(e_i + s2) + z_i^2 / (e_i + s2) + const,
     * maximised over log s2 by a grid and golden-section refinement; s2
     * stays above 1e-14 of the largest eigenvalue, below which the
     * eigenvalues are rounding */
    double emax = 0.0, rr = 0.0;
    for (int64_t i = 0; i < ni; i++) emax = fmax(emax, w->ev[i]), rr += w->r[i] * w->r[i];
    double top = log(fmax(emax, rr / (double)ni) + DBL_MIN), bot = log(1e-14 * emax + DBL_MIN);
    if (!(bot < top)) bot = top - 1.0;
#define SC_LP(ls2, out)                                                                                          \
    do {                                                                                                         \
        double s2_ = exp(ls2), acc_ = 0.0;                                                                       \
        for (int64_t i_ = 0; i_ < ni; i_++) {                                                                    \
            double d_ = fmax(w->ev[i_], 0.0) + s2_;                                                              \
            acc_ += log(d_) + w->z[i_] * w->z[i_] / d_;                                                          \
        }                                                                                                        \
        (out) = -0.5 * acc_;                                                                                     \
    } while (0)
    double bl = bot, bv = -HUGE_VAL;
    for (int k = 0; k <= 160; k++) {
        double ls = bot + (top - bot) * k / 160.0, v;
        SC_LP(ls, v);
        if (v > bv) bv = v, bl = ls;
    }
    double step = (top - bot) / 160.0, a = fmax(bot, bl - step), b = fmin(top, bl + step);
    double gr = 0.5 * (sqrt(5.0) - 1.0);
    for (int it = 0; it < 60; it++) {
        double x1 = b - gr * (b - a), x2 = a + gr * (b - a), v1, v2;
        SC_LP(x1, v1);
        SC_LP(x2, v2);
        if (v1 > v2) b = x2;
        else a = x1;
    }
    double ls = 0.5 * (a + b), v;
    SC_LP(ls, v);
    if (v < bv) ls = bl, v = bv;
#undef SC_LP
    *s2out = exp(ls);
    *lmlout = v - 0.5 * (double)ni * log(2.0 * PI_D);
    return isfinite(*lmlout) ? KES_OK : KES_ERANGE;
}

/* The 2-D periodogram of values y at scattered points (x0, x1), Hann
 * windowed, its largest value over the other axis's frequencies into S0
 * (nf0) and S1 (nf1).  For products like sin(a x) sin(b y) a 1-D
 * projection averages to noise, and a sum over the other axis adds up the
 * floor of the scattered sampling; the maximum keeps the peaks.  Four matrix products of
 * nf0 x np x nf1. */
static kes_status periodogram2(const double *X, int64_t ldx, const double *y, int64_t np, const double *lo,
                               const double *len, const double *dw, const int64_t *nf, double *S0, double *S1)
{
    int64_t n0 = nf[0], n1 = nf[1];
    double *cos0 = kes__malloc_n((size_t)(n0 * np), sizeof(double)), *sin0 = kes__malloc_n((size_t)(n0 * np), sizeof(double));
    double *cos1 = kes__malloc_n((size_t)(n1 * np), sizeof(double)), *sin1 = kes__malloc_n((size_t)(n1 * np), sizeof(double));
    double *Re = kes__malloc_n((size_t)(n0 * n1), sizeof(double)), *Im = kes__malloc_n((size_t)(n0 * n1), sizeof(double));
    kes_status st = KES_ENOMEM;
    if (!cos0 || !sin0 || !cos1 || !sin1 || !Re || !Im) goto out;
    for (int64_t i = 0; i < np; i++) {
        double x0 = X[i], x1 = X[i + ldx];
        double w0 = sin(PI_D * (x0 - lo[0]) / len[0]), w1 = sin(PI_D * (x1 - lo[1]) / len[1]);
        double a = w0 * w0 * w1 * w1 * y[i];
        for (int64_t k = 0; k < n0; k++) {
            double om = (double)k * dw[0] * x0;
            cos0[k + i * n0] = a * cos(om), sin0[k + i * n0] = a * sin(om);
        }
        for (int64_t k = 0; k < n1; k++) {
            double om = (double)k * dw[1] * x1;
            cos1[k + i * n1] = cos(om), sin1[k + i * n1] = sin(om);
        }
    }
    /* sum a e^{-i(w0 x0 + w1 x1)}: Re = cos0 cos1^T - S0 S1^T, Im = -(S0 cos1^T + cos0 S1^T) */
    mm(0, 1, n0, n1, np, 1.0, cos0, n0, cos1, n1, 0.0, Re, n0);
    mm(0, 1, n0, n1, np, -1.0, sin0, n0, sin1, n1, 1.0, Re, n0);
    mm(0, 1, n0, n1, np, 1.0, sin0, n0, cos1, n1, 0.0, Im, n0);
    mm(0, 1, n0, n1, np, 1.0, cos0, n0, sin1, n1, 1.0, Im, n0);
    for (int64_t b = 0; b < n1; b++)
        for (int64_t a = 0; a < n0; a++) {
            double p = Re[a + b * n0] * Re[a + b * n0] + Im[a + b * n0] * Im[a + b * n0];
            S0[a] = fmax(S0[a], p), S1[b] = fmax(S1[b], p);
        }
    st = KES_OK;
out:
    free(cos0), free(sin0), free(cos1), free(sin1), free(Re), free(Im);
    return st;
}

kes_status kes_gpcol_scattered(kes_gpcol_op op, int dim, int64_t ni, const double *Xi, int64_t ldxi, const double *f,
                               int64_t nb, const double *Xb, int64_t ldxb, const double *g, const kes_gpcol_opts *o,
                               kes_rng *rng, double *u, kes_gpcol_stats *stout)
{
    kes_gpcol_opts def = kes_gpcol_opts_default();
    if (!o) o = &def;
    if (!Xi || !f || !Xb || !g || !u) return KES_EINVAL;
    if (op != KES_GPCOL_POISSON && op != KES_GPCOL_HELMHOLTZ && op != KES_GPCOL_ALLEN_CAHN) return KES_EINVAL;
    kes_status st = check_opts(o);
    if (st != KES_OK) return st;
    if (op == KES_GPCOL_ALLEN_CAHN || (dim != 1 && dim != 2)) return KES_ENOTSUP;
    if (ni < 1 || nb < 1 || ldxi < ni || ldxb < nb || ni > SC_NMAX - nb) return KES_EDIM;
    int64_t N = ni + nb, np = 3 * (int64_t)o->components * dim;
    for (int j = 0; j < dim; j++) {
        for (int64_t i = 0; i < ni; i++)
            if (!isfinite(Xi[i + j * ldxi])) return KES_ENAN;
        for (int64_t i = 0; i < nb; i++)
            if (!isfinite(Xb[i + j * ldxb])) return KES_ENAN;
    }
    if (!kes__all_finite(f, (size_t)ni) || !kes__all_finite(g, (size_t)nb)) return KES_ENAN;
    scw w;
    memset(&w, 0, sizeof w);
    w.ni = ni, w.nb = nb, w.N = N;
    size_t NN = (size_t)(N * N);
    double *X = kes__malloc_n((size_t)(N * dim), sizeof(double));
    double *th = kes__calloc_n((size_t)(2 * np), sizeof(double)), *best = th ? th + np : NULL;
    w.K = kes__malloc_n(NN, sizeof(double));
    w.M = kes__malloc_n(NN, sizeof(double));
    w.A = kes__malloc_n(NN, sizeof(double));
    w.T0 = kes__malloc_n(NN, sizeof(double));
    w.T2 = kes__malloc_n(NN, sizeof(double));
    w.T4 = kes__malloc_n(NN, sizeof(double));
    w.LB = kes__malloc_n((size_t)(nb * nb), sizeof(double));
    w.W = kes__malloc_n((size_t)(nb * (2 * ni + 1)), sizeof(double));
    w.C = kes__malloc_n((size_t)(ni * ni), sizeof(double));
    w.E = kes__malloc_n((size_t)(ni * ni), sizeof(double));
    w.ev = kes__malloc_n((size_t)ni, sizeof(double));
    w.z = kes__malloc_n((size_t)ni, sizeof(double));
    w.r = kes__malloc_n((size_t)ni, sizeof(double));
    w.m = kes__malloc_n((size_t)ni, sizeof(double));
    double *xs = NULL, *Suj[2] = {NULL, NULL};
    int64_t *pk = NULL, nf[2] = {0, 0};
    double omn[2] = {1.0, 1.0}, dw[2] = {0, 0}, len[2] = {1.0, 1.0}, hef[2] = {1.0, 1.0};
    if (!X || !th || !w.K || !w.M || !w.A || !w.T0 || !w.T2 || !w.T4 || !w.LB || !w.W || !w.C || !w.E || !w.ev ||
        !w.z || !w.r || !w.m) {
        st = KES_ENOMEM;
        goto out;
    }
    for (int j = 0; j < dim; j++) {
        for (int64_t i = 0; i < ni; i++) X[i + j * N] = Xi[i + j * ldxi];
        for (int64_t i = 0; i < nb; i++) X[ni + i + j * N] = Xb[i + j * ldxb];
    }
    /* distinct points, and a box of positive extent on every axis */
    for (int64_t b = 0; b < N; b++)
        for (int64_t a = b + 1; a < N; a++) {
            int same = 1;
            for (int j = 0; j < dim && same; j++) same = X[a + j * N] == X[b + j * N];
            if (same) {
                st = KES_EBADDATA;
                goto out;
            }
        }
    double ppw = HUGE_VAL, lov[2] = {0.0, 0.0};
    for (int j = 0; j < dim; j++) {
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (int64_t i = 0; i < N; i++) lo = fmin(lo, X[i + j * N]), hi = fmax(hi, X[i + j * N]);
        len[j] = hi - lo, lov[j] = lo;
        if (!(len[j] > 0.0) || !isfinite(len[j])) {
            st = KES_EBADDATA;
            goto out;
        }
        hef[j] = len[j] / pow((double)ni, 1.0 / (double)dim);
        omn[j] = PI_D / hef[j];
        dw[j] = 2.0 * PI_D / (4.0 * len[j]);
        nf[j] = (int64_t)ceil(OVERSAMPLE * omn[j] / dw[j]) + 2;
        Suj[j] = kes__calloc_n((size_t)nf[j], sizeof(double));
        free(xs);
        xs = kes__malloc_n((size_t)nf[j], sizeof(double));
        if (!Suj[j] || !xs) {
            st = KES_ENOMEM;
            goto out;
        }
    }
    free(xs);
    xs = kes__malloc_n((size_t)(nf[0] > nf[1] ? nf[0] : nf[1]), sizeof(double));
    if (!xs) {
        st = KES_ENOMEM;
        goto out;
    }
    if (dim == 1) {
        st = periodogram_add(X, f, ni, lov[0], len[0], dw[0], nf[0], Suj[0]);
    } else {
        st = periodogram2(X, N, f, ni, lov, len, dw, nf, Suj[0], Suj[1]);
    }
    if (st != KES_OK) goto out;
    for (int j = 0; j < dim; j++) {
        /* scattered sampling leaves a floor in the periodogram, so the
         * highest frequency is that of the highest peak of f's spectrum
         * above 20 times its median (or half the
         * strongest) and within a factor 10 of the strongest, not a tail fraction; the components
         * come from the implied solution spectrum as on a grid */
        double smax = 0.0, omhi = 0.0;
        for (int64_t k = 0; k < nf[j]; k++) smax = fmax(smax, Suj[j][k]), xs[k] = Suj[j][k];
        /* the floor: the median (quickselect-free: a sort of a copy) */
        qsort(xs, (size_t)nf[j], sizeof(double), cmp_double);
        double thr = fmax(0.1 * smax, fmin(20.0 * xs[nf[j] / 2], 0.5 * smax));
        for (int64_t k = 1; k + 1 < nf[j]; k++)
            if (Suj[j][k] >= thr && Suj[j][k] >= Suj[j][k - 1] && Suj[j][k] > Suj[j][k + 1])
                omhi = (double)k * dw[j];
        /* scattered sampling's floor, amplified by the division below, would
         * outweigh the true peaks at low frequency: remove 10 medians (an
         * exponential floor passes that once in 2e4 bins) before dividing */
        double floor10 = 10.0 * xs[nf[j] / 2];
        for (int64_t k = 0; k < nf[j]; k++) Suj[j][k] = fmax(Suj[j][k] - floor10, 0.0);
        (void)u_spectrum(Suj[j], nf[j], dw[j], len[j], Suj[j]);
        double p = omhi > 0.0 ? 2.0 * PI_D / (omhi * hef[j]) : HUGE_VAL;
        if (p < ppw) ppw = p;
    }
    pk = kes__malloc_n((size_t)(nf[0] > nf[1] ? nf[0] : nf[1]), sizeof(int64_t));
    if (!pk) {
        st = KES_ENOMEM;
        goto out;
    }
    /* every start, judged by the evidence of f */
    double k2 = op == KES_GPCOL_HELMHOLTZ ? o->k2 : 0.0, best_l = -HUGE_VAL, best_jit = o->jitter, best_s2 = 0.0;
    kes_status first_err = KES_OK;
    int have = 0;
    for (int s = 0; s < NSTARTS; s++) {
        for (int j = 0; j < dim; j++) {
            double *tj = th + j * 3 * o->components;
            spectral_start(Suj[j], nf[j], dw[j], len[j], omn[j], o->components, &STARTS[s], rng, pk, tj,
                           tj + o->components, tj + 2 * o->components);
        }
        double jit = o->jitter, s2 = 0.0, l = -HUGE_VAL;
        kes_status cs;
        for (;;) {
            cs = sc_evidence(&w, dim, X, N, th, o->components, o->spectrum, omn, jit, k2, f, g, &s2, &l);
            if (cs != KES_ENOTSPD || jit >= JIT_MAX) break;
            jit = jit > 0.0 ? 10.0 * jit : 1e-14;
        }
        if (cs != KES_OK) {
            if (first_err == KES_OK) first_err = cs;
            continue;
        }
        if (!have || l > best_l) {
            memcpy(best, th, (size_t)np * sizeof(double));
            best_l = l, best_jit = jit, best_s2 = s2, have = 1;
        }
    }
    if (!have) {
        st = first_err;
        goto out;
    }
    double s2 = 0.0, lml = 0.0;
    st = sc_evidence(&w, dim, X, N, best, o->components, o->spectrum, omn, best_jit, k2, f, g, &s2, &lml);
    if (st != KES_OK) goto out;
    (void)best_s2;
    /* u_I = m + C (E + s2 I)^-1 r = m + C V diag(1 / (e + s2)) z; the
     * posterior mean of L u at X_I is f - s2 (E + s2 I)^-1 r */
    for (int64_t i = 0; i < ni; i++) w.z[i] /= fmax(w.ev[i], 0.0) + s2;
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)ni, (int)ni, 1.0, w.E, (int)ni, w.z, 1, 0.0, w.r, 1);
    memcpy(u, w.m, (size_t)ni * sizeof(double));
    cblas_dgemv(CblasColMajor, CblasNoTrans, (int)ni, (int)ni, 1.0, w.C, (int)ni, w.r, 1, 1.0, u, 1);
    if (stout) {
        memset(stout, 0, sizeof *stout);
        double rm = 0.0;
        for (int64_t i = 0; i < ni; i++) rm = fmax(rm, fabs(s2 * w.r[i]));
        stout->points_per_wavelength = ppw;
        stout->objective = -lml;
        stout->residual = rm;
        stout->error_estimate = NAN;
        stout->jitter = best_jit;
        stout->noise = sqrt(s2);
        stout->components = o->components;
    }
    st = KES_OK;
out:
    free(X), free(th), free(xs), free(pk), free(Suj[0]), free(Suj[1]);
    free(w.K), free(w.M), free(w.A), free(w.T0), free(w.T2), free(w.T4), free(w.LB), free(w.W), free(w.C), free(w.E),
        free(w.ev), free(w.z), free(w.r), free(w.m);
    return st;
}
