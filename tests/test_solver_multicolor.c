/* Tests for src/linalg/solver_multicolor.c: greedy multicolor SOR with OpenMP. */
#include <criterion/criterion.h>
#include <omp.h>

#include "linalg/solver_internal.h"
#include "solver_fixtures.h"

/* 9-point stencil (8 on the diagonal, -1 on the 8 neighbours). */
static kes_csr *ninepoint(int m)
{
    int64_t n = (int64_t)m * m, k = 0;
    int64_t *r = malloc((size_t)(9 * n) * sizeof *r), *c = malloc((size_t)(9 * n) * sizeof *c);
    double *v = malloc((size_t)(9 * n) * sizeof *v);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            for (int di = -1; di <= 1; di++)
                for (int dj = -1; dj <= 1; dj++) {
                    int ii = i + di, jj = j + dj;
                    if (ii < 0 || jj < 0 || ii >= m || jj >= m) continue;
                    r[k] = (int64_t)i * m + j, c[k] = (int64_t)ii * m + jj;
                    v[k++] = (di == 0 && dj == 0) ? 8.0 : -1.0;
                }
    kes_csr *A = NULL;
    kes_csr_from_triplets(n, n, k, r, c, v, &A);
    free(r);
    free(c);
    free(v);
    return A;
}

/* A proper colouring: no stored off-diagonal entry joins two rows of the
 * same colour, and every row appears exactly once. */
static void check_colouring(const kes_solver *s, const kes_csr *A)
{
    int64_t n = A->nrows;
    int64_t *col = malloc((size_t)n * sizeof *col);
    for (int64_t i = 0; i < n; i++) col[i] = -1;
    for (int64_t c = 0; c < s->ncolors; c++)
        for (int64_t j = s->color_ptr[c]; j < s->color_ptr[c + 1]; j++) {
            cr_assert_eq(col[s->color_rows[j]], -1);
            col[s->color_rows[j]] = c;
        }
    for (int64_t i = 0; i < n; i++) {
        cr_assert_geq(col[i], 0);
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
            if (A->colind[k] != i) cr_assert_neq(col[i], col[A->colind[k]], "rows %lld and %d", (long long)i,
                                                 A->colind[k]);
    }
    free(col);
}

Test(multicolor, red_black_and_four_colours)
{
    kes_csr *A = fx_laplacian(9, 0.0), *B = ninepoint(9);
    kes_solver *S, *T;
    cr_assert_eq(kes_solver_create(kes_solver_sor_multicolor, A, &S), KES_OK);
    cr_assert_eq(kes_solver_create(kes_solver_sor_multicolor, B, &T), KES_OK);
    cr_assert_eq(kes_solver_ncolors(S), 2);
    cr_assert_eq(kes_solver_ncolors(T), 4);
    check_colouring(S, A);
    check_colouring(T, B);
    kes_solver_destroy(S);
    kes_solver_destroy(T);
    kes_csr_destroy(A);
    kes_csr_destroy(B);
}

/* A non-symmetric pattern must still be coloured on A + A^T. */
Test(multicolor, nonsymmetric_pattern_coloured_on_symmetrisation)
{
    int64_t n = 50, k = 0, r[150], c[150];
    double v[150];
    for (int64_t i = 0; i < n; i++) {
        r[k] = i, c[k] = i, v[k++] = 4.0;
        if (i >= 3) r[k] = i, c[k] = i - 3, v[k++] = -1.0; /* only lower entries */
        if (i + 7 < n) r[k] = i, c[k] = i + 7, v[k++] = -1.0;
    }
    kes_csr *A;
    cr_assert_eq(kes_csr_from_triplets(n, n, k, r, c, v, &A), KES_OK);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_sor_multicolor, A, &S), KES_OK);
    check_colouring(S, A);
    double b[50], x[50] = {0}, xref[50];
    for (int i = 0; i < 50; i++) b[i] = cos(i);
    cr_assert(fx_dense_solve(A, b, xref));
    kes_solver_set_omega(S, 1.1);
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-12;
    cr_assert_eq(kes_solver_solve(S, b, x, &o, NULL), KES_OK);
    for (int i = 0; i < 50; i++) cr_assert_float_eq(x[i], xref[i], 1e-10);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

/* Multicolor SOR is natural-order SOR on the colour-permuted matrix
 * P A P^T: same counts (+-1 for summation order) and the same answer. */
Test(multicolor, equals_sor_on_permuted_matrix)
{
    int m = 12;
    int64_t n = (int64_t)m * m;
    kes_csr *A = fx_laplacian(m, 0.1), *PA;
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_sor_multicolor, A, &S), KES_OK);
    cr_assert_eq(kes_csr_permute(A, S->color_rows, &PA), KES_OK);
    double *b = malloc((size_t)n * sizeof *b), *pb = malloc((size_t)n * sizeof *pb);
    double *x = calloc((size_t)n, sizeof *x), *px = calloc((size_t)n, sizeof *px);
    for (int64_t i = 0; i < n; i++) b[i] = 1.0 + 0.1 * sin((double)i);
    for (int64_t k = 0; k < n; k++) pb[k] = b[S->color_rows[k]];
    for (double w = 1.0; w < 1.95; w += 0.3) {
        kes_solver_set_omega(S, w);
        kes_solve_opts o = kes_solve_opts_default();
        o.zero_guess = 1;
        kes_solve_stats s1, s2;
        cr_assert_eq(kes_solver_solve(S, b, x, &o, &s1), KES_OK);
        cr_assert_eq(kes_sor_solve(PA, pb, px, w, &o, &s2), KES_OK);
        cr_assert(llabs(s1.iterations - s2.iterations) <= 1, "w=%g: %lld vs %lld", w, (long long)s1.iterations,
                  (long long)s2.iterations);
        for (int64_t k = 0; k < n; k++) cr_assert_float_eq(x[S->color_rows[k]], px[k], 1e-7);
    }
    free(b);
    free(pb);
    free(x);
    free(px);
    kes_solver_destroy(S);
    kes_csr_destroy(PA);
    kes_csr_destroy(A);
}

/* A different iteration: after one sweep from 0 the iterate differs from
 * natural-order SOR.  Red-black ordering of the model problem is still
 * consistently ordered (Young), so its asymptotic rate at omega = 1 is
 * rho_J^2, the Gauss-Seidel value (window estimate within 1e-4, as in
 * test_solver_sor.c). */
Test(multicolor, different_iteration_same_young_theory)
{
    int m = 10;
    kes_csr *A = fx_laplacian(m, 0.0);
    double b[100], x1[100] = {0}, x2[100] = {0}, h[2000];
    for (int i = 0; i < 100; i++) b[i] = 1.0;
    kes_solver *S, *N;
    cr_assert_eq(kes_solver_create(kes_solver_sor_multicolor, A, &S), KES_OK);
    cr_assert_eq(kes_solver_create(kes_solver_sor, A, &N), KES_OK);
    kes_solve_opts o = kes_solve_opts_default();
    o.max_iter = 1;
    kes_solver_solve(S, b, x1, &o, NULL);
    kes_solver_solve(N, b, x2, &o, NULL);
    double d = 0.0;
    for (int i = 0; i < 100; i++) d = fmax(d, fabs(x1[i] - x2[i]));
    cr_assert(d > 1e-3);
    o = kes_solve_opts_default();
    o.tol = 1e-13;
    o.zero_guess = 1;
    o.history = h;
    o.history_cap = 2000;
    kes_solve_stats st;
    cr_assert_eq(kes_solver_solve(S, b, x1, &o, &st), KES_OK);
    int64_t e = st.iterations - 5, a = e - 150;
    double rj, obs = pow(h[e] / h[a], 1.0 / (double)(e - a));
    fx_young(m, 0.0, &rj);
    cr_assert(fabs(obs / (rj * rj) - 1.0) < 1e-4, "observed %g, rho_J^2 %g", obs, rj * rj);
    kes_solver_destroy(S);
    kes_solver_destroy(N);
    kes_csr_destroy(A);
}

/* Same answer, bit for bit, with 1 and 2 threads (140x140: each colour has
 * 9800 rows, above the parallel threshold). */
Test(multicolor, thread_count_independent)
{
    int m = 140;
    int64_t n = (int64_t)m * m;
    kes_csr *A = fx_laplacian(m, 0.05);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_sor_multicolor, A, &S), KES_OK);
    kes_solver_set_omega(S, 1.9);
    double *b = malloc((size_t)n * sizeof *b), *x1 = calloc((size_t)n, sizeof *x1), *x2 = calloc((size_t)n, sizeof *x2);
    for (int64_t i = 0; i < n; i++) b[i] = cos(0.01 * (double)i);
    kes_solve_opts o = kes_solve_opts_default();
    o.max_iter = 40;
    kes_solve_stats s1, s2;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    cr_assert_eq(kes_solver_solve(S, b, x1, &o, &s1), KES_NOCONV);
    omp_set_num_threads(2);
    cr_assert_eq(kes_solver_solve(S, b, x2, &o, &s2), KES_NOCONV);
    omp_set_num_threads(saved);
    cr_assert_eq(memcmp(x1, x2, (size_t)n * sizeof *x1), 0);
    cr_assert_eq(s1.residual, s2.residual);
    free(b);
    free(x1);
    free(x2);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

Test(multicolor, against_dense_lu_random_spd)
{
    kes_csr *A = fx_random_spd(70, 4, 0.3, 11);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_sor_multicolor, A, &S), KES_OK);
    cr_assert_gt(kes_solver_ncolors(S), 2);
    check_colouring(S, A);
    double b[70], x[70] = {0}, xref[70];
    for (int i = 0; i < 70; i++) b[i] = 1.0 / (1.0 + i);
    cr_assert(fx_dense_solve(A, b, xref));
    kes_solver_set_omega(S, 1.2);
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-11;
    kes_solve_stats st;
    cr_assert_eq(kes_solver_solve(S, b, x, &o, &st), KES_OK);
    cr_assert(fx_resid(A, b, x) < 1e-11 * st.initial_residual_norm * 1.0000001);
    double err = fx_dist(70, x, xref);
    cr_assert(err <= 2.0 * fx_cond_spd(A) * 1e-11 * fx_norm(70, xref));
    cr_assert_eq(kes_solver_set_omega(S, 2.0), KES_EDOM);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}
