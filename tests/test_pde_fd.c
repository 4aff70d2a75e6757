/* Finite differences (src/pde/pde_fd.c): the 3/5/7-point Dirichlet
 * Laplacians (structure, symmetry, exactness on quadratics), the DST-I
 * fast solver against the assembled matrix (relative residual), and every
 * error path. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "kestrel.h"
#include "pde_alloc_counter.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* max_i |x_i - ref_i|, and max_i |ref_i| into *refmax when not NULL. */
static double max_err(const double *x, const double *ref, int64_t n, double *refmax)
{
    double e = 0.0, m = 0.0;
    for (int64_t i = 0; i < n; i++) {
        e = fmax(e, fabs(x[i] - ref[i]));
        m = fmax(m, fabs(ref[i]));
    }
    if (refmax) *refmax = m;
    return e;
}

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
        double fm, e = max_err(Au, f, N, &fm);
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
    double e = max_err(f, r, N, NULL);
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

/* ---------------------------------------- DST solver in 1-D and 3-D */

static void csr_apply(const kes_csr *A, const double *x, double *y)
{
    for (int64_t i = 0; i < A->nrows; i++) {
        double s = 0.0;
        for (int64_t p = A->rowptr[i]; p < A->rowptr[i + 1]; p++) s += A->val[p] * x[A->colind[p]];
        y[i] = s;
    }
}

Test(pde_fd, dst_solver_any_dimension)
{
    const int64_t ns[3][3] = {{31, 1, 1}, {7, 12, 1}, {7, 6, 9}};
    const double hs[3] = {0.1, 0.3, 0.02};
    for (int dim = 1; dim <= 3; dim++) {
        kes_csr *A;
        cr_assert_eq(kes_fd_laplacian(dim, ns[dim - 1], hs, &A), KES_OK);
        int64_t N = A->nrows;
        double *f = malloc(sizeof(double) * (size_t)N), *u = malloc(sizeof(double) * (size_t)N),
               *r = malloc(sizeof(double) * (size_t)N);
        for (int64_t i = 0; i < N; i++) f[i] = sin(1.3 * (double)i) + 0.5;
        kes_fd_poisson *p;
        cr_assert_eq(kes_fd_poisson_from_box(dim, ns[dim - 1], hs, &p), KES_OK);
        cr_assert_eq(kes_fd_poisson_solve(p, f, u), KES_OK);
        csr_apply(A, u, r);
        double fn, res = max_err(r, f, N, &fn);
        cr_assert_leq(res, 1e-12 * fn, "dim %d: residual %.3g", dim, res);
        kes_fd_poisson_destroy(p);
        kes_csr_destroy(A);
        free(f);
        free(u);
        free(r);
    }
    /* the 2-D create is from_box(2): same bits */
    int64_t n2[2] = {15, 9};
    double h2[2] = {0.1, 0.07}, f[135], u1[135], u2[135];
    for (int i = 0; i < 135; i++) f[i] = cos(0.1 * i * i);
    kes_fd_poisson *a, *b;
    cr_assert_eq(kes_fd_poisson_create(n2, h2, &a), KES_OK);
    cr_assert_eq(kes_fd_poisson_from_box(2, n2, h2, &b), KES_OK);
    cr_assert_eq(kes_fd_poisson_solve(a, f, u1), KES_OK);
    cr_assert_eq(kes_fd_poisson_solve(b, f, u2), KES_OK);
    cr_assert_eq(memcmp(u1, u2, sizeof u1), 0);
    kes_fd_poisson_destroy(a);
    kes_fd_poisson_destroy(b);
}

/* 7-point solver on a manufactured quadratic (exact for the stencil). */
Test(pde_fd, dst_7point_manufactured)
{
    int64_t n[3] = {15, 11, 7};
    double Ld[3] = {1.0, 2.0, 0.5}, h[3];
    for (int d = 0; d < 3; d++) h[d] = Ld[d] / (double)(n[d] + 1);
    int64_t N = n[0] * n[1] * n[2];
    double *u = malloc(sizeof(double) * (size_t)N), *f = malloc(sizeof(double) * (size_t)N),
           *v = malloc(sizeof(double) * (size_t)N);
    manufactured(3, n, Ld, u, f);
    kes_fd_poisson *p;
    cr_assert_eq(kes_fd_poisson_from_box(3, n, h, &p), KES_OK);
    cr_assert_eq(kes_fd_poisson_solve(p, f, v), KES_OK);
    double e = max_err(v, u, N, NULL);
    cr_assert_leq(e, 1e-13, "error %.3g", e);
    kes_fd_poisson_destroy(p);
    free(u);
    free(f);
    free(v);
}

/* ------------------------------------------------------------ diffusion */

Test(pde_fd, diffusion_unit_coefficient_is_laplacian)
{
    const int64_t n[3] = {5, 4, 3};
    const double h[3] = {0.1, 0.25, 0.3};
    for (int dim = 1; dim <= 3; dim++) {
        kes_csr *A, *B;
        cr_assert_eq(kes_fd_laplacian(dim, n, h, &A), KES_OK);
        cr_assert_eq(kes_fd_diffusion(dim, n, h, KES_FD_DIRICHLET, NULL, NULL, &B), KES_OK);
        cr_assert_eq(A->nnz, B->nnz);
        cr_assert_eq(memcmp(A->rowptr, B->rowptr, sizeof(int64_t) * (size_t)(A->nrows + 1)), 0);
        cr_assert_eq(memcmp(A->colind, B->colind, sizeof(int32_t) * (size_t)A->nnz), 0);
        cr_assert_eq(memcmp(A->val, B->val, sizeof(double) * (size_t)A->nnz), 0, "dim %d values differ", dim);
        kes_csr_destroy(A);
        kes_csr_destroy(B);
    }
}

static double coef_a(void *ctx, const double *x)
{
    int dim = *(const int *)ctx;
    double s = 1.0 + x[0] * x[0];
    if (dim > 1) s += 0.5 * x[1];
    if (dim > 2) s += 0.25 * x[2] * x[0];
    return s;
}

static double entry(const kes_csr *A, int64_t i, int64_t j)
{
    for (int64_t p = A->rowptr[i]; p < A->rowptr[i + 1]; p++)
        if (A->colind[p] == j) return A->val[p];
    return 0.0;
}

Test(pde_fd, diffusion_symmetric_and_row_sums)
{
    const int64_t n[3] = {6, 5, 4};
    const double h[3] = {0.1, 0.2, 0.15};
    for (int dim = 1; dim <= 3; dim++)
        for (int bc = 0; bc < 2; bc++) {
            kes_csr *A;
            cr_assert_eq(kes_fd_diffusion(dim, n, h, (kes_fd_bc)bc, coef_a, &dim, &A), KES_OK);
            for (int64_t i = 0; i < A->nrows; i++) {
                double rs = 0.0;
                for (int64_t p = A->rowptr[i]; p < A->rowptr[i + 1]; p++) {
                    cr_assert_eq(A->val[p], entry(A, A->colind[p], i), "not symmetric");
                    rs += A->val[p];
                }
                if (bc == KES_FD_NEUMANN) cr_assert_leq(fabs(rs), 1e-12 * entry(A, i, i), "row sum %g", rs);
                else cr_assert_geq(rs, -1e-12 * entry(A, i, i));
            }
            kes_csr_destroy(A);
        }
}

/* Thomas algorithm for a tridiagonal CSR matrix. */
static void tridiag_solve(const kes_csr *A, const double *f, double *u)
{
    int64_t n = A->nrows;
    double *c = malloc(sizeof(double) * (size_t)n), *d = malloc(sizeof(double) * (size_t)n);
    for (int64_t i = 0; i < n; i++) {
        double a = i > 0 ? entry(A, i, i - 1) : 0.0, b = entry(A, i, i), cc = i + 1 < n ? entry(A, i, i + 1) : 0.0;
        double m = b - (i > 0 ? a * c[i - 1] : 0.0);
        c[i] = cc / m;
        d[i] = (f[i] - (i > 0 ? a * d[i - 1] : 0.0)) / m;
    }
    for (int64_t i = n - 1; i >= 0; i--) u[i] = d[i] - (i + 1 < n ? c[i] * u[i + 1] : 0.0);
    free(c);
    free(d);
}

/* -(a u')' = f on [0, 1], a = 1 + x^2, u = sin(pi x), Dirichlet: second
 * order.  f = -(a' u' + a u'') = -2x pi cos(pi x) + (1 + x^2) pi^2 sin(pi x). */
Test(pde_fd, diffusion_second_order_dirichlet)
{
    int one = 1;
    double prev = 0.0;
    for (int64_t n = 15; n <= 255; n = 2 * n + 1) {
        double h = 1.0 / (double)(n + 1);
        kes_csr *A;
        cr_assert_eq(kes_fd_diffusion(1, &n, &h, KES_FD_DIRICHLET, coef_a, &one, &A), KES_OK);
        double *f = malloc(sizeof(double) * (size_t)n), *u = malloc(sizeof(double) * (size_t)n);
        for (int64_t i = 0; i < n; i++) {
            double x = (double)(i + 1) * h;
            f[i] = -2.0 * x * M_PI * cos(M_PI * x) + (1.0 + x * x) * M_PI * M_PI * sin(M_PI * x);
        }
        tridiag_solve(A, f, u);
        double e = 0.0;
        for (int64_t i = 0; i < n; i++) e = fmax(e, fabs(u[i] - sin(M_PI * (double)(i + 1) * h)));
        if (prev > 0.0) {
            double r = prev / e;
            cr_assert(r > 3.8 && r < 4.2, "n %lld: error ratio %.3f", (long long)n, r);
        }
        prev = e;
        kes_csr_destroy(A);
        free(f);
        free(u);
    }
}

/* Neumann, a = 1: the cell-centred matrix tridiag(-1, 2, -1) / h^2 with 1 / h^2 at the ends. */
Test(pde_fd, diffusion_neumann_structure)
{
    int64_t n = 6;
    double h = 0.5;
    kes_csr *A;
    cr_assert_eq(kes_fd_diffusion(1, &n, &h, KES_FD_NEUMANN, NULL, NULL, &A), KES_OK);
    for (int64_t i = 0; i < n; i++) {
        cr_assert_eq(entry(A, i, i), (i == 0 || i == n - 1) ? 4.0 : 8.0);
        if (i > 0) cr_assert_eq(entry(A, i, i - 1), -4.0);
    }
    kes_csr_destroy(A);
}

static double coef_bad(void *ctx, const double *x) { return *(const double *)ctx; }

Test(pde_fd, diffusion_errors)
{
    int64_t n[2] = {4, 4}, n0[2] = {4, 0};
    double h[2] = {0.1, 0.1}, hb[2] = {0.1, -1}, ht[2] = {1e-160, 0.1};
    kes_csr *A = (kes_csr *)(uintptr_t)0x99;
    cr_assert_eq(kes_fd_diffusion(2, NULL, h, KES_FD_DIRICHLET, NULL, NULL, &A), KES_EINVAL);
    cr_assert_eq(kes_fd_diffusion(2, n, NULL, KES_FD_DIRICHLET, NULL, NULL, &A), KES_EINVAL);
    cr_assert_eq(kes_fd_diffusion(2, n, h, KES_FD_DIRICHLET, NULL, NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_fd_diffusion(2, n, h, (kes_fd_bc)7, NULL, NULL, &A), KES_EINVAL);
    cr_assert_eq(kes_fd_diffusion(0, n, h, KES_FD_DIRICHLET, NULL, NULL, &A), KES_EDIM);
    cr_assert_eq(kes_fd_diffusion(2, n0, h, KES_FD_DIRICHLET, NULL, NULL, &A), KES_EDIM);
    cr_assert_eq(kes_fd_diffusion(2, n, hb, KES_FD_DIRICHLET, NULL, NULL, &A), KES_EDOM);
    cr_assert_eq(kes_fd_diffusion(2, n, ht, KES_FD_DIRICHLET, NULL, NULL, &A), KES_ERANGE);
    double vals[4] = {0.0, -1.0, NAN, INFINITY};
    for (int i = 0; i < 4; i++) {
        cr_assert_eq(kes_fd_diffusion(2, n, h, KES_FD_NEUMANN, coef_bad, &vals[i], &A), KES_EDOM);
        cr_assert_eq(kes_fd_diffusion(2, n, h, KES_FD_DIRICHLET, coef_bad, &vals[i], &A), KES_EDOM);
    }
    double big = 1e307; /* times 1/h^2 = 100 overflows */
    cr_assert_eq(kes_fd_diffusion(2, n, h, KES_FD_DIRICHLET, coef_bad, &big, &A), KES_ERANGE);
    cr_assert(A == (kes_csr *)(uintptr_t)0x99);
}

/* ------------------------------------------------------- step matrices */

Test(pde_fd, step_matrices)
{
    int64_t n[2] = {5, 4};
    double h[2] = {0.2, 0.25};
    kes_csr *L, *S;
    cr_assert_eq(kes_fd_laplacian(2, n, h, &L), KES_OK);
    cr_assert_eq(kes_fd_step_matrix(L, 0.01, &S), KES_OK);
    cr_assert_eq(S->nnz, L->nnz);
    for (int64_t i = 0; i < L->nrows; i++)
        for (int64_t p = L->rowptr[i]; p < L->rowptr[i + 1]; p++) {
            cr_assert_eq(S->colind[p], L->colind[p]);
            cr_assert_eq(S->val[p], (L->colind[p] == i ? 1.0 : 0.0) + 0.01 * L->val[p]);
        }
    kes_csr_destroy(S);
    /* Crank-Nicolson on the DST eigenvector sin(pi x) sin(pi y): the
     * amplification (1 - c lam) / (1 + c lam) */
    kes_csr *Ap, *Am;
    double c = 0.05;
    cr_assert_eq(kes_fd_step_matrix(L, c, &Ap), KES_OK);
    cr_assert_eq(kes_fd_step_matrix(L, -c, &Am), KES_OK);
    double v[20], w[20], z[20];
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < 5; i++) v[i + 5 * j] = sin(M_PI * (i + 1) / 6.0) * sin(M_PI * (j + 1) / 5.0);
    double lam = (2 - 2 * cos(M_PI / 6)) / (h[0] * h[0]) + (2 - 2 * cos(M_PI / 5)) / (h[1] * h[1]);
    csr_apply(Am, v, w);
    csr_apply(Ap, v, z);
    for (int i = 0; i < 20; i++) {
        cr_assert_leq(fabs(w[i] - (1 - c * lam) * v[i]), 1e-13);
        cr_assert_leq(fabs(z[i] - (1 + c * lam) * v[i]), 1e-13);
    }
    kes_csr_destroy(Ap);
    kes_csr_destroy(Am);
    kes_csr_destroy(L);
    /* a matrix without some diagonal entries gets them */
    int64_t r[3] = {0, 1, 2}, cc[3] = {1, 0, 0};
    double vv[3] = {2, 3, 4};
    kes_csr *T;
    cr_assert_eq(kes_csr_from_triplets(3, 3, 3, r, cc, vv, &T), KES_OK);
    cr_assert_eq(kes_fd_step_matrix(T, 2.0, &S), KES_OK);
    cr_assert_eq(S->nnz, 6);
    cr_assert_eq(entry(S, 0, 0), 1.0);
    cr_assert_eq(entry(S, 0, 1), 4.0);
    cr_assert_eq(entry(S, 1, 0), 6.0);
    cr_assert_eq(entry(S, 1, 1), 1.0);
    cr_assert_eq(entry(S, 2, 0), 8.0);
    cr_assert_eq(entry(S, 2, 2), 1.0);
    for (int64_t i = 0; i < 3; i++)
        for (int64_t p = S->rowptr[i] + 1; p < S->rowptr[i + 1]; p++) cr_assert_gt(S->colind[p], S->colind[p - 1]);
    kes_csr_destroy(S);
    S = (kes_csr *)(uintptr_t)0x99;
    cr_assert_eq(kes_fd_step_matrix(NULL, 1.0, &S), KES_EINVAL);
    cr_assert_eq(kes_fd_step_matrix(T, 1.0, NULL), KES_EINVAL);
    cr_assert_eq(kes_fd_step_matrix(T, NAN, &S), KES_EDOM);
    cr_assert_eq(kes_fd_step_matrix(T, 1e308, &S), KES_ERANGE);
    T->val[1] = INFINITY;
    cr_assert_eq(kes_fd_step_matrix(T, 1.0, &S), KES_ENAN);
    cr_assert(S == (kes_csr *)(uintptr_t)0x99);
    kes_csr_destroy(T);
    kes_csr *R;
    int64_t r2[3] = {0, 1, 1};
    cr_assert_eq(kes_csr_from_triplets(2, 3, 3, r2, cc, vv, &R), KES_OK);
    cr_assert_eq(kes_fd_step_matrix(R, 1.0, &S), KES_EDIM);
    kes_csr_destroy(R);
}

Test(pde_fd, from_box_errors)
{
    int64_t n[3] = {4, 4, 4}, n0[3] = {4, 4, 0}, nb[3] = {INT64_MAX, 2, 2};
    double h[3] = {0.1, 0.1, 0.1}, hb[3] = {0.1, 0.1, NAN};
    kes_fd_poisson *p = (kes_fd_poisson *)(uintptr_t)0x99;
    cr_assert_eq(kes_fd_poisson_from_box(3, NULL, h, &p), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_from_box(3, n, NULL, &p), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_from_box(3, n, h, NULL), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_from_box(0, n, h, &p), KES_EDIM);
    cr_assert_eq(kes_fd_poisson_from_box(4, n, h, &p), KES_EDIM);
    cr_assert_eq(kes_fd_poisson_from_box(3, n0, h, &p), KES_EDIM);
    cr_assert_eq(kes_fd_poisson_from_box(3, nb, h, &p), KES_ERANGE);
    cr_assert_eq(kes_fd_poisson_from_box(3, n, hb, &p), KES_EDOM);
    cr_assert(p == (kes_fd_poisson *)(uintptr_t)0x99);
}

/* Neumann fast solver: A u = f - mean(f), zero-mean u, against the
 * assembled cell-centred matrix; Dirichlet is from_box bit for bit. */
Test(pde_fd, neumann_fast_solver)
{
    const int64_t ns[3][3] = {{13, 1, 1}, {7, 10, 1}, {5, 6, 4}};
    const double hs[3] = {0.1, 0.3, 0.02};
    for (int dim = 1; dim <= 3; dim++) {
        kes_csr *A;
        cr_assert_eq(kes_fd_diffusion(dim, ns[dim - 1], hs, KES_FD_NEUMANN, NULL, NULL, &A), KES_OK);
        int64_t N = A->nrows;
        double *f = malloc(sizeof(double) * (size_t)N), *u = malloc(sizeof(double) * (size_t)N),
               *r = malloc(sizeof(double) * (size_t)N), mf = 0.0;
        for (int64_t i = 0; i < N; i++) mf += (f[i] = sin(1.3 * (double)i) + 0.5);
        mf /= (double)N;
        kes_fd_poisson *p;
        cr_assert_eq(kes_fd_poisson_from_bc(dim, ns[dim - 1], hs, KES_FD_NEUMANN, &p), KES_OK);
        cr_assert_eq(kes_fd_poisson_solve(p, f, u), KES_OK);
        csr_apply(A, u, r);
        double res = 0.0, mu = 0.0, un = 0.0;
        for (int64_t i = 0; i < N; i++) {
            res = fmax(res, fabs(r[i] - (f[i] - mf)));
            mu += u[i];
            un = fmax(un, fabs(u[i]));
        }
        cr_assert_leq(res, 1e-11, "dim %d: residual %.3g", dim, res);
        cr_assert_leq(fabs(mu) / (double)N, 1e-13 * un, "dim %d: mean %.3g", dim, mu / (double)N);
        cr_assert_eq(kes_fd_poisson_solve(p, f, f), KES_OK); /* in place */
        cr_assert_eq(memcmp(f, u, sizeof(double) * (size_t)N), 0);
        kes_fd_poisson_destroy(p);
        kes_csr_destroy(A);
        free(f);
        free(u);
        free(r);
    }
    int64_t n2[2] = {6, 5};
    double h2[2] = {0.1, 0.2}, f[30], u1[30], u2[30];
    for (int i = 0; i < 30; i++) f[i] = cos(0.3 * i * i);
    kes_fd_poisson *a, *b;
    cr_assert_eq(kes_fd_poisson_from_box(2, n2, h2, &a), KES_OK);
    cr_assert_eq(kes_fd_poisson_from_bc(2, n2, h2, KES_FD_DIRICHLET, &b), KES_OK);
    cr_assert_eq(kes_fd_poisson_solve(a, f, u1), KES_OK);
    cr_assert_eq(kes_fd_poisson_solve(b, f, u2), KES_OK);
    cr_assert_eq(memcmp(u1, u2, sizeof u1), 0);
    kes_fd_poisson_destroy(a);
    kes_fd_poisson_destroy(b);
    kes_fd_poisson *p = (kes_fd_poisson *)(uintptr_t)0x99;
    cr_assert_eq(kes_fd_poisson_from_bc(2, n2, h2, (kes_fd_bc)5, &p), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_from_bc(2, NULL, h2, KES_FD_NEUMANN, &p), KES_EINVAL);
    cr_assert_eq(kes_fd_poisson_from_bc(0, n2, h2, KES_FD_NEUMANN, &p), KES_EDIM);
    double hb[2] = {0.1, 0};
    cr_assert_eq(kes_fd_poisson_from_bc(2, n2, hb, KES_FD_NEUMANN, &p), KES_EDOM);
    cr_assert(p == (kes_fd_poisson *)(uintptr_t)0x99);
}
