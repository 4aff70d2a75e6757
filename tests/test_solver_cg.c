/* Tests for src/linalg/solver_cg.c: CG, PCG with Jacobi and SSOR preconditioners,
 * SSOR-PCG in Eisenstat's form, and the one-shot kes_cg_solve /
 * kes_ssor_pcg_solve. */
#include <criterion/criterion.h>

#include "solver_fixtures.h"

static double ones[10000];

static void fill_ones(void)
{
    for (size_t i = 0; i < sizeof ones / sizeof ones[0]; i++) ones[i] = 1.0;
}

static int64_t count_with(const kes_solver_type *T, int m, double c, double omega, kes_status want)
{
    kes_csr *A = fx_laplacian(m, c);
    int64_t n = A->nrows;
    double *x = calloc((size_t)n, sizeof *x);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(T, A, &S), KES_OK);
    cr_assert_eq(kes_solver_set_omega(S, omega), KES_OK);
    kes_solve_stats st;
    cr_assert_eq(kes_solver_solve(S, ones, x, NULL, &st), want);
    if (want == KES_OK) {
        /* the stopping test is on the true residual ||b - A x|| <= tol ||b|| */
        cr_assert(fx_resid(A, ones, x) <= 1e-8 * sqrt((double)n), "%s: true residual %g", kes_solver_name(S),
                  fx_resid(A, ones, x) / sqrt((double)n));
        cr_assert_float_eq(st.residual_norm, fx_resid(A, ones, x), 1e-12 * sqrt((double)n));
    }
    kes_solver_destroy(S);
    kes_csr_destroy(A);
    free(x);
    return st.iterations;
}

/* Reference §6.1 (10x10 Laplacian + cI, b = 1, x0 = 0, ||r|| <= 1e-8 ||b||):
 * SSOR-PCG at omega = 1, 1.5, 1.8, Young, and plain CG. +-1 allowed. */
Test(cg, reference_iteration_counts_10x10, .init = fill_ones)
{
    const double cs[3] = {-0.15, 0.0, 0.45};
    const int64_t want[3][5] = {{16, 16, 18, 19, 15}, {13, 13, 15, 13, 15}, {11, 10, 14, 9, 15}};
    for (int ic = 0; ic < 3; ic++) {
        const double om[4] = {1.0, 1.5, 1.8, fx_young(10, cs[ic], NULL)};
        for (int q = 0; q < 4; q++) {
            int64_t ke = count_with(kes_solver_pcg_eisenstat, 10, cs[ic], om[q], KES_OK);
            int64_t kp = count_with(kes_solver_pcg_ssor, 10, cs[ic], om[q], KES_OK);
            cr_assert(llabs(ke - want[ic][q]) <= 1, "eisenstat c=%g w=%g: %lld vs %lld", cs[ic], om[q],
                      (long long)ke, (long long)want[ic][q]);
            cr_assert(llabs(kp - want[ic][q]) <= 1, "plain c=%g w=%g: %lld", cs[ic], om[q], (long long)kp);
        }
        cr_assert(llabs(count_with(kes_solver_cg, 10, cs[ic], 1.0, KES_OK) - want[ic][4]) <= 1);
    }
}

/* Reference §6.1, 100x100 grid, c = 0: SSOR-PCG 93 (w = 1), 57 (1.5),
 * 40 (1.9), 43 (Young 1.939676); plain CG 187. */
Test(cg, reference_iteration_counts_100x100, .init = fill_ones)
{
    const double om[4] = {1.0, 1.5, 1.9, fx_young(100, 0.0, NULL)};
    const int64_t want[4] = {93, 57, 40, 43};
    for (int q = 0; q < 4; q++) {
        int64_t k = count_with(kes_solver_pcg_eisenstat, 100, 0.0, om[q], KES_OK);
        cr_assert(llabs(k - want[q]) <= 1, "w=%g: %lld vs %lld", om[q], (long long)k, (long long)want[q]);
    }
    cr_assert(llabs(count_with(kes_solver_cg, 100, 0.0, 1.0, KES_OK) - 187) <= 1);
}

/* Eisenstat's form and the plain SSOR preconditioner produce the same
 * iterates in exact arithmetic: same counts (+-1) and answers that agree
 * to the tolerance (both within cond(A) 1e-8 of the solution), over a
 * sweep of omega and shifts. */
Test(cg, eisenstat_equals_plain_ssor_pcg, .init = fill_ones)
{
    for (double c = 0.0; c < 0.5; c += 0.2)
        for (double w = 0.9; w < 1.96; w += 0.15) {
            kes_csr *A = fx_laplacian(16, c);
            double x1[256] = {0}, x2[256] = {0};
            kes_solver *E, *P;
            cr_assert_eq(kes_solver_create(kes_solver_pcg_eisenstat, A, &E), KES_OK);
            cr_assert_eq(kes_solver_create(kes_solver_pcg_ssor, A, &P), KES_OK);
            kes_solver_set_omega(E, w);
            kes_solver_set_omega(P, w);
            kes_solve_stats se, sp;
            cr_assert_eq(kes_solver_solve(E, ones, x1, NULL, &se), KES_OK);
            cr_assert_eq(kes_solver_solve(P, ones, x2, NULL, &sp), KES_OK);
            cr_assert(llabs(se.iterations - sp.iterations) <= 1, "c=%g w=%g: %lld vs %lld", c, w,
                      (long long)se.iterations, (long long)sp.iterations);
            double d = fx_dist(256, x1, x2);
            cr_assert(d < 4.0 * fx_cond_spd(A) * 1e-8 * fx_norm(256, x2));
            kes_solver_destroy(E);
            kes_solver_destroy(P);
            kes_csr_destroy(A);
        }
}

/* Every Krylov method against dense LU on random SPD matrices (some far
 * from diagonally dominant: shift 0.01).  ||b - A x|| <= tol ||b|| bounds
 * the relative error by cond(A) tol; factor 2 for rounding. */
Test(cg, against_dense_lu_random_spd)
{
    const kes_solver_type *types[4] = {kes_solver_cg, kes_solver_pcg_jacobi, kes_solver_pcg_ssor,
                                       kes_solver_pcg_eisenstat};
    for (uint64_t seed = 1; seed <= 4; seed++) {
        kes_csr *A = fx_random_spd(80, 4, seed % 2 ? 0.01 : 1.0, seed);
        cr_assert_not_null(A);
        double b[80], xref[80], x[80];
        kes_rng rng;
        kes_rng_init(&rng, 7 * seed, 0);
        kes_rng_fill_normal(&rng, 80, b);
        cr_assert(fx_dense_solve(A, b, xref));
        double kappa = fx_cond_spd(A), tol = 1e-10;
        for (int t = 0; t < 4; t++) {
            kes_solver *S;
            cr_assert_eq(kes_solver_create(types[t], A, &S), KES_OK);
            kes_solver_set_omega(S, 1.3);
            memset(x, 0, sizeof x);
            kes_solve_opts o = kes_solve_opts_default();
            o.tol = tol;
            kes_solve_stats st;
            cr_assert_eq(kes_solver_solve(S, b, x, &o, &st), KES_OK, "%s", kes_solver_name(S));
            cr_assert(fx_resid(A, b, x) <= tol * fx_norm(80, b));
            double err = fx_dist(80, x, xref);
            cr_assert(err <= 2.0 * kappa * tol * fx_norm(80, xref), "%s: err %g", kes_solver_name(S),
                      err);
            kes_solver_destroy(S);
        }
        kes_csr_destroy(A);
    }
}

/* Finite termination: on a 6x6 SPD matrix with 6 distinct eigenvalues CG
 * reaches 1e-12 in at most n + 2 iterations (n in exact arithmetic). */
Test(cg, finite_termination_small)
{
    kes_csr *A = fx_random_spd(6, 2, 1.0, 3);
    double b[6] = {1, -2, 3, 0.5, 1, 2}, x[6] = {0};
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-12;
    kes_solve_stats st;
    cr_assert_eq(kes_cg_solve(A, b, x, &o, &st), KES_OK);
    cr_assert(st.iterations <= 8, "%lld", (long long)st.iterations);
    kes_csr_destroy(A);
}

/* MATLAB pcg convention: 0 iterations when x0 already satisfies the test,
 * and x = 0 for b = 0 whatever the guess. */
Test(cg, zero_iterations_cases, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double x[100] = {0}, z[100] = {0};
    kes_solve_stats st;
    cr_assert_eq(kes_ssor_pcg_solve(A, ones, x, 1.5, NULL, &st), KES_OK);
    cr_assert(st.iterations > 0);
    cr_assert_eq(kes_ssor_pcg_solve(A, ones, x, 1.5, NULL, &st), KES_OK);
    cr_assert_eq(st.iterations, 0);
    cr_assert(st.converged);
    cr_assert_eq(kes_cg_solve(A, ones, x, NULL, &st), KES_OK);
    cr_assert_eq(st.iterations, 0);
    for (int i = 0; i < 100; i++) x[i] = 3.0;
    cr_assert_eq(kes_cg_solve(A, z, x, NULL, &st), KES_OK);
    cr_assert_eq(st.iterations, 0);
    for (int i = 0; i < 100; i++) cr_assert_eq(x[i], 0.0);
    kes_csr_destroy(A);
}

/* Warm start from the previous step's answer, as in the heat equation. */
Test(cg, warm_start_reduces_iterations, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(30, 0.3);
    double x[900] = {0}, b[900];
    kes_solve_stats s1, s2;
    cr_assert_eq(kes_ssor_pcg_solve(A, ones, x, 1.6, NULL, &s1), KES_OK);
    for (int i = 0; i < 900; i++) b[i] = 1.0 + 1e-4 * sin((double)i);
    cr_assert_eq(kes_ssor_pcg_solve(A, b, x, 1.6, NULL, &s2), KES_OK);
    cr_assert(s2.iterations < s1.iterations, "%lld vs %lld", (long long)s2.iterations, (long long)s1.iterations);
    kes_csr_destroy(A);
}

/* diag(1, -1) with b = (1, 2): p'Ap = 1 - 4 < 0 on the first step. */
Test(cg, indefinite_is_enotspd_and_x_finite)
{
    int64_t r[2] = {0, 1}, c[2] = {0, 1};
    double v[2] = {1, -1};
    kes_csr *A;
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, c, v, &A), KES_OK);
    double b[2] = {1, 2}, x[2] = {0, 0};
    kes_solve_stats st;
    cr_assert_eq(kes_cg_solve(A, b, x, NULL, &st), KES_ENOTSPD);
    cr_assert_eq(st.status, KES_ENOTSPD);
    cr_assert(isfinite(x[0]) && isfinite(x[1]));
    /* the negative diagonal makes the SSOR preconditioner indefinite too */
    cr_assert_eq(kes_ssor_pcg_solve(A, b, x, 1.2, NULL, &st), KES_ENOTSPD);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_pcg_ssor, A, &S), KES_OK);
    cr_assert_eq(kes_solver_solve(S, b, x, NULL, &st), KES_ENOTSPD);
    kes_solver_destroy(S);
    cr_assert_eq(kes_solver_create(kes_solver_pcg_jacobi, A, &S), KES_OK);
    cr_assert_eq(kes_solver_solve(S, b, x, NULL, &st), KES_ENOTSPD);
    kes_solver_destroy(S);
    cr_assert(isfinite(x[0]) && isfinite(x[1]));
    kes_csr_destroy(A);
}

/* 100x100 Laplacian shifted by -0.15 is indefinite (lambda_min < 0). */
Test(cg, indefinite_laplacian_detected, .init = fill_ones)
{
    cr_assert_eq(count_with(kes_solver_cg, 100, -0.15, 1.0, KES_ENOTSPD), 0);
}

Test(cg, noconv_and_history, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(20, 0.0);
    double x[400] = {0}, h[10];
    kes_solve_opts o = kes_solve_opts_default();
    o.max_iter = 7;
    o.history = h;
    o.history_cap = 10;
    kes_solve_stats st;
    cr_assert_eq(kes_cg_solve(A, ones, x, &o, &st), KES_NOCONV);
    cr_assert_eq(st.iterations, 7);
    cr_assert_eq(st.history_len, 8);
    cr_assert_float_eq(h[0], 1.0, 1e-15); /* x0 = 0: r0 = b */
    cr_assert_eq(h[7], st.residual);
    cr_assert_float_eq(st.residual, fx_resid(A, ones, x) / 20.0, 1e-12);
    kes_csr_destroy(A);
}

Test(cg, bad_input, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(4, 0.0);
    double x[16] = {0};
    cr_assert_eq(kes_cg_solve(NULL, ones, x, NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_cg_solve(A, ones, NULL, NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_ssor_pcg_solve(A, NULL, x, 1.0, NULL, NULL), KES_EINVAL);
    A->ncols = 17;
    cr_assert_eq(kes_cg_solve(A, ones, x, NULL, NULL), KES_EDIM);
    cr_assert_eq(kes_ssor_pcg_solve(A, ones, x, 1.0, NULL, NULL), KES_EDIM);
    A->ncols = 16;
    kes_csr_destroy(A);
}

/* A CG plan follows kes_solver_set_matrix: after swapping in new values it
 * runs CG on the new matrix, bit for bit as a one-shot kes_cg_solve there
 * (the plan's operator is re-pointed at every start). */
Test(cg, plan_follows_set_matrix, .init = fill_ones)
{
    kes_csr *A1 = fx_laplacian(15, 0.0), *A2 = fx_laplacian(15, 0.7);
    double x1[225] = {0}, x2[225] = {0};
    kes_solver *S;
    kes_solve_stats s1, s2;
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    cr_assert_eq(kes_solver_create(kes_solver_cg, A1, &S), KES_OK);
    cr_assert_eq(kes_solver_solve(S, ones, x1, &o, &s1), KES_OK);
    cr_assert_eq(kes_solver_set_matrix(S, A2), KES_OK);
    cr_assert_eq(kes_solver_solve(S, ones, x1, &o, &s1), KES_OK);
    cr_assert_eq(kes_cg_solve(A2, ones, x2, &o, &s2), KES_OK);
    cr_assert_eq(s1.iterations, s2.iterations);
    cr_assert(memcmp(x1, x2, sizeof x1) == 0);
    cr_assert(fx_resid(A2, ones, x1) <= 1e-8 * 15.0);
    kes_solver_destroy(S);
    kes_csr_destroy(A1);
    kes_csr_destroy(A2);
}

/* The SPD 3x3 [2 -1 0; -1 2 -1; 0 -1 2], b = (1, 2, 3): x = (2.5, 4, 3.5). */
static kes_csr *spd3x3(double s)
{
    int64_t r[] = {0, 0, 1, 1, 1, 2, 2}, c[] = {0, 1, 0, 1, 2, 1, 2};
    double v[] = {2 * s, -s, -s, 2 * s, -s, -s, 2 * s};
    kes_csr *A = NULL;
    cr_assert_eq(kes_csr_from_triplets(3, 3, 7, r, c, v, &A), KES_OK);
    return A;
}
static const kes_solver_type *krylov_type(int i)
{
    const kes_solver_type *t[4] = {kes_solver_cg, kes_solver_pcg_jacobi, kes_solver_pcg_ssor,
                                   kes_solver_pcg_eisenstat};
    return t[i];
}

/* tol = 1e-300 on an SPD matrix: the residual stagnates at rounding level and
 * r'M^-1 r / p'Ap round to 0; the solve ends KES_NOCONV (the breakdown rule),
 * never a false KES_ENOTSPD, with x at the solution to rounding. */
Test(cg, unattainable_tol_is_noconv_not_enotspd)
{
    kes_csr *A = spd3x3(1);
    const double b[3] = {1, 2, 3}, want[3] = {2.5, 4, 3.5};
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-300, o.max_iter = 200;
    for (int i = 0; i < 4; i++) {
        kes_solver *S;
        cr_assert_eq(kes_solver_create(krylov_type(i), A, &S), KES_OK);
        cr_assert_eq(kes_solver_set_omega(S, 1.5), KES_OK);
        double x[3] = {0};
        kes_solve_stats st;
        kes_status rc = kes_solver_solve(S, b, x, &o, &st);
        cr_expect(rc == KES_NOCONV || rc == KES_OK, "%s: %d", kes_solver_name(S), rc);
        cr_expect_eq(st.status, rc);
        cr_expect_leq(fx_dist(3, x, want), 1e-14 * 6, "%s", kes_solver_name(S));
        kes_solver_destroy(S);
    }
    double x[3] = {0};
    kes_status rc = kes_ssor_pcg_solve(A, b, x, 1.5, &o, NULL);
    cr_expect(rc == KES_NOCONV || rc == KES_OK, "one-shot: %d", rc);
    kes_csr_destroy(A);
}

/* omega = 1e-300 and 1e-8 are inside (0, 2): SSOR-PCG converges (the
 * Eisenstat plan runs the explicit form below 2^-6, bit for bit the
 * pcg-ssor plan); above 2^-6 the two forms agree to rounding. */
Test(cg, tiny_omega_ssor_pcg_converges, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    const double om[] = {1e-300, 1e-8, 0x1p-7, 0x1p-6, 0.1};
    for (int k = 0; k < 5; k++) {
        double x1[100] = {0}, x2[100] = {0}, x3[100] = {0};
        kes_solve_stats s1, s2;
        kes_solver *E, *P;
        cr_assert_eq(kes_solver_create(kes_solver_pcg_eisenstat, A, &E), KES_OK);
        cr_assert_eq(kes_solver_create(kes_solver_pcg_ssor, A, &P), KES_OK);
        cr_assert_eq(kes_solver_set_omega(E, om[k]), KES_OK);
        cr_assert_eq(kes_solver_set_omega(P, om[k]), KES_OK);
        cr_expect_eq(kes_solver_solve(E, ones, x1, NULL, &s1), KES_OK, "omega %g", om[k]);
        cr_expect_eq(kes_solver_solve(P, ones, x2, NULL, &s2), KES_OK, "omega %g", om[k]);
        cr_expect_eq(kes_ssor_pcg_solve(A, ones, x3, om[k], NULL, NULL), KES_OK, "omega %g", om[k]);
        cr_expect_leq(fx_resid(A, ones, x1), 1e-8 * 10, "omega %g", om[k]);
        if (om[k] < 0x1p-6) {
            cr_expect_eq(s1.iterations, s2.iterations, "omega %g", om[k]);
            cr_expect_eq(memcmp(x1, x2, sizeof x1), 0, "omega %g", om[k]);
        } else {
            cr_expect_leq(llabs((long long)(s1.iterations - s2.iterations)), 1, "omega %g", om[k]);
        }
        kes_solver_destroy(E);
        kes_solver_destroy(P);
    }
    kes_csr_destroy(A);
}

/* PCG is scale invariant: b scaled by 2^900 or 2^-900 (r'z, p'Ap and ||r||^2
 * over- or underflow as plain sums) converges in the same number of
 * iterations to the scaled solution, for every Krylov plan. */
Test(cg, rhs_scale_beyond_squares_range, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(10, 0.1);
    for (int i = 0; i < 4; i++) {
        double x0[100] = {0};
        kes_solve_stats s0;
        kes_solver *S;
        cr_assert_eq(kes_solver_create(krylov_type(i), A, &S), KES_OK);
        cr_assert_eq(kes_solver_set_omega(S, 1.3), KES_OK);
        cr_assert_eq(kes_solver_solve(S, ones, x0, NULL, &s0), KES_OK);
        for (int e = -900; e <= 900; e += 1800) {
            double b[100], x[100] = {0};
            kes_solve_stats st;
            for (int j = 0; j < 100; j++) b[j] = ldexp(1.0, e);
            cr_expect_eq(kes_solver_solve(S, b, x, NULL, &st), KES_OK, "%s 2^%d", kes_solver_name(S), e);
            cr_expect(fabs(st.b_norm - ldexp(10.0, e)) <= 1e-15 * ldexp(10.0, e), "%s b_norm", kes_solver_name(S));
            cr_expect_leq(llabs((long long)(st.iterations - s0.iterations)), 1, "%s 2^%d", kes_solver_name(S), e);
            for (int j = 0; j < 100; j++) x[j] = ldexp(x[j], -e);
            cr_expect_leq(fx_dist(100, x, x0), 1e-9 * fx_norm(100, x0), "%s 2^%d", kes_solver_name(S), e);
        }
        kes_solver_destroy(S);
    }
    kes_csr_destroy(A);
}

/* A scaled 1e300 with b = 1e300 (or 1e150): A p does not fit a double.  CG
 * says so with KES_ERANGE and a finite x; SSOR-PCG (whose products stay in
 * range) solves it; a genuinely indefinite matrix is still KES_ENOTSPD. */
Test(cg, overflowing_product_is_erange)
{
    kes_csr *A = spd3x3(1e300);
    const double b[3] = {1e300, -1e300, 1e300}, b2[3] = {1e150, -1e150, 1e150};
    double x[3] = {0};
    kes_solve_stats st;
    cr_expect_eq(kes_cg_solve(A, b, x, NULL, &st), KES_ERANGE);
    cr_expect_eq(st.status, KES_ERANGE);
    cr_expect(isfinite(x[0]) && isfinite(x[1]) && isfinite(x[2]));
    cr_expect_eq(kes_cg_solve(A, b2, x, NULL, NULL), KES_ERANGE);
    x[0] = x[1] = x[2] = 0;
    cr_expect_eq(kes_ssor_pcg_solve(A, b, x, 1.2, NULL, &st), KES_OK);
    cr_expect(fabs(x[0] - 0.5) < 1e-12 && fabs(x[1]) < 1e-12 && fabs(x[2] - 0.5) < 1e-12); /* x = (1/2, 0, 1/2) */
    kes_csr_destroy(A);
}

/* ---- statuses found on real matrices ---- */

/* A negative diagonal (olm1000-like: unsymmetric, a_ii < 0) cannot belong to
 * an SPD matrix, so every SSOR/Jacobi-preconditioned CG refuses it as
 * KES_ENOTSPD before iterating, x stays the initial guess and the stats
 * describe that x (residual computed here independently). */
Test(cg, negative_diagonal_is_enotspd_with_stats)
{
    int64_t r[6] = {0, 0, 1, 1, 2, 2}, c[6] = {0, 1, 0, 1, 1, 2};
    double v[6] = {-4, 1, 2, -3, 1e3, -5};
    kes_csr *A;
    cr_assert_eq(kes_csr_from_triplets(3, 3, 6, r, c, v, &A), KES_OK);
    double b[3] = {1, 2, 3};
    const kes_solver_type *ty[3] = {kes_solver_pcg_eisenstat, kes_solver_pcg_ssor, kes_solver_pcg_jacobi};
    for (int k = 0; k < 4; k++) {
        double x[3] = {0.5, -1, 2}, x0[3] = {0.5, -1, 2};
        kes_solve_stats st;
        memset(&st, 0xff, sizeof st);
        kes_status rc;
        if (k == 3) {
            rc = kes_ssor_pcg_solve(A, b, x, 1.5, NULL, &st);
        } else {
            kes_solver *S;
            cr_assert_eq(kes_solver_create(ty[k], A, &S), KES_OK);
            rc = kes_solver_solve(S, b, x, NULL, &st);
            kes_solver_destroy(S);
        }
        cr_assert_eq(rc, KES_ENOTSPD, "case %d: %s", k, kes_strerror(rc));
        cr_assert_eq(st.status, KES_ENOTSPD);
        cr_assert_eq(st.iterations, 0);
        cr_assert_eq(st.converged, 0);
        cr_assert_eq(memcmp(x, x0, sizeof x), 0);
        double res = fx_resid(A, b, x0), bn = fx_norm(3, b);
        cr_assert_float_eq(st.residual_norm, res, 1e-14 * res);
        cr_assert_float_eq(st.initial_residual_norm, res, 1e-14 * res);
        cr_assert_float_eq(st.b_norm, bn, 1e-14 * bn);
        cr_assert_float_eq(st.residual, res / bn, 1e-14 * res / bn);
    }
    /* With x0 = 0 the relative residual of the x returned is exactly 1. */
    double x[3] = {7, 7, 7};
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    kes_solve_stats st;
    cr_assert_eq(kes_ssor_pcg_solve(A, b, x, 1.0, &o, &st), KES_ENOTSPD);
    cr_assert(x[0] == 0 && x[1] == 0 && x[2] == 0);
    cr_assert_eq(st.residual, 1.0);
    kes_csr_destroy(A);
}

/* A zero or missing diagonal: SOR and SSOR-PCG refuse it (KES_ESINGULAR) but
 * still write stats describing x, and with zero_guess a NaN x comes back 0;
 * plain CG never divides by a_ii and solves the system. */
Test(cg, zero_diagonal_stats_and_plain_cg_solves)
{
    /* [[0 1 0]; [1 0 0]; [0 0 2]]: symmetric, zero diagonal in rows 0 and 1
     * (row 1's stored as an explicit 0, row 0's missing) */
    int64_t r[4] = {0, 1, 1, 2}, c[4] = {1, 0, 1, 2};
    double v[4] = {1, 1, 0, 2};
    kes_csr *A;
    cr_assert_eq(kes_csr_from_triplets(3, 3, 4, r, c, v, &A), KES_OK);
    double b[3] = {1, 1, 4};
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    for (int k = 0; k < 2; k++) {
        double x[3] = {NAN, NAN, NAN};
        kes_solve_stats st;
        memset(&st, 0xff, sizeof st);
        kes_status rc = k ? kes_ssor_pcg_solve(A, b, x, 1.2, &o, &st) : kes_sor_solve(A, b, x, 1.2, &o, &st);
        cr_assert_eq(rc, KES_ESINGULAR);
        cr_assert(x[0] == 0 && x[1] == 0 && x[2] == 0, "x is 0, not NaN");
        cr_assert_eq(st.status, KES_ESINGULAR);
        cr_assert_eq(st.iterations, 0);
        cr_assert_eq(st.converged, 0);
        cr_assert_float_eq(st.residual_norm, sqrt(18.0), 1e-14);
        cr_assert_float_eq(st.b_norm, sqrt(18.0), 1e-14);
        cr_assert_eq(st.residual, 1.0); /* x = 0: relative to ||b|| or ||r_0||, both 1 */
        cr_assert_eq(st.history_len, 0);
    }
    /* Without stats the x is still zeroed. */
    double x[3] = {NAN, 1, 1};
    cr_assert_eq(kes_sor_solve(A, b, x, 1.0, &o, NULL), KES_ESINGULAR);
    cr_assert(x[0] == 0 && x[1] == 0 && x[2] == 0);
    /* A warm start keeps the caller's (finite) x and reports its residual. */
    double xw[3] = {1, 2, 3};
    kes_solve_stats st;
    cr_assert_eq(kes_sor_solve(A, b, xw, 1.0, NULL, &st), KES_ESINGULAR);
    cr_assert(xw[0] == 1 && xw[1] == 2 && xw[2] == 3);
    cr_assert_float_eq(st.residual_norm, fx_resid(A, b, xw), 1e-14);
    /* Plain CG: A x = b has the solution (1, 1, 2); b is an eigenvector
     * combination CG resolves in at most 3 steps. */
    double xc[3] = {0, 0, 0}, want[3] = {1, 1, 2};
    cr_assert_eq(kes_cg_solve(A, b, xc, NULL, &st), KES_OK);
    cr_assert(st.converged);
    cr_assert_leq(fx_dist(3, xc, want), 1e-8 * fx_norm(3, want));
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_cg, A, &S), KES_OK);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

/* KES_EDIVERGE resets x to the initial guess, and the stats describe that
 * x: its residual, not the diverged one. */
Test(cg, ediverge_stats_describe_returned_x)
{
    int64_t r[4] = {0, 0, 1, 1}, c[4] = {0, 1, 0, 1};
    double v[4] = {1, 2, 2, 1};
    kes_csr *A;
    cr_assert_eq(kes_csr_from_triplets(2, 2, 4, r, c, v, &A), KES_OK);
    double b[2] = {1, -1}, x[2] = {0.25, 0.5};
    kes_solve_stats st;
    cr_assert_eq(kes_sor_solve(A, b, x, 1.0, NULL, &st), KES_EDIVERGE);
    double res = fx_resid(A, b, x);
    cr_assert_float_eq(st.residual_norm, res, 1e-14 * res);
    cr_assert_float_eq(st.residual, 1.0, 1e-15); /* relative to ||r_0|| of this very x */
    kes_csr_destroy(A);
}
