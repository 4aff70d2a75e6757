/*
 * Dense vectors and column-major matrices, and thin checked wrappers over
 * CBLAS (OpenBLAS) and LAPACKE.  The wrappers exist so that every caller gets
 * the same dimension checks and status codes instead of LAPACK's xerbla.
 */
#include <limits.h>
#include <cblas.h>
#include <lapacke.h>

#include "core/internal.h"
#include "kestrel/linalg.h"
#include "linalg/dense_internal.h"

static int fits_int(int64_t n) { return n >= 0 && n <= INT_MAX; }
static int valid_trans(kes_trans t) { return t == KES_NOTRANS || t == KES_TRANS; }
static int valid_uplo(kes_uplo u) { return u == KES_LOWER || u == KES_UPPER; }

struct kes_vector {
    kes_vec v;
};

struct kes_matrix {
    kes_mat v;
};

kes_status kes_vector_create(int64_t n, kes_vector **out)
{
    if (!out) return KES_EINVAL;
    if (n < 0) return KES_EDIM;
    size_t bytes;
    if (kes__mul_size(n, (int64_t)sizeof(double), &bytes) != KES_OK) return KES_ERANGE;
    kes_vector *o = malloc(sizeof *o);
    double *d = calloc(n ? (size_t)n : 1, sizeof(double));
    if (!o || !d) {
        free(o);
        free(d);
        return KES_ENOMEM;
    }
    o->v = (kes_vec){.n = n, .stride = 1, .data = d};
    *out = o;
    return KES_OK;
}

void kes_vector_destroy(kes_vector *v)
{
    if (!v) return;
    free(v->v.data);
    free(v);
}

kes_vec kes_vector_view(kes_vector *v) { return v ? v->v : (kes_vec){0}; }

kes_cvec kes_vector_cview(const kes_vector *v) { return v ? kes_vec_const(v->v) : (kes_cvec){0}; }

kes_status kes_matrix_create(int64_t nrows, int64_t ncols, kes_matrix **out)
{
    if (!out) return KES_EINVAL;
    if (nrows < 0 || ncols < 0) return KES_EDIM;
    size_t n, bytes;
    if (kes__mul_size(nrows, ncols, &n) != KES_OK) return KES_ERANGE;
    if (kes__mul_size((int64_t)n, (int64_t)sizeof(double), &bytes) != KES_OK) return KES_ERANGE;
    kes_matrix *o = malloc(sizeof *o);
    double *d = calloc(n ? n : 1, sizeof(double));
    if (!o || !d) {
        free(o);
        free(d);
        return KES_ENOMEM;
    }
    o->v = (kes_mat){.nrows = nrows, .ncols = ncols, .ld = nrows > 0 ? nrows : 1, .data = d};
    *out = o;
    return KES_OK;
}

void kes_matrix_destroy(kes_matrix *A)
{
    if (!A) return;
    free(A->v.data);
    free(A);
}

kes_mat kes_matrix_view(kes_matrix *A) { return A ? A->v : (kes_mat){0}; }

kes_cmat kes_matrix_cview(const kes_matrix *A) { return A ? kes_mat_const(A->v) : (kes_cmat){0}; }

/* Hand a buffer of nrows * ncols doubles (ld = nrows) made by another part
 * of the library to a new kes_matrix, which then owns it; on failure the
 * buffer is freed. */
kes_status kes__matrix_adopt(double *data, int64_t nrows, int64_t ncols, kes_matrix **out)
{
    kes_matrix *o = malloc(sizeof *o);
    if (!o) {
        free(data);
        return KES_ENOMEM;
    }
    o->v = (kes_mat){.nrows = nrows, .ncols = ncols, .ld = nrows > 0 ? nrows : 1, .data = data};
    *out = o;
    return KES_OK;
}

kes_status kes__mat_alloc(int64_t nrows, int64_t ncols, kes_mat *out)
{
    kes_matrix *M;
    kes_status s = kes_matrix_create(nrows, ncols, &M);
    if (s) return s;
    *out = M->v;
    free(M);
    return KES_OK;
}

void kes__mat_free(kes_mat *A)
{
    if (!A) return;
    free(A->data);
    *A = (kes_mat){0};
}

kes_vec kes_vec_view(double *data, int64_t n, int64_t stride)
{
    return (kes_vec){.n = n, .stride = stride, .data = data};
}

kes_cvec kes_cvec_view(const double *data, int64_t n, int64_t stride)
{
    return (kes_cvec){.n = n, .stride = stride, .data = data};
}

kes_mat kes_mat_view(double *data, int64_t nrows, int64_t ncols, int64_t ld)
{
    return (kes_mat){.nrows = nrows, .ncols = ncols, .ld = ld, .data = data};
}

kes_cmat kes_cmat_view(const double *data, int64_t nrows, int64_t ncols, int64_t ld)
{
    return (kes_cmat){.nrows = nrows, .ncols = ncols, .ld = ld, .data = data};
}

/* The read-only and writable views share one layout; the sub-view
 * arithmetic is written once, on the read-only form, and the writable
 * accessors cast the const away only for memory the caller gave writable. */
static kes_mat unconst_mat(kes_cmat A) { return (kes_mat){A.nrows, A.ncols, A.ld, (double *)(uintptr_t)A.data}; }
static kes_vec unconst_vec(kes_cvec x) { return (kes_vec){x.n, x.stride, (double *)(uintptr_t)x.data}; }

kes_cmat kes_cmat_submatrix(kes_cmat A, int64_t i0, int64_t j0, int64_t m, int64_t n)
{
    /* Written as differences so that huge arguments cannot overflow. */
    if (i0 < 0 || j0 < 0 || m < 0 || n < 0 || i0 > A.nrows || j0 > A.ncols || m > A.nrows - i0 ||
        n > A.ncols - j0 || !A.data)
        return (kes_cmat){0};
    return kes_cmat_view(A.data + i0 + j0 * A.ld, m, n, A.ld);
}

kes_cvec kes_cmat_column(kes_cmat A, int64_t j)
{
    if (j < 0 || j >= A.ncols || !A.data) return (kes_cvec){0};
    return kes_cvec_view(A.data + j * A.ld, A.nrows, 1);
}

kes_cvec kes_cmat_row(kes_cmat A, int64_t i)
{
    if (i < 0 || i >= A.nrows || !A.data) return (kes_cvec){0};
    return kes_cvec_view(A.data + i, A.ncols, A.ld);
}

kes_cvec kes_cmat_diagonal(kes_cmat A)
{
    if (!A.data) return (kes_cvec){0};
    return kes_cvec_view(A.data, A.nrows < A.ncols ? A.nrows : A.ncols, A.ld + 1);
}

kes_mat kes_mat_submatrix(kes_mat A, int64_t i0, int64_t j0, int64_t m, int64_t n)
{
    return unconst_mat(kes_cmat_submatrix(kes_mat_const(A), i0, j0, m, n));
}

kes_vec kes_mat_column(kes_mat A, int64_t j) { return unconst_vec(kes_cmat_column(kes_mat_const(A), j)); }

kes_vec kes_mat_row(kes_mat A, int64_t i) { return unconst_vec(kes_cmat_row(kes_mat_const(A), i)); }

kes_vec kes_mat_diagonal(kes_mat A) { return unconst_vec(kes_cmat_diagonal(kes_mat_const(A))); }

kes_status kes_cvec_check(kes_cvec x)
{
    if (x.n < 0) return KES_EDIM;
    if (x.n > 0 && (!x.data || x.stride == 0)) return KES_EINVAL;
    return KES_OK;
}

kes_status kes_vec_check(kes_vec x) { return kes_cvec_check(kes_vec_const(x)); }

kes_status kes_cmat_check(kes_cmat A)
{
    if (A.nrows < 0 || A.ncols < 0) return KES_EDIM;
    if (A.ld < (A.nrows > 1 ? A.nrows : 1)) return KES_EDIM;
    if (A.nrows > 0 && A.ncols > 0 && !A.data) return KES_EINVAL;
    return KES_OK;
}

kes_status kes_mat_check(kes_mat A) { return kes_cmat_check(kes_mat_const(A)); }

kes_status kes_vec_copy(kes_cvec src, kes_vec dst)
{
    kes_status s;
    if ((s = kes_cvec_check(src)) || (s = kes_vec_check(dst))) return s;
    if (src.n != dst.n) return KES_EDIM;
    for (int64_t i = 0; i < src.n; i++) dst.data[i * dst.stride] = src.data[i * src.stride];
    return KES_OK;
}

kes_status kes_mat_copy(kes_cmat src, kes_mat dst)
{
    kes_status s;
    if ((s = kes_cmat_check(src)) || (s = kes_mat_check(dst))) return s;
    if (src.nrows != dst.nrows || src.ncols != dst.ncols) return KES_EDIM;
    for (int64_t j = 0; j < src.ncols; j++)
        memcpy(dst.data + j * dst.ld, src.data + j * src.ld, (size_t)src.nrows * sizeof(double));
    return KES_OK;
}

void kes_vec_fill(kes_vec x, double a)
{
    for (int64_t i = 0; i < x.n; i++) x.data[i * x.stride] = a;
}

void kes_mat_fill(kes_mat A, double a)
{
    for (int64_t j = 0; j < A.ncols; j++)
        for (int64_t i = 0; i < A.nrows; i++) A.data[i + j * A.ld] = a;
}

void kes_mat_set_identity(kes_mat A)
{
    kes_mat_fill(A, 0.0);
    int64_t k = A.nrows < A.ncols ? A.nrows : A.ncols;
    for (int64_t i = 0; i < k; i++) A.data[i + i * A.ld] = 1.0;
}

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
