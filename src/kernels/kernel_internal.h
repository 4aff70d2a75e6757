/* Private helpers shared by the Euclidean kernel sources (kernel.c, kernel_rff.c, kernel_nystrom.c). */
#ifndef KES_KERNEL_INTERNAL_H
#define KES_KERNEL_INTERNAL_H

#include <limits.h>

#include "core/internal.h"
#include "kestrel/kernels.h"

/* Strict C11 has no M_PI / M_LN2. */
#define KES__PI 3.14159265358979323846
#define KES__LN2 0.69314718055994530942

/* Below this many cheap elementwise evaluations (~1-2 ms serial) a parallel
 * region costs more than it saves: thread wake-up is ~10-100 us, and on a
 * loaded machine a descheduled worker stalls the region's closing barrier
 * for a whole time slice.  Such loops run serially. */
#define KES__PAR_MIN 1048576

/* A point set usable by BLAS: n >= 1 rows, d == ncols >= 1 (any d when
 * want_d < 0), ld >= n, data non-NULL, sizes within int, every entry finite.
 * Returns KES_EINVAL / KES_EDIM / KES_ERANGE / KES_ENAN. */
static inline kes_status kes__points_check(kes_cmat X, int64_t want_d)
{
    if (X.nrows < 1 || X.ncols < 1) return KES_EDIM;
    if (want_d >= 0 && X.ncols != want_d) return KES_EDIM;
    if (X.ld < X.nrows) return KES_EDIM;
    if (!X.data) return KES_EINVAL;
    if (X.nrows > INT_MAX || X.ncols > INT_MAX || X.ld > INT_MAX) return KES_ERANGE;
    for (int64_t j = 0; j < X.ncols; j++)
        if (!kes__all_finite(X.data + j * X.ld, (size_t)X.nrows)) return KES_ENAN;
    return KES_OK;
}

/* An output matrix of exactly nrows x ncols with a valid ld and data. */
static inline kes_status kes__out_check(kes_mat Z, int64_t nrows, int64_t ncols)
{
    if (Z.nrows != nrows || Z.ncols != ncols || Z.ld < (nrows > 1 ? nrows : 1)) return KES_EDIM;
    if (!Z.data) return KES_EINVAL;
    if (Z.ld > INT_MAX) return KES_ERANGE;
    return KES_OK;
}

/* 1 when the memory spans of two column-major views intersect. */
static inline int kes__mat_overlap(kes_mat A, kes_cmat B)
{
    if (!A.data || !B.data || A.nrows < 1 || A.ncols < 1 || B.nrows < 1 || B.ncols < 1) return 0;
    const double *a0 = A.data, *a1 = A.data + (A.ncols - 1) * A.ld + A.nrows;
    const double *b0 = B.data, *b1 = B.data + (B.ncols - 1) * B.ld + B.nrows;
    return a0 < b1 && b0 < a1;
}

/* ||X_i||^2 for every row i, accumulated column by column (cache friendly). */
static inline void kes__row_sqnorms(kes_cmat X, double *out)
{
    for (int64_t i = 0; i < X.nrows; i++) out[i] = 0.0;
    for (int64_t j = 0; j < X.ncols; j++) {
        const double *c = X.data + j * X.ld;
        for (int64_t i = 0; i < X.nrows; i++) out[i] += c[i] * c[i];
    }
}

#endif
