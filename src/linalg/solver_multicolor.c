/*
 * Multicolor SOR (Saad, "Iterative Methods for Sparse Linear Systems", 2nd
 * ed., §12.4: multicoloring; Adams & Jordan, "Is SOR color-blind?", SIAM J.
 * Sci. Stat. Comput. 7 (1986)).  Rows are coloured greedily in natural
 * order on the symmetrised pattern of A, so rows of one colour never read
 * each other's unknowns and can be relaxed in parallel.  The sweep is SOR
 * in the colour-permuted ordering: a different iteration from natural-order
 * SOR, with its own spectral radius and best omega.
 */
#include <omp.h>

#include "linalg/solver_internal.h"

/* Rows per colour below which the OpenMP team is not worth waking. */
#define KES_MC_PAR_ROWS 8192

/* Greedy first-fit colouring of the pattern of A + A^T, rows in natural
 * order (a 5-point stencil in natural order comes out red-black). */
static kes_status multicolor_create(kes_solver *s)
{
    kes_status st = kes__solver_vectors(s, 1);
    if (st) return st;
    const kes_csr *A = s->A;
    const int64_t n = s->n;
    kes_csr *T = NULL;
    st = kes_csr_transpose(A, &T);
    if (st) return st;
    int64_t *color = kes__malloc_n((size_t)n, sizeof(int64_t));
    int64_t *mark = kes__malloc_n((size_t)n + 1, sizeof(int64_t));
    st = KES_ENOMEM;
    if (!color || !mark) goto done;
    for (int64_t i = 0; i <= n; i++) mark[i] = -1;
    int64_t ncol = 0;
    for (int64_t i = 0; i < n; i++) {
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
            if (A->colind[k] < i) mark[color[A->colind[k]]] = i;
        for (int64_t k = T->rowptr[i]; k < T->rowptr[i + 1]; k++)
            if (T->colind[k] < i) mark[color[T->colind[k]]] = i;
        int64_t c = 0;
        while (mark[c] == i) c++;
        color[i] = c;
        if (c + 1 > ncol) ncol = c + 1;
    }
    s->color_ptr = kes__calloc_n((size_t)ncol + 1, sizeof(int64_t));
    s->color_rows = kes__malloc_n((size_t)n, sizeof(int64_t));
    if (!s->color_ptr || !s->color_rows) goto done;
    for (int64_t i = 0; i < n; i++) s->color_ptr[color[i] + 1]++;
    for (int64_t c = 0; c < ncol; c++) s->color_ptr[c + 1] += s->color_ptr[c];
    for (int64_t i = 0; i < n; i++) s->color_rows[s->color_ptr[color[i]]++] = i;
    for (int64_t c = ncol; c > 0; c--) s->color_ptr[c] = s->color_ptr[c - 1];
    s->color_ptr[0] = 0;
    s->ncolors = ncol;
    st = KES_OK;
done:
    free(color);
    free(mark);
    kes_csr_destroy(T);
    return st;
}

/* One sweep over the colours in order, each colour in parallel, then the
 * residual b - A x (rows in parallel, the norm summed in row order so it
 * does not depend on the thread count). */
static kes_status multicolor_step(kes_solver *s, double *rnorm)
{
    const int64_t *restrict rp = s->A->rowptr;
    const int32_t *restrict ci = s->A->colind;
    const double *restrict v = s->A->val;
    const int64_t *restrict dp = s->diagpos;
    const double *restrict invd = s->invdiag;
    const double *restrict b = s->b;
    double *restrict x = s->x;
    double *restrict r = s->w[0];
    const double om = s->omega;
    for (int64_t c = 0; c < s->ncolors; c++) {
        const int64_t lo = s->color_ptr[c], hi = s->color_ptr[c + 1];
        const int64_t *restrict rows = s->color_rows;
#pragma omp parallel for schedule(static) if (hi - lo > KES_MC_PAR_ROWS)
        for (int64_t j = lo; j < hi; j++) {
            const int64_t i = rows[j];
            double t = b[i] - v[dp[i]] * x[i];
            for (int64_t k = rp[i]; k < dp[i]; k++) t -= v[k] * x[ci[k]];
            for (int64_t k = dp[i] + 1; k < rp[i + 1]; k++) t -= v[k] * x[ci[k]];
            x[i] += om * invd[i] * t;
        }
    }
    const int64_t n = s->n;
#pragma omp parallel for schedule(static) if (n > KES_MC_PAR_ROWS)
    for (int64_t i = 0; i < n; i++) {
        double t = b[i];
        for (int64_t k = rp[i]; k < rp[i + 1]; k++) t -= v[k] * x[ci[k]];
        r[i] = t;
    }
    *rnorm = kes__xnorm(n, r, kes__dot(n, r, r));
    return KES_OK;
}

static const kes_solver_type multicolor_type = {.name = "sor-multicolor",
                                                .uses_omega = 1,
                                                .krylov = 0,
                                                .create = multicolor_create,
                                                .start = kes__start_residual,
                                                .step = multicolor_step,
                                                .verify = NULL,
                                                .run = NULL,
                                                .destroy = NULL};

const kes_solver_type *const kes_solver_sor_multicolor = &multicolor_type;
