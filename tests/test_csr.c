/* CSR matrices: assembly, structural checks, products against dense
 * references, transpose, symmetry tests, RCM ordering and permutations, and
 * every error path. */
#include <criterion/criterion.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "solver_fixtures.h"

static kes_csr *from_trip(int64_t m, int64_t n, int64_t nnz, const int64_t *r, const int64_t *c, const double *v)
{
    kes_csr *A = NULL;
    kes_status st = kes_csr_from_triplets(m, n, nnz, r, c, v, &A);
    cr_assert_eq(st, KES_OK, "%s", kes_strerror(st));
    cr_assert_eq(kes_csr_validate(A), KES_OK);
    return A;
}

static double *to_dense(const kes_csr *A)
{
    double *D = malloc(sizeof(double) * (size_t)(A->nrows * A->ncols));
    cr_assert_eq(kes_csr_to_dense(A, D, A->nrows), KES_OK);
    return D;
}

/* Random m x n matrix with about density * m * n entries (integers in
 * [-5, 5], so every product below is exact), duplicates included. */
static kes_csr *random_csr(kes_rng *r, int64_t m, int64_t n, double density)
{
    int64_t nnz = (int64_t)(density * (double)(m * n)) + 1;
    int64_t *ri = malloc(sizeof(int64_t) * (size_t)nnz), *ci = malloc(sizeof(int64_t) * (size_t)nnz);
    double *v = malloc(sizeof(double) * (size_t)nnz);
    for (int64_t k = 0; k < nnz; k++) {
        ri[k] = (int64_t)kes_rng_uint(r, (uint64_t)m);
        ci[k] = (int64_t)kes_rng_uint(r, (uint64_t)n);
        v[k] = (double)kes_rng_uint(r, 11) - 5.0;
    }
    kes_csr *A = from_trip(m, n, nnz, ri, ci, v);
    free(ri);
    free(ci);
    free(v);
    return A;
}

static int is_permutation(const int64_t *p, int64_t n)
{
    char *seen = calloc((size_t)n, 1);
    int ok = 1;
    for (int64_t k = 0; k < n && ok; k++) {
        if (p[k] < 0 || p[k] >= n || seen[p[k]]) ok = 0;
        else seen[p[k]] = 1;
    }
    free(seen);
    return ok;
}

/* ----------------------------------------------------------- assembly */

Test(csr, triplets_duplicates_unsorted_empty_rows)
{
    /* 4 x 5, row 2 empty, (0,3) given three times, (3,0) sums to an explicit zero. */
    const int64_t r[] = {3, 0, 1, 0, 3, 0, 1, 3, 0};
    const int64_t c[] = {4, 3, 2, 0, 0, 3, 0, 0, 3};
    const double v[] = {1.0, 2.0, 3.0, 4.0, 5.0, 0.5, 6.0, -5.0, 0.25};
    kes_csr *A = from_trip(4, 5, 9, r, c, v);
    const int64_t rowptr[] = {0, 2, 4, 4, 6};
    const int32_t colind[] = {0, 3, 0, 2, 0, 4};
    const double val[] = {4.0, 2.75, 6.0, 3.0, 0.0, 1.0};
    cr_assert_eq(A->nnz, 6);
    for (int i = 0; i <= 4; i++) cr_assert_eq(A->rowptr[i], rowptr[i]);
    for (int k = 0; k < 6; k++) {
        cr_assert_eq(A->colind[k], colind[k]);
        cr_assert_eq(A->val[k], val[k]);
    }
    /* Duplicates are summed in input order: (2.0 + 0.5) + 0.25, exact here. */
    double *D = to_dense(A);
    cr_assert_eq(D[0 + 3 * 4], 2.75);
    cr_assert_eq(D[2 + 0 * 4], 0.0);
    free(D);
    kes_csr_destroy(A);
}

Test(csr, triplets_no_entries)
{
    kes_csr *A = from_trip(3, 2, 0, NULL, NULL, NULL);
    cr_assert_eq(A->nnz, 0);
    for (int i = 0; i <= 3; i++) cr_assert_eq(A->rowptr[i], 0);
    double x[2] = {1, 1}, y[3] = {NAN, NAN, NAN};
    cr_assert_eq(kes_csr_matvec(A, x, y), KES_OK);
    for (int i = 0; i < 3; i++) cr_assert_eq(y[i], 0.0);
    kes_csr_destroy(A);
    kes_csr_destroy(NULL);
}

Test(csr, triplets_errors)
{
    const int64_t r[] = {0, 1}, c[] = {1, 0};
    double v[] = {1.0, 2.0};
    kes_csr *A = (kes_csr *)0x1;
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, c, v, NULL), KES_EINVAL);
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, NULL, c, v, &A), KES_EINVAL);
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, NULL, v, &A), KES_EINVAL);
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, c, NULL, &A), KES_EINVAL);
    cr_assert_eq(kes_csr_from_triplets(0, 2, 2, r, c, v, &A), KES_EDIM);
    cr_assert_eq(kes_csr_from_triplets(2, 0, 2, r, c, v, &A), KES_EDIM);
    cr_assert_eq(kes_csr_from_triplets(2, 2, -1, r, c, v, &A), KES_EDIM);
    cr_assert_eq(kes_csr_from_triplets(1, 2, 2, r, c, v, &A), KES_EDIM, "row 1 out of range");
    cr_assert_eq(kes_csr_from_triplets(2, 1, 2, r, c, v, &A), KES_EDIM, "column 1 out of range");
    const int64_t neg[] = {-1, 0};
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, neg, c, v, &A), KES_EDIM);
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, neg, v, &A), KES_EDIM);
    cr_assert_eq(kes_csr_from_triplets(2, (int64_t)INT32_MAX + 1, 2, r, c, v, &A), KES_ERANGE);
    v[1] = NAN;
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, c, v, &A), KES_ENAN);
    v[1] = -INFINITY;
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, c, v, &A), KES_ENAN);
    /* Two finite duplicates whose sum overflows. */
    const int64_t rr[] = {0, 0}, cc[] = {0, 0};
    const double big[] = {DBL_MAX, DBL_MAX};
    cr_assert_eq(kes_csr_from_triplets(1, 1, 2, rr, cc, big, &A), KES_ERANGE);
    cr_assert_eq(A, (kes_csr *)0x1, "output untouched on error");
}

Test(csr, alloc_errors)
{
    kes_csr *A = (kes_csr *)0x1;
    cr_assert_eq(kes_csr_create(2, 2, 2, NULL), KES_EINVAL);
    cr_assert_eq(kes_csr_create(0, 2, 2, &A), KES_EDIM);
    cr_assert_eq(kes_csr_create(2, -1, 2, &A), KES_EDIM);
    cr_assert_eq(kes_csr_create(2, 2, -2, &A), KES_EDIM);
    cr_assert_eq(kes_csr_create(2, (int64_t)INT32_MAX + 1, 0, &A), KES_ERANGE);
    cr_assert_eq(kes_csr_create(INT64_MAX, 2, 0, &A), KES_ERANGE);
    cr_assert_eq(kes_csr_create(2, 2, INT64_MAX / 2, &A), KES_ERANGE);
    cr_assert_eq(A, (kes_csr *)0x1);
    cr_assert_eq(kes_csr_create(3, 3, 4, &A), KES_OK);
    for (int i = 0; i <= 3; i++) cr_assert_eq(A->rowptr[i], 0);
    kes_csr_destroy(A);
}

Test(csr, from_dense_drop_tolerance)
{
    const double D[] = {1.0, 0.0, 1e-9, /* pad */ 99, -2.0, 0.5, 0.0, 99}; /* 3 x 2, ld 4 */
    kes_csr *A;
    cr_assert_eq(kes_csr_from_dense(3, 2, D, 4, 0.0, &A), KES_OK);
    cr_assert_eq(kes_csr_validate(A), KES_OK);
    cr_assert_eq(A->nnz, 4);
    double *B = to_dense(A);
    const double want[] = {1.0, 0.0, 1e-9, -2.0, 0.5, 0.0};
    for (int k = 0; k < 6; k++) cr_assert_eq(B[k], want[k]);
    free(B);
    kes_csr_destroy(A);
    cr_assert_eq(kes_csr_from_dense(3, 2, D, 4, 1e-6, &A), KES_OK);
    cr_assert_eq(A->nnz, 3, "1e-9 dropped");
    kes_csr_destroy(A);
    const double bad[] = {1.0, NAN};
    cr_assert_eq(kes_csr_from_dense(2, 1, bad, 2, 0.0, &A), KES_ENAN);
    cr_assert_eq(kes_csr_from_dense(3, 2, D, 2, 0.0, &A), KES_EDIM, "ld < nrows");
    cr_assert_eq(kes_csr_from_dense(3, 2, D, 4, -1.0, &A), KES_EDOM);
    cr_assert_eq(kes_csr_from_dense(3, 2, D, 4, NAN, &A), KES_ENAN);
    cr_assert_eq(kes_csr_from_dense(3, 2, D, 4, INFINITY, &A), KES_ENAN);
    cr_assert_eq(kes_csr_from_dense(3, 2, NULL, 4, 0.0, &A), KES_EINVAL);
}

Test(csr, clone_is_deep)
{
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_csr *A = random_csr(&r, 10, 8, 0.3), *B;
    cr_assert_eq(kes_csr_clone(A, &B), KES_OK);
    cr_assert(B->rowptr != A->rowptr && B->colind != A->colind && B->val != A->val);
    cr_assert_eq(memcmp(A->rowptr, B->rowptr, sizeof(int64_t) * 11), 0);
    cr_assert_eq(memcmp(A->val, B->val, sizeof(double) * (size_t)A->nnz), 0);
    B->val[0] += 1.0;
    cr_assert_neq(A->val[0], B->val[0]);
    cr_assert_eq(kes_csr_clone(NULL, &B), KES_EINVAL);
    kes_csr_destroy(A);
    kes_csr_destroy(B);
}

/* --------------------------------------------------------- validation */

Test(csr, validate_catches_every_broken_invariant)
{
    int64_t rowptr[4] = {0, 2, 3, 4};
    int32_t colind[4] = {0, 2, 1, 0};
    double val[4] = {1, 2, 3, 4};
    kes_csr A = {.nrows = 3, .ncols = 3, .nnz = 4, .rowptr = rowptr, .colind = colind, .val = val};
    cr_assert_eq(kes_csr_validate(&A), KES_OK);
    cr_assert_eq(kes_csr_validate(NULL), KES_EINVAL);
#define BREAK_AND_CHECK(field, bad, want)                                                                 \
    do {                                                                                                   \
        __typeof__(field) keep = field;                                                                    \
        field = bad;                                                                                       \
        cr_assert_eq(kes_csr_validate(&A), want, #field " = " #bad);                                      \
        field = keep;                                                                                      \
    } while (0)
    BREAK_AND_CHECK(rowptr[0], 1, KES_EBADDATA);
    BREAK_AND_CHECK(rowptr[3], 3, KES_EBADDATA);        /* does not end at nnz */
    BREAK_AND_CHECK(rowptr[1], 4, KES_EBADDATA);        /* decreasing */
    BREAK_AND_CHECK(colind[1], 0, KES_EBADDATA);        /* duplicate column */
    BREAK_AND_CHECK(colind[0], 2, KES_EBADDATA);        /* unsorted */
    BREAK_AND_CHECK(colind[2], 3, KES_EBADDATA);        /* out of range */
    BREAK_AND_CHECK(colind[3], -1, KES_EBADDATA);       /* negative */
    BREAK_AND_CHECK(val[2], NAN, KES_ENAN);
    BREAK_AND_CHECK(val[3], INFINITY, KES_ENAN);
    BREAK_AND_CHECK(A.nrows, 0, KES_EDIM);
    BREAK_AND_CHECK(A.ncols, -3, KES_EDIM);
    BREAK_AND_CHECK(A.nnz, -1, KES_EDIM);
    BREAK_AND_CHECK(A.ncols, (int64_t)INT32_MAX + 1, KES_EBADDATA); /* kes_csr: ncols <= INT32_MAX */
    BREAK_AND_CHECK(A.rowptr, NULL, KES_EINVAL);
    BREAK_AND_CHECK(A.colind, NULL, KES_EINVAL);
    BREAK_AND_CHECK(A.val, NULL, KES_EINVAL);
#undef BREAK_AND_CHECK
    cr_assert_eq(kes_csr_validate(&A), KES_OK, "all restored");
}

/* ------------------------------------------------------------ products */

Test(csr, to_dense_with_leading_dimension)
{
    const int64_t r[] = {0, 1, 1}, c[] = {1, 0, 2};
    const double v[] = {5, 6, 7};
    kes_csr *A = from_trip(2, 3, 3, r, c, v);
    double D[9];
    for (int k = 0; k < 9; k++) D[k] = -1.0;
    cr_assert_eq(kes_csr_to_dense(A, D, 3), KES_OK);
    const double want[9] = {0, 6, -1, 5, 0, -1, 0, 7, -1};
    for (int k = 0; k < 9; k++) cr_assert_eq(D[k], want[k]);
    cr_assert_eq(kes_csr_to_dense(A, D, 1), KES_EDIM);
    cr_assert_eq(kes_csr_to_dense(A, NULL, 2), KES_EINVAL);
    cr_assert_eq(kes_csr_to_dense(NULL, D, 2), KES_EINVAL);
    kes_csr_destroy(A);
}

Test(csr, matvec_gemv_trans_against_dense)
{
    kes_rng r;
    kes_rng_init(&r, 2, 0);
    const int64_t m = 23, n = 17;
    kes_csr *A = random_csr(&r, m, n, 0.2);
    double *D = to_dense(A);
    double x[17], y[23], z[23], t[17], xt[23];
    for (int j = 0; j < n; j++) x[j] = (double)kes_rng_uint(&r, 9) - 4.0;
    for (int i = 0; i < m; i++) z[i] = xt[i] = (double)kes_rng_uint(&r, 9) - 4.0;
    cr_assert_eq(kes_csr_matvec(A, x, y), KES_OK);
    double y2[23];
    memcpy(y2, z, sizeof z);
    cr_assert_eq(kes_csr_gemv(-2.0, A, x, 3.0, y2), KES_OK);
    for (int64_t i = 0; i < m; i++) {
        double s = 0.0;
        for (int64_t j = 0; j < n; j++) s += D[i + j * m] * x[j];
        cr_assert_eq(y[i], s, "integer data: exact");
        cr_assert_eq(y2[i], -2.0 * s + 3.0 * z[i]);
    }
    cr_assert_eq(kes_csr_matvec_trans(A, xt, t), KES_OK);
    for (int64_t j = 0; j < n; j++) {
        double s = 0.0;
        for (int64_t i = 0; i < m; i++) s += D[i + j * m] * xt[i];
        cr_assert_eq(t[j], s);
    }
    /* beta == 0 ignores whatever y held. */
    for (int i = 0; i < m; i++) y2[i] = NAN;
    cr_assert_eq(kes_csr_gemv(1.0, A, x, 0.0, y2), KES_OK);
    for (int i = 0; i < m; i++) cr_assert_eq(y2[i], y[i]);
    cr_assert_eq(kes_csr_matvec(A, NULL, y), KES_EINVAL);
    cr_assert_eq(kes_csr_matvec(A, x, NULL), KES_EINVAL);
    cr_assert_eq(kes_csr_matvec(NULL, x, y), KES_EINVAL);
    cr_assert_eq(kes_csr_gemv(1, NULL, x, 0, y), KES_EINVAL);
    cr_assert_eq(kes_csr_matvec_trans(A, NULL, t), KES_EINVAL);
    free(D);
    kes_csr_destroy(A);
}

Test(csr, matvec_same_bits_for_any_thread_count)
{
    kes_rng r;
    kes_rng_init(&r, 3, 0);
    const int64_t n = 3000;
    kes_csr *A = random_csr(&r, n, n, 0.03); /* ~270k entries: above the parallel threshold */
    cr_assert_gt(A->nnz, 200000);
    double *x = malloc(sizeof(double) * (size_t)n), *y1 = malloc(sizeof(double) * (size_t)n),
           *y2 = malloc(sizeof(double) * (size_t)n);
    kes_rng_fill_normal(&r, (int64_t)n, x);
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    cr_assert_eq(kes_csr_matvec(A, x, y1), KES_OK);
    omp_set_num_threads(2);
    cr_assert_eq(kes_csr_matvec(A, x, y2), KES_OK);
    omp_set_num_threads(saved);
    cr_assert_eq(memcmp(y1, y2, sizeof(double) * (size_t)n), 0);
    free(x);
    free(y1);
    free(y2);
    kes_csr_destroy(A);
}

Test(csr, transpose_twice_is_identity)
{
    kes_rng r;
    kes_rng_init(&r, 4, 0);
    kes_csr *A = random_csr(&r, 13, 29, 0.15), *T, *TT;
    cr_assert_eq(kes_csr_transpose(A, &T), KES_OK);
    cr_assert_eq(kes_csr_validate(T), KES_OK, "columns of T come out sorted");
    cr_assert(T->nrows == 29 && T->ncols == 13 && T->nnz == A->nnz);
    double *D = to_dense(A), *DT = to_dense(T);
    for (int i = 0; i < 13; i++)
        for (int j = 0; j < 29; j++) cr_assert_eq(D[i + 13 * j], DT[j + 29 * i]);
    cr_assert_eq(kes_csr_transpose(T, &TT), KES_OK);
    cr_assert_eq(memcmp(TT->rowptr, A->rowptr, sizeof(int64_t) * 14), 0);
    cr_assert_eq(memcmp(TT->colind, A->colind, sizeof(int32_t) * (size_t)A->nnz), 0);
    cr_assert_eq(memcmp(TT->val, A->val, sizeof(double) * (size_t)A->nnz), 0);
    cr_assert_eq(kes_csr_transpose(A, NULL), KES_EINVAL);
    /* More rows than an int32 column index can name: refused before touching the arrays. */
    int64_t rp[2] = {0, 0};
    kes_csr tall = {.nrows = (int64_t)INT32_MAX + 1, .ncols = 1, .nnz = 0, .rowptr = rp};
    cr_assert_eq(kes_csr_transpose(&tall, &T), KES_ERANGE);
    free(D);
    free(DT);
    kes_csr_destroy(A);
    kes_csr_destroy(T);
    kes_csr_destroy(TT);
}

/* ------------------------------------------------- diagonal, symmetry */

Test(csr, diagonal_and_positions)
{
    const int64_t r[] = {0, 0, 1, 2, 2}, c[] = {0, 2, 0, 1, 2};
    const double v[] = {3, 1, 4, 1, 5};
    kes_csr *A = from_trip(3, 3, 5, r, c, v);
    double d[3];
    int64_t pos[3];
    cr_assert_eq(kes_csr_diagonal(A, d), KES_OK);
    cr_assert(d[0] == 3 && d[1] == 0 && d[2] == 5);
    cr_assert_eq(kes_csr_diag_positions(A, pos), KES_OK);
    cr_assert(pos[0] == 0 && pos[1] == -1 && pos[2] == 4);
    cr_assert_eq(A->val[pos[2]], 5.0);
    cr_assert_eq(kes_csr_diagonal(A, NULL), KES_EINVAL);
    kes_csr_destroy(A);
    /* Rectangular: min(m, n) diagonal entries; positions need a square matrix. */
    const int64_t r2[] = {0, 1}, c2[] = {0, 1};
    const double v2[] = {7, 8};
    A = from_trip(2, 4, 2, r2, c2, v2);
    cr_assert_eq(kes_csr_diagonal(A, d), KES_OK);
    cr_assert(d[0] == 7 && d[1] == 8);
    cr_assert_eq(kes_csr_diag_positions(A, pos), KES_EDIM);
    kes_csr_destroy(A);
}

Test(csr, symmetry_checks)
{
    kes_csr *L = fx_laplacian(6, 0.0);
    cr_assert_not_null(L);
    int sym = -1;
    cr_assert_eq(kes_csr_is_symmetric_pattern(L, &sym), KES_OK);
    cr_assert_eq(sym, 1);
    cr_assert_eq(kes_csr_is_symmetric(L, 0.0, &sym), KES_OK);
    cr_assert_eq(sym, 1);
    /* Same pattern, values off by a relative 1e-10: symmetric only with tolerance. */
    L->val[1] *= 1.0 + 1e-10;
    cr_assert_eq(kes_csr_is_symmetric_pattern(L, &sym), KES_OK);
    cr_assert_eq(sym, 1);
    cr_assert_eq(kes_csr_is_symmetric(L, 0.0, &sym), KES_OK);
    cr_assert_eq(sym, 0);
    cr_assert_eq(kes_csr_is_symmetric(L, 1e-9, &sym), KES_OK);
    cr_assert_eq(sym, 1);
    cr_assert_eq(kes_csr_is_symmetric(L, -1.0, &sym), KES_EINVAL);
    cr_assert_eq(kes_csr_is_symmetric(L, NAN, &sym), KES_EINVAL);
    cr_assert_eq(kes_csr_is_symmetric(L, 0.0, NULL), KES_EINVAL);
    cr_assert_eq(kes_csr_is_symmetric_pattern(NULL, &sym), KES_EINVAL);
    kes_csr_destroy(L);
    /* One-sided entry: pattern not symmetric. */
    const int64_t r[] = {0, 1}, c[] = {1, 1};
    const double v[] = {1, 1};
    kes_csr *A = from_trip(2, 2, 2, r, c, v);
    cr_assert_eq(kes_csr_is_symmetric_pattern(A, &sym), KES_OK);
    cr_assert_eq(sym, 0);
    cr_assert_eq(kes_csr_is_symmetric(A, 0.5, &sym), KES_OK);
    cr_assert_eq(sym, 0, "missing counterpart counts as 0 whatever the tolerance below 1");
    kes_csr_destroy(A);
    /* Rectangular: never symmetric. */
    A = from_trip(2, 3, 2, r, c, v);
    cr_assert_eq(kes_csr_is_symmetric_pattern(A, &sym), KES_OK);
    cr_assert_eq(sym, 0);
    cr_assert_eq(kes_csr_is_symmetric(A, 0.0, &sym), KES_OK);
    cr_assert_eq(sym, 0);
    kes_csr_destroy(A);
}

/* ------------------------------------------------------ RCM, permute */

Test(csr, permute_is_PAPt)
{
    kes_rng r;
    kes_rng_init(&r, 5, 0);
    const int64_t n = 12;
    kes_csr *A = random_csr(&r, n, n, 0.3), *B;
    int64_t perm[12];
    for (int k = 0; k < n; k++) perm[k] = k;
    for (int64_t k = n - 1; k > 0; k--) { /* Fisher-Yates */
        int64_t j = (int64_t)kes_rng_uint(&r, (uint64_t)k + 1), t = perm[k];
        perm[k] = perm[j], perm[j] = t;
    }
    cr_assert_eq(kes_csr_permute(A, perm, &B), KES_OK);
    cr_assert_eq(kes_csr_validate(B), KES_OK);
    double *DA = to_dense(A), *DB = to_dense(B);
    for (int64_t k = 0; k < n; k++)
        for (int64_t l = 0; l < n; l++) cr_assert_eq(DB[k + n * l], DA[perm[k] + n * perm[l]]);
    free(DA);
    free(DB);
    kes_csr_destroy(B);
    B = (kes_csr *)0x1;
    int64_t bad[12];
    memcpy(bad, perm, sizeof bad);
    bad[3] = bad[4];
    cr_assert_eq(kes_csr_permute(A, bad, &B), KES_EINVAL, "repeated index");
    bad[3] = n;
    cr_assert_eq(kes_csr_permute(A, bad, &B), KES_EINVAL, "out of range");
    bad[3] = -1;
    cr_assert_eq(kes_csr_permute(A, bad, &B), KES_EINVAL);
    cr_assert_eq(kes_csr_permute(A, NULL, &B), KES_EINVAL);
    cr_assert_eq(kes_csr_permute(A, perm, NULL), KES_EINVAL);
    cr_assert_eq(B, (kes_csr *)0x1);
    kes_csr_destroy(A);
    kes_csr *R = random_csr(&r, 3, 4, 0.5);
    cr_assert_eq(kes_csr_permute(R, perm, &B), KES_EDIM);
    cr_assert_eq(kes_csr_rcm(R, perm), KES_EDIM);
    kes_csr_destroy(R);
}

Test(csr, rcm_recovers_small_bandwidth_of_shuffled_grid)
{
    kes_rng r;
    kes_rng_init(&r, 6, 0);
    const int64_t nx = 30, n = nx * nx;
    kes_csr *L = fx_laplacian((int)nx, 0.0), *S, *P;
    cr_assert_not_null(L);
    cr_assert_eq(kes_csr_bandwidth(L), nx);
    int64_t *shuffle = malloc(sizeof(int64_t) * (size_t)n), *perm = malloc(sizeof(int64_t) * (size_t)n);
    for (int64_t k = 0; k < n; k++) shuffle[k] = k;
    for (int64_t k = n - 1; k > 0; k--) {
        int64_t j = (int64_t)kes_rng_uint(&r, (uint64_t)k + 1), t = shuffle[k];
        shuffle[k] = shuffle[j], shuffle[j] = t;
    }
    cr_assert_eq(kes_csr_permute(L, shuffle, &S), KES_OK);
    int64_t bw_shuffled = kes_csr_bandwidth(S);
    cr_assert_gt(bw_shuffled, n / 2, "a random order destroys the band");
    cr_assert_eq(kes_csr_rcm(S, perm), KES_OK);
    cr_assert(is_permutation(perm, n));
    cr_assert_eq(kes_csr_permute(S, perm, &P), KES_OK);
    int64_t bw = kes_csr_bandwidth(P);
    /* RCM from a corner of an nx x nx grid numbers it by anti-diagonals: bandwidth nx (+1 for the
     * tie-breaking between anti-diagonals of different lengths). */
    cr_assert_leq(bw, nx + 1, "RCM bandwidth %lld, natural ordering %lld", (long long)bw, (long long)nx);
    /* The permuted matrix is still the same operator: same spectrum proxy (trace, Frobenius norm). */
    double tr = 0.0, d[900];
    cr_assert_eq(kes_csr_diagonal(P, d), KES_OK);
    for (int64_t i = 0; i < n; i++) tr += d[i];
    cr_assert_eq(tr, 4.0 * (double)n);
    cr_assert_eq(P->nnz, L->nnz);
    free(shuffle);
    free(perm);
    kes_csr_destroy(L);
    kes_csr_destroy(S);
    kes_csr_destroy(P);
}

Test(csr, rcm_handles_components_isolated_nodes_and_asymmetric_patterns)
{
    /* Two paths {0,2,4} and {1,3}, node 5 isolated, and a one-sided entry (4 -> 0 only). */
    const int64_t r[] = {0, 2, 2, 4, 1, 3, 4, 5}, c[] = {2, 0, 4, 2, 3, 1, 0, 5};
    const double v[] = {1, 1, 1, 1, 1, 1, 1, 1};
    kes_csr *A = from_trip(6, 6, 8, r, c, v), *P;
    int64_t perm[6];
    cr_assert_eq(kes_csr_rcm(A, perm), KES_OK);
    cr_assert(is_permutation(perm, 6));
    cr_assert_eq(kes_csr_permute(A, perm, &P), KES_OK);
    /* Each component is numbered contiguously, so a component's nodes are at most its size - 1 apart. */
    int64_t where[6];
    for (int k = 0; k < 6; k++) where[perm[k]] = k;
    int64_t lo = where[0], hi = where[0];
    for (int k = 2; k <= 4; k += 2) lo = where[k] < lo ? where[k] : lo, hi = where[k] > hi ? where[k] : hi;
    cr_assert_eq(hi - lo, 2);
    cr_assert_eq(llabs(where[1] - where[3]), 1);
    cr_assert_leq(kes_csr_bandwidth(P), 2);
    kes_csr_destroy(P);
    kes_csr_destroy(A);
    /* 1 x 1 and empty patterns. */
    const double one = 1.0;
    const int64_t z = 0;
    A = from_trip(1, 1, 1, &z, &z, &one);
    cr_assert_eq(kes_csr_rcm(A, perm), KES_OK);
    cr_assert_eq(perm[0], 0);
    kes_csr_destroy(A);
    A = from_trip(4, 4, 0, NULL, NULL, NULL);
    cr_assert_eq(kes_csr_rcm(A, perm), KES_OK);
    cr_assert(is_permutation(perm, 4));
    cr_assert_eq(kes_csr_rcm(A, NULL), KES_EINVAL);
    cr_assert_eq(kes_csr_rcm(NULL, perm), KES_EINVAL);
    kes_csr_destroy(A);
}

Test(csr, bandwidth_and_null_guards)
{
    cr_assert_eq(kes_csr_bandwidth(NULL), 0, "documented: 0 for NULL");
    const int64_t r[] = {0, 3}, c[] = {4, 0};
    const double v[] = {1, 1};
    kes_csr *A = from_trip(4, 5, 2, r, c, v);
    cr_assert_eq(kes_csr_bandwidth(A), 4);
    kes_csr_destroy(A);
    kes_csr empty = {0};
    double d[1];
    cr_assert_eq(kes_csr_diagonal(&empty, d), KES_EINVAL, "no rowptr, no rows");
    cr_assert_eq(kes_csr_bandwidth(&empty), 0);
}

Test(csr, index_functions_refuse_broken_structure)
{
    /* A hand-filled matrix (kes_csr_create leaves colind to the caller) with
     * a column index past ncols: every O(nnz) function that indexes with
     * colind refuses it instead of reading or writing out of bounds. */
    kes_csr *A = NULL;
    cr_assert_eq(kes_csr_create(3, 3, 3, &A), KES_OK);
    const int64_t rp[] = {0, 1, 2, 3};
    const int32_t ci[] = {0, 7, 2};
    memcpy(A->rowptr, rp, sizeof rp);
    memcpy(A->colind, ci, sizeof ci);
    for (int k = 0; k < 3; k++) A->val[k] = 1.0;
    kes_csr *B = (kes_csr *)0x1;
    int64_t perm[3] = {0, 1, 2};
    double dense[9];
    cr_assert_eq(kes_csr_validate(A), KES_EBADDATA);
    cr_assert_eq(kes_csr_transpose(A, &B), KES_EBADDATA);
    cr_assert_eq(kes_csr_rcm(A, perm), KES_EBADDATA);
    cr_assert_eq(kes_csr_permute(A, perm, &B), KES_EBADDATA);
    cr_assert_eq(kes_csr_to_dense(A, dense, 3), KES_EBADDATA);
    cr_assert_eq(B, (kes_csr *)0x1, "output untouched");
    /* unsorted columns and a decreasing rowptr are broken too */
    A->colind[1] = 1;
    A->rowptr[2] = 0;
    cr_assert_eq(kes_csr_transpose(A, &B), KES_EBADDATA);
    A->rowptr[2] = 2;
    cr_assert_eq(kes_csr_transpose(A, &B), KES_OK, "repaired");
    kes_csr_destroy(B);
    kes_csr_destroy(A);
}

/* Sizes that cannot describe real arrays are refused before the arrays are
 * read (found by test_hostile): the one-element arrays below would be read
 * out of bounds otherwise, which ASan reports. */
Test(csr, impossible_sizes_refused_before_reading)
{
    const int64_t r[1] = {0}, c[1] = {0};
    const double v[1] = {1}, d[1] = {1};
    kes_csr *A = NULL;
    cr_assert_eq(kes_csr_from_triplets(2, 2, INT64_MAX, r, c, v, &A), KES_ERANGE);
    cr_assert_eq(kes_csr_from_triplets(2, 2, INT64_MAX / 8, r, c, v, &A), KES_ERANGE);
    cr_assert_eq(kes_csr_from_dense(1, (int64_t)INT32_MAX + 1, d, 1, 0.0, &A), KES_ERANGE);
    cr_assert_eq(kes_csr_from_dense((int64_t)1 << 40, (int64_t)1 << 30, d, (int64_t)1 << 40, 0.0, &A), KES_ERANGE);
    cr_assert_null(A);
}
