/* Small helpers shared by the Euclidean kernel tests (test_kernel.c, test_kernel_rff.c, test_kernel_nystrom.c). */
#ifndef KES_KERNEL_TESTUTIL_H
#define KES_KERNEL_TESTUTIL_H

#include <math.h>
#include <stdlib.h>

#include "kestrel.h"
#include "dense_testutil.h"

/* n x d matrix of N(0, scale^2) entries from (seed, stream 0). */
static inline kes_mat kt_points(int64_t n, int64_t d, uint64_t seed, double scale)
{
    kes_mat X;
    tmat_alloc(n, d, &X);
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    for (int64_t j = 0; j < d; j++)
        for (int64_t i = 0; i < n; i++) X.data[i + j * X.ld] = scale * kes_rng_normal(&r);
    return X;
}

/* ||A - B||_F / ||B||_F. */
static inline double kt_rel_frob(kes_mat A, kes_mat B)
{
    double num = 0.0, den = 0.0;
    for (int64_t j = 0; j < B.ncols; j++)
        for (int64_t i = 0; i < B.nrows; i++) {
            double a = A.data[i + j * A.ld], b = B.data[i + j * B.ld];
            num += (a - b) * (a - b);
            den += b * b;
        }
    return sqrt(num / den);
}

/* Z Z^T (n x n, full). */
static inline kes_mat kt_gram(kes_mat Z)
{
    kes_mat G;
    tmat_alloc(Z.nrows, Z.nrows, &G);
    kes_blas_syrk(KES_LOWER, KES_NOTRANS, 1.0, kes_mat_const(Z), 0.0, G);
    kes_mat_symmetrize(KES_LOWER, G);
    return G;
}

/* Exact kernel matrix K(X, X). */
static inline kes_mat kt_kernel(const kes_kernel *k, kes_mat X)
{
    kes_mat K;
    tmat_alloc(X.nrows, X.nrows, &K);
    kes_kernel_matrix(k, kes_mat_const(X), kes_mat_const(X), K);
    return K;
}

/* Least-squares slope of log y against log x. */
static inline double kt_loglog_slope(const double *x, const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double a = log(x[i]), b = log(y[i]);
        sx += a;
        sy += b;
        sxx += a * a;
        sxy += a * b;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

#endif
