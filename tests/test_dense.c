/* Tests for src/linalg/dense.c: the owners kes_matrix/kes_vector, the
 * writable and read-only views, their checks, copies and fills. */
#include <criterion/criterion.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "dense_testutil.h"

/* ------------------------------------------------------------ storage */

Test(dense, owners_zero_filled_and_destroyed)
{
    kes_vector *v = NULL;
    cr_assert_eq(kes_vector_create(5, &v), KES_OK);
    kes_vec vv = kes_vector_view(v);
    cr_assert(vv.stride == 1 && vv.n == 5);
    for (int i = 0; i < 5; i++) cr_assert_eq(vv.data[i], 0.0);
    kes_cvec cv = kes_vector_cview(v);
    cr_assert(cv.data == vv.data && cv.n == 5 && cv.stride == 1);
    kes_vector_destroy(v);
    kes_matrix *A = NULL;
    cr_assert_eq(kes_matrix_create(3, 4, &A), KES_OK);
    kes_mat Av = kes_matrix_view(A);
    cr_assert(Av.nrows == 3 && Av.ncols == 4 && Av.ld == 3);
    for (int i = 0; i < 12; i++) cr_assert_eq(Av.data[i], 0.0);
    kes_cmat Ac = kes_matrix_cview(A);
    cr_assert(Ac.data == Av.data && Ac.ld == 3);
    /* A copy of a view owns nothing: copying it around and dropping the
     * copies leaves the owner intact (ASan would flag a double free). */
    kes_mat copy = Av;
    kes_mat_set(copy, 2, 3, 7.0);
    cr_assert_eq(kes_cmat_get(Ac, 2, 3), 7.0);
    kes_matrix_destroy(A);
    /* Empty shapes are legal; destroy(NULL) and views of NULL are harmless. */
    cr_assert_eq(kes_vector_create(0, &v), KES_OK);
    cr_assert_eq(kes_vector_view(v).n, 0);
    kes_vector_destroy(v);
    cr_assert_eq(kes_matrix_create(0, 7, &A), KES_OK);
    cr_assert_eq(kes_matrix_view(A).ld, 1);
    kes_matrix_destroy(A);
    kes_vector_destroy(NULL);
    kes_matrix_destroy(NULL);
    cr_assert_null(kes_matrix_view(NULL).data);
    cr_assert_null(kes_matrix_cview(NULL).data);
    cr_assert_null(kes_vector_view(NULL).data);
    cr_assert_null(kes_vector_cview(NULL).data);
}

Test(dense, create_errors_leave_output_untouched)
{
    kes_vector *v = (kes_vector *)&v;
    kes_matrix *A = (kes_matrix *)&A;
    kes_vector *v0 = v;
    kes_matrix *A0 = A;
    cr_assert_eq(kes_vector_create(3, NULL), KES_EINVAL);
    cr_assert_eq(kes_matrix_create(3, 3, NULL), KES_EINVAL);
    cr_assert_eq(kes_vector_create(-1, &v), KES_EDIM);
    cr_assert_eq(kes_matrix_create(2, -1, &A), KES_EDIM);
    cr_assert_eq(kes_vector_create(INT64_MAX, &v), KES_ERANGE);
    cr_assert_eq(kes_matrix_create(INT64_MAX / 2, 4, &A), KES_ERANGE);
    cr_assert_eq(kes_matrix_create((int64_t)1 << 31, (int64_t)1 << 31, &A), KES_ERANGE, "2^62 doubles overflow bytes");
    cr_assert_eq(v, v0);
    cr_assert_eq(A, A0);
}

Test(dense, const_views_share_the_elements)
{
    double buf[4] = {1, 2, 3, 4};
    kes_mat A = kes_mat_view(buf, 2, 2, 2);
    kes_cmat C = kes_mat_const(A);
    cr_assert(C.data == buf && C.nrows == 2 && C.ncols == 2 && C.ld == 2);
    kes_cvec r = kes_cmat_row(C, 1), c = kes_cmat_column(C, 1), d = kes_cmat_diagonal(C);
    cr_assert(r.data == buf + 1 && r.stride == 2 && r.n == 2);
    cr_assert(c.data == buf + 2 && c.stride == 1 && c.n == 2);
    cr_assert(d.data == buf && d.stride == 3 && d.n == 2);
    kes_cmat S = kes_cmat_submatrix(C, 1, 1, 1, 1);
    cr_assert(S.data == buf + 3 && S.nrows == 1);
    cr_assert_null(kes_cmat_submatrix(C, 1, 1, 2, 1).data, "out of range");
    cr_assert_null(kes_cmat_row(C, 2).data);
    cr_assert_null(kes_cmat_column(C, -1).data);
    kes_cvec x = kes_vec_const(kes_vec_view(buf, 4, 1));
    cr_assert(x.data == buf && x.n == 4);
    cr_assert_eq(kes_cvec_check(kes_cvec_view(NULL, 2, 1)), KES_EINVAL);
    cr_assert_eq(kes_cmat_check(kes_cmat_view(buf, 2, 2, 1)), KES_EDIM);
}

Test(dense, views_alias_the_parent)
{
    double buf[5 * 4];
    for (int k = 0; k < 20; k++) buf[k] = k;
    kes_mat A = kes_mat_view(buf, 4, 4, 5); /* one padding row */
    kes_mat S = kes_mat_submatrix(A, 1, 2, 3, 2);
    cr_assert(S.nrows == 3 && S.ncols == 2 && S.ld == 5);
    cr_assert_eq(kes_mat_get(S, 0, 0), buf[1 + 2 * 5]);
    cr_assert_eq(kes_mat_get(S, 2, 1), buf[3 + 3 * 5]);
    kes_mat_set(S, 1, 1, -1.0);
    cr_assert_eq(buf[2 + 3 * 5], -1.0);
    kes_vec c = kes_mat_column(A, 3), r = kes_mat_row(A, 2), d = kes_mat_diagonal(A);
    cr_assert(c.n == 4 && c.stride == 1 && c.data == buf + 15);
    cr_assert(r.n == 4 && r.stride == 5 && r.data == buf + 2);
    cr_assert(d.n == 4 && d.stride == 6);
    for (int i = 0; i < 4; i++) cr_assert_eq(d.data[i * d.stride], buf[i + 5 * i]);
    /* Rectangular diagonal has min(m, n) entries. */
    cr_assert_eq(kes_mat_diagonal(kes_mat_view(buf, 4, 2, 5)).n, 2);
    /* Out of range: empty view with NULL data. */
    cr_assert_null(kes_mat_submatrix(A, 2, 0, 3, 1).data);
    cr_assert_null(kes_mat_submatrix(A, 0, 0, 1, 5).data);
    cr_assert_null(kes_mat_submatrix(A, -1, 0, 1, 1).data);
    cr_assert_null(kes_mat_submatrix(A, 1, 1, INT64_MAX, 1).data, "no overflow in the range check");
    cr_assert_null(kes_mat_submatrix(A, INT64_MAX, 0, 1, 1).data);
    cr_assert_null(kes_mat_column(A, 4).data);
    cr_assert_null(kes_mat_row(A, -1).data);
    cr_assert_null(kes_mat_column(kes_mat_view(NULL, 2, 2, 2), 0).data);
    cr_assert_null(kes_mat_diagonal(kes_mat_view(NULL, 2, 2, 2)).data);
    /* Empty sub-block at the edge is fine. */
    kes_mat E = kes_mat_submatrix(A, 4, 4, 0, 0);
    cr_assert(E.nrows == 0 && E.ncols == 0);
}

Test(dense, checks)
{
    double buf[4];
    cr_assert_eq(kes_vec_check(kes_vec_view(buf, 4, 1)), KES_OK);
    cr_assert_eq(kes_vec_check(kes_vec_view(NULL, 0, 1)), KES_OK);
    cr_assert_eq(kes_vec_check(kes_vec_view(NULL, 2, 1)), KES_EINVAL);
    cr_assert_eq(kes_vec_check(kes_vec_view(buf, 2, 0)), KES_EINVAL);
    cr_assert_eq(kes_vec_check(kes_vec_view(buf, -1, 1)), KES_EDIM);
    cr_assert_eq(kes_mat_check(kes_mat_view(buf, 2, 2, 2)), KES_OK);
    cr_assert_eq(kes_mat_check(kes_mat_view(buf, 2, 2, 1)), KES_EDIM);
    cr_assert_eq(kes_mat_check(kes_mat_view(buf, 0, 2, 0)), KES_EDIM, "ld >= 1 always (LAPACK)");
    cr_assert_eq(kes_mat_check(kes_mat_view(NULL, 0, 2, 1)), KES_OK);
    cr_assert_eq(kes_mat_check(kes_mat_view(NULL, 2, 2, 2)), KES_EINVAL);
    cr_assert_eq(kes_mat_check(kes_mat_view(buf, -2, 2, 2)), KES_EDIM);
}

Test(dense, copy_fill_identity)
{
    double a[6] = {1, 2, 3, 4, 5, 6}, b[9];
    for (int k = 0; k < 9; k++) b[k] = -1;
    cr_assert_eq(kes_mat_copy(kes_mat_const(kes_mat_view(a, 2, 3, 2)), kes_mat_view(b, 2, 3, 3)), KES_OK);
    const double want[9] = {1, 2, -1, 3, 4, -1, 5, 6, -1}; /* padding row untouched */
    for (int k = 0; k < 9; k++) cr_assert_eq(b[k], want[k]);
    cr_assert_eq(kes_mat_copy(kes_mat_const(kes_mat_view(a, 2, 3, 2)), kes_mat_view(b, 3, 2, 3)), KES_EDIM);
    cr_assert_eq(kes_mat_copy(kes_mat_const(kes_mat_view(a, 2, 3, 1)), kes_mat_view(b, 2, 3, 3)), KES_EDIM);
    /* Strided vector copy: every other element. */
    double x[3] = {7, 8, 9};
    cr_assert_eq(kes_vec_copy(kes_vec_const(kes_vec_view(x, 3, 1)), kes_vec_view(b, 3, 3)), KES_OK);
    cr_assert(b[0] == 7 && b[3] == 8 && b[6] == 9 && b[1] == 2);
    cr_assert_eq(kes_vec_copy(kes_vec_const(kes_vec_view(x, 3, 1)), kes_vec_view(b, 2, 1)), KES_EDIM);
    cr_assert_eq(kes_vec_copy(kes_vec_const(kes_vec_view(NULL, 3, 1)), kes_vec_view(b, 3, 1)), KES_EINVAL);
    kes_mat B = kes_mat_view(b, 2, 3, 3);
    kes_mat_set_identity(B);
    for (int j = 0; j < 3; j++)
        for (int i = 0; i < 2; i++) cr_assert_eq(kes_mat_get(B, i, j), i == j ? 1.0 : 0.0);
    cr_assert_eq(b[2], -1.0, "padding row untouched by fill");
    cr_assert_eq(b[8], -1.0);
    kes_vec_fill(kes_vec_view(x, 2, 2), 3.5);
    cr_assert(x[0] == 3.5 && x[1] == 8 && x[2] == 3.5);
}

/* --------------------------------------------------------------- BLAS 1 */

