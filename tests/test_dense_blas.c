/* Tests for src/linalg/dense_blas.c, the checked BLAS/LAPACKE wrappers.
 * References are naive loops written here (exact for the small-integer data
 * used where possible), closed-form spectra, and identities (L L^T = A,
 * A A^-1 = I, orthonormal eigenvectors).  Tolerances are stated next to each
 * check. */
#include <criterion/criterion.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "dense_testutil.h"

static const double EPS = DBL_EPSILON;

/* Random matrix with small integer entries in [-4, 4]: every product of the
 * sizes used here is exact in double, so BLAS must agree bit for bit. */
static void fill_int(kes_rng *r, kes_mat A)
{
    for (int64_t j = 0; j < A.ncols; j++)
        for (int64_t i = 0; i < A.nrows; i++) kes_mat_set(A, i, j, (double)kes_rng_uint(r, 9) - 4.0);
}

static void fill_normal(kes_rng *r, kes_mat A)
{
    for (int64_t j = 0; j < A.ncols; j++)
        for (int64_t i = 0; i < A.nrows; i++) kes_mat_set(A, i, j, kes_rng_normal(r));
}

static double op_get(kes_mat A, kes_trans t, int64_t i, int64_t j)
{
    return t == KES_TRANS ? kes_mat_get(A, j, i) : kes_mat_get(A, i, j);
}

/* SPD test matrix A = B B^T + n I (eigenvalues >= n, condition number O(1)). */
static kes_mat spd(kes_rng *r, int64_t n)
{
    kes_mat B, A;
    cr_assert_eq(tmat_alloc(n, n, &B), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &A), KES_OK);
    fill_normal(r, B);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            double s = i == j ? (double)n : 0.0;
            for (int64_t k = 0; k < n; k++) s += kes_mat_get(B, i, k) * kes_mat_get(B, j, k);
            kes_mat_set(A, i, j, s);
        }
    tmat_free(&B);
    return A;
}

static double max_abs(kes_mat A)
{
    double m = 0.0;
    for (int64_t j = 0; j < A.ncols; j++)
        for (int64_t i = 0; i < A.nrows; i++) m = fmax(m, fabs(kes_mat_get(A, i, j)));
    return m;
}

Test(dense_blas, blas1_against_naive_with_strides)
{
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    enum { n = 37 };
    double xb[3 * n], yb[2 * n], y0[2 * n];
    for (int k = 0; k < 3 * n; k++) xb[k] = kes_rng_normal(&r);
    for (int k = 0; k < 2 * n; k++) y0[k] = yb[k] = kes_rng_normal(&r);
    kes_vec x = kes_vec_view(xb, n, 3), y = kes_vec_view(yb, n, 2);
    double dot, ref = 0.0, nrm, sq = 0.0, absdot = 0.0;
    for (int i = 0; i < n; i++) {
        ref += xb[3 * i] * yb[2 * i];
        absdot += fabs(xb[3 * i] * yb[2 * i]);
        sq += xb[3 * i] * xb[3 * i];
    }
    cr_assert_eq(kes_blas_dot(kes_vec_const(x), kes_vec_const(y), &dot), KES_OK);
    /* Summation order may differ: |error| <= n eps sum |x_i y_i| (Higham, Accuracy and Stability, 3.1). */
    cr_assert_leq(fabs(dot - ref), n * EPS * absdot);
    cr_assert_eq(kes_blas_nrm2(kes_vec_const(x), &nrm), KES_OK);
    cr_assert_leq(fabs(nrm - sqrt(sq)), 2 * n * EPS * sqrt(sq));
    cr_assert_eq(kes_blas_axpy(-0.5, kes_vec_const(x), y), KES_OK);
    for (int i = 0; i < n; i++) cr_assert_eq(yb[2 * i], y0[2 * i] + -0.5 * xb[3 * i], "one fma-free rounding");
    for (int i = 0; i < n; i++) cr_assert_eq(yb[2 * i + 1], y0[2 * i + 1], "gaps untouched");
    cr_assert_eq(kes_blas_scal(2.0, y), KES_OK);
    for (int i = 0; i < n; i++) cr_assert_eq(yb[2 * i], 2.0 * (y0[2 * i] + -0.5 * xb[3 * i]));
}

Test(dense_blas, nrm2_does_not_overflow)
{
    double x[3] = {3e200, 4e200, 0};
    double nrm;
    cr_assert_eq(kes_blas_nrm2(kes_vec_const(kes_vec_view(x, 3, 1)), &nrm), KES_OK);
    cr_assert_leq(fabs(nrm - 5e200), 4 * EPS * 5e200);
}

Test(dense_blas, blas1_errors)
{
    double a[4] = {0}, b[4] = {0}, out = 7;
    kes_vec x = kes_vec_view(a, 4, 1), y3 = kes_vec_view(b, 3, 1);
    cr_assert_eq(kes_blas_axpy(1, kes_vec_const(x), y3), KES_EDIM);
    cr_assert_eq(kes_blas_dot(kes_vec_const(x), kes_vec_const(y3), &out), KES_EDIM);
    cr_assert_eq(kes_blas_dot(kes_vec_const(x), kes_vec_const(x), NULL), KES_EINVAL);
    cr_assert_eq(kes_blas_nrm2(kes_vec_const(x), NULL), KES_EINVAL);
    cr_assert_eq(kes_blas_nrm2(kes_vec_const(kes_vec_view(NULL, 4, 1)), &out), KES_EINVAL);
    cr_assert_eq(kes_blas_scal(2, kes_vec_view(a, 2, -1)), KES_EINVAL, "negative strides refused");
    /* BLAS takes int lengths: larger views are refused before any access. */
    kes_vec huge = kes_vec_view(a, (int64_t)INT_MAX + 1, 1);
    cr_assert_eq(kes_blas_nrm2(kes_vec_const(huge), &out), KES_ERANGE);
    cr_assert_eq(kes_blas_dot(kes_vec_const(huge), kes_vec_const(huge), &out), KES_ERANGE);
    cr_assert_eq(kes_blas_scal(1, kes_vec_view(a, 2, (int64_t)INT_MAX + 1)), KES_ERANGE);
    cr_assert_eq(out, 7.0, "outputs untouched on error");
    /* Empty vectors: dot 0, norm 0. */
    cr_assert_eq(kes_blas_dot(kes_vec_const(kes_vec_view(NULL, 0, 1)), kes_vec_const(kes_vec_view(NULL, 0, 1)), &out), KES_OK);
    cr_assert_eq(out, 0.0);
}

/* --------------------------------------------------------------- BLAS 2/3 */

Test(dense_blas, gemv_both_transposes_exact_on_integers)
{
    kes_rng r;
    kes_rng_init(&r, 2, 0);
    double buf[9 * 6];
    kes_mat P = kes_mat_view(buf, 9, 6, 9);
    fill_int(&r, P);
    kes_mat A = kes_mat_submatrix(P, 1, 1, 7, 5); /* ld 9 > 7 */
    for (int t = 0; t < 2; t++) {
        kes_trans tA = t ? KES_TRANS : KES_NOTRANS;
        int64_t m = t ? 5 : 7, n = t ? 7 : 5;
        double xb[2 * 7], yb[7], y0[7];
        for (int k = 0; k < 14; k++) xb[k] = (double)kes_rng_uint(&r, 7) - 3.0;
        for (int k = 0; k < 7; k++) y0[k] = yb[k] = (double)kes_rng_uint(&r, 7) - 3.0;
        kes_vec x = kes_vec_view(xb, n, 2), y = kes_vec_view(yb, m, 1);
        cr_assert_eq(kes_blas_gemv(tA, 2.0, kes_mat_const(A), kes_vec_const(x), -3.0, y), KES_OK);
        for (int64_t i = 0; i < m; i++) {
            double s = 0.0;
            for (int64_t j = 0; j < n; j++) s += op_get(A, tA, i, j) * xb[2 * j];
            cr_assert_eq(yb[i], 2.0 * s - 3.0 * y0[i], "trans %d row %lld", t, (long long)i);
        }
        cr_assert_eq(kes_blas_gemv(tA, 1.0, kes_mat_const(A), kes_vec_const(y), 0.0, x), KES_EDIM, "x and y swapped");
    }
}

Test(dense_blas, gemv_beta_zero_ignores_nan_in_y)
{
    double a[4] = {1, 2, 3, 4}, x[2] = {1, 1}, y[2] = {NAN, NAN};
    cr_assert_eq(kes_blas_gemv(KES_NOTRANS, 1.0, kes_mat_const(kes_mat_view(a, 2, 2, 2)), kes_vec_const(kes_vec_view(x, 2, 1)), 0.0,
                               kes_vec_view(y, 2, 1)), KES_OK);
    cr_assert(y[0] == 4 && y[1] == 6);
    /* Zero inner dimension: y = beta y, and beta == 0 still clears NaN. */
    y[0] = y[1] = NAN;
    cr_assert_eq(kes_blas_gemv(KES_NOTRANS, 1.0, kes_mat_const(kes_mat_view(a, 2, 0, 2)), kes_vec_const(kes_vec_view(NULL, 0, 1)), 0.0,
                               kes_vec_view(y, 2, 1)), KES_OK);
    cr_assert(y[0] == 0 && y[1] == 0);
    y[0] = 1, y[1] = 2;
    cr_assert_eq(kes_blas_gemv(KES_NOTRANS, 1.0, kes_mat_const(kes_mat_view(a, 2, 0, 2)), kes_vec_const(kes_vec_view(NULL, 0, 1)), 3.0,
                               kes_vec_view(y, 2, 1)), KES_OK);
    cr_assert(y[0] == 3 && y[1] == 6);
    cr_assert_eq(kes_blas_gemv(KES_NOTRANS, 1.0, kes_mat_const(kes_mat_view(NULL, 2, 2, 2)), kes_vec_const(kes_vec_view(x, 2, 1)), 0.0,
                               kes_vec_view(y, 2, 1)), KES_EINVAL);
    cr_assert_eq(kes_blas_gemv(KES_NOTRANS, 1.0, kes_mat_const(kes_mat_view(a, 2, 2, 1)), kes_vec_const(kes_vec_view(x, 2, 1)), 0.0,
                               kes_vec_view(y, 2, 1)), KES_EDIM);
}

Test(dense_blas, gemm_all_transposes_exact_on_integers)
{
    kes_rng r;
    kes_rng_init(&r, 3, 0);
    const int64_t m = 6, n = 5, k = 4;
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++) {
            kes_trans tA = ta ? KES_TRANS : KES_NOTRANS, tB = tb ? KES_TRANS : KES_NOTRANS;
            kes_mat A, B, C, C0;
            cr_assert_eq(tmat_alloc(ta ? k : m, ta ? m : k, &A), KES_OK);
            cr_assert_eq(tmat_alloc(tb ? n : k, tb ? k : n, &B), KES_OK);
            cr_assert_eq(tmat_alloc(m, n, &C), KES_OK);
            cr_assert_eq(tmat_alloc(m, n, &C0), KES_OK);
            fill_int(&r, A);
            fill_int(&r, B);
            fill_int(&r, C);
            cr_assert_eq(kes_mat_copy(kes_mat_const(C), C0), KES_OK);
            cr_assert_eq(kes_blas_gemm(tA, tB, 3.0, kes_mat_const(A), kes_mat_const(B), -1.0, C), KES_OK);
            for (int64_t i = 0; i < m; i++)
                for (int64_t j = 0; j < n; j++) {
                    double s = 0.0;
                    for (int64_t q = 0; q < k; q++) s += op_get(A, tA, i, q) * op_get(B, tB, q, j);
                    cr_assert_eq(kes_mat_get(C, i, j), 3.0 * s - kes_mat_get(C0, i, j));
                }
            /* Inner dimensions disagree when B is used the other way round. */
            kes_trans wrong = tB == KES_TRANS ? KES_NOTRANS : KES_TRANS;
            cr_assert_eq(kes_blas_gemm(tA, wrong, 1.0, kes_mat_const(A), kes_mat_const(B), 0.0, C), KES_EDIM);
            tmat_free(&A);
            tmat_free(&B);
            tmat_free(&C);
            tmat_free(&C0);
        }
}

Test(dense_blas, gemm_empty_inner_dimension)
{
    double c[4] = {NAN, NAN, NAN, NAN}, d[4] = {1, 2, 3, 4};
    kes_mat A = kes_mat_view(NULL, 2, 0, 2), B = kes_mat_view(NULL, 0, 2, 1);
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A), kes_mat_const(B), 0.0, kes_mat_view(c, 2, 2, 2)), KES_OK);
    for (int k = 0; k < 4; k++) cr_assert_eq(c[k], 0.0);
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A), kes_mat_const(B), 2.0, kes_mat_view(d, 2, 2, 2)), KES_OK);
    for (int k = 0; k < 4; k++) cr_assert_eq(d[k], 2.0 * (k + 1));
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A), kes_mat_const(B), 0.0, kes_mat_view(c, 2, 1, 2)), KES_EDIM);
}

Test(dense_blas, syrk_writes_one_triangle)
{
    kes_rng r;
    kes_rng_init(&r, 4, 0);
    for (int t = 0; t < 2; t++)
        for (int u = 0; u < 2; u++) {
            kes_trans tA = t ? KES_TRANS : KES_NOTRANS;
            kes_uplo uplo = u ? KES_UPPER : KES_LOWER;
            const int64_t n = 5, k = 3;
            kes_mat A, C;
            cr_assert_eq(tmat_alloc(t ? k : n, t ? n : k, &A), KES_OK);
            cr_assert_eq(tmat_alloc(n, n, &C), KES_OK);
            fill_int(&r, A);
            kes_mat_fill(C, 100.0);
            cr_assert_eq(kes_blas_syrk(uplo, tA, 2.0, kes_mat_const(A), 1.0, C), KES_OK);
            for (int64_t i = 0; i < n; i++)
                for (int64_t j = 0; j < n; j++) {
                    int written = uplo == KES_LOWER ? i >= j : i <= j;
                    double s = 0.0;
                    for (int64_t q = 0; q < k; q++) s += op_get(A, tA, i, q) * op_get(A, tA, j, q);
                    cr_assert_eq(kes_mat_get(C, i, j), written ? 2.0 * s + 100.0 : 100.0);
                }
            cr_assert_eq(kes_mat_symmetrize(uplo, C), KES_OK);
            for (int64_t i = 0; i < n; i++)
                for (int64_t j = 0; j < n; j++) cr_assert_eq(kes_mat_get(C, i, j), kes_mat_get(C, j, i));
            cr_assert_eq(kes_blas_syrk(uplo, tA == KES_TRANS ? KES_NOTRANS : KES_TRANS, 1.0, kes_mat_const(A), 0.0, C), KES_EDIM);
            tmat_free(&A);
            tmat_free(&C);
        }
    double c[6];
    cr_assert_eq(kes_mat_symmetrize(KES_LOWER, kes_mat_view(c, 2, 3, 2)), KES_EDIM);
}

/* --------------------------------------------------------------- LAPACK */

Test(dense_blas, cholesky_reproduces_A)
{
    kes_rng r;
    kes_rng_init(&r, 5, 0);
    const int64_t n = 30;
    kes_mat A = spd(&r, n), L;
    cr_assert_eq(tmat_alloc(n, n, &L), KES_OK);
    cr_assert_eq(kes_mat_copy(kes_mat_const(A), L), KES_OK);
    for (int64_t j = 1; j < n; j++) kes_mat_set(L, 0, j, 12345.0); /* strict upper: must survive */
    cr_assert_eq(kes_mat_cholesky(L), KES_OK);
    for (int64_t j = 1; j < n; j++) cr_assert_eq(kes_mat_get(L, 0, j), 12345.0);
    /* Backward stability: ||L L^T - A|| <= c n eps ||A|| (Higham thm 10.3). */
    double tol = 4.0 * n * EPS * max_abs(A);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j <= i; j++) {
            double s = 0.0;
            for (int64_t q = 0; q <= j; q++) s += kes_mat_get(L, i, q) * kes_mat_get(L, j, q);
            cr_assert_leq(fabs(s - kes_mat_get(A, i, j)), tol);
        }
    tmat_free(&A);
    tmat_free(&L);
}

Test(dense_blas, cholesky_solve_inverse_logdet)
{
    kes_rng r;
    kes_rng_init(&r, 6, 0);
    const int64_t n = 25;
    kes_mat A = spd(&r, n), L, Ainv, X, Bm;
    cr_assert_eq(tmat_alloc(n, n, &L), KES_OK);
    cr_assert_eq(tmat_alloc(n, 3, &X), KES_OK);
    cr_assert_eq(tmat_alloc(n, 3, &Bm), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &Ainv), KES_OK);
    cr_assert_eq(kes_mat_copy(kes_mat_const(A), L), KES_OK);
    cr_assert_eq(kes_mat_cholesky(L), KES_OK);
    fill_normal(&r, Bm);
    cr_assert_eq(kes_mat_copy(kes_mat_const(Bm), X), KES_OK);
    cr_assert_eq(kes_mat_cholesky_solve(kes_mat_const(L), X), KES_OK);
    /* Residual ||A X - B|| <= c n eps ||A|| ||X||; cond(A) = O(1) here. */
    kes_mat R;
    cr_assert_eq(tmat_alloc(n, 3, &R), KES_OK);
    cr_assert_eq(kes_mat_copy(kes_mat_const(Bm), R), KES_OK);
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A), kes_mat_const(X), -1.0, R), KES_OK);
    cr_assert_leq(max_abs(R), 8.0 * n * EPS * max_abs(A) * max_abs(X) * n);
    /* Inverse: A A^-1 = I, and the result is symmetric. */
    cr_assert_eq(kes_mat_copy(kes_mat_const(L), Ainv), KES_OK);
    cr_assert_eq(kes_mat_cholesky_inverse(Ainv), KES_OK);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) cr_assert_eq(kes_mat_get(Ainv, i, j), kes_mat_get(Ainv, j, i));
    kes_mat I;
    cr_assert_eq(tmat_alloc(n, n, &I), KES_OK);
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A), kes_mat_const(Ainv), 0.0, I), KES_OK);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++)
            cr_assert_leq(fabs(kes_mat_get(I, i, j) - (i == j)), 8.0 * n * n * EPS, "(%lld,%lld)", (long long)i,
                          (long long)j);
    /* log det from the factor against the eigenvalues (dsyevd, an independent route). */
    double logdet, w[25], ref = 0.0;
    cr_assert_eq(kes_mat_cholesky_logdet(kes_mat_const(L), &logdet), KES_OK);
    kes_mat E;
    cr_assert_eq(tmat_alloc(n, n, &E), KES_OK);
    cr_assert_eq(kes_mat_copy(kes_mat_const(A), E), KES_OK);
    cr_assert_eq(kes_mat_syev(E, w, 0), KES_OK);
    for (int i = 0; i < n; i++) ref += log(w[i]);
    cr_assert_leq(fabs(logdet - ref), 100.0 * n * EPS * fabs(ref));
    tmat_free(&A);
    tmat_free(&L);
    tmat_free(&X);
    tmat_free(&Bm);
    tmat_free(&R);
    tmat_free(&Ainv);
    tmat_free(&I);
    tmat_free(&E);
}

Test(dense_blas, logdet_of_laplacian_is_log_n_plus_1)
{
    /* det tridiag(-1, 2, -1) of order n is n + 1. */
    const int64_t n = 40;
    kes_mat A;
    cr_assert_eq(tmat_alloc(n, n, &A), KES_OK);
    for (int64_t i = 0; i < n; i++) {
        kes_mat_set(A, i, i, 2.0);
        if (i > 0) kes_mat_set(A, i, i - 1, -1.0);
    }
    double ld;
    cr_assert_eq(kes_mat_cholesky(A), KES_OK);
    cr_assert_eq(kes_mat_cholesky_logdet(kes_mat_const(A), &ld), KES_OK);
    cr_assert_leq(fabs(ld - log(41.0)), 4.0 * n * EPS);
    tmat_free(&A);
}

Test(dense_blas, cholesky_errors)
{
    double a[9] = {1, 2, 0, 2, 1, 0, 0, 0, 1}; /* symmetric, eigenvalues 3, -1, 1 */
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(a, 3, 3, 3)), KES_ENOTSPD);
    double b[4] = {1, NAN, 0, 1};
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(b, 2, 2, 2)), KES_ENAN);
    double c[4] = {1, INFINITY, 0, 1};
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(c, 2, 2, 2)), KES_ENAN);
    double d[4] = {1, 0, NAN, 1}; /* NaN in the unused strict upper triangle is ignored */
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(d, 2, 2, 2)), KES_OK);
    double e[6] = {1, 0, 0, 1, 0, 0};
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(e, 2, 3, 2)), KES_EDIM);
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(NULL, 2, 2, 2)), KES_EINVAL);
    double z[4] = {0, 0, 0, 0};
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(z, 2, 2, 2)), KES_ENOTSPD, "zero matrix is only semidefinite");
    cr_assert_eq(kes_mat_cholesky(kes_mat_view(NULL, 0, 0, 1)), KES_OK);
    double l[4] = {2, 1, 0, 0}, logdet = 5;
    cr_assert_eq(kes_mat_cholesky_logdet(kes_mat_const(kes_mat_view(l, 2, 2, 2)), &logdet), KES_ENOTSPD);
    cr_assert_eq(logdet, 5.0);
    cr_assert_eq(kes_mat_cholesky_logdet(kes_mat_const(kes_mat_view(l, 2, 2, 2)), NULL), KES_EINVAL);
    cr_assert_eq(kes_mat_cholesky_logdet(kes_mat_const(kes_mat_view(l, 2, 1, 2)), &logdet), KES_EDIM);
    double x[3];
    cr_assert_eq(kes_mat_cholesky_solve(kes_mat_const(kes_mat_view(a, 3, 3, 3)), kes_mat_view(x, 2, 1, 2)), KES_EDIM);
    cr_assert_eq(kes_mat_cholesky_solve(kes_mat_const(kes_mat_view(a, 3, 2, 3)), kes_mat_view(x, 3, 1, 3)), KES_EDIM);
    cr_assert_eq(kes_mat_cholesky_inverse(kes_mat_view(a, 3, 2, 3)), KES_EDIM);
    double s[4] = {1, 0, 0, 0}; /* zero pivot in a "factor" */
    cr_assert_eq(kes_mat_cholesky_inverse(kes_mat_view(s, 2, 2, 2)), KES_ESINGULAR);
}

Test(dense_blas, syev_laplacian_closed_form)
{
    /* tridiag(-1, 2, -1): lambda_k = 2 - 2 cos(k pi / (n + 1)), k = 1..n. */
    const int64_t n = 20;
    kes_mat A, V;
    cr_assert_eq(tmat_alloc(n, n, &A), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &V), KES_OK);
    for (int64_t i = 0; i < n; i++) {
        kes_mat_set(A, i, i, 2.0);
        if (i > 0) kes_mat_set(A, i, i - 1, -1.0);
        if (i > 0) kes_mat_set(A, i - 1, i, 999.0); /* upper triangle is not read */
    }
    cr_assert_eq(kes_mat_copy(kes_mat_const(A), V), KES_OK);
    double w[20];
    cr_assert_eq(kes_mat_syev(V, w, 1), KES_OK);
    for (int64_t k = 0; k < n; k++) {
        double ref = 2.0 - 2.0 * cos((double)(k + 1) * acos(-1.0) / (double)(n + 1));
        /* Eigenvalues of a symmetric matrix are perturbed by at most c n eps ||A||_2 <= 4 c n eps. */
        cr_assert_leq(fabs(w[k] - ref), 16.0 * n * EPS, "lambda_%lld = %.17g, want %.17g", (long long)k, w[k], ref);
        if (k > 0) cr_assert_leq(w[k - 1], w[k], "ascending");
    }
    /* A v = lambda v and V^T V = I. */
    for (int64_t k = 0; k < n; k++) {
        for (int64_t i = 0; i < n; i++) {
            double av = 2.0 * kes_mat_get(V, i, k);
            if (i > 0) av -= kes_mat_get(V, i - 1, k);
            if (i < n - 1) av -= kes_mat_get(V, i + 1, k);
            cr_assert_leq(fabs(av - w[k] * kes_mat_get(V, i, k)), 64.0 * n * EPS);
        }
        for (int64_t l = 0; l <= k; l++) {
            double d;
            cr_assert_eq(kes_blas_dot(kes_vec_const(kes_mat_column(V, k)), kes_vec_const(kes_mat_column(V, l)), &d), KES_OK);
            cr_assert_leq(fabs(d - (k == l)), 64.0 * n * EPS);
        }
    }
    double w2[20];
    cr_assert_eq(kes_mat_copy(kes_mat_const(A), V), KES_OK);
    cr_assert_eq(kes_mat_syev(V, w2, 0), KES_OK);
    for (int k = 0; k < n; k++) cr_assert_leq(fabs(w2[k] - w[k]), 16.0 * n * EPS);
    kes_mat_set(A, 3, 1, NAN);
    cr_assert_eq(kes_mat_syev(A, w, 1), KES_ENAN);
    cr_assert_eq(kes_mat_syev(A, NULL, 1), KES_EINVAL);
    cr_assert_eq(kes_mat_syev(kes_mat_submatrix(A, 0, 0, 3, 2), w, 1), KES_EDIM);
    tmat_free(&A);
    tmat_free(&V);
}

Test(dense_blas, lu_solve_and_singular)
{
    kes_rng r;
    kes_rng_init(&r, 8, 0);
    const int64_t n = 15;
    kes_mat A, A0, B, X;
    cr_assert_eq(tmat_alloc(n, n, &A), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &A0), KES_OK);
    cr_assert_eq(tmat_alloc(n, 2, &B), KES_OK);
    cr_assert_eq(tmat_alloc(n, 2, &X), KES_OK);
    fill_normal(&r, A);
    for (int64_t i = 0; i < n; i++) kes_mat_set(A, i, i, kes_mat_get(A, i, i) + 2.0 * (double)n); /* well conditioned */
    fill_normal(&r, B);
    cr_assert_eq(kes_mat_copy(kes_mat_const(A), A0), KES_OK);
    cr_assert_eq(kes_mat_copy(kes_mat_const(B), X), KES_OK);
    cr_assert_eq(kes_mat_lu_solve(A, X), KES_OK);
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A0), kes_mat_const(X), -1.0, B), KES_OK);
    /* Partial pivoting on a diagonally dominant matrix: growth factor <= 2, residual ~ n eps ||A|| ||X||. */
    cr_assert_leq(max_abs(B), 16.0 * n * EPS * max_abs(A0) * max_abs(X) * n);
    double s[4] = {1, 2, 2, 4}, b[2] = {1, 1};
    cr_assert_eq(kes_mat_lu_solve(kes_mat_view(s, 2, 2, 2), kes_mat_view(b, 2, 1, 2)), KES_ESINGULAR);
    cr_assert_eq(kes_mat_lu_solve(kes_mat_view(s, 2, 1, 2), kes_mat_view(b, 2, 1, 2)), KES_EDIM);
    cr_assert_eq(kes_mat_lu_solve(A0, kes_mat_view(b, 2, 1, 2)), KES_EDIM);
    tmat_free(&A);
    tmat_free(&A0);
    tmat_free(&B);
    tmat_free(&X);
}

Test(dense_blas, lapack_sizes_beyond_int_are_refused)
{
    double a[1] = {1};
    kes_mat big = kes_mat_view(a, (int64_t)INT_MAX + 1, (int64_t)INT_MAX + 1, (int64_t)INT_MAX + 1);
    cr_assert_eq(kes_mat_cholesky(big), KES_ERANGE);
    double w;
    cr_assert_eq(kes_mat_syev(big, &w, 0), KES_ERANGE);
    cr_assert_eq(kes_mat_lu_solve(big, big), KES_ERANGE);
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1, kes_mat_const(big), kes_mat_const(big), 0, big), KES_ERANGE);
}

Test(dense_blas, enum_arguments_out_of_range_are_refused)
{
    double a[4] = {1, 2, 3, 4}, x[2] = {1, 1}, y[2] = {0, 0}, c[4] = {0};
    kes_cmat A = kes_cmat_view(a, 2, 2, 2);
    kes_mat C = kes_mat_view(c, 2, 2, 2);
    cr_assert_eq(kes_blas_gemv((kes_trans)7, 1.0, A, kes_cvec_view(x, 2, 1), 0.0, kes_vec_view(y, 2, 1)),
                 KES_EINVAL);
    cr_assert_eq(kes_blas_gemm((kes_trans)-1, KES_NOTRANS, 1.0, A, A, 0.0, C), KES_EINVAL);
    cr_assert_eq(kes_blas_gemm(KES_NOTRANS, (kes_trans)2, 1.0, A, A, 0.0, C), KES_EINVAL);
    cr_assert_eq(kes_blas_syrk((kes_uplo)3, KES_NOTRANS, 1.0, A, 0.0, C), KES_EINVAL);
    cr_assert_eq(kes_blas_syrk(KES_LOWER, (kes_trans)9, 1.0, A, 0.0, C), KES_EINVAL);
    cr_assert_eq(kes_mat_symmetrize((kes_uplo)3, C), KES_EINVAL);
    for (int k = 0; k < 4; k++) cr_assert_eq(c[k], 0.0, "C untouched");
    cr_assert(y[0] == 0.0 && y[1] == 0.0, "y untouched");
}
