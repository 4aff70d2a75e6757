/*
 * Thin checked wrappers over CBLAS (OpenBLAS) and LAPACKE.  They exist so
 * that every caller gets the same dimension checks and status codes instead
 * of LAPACK's xerbla.
 */
#include <limits.h>
#include <cblas.h>
#include <lapacke.h>

#include "core/internal.h"
#include "kestrel/linalg.h"

static int fits_int(int64_t n) { return n >= 0 && n <= INT_MAX; }
static int valid_trans(kes_trans t) { return t == KES_NOTRANS || t == KES_TRANS; }
static int valid_uplo(kes_uplo u) { return u == KES_LOWER || u == KES_UPPER; }

/* BLAS takes int strides; a negative stride is legal in BLAS but means a
 * different element order there, so Kestrel views require positive strides
 * for the BLAS wrappers. */
static kes_status blas_vec(kes_cvec x)
{
    kes_status s = kes_cvec_check(x);
    if (s) return s;
    if (!fits_int(x.n) || x.stride > INT_MAX) return KES_ERANGE;
    if (x.stride < 0) return KES_EINVAL;
    return KES_OK;
}

static kes_status blas_mat(kes_cmat A)
{
    kes_status s = kes_cmat_check(A);
    if (s) return s;
    if (!fits_int(A.nrows) || !fits_int(A.ncols) || !fits_int(A.ld)) return KES_ERANGE;
    return KES_OK;
}

kes_status kes_blas_axpy(double a, kes_cvec x, kes_vec y)
{
    kes_status s;
    if ((s = blas_vec(x)) || (s = blas_vec(kes_vec_const(y)))) return s;
    if (x.n != y.n) return KES_EDIM;
    if (x.n) cblas_daxpy((int)x.n, a, x.data, (int)x.stride, y.data, (int)y.stride);
    return KES_OK;
}

kes_status kes_blas_dot(kes_cvec x, kes_cvec y, double *result)
{
    kes_status s;
    if (!result) return KES_EINVAL;
    if ((s = blas_vec(x)) || (s = blas_vec(y))) return s;
    if (x.n != y.n) return KES_EDIM;
    *result = x.n ? cblas_ddot((int)x.n, x.data, (int)x.stride, y.data, (int)y.stride) : 0.0;
    return KES_OK;
}

kes_status kes_blas_nrm2(kes_cvec x, double *result)
{
    kes_status s;
    if (!result) return KES_EINVAL;
    if ((s = blas_vec(x))) return s;
    *result = x.n ? cblas_dnrm2((int)x.n, x.data, (int)x.stride) : 0.0;
    return KES_OK;
}

kes_status kes_blas_scal(double a, kes_vec x)
{
    kes_status s;
    if ((s = blas_vec(kes_vec_const(x)))) return s;
    if (x.n) cblas_dscal((int)x.n, a, x.data, (int)x.stride);
    return KES_OK;
}

kes_status kes_blas_gemv(kes_trans tA, double alpha, kes_cmat A, kes_cvec x, double beta, kes_vec y)
{
    kes_status s;
    if (!valid_trans(tA)) return KES_EINVAL;
    if ((s = blas_mat(A)) || (s = blas_vec(x)) || (s = blas_vec(kes_vec_const(y)))) return s;
    int64_t m = tA == KES_TRANS ? A.ncols : A.nrows, n = tA == KES_TRANS ? A.nrows : A.ncols;
    if (x.n != n || y.n != m) return KES_EDIM;
    if (m == 0) return KES_OK;
    if (n == 0) { /* BLAS semantics: beta == 0 means y is not read (NaN included) */
        if (beta == 0.0) kes_vec_fill(y, 0.0); else kes_blas_scal(beta, y);
        return KES_OK;
    }
    cblas_dgemv(CblasColMajor, tA == KES_TRANS ? CblasTrans : CblasNoTrans, (int)A.nrows, (int)A.ncols, alpha,
                A.data, (int)A.ld, x.data, (int)x.stride, beta, y.data, (int)y.stride);
    return KES_OK;
}

kes_status kes_blas_gemm(kes_trans tA, kes_trans tB, double alpha, kes_cmat A, kes_cmat B, double beta, kes_mat C)
{
    kes_status s;
    if (!valid_trans(tA) || !valid_trans(tB)) return KES_EINVAL;
    if ((s = blas_mat(A)) || (s = blas_mat(B)) || (s = blas_mat(kes_mat_const(C)))) return s;
    int64_t m = tA == KES_TRANS ? A.ncols : A.nrows, k = tA == KES_TRANS ? A.nrows : A.ncols;
    int64_t kb = tB == KES_TRANS ? B.ncols : B.nrows, n = tB == KES_TRANS ? B.nrows : B.ncols;
    if (k != kb || C.nrows != m || C.ncols != n) return KES_EDIM;
    if (m == 0 || n == 0) return KES_OK;
    if (k == 0) {
        for (int64_t j = 0; j < n; j++) {
            kes_vec c = kes_mat_column(C, j);
            if (beta == 0.0) kes_vec_fill(c, 0.0); else kes_blas_scal(beta, c);
        }
        return KES_OK;
    }
    cblas_dgemm(CblasColMajor, tA == KES_TRANS ? CblasTrans : CblasNoTrans, tB == KES_TRANS ? CblasTrans : CblasNoTrans,
                (int)m, (int)n, (int)k, alpha, A.data, (int)A.ld, B.data, (int)B.ld, beta, C.data, (int)C.ld);
    return KES_OK;
}

kes_status kes_blas_syrk(kes_uplo uplo, kes_trans tA, double alpha, kes_cmat A, double beta, kes_mat C)
{
    kes_status s;
    if (!valid_uplo(uplo) || !valid_trans(tA)) return KES_EINVAL;
    if ((s = blas_mat(A)) || (s = blas_mat(kes_mat_const(C)))) return s;
    int64_t n = tA == KES_TRANS ? A.ncols : A.nrows, k = tA == KES_TRANS ? A.nrows : A.ncols;
    if (C.nrows != C.ncols || C.nrows != n) return KES_EDIM;
    if (n == 0) return KES_OK;
    cblas_dsyrk(CblasColMajor, uplo == KES_UPPER ? CblasUpper : CblasLower, tA == KES_TRANS ? CblasTrans : CblasNoTrans,
                (int)n, (int)k, alpha, A.data, (int)A.ld, beta, C.data, (int)C.ld);
    return KES_OK;
}

kes_status kes_mat_symmetrize(kes_uplo uplo, kes_mat A)
{
    if (!valid_uplo(uplo)) return KES_EINVAL;
    kes_status s = kes_mat_check(A);
    if (s) return s;
    if (A.nrows != A.ncols) return KES_EDIM;
    for (int64_t j = 0; j < A.ncols; j++)
        for (int64_t i = j + 1; i < A.nrows; i++) {
            if (uplo == KES_LOWER) A.data[j + i * A.ld] = A.data[i + j * A.ld];
            else A.data[i + j * A.ld] = A.data[j + i * A.ld];
        }
    return KES_OK;
}

static int lower_finite(kes_cmat A)
{
    for (int64_t j = 0; j < A.ncols; j++)
        for (int64_t i = j; i < A.nrows; i++)
            if (!isfinite(A.data[i + j * A.ld])) return 0;
    return 1;
}

kes_status kes_mat_cholesky(kes_mat A)
{
    kes_status s = blas_mat(kes_mat_const(A));
    if (s) return s;
    if (A.nrows != A.ncols) return KES_EDIM;
    if (A.nrows == 0) return KES_OK;
    if (!lower_finite(kes_mat_const(A))) return KES_ENAN;
    lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)A.nrows, A.data, (lapack_int)A.ld);
    if (info > 0) return KES_ENOTSPD;
    if (info < 0) return KES_EINVAL;
    return KES_OK;
}

kes_status kes_mat_cholesky_solve(kes_cmat L, kes_mat B)
{
    kes_status s;
    if ((s = blas_mat(L)) || (s = blas_mat(kes_mat_const(B)))) return s;
    if (L.nrows != L.ncols || B.nrows != L.nrows) return KES_EDIM;
    if (L.nrows == 0 || B.ncols == 0) return KES_OK;
    lapack_int info = LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', (lapack_int)L.nrows, (lapack_int)B.ncols, L.data,
                                     (lapack_int)L.ld, B.data, (lapack_int)B.ld);
    return info == 0 ? KES_OK : KES_EINVAL;
}

kes_status kes_mat_cholesky_inverse(kes_mat L)
{
    kes_status s = blas_mat(kes_mat_const(L));
    if (s) return s;
    if (L.nrows != L.ncols) return KES_EDIM;
    if (L.nrows == 0) return KES_OK;
    lapack_int info = LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (lapack_int)L.nrows, L.data, (lapack_int)L.ld);
    if (info > 0) return KES_ESINGULAR;
    if (info < 0) return KES_EINVAL;
    return kes_mat_symmetrize(KES_LOWER, L);
}

kes_status kes_mat_cholesky_logdet(kes_cmat L, double *logdet)
{
    kes_status s = kes_cmat_check(L);
    if (s) return s;
    if (!logdet) return KES_EINVAL;
    if (L.nrows != L.ncols) return KES_EDIM;
    double acc = 0.0;
    for (int64_t i = 0; i < L.nrows; i++) {
        double d = L.data[i + i * L.ld];
        if (!(d > 0.0)) return KES_ENOTSPD;
        acc += log(d);
    }
    *logdet = 2.0 * acc;
    return KES_OK;
}

kes_status kes_mat_syev(kes_mat A, double *w, int want_vectors)
{
    kes_status s = blas_mat(kes_mat_const(A));
    if (s) return s;
    if (!w) return KES_EINVAL;
    if (A.nrows != A.ncols) return KES_EDIM;
    if (A.nrows == 0) return KES_OK;
    if (!lower_finite(kes_mat_const(A))) return KES_ENAN;
    lapack_int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, want_vectors ? 'V' : 'N', 'L', (lapack_int)A.nrows, A.data,
                                     (lapack_int)A.ld, w);
    if (info == LAPACK_WORK_MEMORY_ERROR) return KES_ENOMEM;
    if (info > 0) return KES_ERANGE;
    if (info < 0) return KES_EINVAL;
    return KES_OK;
}

kes_status kes_mat_lu_solve(kes_mat A, kes_mat B)
{
    kes_status s;
    if ((s = blas_mat(kes_mat_const(A))) || (s = blas_mat(kes_mat_const(B)))) return s;
    if (A.nrows != A.ncols || B.nrows != A.nrows) return KES_EDIM;
    if (A.nrows == 0 || B.ncols == 0) return KES_OK;
    lapack_int *ipiv = kes__malloc_n((size_t)A.nrows, sizeof *ipiv);
    if (!ipiv) return KES_ENOMEM;
    lapack_int info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)A.nrows, (lapack_int)B.ncols, A.data,
                                    (lapack_int)A.ld, ipiv, B.data, (lapack_int)B.ld);
    free(ipiv);
    if (info > 0) return KES_ESINGULAR;
    if (info < 0) return KES_EINVAL;
    return KES_OK;
}
