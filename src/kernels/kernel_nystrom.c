/*
 * Nystrom features: Williams & Seeger, "Using the Nystrom method to speed up
 * kernel machines", NIPS 2001, in feature-map form: with landmarks L,
 * Z Z^T = K_XL K_LL^+ K_LX.
 *
 * K_LL is factorised by Cholesky with complete (diagonal) pivoting, LAPACK
 * dpstrf (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
 * §10.3): P^T K_LL P = R R^T, stopped when the largest remaining pivot falls
 * below rcond * max_i K_ii.  The r landmarks S chosen before the stop span
 * the numerical range of K_LL, R_11 (r x r) is well defined, and
 * phi(x) = R_11^{-1} k_S(x) gives Z Z^T = K_XS K_SS^{-1} K_SX, which is the
 * pseudo-inverse form up to the dropped Schur complement (below rcond).
 * Compared with an eigendecomposition and the symmetric K_LL^{-1/2}, the
 * transform is a triangular solve (n r^2 flops) instead of a gemm
 * (2 n m^2), and K(X, S) is evaluated straight into Z with no workspace.
 */
#include <math.h>
#include <cblas.h>
#include <lapacke.h>

#include "kernels/kernel_internal.h"

#define DEFAULT_RCOND 1e-12

struct kes_nystrom {
    kes_kernel kernel;
    int64_t m, d, rank;
    double *L; /* m x d landmarks (ld m), pivot order: the rank kept ones first */
    double *R; /* m x m, lower triangle of the leading rank x rank block = R_11 */
};

void kes_nystrom_destroy(kes_nystrom *plan)
{
    if (!plan) return;
    free(plan->L);
    free(plan->R);
    free(plan);
}

int64_t kes_nystrom_output_dim(const kes_nystrom *plan) { return plan ? plan->m : 0; }
int64_t kes_nystrom_input_dim(const kes_nystrom *plan) { return plan ? plan->d : 0; }
int64_t kes_nystrom_rank(const kes_nystrom *plan) { return plan ? plan->rank : 0; }

kes_cmat kes_nystrom_landmarks(const kes_nystrom *plan)
{
    if (!plan) return (kes_cmat){0};
    return kes_cmat_view(plan->L, plan->m, plan->d, plan->m);
}

/* Pivoted Cholesky of K_LL; reorders the landmarks into pivot order. */
static kes_status build_map(kes_nystrom *p, double rcond)
{
    int64_t m = p->m, d = p->d;
    kes_mat Rm = kes_mat_view(p->R, m, m, m);
    kes_cmat Lm = kes_cmat_view(p->L, m, d, m);
    kes_status s = kes_kernel_matrix(&p->kernel, Lm, Lm, Rm);
    if (s) return s;
    double dmax = 0.0;
    for (int64_t i = 0; i < m; i++) dmax = fmax(dmax, p->R[i + i * m]);
    if (!(dmax > 0.0)) return KES_ENOTSPD;
    lapack_int *piv = kes__malloc_n((size_t)m, sizeof *piv);
    double *tmp = kes__malloc_n((size_t)m, sizeof *tmp);
    if (!piv || !tmp) {
        free(piv);
        free(tmp);
        return KES_ENOMEM;
    }
    lapack_int rank = 0;
    lapack_int info = LAPACKE_dpstrf(LAPACK_COL_MAJOR, 'L', (lapack_int)m, p->R, (lapack_int)m, piv, &rank,
                                     rcond * dmax);
    /* info = 1 only reports rank deficiency, which is what the cut is for */
    if (info < 0) s = KES_EINVAL;
    else if (info == LAPACK_WORK_MEMORY_ERROR) s = KES_ENOMEM;
    else if (rank < 1) s = KES_ENOTSPD;
    if (!s) {
        p->rank = rank;
        for (int64_t c = 0; c < d; c++) {
            double *col = p->L + c * m;
            for (int64_t i = 0; i < m; i++) tmp[i] = col[piv[i] - 1];
            memcpy(col, tmp, (size_t)m * sizeof *tmp);
        }
    }
    free(piv);
    free(tmp);
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
    p->R = kes__malloc_n(mm, sizeof *p->R);
    if (!p->L || !p->R) {
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

kes_status kes_nystrom_create_landmarks(const kes_kernel *k, kes_cmat L, double rcond, kes_nystrom **plan)
{
    if (!plan) return KES_EINVAL;
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if (!isfinite(rcond)) return KES_ENAN;
    if ((s = kes__points_check(L, -1))) return s;
    kes_nystrom *p;
    if ((s = plan_alloc(k, L.nrows, L.ncols, &p))) return s;
    kes_mat_copy(L, kes_mat_view(p->L, p->m, p->d, p->m));
    return finish(p, rcond, plan);
}

kes_status kes_nystrom_create(const kes_kernel *k, kes_cmat X, int64_t m, double rcond, kes_rng *rng,
                              kes_nystrom **plan)
{
    if (!plan || !rng) return KES_EINVAL;
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if (!isfinite(rcond)) return KES_ENAN;
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

kes_status kes_nystrom_transform(const kes_nystrom *plan, kes_cmat X, kes_mat Z)
{
    if (!plan) return KES_EINVAL;
    kes_status s;
    if ((s = kes__points_check(X, plan->d))) return s;
    if ((s = kes__out_check(Z, X.nrows, plan->m))) return s;
    if (kes__mat_overlap(Z, X)) return KES_EINVAL;
    int64_t n = X.nrows, m = plan->m, r = plan->rank;
    /* K(X, S) into the first r columns, then Z_r <- Z_r R_11^{-T} in place. */
    kes_cmat S = kes_cmat_view(plan->L, r, plan->d, m);
    kes_mat Zr = kes_mat_submatrix(Z, 0, 0, n, r);
    if ((s = kes_kernel_matrix(&plan->kernel, X, S, Zr))) return s;
    cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, (int)n, (int)r, 1.0, plan->R,
                (int)m, Zr.data, (int)Z.ld);
    if (r < m) kes_mat_fill(kes_mat_submatrix(Z, 0, r, n, m - r), 0.0);
    return KES_OK;
}
