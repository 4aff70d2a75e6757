/* Tests for src/linalg/solver_sor.c: Jacobi, Gauss-Seidel, forward/backward/
 * symmetric SOR and the one-shot kes_sor_solve. */
#include <criterion/criterion.h>

#include "solver_fixtures.h"

static double ones[40000];

static void fill_ones(void)
{
    for (size_t i = 0; i < sizeof ones / sizeof ones[0]; i++) ones[i] = 1.0;
}

static int64_t sor_count(int m, double c, double omega, kes_status *rc)
{
    kes_csr *A = fx_laplacian(m, c);
    int64_t n = A->nrows;
    double *x = calloc((size_t)n, sizeof *x);
    kes_solve_stats st;
    *rc = kes_sor_solve(A, ones, x, omega, NULL, &st);
    free(x);
    kes_csr_destroy(A);
    return st.iterations;
}

/* Reference §6.1: 10x10 Laplacian + cI, b = 1, x0 = 0, tol 1e-8, stop on
 * ||r||/||r0|| < tol.  The reference allows +-1 for summation order. */
Test(sor, reference_iteration_counts_10x10, .init = fill_ones)
{
    const double cs[3] = {-0.15, 0.0, 0.45};
    const int64_t want[3][4] = {{2927, 971, 293, 147}, {223, 62, 89, 41}, {64, 30, 89, 23}};
    const double young[3] = {1.853594, 1.560388, 1.327919};
    for (int ic = 0; ic < 3; ic++) {
        double wy = fx_young(10, cs[ic], NULL);
        cr_assert_float_eq(wy, young[ic], 1e-6);
        const double om[4] = {1.0, 1.5, 1.8, wy};
        for (int q = 0; q < 4; q++) {
            kes_status rc;
            int64_t k = sor_count(10, cs[ic], om[q], &rc);
            cr_assert_eq(rc, KES_OK);
            cr_assert(llabs(k - want[ic][q]) <= 1, "c=%g omega=%g: %lld iterations, reference %lld", cs[ic], om[q],
                      (long long)k, (long long)want[ic][q]);
        }
    }
}

/* Reference §6.1, 100x100 grid: omega 1 hits the cap, 1.5 -> 6268,
 * 1.9 -> 917, Young (1.939676) -> 389. */
Test(sor, reference_iteration_counts_100x100, .init = fill_ones)
{
    kes_status rc;
    double wy = fx_young(100, 0.0, NULL);
    cr_assert_float_eq(wy, 1.939676, 1e-6);
    cr_assert(llabs(sor_count(100, 0.0, 1.9, &rc) - 917) <= 1);
    cr_assert_eq(rc, KES_OK);
    cr_assert(llabs(sor_count(100, 0.0, wy, &rc) - 389) <= 1);
    if (getenv("KES_SANITIZED")) return; /* 16k sweeps more: too slow under ASan */
    cr_assert(llabs(sor_count(100, 0.0, 1.5, &rc) - 6268) <= 1);
    cr_assert_eq(sor_count(100, 0.0, 1.0, &rc), 10000);
    cr_assert_eq(rc, KES_NOCONV);
}

/* Asymptotic convergence factor against the closed forms for the model
 * problem (Young 1954; Varga, Matrix Iterative Analysis, §4.3):
 *   rho_J = 4 cos(pi/(m+1)) / (4 + c),  rho_GS = rho_J^2,
 *   rho_SOR(w) = ((w rho_J + sqrt(w^2 rho_J^2 - 4(w - 1))) / 2)^2 for w <= w_Young,
 *   rho_SOR(w) = w - 1 above it.
 * Observed as the geometric mean of the residual ratio over the last 200
 * iterations of a solve to 1e-13.  Below w_Young the dominant eigenvalue
 * is real and simple, so the window estimate is within 1e-4 (measured
 * ~1e-5); above it every eigenvalue has modulus w - 1 and their phases
 * make the residual oscillate, so 5e-3 (measured 2.7e-3 at w = 1.8). */
static void check_rate(const kes_solver_type *T, double w, double tolrel)
{
    int m = 10;
    double rj, wy = fx_young(m, 0.0, &rj);
    kes_csr *A = fx_laplacian(m, 0.0);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(T, A, &S), KES_OK);
    cr_assert_eq(kes_solver_set_omega(S, w), KES_OK);
    static double h[4000];
    double x[100] = {0};
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-13;
    o.history = h;
    o.history_cap = 4000;
    kes_solve_stats st;
    cr_assert_eq(kes_solver_solve(S, ones, x, &o, &st), KES_OK);
    cr_assert_eq(st.history_len, st.iterations + 1);
    int64_t e = st.iterations - 5, a = e - 200 > st.iterations / 3 ? e - 200 : st.iterations / 3;
    double obs = pow(h[e] / h[a], 1.0 / (double)(e - a));
    double pred;
    if (T == kes_solver_jacobi)
        pred = rj;
    else if (w >= wy)
        pred = w - 1.0;
    else {
        double t = (w * rj + sqrt(w * w * rj * rj - 4.0 * (w - 1.0))) / 2.0;
        pred = t * t;
    }
    cr_assert(fabs(obs / pred - 1.0) < tolrel, "%s w=%g: observed %.8f, closed form %.8f", kes_solver_name(S), w,
              obs, pred);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

Test(sor, spectral_radius_closed_form, .init = fill_ones)
{
    check_rate(kes_solver_jacobi, 1.0, 1e-4);
    check_rate(kes_solver_gauss_seidel, 1.0, 1e-4);
    check_rate(kes_solver_sor, 1.3, 1e-4);
    check_rate(kes_solver_sor, 1.5, 1e-4);
    check_rate(kes_solver_sor, 1.8, 5e-3);
    check_rate(kes_solver_sor, 1.95, 5e-3);
}

/* Young's omega minimises the asymptotic rate, so on a grid of omega the
 * iteration count is smallest near it (20x20 grid, c = 0.1). */
Test(sor, young_omega_is_best_on_grid, .init = fill_ones)
{
    double wy = fx_young(20, 0.1, NULL);
    kes_status rc;
    int64_t best = sor_count(20, 0.1, wy, &rc);
    for (double w = 1.0; w < 1.96; w += 0.05) {
        if (fabs(w - wy) < 0.05) continue;
        cr_assert(sor_count(20, 0.1, w, &rc) > best, "omega %g beats Young's %g", w, wy);
    }
}

/* A and b = 1 are invariant under the reversal i -> n-1-i, which maps the
 * backward sweep onto the forward one: the iteration counts agree. */
Test(sor, backward_equals_forward_by_symmetry, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(12, 0.2);
    double x1[144] = {0}, x2[144] = {0};
    kes_solver *F, *B;
    cr_assert_eq(kes_solver_create(kes_solver_sor, A, &F), KES_OK);
    cr_assert_eq(kes_solver_create(kes_solver_sor_backward, A, &B), KES_OK);
    for (double w = 1.0; w < 1.95; w += 0.2) {
        kes_solver_set_omega(F, w);
        kes_solver_set_omega(B, w);
        kes_solve_stats sf, sb;
        kes_solve_opts o = kes_solve_opts_default();
        o.zero_guess = 1;
        cr_assert_eq(kes_solver_solve(F, ones, x1, &o, &sf), KES_OK);
        cr_assert_eq(kes_solver_solve(B, ones, x2, &o, &sb), KES_OK);
        cr_assert(llabs(sf.iterations - sb.iterations) <= 1);
        for (int i = 0; i < 144; i++) cr_assert_float_eq(x1[i], x2[143 - i], 1e-6);
    }
    kes_solver_destroy(F);
    kes_solver_destroy(B);
    kes_csr_destroy(A);
}

/* Each stationary method against dense LU on random SPD matrices: with the
 * residual below tol ||r0|| (x0 = 0, so tol ||b||) the error is at most
 * cond(A) tol ||x||; a factor 2 covers rounding in the fused residual. */
Test(sor, against_dense_lu_random_spd)
{
    const kes_solver_type *types[5] = {kes_solver_jacobi, kes_solver_gauss_seidel, kes_solver_sor,
                                       kes_solver_sor_backward, kes_solver_ssor};
    const double oms[5] = {0.8, 1.0, 1.3, 1.4, 1.2};
    for (uint64_t seed = 1; seed <= 3; seed++) {
        kes_csr *A = fx_random_spd(60, 3, 0.5, seed);
        cr_assert_not_null(A);
        double b[60], xref[60], x[60];
        kes_rng rng;
        kes_rng_init(&rng, 100 + seed, 0);
        kes_rng_fill_normal(&rng, 60, b);
        cr_assert(fx_dense_solve(A, b, xref));
        double kappa = fx_cond_spd(A), tol = 1e-11;
        for (int t = 0; t < 5; t++) {
            kes_solver *S;
            cr_assert_eq(kes_solver_create(types[t], A, &S), KES_OK);
            cr_assert_eq(kes_solver_set_omega(S, oms[t]), KES_OK);
            memset(x, 0, sizeof x);
            kes_solve_opts o = kes_solve_opts_default();
            o.tol = tol;
            kes_solve_stats st;
            cr_assert_eq(kes_solver_solve(S, b, x, &o, &st), KES_OK, "%s", kes_solver_name(S));
            cr_assert(st.converged);
            /* the fused residual is the true residual up to rounding */
            double tr = fx_resid(A, b, x);
            cr_assert(tr < 1.01 * tol * st.initial_residual_norm + 1e-14 * fx_norm(60, b), "%s: true %g",
                      kes_solver_name(S), tr / st.initial_residual_norm);
            double err = fx_dist(60, x, xref);
            cr_assert(err <= 2.0 * kappa * tol * fx_norm(60, xref), "%s err %g", kes_solver_name(S),
                      err);
            kes_solver_destroy(S);
        }
        kes_csr_destroy(A);
    }
}

/* The fused residual (1 - w) g - U delta must equal b - A x after every
 * sweep, not only at the end: compare the history with direct residuals
 * while stepping. */
Test(sor, fused_residual_equals_true_residual_every_step, .init = fill_ones)
{
    kes_csr *A = fx_random_spd(80, 4, 0.1, 9);
    const kes_solver_type *types[3] = {kes_solver_sor, kes_solver_sor_backward, kes_solver_ssor};
    for (int t = 0; t < 3; t++) {
        kes_solver *S;
        cr_assert_eq(kes_solver_create(types[t], A, &S), KES_OK);
        kes_solver_set_omega(S, 1.37);
        double x[80] = {0}, b[80];
        for (int i = 0; i < 80; i++) b[i] = sin(i + 1.0);
        kes_solve_stats st;
        cr_assert_eq(kes_solver_start(S, b, x, NULL, &st), KES_OK);
        for (int k = 0; k < 30 && !st.converged; k++) {
            cr_assert_eq(kes_solver_iterate(S, &st), KES_OK);
            double tr = fx_resid(A, b, x);
            cr_assert_float_eq(st.residual_norm, tr, 1e-12 * fx_norm(80, b) + 1e-9 * tr);
        }
        kes_solver_destroy(S);
    }
    kes_csr_destroy(A);
}

/* kes_solver_solve runs SOR through the fused path (residual of x_k
 * inside sweep k+1, last sweep undone); kes_solver_iterate through the
 * step loop.  Same counts, statuses, histories and answers, bit for bit,
 * whether the solve converges or hits max_iter (divergence: see
 * divergence_stops_early_and_x_finite). */
Test(sor, fused_run_equals_step_loop, .init = fill_ones)
{
    kes_csr *A = fx_random_spd(90, 3, 0.05, 21);
    const double oms[3] = {1.0, 1.45, 1.9};
    const int64_t caps[4] = {0, 1, 7, 10000};
    double b[90], h1[200], h2[200], x1[90], x2[90];
    for (int i = 0; i < 90; i++) b[i] = cos(0.7 * i);
    for (int q = 0; q < 3; q++)
        for (int c = 0; c < 4; c++) {
            kes_solver *S;
            cr_assert_eq(kes_solver_create(oms[q] == 1.0 ? kes_solver_gauss_seidel : kes_solver_sor, A, &S),
                         KES_OK);
            kes_solver_set_omega(S, oms[q]);
            kes_solve_opts o = kes_solve_opts_default();
            o.max_iter = caps[c];
            o.history_cap = 200;
            for (int i = 0; i < 90; i++) x1[i] = x2[i] = 0.01 * i;
            o.history = h1;
            kes_solve_stats s1, s2;
            kes_status r1 = kes_solver_solve(S, b, x1, &o, &s1);
            o.history = h2;
            kes_status r2 = kes_solver_start(S, b, x2, &o, &s2);
            cr_assert_eq(r2, KES_OK);
            while (!s2.converged && (r2 = kes_solver_iterate(S, &s2)) == KES_OK) {}
            if (s2.converged) r2 = KES_OK;
            cr_assert_eq(r1, r2, "w=%g cap=%lld", oms[q], (long long)caps[c]);
            cr_assert_eq(r1, caps[c] == 10000 ? KES_OK : KES_NOCONV, "w=%g cap=%lld: %d after %lld", oms[q], (long long)caps[c], r1, (long long)s1.iterations);
            cr_assert_eq(s1.iterations, s2.iterations);
            cr_assert_eq(s1.history_len, s2.history_len);
            cr_assert_eq(memcmp(h1, h2, (size_t)s1.history_len * sizeof h1[0]), 0);
            cr_assert_eq(s1.residual, s2.residual);
            cr_assert_eq(memcmp(x1, x2, sizeof x1), 0, "w=%g cap=%lld", oms[q], (long long)caps[c]);
            kes_solver_destroy(S);
        }
    kes_csr_destroy(A);
}

/* Jacobi needs about ln(tol)/ln(rho_J) iterations on the model problem. */
Test(sor, jacobi_count_matches_rate, .init = fill_ones)
{
    double rj;
    fx_young(10, 0.45, &rj);
    kes_csr *A = fx_laplacian(10, 0.45);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_jacobi, A, &S), KES_OK);
    double x[100] = {0};
    kes_solve_stats st;
    cr_assert_eq(kes_solver_solve(S, ones, x, NULL, &st), KES_OK);
    double est = log(1e-8) / log(rj);
    cr_assert(fabs((double)st.iterations - est) < 0.1 * est, "%lld vs %g", (long long)st.iterations, est);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

/* The raw sweep from a plan equals one iteration of the SOR driver. */
Test(sor, raw_sweep_matches_driver, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(8, 0.0);
    kes_solver *S;
    cr_assert_eq(kes_solver_create(kes_solver_sor, A, &S), KES_OK);
    kes_solver_set_omega(S, 1.6);
    double x1[64] = {0}, x2[64] = {0}, d[64];
    cr_assert_eq(kes_solver_sor_sweep(S, ones, x1, d), KES_OK);
    cr_assert_eq(kes_solver_sor_sweep(S, ones, x1, NULL), KES_OK);
    kes_solve_opts o = kes_solve_opts_default();
    o.max_iter = 2;
    kes_solve_stats st;
    cr_assert_eq(kes_solver_solve(S, ones, x2, &o, &st), KES_NOCONV);
    cr_assert_eq(st.iterations, 2);
    cr_assert_eq(memcmp(x1, x2, sizeof x1), 0);
    cr_assert_eq(kes_solver_sor_sweep(NULL, ones, x1, d), KES_EINVAL);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

/* ---- bad input: each its own status, x untouched or finite ---- */

Test(sor, bad_omega_is_edom_and_x_untouched, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(4, 0.0);
    double x[16];
    for (int i = 0; i < 16; i++) x[i] = 0.5;
    const double bad[5] = {0.0, 2.0, -0.5, 2.5, NAN};
    for (int q = 0; q < 5; q++) {
        cr_assert_eq(kes_sor_solve(A, ones, x, bad[q], NULL, NULL), KES_EDOM);
        cr_assert_eq(kes_ssor_pcg_solve(A, ones, x, bad[q], NULL, NULL), KES_EDOM);
    }
    for (int i = 0; i < 16; i++) cr_assert_eq(x[i], 0.5);
    kes_csr_destroy(A);
}

Test(sor, null_and_dimension_errors, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(4, 0.0);
    double x[16] = {0};
    cr_assert_eq(kes_sor_solve(NULL, ones, x, 1.5, NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_sor_solve(A, NULL, x, 1.5, NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_sor_solve(A, ones, NULL, 1.5, NULL, NULL), KES_EINVAL);
    int64_t r[3] = {0, 1, 1}, c[3] = {0, 1, 2};
    double v[3] = {1, 2, 3};
    kes_csr *R;
    cr_assert_eq(kes_csr_from_triplets(2, 3, 3, r, c, v, &R), KES_OK);
    cr_assert_eq(kes_sor_solve(R, ones, x, 1.5, NULL, NULL), KES_EDIM);
    kes_csr_destroy(R);
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 0.0;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.5, &o, NULL), KES_EINVAL);
    o = kes_solve_opts_default();
    o.max_iter = -1;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.5, &o, NULL), KES_EINVAL);
    o = kes_solve_opts_default();
    o.history_cap = 5;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.5, &o, NULL), KES_EINVAL);
    kes_csr_destroy(A);
}

Test(sor, zero_or_missing_diagonal_is_esingular, .init = fill_ones)
{
    int64_t r[4] = {0, 0, 1, 2}, c[4] = {0, 1, 0, 2};
    double v[4] = {2, -1, -1, 3};
    kes_csr *A; /* row 1 has no diagonal entry */
    cr_assert_eq(kes_csr_from_triplets(3, 3, 4, r, c, v, &A), KES_OK);
    double x[3] = {1, 2, 3};
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.2, NULL, NULL), KES_ESINGULAR);
    /* plain CG never divides by a_ii: it runs (this A is indefinite, so
     * it may stop on a breakdown) and leaves a finite x */
    kes_status cg = kes_cg_solve(A, ones, x, NULL, NULL);
    cr_assert(cg != KES_ESINGULAR && (cg == KES_OK || cg == KES_NOCONV || cg == KES_ENOTSPD), "%s",
              kes_strerror(cg));
    cr_assert(isfinite(x[0]) && isfinite(x[1]) && isfinite(x[2]));
    x[0] = 1, x[1] = 2, x[2] = 3;
    kes_csr_destroy(A);
    int64_t r2[3] = {0, 1, 2}, c2[3] = {0, 1, 2};
    double v2[3] = {1, 0, 1}; /* explicit zero on the diagonal */
    cr_assert_eq(kes_csr_from_triplets(3, 3, 3, r2, c2, v2, &A), KES_OK);
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.2, NULL, NULL), KES_ESINGULAR);
    cr_assert_eq(x[0], 1.0);
    cr_assert_eq(x[2], 3.0);
    kes_csr_destroy(A);
}

Test(sor, nan_in_a_b_or_x_is_enan, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(3, 0.0);
    double x[9] = {0}, b[9];
    memcpy(b, ones, sizeof b);
    b[4] = NAN;
    cr_assert_eq(kes_sor_solve(A, b, x, 1.2, NULL, NULL), KES_ENAN);
    b[4] = INFINITY;
    cr_assert_eq(kes_cg_solve(A, b, x, NULL, NULL), KES_ENAN);
    for (int i = 0; i < 9; i++) cr_assert(x[i] == 0.0);
    x[2] = NAN; /* a NaN initial guess is rejected, unless zero_guess says to ignore it */
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.2, NULL, NULL), KES_ENAN);
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.2, &o, NULL), KES_OK);
    for (int i = 0; i < 9; i++) cr_assert(isfinite(x[i]));
    A->val[3] = NAN;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.2, NULL, NULL), KES_ENAN);
    A->val[3] = -INFINITY;
    cr_assert_eq(kes_ssor_pcg_solve(A, ones, x, 1.2, NULL, NULL), KES_ENAN);
    kes_csr_destroy(A);
}

/* [[1, 2], [2, 1]] is indefinite: Gauss-Seidel's iteration matrix has
 * spectral radius 4, so the residual passes 1e10 x r0 after ~17 sweeps and
 * the solve must stop early with x back at the (finite) initial guess. */
Test(sor, divergence_stops_early_and_x_finite)
{
    int64_t r[4] = {0, 0, 1, 1}, c[4] = {0, 1, 0, 1};
    double v[4] = {1, 2, 2, 1};
    kes_csr *A;
    cr_assert_eq(kes_csr_from_triplets(2, 2, 4, r, c, v, &A), KES_OK);
    double b[2] = {1, -1}, x[2] = {0.25, 0.5};
    kes_solve_stats st;
    cr_assert_eq(kes_sor_solve(A, b, x, 1.0, NULL, &st), KES_EDIVERGE);
    cr_assert(st.iterations < 40, "%lld", (long long)st.iterations);
    cr_assert_eq(st.status, KES_EDIVERGE);
    cr_assert(!st.converged);
    cr_assert_eq(x[0], 0.25);
    cr_assert_eq(x[1], 0.5);
    kes_solver *S;
    /* the step loop (kes_solver_iterate) stops at the same sweep as the fused path */
    cr_assert_eq(kes_solver_create(kes_solver_gauss_seidel, A, &S), KES_OK);
    kes_solve_stats s2;
    cr_assert_eq(kes_solver_start(S, b, x, NULL, &s2), KES_OK);
    kes_status rc;
    while ((rc = kes_solver_iterate(S, &s2)) == KES_OK) {}
    cr_assert_eq(rc, KES_EDIVERGE);
    cr_assert_eq(s2.iterations, st.iterations);
    cr_assert_eq(x[0], 0.25);
    kes_solver_destroy(S);
    cr_assert_eq(kes_solver_create(kes_solver_jacobi, A, &S), KES_OK);
    cr_assert_eq(kes_solver_solve(S, b, x, NULL, &st), KES_EDIVERGE);
    cr_assert(isfinite(x[0]) && isfinite(x[1]));
    kes_solver_destroy(S);
    kes_csr_destroy(A);
}

Test(sor, max_iter_is_noconv_with_stats, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double x[100] = {0};
    kes_solve_opts o = kes_solve_opts_default();
    o.max_iter = 50;
    kes_solve_stats st;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.0, &o, &st), KES_NOCONV);
    cr_assert_eq(st.status, KES_NOCONV);
    cr_assert_eq(st.iterations, 50);
    cr_assert(!st.converged);
    cr_assert(st.residual < 1.0 && st.residual > 1e-8);
    cr_assert_float_eq(st.residual * st.initial_residual_norm, fx_resid(A, ones, x), 1e-10);
    o.max_iter = 0;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.0, &o, &st), KES_NOCONV);
    cr_assert_eq(st.iterations, 0);
    kes_csr_destroy(A);
}

/* Warm start: a solve continued from a partial answer needs fewer sweeps,
 * and an exact answer with the ||b|| rule needs none. */
Test(sor, warm_start, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double x[100] = {0};
    kes_solve_opts o = kes_solve_opts_default();
    o.stop = KES_STOP_REL_B;
    kes_solve_stats cold, warm;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.5, &o, &cold), KES_OK);
    memset(x, 0, sizeof x);
    o.tol = 1e-4;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.5, &o, NULL), KES_OK);
    o.tol = 1e-8;
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.5, &o, &warm), KES_OK);
    cr_assert(warm.iterations < cold.iterations);
    cr_assert(warm.iterations > 0);
    cr_assert_eq(kes_sor_solve(A, ones, x, 1.5, &o, &warm), KES_OK);
    cr_assert_eq(warm.iterations, 0);
    kes_csr_destroy(A);
}

/* Residuals beyond the range of their squares (b = 2^900, 2^-900): SOR's
 * fused residual norms are scaled, and the one-shot solve (whose fused run
 * hands such scales to the step loop) takes the iterations of b = 1 and
 * returns the scaled solution; the stationary step methods likewise. */
Test(sor, residual_norms_beyond_squares_range, .init = fill_ones)
{
    kes_csr *A = fx_laplacian(10, 0.0);
    double x0[100] = {0};
    kes_solve_stats s0;
    cr_assert_eq(kes_sor_solve(A, ones, x0, 1.5, NULL, &s0), KES_OK);
    for (int e = -900; e <= 900; e += 1800) {
        double b[100], x[100] = {0};
        kes_solve_stats st;
        for (int j = 0; j < 100; j++) b[j] = ldexp(1.0, e);
        cr_expect_eq(kes_sor_solve(A, b, x, 1.5, NULL, &st), KES_OK, "2^%d", e);
        cr_expect_eq(st.iterations, s0.iterations, "2^%d", e);
        cr_expect(fabs(ldexp(st.initial_residual_norm, -e) - 10.0) < 1e-13, "2^%d", e);
        for (int j = 0; j < 100; j++) x[j] = ldexp(x[j], -e);
        cr_expect_leq(fx_dist(100, x, x0), 1e-12 * fx_norm(100, x0), "2^%d", e);
    }
    const kes_solver_type *t[4] = {kes_solver_sor_backward, kes_solver_ssor, kes_solver_jacobi,
                                   kes_solver_sor_multicolor};
    for (int i = 0; i < 4; i++) {
        kes_solver *S;
        cr_assert_eq(kes_solver_create(t[i], A, &S), KES_OK);
        double y0[100] = {0}, y[100] = {0}, b[100];
        kes_solve_stats a, c;
        cr_assert_eq(kes_solver_solve(S, ones, y0, NULL, &a), KES_OK);
        for (int j = 0; j < 100; j++) b[j] = 0x1p900;
        cr_expect_eq(kes_solver_solve(S, b, y, NULL, &c), KES_OK, "%s", kes_solver_name(S));
        cr_expect_eq(c.iterations, a.iterations, "%s", kes_solver_name(S));
        kes_solver_destroy(S);
    }
    kes_csr_destroy(A);
}
