/*
 * Kronecker (grid) Gaussian processes: product kernels on a Cartesian grid
 * through per-dimension eigendecompositions.  Y. Saatci, "Scalable
 * Inference for Structured Gaussian Process Models", PhD thesis, Cambridge,
 * 2011, Chapter 5 (Kronecker matrix-vector products, Algorithm 16, and the
 * exact LML and gradient in the eigenbasis); A. G. Wilson, E. Gilboa,
 * A. Nehorai and J. P. Cunningham, NeurIPS 2014 (incomplete grids: solves
 * with the observed block by conjugate gradients on Kronecker products).
 *
 * Storage: grid arrays are first-index-fastest, so the memory of a grid
 * vector is vec(Y) with Y viewed as (P_j, M_j, S_j), P_j = prod_{i<j} M_i,
 * S_j = prod_{i>j} M_i, and the operator of the model is
 * K = s2 K_D (x) ... (x) K_1 in that memory.  A factor A_j acts on axis j by
 * Y_s <- Y_s A_j^T for each of the S_j slabs Y_s (P_j x M_j, ld P_j): one
 * GEMM per slab, 2 M M_j flops per axis.
 *
 * Eigenbasis: K_j = Q_j diag(lambda_j) Q_j^T (LAPACK dsyevd), Q = (x)_j Q_j,
 * Lambda = s2 (x)_j lambda_j, den = Lambda + n2.  With yt = Q^T y and
 * at = yt / den (= Q^T alpha):
 *   LML  = -1/2 sum yt^2/den - 1/2 sum log den - M/2 log 2 pi
 *   dLML/dlog s2 = 1/2 sum Lambda at^2 - 1/2 sum Lambda/den
 *   dLML/dlog n2 = 1/2 n2 (sum at^2 - sum 1/den)
 *   dLML/dlog l_j = 1/2 at^T (Q^T dK Q) at - 1/2 sum_i w_i (B_j)_{i_j i_j}/den_i
 * where B_j = Q_j^T dK_j Q_j, w_i = s2 prod_{k != j} lambda_k[i_k], and
 * Q^T dK Q = s2 (x)(diag lambda_k for k != j, B_j for k = j): the quadratic
 * term is one axis product of B_j with at.  An isotropic length scale sums
 * the D per-axis terms.
 */
#include <float.h>
#include <math.h>
#include <cblas.h>
#include <lapacke.h>

#include "kernels/gp_scal_internal.h"
#include "kestrel/solvers.h"

#define KMAXD 16

struct kes_gp_kron {
    kes_gp_kernel kernel;
    int64_t D, M, p, nobs;
    int64_t sz[KMAXD];
    double *coord[KMAXD]; /* into cbuf */
    double *cbuf;
    double *y;            /* M, 0 at missing cells */
    unsigned char *obs;   /* M flags, NULL for a complete grid */
    int64_t *oidx;        /* nobs observed cells (NULL when complete) */
    /* conditioned state */
    int conditioned;
    double *theta;        /* p */
    double s2, n2;
    double *K[KMAXD], *Q[KMAXD], *lam[KMAXD], *mbuf; /* K_j, Q_j (M_j^2 each), lambda_j (M_j) in mbuf */
    double *den;          /* M: s2 Lambda + n2 */
    double *alpha;        /* M: alpha on the grid (0 at missing cells) */
    double *at;           /* M: Q^T alpha (complete grid) */
    double *w1, *w2, *w3; /* M workspaces */
    double *fw;           /* 3 max_j M_j^2: factor workspaces */
    int64_t maxm;         /* max_j M_j */
};

/* ------------------------------------------------------------ Kronecker products */

/* y <- (A_D (x) ... (x) A_1) y, A_j (M_j x M_j, ld M_j) applied on axis j,
 * transposed when trans; axes with A_j NULL are skipped.  tmp: M doubles. */
static void kron_apply(const kes_gp_kron *g, double *const *A, int trans, double *y, double *tmp)
{
    int64_t P = 1, M = g->M;
    double *a = y, *b = tmp;
    for (int64_t j = 0; j < g->D; j++) {
        int64_t mj = g->sz[j], S = M / (P * mj);
        if (A[j]) {
            if (P == 1) {
                cblas_dgemm(CblasColMajor, trans ? CblasTrans : CblasNoTrans, CblasNoTrans, (int)mj, (int)S, (int)mj,
                            1.0, A[j], (int)mj, a, (int)mj, 0.0, b, (int)mj);
            } else {
                for (int64_t s = 0; s < S; s++)
                    cblas_dgemm(CblasColMajor, CblasNoTrans, trans ? CblasNoTrans : CblasTrans, (int)P, (int)mj,
                                (int)mj, 1.0, a + s * P * mj, (int)P, A[j], (int)mj, 0.0, b + s * P * mj, (int)P);
            }
            double *t = a;
            a = b, b = t;
        }
        P *= mj;
    }
    if (a != y) memcpy(y, a, (size_t)M * sizeof(double));
}

/* ------------------------------------------------------------ create / destroy */

static int kron_kernel_ok(kes_gp_kernel k) { return kes__gps_kernel_ok(k) && !kes__gp_has_alpha(k); }

void kes_gp_kron_destroy(kes_gp_kron *g)
{
    if (!g) return;
    free(g->cbuf), free(g->y), free(g->obs), free(g->oidx), free(g->theta), free(g->mbuf);
    free(g->den), free(g->alpha), free(g->at), free(g->w1), free(g->w2), free(g->w3), free(g->fw);
    free(g);
}

kes_status kes_gp_kron_create(kes_gp_kernel kernel, int64_t ndim, const int64_t *sizes, const double *const *coords,
                              const double *y, const unsigned char *observed, kes_gp_kron **out)
{
    if (!sizes || !coords || !y || !out) return KES_EINVAL;
    if (!kron_kernel_ok(kernel)) return KES_EINVAL;
    if (ndim < 1 || ndim > KMAXD) return KES_EDIM;
    int64_t M = 1, tot = 0, sq = 0;
    for (int64_t j = 0; j < ndim; j++) {
        if (!coords[j]) return KES_EINVAL;
        if (sizes[j] < 1) return KES_EDIM;
        if (sizes[j] > INT32_MAX || M > INT32_MAX / sizes[j]) return KES_ERANGE;
        M *= sizes[j];
        tot += sizes[j];
        if (sizes[j] > 46340 || sq > INT64_MAX / 2 - sizes[j] * sizes[j]) return KES_ERANGE; /* M_j^2 as int */
        sq += sizes[j] * sizes[j];
    }
    for (int64_t j = 0; j < ndim; j++)
        if (!kes__all_finite(coords[j], (size_t)sizes[j])) return KES_ENAN;
    int64_t nobs = M;
    if (observed) {
        nobs = 0;
        for (int64_t i = 0; i < M; i++) {
            if (observed[i] > 1) return KES_EINVAL;
            if (observed[i]) {
                nobs++;
                if (!isfinite(y[i])) return KES_ENAN;
            }
        }
        if (nobs == 0) return KES_EINVAL;
    } else if (!kes__all_finite(y, (size_t)M)) {
        return KES_ENAN;
    }
    kes_gp_kron *g = calloc(1, sizeof *g);
    if (!g) return KES_ENOMEM;
    g->kernel = kernel, g->D = ndim, g->M = M, g->nobs = nobs;
    g->p = kes_gp_n_params(kernel, ndim);
    g->cbuf = kes__malloc_n((size_t)tot, sizeof(double));
    g->y = kes__malloc_n((size_t)M, sizeof(double));
    g->theta = kes__malloc_n((size_t)g->p, sizeof(double));
    g->mbuf = kes__malloc_n((size_t)(2 * sq + tot), sizeof(double));
    g->den = kes__malloc_n((size_t)M, sizeof(double));
    g->alpha = kes__malloc_n((size_t)M, sizeof(double));
    g->at = kes__malloc_n((size_t)M, sizeof(double));
    g->w1 = kes__malloc_n((size_t)M, sizeof(double));
    g->w2 = kes__malloc_n((size_t)M, sizeof(double));
    g->w3 = kes__malloc_n((size_t)M, sizeof(double));
    for (int64_t j = 0; j < ndim; j++) g->maxm = sizes[j] > g->maxm ? sizes[j] : g->maxm;
    g->fw = kes__malloc_n((size_t)(3 * g->maxm * g->maxm), sizeof(double));
    int nomem = !g->cbuf || !g->y || !g->theta || !g->mbuf || !g->den || !g->alpha || !g->at || !g->w1 || !g->w2 ||
                !g->w3 || !g->fw;
    if (!nomem && nobs < M) {
        g->obs = kes__malloc_n((size_t)M, 1);
        g->oidx = kes__malloc_n((size_t)nobs, sizeof(int64_t));
        nomem = !g->obs || !g->oidx;
    }
    if (nomem) {
        kes_gp_kron_destroy(g);
        return KES_ENOMEM;
    }
    double *c = g->cbuf, *mb = g->mbuf;
    for (int64_t j = 0; j < ndim; j++) {
        g->sz[j] = sizes[j];
        g->coord[j] = c;
        memcpy(c, coords[j], (size_t)sizes[j] * sizeof(double));
        c += sizes[j];
        g->K[j] = mb, mb += sizes[j] * sizes[j];
        g->Q[j] = mb, mb += sizes[j] * sizes[j];
        g->lam[j] = mb, mb += sizes[j];
    }
    if (g->obs) {
        int64_t k = 0;
        for (int64_t i = 0; i < M; i++) {
            g->obs[i] = observed[i];
            g->y[i] = observed[i] ? y[i] : 0.0;
            if (observed[i]) g->oidx[k++] = i;
        }
    } else {
        memcpy(g->y, y, (size_t)M * sizeof(double));
    }
    *out = g;
    return KES_OK;
}

/* ------------------------------------------------------------ factors */

/* Scaled coordinate difference, clamped so that inf - inf cannot occur. */
static inline double sdiff(double a, double b, double il)
{
    double u = (a - b) * il;
    return isfinite(u) ? u : (u > 0 ? DBL_MAX : -DBL_MAX);
}

/* K_j (and, with dK non-NULL, dK_j/dlog l_j) of axis j at length scale exp(logl). */
static void factor_matrix(const kes_gp_kron *g, int64_t j, double logl, double *K, double *dK)
{
    int64_t mj = g->sz[j];
    const double *x = g->coord[j];
    double il = exp(-logl);
    for (int64_t b = 0; b < mj; b++)
        for (int64_t a = b; a < mj; a++) {
            double u = sdiff(x[a], x[b], il), q = u * u, h;
            double k = kes__gp_profile_closed(kes__gp_profile_of(g->kernel), q, 1.0, dK ? &h : NULL, NULL);
            K[a + b * mj] = K[b + a * mj] = k;
            if (dK) dK[a + b * mj] = dK[b + a * mj] = isinf(q) ? 0.0 : h * q;
        }
}

static kes_status check_theta(const kes_gp_kron *g, const double *theta)
{
    for (int64_t t = 0; t < g->p; t++)
        if (!isfinite(theta[t])) return KES_EDOM;
    double s2 = exp(theta[0]), n2 = exp(theta[g->p - 1]);
    if (!(s2 > 0.0 && s2 < INFINITY && n2 > 0.0 && n2 < INFINITY)) return KES_ERANGE;
    return KES_OK;
}

/* Eigendecompose the factors at theta and fill den; marks the model unconditioned first. */
static kes_status decompose(kes_gp_kron *g, const double *theta)
{
    g->conditioned = 0;
    int ard = kes__gp_is_ard(g->kernel);
    g->s2 = exp(theta[0]);
    g->n2 = exp(theta[g->p - 1]);
    for (int64_t j = 0; j < g->D; j++) {
        int64_t mj = g->sz[j];
        factor_matrix(g, j, theta[1 + (ard ? j : 0)], g->K[j], NULL);
        memcpy(g->Q[j], g->K[j], (size_t)(mj * mj) * sizeof(double));
        lapack_int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'L', (lapack_int)mj, g->Q[j], (lapack_int)mj, g->lam[j]);
        if (info != 0) return info < 0 ? KES_EINVAL : KES_ENOTSPD;
    }
    /* den_i = s2 prod_j lambda_j[i_j] + n2, by an odometer over the grid */
    int64_t idx[KMAXD] = {0};
    for (int64_t i = 0; i < g->M; i++) {
        double pr = g->s2;
        for (int64_t j = 0; j < g->D; j++) pr *= g->lam[j][idx[j]];
        g->den[i] = pr + g->n2;
        if (!(g->den[i] > 0.0)) return KES_ENOTSPD;
        for (int64_t j = 0; j < g->D && ++idx[j] == g->sz[j]; j++) idx[j] = 0;
    }
    return KES_OK;
}

/* ------------------------------------------------------------ LML and gradient */

/* ------------------------------------------------------------ incomplete grids: CG */

typedef struct cg_ctx {
    const kes_gp_kron *g;
    double *full, *tmp; /* M each */
} cg_ctx;

/* y = P (K + n2 I) P^T x */
static kes_status op_apply(void *c_, const double *x, double *y)
{
    cg_ctx *c = c_;
    const kes_gp_kron *g = c->g;
    memset(c->full, 0, (size_t)g->M * sizeof(double));
    for (int64_t k = 0; k < g->nobs; k++) c->full[g->oidx[k]] = x[k];
    kron_apply(g, (double *const *)g->K, 0, c->full, c->tmp);
    for (int64_t k = 0; k < g->nobs; k++) y[k] = g->s2 * c->full[g->oidx[k]] + g->n2 * x[k];
    return KES_OK;
}

/* y = P (K + n2 I)^-1 P^T x */
static kes_status pre_apply(void *c_, const double *x, double *y)
{
    cg_ctx *c = c_;
    const kes_gp_kron *g = c->g;
    memset(c->full, 0, (size_t)g->M * sizeof(double));
    for (int64_t k = 0; k < g->nobs; k++) c->full[g->oidx[k]] = x[k];
    kron_apply(g, (double *const *)g->Q, 1, c->full, c->tmp);
    for (int64_t i = 0; i < g->M; i++) c->full[i] /= g->den[i];
    kron_apply(g, (double *const *)g->Q, 0, c->full, c->tmp);
    for (int64_t k = 0; k < g->nobs; k++) y[k] = c->full[g->oidx[k]];
    return KES_OK;
}

/* Solve P (K + n2 I) P^T z = b (nobs entries) from z = 0. */
static kes_status cg_solve(const kes_gp_kron *g, const double *b, double *z, double *full, double *tmp,
                           const kes_solve_opts *o, kes_solve_stats *st)
{
    cg_ctx c = {g, full, tmp};
    kes_linop A = {g->nobs, op_apply, &c}, P = {g->nobs, pre_apply, &c};
    kes_solve_opts oo = o ? *o : kes_solve_opts_default();
    if (!o) oo.tol = 1e-10;
    oo.zero_guess = 1;
    return kes_pcg_solve(&A, &P, b, z, &oo, st);
}

typedef struct eig_ix {
    double e;
    int64_t i;
} eig_ix;

static int cmp_eig_desc(const void *a, const void *b)
{
    const eig_ix *x = a, *y = b;
    if (x->e != y->e) return x->e < y->e ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

kes_status kes_gp_kron_lml(kes_gp_kron *g, const double *theta, double *lml, double *grad)
{
    if (!g || !theta) return KES_EINVAL;
    kes_status s = check_theta(g, theta);
    if (s) return s;
    if ((s = decompose(g, theta))) return s;
    int64_t M = g->M, D = g->D, N = g->nobs;
    double *at = g->at, *tn = g->w3, s2 = g->s2, n2 = g->n2;
    double quad = 0.0, logdet = 0.0, r = 1.0;
    if (!g->obs) {
        memcpy(at, g->y, (size_t)M * sizeof(double));
        kron_apply(g, g->Q, 1, at, g->w1); /* Q^T y */
        for (int64_t i = 0; i < M; i++) {
            quad += at[i] * at[i] / g->den[i];
            logdet += log(g->den[i]);
            at[i] /= g->den[i];
            tn[i] = 1.0 / g->den[i];
        }
        memcpy(g->alpha, at, (size_t)M * sizeof(double));
        kron_apply(g, g->Q, 0, g->alpha, g->w1); /* alpha = Q at */
    } else {
        /* y_O^T alpha_O by CG; log det by the N largest scaled eigenvalues */
        double *bz = kes__malloc_n((size_t)(2 * N), sizeof(double));
        eig_ix *ev = kes__malloc_n((size_t)M, sizeof(eig_ix));
        if (!bz || !ev) {
            free(bz), free(ev);
            return KES_ENOMEM;
        }
        for (int64_t k = 0; k < N; k++) bz[k] = g->y[g->oidx[k]];
        s = cg_solve(g, bz, bz + N, g->w1, g->w2, NULL, NULL);
        if (s != KES_OK) {
            free(bz), free(ev);
            return s;
        }
        memset(g->alpha, 0, (size_t)M * sizeof(double));
        for (int64_t k = 0; k < N; k++) {
            g->alpha[g->oidx[k]] = bz[N + k];
            quad += bz[k] * bz[N + k];
        }
        memcpy(at, g->alpha, (size_t)M * sizeof(double));
        kron_apply(g, g->Q, 1, at, g->w1); /* Q^T alpha */
        r = (double)N / (double)M;
        for (int64_t i = 0; i < M; i++) ev[i].e = g->den[i] - n2, ev[i].i = i, tn[i] = 0.0;
        qsort(ev, (size_t)M, sizeof *ev, cmp_eig_desc);
        for (int64_t k = 0; k < N; k++) {
            double dk = r * ev[k].e + n2;
            if (!(dk > 0.0)) {
                free(bz), free(ev);
                return KES_ENOTSPD;
            }
            logdet += log(dk);
            tn[ev[k].i] = 1.0 / dk;
        }
        free(bz), free(ev);
    }
    memcpy(g->theta, theta, (size_t)g->p * sizeof(double));
    g->conditioned = 1;
    double l = -0.5 * quad - 0.5 * logdet - 0.5 * (double)N * KES__LOG_2PI;
    if (lml) *lml = l;
    if (!grad) return KES_OK;

    /* s2 and n2 (at = Q^T alpha, alpha zero off the observed cells; tn the
     * trace weights: 1 / den on a complete grid) */
    {
        double a1 = 0.0, t1 = 0.0, a2 = 0.0, t2 = 0.0;
        for (int64_t i = 0; i < M; i++) {
            double L = g->den[i] - n2;
            a1 += L * at[i] * at[i];
            t1 += r * L * tn[i];
            a2 += at[i] * at[i];
            t2 += tn[i];
        }
        grad[0] = 0.5 * a1 - 0.5 * t1;
        grad[g->p - 1] = 0.5 * n2 * (a2 - t2);
    }
    /* length scales: per axis j, B_j = Q_j^T dK_j Q_j */
    int ard = kes__gp_is_ard(g->kernel);
    if (!ard) grad[1] = 0.0;
    for (int64_t j = 0; j < D; j++) {
        int64_t mj = g->sz[j];
        double *Kj = g->fw, *dK = Kj + mj * mj, *B = Kj + 2 * g->maxm * g->maxm, *tmp = Kj; /* K_j dropped */
        factor_matrix(g, j, theta[1 + (ard ? j : 0)], Kj, dK);
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)mj, (int)mj, (int)mj, 1.0, g->Q[j], (int)mj, dK,
                    (int)mj, 0.0, tmp, (int)mj);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)mj, (int)mj, (int)mj, 1.0, tmp, (int)mj, g->Q[j],
                    (int)mj, 0.0, B, (int)mj);
        double *Bd = tmp; /* diagonal of B_j */
        for (int64_t a = 0; a < mj; a++) Bd[a] = B[a + a * mj];
        /* v = B_j applied on axis j of at */
        double *v = g->w1;
        memcpy(v, at, (size_t)M * sizeof(double));
        double *A[KMAXD] = {0};
        A[j] = B;
        kron_apply(g, A, 0, v, g->w2);
        double qj = 0.0, tj = 0.0;
        int64_t idx[KMAXD] = {0};
        for (int64_t i = 0; i < M; i++) {
            double w = s2;
            for (int64_t k = 0; k < D; k++)
                if (k != j) w *= g->lam[k][idx[k]];
            qj += w * at[i] * v[i];
            tj += r * w * Bd[idx[j]] * tn[i];
            for (int64_t k = 0; k < D && ++idx[k] == g->sz[k]; k++) idx[k] = 0;
        }
        double gj = 0.5 * qj - 0.5 * tj;
        if (ard) grad[1 + j] = gj;
        else grad[1] += gj;
    }
    return KES_OK;
}

kes_status kes_gp_kron_condition(kes_gp_kron *g, const double *theta, const kes_solve_opts *o, kes_solve_stats *st)
{
    if (!g || !theta) return KES_EINVAL;
    if (o && (!isfinite(o->tol) || o->tol <= 0.0 || o->max_iter < 0 || o->history_cap < 0 ||
              (o->history_cap > 0 && !o->history)))
        return KES_EINVAL;
    kes_status s = check_theta(g, theta);
    if (s) return s;
    if (!g->obs) {
        s = kes_gp_kron_lml(g, theta, NULL, NULL);
        if (s == KES_OK && st) {
            kes_solve_stats z = {0};
            z.converged = 1;
            *st = z;
        }
        return s;
    }
    if ((s = decompose(g, theta))) return s;
    double *b = kes__malloc_n((size_t)(2 * g->nobs), sizeof(double));
    if (!b) return KES_ENOMEM;
    double *z = b + g->nobs;
    for (int64_t k = 0; k < g->nobs; k++) b[k] = g->y[g->oidx[k]];
    s = cg_solve(g, b, z, g->w1, g->w2, o, st);
    if (s == KES_OK || s == KES_NOCONV) {
        memset(g->alpha, 0, (size_t)g->M * sizeof(double));
        for (int64_t k = 0; k < g->nobs; k++) g->alpha[g->oidx[k]] = z[k];
        memcpy(g->theta, theta, (size_t)g->p * sizeof(double));
        g->conditioned = 1;
    }
    free(b);
    return s;
}

/* ------------------------------------------------------------ prediction */

/* kv_j = k_j(x_j, grid_j) for every axis (correlations, no s2); kv holds sum M_j. */
static void cross_vectors(const kes_gp_kron *g, const double *x, double *kv)
{
    int ard = kes__gp_is_ard(g->kernel);
    for (int64_t j = 0; j < g->D; j++) {
        double il = exp(-g->theta[1 + (ard ? j : 0)]);
        for (int64_t a = 0; a < g->sz[j]; a++) {
            double u = sdiff(x[j], g->coord[j][a], il);
            kv[a] = kes__gp_profile_closed(kes__gp_profile_of(g->kernel), u * u, 1.0, NULL, NULL);
        }
        kv += g->sz[j];
    }
}

/* sum_i alpha_i prod_j kv_j[i_j], contracting the slowest axis first; t: M/M_1 doubles. */
static double contract(const kes_gp_kron *g, const double *kv, double *t)
{
    int64_t off[KMAXD], o = 0;
    for (int64_t j = 0; j < g->D; j++) off[j] = o, o += g->sz[j];
    const double *src = g->alpha;
    int64_t len = g->M;
    for (int64_t j = g->D - 1; j >= 1; j--) {
        int64_t mj = g->sz[j], rest = len / mj;
        const double *k = kv + off[j];
        for (int64_t r = 0; r < rest; r++) {
            double sacc = 0.0;
            for (int64_t a = 0; a < mj; a++) sacc += src[r + a * rest] * k[a];
            t[r] = sacc; /* t may alias src only after the loop: rest <= len/2 and writes trail reads */
        }
        src = t;
        len = rest;
    }
    double sacc = 0.0;
    for (int64_t a = 0; a < len; a++) sacc += src[a] * kv[a];
    return sacc;
}

kes_status kes_gp_kron_predict(const kes_gp_kron *g, const double *Xs, int64_t m, int64_t ldxs, double *mean,
                               double *var)
{
    if (!g || !Xs || !mean) return KES_EINVAL;
    if (!g->conditioned) return KES_EINVAL;
    if (m < 1 || ldxs < m) return KES_EDIM;
    size_t off;
    if (kes__mul_size(g->D - 1, ldxs, &off) || off > SIZE_MAX / sizeof(double) - (size_t)m ||
        off + (size_t)m > SIZE_MAX / sizeof(double))
        return KES_ERANGE;
    for (int64_t j = 0; j < g->D; j++)
        if (!kes__all_finite(Xs + j * ldxs, (size_t)m)) return KES_ENAN;
    int64_t D = g->D, M = g->M, tot = 0, maxm = 0;
    for (int64_t j = 0; j < D; j++) tot += g->sz[j], maxm = g->sz[j] > maxm ? g->sz[j] : maxm;
    double *mo = kes__malloc_n((size_t)m, sizeof(double)), *vo = var ? kes__malloc_n((size_t)m, sizeof(double)) : NULL;
    if (!mo || (var && !vo)) {
        free(mo), free(vo);
        return KES_ENOMEM;
    }
    kes_status s = KES_OK;
    int fail = 0;
    double s2 = g->s2;
    /* means (and complete-grid variances), OpenMP over points */
#pragma omp parallel
    {
        double *kv = kes__malloc_n((size_t)(2 * tot + M / g->sz[D - 1] + 1), sizeof(double));
        if (!kv) {
#pragma omp atomic write
            fail = 1;
        }
#pragma omp for schedule(dynamic, 4)
        for (int64_t q = 0; q < m; q++) {
            if (!kv) continue;
            double x[KMAXD];
            for (int64_t j = 0; j < D; j++) x[j] = Xs[q + j * ldxs];
            cross_vectors(g, x, kv);
            double *t = kv + 2 * tot;
            mo[q] = s2 * contract(g, kv, t);
            if (vo && !g->obs) {
                /* u_j = Q_j^T kv_j; var = s2 - s2^2 sum_i prod_j u_j[i_j]^2 / den_i */
                double *u = kv + tot;
                const double *kj = kv;
                double *uj = u;
                for (int64_t j = 0; j < D; j++) {
                    int64_t mj = g->sz[j];
                    for (int64_t a = 0; a < mj; a++) {
                        double sacc = 0.0;
                        const double *qa = g->Q[j] + a * mj;
                        for (int64_t b = 0; b < mj; b++) sacc += qa[b] * kj[b];
                        uj[a] = sacc * sacc;
                    }
                    kj += mj, uj += mj;
                }
                int64_t idx[KMAXD] = {0}, offs[KMAXD], o = 0;
                for (int64_t j = 0; j < D; j++) offs[j] = o, o += g->sz[j];
                double sacc = 0.0;
                for (int64_t i = 0; i < M; i++) {
                    double pr = 1.0;
                    for (int64_t j = 0; j < D; j++) pr *= u[offs[j] + idx[j]];
                    sacc += pr / g->den[i];
                    for (int64_t j = 0; j < D && ++idx[j] == g->sz[j]; j++) idx[j] = 0;
                }
                double v = s2 - s2 * s2 * sacc;
                vo[q] = v > 0.0 ? v : 0.0;
            }
        }
        free(kv);
    }
    if (fail) s = KES_ENOMEM;
    if (!s && vo && g->obs) {
        /* missing cells: one CG solve per point, sequential (the operator holds workspace) */
        int64_t nobs = g->nobs;
        double *kv = kes__malloc_n((size_t)tot, sizeof(double));
        double *full = kes__malloc_n((size_t)(3 * M + 2 * nobs), sizeof(double));
        if (!kv || !full) s = KES_ENOMEM;
        for (int64_t q = 0; !s && q < m; q++) {
            double x[KMAXD];
            for (int64_t j = 0; j < D; j++) x[j] = Xs[q + j * ldxs];
            cross_vectors(g, x, kv);
            double *kf = full + 2 * M, *b = kf + M, *z = b + nobs;
            /* k_* on the grid: s2 (x)_j kv_j */
            int64_t idx[KMAXD] = {0}, offs[KMAXD], o = 0;
            for (int64_t j = 0; j < D; j++) offs[j] = o, o += g->sz[j];
            for (int64_t i = 0; i < M; i++) {
                double pr = s2;
                for (int64_t j = 0; j < D; j++) pr *= kv[offs[j] + idx[j]];
                kf[i] = pr;
                for (int64_t j = 0; j < D && ++idx[j] == g->sz[j]; j++) idx[j] = 0;
            }
            for (int64_t k = 0; k < nobs; k++) b[k] = kf[g->oidx[k]];
            kes_status cs = cg_solve(g, b, z, full, full + M, NULL, NULL);
            if (cs != KES_OK && cs != KES_NOCONV) {
                s = cs;
                break;
            }
            if (cs == KES_NOCONV) s = KES_NOCONV;
            double sacc = 0.0;
            for (int64_t k = 0; k < nobs; k++) sacc += b[k] * z[k];
            double v = s2 - sacc;
            vo[q] = v > 0.0 ? v : 0.0;
            if (s == KES_NOCONV) s = KES_OK, fail = 2; /* remember, keep going */
        }
        free(kv), free(full);
        if (!s && fail == 2) s = KES_NOCONV;
    }
    if (s == KES_OK || s == KES_NOCONV) {
        memcpy(mean, mo, (size_t)m * sizeof(double));
        if (var) memcpy(var, vo, (size_t)m * sizeof(double));
    }
    free(mo), free(vo);
    return s;
}

/* ------------------------------------------------------------ fit */

static kes_status kron_objective(void *ctx, const double *theta, double *lml, double *grad)
{
    return kes_gp_kron_lml((kes_gp_kron *)ctx, theta, lml, grad);
}

kes_status kes_gp_kron_fit(kes_gp_kron *g, const kes_gp_hyperfit_opts *o, double *theta, double *lml)
{
    if (!g || !theta) return KES_EINVAL;
    kes_gp_hyperfit_opts def = kes_gp_hyperfit_opts_default();
    if (!o) o = &def;
    double *b = kes__malloc_n((size_t)(3 * g->p), sizeof(double));
    if (!b) return KES_ENOMEM;
    double *lo = b, *hi = b + g->p, *th = b + 2 * g->p;
    kes_status s = kes__gps_fit_bounds(o, g->p, theta, lo, hi);
    if (!s) {
        memcpy(th, theta, (size_t)g->p * sizeof(double));
        double l = NAN;
        s = kes__gps_maximise(kron_objective, g, g->p, th, lo, hi, o->max_iter, o->gtol, &l, NULL);
        if (s == KES_OK || s == KES_NOCONV) {
            memcpy(theta, th, (size_t)g->p * sizeof(double));
            if (lml) *lml = l;
        }
    }
    free(b);
    return s;
}

/* ------------------------------------------------------------ prediction on a grid */

/* out = (A_D (x) ... (x) A_1) x with A_j rows[j] x cols[j] (ld rows[j]),
 * x of prod cols, out of prod rows; t1, t2 hold the largest intermediate. */
static void kron_apply_rect(int64_t D, const int64_t *rows, const int64_t *cols, double *const *A, const double *x,
                            double *out, double *t1, double *t2)
{
    int64_t P = 1, S = 1;
    for (int64_t j = 0; j < D; j++) S *= cols[j];
    const double *a = x;
    for (int64_t j = 0; j < D; j++) {
        int64_t mj = cols[j], rj = rows[j];
        S /= mj;
        double *b = j == D - 1 ? out : (a == t1 ? t2 : t1);
        if (P == 1) {
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)rj, (int)S, (int)mj, 1.0, A[j], (int)rj, a,
                        (int)mj, 0.0, b, (int)rj);
        } else {
            for (int64_t s = 0; s < S; s++)
                cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)P, (int)rj, (int)mj, 1.0, a + s * P * mj,
                            (int)P, A[j], (int)rj, 0.0, b + s * P * rj, (int)P);
        }
        a = b;
        P *= rj;
    }
}

kes_status kes_gp_kron_predict_grid(const kes_gp_kron *g, const int64_t *sizes, const double *const *coords,
                                    double *mean, double *var)
{
    if (!g || !sizes || !coords || !mean) return KES_EINVAL;
    if (!g->conditioned) return KES_EINVAL;
    int64_t D = g->D, Ms = 1, tot = 0, big = g->M;
    for (int64_t j = 0; j < D; j++) {
        if (!coords[j]) return KES_EINVAL;
        if (sizes[j] < 1) return KES_EDIM;
        if (sizes[j] > INT32_MAX || Ms > INT32_MAX / sizes[j] || sizes[j] > INT32_MAX / g->sz[j]) return KES_ERANGE;
        Ms *= sizes[j];
        tot += sizes[j] * g->sz[j];
    }
    for (int64_t j = 0; j < D; j++)
        if (!kes__all_finite(coords[j], (size_t)sizes[j])) return KES_ENAN;
    /* the largest intermediate of the axis-by-axis product: prod_{i<=j} rows_i prod_{i>j} cols_i */
    for (int64_t j = 0; j < D; j++) {
        double e = 1.0;
        for (int64_t i = 0; i < D; i++) e *= (double)(i <= j ? sizes[i] : g->sz[i]);
        if (e > (double)INT32_MAX) return KES_ERANGE;
        if ((int64_t)e > big) big = (int64_t)e;
    }
    int want_cg_var = var && g->obs;
    double *ks = kes__malloc_n((size_t)(2 * tot), sizeof(double));
    double *t = kes__malloc_n((size_t)(2 * big + Ms), sizeof(double));
    double *Xs = want_cg_var ? kes__malloc_n((size_t)Ms * (size_t)D, sizeof(double)) : NULL;
    if (!ks || !t || (want_cg_var && !Xs)) {
        free(ks), free(t), free(Xs);
        return KES_ENOMEM;
    }
    double *A[KMAXD], *W[KMAXD], *mo = t + 2 * big;
    int64_t rows[KMAXD], cols[KMAXD];
    int ard = kes__gp_is_ard(g->kernel);
    double *p = ks;
    for (int64_t j = 0; j < D; j++) {
        int64_t r = sizes[j], c = g->sz[j];
        rows[j] = r, cols[j] = c;
        A[j] = p, W[j] = p + r * c;
        p += 2 * r * c;
        double il = exp(-g->theta[1 + (ard ? j : 0)]);
        for (int64_t b = 0; b < c; b++)
            for (int64_t a = 0; a < r; a++) {
                double u = sdiff(coords[j][a], g->coord[j][b], il);
                A[j][a + b * r] = kes__gp_profile_closed(kes__gp_profile_of(g->kernel), u * u, 1.0, NULL, NULL);
            }
    }
    kron_apply_rect(D, rows, cols, A, g->alpha, mo, t, t + big);
    kes_status s = KES_OK;
    if (var && !g->obs) {
        /* W_j = (K*_j Q_j) o (K*_j Q_j); var = s2 - s2^2 (x) W_j (1 / den) */
        for (int64_t j = 0; j < D; j++) {
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)rows[j], (int)cols[j], (int)cols[j], 1.0, A[j],
                        (int)rows[j], g->Q[j], (int)cols[j], 0.0, W[j], (int)rows[j]);
            for (int64_t e = 0; e < rows[j] * cols[j]; e++) W[j][e] *= W[j][e];
        }
        double *inv = kes__malloc_n((size_t)g->M, sizeof(double));
        if (!inv) {
            s = KES_ENOMEM;
        } else {
            for (int64_t i = 0; i < g->M; i++) inv[i] = 1.0 / g->den[i];
            kron_apply_rect(D, rows, cols, W, inv, var, t, t + big);
            for (int64_t i = 0; i < Ms; i++) {
                double v = g->s2 - g->s2 * g->s2 * var[i];
                var[i] = v > 0.0 ? v : 0.0;
            }
            free(inv);
        }
    }
    if (!s && want_cg_var) {
        int64_t idx[KMAXD] = {0};
        for (int64_t i = 0; i < Ms; i++) {
            for (int64_t j = 0; j < D; j++) Xs[i + j * Ms] = coords[j][idx[j]];
            for (int64_t j = 0; j < D && ++idx[j] == sizes[j]; j++) idx[j] = 0;
        }
        double *mtmp = kes__malloc_n((size_t)Ms, sizeof(double));
        s = mtmp ? kes_gp_kron_predict(g, Xs, Ms, Ms, mtmp, var) : KES_ENOMEM;
        free(mtmp);
    }
    if (s == KES_OK || s == KES_NOCONV)
        for (int64_t i = 0; i < Ms; i++) mean[i] = g->s2 * mo[i];
    free(ks), free(t), free(Xs);
    return s;
}
