/*
 * Matrix-free operators: the kes_linop views of stored matrices.  An
 * operator is only (n, apply, ctx); these constructors point ctx at the
 * caller's matrix, so they allocate nothing and the caller keeps the
 * matrix alive.
 */
#include "linalg/solve_internal.h"

kes_status kes__linop_csr_apply(void *ctx, const double *x, double *y)
{
    return kes_csr_matvec((const kes_csr *)ctx, x, y);
}

kes_status kes_linop_csr(const kes_csr *A, kes_linop *op)
{
    if (!A || !op) return KES_EINVAL;
    kes_status st = kes_csr_validate(A);
    if (st) return st;
    if (A->nrows != A->ncols) return KES_EDIM;
    op->n = A->nrows;
    op->apply = kes__linop_csr_apply;
    /* apply only reads through ctx; the cast is the price of one void *ctx
     * for read-only and read-write contexts alike. */
    op->ctx = (void *)A;
    return KES_OK;
}

/* Threads pay off once a product is a few hundred thousand flops. */
#define DENSE_PAR_N 256

/* y[i] = column i of A dotted with x (= row i for symmetric A): unit
 * stride, one sequential sum per entry (four interleaved accumulators, as
 * kes__block_dot), so y does not depend on the thread count. */
static kes_status dense_apply(void *ctx, const double *x, double *y)
{
    const kes_cmat *A = (const kes_cmat *)ctx;
    const int64_t n = A->nrows, ld = A->ld;
    const double *a = A->data;
#pragma omp parallel for schedule(static) if (n >= DENSE_PAR_N)
    for (int64_t i = 0; i < n; i++) y[i] = kes__block_dot(0, n, a + i * ld, x);
    return KES_OK;
}

kes_status kes_linop_dense(const kes_cmat *A, kes_linop *op)
{
    if (!A || !op || !A->data) return KES_EINVAL;
    if (A->nrows < 1 || A->nrows != A->ncols || A->ld < A->nrows) return KES_EDIM;
    op->n = A->nrows;
    op->apply = dense_apply;
    op->ctx = (void *)A;
    return KES_OK;
}
