/*
 * Compressed sparse row matrices: assembly, checks, products, orderings.
 */
#include <limits.h>

#include "core/internal.h"
#include "kestrel/linalg.h"

kes_status kes_csr_create(int64_t nrows, int64_t ncols, int64_t nnz, kes_csr **A)
{
    if (!A) return KES_EINVAL;
    if (nrows <= 0 || ncols <= 0 || nnz < 0) return KES_EDIM;
    if (ncols > INT32_MAX || nrows >= INT64_MAX / 8 || nnz >= INT64_MAX / 8) return KES_ERANGE;
    size_t t;
    if (kes__mul_size(nnz, (int64_t)sizeof(double), &t) || kes__mul_size(nrows + 1, 8, &t)) return KES_ERANGE;
    kes_csr *M = calloc(1, sizeof *M);
    if (!M) return KES_ENOMEM;
    M->nrows = nrows;
    M->ncols = ncols;
    M->nnz = nnz;
    M->rowptr = kes__calloc_n((size_t)nrows + 1, sizeof(int64_t));
    M->colind = kes__malloc_n((size_t)nnz, sizeof(int32_t));
    M->val = kes__malloc_n((size_t)nnz, sizeof(double));
    if (!M->rowptr || !M->colind || !M->val) {
        kes_csr_destroy(M);
        return KES_ENOMEM;
    }
    *A = M;
    return KES_OK;
}

void kes_csr_destroy(kes_csr *A)
{
    if (!A) return;
    free(A->rowptr);
    free(A->colind);
    free(A->val);
    free(A);
}

/* Triplet assembly by two stable counting sorts (by column, then by row), so
 * every row comes out with ascending columns in O(nnz + nrows + ncols), then
 * adjacent duplicates are summed. */
kes_status kes_csr_from_triplets(int64_t nrows, int64_t ncols, int64_t nnz, const int64_t *rows, const int64_t *cols,
                                 const double *vals, kes_csr **A)
{
    if (!A) return KES_EINVAL;
    if (nrows <= 0 || ncols <= 0 || nnz < 0) return KES_EDIM;
    if (nnz > 0 && (!rows || !cols || !vals)) return KES_EINVAL;
    /* Sizes first, so an impossible nnz is refused before the arrays are read. */
    if (ncols > INT32_MAX || nrows >= INT64_MAX / 8 || nnz >= INT64_MAX / 8) return KES_ERANGE;
    for (int64_t k = 0; k < nnz; k++) {
        if (rows[k] < 0 || rows[k] >= nrows || cols[k] < 0 || cols[k] >= ncols) return KES_EDIM;
        if (!isfinite(vals[k])) return KES_ENAN;
    }
    kes_status st = KES_ENOMEM;
    kes_csr *M = NULL;
    int64_t *ccount = kes__calloc_n((size_t)ncols + 1, sizeof(int64_t));
    int64_t *bycol = kes__malloc_n((size_t)nnz, sizeof(int64_t));
    int64_t *byrow = kes__malloc_n((size_t)nnz, sizeof(int64_t));
    int64_t *rcount = kes__calloc_n((size_t)nrows + 1, sizeof(int64_t));
    if (!ccount || !bycol || !byrow || !rcount) goto done;

    for (int64_t k = 0; k < nnz; k++) ccount[cols[k] + 1]++;
    for (int64_t j = 0; j < ncols; j++) ccount[j + 1] += ccount[j];
    for (int64_t k = 0; k < nnz; k++) bycol[ccount[cols[k]]++] = k;
    for (int64_t k = 0; k < nnz; k++) rcount[rows[k] + 1]++;
    for (int64_t i = 0; i < nrows; i++) rcount[i + 1] += rcount[i];
    for (int64_t q = 0; q < nnz; q++) {
        int64_t k = bycol[q];
        byrow[rcount[rows[k]]++] = k;
    }
    /* rcount[i] now holds the end of row i; count unique entries per row. */
    st = kes_csr_create(nrows, ncols, nnz, &M);
    if (st) goto done;
    int64_t out = 0, start = 0;
    for (int64_t i = 0; i < nrows; i++) {
        int64_t end = rcount[i];
        M->rowptr[i] = out;
        int64_t lastcol = -1;
        for (int64_t q = start; q < end; q++) {
            int64_t k = byrow[q];
            if (cols[k] == lastcol) {
                M->val[out - 1] += vals[k];
            } else {
                M->colind[out] = (int32_t)cols[k];
                M->val[out] = vals[k];
                lastcol = cols[k];
                out++;
            }
        }
        start = end;
    }
    M->rowptr[nrows] = out;
    M->nnz = out;
    for (int64_t k = 0; k < out; k++)
        if (!isfinite(M->val[k])) { /* two finite duplicates can overflow */
            st = KES_ERANGE;
            kes_csr_destroy(M);
            M = NULL;
            goto done;
        }
    *A = M;
    st = KES_OK;
done:
    free(ccount);
    free(bycol);
    free(byrow);
    free(rcount);
    return st;
}

kes_status kes_csr_from_dense(int64_t nrows, int64_t ncols, const double *dense, int64_t ld, double drop_tol,
                              kes_csr **A)
{
    if (!A || !dense) return KES_EINVAL;
    if (nrows <= 0 || ncols <= 0 || ld < nrows) return KES_EDIM;
    if (!isfinite(drop_tol)) return KES_ENAN;
    if (drop_tol < 0.0) return KES_EDOM;
    /* Sizes before the first read of dense: the block ld * ncols must be addressable. */
    if (ncols > INT32_MAX || ld > INT64_MAX / ncols) return KES_ERANGE;
    int64_t nnz = 0;
    for (int64_t j = 0; j < ncols; j++)
        for (int64_t i = 0; i < nrows; i++) {
            double a = dense[i + j * ld];
            if (!isfinite(a)) return KES_ENAN;
            if (fabs(a) > drop_tol) nnz++;
        }
    kes_csr *M;
    kes_status st = kes_csr_create(nrows, ncols, nnz, &M);
    if (st) return st;
    int64_t k = 0;
    for (int64_t i = 0; i < nrows; i++) {
        M->rowptr[i] = k;
        for (int64_t j = 0; j < ncols; j++) {
            double a = dense[i + j * ld];
            if (fabs(a) > drop_tol) {
                M->colind[k] = (int32_t)j;
                M->val[k++] = a;
            }
        }
    }
    M->rowptr[nrows] = k;
    *A = M;
    return KES_OK;
}

kes_status kes_csr_clone(const kes_csr *A, kes_csr **B)
{
    if (!A || !B) return KES_EINVAL;
    kes_csr *M;
    kes_status st = kes_csr_create(A->nrows, A->ncols, A->nnz, &M);
    if (st) return st;
    memcpy(M->rowptr, A->rowptr, (size_t)(A->nrows + 1) * sizeof(int64_t));
    memcpy(M->colind, A->colind, (size_t)A->nnz * sizeof(int32_t));
    memcpy(M->val, A->val, (size_t)A->nnz * sizeof(double));
    *B = M;
    return KES_OK;
}

/* Every structural invariant, but not the values: the O(nnz) functions that
 * index with colind (transpose, orderings, densification) run it, so a
 * hand-filled matrix with a column past ncols is refused, not read out of
 * bounds. */
static kes_status csr_structure_check(const kes_csr *A)
{
    if (!A) return KES_EINVAL;
    if (A->nrows <= 0 || A->ncols <= 0 || A->nnz < 0) return KES_EDIM;
    /* kes_csr documents ncols <= INT32_MAX: a larger one is a broken structure. */
    if (A->ncols > INT32_MAX) return KES_EBADDATA;
    if (!A->rowptr || (A->nnz > 0 && (!A->colind || !A->val))) return KES_EINVAL;
    if (A->rowptr[0] != 0 || A->rowptr[A->nrows] != A->nnz) return KES_EBADDATA;
    for (int64_t i = 0; i < A->nrows; i++) {
        if (A->rowptr[i + 1] < A->rowptr[i]) return KES_EBADDATA;
        int64_t prev = -1;
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            int64_t j = A->colind[k];
            if (j < 0 || j >= A->ncols || j <= prev) return KES_EBADDATA;
            prev = j;
        }
    }
    return KES_OK;
}

kes_status kes_csr_validate(const kes_csr *A)
{
    kes_status st = csr_structure_check(A);
    if (st) return st;
    if (!kes__all_finite(A->val, (size_t)A->nnz)) return KES_ENAN;
    return KES_OK;
}

static kes_status csr_quick_check(const kes_csr *A)
{
    if (!A || !A->rowptr || A->nrows <= 0 || A->ncols <= 0) return KES_EINVAL;
    return KES_OK;
}

kes_status kes_csr_to_dense(const kes_csr *A, double *dense, int64_t ld)
{
    kes_status st = csr_structure_check(A);
    if (st) return st;
    if (!dense) return KES_EINVAL;
    if (ld < A->nrows) return KES_EDIM;
    for (int64_t j = 0; j < A->ncols; j++) memset(dense + j * ld, 0, (size_t)A->nrows * sizeof(double));
    for (int64_t i = 0; i < A->nrows; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) dense[i + (int64_t)A->colind[k] * ld] = A->val[k];
    return KES_OK;
}

/* Threads only pay off above a few hundred thousand nonzeros. */
#define KES_CSR_PAR_NNZ 200000

kes_status kes_csr_gemv(double alpha, const kes_csr *A, const double *x, double beta, double *y)
{
    kes_status st = csr_quick_check(A);
    if (st) return st;
    if (!x || !y) return KES_EINVAL;
    const int64_t *rp = A->rowptr;
    const int32_t *ci = A->colind;
    const double *v = A->val;
    const int64_t n = A->nrows;
#pragma omp parallel for schedule(static) if (A->nnz > KES_CSR_PAR_NNZ)
    for (int64_t i = 0; i < n; i++) {
        double s = 0.0;
        for (int64_t k = rp[i]; k < rp[i + 1]; k++) s += v[k] * x[ci[k]];
        y[i] = beta == 0.0 ? alpha * s : alpha * s + beta * y[i];
    }
    return KES_OK;
}

kes_status kes_csr_matvec(const kes_csr *A, const double *x, double *y)
{
    /* beta == 0 ignores y and alpha == 1 multiplies exactly: the same bits as a plain product. */
    return kes_csr_gemv(1.0, A, x, 0.0, y);
}

kes_status kes_csr_matvec_trans(const kes_csr *A, const double *x, double *y)
{
    kes_status st = csr_quick_check(A);
    if (st) return st;
    if (!x || !y) return KES_EINVAL;
    memset(y, 0, (size_t)A->ncols * sizeof(double));
    for (int64_t i = 0; i < A->nrows; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) y[A->colind[k]] += A->val[k] * x[i];
    return KES_OK;
}

kes_status kes_csr_transpose(const kes_csr *A, kes_csr **B)
{
    kes_status st = csr_quick_check(A);
    if (st) return st;
    if (!B) return KES_EINVAL;
    if (A->nrows > INT32_MAX) return KES_ERANGE;
    if ((st = csr_structure_check(A))) return st;
    kes_csr *T;
    st = kes_csr_create(A->ncols, A->nrows, A->nnz, &T);
    if (st) return st;
    for (int64_t k = 0; k < A->nnz; k++) T->rowptr[A->colind[k] + 1]++;
    for (int64_t j = 0; j < A->ncols; j++) T->rowptr[j + 1] += T->rowptr[j];
    int64_t *next = kes__malloc_n((size_t)A->ncols, sizeof(int64_t));
    if (!next) {
        kes_csr_destroy(T);
        return KES_ENOMEM;
    }
    memcpy(next, T->rowptr, (size_t)A->ncols * sizeof(int64_t));
    for (int64_t i = 0; i < A->nrows; i++) /* rows visited in order, so columns of T come out sorted */
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            int64_t q = next[A->colind[k]]++;
            T->colind[q] = (int32_t)i;
            T->val[q] = A->val[k];
        }
    free(next);
    *B = T;
    return KES_OK;
}

/* Binary search for column j in row i; -1 when absent. */
static int64_t find_entry(const kes_csr *A, int64_t i, int64_t j)
{
    int64_t lo = A->rowptr[i], hi = A->rowptr[i + 1] - 1;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (A->colind[mid] == j) return mid;
        if (A->colind[mid] < j) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

kes_status kes_csr_diagonal(const kes_csr *A, double *d)
{
    kes_status st = csr_quick_check(A);
    if (st) return st;
    if (!d) return KES_EINVAL;
    int64_t m = A->nrows < A->ncols ? A->nrows : A->ncols;
    for (int64_t i = 0; i < m; i++) {
        int64_t k = find_entry(A, i, i);
        d[i] = k >= 0 ? A->val[k] : 0.0;
    }
    return KES_OK;
}

kes_status kes_csr_diag_positions(const kes_csr *A, int64_t *pos)
{
    kes_status st = csr_quick_check(A);
    if (st) return st;
    if (!pos) return KES_EINVAL;
    if (A->nrows != A->ncols) return KES_EDIM;
    for (int64_t i = 0; i < A->nrows; i++) pos[i] = find_entry(A, i, i);
    return KES_OK;
}

kes_status kes_csr_is_symmetric_pattern(const kes_csr *A, int *sym)
{
    kes_status st = csr_quick_check(A);
    if (st) return st;
    if (!sym) return KES_EINVAL;
    *sym = 0;
    if (A->nrows != A->ncols) return KES_OK;
    for (int64_t i = 0; i < A->nrows; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
            if (find_entry(A, A->colind[k], i) < 0) return KES_OK;
    *sym = 1;
    return KES_OK;
}

kes_status kes_csr_is_symmetric(const kes_csr *A, double tol, int *sym)
{
    kes_status st = csr_quick_check(A);
    if (st) return st;
    if (!sym || !(tol >= 0.0)) return KES_EINVAL;
    *sym = 0;
    if (A->nrows != A->ncols) return KES_OK;
    for (int64_t i = 0; i < A->nrows; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            int64_t q = find_entry(A, A->colind[k], i);
            double a = A->val[k], b = q >= 0 ? A->val[q] : 0.0;
            if (fabs(a - b) > tol * fmax(fabs(a), fabs(b))) return KES_OK;
        }
    *sym = 1;
    return KES_OK;
}

int64_t kes_csr_bandwidth(const kes_csr *A)
{
    if (csr_quick_check(A)) return 0; /* documented: 0 for NULL */
    int64_t bw = 0;
    for (int64_t i = 0; i < A->nrows; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            int64_t d = i > A->colind[k] ? i - A->colind[k] : A->colind[k] - i;
            if (d > bw) bw = d;
        }
    return bw;
}

/* Breadth-first levels from root over the symmetrised graph S (CSR, no
 * values): fills order[] with the visited nodes sorted by (level, degree),
 * returns the count and the eccentricity of root in *depth. */
static int64_t bfs_levels(const kes_csr *S, int64_t root, const int64_t *deg, int64_t *order, int64_t *level,
                          int64_t *depth)
{
    int64_t head = 0, tail = 0;
    order[tail++] = root;
    level[root] = 0;
    *depth = 0;
    while (head < tail) {
        int64_t u = order[head++];
        int64_t first = tail;
        for (int64_t k = S->rowptr[u]; k < S->rowptr[u + 1]; k++) {
            int64_t w = S->colind[k];
            if (level[w] < 0) {
                level[w] = level[u] + 1;
                if (level[w] > *depth) *depth = level[w];
                order[tail++] = w;
            }
        }
        /* Cuthill-McKee: neighbours in increasing degree (insertion sort, rows are short). */
        for (int64_t a = first + 1; a < tail; a++) {
            int64_t x = order[a], b = a - 1;
            while (b >= first && deg[order[b]] > deg[x]) {
                order[b + 1] = order[b];
                b--;
            }
            order[b + 1] = x;
        }
    }
    return tail;
}

/* Reverse Cuthill-McKee (George & Liu, "Computer Solution of Large Sparse
 * Positive Definite Systems", 1981, sec. 4.3), with the George-Liu
 * pseudo-peripheral node finder for the start of each component. */
kes_status kes_csr_rcm(const kes_csr *A, int64_t *perm)
{
    kes_status st = csr_structure_check(A);
    if (st) return st;
    if (!perm) return KES_EINVAL;
    if (A->nrows != A->ncols) return KES_EDIM;
    const int64_t n = A->nrows;
    kes_csr *T = NULL, *S = NULL;
    int64_t *deg = NULL, *level = NULL, *order = NULL;
    int64_t *rows = NULL, *cols = NULL;
    double *vals = NULL;
    st = kes_csr_transpose(A, &T);
    if (st) goto done;
    /* S = pattern of A + A^T without the diagonal. */
    int64_t m = 2 * A->nnz;
    rows = kes__malloc_n((size_t)m, sizeof(int64_t));
    cols = kes__malloc_n((size_t)m, sizeof(int64_t));
    vals = kes__malloc_n((size_t)m, sizeof(double));
    st = KES_ENOMEM;
    if (!rows || !cols || !vals) goto done;
    int64_t q = 0;
    for (int pass = 0; pass < 2; pass++) {
        const kes_csr *B = pass ? T : A;
        for (int64_t i = 0; i < n; i++)
            for (int64_t k = B->rowptr[i]; k < B->rowptr[i + 1]; k++)
                if (B->colind[k] != i) {
                    rows[q] = i;
                    cols[q] = B->colind[k];
                    vals[q++] = 1.0;
                }
    }
    st = kes_csr_from_triplets(n, n, q, rows, cols, vals, &S);
    if (st) goto done;
    st = KES_ENOMEM;
    deg = kes__malloc_n((size_t)n, sizeof(int64_t));
    level = kes__malloc_n((size_t)n, sizeof(int64_t));
    order = kes__malloc_n((size_t)n, sizeof(int64_t));
    if (!deg || !level || !order) goto done;
    for (int64_t i = 0; i < n; i++) {
        deg[i] = S->rowptr[i + 1] - S->rowptr[i];
        level[i] = -1;
    }
    int64_t placed = 0;
    for (int64_t s = 0; s < n; s++) {
        if (level[s] >= 0) continue;
        /* Pseudo-peripheral root: repeat BFS from a minimum-degree node of the last level while the depth grows. */
        int64_t root = s, depth, cnt;
        for (int iter = 0; iter < 8; iter++) {
            cnt = bfs_levels(S, root, deg, order + placed, level, &depth);
            int64_t best = -1;
            for (int64_t a = 0; a < cnt; a++) {
                int64_t u = order[placed + a];
                if (level[u] == depth && (best < 0 || deg[u] < deg[best])) best = u;
            }
            for (int64_t a = 0; a < cnt; a++) level[order[placed + a]] = -1;
            int64_t d2;
            cnt = bfs_levels(S, best, deg, order + placed, level, &d2);
            for (int64_t a = 0; a < cnt; a++) level[order[placed + a]] = -1;
            if (d2 <= depth) break;
            root = best;
        }
        cnt = bfs_levels(S, root, deg, order + placed, level, &depth);
        placed += cnt;
    }
    for (int64_t k = 0; k < n; k++) perm[k] = order[n - 1 - k];
    st = KES_OK;
done:
    kes_csr_destroy(T);
    kes_csr_destroy(S);
    free(deg);
    free(level);
    free(order);
    free(rows);
    free(cols);
    free(vals);
    return st;
}

kes_status kes_csr_permute(const kes_csr *A, const int64_t *perm, kes_csr **B)
{
    kes_status st = csr_structure_check(A);
    if (st) return st;
    if (!perm || !B) return KES_EINVAL;
    if (A->nrows != A->ncols) return KES_EDIM;
    const int64_t n = A->nrows;
    int64_t *inv = kes__malloc_n((size_t)n, sizeof(int64_t));
    int64_t *rows = kes__malloc_n((size_t)A->nnz, sizeof(int64_t));
    int64_t *cols = kes__malloc_n((size_t)A->nnz, sizeof(int64_t));
    st = KES_ENOMEM;
    if (!inv || !rows || !cols) goto done;
    for (int64_t i = 0; i < n; i++) inv[i] = -1;
    st = KES_EINVAL;
    for (int64_t k = 0; k < n; k++) {
        if (perm[k] < 0 || perm[k] >= n || inv[perm[k]] >= 0) goto done;
        inv[perm[k]] = k;
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            rows[k] = inv[i];
            cols[k] = inv[A->colind[k]];
        }
    st = kes_csr_from_triplets(n, n, A->nnz, rows, cols, A->val, B);
done:
    free(inv);
    free(rows);
    free(cols);
    return st;
}
