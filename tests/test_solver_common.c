/* Tests for src/linalg/solver_common.c: plans, options, stopping rules,
 * step-by-step driving, matrix and omega updates. */
#include <criterion/criterion.h>

#include "solver_fixtures.h"

static const kes_solver_type *all_types(int i)
{
    const kes_solver_type *t[10] = {kes_solver_jacobi, kes_solver_gauss_seidel, kes_solver_sor,
                                    kes_solver_sor_backward, kes_solver_ssor, kes_solver_sor_multicolor,
                                    kes_solver_cg, kes_solver_pcg_jacobi, kes_solver_pcg_ssor,
                                    kes_solver_pcg_eisenstat};
    return i < 10 ? t[i] : NULL;
}

Test(solve_common, defaults)
{
    kes_solve_opts o = kes_solve_opts_default();
    cr_assert_eq(o.tol, 1e-8);
    cr_assert_eq(o.max_iter, 10000);
    cr_assert_eq(o.stop, KES_STOP_AUTO);
    cr_assert_eq(o.zero_guess, 0);
    cr_assert_null(o.history);
    cr_assert_eq(o.history_cap, 0);
}

Test(solve_common, names_and_destroy_null)
{
    kes_csr *A = fx_laplacian(5, 0.0);
    const char *want[10] = {"jacobi", "gauss-seidel", "sor", "sor-backward", "ssor", "sor-multicolor", "cg",
                            "pcg-jacobi", "pcg-ssor", "pcg-eisenstat"};
    for (int i = 0; i < 10; i++) {
        kes_solver *S;
        cr_assert_eq(kes_solver_create(all_types(i), A, &S), KES_OK);
        cr_assert_str_eq(kes_solver_name(S), want[i]);
        cr_assert_str_eq(all_types(i)->name, want[i]);
        cr_assert_eq(kes_solver_omega(S), 1.0);
        if (i != 5) cr_assert_eq(kes_solver_ncolors(S), 1);
        kes_solver_destroy(S);
    }
    kes_solver_destroy(NULL);
    cr_assert(isnan(kes_solver_omega(NULL)));
    kes_csr_destroy(A);
}

Test(solve_common, create_errors)
{
    kes_csr *A = fx_laplacian(4, 0.0);
    kes_solver *S = NULL;
    cr_assert_eq(kes_solver_create(NULL, A, &S), KES_EINVAL);
    cr_assert_eq(kes_solver_create(kes_solver_sor, NULL, &S), KES_EINVAL);
    cr_assert_eq(kes_solver_create(kes_solver_sor, A, NULL), KES_EINVAL);
    A->colind[1] = A->colind[0]; /* unsorted / duplicate columns */
    cr_assert_neq(kes_solver_create(kes_solver_sor, A, &S), KES_OK);
    cr_assert_null(S);
    kes_csr_destroy(A);
}

/* Every method solves the same SPD system from a warm start to its own
 * stopping rule, and the answers agree (cond ~ 50 here, tol 1e-10). */
Test(solve_common, every_method_solves_model_problem)
{
    kes_csr *A = fx_laplacian(12, 0.5);
    double b[144], xref[144];
    for (int i = 0; i < 144; i++) b[i] = sin(0.3 * i);
    cr_assert(fx_dense_solve(A, b, xref));
    for (int t = 0; t < 10; t++) {
        kes_solver *S;
        cr_assert_eq(kes_solver_create(all_types(t), A, &S), KES_OK);
        /* damped Jacobi only converges for omega < 2 / lambda_max(D^-1 A) */
        cr_assert_eq(kes_solver_set_omega(S, t == 0 ? 1.0 : 1.4), KES_OK);
        double x[144];
        for (int i = 0; i < 144; i++) x[i] = 0.1;
        kes_solve_opts o = kes_solve_opts_default();
        o.tol = 1e-10;
        kes_solve_stats st;
        cr_assert_eq(kes_solver_solve(S, b, x, &o, &st), KES_OK, "%s", kes_solver_name(S));
        cr_assert_eq(st.status, KES_OK);
        cr_assert(st.converged);
        for (int i = 0; i < 144; i++) cr_assert_float_eq(x[i], xref[i], 1e-8, "%s", kes_solver_name(S));
        kes_solver_destroy(S);
    }
    kes_csr_destroy(A);
}

/* Driving step by step gives exactly what kes_solver_solve gives. */
Test(solve_common, stepwise_equals_solve)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double b[100];
    for (int i = 0; i < 100; i++) b[i] = 1.0;
    for (int t = 0; t < 10; t++) {
        kes_solver *S;
        cr_assert_eq(kes_solver_create(all_types(t), A, &S), KES_OK);
        kes_solver_set_omega(S, t == 0 ? 1.0 : 1.5);
        double x1[100] = {0}, x2[100] = {0};
        kes_solve_stats s1, s2;
        cr_assert_eq(kes_solver_solve(S, b, x1, NULL, &s1), KES_OK);
        cr_assert_eq(kes_solver_iterate(S, &s2), KES_ESTATE); /* no active solve */
        cr_assert_eq(kes_solver_start(S, b, x2, NULL, &s2), KES_OK);
        while (!s2.converged) cr_assert_eq(kes_solver_iterate(S, &s2), KES_OK);
        cr_assert_eq(kes_solver_iterate(S, &s2), KES_ESTATE);
        cr_assert_eq(s1.iterations, s2.iterations);
        cr_assert_eq(memcmp(x1, x2, sizeof x1), 0, "%s", kes_solver_name(S));
        kes_solver_destroy(S);
    }
    kes_csr_destroy(A);
}

Test(solve_common, stepwise_noconv)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double b[100], x[100] = {0};
    for (int i = 0; i < 100; i++) b[i] = 1.0;
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_gauss_seidel, A, &S), KES_OK);
    kes_solve_opts o = kes_solve_opts_default();
    o.max_iter = 3;
    kes_solve_stats st;
    cr_assert_eq(kes_solver_start(S, b, x, &o, &st), KES_OK);
    for (int k = 0; k < 3; k++) cr_assert_eq(kes_solver_iterate(S, &st), KES_OK);
    cr_assert_eq(kes_solver_iterate(S, &st), KES_NOCONV);
    cr_assert_eq(st.iterations, 3);
    cr_assert_eq(kes_solver_iterate(S, &st), KES_ESTATE);
    cr_assert_eq(kes_solver_start(NULL, b, x, &o, &st), KES_EINVAL);
    cr_assert_eq(kes_solver_start(S, b, x, &o, NULL), KES_EINVAL);
    o.stop = (kes_stop_rule)7;
    cr_assert_eq(kes_solver_start(S, b, x, &o, &st), KES_EINVAL);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

/* The two stopping rules mean what they say, for a warm start where
 * ||r0|| differs from ||b||. */
Test(solve_common, stop_rules)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double b[100], x[100];
    for (int i = 0; i < 100; i++) b[i] = 1.0;
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_sor, A, &S), KES_OK);
    kes_solver_set_omega(S, 1.5);
    const kes_stop_rule rules[3] = {KES_STOP_AUTO, KES_STOP_REL_B, KES_STOP_REL_R0};
    for (int q = 0; q < 3; q++) {
        for (int i = 0; i < 100; i++) x[i] = 0.02 * (i % 7);
        kes_solve_opts o = kes_solve_opts_default();
        o.stop = rules[q];
        kes_solve_stats st;
        cr_assert_eq(kes_solver_solve(S, b, x, &o, &st), KES_OK);
        double r = fx_resid(A, b, x);
        cr_assert_float_eq(st.b_norm, 10.0, 1e-14);
        if (rules[q] == KES_STOP_REL_B) {
            cr_assert(r <= 1e-8 * 10.0 * (1 + 1e-9));
            cr_assert_float_eq(st.residual, st.residual_norm / st.b_norm, 1e-15);
        } else {
            cr_assert(r < 1e-8 * st.initial_residual_norm * (1 + 1e-9));
            cr_assert_float_eq(st.residual, st.residual_norm / st.initial_residual_norm, 1e-15);
        }
    }
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

Test(solve_common, history_respects_cap)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double b[100], x[100] = {0}, h[5] = {0};
    for (int i = 0; i < 100; i++) b[i] = 1.0;
    kes_solve_opts o = kes_solve_opts_default();
    o.history = h;
    o.history_cap = 4;
    kes_solve_stats st;
    cr_assert_eq(kes_sor_solve(A, b, x, 1.5, &o, &st), KES_OK);
    cr_assert_eq(st.history_len, 4);
    cr_assert_eq(h[0], 1.0);
    cr_assert_eq(h[4], 0.0);
    for (int k = 1; k < 4; k++) cr_assert(h[k] > 0.0 && h[k] < 1.0);
    kes_csr_destroy(A);
}

Test(solve_common, set_omega)
{
    kes_csr *A = fx_laplacian(4, 0.0);
    kes_solver *S, *C;
    cr_assert_eq(kes_solver_create(kes_solver_ssor, A, &S), KES_OK);
    cr_assert_eq(kes_solver_set_omega(S, 1.7), KES_OK);
    cr_assert_eq(kes_solver_set_omega(S, 2.0), KES_EDOM);
    cr_assert_eq(kes_solver_set_omega(S, 0.0), KES_EDOM);
    cr_assert_eq(kes_solver_set_omega(S, NAN), KES_EDOM);
    cr_assert_eq(kes_solver_omega(S), 1.7);
    cr_assert_eq(kes_solver_set_omega(NULL, 1.0), KES_EINVAL);
    cr_assert_eq(kes_solver_create(kes_solver_cg, A, &C), KES_OK);
    cr_assert_eq(kes_solver_set_omega(C, 1.7), KES_OK); /* accepted, not used */
    cr_assert_eq(kes_solver_omega(C), 1.0);
    kes_solver_destroy(S);
    kes_solver_destroy(C);
    kes_csr_destroy(A);
}

/* A sequence of systems with one pattern: the plan is reused, new values
 * swapped in, and every solve matches a fresh one-shot solve bit for bit. */
Test(solve_common, set_matrix_sequence)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double b[100];
    for (int i = 0; i < 100; i++) b[i] = 1.0;
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_pcg_eisenstat, A, &S), KES_OK);
    kes_solver_set_omega(S, 1.5);
    for (int t = 0; t < 4; t++) {
        kes_csr *At = fx_laplacian(10, 0.1 * t);
        double x1[100] = {0}, x2[100] = {0};
        kes_solve_stats s1, s2;
        cr_assert_eq(kes_solver_set_matrix(S, At), KES_OK);
        cr_assert_eq(kes_solver_solve(S, b, x1, NULL, &s1), KES_OK);
        cr_assert_eq(kes_ssor_pcg_solve(At, b, x2, 1.5, NULL, &s2), KES_OK);
        cr_assert_eq(s1.iterations, s2.iterations);
        cr_assert_eq(memcmp(x1, x2, sizeof x1), 0);
        /* in-place value change on the same arrays also works */
        for (int64_t k = 0; k < At->nnz; k++) At->val[k] *= 2.0;
        cr_assert_eq(kes_solver_set_matrix(S, At), KES_OK);
        cr_assert_eq(kes_solver_solve(S, b, x1, NULL, &s1), KES_OK);
        for (int i = 0; i < 100; i++) cr_assert_float_eq(2.0 * x1[i], x2[i], 1e-6);
        cr_assert_eq(kes_solver_set_matrix(S, A), KES_OK);
        kes_csr_destroy(At);
    }
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

Test(solve_common, set_matrix_errors_keep_old_matrix)
{
    kes_csr *A = fx_laplacian(6, 0.0), *B = fx_laplacian(7, 0.0), *C = fx_laplacian(6, 0.0);
    kes_csr *D = fx_random_spd(36, 2, 1.0, 1);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_sor, A, &S), KES_OK);
    cr_assert_eq(kes_solver_set_matrix(S, B), KES_EDIM);
    cr_assert_eq(kes_solver_set_matrix(S, D), KES_EDIM);
    cr_assert_eq(kes_solver_set_matrix(NULL, C), KES_EINVAL);
    cr_assert_eq(kes_solver_set_matrix(S, NULL), KES_EINVAL);
    C->val[5] = NAN;
    cr_assert_eq(kes_solver_set_matrix(S, C), KES_ENAN);
    C->val[5] = -1.0;
    C->val[0] = 0.0; /* a_00 */
    cr_assert_eq(kes_solver_set_matrix(S, C), KES_ESINGULAR);
    double b[36], x[36] = {0}, y[36] = {0};
    for (int i = 0; i < 36; i++) b[i] = 1.0;
    cr_assert_eq(kes_solver_solve(S, b, x, NULL, NULL), KES_OK);
    cr_assert_eq(kes_sor_solve(A, b, y, 1.0, NULL, NULL), KES_OK);
    cr_assert_eq(memcmp(x, y, sizeof x), 0);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
    kes_csr_destroy(B);
    kes_csr_destroy(C);
    kes_csr_destroy(D);
}

/* A caller's descriptor without the start/step hooks the driver calls is
 * refused at create, not called through a NULL pointer (found by
 * test_hostile). */
Test(solve_common, descriptor_without_hooks_refused)
{
    kes_csr *A = fx_laplacian(3, 0.0);
    kes_solver *s = NULL;
    kes_solver_type bogus = *kes_solver_sor;
    bogus.step = NULL;
    cr_assert_eq(kes_solver_create(&bogus, A, &s), KES_EINVAL);
    bogus = *kes_solver_cg;
    bogus.start = NULL;
    cr_assert_eq(kes_solver_create(&bogus, A, &s), KES_EINVAL);
    static const kes_solver_type empty = {0};
    cr_assert_eq(kes_solver_create(&empty, A, &s), KES_EINVAL);
    cr_assert_null(s);
    kes_csr_destroy(A);
}

/* A broken CSR structure is KES_EBADDATA (documented in solvers.h): a
 * column index past ncols, a decreasing rowptr, an unsorted row. */
Test(solve_common, broken_structure_is_ebaddata)
{
    int64_t rp[4] = {0, 2, 4, 6};
    int32_t ci[6] = {0, 1, 0, 1, 1, 2};
    double v[6] = {2, -1, -1, 2, -1, 2};
    kes_csr A = {3, 3, 6, rp, ci, v};
    double b[3] = {1, 1, 1}, x[3] = {0};
    kes_solver *S = NULL;
    ci[5] = 7;
    cr_expect_eq(kes_solver_create(kes_solver_sor, &A, &S), KES_EBADDATA);
    cr_expect_eq(kes_sor_solve(&A, b, x, 1.0, NULL, NULL), KES_EBADDATA);
    cr_expect_eq(kes_ssor_pcg_solve(&A, b, x, 1.0, NULL, NULL), KES_EBADDATA);
    cr_expect_eq(kes_cg_solve(&A, b, x, NULL, NULL), KES_EBADDATA);
    ci[5] = 2;
    rp[1] = 4, rp[2] = 2;
    cr_expect_eq(kes_solver_create(kes_solver_cg, &A, &S), KES_EBADDATA);
    rp[1] = 2, rp[2] = 4;
    ci[0] = 1, ci[1] = 0;
    cr_expect_eq(kes_solver_create(kes_solver_jacobi, &A, &S), KES_EBADDATA);
    cr_expect_null(S);
    cr_expect(x[0] == 0 && x[1] == 0 && x[2] == 0);
}

/* ||b|| and residual norms beyond the range of their squares (b = 1e300,
 * b = 1e-300) are scaled, not Inf or 0: every method solves A x = b and
 * reports the true ||b||; b = 1e-300 is not mistaken for b = 0. */
Test(solve_common, norms_beyond_squares_range_every_method)
{
    kes_csr *A = fx_laplacian(4, 1.0);
    const int64_t n = A->nrows;
    const double scale[2] = {1e300, 1e-300};
    for (int i = 0; i < 10; i++) {
        double x0[16] = {0}, b1[16];
        for (int j = 0; j < n; j++) b1[j] = 1.0 + 0.1 * j;
        kes_solver *S;
        cr_assert_eq(kes_solver_create(all_types(i), A, &S), KES_OK);
        cr_assert_eq(kes_solver_set_omega(S, 1.1), KES_OK);
        kes_solve_stats s0;
        cr_assert_eq(kes_solver_solve(S, b1, x0, NULL, &s0), KES_OK, "%s", kes_solver_name(S));
        for (int k = 0; k < 2; k++) {
            double b[16], x[16] = {0};
            for (int j = 0; j < n; j++) b[j] = b1[j] * scale[k];
            kes_solve_stats st;
            cr_expect_eq(kes_solver_solve(S, b, x, NULL, &st), KES_OK, "%s scale %g", kes_solver_name(S), scale[k]);
            cr_expect(st.b_norm > 0 && isfinite(st.b_norm), "%s", kes_solver_name(S));
            cr_expect(fabs(st.b_norm / scale[k] - s0.b_norm) <= 1e-14 * s0.b_norm, "%s b_norm %g",
                      kes_solver_name(S), st.b_norm);
            cr_expect_leq(llabs((long long)(st.iterations - s0.iterations)), 1, "%s scale %g",
                          kes_solver_name(S), scale[k]);
            for (int j = 0; j < n; j++) x[j] /= scale[k];
            cr_expect_leq(fx_dist(n, x, x0), 1e-7 * fx_norm(n, x0), "%s scale %g", kes_solver_name(S), scale[k]);
        }
        kes_solver_destroy(S);
    }
    kes_csr_destroy(A);
}
