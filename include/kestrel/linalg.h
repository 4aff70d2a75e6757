/*
 * kestrel/linalg.h - the matrix/vector layer: dense vectors and column-major
 * matrices with views, BLAS/LAPACKE wrappers, CSR sparse matrices, and
 * Matrix Market I/O.
 *
 * Dense storage is column-major with a leading dimension, as BLAS, LAPACKE,
 * Octave and MATLAB expect.  Views are plain structs returned by value; the
 * algorithms never care who owns the memory.  Only kes_vec_alloc /
 * kes_mat_alloc allocate, and only kes_vec_free / kes_mat_free release.
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

/* A strided vector: element i is data[i * stride].  owned != 0 only for
 * storage made by kes_vec_alloc. */
typedef struct kes_vec {
    int64_t n;
    int64_t stride;
    double *data;
    int owned;
} kes_vec;

/* A column-major matrix: element (i, j) is data[i + j * ld], ld >= nrows. */
typedef struct kes_mat {
    int64_t nrows;
    int64_t ncols;
    int64_t ld;
    double *data;
    int owned;
} kes_mat;

/* Allocate a zero-filled vector / matrix (ld = nrows).  Errors: KES_EINVAL
 * (NULL out), KES_EDIM (negative size), KES_ERANGE (size overflows),
 * KES_ENOMEM.  On error *out is left untouched. */
KES_API kes_status kes_vec_alloc(int64_t n, kes_vec *out);
KES_API kes_status kes_mat_alloc(int64_t nrows, int64_t ncols, kes_mat *out);
/* Release storage made by *_alloc and zero the struct; views and NULL are
 * left alone (no-op). */
KES_API void kes_vec_free(kes_vec *v);
KES_API void kes_mat_free(kes_mat *A);

/* Views over caller memory (no allocation, no checks beyond what the
 * accessors do). */
KES_API kes_vec kes_vec_view(double *data, int64_t n, int64_t stride);
KES_API kes_mat kes_mat_view(double *data, int64_t nrows, int64_t ncols, int64_t ld);
/* Sub-block A(i0:i0+m, j0:j0+n), column j, row i, and the diagonal of A.
 * Out-of-range requests return a view with data == NULL and zero size. */
KES_API kes_mat kes_mat_submatrix(kes_mat A, int64_t i0, int64_t j0, int64_t m, int64_t n);
KES_API kes_vec kes_mat_column(kes_mat A, int64_t j);
KES_API kes_vec kes_mat_row(kes_mat A, int64_t i);
KES_API kes_vec kes_mat_diagonal(kes_mat A);

static inline double kes_mat_get(kes_mat A, int64_t i, int64_t j) { return A.data[i + j * A.ld]; }
static inline void kes_mat_set(kes_mat A, int64_t i, int64_t j, double x) { A.data[i + j * A.ld] = x; }

/* Structural checks: KES_OK when the view is usable (data non-NULL unless
 * empty, ld >= max(1, nrows), stride != 0), else KES_EINVAL / KES_EDIM. */
KES_API kes_status kes_vec_check(kes_vec x);
KES_API kes_status kes_mat_check(kes_mat A);

/* dst <- src (same shapes, else KES_EDIM).  Cost O(n). */
KES_API kes_status kes_vec_copy(kes_vec src, kes_vec dst);
KES_API kes_status kes_mat_copy(kes_mat src, kes_mat dst);
KES_API void kes_vec_fill(kes_vec x, double a);
KES_API void kes_mat_fill(kes_mat A, double a);
/* A <- I (square or not: ones on the main diagonal, zeros elsewhere). */
KES_API void kes_mat_set_identity(kes_mat A);

/* Transpose flags for the BLAS wrappers. */
typedef enum kes_trans { KES_NOTRANS = 0, KES_TRANS = 1 } kes_trans;
/* Triangle selector for symmetric routines. */
typedef enum kes_uplo { KES_LOWER = 0, KES_UPPER = 1 } kes_uplo;

/* BLAS 1: y <- a x + y; x . y; ||x||_2.  Errors: KES_EDIM when lengths
 * differ, KES_ERANGE when a length exceeds INT32_MAX. */
KES_API kes_status kes_blas_axpy(double a, kes_vec x, kes_vec y);
KES_API kes_status kes_blas_dot(kes_vec x, kes_vec y, double *result);
KES_API kes_status kes_blas_nrm2(kes_vec x, double *result);
KES_API kes_status kes_blas_scal(double a, kes_vec x);
/* BLAS 2: y <- alpha op(A) x + beta y.  KES_EDIM on shape mismatch. */
KES_API kes_status kes_blas_gemv(kes_trans tA, double alpha, kes_mat A, kes_vec x, double beta, kes_vec y);
/* BLAS 3: C <- alpha op(A) op(B) + beta C.  KES_EDIM on shape mismatch. */
KES_API kes_status kes_blas_gemm(kes_trans tA, kes_trans tB, double alpha, kes_mat A, kes_mat B,
                                 double beta, kes_mat C);
/* C <- alpha op(A) op(A)^T + beta C, only the uplo triangle of C is
 * written (op(A) = A for KES_NOTRANS).  C must be square. */
KES_API kes_status kes_blas_syrk(kes_uplo uplo, kes_trans tA, double alpha, kes_mat A, double beta, kes_mat C);
/* Copy the uplo triangle of a square matrix onto the other triangle. */
KES_API kes_status kes_mat_symmetrize(kes_uplo uplo, kes_mat A);

/* LAPACK: Cholesky A = L L^T in place (lower triangle holds L; the strict
 * upper triangle is left as it was).  Errors: KES_EDIM (not square),
 * KES_ENAN (non-finite entry in the lower triangle), KES_ENOTSPD (a
 * non-positive pivot; A is then partially overwritten).  Cost n^3/3. */
KES_API kes_status kes_mat_cholesky(kes_mat A);
/* Solve A X = B with the factor from kes_mat_cholesky; B is overwritten by
 * X.  Cost 2 n^2 nrhs. */
KES_API kes_status kes_mat_cholesky_solve(kes_mat L, kes_mat B);
/* Overwrite L (a Cholesky factor) by the full symmetric inverse A^-1.
 * Cost 2n^3/3. */
KES_API kes_status kes_mat_cholesky_inverse(kes_mat L);
/* log det A from its Cholesky factor: 2 sum log L_ii. */
KES_API kes_status kes_mat_cholesky_logdet(kes_mat L, double *logdet);
/* Symmetric eigendecomposition (LAPACK dsyevd) of the lower triangle of A:
 * w[0..n) ascending eigenvalues; when want_vectors, A is overwritten by the
 * orthonormal eigenvectors (column j for w[j]), else A is destroyed.
 * Errors: KES_EDIM, KES_ENAN, KES_ENOMEM, KES_ERANGE (LAPACK did not
 * converge).  Cost about 4n^3 (9n^3 with vectors). */
KES_API kes_status kes_mat_syev(kes_mat A, double *w, int want_vectors);
/* LU solve of a general square system A X = B (dgesv); A and B overwritten.
 * KES_ESINGULAR on an exactly singular A. */
KES_API kes_status kes_mat_lu_solve(kes_mat A, kes_mat B);

/* --------------------------------------------------------------- sparse */

/* Compressed sparse row matrix.  rowptr has nrows + 1 entries, row i holds
 * entries rowptr[i] .. rowptr[i+1]-1 with strictly increasing column
 * indices (sorted, no duplicates).  The struct is public so that solvers,
 * MEX wrappers and users can read it; functions that build one allocate all
 * three arrays and kes_csr_destroy frees them. */
typedef struct kes_csr {
    int64_t nrows;
    int64_t ncols;
    int64_t nnz;
    int64_t *rowptr;
    int32_t *colind;
    double *val;
} kes_csr;

/* Build from triplets (rows[k], cols[k], vals[k]), k < nnz, 0-based;
 * duplicates are summed in input order (an entry that sums to zero is kept
 * as an explicit zero).  Errors: KES_EINVAL (NULL out, or NULL arrays with
 * nnz > 0), KES_EDIM (nrows/ncols <= 0, negative nnz, index out of range),
 * KES_ERANGE (ncols > INT32_MAX, sizes overflow, or duplicates sum to
 * +-Inf), KES_ENAN (non-finite value), KES_ENOMEM.  Cost O(nnz + nrows +
 * ncols) time and extra memory (two stable counting sorts: by column, then
 * by row). */
KES_API kes_status kes_csr_from_triplets(int64_t nrows, int64_t ncols, int64_t nnz, const int64_t *rows,
                                         const int64_t *cols, const double *vals, kes_csr **A);
/* Allocate an uninitialised matrix with room for nnz entries, rowptr zeroed. */
KES_API kes_status kes_csr_alloc(int64_t nrows, int64_t ncols, int64_t nnz, kes_csr **A);
/* Build from a dense column-major array, keeping entries with |a| > drop_tol
 * (drop_tol = 0 keeps every nonzero). */
KES_API kes_status kes_csr_from_dense(int64_t nrows, int64_t ncols, const double *dense, int64_t ld,
                                      double drop_tol, kes_csr **A);
/* Free; NULL is a no-op. */
KES_API void kes_csr_destroy(kes_csr *A);
/* Deep copy. */
KES_API kes_status kes_csr_clone(const kes_csr *A, kes_csr **B);
/* Check every structural invariant (sizes, monotone rowptr, sorted unique
 * in-range columns, finite values).  KES_OK, KES_EINVAL (NULL), KES_EDIM or
 * KES_EBADDATA (broken structure), KES_ENAN.  Cost O(nnz). */
KES_API kes_status kes_csr_validate(const kes_csr *A);
/* Dense column-major copy into dense[0 .. ld*ncols), ld >= nrows; zeros
 * written everywhere else in the block. */
KES_API kes_status kes_csr_to_dense(const kes_csr *A, double *dense, int64_t ld);
/* y = A x (OpenMP over rows; each y[i] is one sequential sum, so the result
 * is the same for every thread count).  x and y must not alias. */
KES_API kes_status kes_csr_matvec(const kes_csr *A, const double *x, double *y);
/* y = alpha A x + beta y (beta == 0 ignores the old y, NaN included). */
KES_API kes_status kes_csr_gemv(double alpha, const kes_csr *A, const double *x, double beta, double *y);
/* y = A^T x (sequential scatter; cost O(nnz)). */
KES_API kes_status kes_csr_matvec_trans(const kes_csr *A, const double *x, double *y);
/* B = A^T.  Cost O(nnz + nrows + ncols). */
KES_API kes_status kes_csr_transpose(const kes_csr *A, kes_csr **B);
/* d[i] = a_ii for i < min(nrows, ncols); 0 where the entry is absent. */
KES_API kes_status kes_csr_diagonal(const kes_csr *A, double *d);
/* pos[i] = index of a_ii in val/colind, or -1 when row i has no diagonal
 * entry.  Square matrices only (KES_EDIM). */
KES_API kes_status kes_csr_diag_positions(const kes_csr *A, int64_t *pos);
/* *sym = 1 when the sparsity pattern is symmetric (square, (i,j) stored iff
 * (j,i) stored). */
KES_API kes_status kes_csr_is_symmetric_pattern(const kes_csr *A, int *sym);
/* *sym = 1 when A is square and |a_ij - a_ji| <= tol * max(|a_ij|, |a_ji|)
 * for every stored entry (a missing entry counts as 0). */
KES_API kes_status kes_csr_is_symmetric(const kes_csr *A, double tol, int *sym);
/* Reverse Cuthill-McKee ordering of the symmetrised pattern A + A^T:
 * perm[k] = old index of the row placed k-th (George & Liu 1981; start of
 * each component at a pseudo-peripheral node).  Square only. */
KES_API kes_status kes_csr_rcm(const kes_csr *A, int64_t *perm);
/* B = P A P^T with new row k = old row perm[k] (the symmetric permutation
 * from kes_csr_rcm).  KES_EINVAL when perm is not a permutation. */
KES_API kes_status kes_csr_permute(const kes_csr *A, const int64_t *perm, kes_csr **B);
/* Bandwidth max |i - j| over stored entries. */
KES_API int64_t kes_csr_bandwidth(const kes_csr *A);

/* -------------------------------------------------------- Matrix Market */

/* Where and why a parse failed: line is 1-based (0 when the failure is not
 * tied to a line, e.g. the file could not be opened). */
typedef struct kes_mm_error {
    int64_t line;
    char message[256];
} kes_mm_error;

/* Read a Matrix Market file: coordinate (real, integer, pattern; general,
 * symmetric, skew-symmetric) or array (real, integer; general, symmetric,
 * skew-symmetric).  The banner is case-insensitive; comment lines (%...) and
 * blank lines may appear anywhere after it; CRLF line ends are accepted.
 * Symmetric storage is expanded to both triangles (diagonal once; entries
 * of either triangle are mirrored), skew-symmetric is mirrored with a sign
 * change and must have a zero diagonal; pattern entries get value 1;
 * duplicate coordinate entries are summed; array format keeps every
 * nonzero.  Lines are limited to 1024 characters (longer comment lines are
 * skipped).  Memory grows with the entries present, never with the
 * header's count; a coordinate file whose row or column count exceeds
 * 2^22 + 8 * (stored entries) is refused with KES_ERANGE, since its O(n)
 * arrays would not be backed by data.  Numbers are read in the C locale.
 * Errors: KES_EINVAL (NULL), KES_EIO (cannot open/read), KES_EPARSE
 * (malformed: bad banner, unsupported field such as complex or hermitian,
 * bad size line, too few/many entries, index out of range, bad number,
 * nonzero skew diagonal), KES_ENAN (nan/inf value), KES_ERANGE (a value
 * overflows a double, duplicates sum to Inf, dimensions do not fit),
 * KES_EDIM (0 rows or columns), KES_ENOMEM.  On error *A is untouched.
 * Cost O(nnz + nrows + ncols) time and memory.  Thread-safe. */
KES_API kes_status kes_csr_read_mm(const char *path, kes_csr **A);
/* Same, with the failing line number and a message in *err (may be NULL;
 * on success err->line = 0 and the message is empty). */
KES_API kes_status kes_csr_read_mm_ex(const char *path, kes_csr **A, kes_mm_error *err);
/* Same, from an open stream (used by the fuzzer and by callers with pipes). */
KES_API kes_status kes_csr_read_mm_stream(FILE *f, kes_csr **A, kes_mm_error *err);
/* Write A as "coordinate real general" with 17 significant digits, so that
 * reading it back gives bit-identical values (-0.0 included).  A is checked
 * with kes_csr_validate first (its status is returned when A is broken).
 * Errors: KES_EINVAL, KES_EBADDATA, KES_ENAN, KES_EIO (open, write or close
 * failed; the file may then be partial). */
KES_API kes_status kes_csr_write_mm(const char *path, const kes_csr *A);
/* Read a dense array-format file (e.g. a right-hand side vector) into a
 * malloc'd column-major nrows x ncols array, ld = nrows (free with free()).
 * Coordinate files are accepted too and densified (duplicates summed) when
 * nrows * ncols <= 2^24 + 64 * (stored entries); larger ones get KES_ERANGE
 * (read them with kes_csr_read_mm instead).  Symmetric kinds are expanded.
 * Errors as kes_csr_read_mm_ex, plus KES_ERANGE when nrows * ncols doubles
 * do not fit in memory; the outputs are untouched on error. */
KES_API kes_status kes_mm_read_dense(const char *path, int64_t *nrows, int64_t *ncols, double **data,
                                     kes_mm_error *err);
/* Same, from an open stream. */
KES_API kes_status kes_mm_read_dense_stream(FILE *f, int64_t *nrows, int64_t *ncols, double **data,
                                            kes_mm_error *err);
/* Write a dense column-major array (leading dimension ld) as "array real
 * general" with 17 significant digits.  Errors: KES_EINVAL (NULL), KES_EDIM
 * (nrows or ncols <= 0, ld < nrows), KES_ENAN (non-finite entry), KES_EIO. */
KES_API kes_status kes_mm_write_dense(const char *path, int64_t nrows, int64_t ncols, const double *data,
                                      int64_t ld);

/* ------------------------------------------------------------- operators */

/* MERGE NOTE (remove when the read-only dense views land): stand-in for the
 * kes_cmat view of the dense section, same layout. */
#ifndef KES_HAVE_CMAT
#define KES_HAVE_CMAT 1
/** Read-only column-major view: element (i, j) is data[i + j * ld]. */
typedef struct kes_cmat {
    int64_t nrows;      /**< rows */
    int64_t ncols;      /**< columns */
    int64_t ld;         /**< leading dimension, >= nrows */
    const double *data; /**< first element */
} kes_cmat;
#endif

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
