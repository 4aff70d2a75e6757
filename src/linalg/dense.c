/*
 * Dense vectors and column-major matrices: the owners (kes_vector,
 * kes_matrix), the views and their checks, copies and fills.  No BLAS here,
 * so that code which only moves dense data (the Matrix Market reader, its
 * fuzzer) links without it; the BLAS/LAPACKE wrappers are in dense_blas.c.
 */

#include "core/internal.h"
#include "kestrel/linalg.h"
#include "linalg/dense_internal.h"


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
