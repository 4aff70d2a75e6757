/* A program written the way a user would: only the installed headers and
 * library.  Prints the versions and checks a tiny CSR product and a dense
 * Cholesky solve (which pulls BLAS/LAPACKE into a static link). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <kestrel.h>

int main(void)
{
    printf("kestrel library %s headers %s\n", kes_version(), KES_VERSION_STRING);
    if (strcmp(kes_version(), KES_VERSION_STRING) != 0 || kes_version_number() != KES_VERSION_NUMBER) {
        fprintf(stderr, "consumer: header/library version mismatch\n");
        return 1;
    }
    /* A = [1 0 2; 0 3 0], x = (1, 2, 3): A x = (7, 6). */
    const int64_t r[] = {0, 0, 1}, c[] = {0, 2, 1};
    const double v[] = {1.0, 2.0, 3.0}, x[] = {1.0, 2.0, 3.0};
    kes_csr *A;
    kes_status st = kes_csr_from_triplets(2, 3, 3, r, c, v, &A);
    if (st != KES_OK) {
        fprintf(stderr, "consumer: %s\n", kes_strerror(st));
        return 1;
    }
    double y[2];
    st = kes_csr_matvec(A, x, y);
    kes_csr_destroy(A);
    if (st != KES_OK || y[0] != 7.0 || y[1] != 6.0) {
        fprintf(stderr, "consumer: wrong product (%g, %g)\n", y[0], y[1]);
        return 1;
    }
    /* [4 2; 2 3] z = (8, 7) has z = (1.25, 1.5). */
    double M[4] = {4, 2, 2, 3}, b[2] = {8, 7};
    kes_mat L = kes_mat_view(M, 2, 2, 2), B = kes_mat_view(b, 2, 1, 2);
    if (kes_mat_cholesky(L) != KES_OK || kes_mat_cholesky_solve(kes_mat_const(L), B) != KES_OK || fabs(b[0] - 1.25) > 1e-15 ||
        fabs(b[1] - 1.5) > 1e-15) {
        fprintf(stderr, "consumer: wrong Cholesky solve (%g, %g)\n", b[0], b[1]);
        return 1;
    }
    /* The same system matrix-free: an owned matrix, a dense operator over
     * its read-only view, and preconditioned CG on the operator. */
    kes_matrix *Mo;
    if (kes_matrix_create(2, 2, &Mo) != KES_OK) return 1;
    kes_mat Mv = kes_matrix_view(Mo);
    kes_mat_set(Mv, 0, 0, 4), kes_mat_set(Mv, 1, 0, 2), kes_mat_set(Mv, 0, 1, 2), kes_mat_set(Mv, 1, 1, 3);
    kes_cmat Mc = kes_matrix_cview(Mo);
    kes_linop op;
    double rhs[2] = {8, 7}, z[2] = {0, 0};
    kes_solve_opts so = kes_solve_opts_default();
    so.tol = 1e-14;
    kes_solve_stats ss;
    st = kes_linop_dense(&Mc, &op);
    if (st == KES_OK) st = kes_pcg_solve(&op, NULL, rhs, z, &so, &ss);
    kes_matrix_destroy(Mo);
    if (st != KES_OK || fabs(z[0] - 1.25) > 1e-13 || fabs(z[1] - 1.5) > 1e-13) {
        fprintf(stderr, "consumer: operator CG %s (%g, %g)\n", kes_strerror(st), z[0], z[1]);
        return 1;
    }
    printf("csr product %g %g, cholesky solve %g %g, operator CG %g %g: OK\n", y[0], y[1], b[0], b[1], z[0], z[1]);
    return 0;
}
