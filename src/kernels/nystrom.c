/*
 * Nystrom features: Williams & Seeger, "Using the Nystrom method to speed up
 * kernel machines", NIPS 2001, in the feature-map form of Drineas & Mahoney
 * (JMLR 2005): with landmarks L, phi(x) = K_LL^{+1/2} k_L(x), so that
 * Z Z^T = K_XL K_LL^+ K_LX.  K_LL^{+1/2} comes from a symmetric
 * eigendecomposition; eigenvalues below rcond * lambda_max are treated as
 * zero, which is what keeps round-off in the (typically very ill-conditioned)
 * landmark matrix of a smooth kernel from being amplified.
 */
#include <math.h>
#include <cblas.h>

#include "kernels/euclid.h"

#define NYSTROM_BLOCK 1024
#define DEFAULT_RCOND 1e-12

struct kes_nystrom {
    kes_kernel kernel;
    int64_t m, d, rank;
    double *L; /* m x d landmarks, ld m */
    double *W; /* m x m, K_LL^{+1/2} */
};

void kes_nystrom_destroy(kes_nystrom *plan)
{
    if (!plan) return;
    free(plan->L);
    free(plan->W);
    free(plan);
}

int64_t kes_nystrom_output_dim(const kes_nystrom *plan) { return plan ? plan->m : 0; }
int64_t kes_nystrom_input_dim(const kes_nystrom *plan) { return plan ? plan->d : 0; }
int64_t kes_nystrom_rank(const kes_nystrom *plan) { return plan ? plan->rank : 0; }

kes_mat kes_nystrom_landmarks(const kes_nystrom *plan)
{
    if (!plan) return (kes_mat){0};
    return kes_mat_view(plan->L, plan->m, plan->d, plan->m);
}

/* W = V diag(lambda^{-1/2}) V^T over the kept eigenpairs of K_LL. */
static kes_status build_map(kes_nystrom *p, double rcond)
{
    int64_t m = p->m;
    size_t mm;
    if (kes__mul_size(m, m, &mm)) return KES_ERANGE;
    double *V = kes__malloc_n(mm, sizeof *V), *B = kes__malloc_n(mm, sizeof *B);
    double *w = kes__malloc_n((size_t)m, sizeof *w);
    kes_status s = V && B && w ? KES_OK : KES_ENOMEM;
    kes_mat Vm = kes_mat_view(V, m, m, m), Bm = kes_mat_view(B, m, m, m), Wm = kes_mat_view(p->W, m, m, m);
    kes_mat Lm = kes_mat_view(p->L, m, p->d, m);
    if (!s) s = kes_kernel_matrix(&p->kernel, Lm, Lm, Vm);
    if (!s) s = kes_mat_syev(Vm, w, 1);
    if (!s && !(w[m - 1] > 0.0)) s = KES_ENOTSPD;
    if (!s) {
        double cut = rcond * w[m - 1];
        p->rank = 0;
        for (int64_t j = 0; j < m; j++) {
            double f = w[j] > cut ? 1.0 / sqrt(w[j]) : 0.0;
            p->rank += w[j] > cut;
            for (int64_t i = 0; i < m; i++) B[i + j * m] = V[i + j * m] * f;
        }
        s = kes_blas_gemm(KES_NOTRANS, KES_TRANS, 1.0, Bm, Vm, 0.0, Wm);
    }
    free(V);
    free(B);
    free(w);
    return s;
}

/* Allocate a plan with room for m landmarks of dimension d. */
static kes_status plan_alloc(const kes_kernel *k, int64_t m, int64_t d, kes_nystrom **out)
{
    size_t nl, mm;
    if (kes__mul_size(m, d, &nl) || kes__mul_size(m, m, &mm)) return KES_ERANGE;
    kes_nystrom *p = calloc(1, sizeof *p);
    if (!p) return KES_ENOMEM;
    p->kernel = *k;
    p->m = m;
    p->d = d;
    p->L = kes__malloc_n(nl, sizeof *p->L);
    p->W = kes__malloc_n(mm, sizeof *p->W);
    if (!p->L || !p->W) {
        kes_nystrom_destroy(p);
        return KES_ENOMEM;
    }
    *out = p;
    return KES_OK;
}

static kes_status finish(kes_nystrom *p, double rcond, kes_nystrom **plan)
{
    kes_status s = build_map(p, rcond > 0.0 ? rcond : DEFAULT_RCOND);
    if (s) {
        kes_nystrom_destroy(p);
        return s;
    }
    *plan = p;
    return KES_OK;
}

kes_status kes_nystrom_create_landmarks(const kes_kernel *k, kes_mat L, double rcond, kes_nystrom **plan)
{
    if (!plan) return KES_EINVAL;
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if (isnan(rcond)) return KES_ENAN;
    if ((s = kes__points_check(L, -1))) return s;
    kes_nystrom *p;
    if ((s = plan_alloc(k, L.nrows, L.ncols, &p))) return s;
    kes_mat_copy(L, kes_mat_view(p->L, p->m, p->d, p->m));
    return finish(p, rcond, plan);
}

kes_status kes_nystrom_create(const kes_kernel *k, kes_mat X, int64_t m, double rcond, kes_rng *rng,
                              kes_nystrom **plan)
{
    if (!plan || !rng) return KES_EINVAL;
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if (isnan(rcond)) return KES_ENAN;
    if ((s = kes__points_check(X, -1))) return s;
    if (m < 1 || m > X.nrows) return KES_EDIM;
    int64_t n = X.nrows, d = X.ncols;
    int64_t *idx = kes__malloc_n((size_t)n, sizeof *idx);
    if (!idx) return KES_ENOMEM;
    kes_nystrom *p;
    if ((s = plan_alloc(k, m, d, &p))) {
        free(idx);
        return s;
    }
    /* Uniform sample without replacement: the first m steps of a
     * Fisher-Yates shuffle. */
    for (int64_t i = 0; i < n; i++) idx[i] = i;
    for (int64_t i = 0; i < m; i++) {
        int64_t j = i + (int64_t)kes_rng_uint(rng, (uint64_t)(n - i));
        int64_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    for (int64_t c = 0; c < d; c++)
        for (int64_t i = 0; i < m; i++) p->L[i + c * m] = X.data[idx[i] + c * X.ld];
    free(idx);
    return finish(p, rcond, plan);
}

kes_status kes_nystrom_transform(const kes_nystrom *plan, kes_mat X, kes_mat Z)
{
    if (!plan) return KES_EINVAL;
    kes_status s;
    if ((s = kes__points_check(X, plan->d))) return s;
    if ((s = kes__out_check(Z, X.nrows, plan->m))) return s;
    if (kes__mat_overlap(X, Z)) return KES_EINVAL;
    int64_t n = X.nrows, m = plan->m, bs = n < NYSTROM_BLOCK ? n : NYSTROM_BLOCK;
    size_t nw;
    if (kes__mul_size(bs, m, &nw)) return KES_ERANGE;
    double *work = kes__malloc_n(nw, sizeof *work);
    if (!work) return KES_ENOMEM;
    kes_mat Lm = kes_mat_view(plan->L, m, plan->d, m), Wm = kes_mat_view(plan->W, m, m, m);
    /* K(X, L) for all rows straight into Z (one gemm and one OpenMP pass),
     * then Z <- Z W one row block at a time through the workspace, so that
     * BLAS's threads and OpenMP's do not alternate block by block. */
    s = kes_kernel_matrix(&plan->kernel, X, Lm, Z);
    for (int64_t i0 = 0; i0 < n && !s; i0 += bs) {
        int64_t nb = n - i0 < bs ? n - i0 : bs;
        kes_mat Kb = kes_mat_view(work, nb, m, nb), Zb = kes_mat_submatrix(Z, i0, 0, nb, m);
        kes_mat_copy(Zb, Kb);
        s = kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, Kb, Wm, 0.0, Zb);
    }
    free(work);
    return s;
}
