/* Finite differences (src/pde/pde_fd.c): the 3/5/7-point Dirichlet
 * Laplacians (structure, symmetry, exactness on quadratics), the DST-I
 * fast solver against the assembled matrix (relative residual), and every
 * error path. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "pde_alloc_counter.h"

/* u = prod_d x_d (L_d - x_d) on [0, L_0] x ...: -lap u is exact for the
 * 3-point stencil (u is quadratic along each axis). */
static void manufactured(int dim, const int64_t *n, const double *Ld, double *u, double *f)
{
    int64_t nn[3] = {1, 1, 1};
    for (int d = 0; d < dim; d++) nn[d] = n[d];
    int64_t q = 0;
    for (int64_t k = 0; k < nn[2]; k++)
        for (int64_t j = 0; j < nn[1]; j++)
            for (int64_t i = 0; i < nn[0]; i++, q++) {
                int64_t idx[3] = {i, j, k};
                double g[3] = {1, 1, 1}, g2[3] = {0, 0, 0};
                for (int d = 0; d < dim; d++) {
                    double h = Ld[d] / (double)(n[d] + 1), x = h * (double)(idx[d] + 1);
                    g[d] = x * (Ld[d] - x);
                    g2[d] = -2.0;
                }
                u[q] = g[0] * g[1] * g[2];
                double lap = 0.0;
                for (int d = 0; d < dim; d++) {
                    double p = g2[d];
                    for (int e = 0; e < dim; e++)
                        if (e != d) p *= g[e];
                    lap += p;
                }
                f[q] = -lap;
            }
}

Test(pde_fd, laplacian_structure_and_exactness)
{
    int64_t n[3] = {7, 5, 4};
    double Ld[3] = {1.0, 2.0, 0.5};
    for (int dim = 1; dim <= 3; dim++) {
        double h[3];
        int64_t N = 1;
        for (int d = 0; d < dim; d++) {
            h[d] = Ld[d] / (double)(n[d] + 1);
            N *= n[d];
        }
        kes_csr *A;
        cr_assert_eq(kes_fd_laplacian(dim, n, h, &A), KES_OK);
        cr_assert_eq(kes_csr_validate(A), KES_OK);
        cr_assert_eq(A->nrows, N);
        int sym = 0;
        cr_assert_eq(kes_csr_is_symmetric(A, 0.0, &sym), KES_OK);
        cr_assert(sym);
        /* interior rows have 2 dim + 1 entries */
        int64_t maxrow = 0;
        for (int64_t i = 0; i < N; i++) maxrow = fmax(maxrow, A->rowptr[i + 1] - A->rowptr[i]);
        cr_assert_eq(maxrow, 2 * dim + 1);
        double *u = malloc(sizeof(double) * (size_t)N), *f = malloc(sizeof(double) * (size_t)N),
               *Au = malloc(sizeof(double) * (size_t)N);
        manufactured(dim, n, Ld, u, f);
        cr_assert_eq(kes_csr_matvec(A, u, Au), KES_OK);
        double e = 0, fm = 0;
        for (int64_t i = 0; i < N; i++) {
            e = fmax(e, fabs(Au[i] - f[i]));
            fm = fmax(fm, fabs(f[i]));
        }
        cr_assert_leq(e, 1e-12 * fm, "dim %d: %.3g", dim, e);
        free(u);
        free(f);
        free(Au);
        kes_csr_destroy(A);
    }
}

Test(pde_fd, dst_solver_inverts_assembled_matrix)
{
    int64_t n[2] = {63, 47}; /* 2(n+1) = 128, 96: smooth FFT lengths, for which FFTW allocates nothing */
    double h[2] = {1.0 / 64, 2.0 / 48};
    int64_t N = n[0] * n[1];
    kes_csr *A;
    cr_assert_eq(kes_fd_laplacian(2, n, h, &A), KES_OK);
    kes_fd_poisson *p;
    cr_assert_eq(kes_fd_poisson_create(n, h, &p), KES_OK);
    double *f = malloc(sizeof(double) * (size_t)N), *u = malloc(sizeof(double) * (size_t)N),
           *r = malloc(sizeof(double) * (size_t)N);
    kes_rng *rng;
    kes_rng_create(11, &rng);
    kes_rng_fill_normal(rng, N, f);
#ifdef KES_COUNT_ALLOC
    atomic_store(&n_alloc, 0);
    atomic_store(&counting, 1);
#endif
    int nbad = 0;
    for (int it = 0; it < 100; it++) nbad += kes_fd_poisson_solve(p, f, u) != KES_OK;
#ifdef KES_COUNT_ALLOC
    atomic_store(&counting, 0);
    cr_assert_eq(atomic_load(&n_alloc), 0, "%ld allocations in 100 DST solves", atomic_load(&n_alloc));
#endif
    cr_assert_eq(nbad, 0);
    cr_assert_eq(kes_csr_matvec(A, u, r), KES_OK);
    double num = 0, den = 0;
    for (int64_t i = 0; i < N; i++) {
        num += (r[i] - f[i]) * (r[i] - f[i]);
        den += f[i] * f[i];
    }
    double rel = sqrt(num / den);
    cr_log_info("DST-I solve 63 x 47: relative residual %.3g", rel);
    cr_assert_leq(rel, 1e-12, "relative residual %.3g", rel);
    /* the manufactured solution is recovered to rounding */
    double Ld[2] = {1.0, 2.0};
    manufactured(2, n, Ld, r, f);
    cr_assert_eq(kes_fd_poisson_solve(p, f, f), KES_OK); /* in place */
    double e = 0;
    for (int64_t i = 0; i < N; i++) e = fmax(e, fabs(f[i] - r[i]));
    cr_assert_leq(e, 1e-13, "manufactured: %.3g", e);
    /* a 1 x 1 grid: A = 2/h0^2 + 2/h1^2 */
    int64_t one[2] = {1, 1};
    kes_fd_poisson *q;
    cr_assert_eq(kes_fd_poisson_create(one, h, &q), KES_OK);
    double b = 1.0, x;
    cr_assert_eq(kes_fd_poisson_solve(q, &b, &x), KES_OK);
    cr_assert_leq(fabs(x * (2 / (h[0] * h[0]) + 2 / (h[1] * h[1])) - 1.0), 1e-15);
    kes_fd_poisson_destroy(q);
    kes_rng_destroy(rng);
    kes_fd_poisson_destroy(p);
    kes_csr_destroy(A);
    free(f);
    free(u);
    free(r);
}

Test(pde_fd, errors)
{
    int64_t n[3] = {4, 4, 4};
    double h[3] = {0.1, 0.1, 0.1};
    kes_csr *A = (kes_csr *)0x1;
    cr_assert_eq(kes_fd_laplacian(2, NULL, h, &A), KES_EINVAL);
    cr_assert_eq(kes_fd_laplacian(2, n, NULL, &A), KES_EINVAL);
    cr_assert_eq(kes_fd_laplacian(2, n, h, NULL), KES_EINVAL);
    cr_assert_eq(kes_fd_laplacian(0, n, h, &A), KES_EDIM);
    cr_assert_eq(kes_fd_laplacian(4, n, h, &A), KES_EDIM);
    int64_t z[3] = {4, 0, 4};
    cr_assert_eq(kes_fd_laplacian(3, z, h, &A), KES_EDIM);
    int64_t big[3] = {65536, 65536, 1};
    cr_assert_eq(kes_fd_laplacian(2, big, h, &A), KES_ERANGE);
    double hb[4][3] = {{0.1, 0, 0.1}, {0.1, -1, 0.1}, {0.1, NAN, 0.1}, {0.1, INFINITY, 0.1}};
    for (int k = 0; k < 4; k++) cr_assert_eq(kes_fd_laplacian(3, n, hb[k], &A), KES_EDOM);
    double tiny[3] = {1e-300, 0.1, 0.1};
    cr_assert_eq(kes_fd_laplacian(1, n, tiny, &A), KES_ERANGE);
    cr_assert_eq(A, (kes_csr *)0x1);

    kes_fd_poisson *p = (kes_fd_poisson *)0x1;
    cr_assert_eq(kes_fd_poisson_create(NULL, h, &p), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_create(n, NULL, &p), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_create(n, h, NULL), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_create(z + 1, h, &p), KES_EDIM);
    int64_t huge[2] = {INT_MAX / 2, 3};
    cr_assert_eq(kes_fd_poisson_create(huge, h, &p), KES_ERANGE);
    for (int k = 0; k < 4; k++) cr_assert_eq(kes_fd_poisson_create(n, hb[k] + 1, &p), KES_EDOM);
    cr_assert_eq(p, (kes_fd_poisson *)0x1);
    cr_assert_eq(kes_fd_poisson_create(n, h, &p), KES_OK);
    double f[16] = {0}, u[16];
    for (int i = 0; i < 16; i++) u[i] = 5.0;
    f[9] = NAN;
    cr_assert_eq(kes_fd_poisson_solve(p, f, u), KES_ENAN);
    for (int i = 0; i < 16; i++) cr_assert_eq(u[i], 5.0);
    cr_assert_eq(kes_fd_poisson_solve(NULL, f, u), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_solve(p, NULL, u), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_solve(p, f, NULL), KES_EINVAL);
    kes_fd_poisson_destroy(p);
    kes_fd_poisson_destroy(NULL);
}

/* The DST inverse as a kes_linop: an exact preconditioner for the 5-point
 * matrix (PCG converges in one iteration) and a good one for a
 * variable-coefficient screened operator A + diag(c) on the same grid. */
Test(pde_fd, linop_preconditioner)
{
    int64_t n[2] = {48, 31};
    double h[2] = {1.0 / 49, 1.0 / 32};
    int64_t N = n[0] * n[1];
    kes_csr *A;
    cr_assert_eq(kes_fd_laplacian(2, n, h, &A), KES_OK);
    kes_fd_poisson *p;
    cr_assert_eq(kes_fd_poisson_create(n, h, &p), KES_OK);
    kes_linop opA, opM = {0, NULL, NULL};
    cr_assert_eq(kes_linop_fd_poisson(NULL, &opM), KES_EINVAL);
    cr_assert_eq(kes_linop_fd_poisson(p, NULL), KES_EINVAL);
    cr_assert_eq(opM.n, 0);
    cr_assert_eq(kes_linop_fd_poisson(p, &opM), KES_OK);
    cr_assert_eq(opM.n, N);
    cr_assert_eq(kes_linop_csr(A, &opA), KES_OK);
    double *b = malloc(sizeof(double) * (size_t)N), *x = malloc(sizeof(double) * (size_t)N);
    for (int64_t i = 0; i < N; i++) b[i] = sin(0.1 * (double)i) + 1.0;
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    o.tol = 1e-10;
    kes_solve_stats st;
    cr_assert_eq(kes_pcg_solve(&opA, &opM, b, x, &o, &st), KES_OK);
    cr_assert_leq(st.iterations, 2, "exact preconditioner: %ld iterations", (long)st.iterations);
    /* screened, variable coefficient: A + diag(c), c in [0, 40] */
    for (int64_t i = 0; i < N; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
            if (A->colind[k] == i) A->val[k] += 20.0 * (1.0 + sin(0.05 * (double)i));
    cr_assert_eq(kes_linop_csr(A, &opA), KES_OK);
    kes_solve_stats s0, s1;
    cr_assert_eq(kes_pcg_solve(&opA, NULL, b, x, &o, &s0), KES_OK);
    cr_assert_eq(kes_pcg_solve(&opA, &opM, b, x, &o, &s1), KES_OK);
    cr_log_info("PCG on A + diag(c), 48 x 31: %ld iterations unpreconditioned, %ld with the DST-I inverse",
                (long)s0.iterations, (long)s1.iterations);
    cr_assert_lt(s1.iterations * 3, s0.iterations);
    free(b);
    free(x);
    kes_fd_poisson_destroy(p);
    kes_csr_destroy(A);
}

/* Found by test_hostile: spacing 1e300 on every axis made 1/h^2 underflow
 * to 0 and an all-zero "SPD" matrix; 1e-300 overflows.  Both KES_ERANGE. */
Test(fd_laplacian, spacing_out_of_range)
{
    int64_t n[2] = {3, 3};
    double big[2] = {1e300, 1e300}, tiny[2] = {1, 1e-300}, ok[2] = {1e150, 1e-150};
    kes_csr *A = (kes_csr *)0x1;
    cr_assert_eq(kes_fd_laplacian(2, n, big, &A), KES_ERANGE);
    cr_assert_eq(kes_fd_laplacian(2, n, tiny, &A), KES_ERANGE);
    cr_assert_eq(A, (kes_csr *)0x1);
    cr_assert_eq(kes_fd_laplacian(2, n, ok, &A), KES_OK);
    for (int64_t e = 0; e < A->nnz; e++) cr_assert(isfinite(A->val[e]));
    kes_csr_destroy(A);
}
