/**
 * @file kestrel/linalg.h
 * @brief The matrix/vector layer: dense views and owners, BLAS/LAPACKE
 * wrappers, CSR sparse matrices, Matrix Market I/O and linear operators.
 *
 * Dense storage is column-major with a leading dimension, as BLAS, LAPACKE,
 * Octave and MATLAB expect.  Two kinds of type keep ownership apart (as GSL
 * separates gsl_matrix from gsl_matrix_view):
 *  - owners, kes_matrix and kes_vector: opaque objects made by _create and
 *    released by _destroy, the only dense storage Kestrel allocates for a
 *    caller;
 *  - views, kes_mat / kes_vec (writable) and kes_cmat / kes_cvec (read-only):
 *    plain structs passed and returned by value.  A view never owns memory,
 *    so copying one is always safe and no copy can free anything.
 * Algorithms take views: a read-only input is a kes_cmat / kes_cvec (make one
 * from a writable view with kes_mat_const / kes_vec_const), an output a
 * kes_mat / kes_vec.
 *
 * BLAS and LAPACK take 32-bit int dimensions; a dimension above INT32_MAX
 * gets KES_ERANGE.
 */
#ifndef KESTREL_LINALG_H
#define KESTREL_LINALG_H

#include <stdint.h>
#include <stdio.h>

#include "kestrel/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- dense */

/** A writable strided vector view: element i is data[i * stride]. */
typedef struct kes_vec {
    int64_t n;      /**< number of elements, >= 0 */
    int64_t stride; /**< distance between consecutive elements, != 0 when n > 0 */
    double *data;   /**< first element; not owned by the view */
} kes_vec;

/** A read-only strided vector view (same layout as kes_vec). */
typedef struct kes_cvec {
    int64_t n;          /**< number of elements, >= 0 */
    int64_t stride;     /**< distance between consecutive elements */
    const double *data; /**< first element; not owned by the view */
} kes_cvec;

/** A writable column-major matrix view: element (i, j) is data[i + j * ld]. */
typedef struct kes_mat {
    int64_t nrows; /**< number of rows, >= 0 */
    int64_t ncols; /**< number of columns, >= 0 */
    int64_t ld;    /**< leading dimension, >= max(1, nrows) */
    double *data;  /**< element (0, 0); not owned by the view */
} kes_mat;

/** A read-only column-major matrix view (same layout as kes_mat). */
typedef struct kes_cmat {
    int64_t nrows;      /**< number of rows, >= 0 */
    int64_t ncols;      /**< number of columns, >= 0 */
    int64_t ld;         /**< leading dimension, >= max(1, nrows) */
    const double *data; /**< element (0, 0); not owned by the view */
} kes_cmat;

/** An owned dense vector (opaque); reach its elements through kes_vector_view. */
typedef struct kes_vector kes_vector;
/** An owned column-major matrix with ld = max(1, nrows) (opaque); reach its
 * elements through kes_matrix_view. */
typedef struct kes_matrix kes_matrix;

/** Allocate a zero-filled vector of length n >= 0.
 * @param n  length.
 * @param v  receives the new vector; untouched on error.
 * @return KES_OK; KES_EINVAL (v NULL), KES_EDIM (n < 0), KES_ERANGE (n
 * doubles do not fit in memory), KES_ENOMEM.  Cost O(n). */
KES_API kes_status kes_vector_create(int64_t n, kes_vector **v);
/** Release a vector; NULL is a no-op.  Views of it become invalid. */
KES_API void kes_vector_destroy(kes_vector *v);
/** A writable view of the whole vector (stride 1); an empty view for NULL. */
KES_API kes_vec kes_vector_view(kes_vector *v);
/** A read-only view of the whole vector; an empty view for NULL. */
KES_API kes_cvec kes_vector_cview(const kes_vector *v);

/** Allocate a zero-filled nrows x ncols matrix, ld = max(1, nrows).
 * @param nrows, ncols  shape, both >= 0.
 * @param A  receives the new matrix; untouched on error.
 * @return KES_OK; KES_EINVAL (A NULL), KES_EDIM (negative size), KES_ERANGE
 * (nrows * ncols doubles overflow), KES_ENOMEM.  Cost O(nrows ncols). */
KES_API kes_status kes_matrix_create(int64_t nrows, int64_t ncols, kes_matrix **A);
/** Release a matrix; NULL is a no-op.  Views of it become invalid. */
KES_API void kes_matrix_destroy(kes_matrix *A);
/** A writable view of the whole matrix; an empty view for NULL. */
KES_API kes_mat kes_matrix_view(kes_matrix *A);
/** A read-only view of the whole matrix; an empty view for NULL. */
KES_API kes_cmat kes_matrix_cview(const kes_matrix *A);

/** View caller memory as a vector (no allocation, no checks). */
KES_API kes_vec kes_vec_view(double *data, int64_t n, int64_t stride);
/** View read-only caller memory as a vector (no allocation, no checks). */
KES_API kes_cvec kes_cvec_view(const double *data, int64_t n, int64_t stride);
/** View caller memory as a column-major matrix (no allocation, no checks). */
KES_API kes_mat kes_mat_view(double *data, int64_t nrows, int64_t ncols, int64_t ld);
/** View read-only caller memory as a column-major matrix. */
KES_API kes_cmat kes_cmat_view(const double *data, int64_t nrows, int64_t ncols, int64_t ld);

/** The read-only view of the same elements as A. */
static inline kes_cmat kes_mat_const(kes_mat A)
{
    kes_cmat c = {A.nrows, A.ncols, A.ld, A.data};
    return c;
}
/** The read-only view of the same elements as x. */
static inline kes_cvec kes_vec_const(kes_vec x)
{
    kes_cvec c = {x.n, x.stride, x.data};
    return c;
}

/** Sub-block A(i0:i0+m, j0:j0+n).  An out-of-range request returns a view
 * with data == NULL and zero size. */
KES_API kes_mat kes_mat_submatrix(kes_mat A, int64_t i0, int64_t j0, int64_t m, int64_t n);
/** Column j of A (empty view when out of range). */
KES_API kes_vec kes_mat_column(kes_mat A, int64_t j);
/** Row i of A, stride ld (empty view when out of range). */
KES_API kes_vec kes_mat_row(kes_mat A, int64_t i);
/** The main diagonal of A, min(nrows, ncols) entries, stride ld + 1. */
KES_API kes_vec kes_mat_diagonal(kes_mat A);
/** Read-only sub-block, as kes_mat_submatrix. */
KES_API kes_cmat kes_cmat_submatrix(kes_cmat A, int64_t i0, int64_t j0, int64_t m, int64_t n);
/** Read-only column j, as kes_mat_column. */
KES_API kes_cvec kes_cmat_column(kes_cmat A, int64_t j);
/** Read-only row i, as kes_mat_row. */
KES_API kes_cvec kes_cmat_row(kes_cmat A, int64_t i);
/** Read-only diagonal, as kes_mat_diagonal. */
KES_API kes_cvec kes_cmat_diagonal(kes_cmat A);

/** Element (i, j) of A; no bounds check. */
static inline double kes_mat_get(kes_mat A, int64_t i, int64_t j) { return A.data[i + j * A.ld]; }
/** Element (i, j) of a read-only view; no bounds check. */
static inline double kes_cmat_get(kes_cmat A, int64_t i, int64_t j) { return A.data[i + j * A.ld]; }
/** A(i, j) = x; no bounds check. */
static inline void kes_mat_set(kes_mat A, int64_t i, int64_t j, double x) { A.data[i + j * A.ld] = x; }

/** Structural check of a vector view: KES_OK when usable (n >= 0, data
 * non-NULL and stride != 0 unless empty), else KES_EDIM (n < 0) or
 * KES_EINVAL. */
KES_API kes_status kes_vec_check(kes_vec x);
/** kes_vec_check for a read-only view. */
KES_API kes_status kes_cvec_check(kes_cvec x);
/** Structural check of a matrix view: KES_OK when usable (sizes >= 0,
 * ld >= max(1, nrows), data non-NULL unless empty), else KES_EDIM or
 * KES_EINVAL. */
KES_API kes_status kes_mat_check(kes_mat A);
/** kes_mat_check for a read-only view. */
KES_API kes_status kes_cmat_check(kes_cmat A);

/** dst <- src.  Errors: the checks above, KES_EDIM when lengths differ.
 * Cost O(n). */
KES_API kes_status kes_vec_copy(kes_cvec src, kes_vec dst);
/** dst <- src.  Errors: the checks above, KES_EDIM when shapes differ.
 * Cost O(nrows ncols). */
KES_API kes_status kes_mat_copy(kes_cmat src, kes_mat dst);
/** Set every element of x to a. */
KES_API void kes_vec_fill(kes_vec x, double a);
/** Set every element of A to a. */
KES_API void kes_mat_fill(kes_mat A, double a);
/** A <- I (square or not: ones on the main diagonal, zeros elsewhere). */
KES_API void kes_mat_set_identity(kes_mat A);

/** Transpose flags for the BLAS wrappers. */
typedef enum kes_trans {
    KES_NOTRANS = 0, /**< op(A) = A */
    KES_TRANS = 1    /**< op(A) = A^T */
} kes_trans;
/** Triangle selector for symmetric routines. */
typedef enum kes_uplo {
    KES_LOWER = 0, /**< the lower triangle */
    KES_UPPER = 1  /**< the upper triangle */
} kes_uplo;

/** y <- a x + y.  Errors: KES_EDIM (lengths differ), KES_EINVAL (negative
 * stride), KES_ERANGE (length beyond INT32_MAX).  Cost O(n). */
KES_API kes_status kes_blas_axpy(double a, kes_cvec x, kes_vec y);
/** *result = x . y.  Errors as kes_blas_axpy, KES_EINVAL (result NULL). */
KES_API kes_status kes_blas_dot(kes_cvec x, kes_cvec y, double *result);
/** *result = ||x||_2 (scaled, no overflow).  Errors as kes_blas_dot. */
KES_API kes_status kes_blas_nrm2(kes_cvec x, double *result);
/** x <- a x.  Errors as kes_blas_axpy. */
KES_API kes_status kes_blas_scal(double a, kes_vec x);
/** y <- alpha op(A) x + beta y (beta == 0: y is not read).  Errors:
 * KES_EINVAL (tA not a kes_trans value, bad view), KES_EDIM (shape
 * mismatch), KES_ERANGE (a dimension beyond INT32_MAX).  Cost 2 m n. */
KES_API kes_status kes_blas_gemv(kes_trans tA, double alpha, kes_cmat A, kes_cvec x, double beta, kes_vec y);
/** C <- alpha op(A) op(B) + beta C.  Errors as kes_blas_gemv.  C must not
 * overlap A or B.  Cost 2 m n k. */
KES_API kes_status kes_blas_gemm(kes_trans tA, kes_trans tB, double alpha, kes_cmat A, kes_cmat B, double beta,
                                 kes_mat C);
/** C <- alpha op(A) op(A)^T + beta C, only the uplo triangle of the square
 * C is written (op(A) = A for KES_NOTRANS).  Errors as kes_blas_gemv
 * (KES_EINVAL also for a uplo that is not a kes_uplo value).  Cost n^2 k. */
KES_API kes_status kes_blas_syrk(kes_uplo uplo, kes_trans tA, double alpha, kes_cmat A, double beta, kes_mat C);
/** Copy the uplo triangle of a square matrix onto the other triangle.
 * Errors: KES_EINVAL (bad uplo or view), KES_EDIM (not square). */
KES_API kes_status kes_mat_symmetrize(kes_uplo uplo, kes_mat A);

/** Cholesky A = L L^T in place (LAPACK dpotrf): the lower triangle receives
 * L, the strict upper triangle is left as it was.  Errors: KES_EDIM (not
 * square), KES_ENAN (non-finite entry in the lower triangle), KES_ENOTSPD (a
 * non-positive pivot; A is then partially overwritten), KES_ERANGE.
 * Cost n^3/3. */
KES_API kes_status kes_mat_cholesky(kes_mat A);
/** Solve A X = B with the factor L from kes_mat_cholesky; B is overwritten
 * by X.  Errors: KES_EDIM, KES_EINVAL, KES_ERANGE.  Cost 2 n^2 nrhs. */
KES_API kes_status kes_mat_cholesky_solve(kes_cmat L, kes_mat B);
/** Overwrite L (a Cholesky factor) by the full symmetric inverse A^-1.
 * Errors: KES_EDIM, KES_ESINGULAR (zero diagonal).  Cost 2n^3/3. */
KES_API kes_status kes_mat_cholesky_inverse(kes_mat L);
/** *logdet = log det A = 2 sum log L_ii from its Cholesky factor.  Errors:
 * KES_EINVAL, KES_EDIM, KES_ENOTSPD (a diagonal entry <= 0).  Cost O(n). */
KES_API kes_status kes_mat_cholesky_logdet(kes_cmat L, double *logdet);
/** Symmetric eigendecomposition (LAPACK dsyevd) of the lower triangle of A:
 * w[0..n) receives the eigenvalues in ascending order; when want_vectors is
 * 1, A is overwritten by the orthonormal eigenvectors (column j for w[j]),
 * else A is destroyed.  Errors: KES_EDIM, KES_ENAN, KES_ENOMEM, KES_ERANGE
 * (LAPACK did not converge).  Cost about 4n^3 (9n^3 with vectors). */
KES_API kes_status kes_mat_syev(kes_mat A, double *w, int want_vectors);
/** LU solve of a general square system A X = B (LAPACK dgesv); A and B are
 * overwritten (B by X).  Errors: KES_EDIM, KES_ESINGULAR (exactly singular
 * A), KES_ENOMEM.  Cost 2n^3/3 + 2 n^2 nrhs. */
KES_API kes_status kes_mat_lu_solve(kes_mat A, kes_mat B);

/* --------------------------------------------------------------- sparse */

/** Compressed sparse row matrix.  rowptr has nrows + 1 entries, row i holds
 * entries rowptr[i] .. rowptr[i+1]-1 with strictly increasing column
 * indices (sorted, no duplicates).  The struct is public so that solvers,
 * MEX wrappers and users can read it; functions that build one allocate all
 * three arrays and kes_csr_destroy frees them.  Functions that only read a
 * matrix may run concurrently on it. */
typedef struct kes_csr {
    int64_t nrows;   /**< number of rows, >= 1 */
    int64_t ncols;   /**< number of columns, 1 .. INT32_MAX */
    int64_t nnz;     /**< stored entries, = rowptr[nrows] */
    int64_t *rowptr; /**< nrows + 1 row starts, rowptr[0] = 0, non-decreasing */
    int32_t *colind; /**< nnz column indices, strictly increasing within a row */
    double *val;     /**< nnz values */
} kes_csr;

/** Build from triplets (rows[k], cols[k], vals[k]), k < nnz, 0-based;
 * duplicates are summed in input order (an entry that sums to zero is kept
 * as an explicit zero).
 * @param[in]  nrows, ncols  shape, >= 1 (ncols <= INT32_MAX).
 * @param[in]  nnz           number of triplets, >= 0.
 * @param[in]  rows          nnz row indices in [0, nrows).
 * @param[in]  cols          nnz column indices in [0, ncols).
 * @param[in]  vals          nnz finite values.
 * @param[out] A             receives the new matrix; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL out, or NULL arrays with nnz > 0),
 * KES_EDIM (nrows/ncols <= 0, negative nnz, index out of range), KES_ERANGE
 * (ncols > INT32_MAX, sizes overflow, or duplicates sum to +-Inf), KES_ENAN
 * (non-finite value), KES_ENOMEM.
 *
 * Cost O(nnz + nrows + ncols) time and extra memory (two stable counting
 * sorts: by column, then by row).  Thread-safe. */
KES_API kes_status kes_csr_from_triplets(int64_t nrows, int64_t ncols, int64_t nnz, const int64_t *rows,
                                         const int64_t *cols, const double *vals, kes_csr **A);
/** Allocate a matrix with room for nnz entries, for a caller that fills
 * the arrays itself: rowptr is zeroed, colind and val are uninitialised, and
 * the result must satisfy kes_csr_validate before it is handed to any other
 * function.  Release with kes_csr_destroy.
 * @param[in]  nrows, ncols  shape, >= 1 (ncols <= INT32_MAX).
 * @param[in]  nnz           capacity, >= 0.
 * @param[out] A             receives the new matrix; untouched on error.
 * @return KES_OK; KES_EINVAL (A NULL), KES_EDIM (nrows or ncols < 1, nnz
 * < 0), KES_ERANGE (ncols > INT32_MAX or sizes overflow), KES_ENOMEM.
 *
 * Cost O(nrows).  Thread-safe. */
KES_API kes_status kes_csr_create(int64_t nrows, int64_t ncols, int64_t nnz, kes_csr **A);
/** Build from a dense column-major array, keeping entries with |a| > drop_tol
 * (drop_tol = 0 keeps every nonzero).
 * @param[in]  nrows, ncols  shape, >= 1.
 * @param[in]  dense         element (i, j) at dense[i + j * ld].
 * @param[in]  ld            leading dimension, >= nrows.
 * @param[in]  drop_tol      drop threshold, finite and >= 0.
 * @param[out] A             receives the new matrix; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM (sizes < 1, ld < nrows),
 * KES_ENAN (non-finite entry or drop_tol), KES_EDOM (drop_tol < 0),
 * KES_ERANGE, KES_ENOMEM.
 *
 * Cost O(nrows ncols).  Thread-safe. */
KES_API kes_status kes_csr_from_dense(int64_t nrows, int64_t ncols, const double *dense, int64_t ld,
                                      double drop_tol, kes_csr **A);
/** Release a matrix made by any kes_csr constructor; NULL is a no-op.
 * @param[in] A  the matrix. */
KES_API void kes_csr_destroy(kes_csr *A);
/** Deep copy.
 * @param[in]  A  the matrix.
 * @param[out] B  receives the new copy; untouched on error.
 * @return KES_OK; KES_EINVAL, KES_ENOMEM.
 *
 * Cost O(nnz + nrows).  Thread-safe. */
KES_API kes_status kes_csr_clone(const kes_csr *A, kes_csr **B);
/** Check every structural invariant (sizes, monotone rowptr, sorted unique
 * in-range columns, finite values).
 * @param[in] A  the matrix.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM or KES_EBADDATA (broken
 * structure), KES_ENAN.
 *
 * Cost O(nnz).  Thread-safe. */
KES_API kes_status kes_csr_validate(const kes_csr *A);
/** Dense column-major copy into dense[0 .. ld*ncols), ld >= nrows; zeros
 * written everywhere else in the block.  The structure is validated first.
 * @param[in]  A      the matrix.
 * @param[out] dense  ld * ncols doubles.
 * @param[in]  ld     leading dimension, >= nrows.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM (ld < nrows), KES_EBADDATA
 * (broken structure).
 *
 * Cost O(nrows ncols + nnz).  Thread-safe for distinct dense. */
KES_API kes_status kes_csr_to_dense(const kes_csr *A, double *dense, int64_t ld);
/** y = A x (OpenMP over rows; each y[i] is one sequential sum, so the result
 * is the same for every thread count).  A must be a valid matrix (as every
 * kes_csr constructor makes, and as kes_csr_validate checks): for speed the
 * structure is not re-validated here, so a column index beyond ncols in a
 * hand-filled matrix reads out of bounds.
 * @param[in]  A  a valid matrix.
 * @param[in]  x  ncols entries.
 * @param[out] y  nrows entries; must not alias x.
 * @return KES_OK; KES_EINVAL (NULL).
 *
 * Cost 2 nnz flops.  Thread-safe for distinct y. */
KES_API kes_status kes_csr_matvec(const kes_csr *A, const double *x, double *y);
/** y = alpha A x + beta y (beta == 0 ignores the old y, NaN included).
 * Preconditions as kes_csr_matvec.
 * @param[in]     alpha  scale of A x.
 * @param[in]     A      a valid matrix.
 * @param[in]     x      ncols entries.
 * @param[in]     beta   scale of the old y.
 * @param[in,out] y      nrows entries; must not alias x.
 * @return KES_OK; KES_EINVAL (NULL).
 *
 * Cost 2 nnz + O(nrows) flops.  Thread-safe for distinct y. */
KES_API kes_status kes_csr_gemv(double alpha, const kes_csr *A, const double *x, double beta, double *y);
/** y = A^T x (sequential scatter).  Preconditions as kes_csr_matvec.
 * @param[in]  A  a valid matrix.
 * @param[in]  x  nrows entries.
 * @param[out] y  ncols entries; must not alias x.
 * @return KES_OK; KES_EINVAL (NULL).
 *
 * Cost O(nnz + ncols).  Thread-safe for distinct y. */
KES_API kes_status kes_csr_matvec_trans(const kes_csr *A, const double *x, double *y);
/** B = A^T.  The structure of A is validated first (as kes_csr_validate,
 * values aside).
 * @param[in]  A  the matrix.
 * @param[out] B  receives the new transpose; untouched on error.
 * @return KES_OK; KES_EINVAL, KES_EDIM, KES_EBADDATA (broken structure),
 * KES_ERANGE (nrows > INT32_MAX), KES_ENOMEM.
 *
 * Cost O(nnz + nrows + ncols).  Thread-safe. */
KES_API kes_status kes_csr_transpose(const kes_csr *A, kes_csr **B);
/** The diagonal: d[i] = a_ii for i < min(nrows, ncols); 0 where the entry
 * is absent.
 * @param[in]  A  the matrix.
 * @param[out] d  min(nrows, ncols) doubles.
 * @return KES_OK; KES_EINVAL (NULL).
 *
 * Cost O(nnz).  Thread-safe for distinct d. */
KES_API kes_status kes_csr_diagonal(const kes_csr *A, double *d);
/** Positions of the diagonal: pos[i] = index of a_ii in val/colind, or -1
 * when row i has no diagonal entry.  Square matrices only.
 * @param[in]  A    a square matrix.
 * @param[out] pos  nrows indices.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM (not square).
 *
 * Cost O(nnz).  Thread-safe for distinct pos. */
KES_API kes_status kes_csr_diag_positions(const kes_csr *A, int64_t *pos);
/** Whether the sparsity pattern is symmetric (square, (i,j) stored iff
 * (j,i) stored).
 * @param[in]  A    the matrix.
 * @param[out] sym  receives 1 when the pattern is symmetric, else 0.
 * @return KES_OK; KES_EINVAL (NULL).
 *
 * Cost O(nnz log r), r the longest row.  Thread-safe. */
KES_API kes_status kes_csr_is_symmetric_pattern(const kes_csr *A, int *sym);
/** Whether A is square and |a_ij - a_ji| <= tol * max(|a_ij|, |a_ji|) for
 * every stored entry (a missing entry counts as 0).
 * @param[in]  A    the matrix.
 * @param[in]  tol  relative tolerance, >= 0.
 * @param[out] sym  receives 1 when A is symmetric to tol, else 0.
 * @return KES_OK; KES_EINVAL (NULL, tol < 0 or NaN).
 *
 * Cost O(nnz log r), r the longest row.  Thread-safe. */
KES_API kes_status kes_csr_is_symmetric(const kes_csr *A, double tol, int *sym);
/** Reverse Cuthill-McKee ordering of the symmetrised pattern A + A^T
 * (George & Liu, "Computer Solution of Large Sparse Positive Definite
 * Systems", Prentice-Hall, 1981; each component starts at a
 * pseudo-peripheral node).  The structure is validated first.
 * @param[in]  A     a square matrix.
 * @param[out] perm  nrows indices: perm[k] = old index of the row placed
 *                   k-th.
 * @return KES_OK; KES_EINVAL (NULL), KES_EDIM (not square), KES_EBADDATA
 * (broken structure), KES_ENOMEM.
 *
 * Cost O(nnz log r) time, O(nnz + n) memory.  Thread-safe for distinct
 * perm. */
KES_API kes_status kes_csr_rcm(const kes_csr *A, int64_t *perm);
/** Symmetric permutation B = P A P^T with new row k = old row perm[k] (as
 * from kes_csr_rcm).  The structure is validated first.
 * @param[in]  A     a square matrix.
 * @param[in]  perm  nrows indices forming a permutation.
 * @param[out] B     receives the new matrix; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL, or perm not a permutation), KES_EDIM
 * (not square), KES_EBADDATA, KES_ENOMEM.
 *
 * Cost O(nnz log r + n).  Thread-safe. */
KES_API kes_status kes_csr_permute(const kes_csr *A, const int64_t *perm, kes_csr **B);
/** Bandwidth max |i - j| over stored entries.
 * @param[in] A  the matrix (may be NULL).
 * @return the bandwidth; 0 for NULL or an empty matrix.
 *
 * Cost O(nrows) (uses the sorted column order).  Thread-safe. */
KES_API int64_t kes_csr_bandwidth(const kes_csr *A);

/* -------------------------------------------------------- Matrix Market */

/** Where and why a parse failed: line is 1-based (0 when the failure is not
 * tied to a line, e.g. the file could not be opened). */
typedef struct kes_mm_error {
    int64_t line;      /**< 1-based line of the failure, 0 when not tied to a line */
    char message[256]; /**< what was wrong, NUL-terminated */
} kes_mm_error;

/** Read a Matrix Market file (Boisvert, Pozo & Remington, "The Matrix
 * Market exchange formats: initial design", NIST Interagency Report 5935,
 * 1996): coordinate (real, integer, pattern; general, symmetric,
 * skew-symmetric) or array (real, integer; general, symmetric,
 * skew-symmetric).
 *
 * The banner is case-insensitive; comment lines (%...) and blank lines may
 * appear anywhere after it; CRLF line ends are accepted.  Symmetric storage
 * is expanded to both triangles (diagonal once; entries of either triangle
 * are mirrored), skew-symmetric is mirrored with a sign change and must
 * have a zero diagonal; pattern entries get value 1; duplicate coordinate
 * entries are summed; array format keeps every nonzero.  Lines are limited
 * to 1024 characters (longer comment lines are skipped).  Memory grows with
 * the entries present, never with the header's count; a coordinate file
 * whose row or column count exceeds 2^22 + 8 * (stored entries) is refused
 * with KES_ERANGE, since its O(n) arrays would not be backed by data.
 * Numbers are read in the C locale.
 * @param[in]  path  file name.
 * @param[out] A     receives the new matrix; untouched on error.
 * @return KES_OK; KES_EINVAL (NULL), KES_EIO (cannot open/read), KES_EPARSE
 * (malformed: bad banner, unsupported field such as complex or hermitian,
 * bad size line, too few/many entries, index out of range, bad number,
 * nonzero skew diagonal), KES_ENAN (nan/inf value), KES_ERANGE (a value
 * overflows a double, duplicates sum to Inf, dimensions do not fit),
 * KES_EDIM (0 rows or columns), KES_ENOMEM.
 *
 * Cost O(nnz + nrows + ncols) time and memory.  Thread-safe. */
KES_API kes_status kes_csr_read_mm(const char *path, kes_csr **A);
/** kes_csr_read_mm with the failing line number and a message.
 * @param[in]  path  file name.
 * @param[out] A     receives the new matrix; untouched on error.
 * @param[out] err   receives the failure (may be NULL; on success
 *                   err->line = 0 and the message is empty).
 * @return as kes_csr_read_mm.
 *
 * Cost as kes_csr_read_mm.  Thread-safe. */
KES_API kes_status kes_csr_read_mm_ex(const char *path, kes_csr **A, kes_mm_error *err);
/** kes_csr_read_mm_ex from an open stream (for fuzzers and callers with
 * pipes).
 * @param[in,out] f    the stream, read from its current position.
 * @param[out]     A   receives the new matrix; untouched on error.
 * @param[out]     err receives the failure (may be NULL).
 * @return as kes_csr_read_mm (KES_EIO for a read error on f).
 *
 * Cost as kes_csr_read_mm.  Thread-safe for distinct streams. */
KES_API kes_status kes_csr_read_mm_stream(FILE *f, kes_csr **A, kes_mm_error *err);
/** Write A as "coordinate real general" with 17 significant digits, so that
 * reading it back gives bit-identical values (-0.0 included).  A is checked
 * with kes_csr_validate first (its status is returned when A is broken).
 * @param[in] path  file name (created or truncated).
 * @param[in] A     the matrix.
 * @return KES_OK; KES_EINVAL, KES_EBADDATA, KES_ENAN, KES_EIO (open, write
 * or close failed; the file may then be partial).
 *
 * Cost O(nnz + nrows).  Thread-safe for distinct paths. */
KES_API kes_status kes_csr_write_mm(const char *path, const kes_csr *A);
/** Read a dense array-format file (e.g. a right-hand side vector) into a
 * new matrix.  Coordinate files are accepted too and densified (duplicates
 * summed) when nrows * ncols <= 2^24 + 64 * (stored entries); larger ones
 * get KES_ERANGE (read them with kes_csr_read_mm instead).  Symmetric kinds
 * are expanded.
 * @param[in]  path  file name.
 * @param[out] A     receives the new matrix (release with
 *                   kes_matrix_destroy; its shape and elements through
 *                   kes_matrix_view); untouched on error.
 * @param[out] err   receives the failure (may be NULL).
 * @return KES_OK; errors as kes_csr_read_mm_ex, plus KES_ERANGE when
 * nrows * ncols doubles do not fit in memory; the outputs are untouched on
 * error.
 *
 * Cost O(nrows ncols + stored entries).  Thread-safe. */
KES_API kes_status kes_mm_read_dense(const char *path, kes_matrix **A, kes_mm_error *err);
/** kes_mm_read_dense from an open stream.
 * @param[in,out] f    the stream, read from its current position.
 * @param[out]    A    receives the new matrix; untouched on error.
 * @param[out]    err  receives the failure (may be NULL).
 * @return as kes_mm_read_dense.
 *
 * Cost as kes_mm_read_dense.  Thread-safe for distinct streams. */
KES_API kes_status kes_mm_read_dense_stream(FILE *f, kes_matrix **A, kes_mm_error *err);
/** Write a dense matrix as "array real general" with 17 significant
 * digits, so that kes_mm_read_dense gives it back bit for bit.
 * @param[in] path  file name (created or truncated).
 * @param[in] A     the matrix.
 * @return KES_OK; KES_EINVAL (NULL path or data), KES_EDIM (nrows or ncols
 * <= 0, ld < nrows), KES_ENAN (non-finite entry), KES_EIO.
 *
 * Cost O(nrows ncols).  Thread-safe for distinct paths. */
KES_API kes_status kes_mm_write_dense(const char *path, kes_cmat A);

/* ------------------------------------------------------------- operators */

/**
 * A matrix-free square linear operator: anything that can form y = A x.
 *
 * The Krylov solvers (kes_pcg_solve) take operators, so a stored CSR or
 * dense matrix, a kernel matrix applied through features, or a user's own
 * stencil code all reach the same solver.  The struct is a plain view: it
 * owns nothing, and what ctx points at must stay alive and unchanged while
 * the operator is used.
 *
 * apply(ctx, x, y) must write all n entries of y = A x, read x[0..n) only,
 * not keep the pointers, and return KES_OK or an error status; a solver that
 * receives an error stops and returns it.  x and y never overlap when a
 * Kestrel solver calls apply.  The solvers call apply from the calling
 * thread only, one call at a time, so apply may use a workspace held in
 * ctx; it may itself run OpenMP loops.
 */
typedef struct kes_linop {
    int64_t n; /**< the operator is n x n (n >= 1) */
    kes_status (*apply)(void *ctx, const double *x, double *y); /**< y = A x; a non-OK status stops the solve and is returned */
    void *ctx; /**< passed to apply unchanged */
} kes_linop;

/**
 * The operator y = A x of a square CSR matrix.
 *
 * op views A (no copy): A must outlive op and stay unchanged while op is in
 * use.  The product is kes_csr_matvec (each y[i] one sequential sum over
 * row i, so the result does not depend on the thread count).
 *
 * @param A   square matrix, checked with kes_csr_validate
 * @param op  receives the operator
 * @return KES_OK; KES_EINVAL (NULL A or op), KES_EDIM (A not square),
 *         KES_EBADDATA (broken structure), KES_ENAN (non-finite value).
 *         *op is untouched on error.
 * Cost O(nnz) for the check; each apply O(nnz).  Thread-safe; the operator
 * may be applied by several threads at once (it has no workspace).
 */
KES_API kes_status kes_linop_csr(const kes_csr *A, kes_linop *op);

/**
 * The operator y = A x of a dense symmetric n x n matrix held in a
 * read-only column-major view.
 *
 * op stores the pointer A (not a copy of the view), so both the kes_cmat
 * struct that A points at and the storage A->data must outlive op: keep the
 * view in a variable that lives as long as the operator, never in a
 * temporary.  Both triangles must be stored: y[i] is computed as column i
 * of A dotted with x, which is row i because A is symmetric; this reads A
 * with unit stride and gives each y[i] by one sequential sum, so the result
 * does not depend on the thread count.  Symmetry itself is not checked
 * (O(n^2)); an unsymmetric A gives y = A^T x.
 *
 * @param A   square view: nrows == ncols >= 1, ld >= nrows, data non-NULL
 * @param op  receives the operator
 * @return KES_OK; KES_EINVAL (NULL A, op or A->data), KES_EDIM (not square,
 *         empty, ld < nrows).  Values are not scanned: a NaN in A shows up
 *         as KES_ENAN from the solver that applies op.  *op is untouched on
 *         error.
 * Cost O(1); each apply 2 n^2 flops, OpenMP over rows for n >= 256.
 * Thread-safe; the operator may be applied by several threads at once.
 */
KES_API kes_status kes_linop_dense(const kes_cmat *A, kes_linop *op);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_LINALG_H */
