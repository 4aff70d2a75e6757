/* Tests for src/kernels/kernel.c: kernel descriptors, pointwise values,
 * kernel matrices. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernel_testutil.h"

#define PI 3.14159265358979323846

static const kes_kernel_kind ALL_KINDS[] = {KES_KERNEL_GAUSSIAN, KES_KERNEL_LAPLACE,  KES_KERNEL_MATERN,
                                            KES_KERNEL_RATQUAD,  KES_KERNEL_PERIODIC, KES_KERNEL_LINEAR,
                                            KES_KERNEL_POLYNOMIAL, KES_KERNEL_SOFTMAX};
#define NKINDS (int)(sizeof ALL_KINDS / sizeof ALL_KINDS[0])

/* A non-default parameter set for each kind, so that every parameter is exercised. */
static kes_kernel sample_kernel(kes_kernel_kind kind)
{
    kes_kernel k = kes_kernel_default(kind);
    k.variance = 1.7;
    k.lengthscale = 1.3;
    k.nu = 1.2;
    k.alpha = 0.8;
    k.period = 2.1;
    k.offset = 0.4;
    k.degree = 3;
    if (kind == KES_KERNEL_SOFTMAX || kind == KES_KERNEL_POLYNOMIAL) k.lengthscale = 2.5;
    return k;
}

static double eval2(const kes_kernel *k, const double *x, const double *y, int64_t d)
{
    double v = NAN;
    cr_assert_eq(kes_kernel_eval(k, kes_vec_const(kes_vec_view((double *)x, d, 1)), kes_vec_const(kes_vec_view((double *)y, d, 1)), &v), KES_OK);
    return v;
}

/* Closed forms written out independently of the library's code paths. */
Test(kernel, closed_forms)
{
    const double x[3] = {0.3, -1.2, 0.5}, y[3] = {1.1, 0.4, -0.7};
    double r2 = 0, s = 0, S = 0;
    for (int i = 0; i < 3; i++) {
        r2 += (x[i] - y[i]) * (x[i] - y[i]);
        s += x[i] * y[i];
        S += pow(sin(PI * (x[i] - y[i]) / 2.1), 2);
    }
    double r = sqrt(r2), v = 1.7, l = 1.3;
    double expect[NKINDS] = {
        v * exp(-r2 / (2 * l * l)),
        v * exp(-r / l),
        NAN, /* Matern 1.2: checked against mpmath below */
        v * pow(1 + r2 / (2 * 0.8 * l * l), -0.8),
        v * exp(-2 * S / (l * l)),
        v * (s / (l * l) + 0.4),
        v * pow(s / (2.5 * 2.5) + 0.4, 3),
        v * exp(s / (2.5 * 2.5)),
    };
    for (int t = 0; t < NKINDS; t++) {
        if (isnan(expect[t])) continue;
        kes_kernel k = sample_kernel(ALL_KINDS[t]);
        double got = eval2(&k, x, y, 3);
        cr_assert(fabs(got - expect[t]) <= 1e-14 * fabs(expect[t]), "kind %d: %.17g vs %.17g", t, got, expect[t]);
    }
}

/* Matern closed forms at nu = 1/2, 3/2, 5/2, 7/2, 9/2:
 * exp(-z) * sum_{i<=p} (p+i)!/(i!(p-i)!) (2z)^(p-i) / (2p)!/p! ... written
 * out explicitly for p = 0..4 (Rasmussen & Williams eq. 4.16). */
static double matern_half(int p, double z)
{
    switch (p) {
    case 0: return exp(-z);
    case 1: return (1 + z) * exp(-z);
    case 2: return (1 + z + z * z / 3) * exp(-z);
    case 3: return (1 + z + 2 * z * z / 5 + z * z * z / 15) * exp(-z);
    default: return (1 + z + 3 * z * z / 7 + 2 * z * z * z / 21 + z * z * z * z / 105) * exp(-z);
    }
}

/* nu = 7/2 and 9/2 have no special case in the library, and nu just above
 * 1/2, 3/2, 5/2 avoids the special cases: both exercise the general
 * log-Bessel path, which must agree with the closed forms. */
Test(kernel, matern_general_nu_matches_half_integer_closed_forms)
{
    for (int p = 0; p <= 4; p++) {
        double nu = p + 0.5;
        double nus[2] = {nu, p <= 2 ? nextafter(nu, 10.0) : nu};
        for (int q = 0; q < 2; q++) {
            kes_kernel k = kes_kernel_matern(nus[q], 0.9);
            for (double r = 0.0; r < 6.0; r += 0.173) {
                double got, z = sqrt(2 * nu) * r / 0.9, want = matern_half(p, z);
                cr_assert_eq(kes_kernel_radial(&k, r, &got), KES_OK);
                /* The log form costs a few ulp of |log K| ~ z: 1e-13 relative
                 * is ~500 ulp of headroom at z ~ 20. */
                cr_assert(fabs(got - want) <= 1e-13 * want + 1e-300, "nu=%g r=%g: %.17g vs %.17g", nus[q], r, got,
                          want);
            }
        }
    }
    kes_kernel a = kes_kernel_matern(0.5, 1.4), b = kes_kernel_laplace(1.4);
    for (double r = 0.0; r < 5.0; r += 0.31) {
        double va, vb;
        kes_kernel_radial(&a, r, &va);
        kes_kernel_radial(&b, r, &vb);
        cr_assert_eq(va, vb);
    }
}

/* Independent reference: mpmath (50 digits), tools/gen_kernel_matern.py. */
Test(kernel, matern_against_mpmath)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/kernel_matern.txt", "r");
    cr_assert_not_null(f);
    char line[256];
    int count = 0;
    double worst = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        double nu, ell, r, want, got;
        cr_assert_eq(sscanf(line, "%lf %lf %lf %lf", &nu, &ell, &r, &want), 4);
        kes_kernel k = kes_kernel_matern(nu, ell);
        k.variance = 2.0;
        cr_assert_eq(kes_kernel_radial(&k, r, &got), KES_OK);
        double rel = fabs(got / 2.0 - want) / want;
        worst = rel > worst ? rel : worst;
        /* Relative 1e-12: the log form loses ~|log value| ulps at large z,
         * and up to nu |log z| ulps (~1e-14) at z = 1e-12. */
        cr_assert(rel <= 1e-12, "nu=%g ell=%g r=%g: %.17g vs %.17g (rel %g)", nu, ell, r, got / 2, want, rel);
        count++;
    }
    fclose(f);
    cr_assert_geq(count, 150);
}

/* The limit r -> 0 is the variance exactly and is approached from below,
 * also for small nu where 1 - k(r) ~ r^(2 nu) is still large at r = 1e-100.
 * Away from the closed forms the value comes from exp of a sum of terms of
 * size ~nu |ln z|, so it carries an absolute error of a few eps (1 + nu |ln z|)
 * (the bound documented in the header); monotonicity is checked to that
 * accuracy. */
Test(kernel, matern_small_distance_limit)
{
    const double nus[] = {0.05, 0.3, 1.0, 1.5, 2.7, 40.0};
    for (int t = 0; t < 6; t++) {
        kes_kernel k = kes_kernel_matern(nus[t], 1.0);
        k.variance = 3.0;
        double v0, prev;
        cr_assert_eq(kes_kernel_radial(&k, 0.0, &v0), KES_OK);
        cr_assert_eq(v0, 3.0);
        prev = v0;
        if (nus[t] == 0.05) {
            double v;
            kes_kernel_radial(&k, 1e-100, &v);
            /* 1 - k = Gamma(1-nu)/Gamma(1+nu) (z/2)^(2 nu) + ... = 8.81e-11 here (mpmath); the log form carries ~8 eps nu ln(1/z) = 1.0e-14 */
            cr_assert(fabs(v / 3.0 - (1 - 8.8106656e-11)) < 2e-14, "%.17g", v);
        }
        for (double r = 1e-300; r < 10.0; r *= 10.0) {
            double v;
            cr_assert_eq(kes_kernel_radial(&k, r, &v), KES_OK);
            double tol = 8 * DBL_EPSILON * (1 + nus[t] * fabs(log(r)));
            cr_assert(isfinite(v) && v <= 3.0 && v <= prev + 3.0 * tol, "nu=%g r=%g v=%.17g prev=%.17g", nus[t], r, v,
                      prev);
            prev = v;
        }
    }
}

/* Large nu tends to the Gaussian with the same lengthscale. */
Test(kernel, matern_large_nu_tends_to_gaussian)
{
    kes_kernel m = kes_kernel_matern(400.0, 1.0), g = kes_kernel_gaussian(1.0);
    for (double r = 0.1; r < 3.0; r += 0.2) {
        double a, b;
        kes_kernel_radial(&m, r, &a);
        kes_kernel_radial(&g, r, &b);
        /* The difference is O(r^4 / nu) */
        cr_assert(fabs(a - b) < 2e-3, "r=%g %g %g", r, a, b);
    }
}

Test(kernel, radial_matches_eval)
{
    const double x[2] = {0.2, 0.9}, y[2] = {-0.4, 0.1};
    double r = sqrt(0.36 + 0.64);
    for (int t = 0; t < 4; t++) {
        kes_kernel k = sample_kernel(ALL_KINDS[t]);
        double a, b = eval2(&k, x, y, 2);
        cr_assert_eq(kes_kernel_radial(&k, r, &a), KES_OK);
        cr_assert(fabs(a - b) <= 1e-14 * b);
    }
    /* PERIODIC: the radial form is the 1-D displacement. */
    kes_kernel k = sample_kernel(KES_KERNEL_PERIODIC);
    double x1 = 0.3, y1 = 1.45, a;
    kes_kernel_radial(&k, 1.15, &a);
    cr_assert(fabs(a - eval2(&k, &x1, &y1, 1)) <= 1e-14 * a);
}

/* K(X, Y) assembled through BLAS equals pointwise evaluation, on views with
 * ld > nrows. */
Test(kernel, matrix_matches_pointwise)
{
    kes_mat Xb = kt_points(50, 5, 1, 0.8), Yb = kt_points(41, 5, 2, 0.8);
    kes_mat X = kes_mat_submatrix(Xb, 3, 0, 40, 5), Y = kes_mat_submatrix(Yb, 0, 0, 30, 5);
    kes_mat Kb;
    tmat_alloc(45, 30, &Kb);
    kes_mat K = kes_mat_submatrix(Kb, 2, 0, 40, 30);
    for (int t = 0; t < NKINDS; t++) {
        kes_kernel k = sample_kernel(ALL_KINDS[t]);
        cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(X), kes_mat_const(Y), K), KES_OK);
        double scale = 0;
        for (int64_t j = 0; j < 30; j++)
            for (int64_t i = 0; i < 40; i++) scale = fmax(scale, fabs(kes_mat_get(K, i, j)));
        for (int64_t j = 0; j < 30; j++)
            for (int64_t i = 0; i < 40; i++) {
                double want;
                kes_kernel_eval(&k, kes_vec_const(kes_mat_row(X, i)), kes_vec_const(kes_mat_row(Y, j)), &want);
                /* gemm's x.y carries ~d eps ||x|| ||y|| of absolute error. */
                cr_assert(fabs(kes_mat_get(K, i, j) - want) <= 1e-12 * scale, "kind %d (%ld,%ld): %.17g vs %.17g", t,
                          (long)i, (long)j, kes_mat_get(K, i, j), want);
            }
        /* the two rows of padding around K are untouched */
        cr_assert_eq(Kb.data[0], 0.0);
        cr_assert_eq(Kb.data[44 + 29 * 45], 0.0);
    }
    tmat_free(&Xb);
    tmat_free(&Yb);
    tmat_free(&Kb);
}

/* K(X, X): exactly symmetric, diagonal equals kes_kernel_diag, and PSD. */
Test(kernel, self_matrix_symmetric_psd)
{
    int64_t n = 120;
    kes_mat X = kt_points(n, 3, 5, 0.7);
    double *w = malloc(n * sizeof *w), *dg = malloc(n * sizeof *dg);
    for (int t = 0; t < NKINDS; t++) {
        kes_kernel k = sample_kernel(ALL_KINDS[t]);
        kes_mat K = kt_kernel(&k, X);
        cr_assert_eq(kes_kernel_diag(&k, kes_mat_const(X), dg), KES_OK);
        for (int64_t j = 0; j < n; j++) {
            double want;
            kes_kernel_eval(&k, kes_vec_const(kes_mat_row(X, j)), kes_vec_const(kes_mat_row(X, j)), &want);
            cr_assert(fabs(dg[j] - want) <= 1e-14 * fabs(want));
            cr_assert(fabs(kes_mat_get(K, j, j) - dg[j]) <= 1e-12 * fabs(dg[j]));
            for (int64_t i = 0; i < n; i++) cr_assert_eq(kes_mat_get(K, i, j), kes_mat_get(K, j, i));
        }
        cr_assert_eq(kes_mat_syev(K, w, 0), KES_OK);
        /* Round-off in an n x n symmetric eigensolve is ~n eps ||K||. */
        cr_assert(w[0] >= -1e-12 * w[n - 1], "kind %d: lambda_min %g lambda_max %g", t, w[0], w[n - 1]);
        tmat_free(&K);
    }
    free(w);
    free(dg);
    tmat_free(&X);
}

/* Points far from the origin and close to each other: ||x||^2 + ||y||^2 -
 * 2 x.y cancels completely, and r^2 must come from the coordinates.  The
 * Laplace kernel (a square root of r^2) would show any error at once. */
Test(kernel, cancellation_guard)
{
    int64_t n = 30;
    kes_mat X = kt_points(n, 4, 9, 1e-4), Y = kt_points(n, 4, 10, 1e-4);
    for (int64_t j = 0; j < 4; j++)
        for (int64_t i = 0; i < n; i++) {
            X.data[i + j * n] += 1e4;
            Y.data[i + j * n] += 1e4;
        }
    kes_kernel k = kes_kernel_laplace(1e-4);
    kes_mat K;
    tmat_alloc(n, n, &K);
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(X), kes_mat_const(Y), K), KES_OK);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) {
            double want;
            kes_kernel_eval(&k, kes_vec_const(kes_mat_row(X, i)), kes_vec_const(kes_mat_row(Y, j)), &want);
            cr_assert(fabs(kes_mat_get(K, i, j) - want) <= 1e-12, "%.17g vs %.17g", kes_mat_get(K, i, j), want);
        }
    tmat_free(&X);
    tmat_free(&Y);
    tmat_free(&K);
}

/* Coordinates whose squared norms overflow: inf - inf must not leak NaN
 * into K; the distance comes from the coordinates. */
Test(kernel, overflowing_norms)
{
    double xd[4] = {1e160, -1e160, 3.0, 1e160}, yd[4] = {1e160, 0.0, 3.0, 1e160};
    kes_mat X = kes_mat_view(xd, 2, 2, 2), Y = kes_mat_view(yd, 2, 2, 2);
    double kd[4];
    kes_kernel ks[3] = {kes_kernel_gaussian(1.0), kes_kernel_laplace(1.0), kes_kernel_matern(1.3, 1.0)};
    for (int t = 0; t < 3; t++) {
        cr_assert_eq(kes_kernel_matrix(&ks[t], kes_mat_const(X), kes_mat_const(Y), kes_mat_view(kd, 2, 2, 2)), KES_OK);
        /* X_0 = Y_0 = (1e160, 1e160); X_1 = (-1e160, 3), Y_1 = (0, 3) */
        cr_assert_eq(kd[0], 1.0, "kind %d: %g", t, kd[0]);
        cr_assert_eq(kd[1], 0.0);
        cr_assert_eq(kd[2], 0.0);
        cr_assert_eq(kd[3], 0.0);
    }
}

Test(kernel, check_rejects_bad_parameters)
{
    cr_assert_eq(kes_kernel_check(NULL), KES_EINVAL);
    kes_kernel k = kes_kernel_default((kes_kernel_kind)99);
    cr_assert_eq(kes_kernel_check(&k), KES_EINVAL);
    k = kes_kernel_default((kes_kernel_kind)-1);
    cr_assert_eq(kes_kernel_check(&k), KES_EINVAL);
    for (int t = 0; t < NKINDS; t++) {
        k = sample_kernel(ALL_KINDS[t]);
        cr_assert_eq(kes_kernel_check(&k), KES_OK);
        kes_kernel b = k;
        b.lengthscale = 0.0;
        cr_assert_eq(kes_kernel_check(&b), KES_EDOM);
        b.lengthscale = -1.0;
        cr_assert_eq(kes_kernel_check(&b), KES_EDOM);
        b.lengthscale = NAN;
        cr_assert_eq(kes_kernel_check(&b), KES_ENAN);
        b = k;
        b.variance = 0.0;
        cr_assert_eq(kes_kernel_check(&b), KES_EDOM);
        b.variance = INFINITY;
        cr_assert_eq(kes_kernel_check(&b), KES_ENAN);
    }
    k = kes_kernel_matern(0.0, 1.0);
    cr_assert_eq(kes_kernel_check(&k), KES_EDOM);
    k.nu = -0.5;
    cr_assert_eq(kes_kernel_check(&k), KES_EDOM);
    k.nu = NAN;
    cr_assert_eq(kes_kernel_check(&k), KES_ENAN);
    k = kes_kernel_default(KES_KERNEL_RATQUAD);
    k.alpha = 0.0;
    cr_assert_eq(kes_kernel_check(&k), KES_EDOM);
    k = kes_kernel_default(KES_KERNEL_PERIODIC);
    k.period = -2.0;
    cr_assert_eq(kes_kernel_check(&k), KES_EDOM);
    k = kes_kernel_default(KES_KERNEL_POLYNOMIAL);
    k.degree = 0;
    cr_assert_eq(kes_kernel_check(&k), KES_EDOM);
    k.degree = 2;
    k.offset = -0.1;
    cr_assert_eq(kes_kernel_check(&k), KES_EDOM);
    k = kes_kernel_default(KES_KERNEL_LINEAR);
    k.offset = NAN;
    cr_assert_eq(kes_kernel_check(&k), KES_ENAN);
    /* parameters a kind does not read are ignored */
    k = kes_kernel_gaussian(1.0);
    k.nu = -1.0;
    k.degree = -3;
    cr_assert_eq(kes_kernel_check(&k), KES_OK);
    cr_assert_eq(kes_kernel_is_stationary(NULL), 0);
}

Test(kernel, eval_and_radial_errors)
{
    double x[2] = {1, 2}, y[2] = {3, NAN}, v = 42.0;
    kes_kernel k = kes_kernel_gaussian(1.0), bad = kes_kernel_gaussian(-1.0);
    kes_vec vx = kes_vec_view(x, 2, 1), vy = kes_vec_view(y, 2, 1);
    cr_assert_eq(kes_kernel_eval(&k, kes_vec_const(vx), kes_vec_const(vx), NULL), KES_EINVAL);
    cr_assert_eq(kes_kernel_eval(NULL, kes_vec_const(vx), kes_vec_const(vx), &v), KES_EINVAL);
    cr_assert_eq(kes_kernel_eval(&bad, kes_vec_const(vx), kes_vec_const(vx), &v), KES_EDOM);
    cr_assert_eq(kes_kernel_eval(&k, kes_vec_const(vx), kes_vec_const(kes_vec_view(y, 1, 1)), &v), KES_EDIM);
    cr_assert_eq(kes_kernel_eval(&k, kes_vec_const(kes_vec_view(x, 0, 1)), kes_vec_const(kes_vec_view(y, 0, 1)), &v), KES_EDIM);
    cr_assert_eq(kes_kernel_eval(&k, kes_vec_const(vx), kes_vec_const(kes_vec_view(NULL, 2, 1)), &v), KES_EINVAL);
    cr_assert_eq(kes_kernel_eval(&k, kes_vec_const(vx), kes_vec_const(vy), &v), KES_ENAN);
    cr_assert_eq(v, 42.0);
    cr_assert_eq(kes_kernel_radial(&k, -1.0, &v), KES_EDOM);
    cr_assert_eq(kes_kernel_radial(&k, NAN, &v), KES_ENAN);
    cr_assert_eq(kes_kernel_radial(&k, 1.0, NULL), KES_EINVAL);
    cr_assert_eq(kes_kernel_radial(&bad, 1.0, &v), KES_EDOM);
    kes_kernel s = kes_kernel_default(KES_KERNEL_SOFTMAX);
    cr_assert_eq(kes_kernel_radial(&s, 1.0, &v), KES_ENOTSUP);
    cr_assert_eq(v, 42.0);
    /* r = +Inf is a legitimate distance: the kernel vanishes */
    cr_assert_eq(kes_kernel_radial(&k, INFINITY, &v), KES_OK);
    cr_assert_eq(v, 0.0);
}

Test(kernel, matrix_errors_leave_output_untouched)
{
    kes_mat X = kt_points(6, 3, 1, 1.0), Y = kt_points(5, 3, 2, 1.0), Y2 = kt_points(5, 2, 3, 1.0), K, K2;
    tmat_alloc(6, 5, &K);
    tmat_alloc(5, 6, &K2);
    kes_mat_fill(K, 7.0);
    kes_kernel k = kes_kernel_gaussian(1.0), bad = kes_kernel_matern(-1.0, 1.0);
    double dg[6];
    cr_assert_eq(kes_kernel_matrix(NULL, kes_mat_const(X), kes_mat_const(Y), K), KES_EINVAL);
    cr_assert_eq(kes_kernel_matrix(&bad, kes_mat_const(X), kes_mat_const(Y), K), KES_EDOM);
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(X), kes_mat_const(Y2), K), KES_EDIM);
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(X), kes_mat_const(Y), K2), KES_EDIM);
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(kes_mat_view(X.data, 0, 3, 1)), kes_mat_const(Y), K), KES_EDIM);
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(kes_mat_view(NULL, 6, 3, 6)), kes_mat_const(Y), K), KES_EINVAL);
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(kes_mat_view(X.data, 6, 3, 2)), kes_mat_const(Y), K), KES_EDIM);
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(X), kes_mat_const(Y), kes_mat_view(NULL, 6, 5, 6)), KES_EINVAL);
    /* K overlapping an input */
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(kes_mat_view(X.data, 5, 3, 6)), kes_mat_const(Y), kes_mat_view(X.data + 1, 5, 5, 6)),
                 KES_EINVAL);
    X.data[4 + 6] = NAN;
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(X), kes_mat_const(Y), K), KES_ENAN);
    cr_assert_eq(kes_kernel_diag(&k, kes_mat_const(X), dg), KES_ENAN);
    X.data[4 + 6] = INFINITY;
    cr_assert_eq(kes_kernel_matrix(&k, kes_mat_const(Y), kes_mat_const(X), K2), KES_ENAN);
    for (int64_t i = 0; i < 30; i++) cr_assert_eq(K.data[i], 7.0);
    cr_assert_eq(kes_kernel_diag(&k, kes_mat_const(Y), NULL), KES_EINVAL);
    cr_assert_eq(kes_kernel_diag(&bad, kes_mat_const(Y), dg), KES_EDOM);
    tmat_free(&X);
    tmat_free(&Y);
    tmat_free(&Y2);
    tmat_free(&K);
    tmat_free(&K2);
}

/* Lengthscales beyond 1e+-154 square to 0 or inf: the profiles divide by ell
 * twice, so equal points give the variance and far points 0, never NaN
 * (found by test_hostile). */
Test(kernel, extreme_lengthscales_never_nan)
{
    const kes_kernel_kind kinds[] = {KES_KERNEL_GAUSSIAN, KES_KERNEL_RATQUAD, KES_KERNEL_PERIODIC,
                                     KES_KERNEL_LINEAR, KES_KERNEL_SOFTMAX};
    const double x0[2] = {0, 0}, x1[2] = {1, -1};
    for (int i = 0; i < 5; i++) {
        for (int e = 0; e < 2; e++) {
            kes_kernel k = kes_kernel_default(kinds[i]);
            k.lengthscale = e ? 1e300 : 1e-300;
            double same = NAN, far = NAN, K[4];
            cr_assert_eq(kes_kernel_eval(&k, kes_cvec_view(x0, 2, 1), kes_cvec_view(x0, 2, 1), &same), KES_OK);
            cr_assert_eq(kes_kernel_eval(&k, kes_cvec_view(x0, 2, 1), kes_cvec_view(x1, 2, 1), &far), KES_OK);
            cr_assert(!isnan(same) && !isnan(far), "kind %d ell %g: %g %g", i, k.lengthscale, same, far);
            if (i < 3) {
                cr_assert_eq(same, 1.0, "kind %d ell %g", i, k.lengthscale);
                cr_assert_eq(far, e ? 1.0 : 0.0, "kind %d ell %g: %g", i, k.lengthscale, far);
            }
            const double X[2] = {0, 1};
            cr_assert_eq(kes_kernel_matrix(&k, kes_cmat_view(X, 2, 1, 2), kes_cmat_view(X, 2, 1, 2),
                                           kes_mat_view(K, 2, 2, 2)),
                         KES_OK);
            for (int j = 0; j < 4; j++) cr_assert(!isnan(K[j]), "kind %d ell %g K[%d]", i, k.lengthscale, j);
        }
    }
}

/* The PERIODIC profile has no limit at an infinite displacement: refused as
 * non-finite input; the decaying kinds give their limit 0 (found by
 * test_hostile). */
Test(kernel, radial_at_infinity)
{
    double out = -1;
    kes_kernel p = kes_kernel_default(KES_KERNEL_PERIODIC), g = kes_kernel_gaussian(1);
    cr_assert_eq(kes_kernel_radial(&p, INFINITY, &out), KES_ENAN);
    cr_assert_eq(out, -1);
    cr_assert_eq(kes_kernel_radial(&g, INFINITY, &out), KES_OK);
    cr_assert_eq(out, 0.0);
}
