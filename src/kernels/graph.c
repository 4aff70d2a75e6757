/*
 * Graph structure helpers and exact graph node kernels: normalised
 * adjacency, Laplacians, regularised Laplacian, diffusion, p-step and
 * commute-time kernels (Smola & Kondor, "Kernels and regularization on
 * graphs", COLT 2003; Fouss et al., IEEE TKDE 2007), through LAPACK.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "kestrel/graph.h"
#include "kernels/graph_internal.h"
#include "linalg/dense_internal.h"

/* Binary search for column j in row i; -1 when absent. */
static int64_t csr_find(const kes_csr *A, int64_t i, int64_t j)
{
    int64_t lo = A->rowptr[i], hi = A->rowptr[i + 1] - 1;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        int64_t c = A->colind[mid];
        if (c == j) return mid;
        if (c < j) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

kes_status kes_graph_check(const kes_csr *W)
{
    if (!W) return KES_EINVAL;
    kes_status s = kes_csr_validate(W);
    if (s) return s;
    if (W->nrows != W->ncols) return KES_EDIM;
    for (int64_t i = 0; i < W->nrows; i++) {
        for (int64_t k = W->rowptr[i]; k < W->rowptr[i + 1]; k++) {
            double w = W->val[k];
            if (w < 0.0) return KES_EBADDATA;
            int64_t j = W->colind[k];
            if (j == i) continue;
            int64_t t = csr_find(W, j, i);
            double wt = t < 0 ? 0.0 : W->val[t];
            if (fabs(w - wt) > 1e-12 * fmax(fabs(w), fabs(wt))) return KES_EBADDATA;
        }
    }
    return KES_OK;
}

/* Weighted degrees d[i] = sum_j W_ij. */
static void degrees(const kes_csr *W, double *d)
{
    for (int64_t i = 0; i < W->nrows; i++) {
        double acc = 0.0;
        for (int64_t k = W->rowptr[i]; k < W->rowptr[i + 1]; k++) acc += W->val[k];
        d[i] = acc;
    }
}

kes_status kes_graph_normalized_adjacency(const kes_csr *W, double c, kes_csr **U)
{
    if (!W || !U) return KES_EINVAL;
    if (!isfinite(c)) return KES_EDOM;
    kes_status s = kes_graph_check(W);
    if (s) return s;
    int64_t n = W->nrows;
    double *isd = kes__malloc_n((size_t)n, sizeof *isd);
    if (!isd) return KES_ENOMEM;
    degrees(W, isd);
    int64_t nnz = 0;
    for (int64_t i = 0; i < n; i++) {
        isd[i] = isd[i] > 0.0 ? 1.0 / sqrt(isd[i]) : 0.0;
        if (isd[i] > 0.0) nnz += W->rowptr[i + 1] - W->rowptr[i];
    }
    kes_csr *M = NULL;
    s = kes_csr_create(n, n, nnz, &M);
    if (s) {
        free(isd);
        return s;
    }
    /* An isolated node has only zero-weight entries (if any): drop them so
     * that its row is empty and walks stop there. */
    int64_t out = 0;
    for (int64_t i = 0; i < n; i++) {
        M->rowptr[i] = out;
        if (isd[i] > 0.0) {
            for (int64_t k = W->rowptr[i]; k < W->rowptr[i + 1]; k++) {
                int64_t j = W->colind[k];
                M->colind[out] = (int32_t)j;
                M->val[out] = c * isd[i] * W->val[k] * isd[j];
                out++;
            }
        }
    }
    M->rowptr[n] = out;
    free(isd);
    *U = M;
    return KES_OK;
}

kes_status kes_graph_laplacian(const kes_csr *W, kes_laplacian kind, kes_csr **L)
{
    if (!W || !L) return KES_EINVAL;
    if (kind != KES_LAPLACIAN_NORMALIZED && kind != KES_LAPLACIAN_COMBINATORIAL) return KES_EINVAL;
    kes_status s = kes_graph_check(W);
    if (s) return s;
    int64_t n = W->nrows;
    double *d = kes__malloc_n((size_t)n, sizeof *d);
    int64_t *ri = kes__malloc_n((size_t)(W->nnz + n), sizeof *ri);
    int64_t *ci = kes__malloc_n((size_t)(W->nnz + n), sizeof *ci);
    double *v = kes__malloc_n((size_t)(W->nnz + n), sizeof *v);
    if (!d || !ri || !ci || !v) {
        s = KES_ENOMEM;
        goto done;
    }
    degrees(W, d);
    /* Finite weights whose degree overflows (weights near DBL_MAX): the
     * input is valid, the combinatorial result does not fit. */
    if (kind == KES_LAPLACIAN_COMBINATORIAL && !kes__all_finite(d, (size_t)n)) {
        s = KES_ERANGE;
        goto done;
    }
    int64_t t = 0;
    for (int64_t i = 0; i < n; i++) {
        double isd_i = d[i] > 0.0 ? 1.0 / sqrt(d[i]) : 0.0;
        ri[t] = i;
        ci[t] = i;
        v[t++] = kind == KES_LAPLACIAN_NORMALIZED ? 1.0 : d[i];
        for (int64_t k = W->rowptr[i]; k < W->rowptr[i + 1]; k++) {
            int64_t j = W->colind[k];
            double isd_j = d[j] > 0.0 ? 1.0 / sqrt(d[j]) : 0.0;
            ri[t] = i;
            ci[t] = j;
            v[t++] = kind == KES_LAPLACIAN_NORMALIZED ? -isd_i * W->val[k] * isd_j : -W->val[k];
        }
    }
    s = kes_csr_from_triplets(n, n, t, ri, ci, v, L);
done:
    free(d);
    free(ri);
    free(ci);
    free(v);
    return s;
}

/* Validate a graph and an n x n output matrix for it. */
static kes_status graph_and_output(const kes_csr *W, kes_mat K)
{
    kes_status s = kes_graph_check(W);
    if (s) return s;
    s = kes_mat_check(K);
    if (s) return s;
    if (K.nrows != W->nrows || K.ncols != W->nrows) return KES_EDIM;
    return KES_OK;
}

/* Dense Laplacian into K (n x n, fully overwritten). */
static kes_status dense_laplacian(const kes_csr *W, kes_laplacian kind, kes_mat K)
{
    if (!W) return KES_EINVAL;
    kes_status s = kes_mat_check(K);
    if (s) return s;
    if (W->nrows != W->ncols || K.nrows != W->nrows || K.ncols != W->nrows) return KES_EDIM;
    kes_csr *L = NULL;
    s = kes_graph_laplacian(W, kind, &L);
    if (s) return s;
    s = kes_csr_to_dense(L, K.data, K.ld);
    kes_csr_destroy(L);
    return s;
}

kes_status kes_graph_kernel_regularized(const kes_csr *W, kes_laplacian kind, double sigma2, int d, kes_mat K)
{
    if (!W) return KES_EINVAL;
    if (!(isfinite(sigma2) && sigma2 > 0.0) || d < 1) return KES_EDOM;
    kes_status s = graph_and_output(W, K);
    if (s) return s;
    int64_t n = W->nrows;
    kes_mat A = {0}, T = {0};
    s = kes__mat_alloc(n, n, &A);
    if (s) return s;
    s = dense_laplacian(W, kind, A);
    if (s) goto done;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t i = 0; i < n; i++) A.data[i + j * A.ld] *= sigma2;
        A.data[j + j * A.ld] += 1.0;
    }
    /* I + sigma2 L is SPD (L is PSD), so Cholesky inverse: dpotrf + dpotri,
     * n^3 flops against 2 n^3 for an LU inverse (Higham, "Accuracy and
     * Stability of Numerical Algorithms", 2nd ed., SIAM, 2002, Ch. 14). */
    s = kes_mat_cholesky(A);
    if (s) goto done;
    s = kes_mat_cholesky_inverse(A);
    if (s) goto done;
    if (d == 1) {
        s = kes_mat_copy(kes_mat_const(A), K);
        goto done;
    }
    s = kes__mat_alloc(n, n, &T);
    if (s) goto done;
    /* K1^d by binary powering, so any int d costs at most 2 log2(d) products:
     * K holds the running product, A the repeated square, T the scratch. */
    int have = 0;
    for (unsigned e = (unsigned)d; e && !s; e >>= 1) {
        if (e & 1u) {
            if (!have) {
                s = kes_mat_copy(kes_mat_const(A), K);
                have = 1;
            } else {
                s = kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(K), kes_mat_const(A), 0.0, T);
                if (!s) s = kes_mat_copy(kes_mat_const(T), K);
            }
        }
        if (!s && e > 1) {
            s = kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A), kes_mat_const(A), 0.0, T);
            if (!s) s = kes_mat_copy(kes_mat_const(T), A);
        }
    }
    /* Products of commuting symmetric matrices are symmetric up to rounding. */
    if (!s) kes__mat_sym_average(K);
done:
    kes__mat_free(&A);
    kes__mat_free(&T);
    return s;
}

/* K = V diag(g) V^T from eigenvectors V (n x n, columns) and weights g;
 * the scaled copy keeps the product a single gemm. */
static kes_status assemble_spectral(kes_mat V, const double *g, kes_mat K)
{
    int64_t n = V.nrows;
    /* A weight beyond the double range (a p-step kernel with a^p > 1e308,
     * a spectral function returning Inf or NaN) has no finite kernel;
     * refuse it before K is touched. */
    for (int64_t j = 0; j < n; j++)
        if (!isfinite(g[j])) return KES_ERANGE;
    kes_mat VG = {0};
    kes_status s = kes__mat_alloc(n, n, &VG);
    if (s) return s;
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) VG.data[i + j * VG.ld] = V.data[i + j * V.ld] * g[j];
    s = kes_blas_gemm(KES_NOTRANS, KES_TRANS, 1.0, kes_mat_const(VG), kes_mat_const(V), 0.0, K);
    kes__mat_free(&VG);
    if (s) return s;
    kes__mat_sym_average(K);
    /* finite weights near 1e308 can still overflow in the sum over j */
    for (int64_t j = 0; j < n; j++)
        if (!kes__all_finite(K.data + j * K.ld, (size_t)n)) return KES_ERANGE;
    return KES_OK;
}

enum spec_kind { SPEC_DIFFUSION, SPEC_PSTEP, SPEC_COMMUTE };

/* Shared eigen path of the diffusion, p-step and commute-time kernels. */
static kes_status laplacian_spectral(const kes_csr *W, kes_laplacian kind, enum spec_kind sk, double a, int p,
                                     kes_mat K)
{
    if (!W) return KES_EINVAL;
    kes_status s = graph_and_output(W, K);
    if (s) return s;
    int64_t n = W->nrows;
    kes_mat V = {0};
    double *w = kes__malloc_n((size_t)n, sizeof *w);
    if (!w) return KES_ENOMEM;
    s = kes__mat_alloc(n, n, &V);
    if (s) goto done;
    s = dense_laplacian(W, kind, V);
    if (s) goto done;
    s = kes_mat_syev(V, w, 1);
    if (s) goto done;
    double lmax = fmax(w[n - 1], 0.0);
    if (sk == SPEC_PSTEP && a < lmax * (1.0 - 1e-12)) {
        s = KES_EDOM;
        goto done;
    }
    for (int64_t j = 0; j < n; j++) {
        double l = w[j];
        switch (sk) {
        case SPEC_DIFFUSION: w[j] = exp(-a * fmax(l, 0.0)); break;
        case SPEC_PSTEP: w[j] = pow(fmax(a - l, 0.0), (double)p); break;
        case SPEC_COMMUTE: w[j] = (l > 1e-10 * lmax && lmax > 0.0) ? 1.0 / l : 0.0; break;
        }
    }
    s = assemble_spectral(V, w, K);
done:
    free(w);
    kes__mat_free(&V);
    return s;
}

kes_status kes_graph_kernel_diffusion(const kes_csr *W, kes_laplacian kind, double beta, kes_mat K)
{
    if (!W) return KES_EINVAL;
    if (!(isfinite(beta) && beta >= 0.0)) return KES_EDOM;
    return laplacian_spectral(W, kind, SPEC_DIFFUSION, beta, 0, K);
}

kes_status kes_graph_kernel_pstep(const kes_csr *W, kes_laplacian kind, double a, int p, kes_mat K)
{
    if (!W) return KES_EINVAL;
    if (!isfinite(a) || p < 1) return KES_EDOM;
    return laplacian_spectral(W, kind, SPEC_PSTEP, a, p, K);
}

kes_status kes_graph_kernel_commute(const kes_csr *W, kes_laplacian kind, kes_mat K)
{
    return laplacian_spectral(W, kind, SPEC_COMMUTE, 0.0, 0, K);
}

kes_status kes_graph_spectral(const kes_csr *S, double (*fn)(double, void *), void *ctx, kes_mat K)
{
    if (!S || !fn) return KES_EINVAL;
    kes_status s = kes_csr_validate(S);
    if (s) return s;
    if (S->nrows != S->ncols) return KES_EDIM;
    s = kes_mat_check(K);
    if (s) return s;
    int64_t n = S->nrows;
    if (K.nrows != n || K.ncols != n) return KES_EDIM;
    int sym = 0;
    s = kes_csr_is_symmetric(S, 1e-12, &sym);
    if (s) return s;
    if (!sym) return KES_EBADDATA;
    kes_mat V = {0};
    double *w = kes__malloc_n((size_t)n, sizeof *w);
    if (!w) return KES_ENOMEM;
    s = kes__mat_alloc(n, n, &V);
    if (!s) s = kes_csr_to_dense(S, V.data, V.ld);
    if (!s) s = kes_mat_syev(V, w, 1);
    for (int64_t j = 0; j < n && !s; j++) {
        w[j] = fn(w[j], ctx);
        if (!isfinite(w[j])) s = KES_EDOM;
    }
    if (!s) s = assemble_spectral(V, w, K);
    free(w);
    kes__mat_free(&V);
    return s;
}
