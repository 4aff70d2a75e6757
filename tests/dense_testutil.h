/* Scratch dense storage for the tests: a malloc'd, zero-filled view that the
 * test releases with tmat_free / tvec_free.  (The library's own owners are
 * kes_matrix / kes_vector; the tests of those are in test_dense.c.) */
#ifndef KES_DENSE_TESTUTIL_H
#define KES_DENSE_TESTUTIL_H

#include <stdlib.h>

#include "kestrel.h"

static inline kes_status tmat_alloc(int64_t nrows, int64_t ncols, kes_mat *A)
{
    double *d = calloc(nrows * ncols > 0 ? (size_t)(nrows * ncols) : 1, sizeof *d);
    if (!d) return KES_ENOMEM;
    *A = kes_mat_view(d, nrows, ncols, nrows > 0 ? nrows : 1);
    return KES_OK;
}

static inline void tmat_free(kes_mat *A)
{
    free(A->data);
    *A = (kes_mat){0};
}

static inline kes_status tvec_alloc(int64_t n, kes_vec *x)
{
    double *d = calloc(n > 0 ? (size_t)n : 1, sizeof *d);
    if (!d) return KES_ENOMEM;
    *x = kes_vec_view(d, n, 1);
    return KES_OK;
}

static inline void tvec_free(kes_vec *x)
{
    free(x->data);
    *x = (kes_vec){0};
}

#endif
