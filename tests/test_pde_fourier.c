/* Fourier spectral solvers (src/pde/pde_fourier.c): the contract of
 * kes_fourier_poisson, golden accuracy anchors (periodic Poisson with
 * e^{sin x}, the 2-D sin(100x) sin(100y) problem, a 3-D manufactured
 * solution, the heat equation exact in time), spectral convergence, the
 * screened operator, the derivative, plan reuse with no allocation per
 * solve, concurrent plan creation, and every error path. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kestrel.h"

#define TWO_PI 6.283185307179586476925286766559

/* The contract: these exact types (a changed signature breaks the build). */
static kes_status (*const p_create)(int, const int64_t *, const double *, kes_fourier_poisson **) =
    kes_fourier_poisson_create;
static kes_status (*const p_solve)(kes_fourier_poisson *, const double *, double *) = kes_fourier_poisson_solve;
static void (*const p_destroy)(kes_fourier_poisson *) = kes_fourier_poisson_destroy;

#include "pde_alloc_counter.h"

static double max_abs_diff(const double *a, const double *b, int64_t n)
{
    double m = 0.0;
    for (int64_t i = 0; i < n; i++) m = fmax(m, fabs(a[i] - b[i]));
    return m;
}

/* Max error of the 1-D solve of u'' = g with u = e^{sin x} - mean on N points. */
static double esin_error(int64_t N)
{
    double L = TWO_PI;
    double *f = malloc(sizeof(double) * (size_t)N), *u = malloc(sizeof(double) * (size_t)N),
           *ex = malloc(sizeof(double) * (size_t)N);
    double mean = 0.0;
    for (int64_t j = 0; j < N; j++) {
        double x = L * (double)j / (double)N, s = sin(x), c = cos(x);
        ex[j] = exp(s);
        mean += ex[j];
        f[j] = -(c * c - s) * exp(s); /* f = -u'' */
    }
    mean /= (double)N;
    for (int64_t j = 0; j < N; j++) ex[j] -= mean;
    kes_fourier_poisson *p = NULL;
    cr_assert_eq(p_create(1, &N, &L, &p), KES_OK);
    cr_assert_eq(p_solve(p, f, u), KES_OK);
    double e = max_abs_diff(u, ex, N);
    p_destroy(p);
    free(f);
    free(u);
    free(ex);
    return e;
}

Test(pde_fourier, poisson_esin_golden_S1)
{
    double e = esin_error(32);
    cr_log_info("S1: N = 32 max error %.3g", e);
    cr_assert_leq(e, 1e-14, "S1: N = 32 error %.3g", e);
}

Test(pde_fourier, poisson_esin_spectral_convergence)
{
    /* reference table: N = 8: 1.48e-3, 16: 8.29e-9, 24: 1.78e-14 */
    double e8 = esin_error(8), e16 = esin_error(16), e24 = esin_error(24), e64 = esin_error(64);
    cr_assert(e8 > 1e-4 && e8 < 1e-2, "N = 8: %.3g", e8);
    cr_assert(e16 > 1e-9 && e16 < 1e-7, "N = 16: %.3g", e16);
    cr_assert(e24 < 1e-13, "N = 24: %.3g", e24);
    cr_assert(e64 < 1e-14, "N = 64: %.3g", e64);
    /* odd sizes work too */
    cr_assert(esin_error(33) < 1e-14);
}

Test(pde_fourier, poisson_2d_sin100_H)
{
    int64_t n[2] = {202, 202};
    double L[2] = {TWO_PI, TWO_PI};
    int64_t N = n[0] * n[1];
    double *f = malloc(sizeof(double) * (size_t)N), *u = malloc(sizeof(double) * (size_t)N),
           *ex = malloc(sizeof(double) * (size_t)N);
    for (int64_t j = 0; j < n[1]; j++)
        for (int64_t i = 0; i < n[0]; i++) {
            double x = L[0] * (double)i / (double)n[0], y = L[1] * (double)j / (double)n[1];
            ex[i + n[0] * j] = sin(100 * x) * sin(100 * y);
            f[i + n[0] * j] = 2e4 * ex[i + n[0] * j];
        }
    kes_fourier_poisson *p = NULL;
    cr_assert_eq(kes_fourier_poisson_create(2, n, L, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, f), KES_OK); /* in place */
    double num = 0, den = 0;
    for (int64_t i = 0; i < N; i++) {
        num += (f[i] - ex[i]) * (f[i] - ex[i]);
        den += ex[i] * ex[i];
    }
    double rel = sqrt(num / den);
    cr_log_info("H: N = 202 relative L2 %.3g", rel);
    cr_assert_leq(rel, 1e-12, "H: rel L2 %.3g at N = 202", rel);
    kes_fourier_poisson_destroy(p);
    free(f);
    free(u);
    free(ex);
}

/* u = sin(2 pi x / L0) cos(4 pi y / L1) e^{sin(2 pi z / L2)} on an
 * anisotropic box: checks the axis order (first index fastest) and the
 * per-axis lengths. */
Test(pde_fourier, poisson_3d_manufactured)
{
    int64_t n[3] = {16, 12, 40};
    double L[3] = {1.0, 2.0, 3.0};
    double a = TWO_PI / L[0], b = 2 * TWO_PI / L[1], c = TWO_PI / L[2];
    int64_t N = n[0] * n[1] * n[2];
    double *f = malloc(sizeof(double) * (size_t)N), *u = malloc(sizeof(double) * (size_t)N),
           *ex = malloc(sizeof(double) * (size_t)N);
    for (int64_t k = 0; k < n[2]; k++)
        for (int64_t j = 0; j < n[1]; j++)
            for (int64_t i = 0; i < n[0]; i++) {
                double x = L[0] * i / n[0], y = L[1] * j / n[1], z = L[2] * k / n[2];
                double A = sin(a * x), B = cos(b * y), C = exp(sin(c * z));
                double Czz = c * c * (cos(c * z) * cos(c * z) - sin(c * z)) * C;
                int64_t q = i + n[0] * (j + n[1] * k);
                ex[q] = A * B * C;
                f[q] = (a * a + b * b) * A * B * C - A * B * Czz;
            }
    kes_fourier_poisson *p = NULL;
    cr_assert_eq(kes_fourier_poisson_create(3, n, L, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u), KES_OK);
    double e = max_abs_diff(u, ex, N);
    cr_log_info("3-D manufactured: max error %.3g", e);
    cr_assert_leq(e, 1e-13, "3-D error %.3g", e);
    kes_fourier_poisson_destroy(p);
    /* the same with a MEASURE plan */
    kes_fourier_poisson_opts o = kes_fourier_poisson_opts_default();
    o.effort = KES_FFT_MEASURE;
    cr_assert_eq(kes_fourier_poisson_from_opts(3, n, L, &o, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u), KES_OK);
    cr_assert_leq(max_abs_diff(u, ex, N), 1e-13);
    kes_fourier_poisson_destroy(p);
    free(f);
    free(u);
    free(ex);
}

Test(pde_fourier, poisson_removes_mean_and_is_linear)
{
    int64_t n[2] = {24, 18};
    double L[2] = {2.0, 5.0};
    int64_t N = n[0] * n[1];
    double f[24 * 18], g[24 * 18], h[24 * 18], uf[24 * 18], ug[24 * 18], uh[24 * 18];
    kes_rng *r;
    cr_assert_eq(kes_rng_create(7, &r), KES_OK);
    kes_rng_fill_normal(r, N, f);
    kes_rng_fill_normal(r, N, g);
    for (int64_t i = 0; i < N; i++) h[i] = 2.0 * f[i] - 3.0 * g[i] + 4.5; /* constant shift is removed */
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_create(2, n, L, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, uf), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, g, ug), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, h, uh), KES_OK);
    double mean = 0, m = 0;
    for (int64_t i = 0; i < N; i++) {
        mean += uh[i];
        m = fmax(m, fabs(uh[i] - (2.0 * uf[i] - 3.0 * ug[i])));
    }
    cr_assert_leq(fabs(mean / N), 1e-14);
    cr_assert_leq(m, 1e-12);
    kes_fourier_poisson_destroy(p);
    kes_rng_destroy(r);
}

Test(pde_fourier, screened_poisson)
{
    /* -u'' + s u = f with u = e^{sin x} (no mean removed) */
    int64_t N = 48;
    double L = TWO_PI, s = 2.5;
    double f[48], u[48], ex[48];
    for (int j = 0; j < N; j++) {
        double x = L * j / N, sn = sin(x), c = cos(x);
        ex[j] = exp(sn);
        f[j] = -(c * c - sn) * ex[j] + s * ex[j];
    }
    kes_fourier_poisson_opts o = kes_fourier_poisson_opts_default();
    o.screening = s;
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_from_opts(1, &N, &L, &o, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u), KES_OK);
    cr_assert_leq(max_abs_diff(u, ex, N), 1e-14, "%.3g", max_abs_diff(u, ex, N));
    kes_fourier_poisson_destroy(p);
}

/* exact solution of the heat problem of the reference (u0 = 1/(2 - cos x)) */
static double heat_exact(double x, double nu, double t)
{
    double r = 2.0 - sqrt(3.0), s = 1.0, rk = 1.0;
    for (int k = 1; k <= 60; k++) {
        rk *= r;
        s += 2.0 * rk * exp(-nu * k * k * t) * cos(k * x);
    }
    return s / sqrt(3.0);
}

static double heat_error(int64_t N)
{
    double L = TWO_PI, u0[64], u[64];
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_create(1, &N, &L, &p), KES_OK);
    for (int j = 0; j < N; j++) u0[j] = 1.0 / (2.0 - cos(L * j / N));
    cr_assert_eq(kes_fourier_poisson_heat(p, 0.1, 1.0, u0, u), KES_OK);
    double e = 0;
    for (int j = 0; j < N; j++) e = fmax(e, fabs(u[j] - heat_exact(L * j / N, 0.1, 1.0)));
    /* t = 0 is the identity */
    cr_assert_eq(kes_fourier_poisson_heat(p, 0.1, 0.0, u0, u), KES_OK);
    cr_assert_leq(max_abs_diff(u, u0, N), 1e-15);
    kes_fourier_poisson_destroy(p);
    return e;
}

Test(pde_fourier, heat_exact_in_time_S3)
{
    double e32 = heat_error(32), e16 = heat_error(16), e8 = heat_error(8);
    cr_log_info("S3: heat N = 8, 16, 32 max error %.3g %.3g %.3g", e8, e16, e32);
    cr_assert_leq(e32, 1e-14, "S3: N = 32 error %.3g", e32);
    cr_assert(e16 > 1e-8 && e16 < 1e-6, "N = 16: %.3g (reference 2.3e-7)", e16);
    cr_assert(e8 > 1e-4 && e8 < 1e-2, "N = 8: %.3g (reference 9.4e-4)", e8);
}

Test(pde_fourier, derivative)
{
    double L = 3.0, w = TWO_PI / L;
    for (int64_t N = 32; N <= 33; N++) {
        double f[33], df[33], ex1[33], ex2[33], ex3[33];
        for (int j = 0; j < N; j++) {
            double x = L * j / N, s = sin(w * x), c = cos(w * x), e = exp(s);
            f[j] = e;
            ex1[j] = w * c * e;
            ex2[j] = w * w * (c * c - s) * e;
            ex3[j] = w * w * w * (c * c * c - 3 * s * c - c) * e;
        }
        double *ex[3] = {ex1, ex2, ex3};
        for (int m = 1; m <= 3; m++) {
            kes_fourier_diff *d;
            cr_assert_eq(kes_fourier_diff_create(N, L, m, &d), KES_OK);
            cr_assert_eq(kes_fourier_diff_apply(d, f, df), KES_OK);
            double e = max_abs_diff(df, ex[m - 1], N);
            cr_assert_leq(e, 1e-11 * pow(w, m), "N %ld order %d: %.3g", (long)N, m, e);
            kes_fourier_diff_destroy(d);
        }
    }
    /* odd derivative of the Nyquist mode (-1)^j is zero; even keeps it */
    int64_t N = 8;
    double f[8], df[8];
    for (int j = 0; j < 8; j++) f[j] = (j & 1) ? -1.0 : 1.0;
    kes_fourier_diff *d;
    cr_assert_eq(kes_fourier_diff_create(N, TWO_PI, 1, &d), KES_OK);
    cr_assert_eq(kes_fourier_diff_apply(d, f, df), KES_OK);
    for (int j = 0; j < 8; j++) cr_assert_leq(fabs(df[j]), 1e-15);
    kes_fourier_diff_destroy(d);
    cr_assert_eq(kes_fourier_diff_create(N, TWO_PI, 2, &d), KES_OK);
    cr_assert_eq(kes_fourier_diff_apply(d, f, f), KES_OK); /* in place */
    for (int j = 0; j < 8; j++) cr_assert_leq(fabs(f[j] + 16.0 * ((j & 1) ? -1.0 : 1.0)), 1e-13);
    kes_fourier_diff_destroy(d);
}

/* Plan once, execute 1e4 times: identical results and no allocation. */
Test(pde_fourier, plan_reuse_no_allocation)
{
    int64_t n[2] = {32, 16};
    double L[2] = {TWO_PI, TWO_PI};
    double f[512], u[512], u1[512];
    for (int i = 0; i < 512; i++) f[i] = sin(0.37 * i) + cos(0.011 * i * i);
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_create(2, n, L, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u1), KES_OK);
    double worst = 0.0;
#ifdef KES_COUNT_ALLOC
    atomic_store(&n_alloc, 0);
    atomic_store(&counting, 1);
#endif
    for (int it = 0; it < 10000; it++) {
        kes_status st = kes_fourier_poisson_solve(p, f, u);
        if (st != KES_OK) worst = INFINITY;
        if (it % 1000 == 0) kes_fourier_poisson_heat(p, 0.5, 0.1, f, u);
        else worst = fmax(worst, max_abs_diff(u, u1, 512));
    }
#ifdef KES_COUNT_ALLOC
    atomic_store(&counting, 0);
    long na = atomic_load(&n_alloc);
    cr_assert_eq(na, 0, "%ld allocations in 1e4 solves", na);
#endif
    cr_log_info("plan reuse: 1e4 solves, max difference %.3g", worst);
    cr_assert_eq(worst, 0.0, "repeated solves differ by %.3g", worst);
    kes_fourier_poisson_destroy(p);
}

#ifdef KES_COUNT_ALLOC
Test(pde_fourier, allocation_counter_works)
{
    atomic_store(&n_alloc, 0);
    atomic_store(&counting, 1);
    kes_fourier_poisson *p;
    int64_t n = 16;
    double L = 1.0;
    cr_assert_eq(kes_fourier_poisson_create(1, &n, &L, &p), KES_OK);
    atomic_store(&counting, 0);
    cr_assert_gt(atomic_load(&n_alloc), 0, "the counter sees the library's allocations");
    kes_fourier_poisson_destroy(p);
}
#endif

/* Threads creating, using and destroying their own plans at once: the
 * planner lock keeps FFTW consistent and every result is right. */
static void *worker(void *arg)
{
    long *bad = arg;
    for (int it = 0; it < 40; it++) {
        int64_t N = 16 + (it % 5) * 8;
        double e = esin_error(N);
        if (N >= 32 && e > 1e-14) (*bad)++;
        int64_t n[3] = {8 + it % 3, 6, 4};
        double L[3] = {1, 1, 1};
        kes_fourier_poisson *p;
        if (kes_fourier_poisson_create(3, n, L, &p) != KES_OK) (*bad)++;
        kes_fourier_poisson_destroy(p);
    }
    return NULL;
}

Test(pde_fourier, concurrent_planning)
{
    pthread_t th[4];
    long bad[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) cr_assert_eq(pthread_create(&th[i], NULL, worker, &bad[i]), 0);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) cr_assert_eq(bad[i], 0);
}

Test(pde_fourier, errors)
{
    kes_fourier_poisson *p = (kes_fourier_poisson *)0x1;
    int64_t n[3] = {8, 8, 8};
    double L[3] = {1, 1, 1};
    cr_assert_eq(kes_fourier_poisson_create(1, NULL, L, &p), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_create(1, n, NULL, &p), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_create(1, n, L, NULL), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_create(0, n, L, &p), KES_EDIM);
    cr_assert_eq(kes_fourier_poisson_create(4, n, L, &p), KES_EDIM);
    int64_t bad_n[3] = {8, 0, 8};
    cr_assert_eq(kes_fourier_poisson_create(3, bad_n, L, &p), KES_EDIM);
    bad_n[1] = -3;
    cr_assert_eq(kes_fourier_poisson_create(2, bad_n, L, &p), KES_EDIM);
    int64_t big[3] = {(int64_t)INT_MAX + 1, 1, 1};
    cr_assert_eq(kes_fourier_poisson_create(1, big, L, &p), KES_ERANGE);
    int64_t huge[3] = {INT_MAX, INT_MAX, INT_MAX};
    cr_assert_eq(kes_fourier_poisson_create(3, huge, L, &p), KES_ERANGE);
    double badL[4][3] = {{1, 0, 1}, {1, -1, 1}, {1, NAN, 1}, {1, INFINITY, 1}};
    for (int k = 0; k < 4; k++) cr_assert_eq(kes_fourier_poisson_create(3, n, badL[k], &p), KES_EDOM);
    kes_fourier_poisson_opts o = kes_fourier_poisson_opts_default();
    o.screening = -1.0;
    cr_assert_eq(kes_fourier_poisson_from_opts(1, n, L, &o, &p), KES_EDOM);
    o.screening = NAN;
    cr_assert_eq(kes_fourier_poisson_from_opts(1, n, L, &o, &p), KES_EDOM);
    o = kes_fourier_poisson_opts_default();
    o.effort = (kes_fft_effort)7;
    cr_assert_eq(kes_fourier_poisson_from_opts(1, n, L, &o, &p), KES_EINVAL);
    cr_assert_eq(p, (kes_fourier_poisson *)0x1, "untouched on error");

    cr_assert_eq(kes_fourier_poisson_create(1, n, L, &p), KES_OK);
    double f[8] = {1, 2, 3, 4, 5, 6, 7, NAN}, u[8] = {9, 9, 9, 9, 9, 9, 9, 9};
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u), KES_ENAN);
    f[7] = INFINITY;
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u), KES_ENAN);
    cr_assert_eq(kes_fourier_poisson_heat(p, 1.0, 1.0, f, u), KES_ENAN);
    for (int i = 0; i < 8; i++) cr_assert_eq(u[i], 9.0, "u untouched on KES_ENAN");
    f[7] = 0.0;
    cr_assert_eq(kes_fourier_poisson_solve(NULL, f, u), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_solve(p, NULL, u), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, NULL), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_heat(p, -1.0, 1.0, f, u), KES_EDOM);
    cr_assert_eq(kes_fourier_poisson_heat(p, 1.0, -1.0, f, u), KES_EDOM);
    cr_assert_eq(kes_fourier_poisson_heat(p, NAN, 1.0, f, u), KES_EDOM);
    cr_assert_eq(kes_fourier_poisson_heat(p, 1.0, INFINITY, f, u), KES_EDOM);
    cr_assert_eq(kes_fourier_poisson_heat(NULL, 1.0, 1.0, f, u), KES_EINVAL);
    kes_fourier_poisson_destroy(p);
    kes_fourier_poisson_destroy(NULL);

    kes_fourier_diff *d = (kes_fourier_diff *)0x1;
    cr_assert_eq(kes_fourier_diff_create(8, 1.0, 1, NULL), KES_EINVAL);
    cr_assert_eq(kes_fourier_diff_create(0, 1.0, 1, &d), KES_EDIM);
    cr_assert_eq(kes_fourier_diff_create((int64_t)INT_MAX + 1, 1.0, 1, &d), KES_ERANGE);
    cr_assert_eq(kes_fourier_diff_create(8, 0.0, 1, &d), KES_EDOM);
    cr_assert_eq(kes_fourier_diff_create(8, NAN, 1, &d), KES_EDOM);
    cr_assert_eq(kes_fourier_diff_create(8, 1.0, 0, &d), KES_EDOM);
    cr_assert_eq(kes_fourier_diff_create(8, 1.0, 9, &d), KES_EDOM);
    cr_assert_eq(d, (kes_fourier_diff *)0x1);
    cr_assert_eq(kes_fourier_diff_create(8, 1.0, 1, &d), KES_OK);
    f[2] = NAN;
    cr_assert_eq(kes_fourier_diff_apply(d, f, u), KES_ENAN);
    cr_assert_eq(kes_fourier_diff_apply(d, NULL, u), KES_EINVAL);
    cr_assert_eq(kes_fourier_diff_apply(NULL, f, u), KES_EINVAL);
    kes_fourier_diff_destroy(d);
    kes_fourier_diff_destroy(NULL);
}

/* Found by test_hostile: heat with nu = t = 1e300 formed nu t = Inf and
 * Inf * |k|^2 = NaN at the mean mode (|k|^2 = 0) or where |k|^2 underflows
 * (length 1e300); and a derivative plan whose symbol (2 pi j / length)^m
 * overflows (length 1e-300) turned every field, even zero, into NaN. */
Test(fourier, heat_huge_nu_t_and_overflowing_derivative_symbol)
{
    int64_t n[1] = {8};
    double lens[2] = {1.0, 1e300};
    for (int c = 0; c < 2; c++) {
        kes_fourier_poisson *p = NULL;
        cr_assert_eq(kes_fourier_poisson_create(1, n, &lens[c], &p), KES_OK);
        double u0[8], u[8];
        for (int i = 0; i < 8; i++) u0[i] = 2.0 + cos(2 * M_PI * i / 8);
        cr_assert_eq(kes_fourier_poisson_heat(p, 1e300, 1e300, u0, u), KES_OK);
        for (int i = 0; i < 8; i++) cr_assert(isfinite(u[i]), "length %g: u[%d] = %g", lens[c], i, u[i]);
        if (c == 0)
            for (int i = 0; i < 8; i++) cr_assert(fabs(u[i] - 2.0) < 1e-14); /* only the mean survives */
        kes_fourier_poisson_destroy(p);
    }
    kes_fourier_diff *d = (kes_fourier_diff *)0x1;
    cr_assert_eq(kes_fourier_diff_create(8, 1e-300, 2, &d), KES_ERANGE);
    cr_assert_eq(d, (kes_fourier_diff *)0x1);
    cr_assert_eq(kes_fourier_diff_create(1, 1e-300, 8, &d), KES_OK); /* n = 1: only the mean mode */
    double f[1] = {3}, df[1] = {-1};
    cr_assert_eq(kes_fourier_diff_apply(d, f, df), KES_OK);
    cr_assert_eq(df[0], 0.0);
    kes_fourier_diff_destroy(d);
}

/* ------------------------------------------------ Helmholtz, dealias, FFTW */

/* -lap u - k2 u = f on [0, 2 pi)^2 with u = e^{sin x} cos 2y:
 * -lap u = (sin x - cos^2 x + 4) e^{sin x} cos 2y.  k2 = 2.5 lies between
 * the eigenvalues 2 and 4 of -lap; at N = 32 the error is rounding. */
Test(pde_fourier, helmholtz_manufactured)
{
    int64_t n[2] = {32, 32};
    double L[2] = {TWO_PI, TWO_PI}, k2 = 2.5;
    double *f = malloc(sizeof(double) * 1024), *u = malloc(sizeof(double) * 1024), *ex = malloc(sizeof(double) * 1024);
    for (int j = 0; j < 32; j++)
        for (int i = 0; i < 32; i++) {
            double x = TWO_PI * i / 32, y = TWO_PI * j / 32, e = exp(sin(x)) * cos(2 * y);
            ex[i + 32 * j] = e;
            f[i + 32 * j] = (sin(x) - cos(x) * cos(x) + 4.0) * e - k2 * e;
        }
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, k2, NULL, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u), KES_OK);
    double e = max_abs_diff(u, ex, 1024);
    cr_log_info("Helmholtz k2 = 2.5, N = 32^2: max error %.3g", e);
    cr_assert_leq(e, 1e-13, "error %.3g", e);
    kes_fourier_poisson_destroy(p);
    free(f);
    free(u);
    free(ex);
}

Test(pde_fourier, helmholtz_singular_and_limits)
{
    int64_t n[2] = {16, 16};
    double L[2] = {TWO_PI, TWO_PI};
    kes_fourier_poisson *p = (kes_fourier_poisson *)(uintptr_t)0x77;
    /* 5 = 1^2 + 2^2 and 2 = 1 + 1 are eigenvalues of -lap on this box */
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 5.0, NULL, &p), KES_ESINGULAR);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 2.0 * (1 + 1e-12), NULL, &p), KES_ESINGULAR);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 64.0, NULL, &p), KES_ESINGULAR); /* Nyquist 8^2 + 0 */
    cr_assert(p == (kes_fourier_poisson *)(uintptr_t)0x77);
    /* k2 = 0 is kes_fourier_poisson_create, k2 < 0 the screened plan: bit for bit */
    double f[256], u1[256], u2[256];
    for (int i = 0; i < 256; i++) f[i] = sin(0.37 * i) + 0.1 * i;
    kes_fourier_poisson *a, *b;
    cr_assert_eq(kes_fourier_poisson_create(2, n, L, &a), KES_OK);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 0.0, NULL, &b), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(a, f, u1), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(b, f, u2), KES_OK);
    cr_assert_eq(memcmp(u1, u2, sizeof u1), 0);
    kes_fourier_poisson_destroy(a);
    kes_fourier_poisson_destroy(b);
    kes_fourier_poisson_opts o = kes_fourier_poisson_opts_default();
    o.screening = 3.5;
    cr_assert_eq(kes_fourier_poisson_from_opts(2, n, L, &o, &a), KES_OK);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, -3.5, NULL, &b), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(a, f, u1), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(b, f, u2), KES_OK);
    cr_assert_eq(memcmp(u1, u2, sizeof u1), 0);
    kes_fourier_poisson_destroy(a);
    kes_fourier_poisson_destroy(b);
}

/* n = 32: modes with 3|j| >= 32, i.e. |j| >= 11, are removed. */
Test(pde_fourier, dealias_two_thirds)
{
    int64_t n[2] = {32, 24};
    double L[2] = {TWO_PI, TWO_PI};
    double f[32 * 24], u[32 * 24], ex[32 * 24];
    for (int j = 0; j < 24; j++)
        for (int i = 0; i < 32; i++) {
            double x = TWO_PI * i / 32, y = TWO_PI * j / 24;
            double kept = 0.3 + cos(3 * x) + sin(10 * x) * cos(7 * y);
            ex[i + 32 * j] = kept;
            /* removed: |j0| = 11, Nyquist 16, |j1| = 8 (3 * 8 >= 24) */
            f[i + 32 * j] = kept + cos(11 * x) + 0.5 * cos(16 * x) + sin(8 * y) * cos(x);
        }
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_create(2, n, L, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_dealias(p, f, f), KES_OK); /* in place */
    memcpy(u, f, sizeof u);
    double e = max_abs_diff(u, ex, 32 * 24);
    cr_assert_leq(e, 1e-14, "error %.3g", e);
    kes_fourier_poisson_destroy(p);
}

Test(pde_fourier, fft_threads_and_wisdom)
{
    int64_t n[3] = {32, 16, 8};
    double L[3] = {1, 2, 3};
    double *f = malloc(sizeof(double) * 4096), *u1 = malloc(sizeof(double) * 4096), *u2 = malloc(sizeof(double) * 4096);
    for (int i = 0; i < 4096; i++) f[i] = cos(0.013 * i * i) + sin(0.7 * i);
    kes_fft_opts o = kes_fft_opts_default();
    cr_assert(o.effort == KES_FFT_ESTIMATE && o.nthreads == 1);
    kes_fourier_poisson *a, *b;
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(3, n, L, -1.0, &o, &a), KES_OK);
    o.nthreads = 2;
    o.effort = KES_FFT_MEASURE;
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(3, n, L, -1.0, &o, &b), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(a, f, u1), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(b, f, u2), KES_OK);
    double e = max_abs_diff(u1, u2, 4096), s = 0.0;
    for (int i = 0; i < 4096; i++) s = fmax(s, fabs(u1[i]));
    cr_assert_leq(e, 1e-14 * s, "threaded plan differs by %.3g", e);
    kes_fourier_poisson_destroy(a);
    kes_fourier_poisson_destroy(b);
    /* wisdom: what MEASURE learnt round-trips through a file */
    char path[] = "/tmp/kes_wisdom_XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    cr_assert_eq(kes_fft_wisdom_export(path), KES_OK);
    cr_assert_eq(kes_fft_wisdom_import(path), KES_OK);
    FILE *fp = fopen(path, "w");
    fputs("not wisdom\n", fp);
    fclose(fp);
    cr_assert_eq(kes_fft_wisdom_import(path), KES_EIO);
    remove(path);
    cr_assert_eq(kes_fft_wisdom_import("/nonexistent/dir/wisdom"), KES_EIO);
    cr_assert_eq(kes_fft_wisdom_export("/nonexistent/dir/wisdom"), KES_EIO);
    cr_assert_eq(kes_fft_wisdom_import(NULL), KES_EINVAL);
    cr_assert_eq(kes_fft_wisdom_export(NULL), KES_EINVAL);
    free(f);
    free(u1);
    free(u2);
}

Test(pde_fourier, from_wavenumber_errors)
{
    int64_t n[2] = {8, 8}, n0[2] = {8, 0};
    double L[2] = {1, 1}, Lb[2] = {1, -1};
    kes_fourier_poisson *p = NULL;
    kes_fft_opts o = kes_fft_opts_default();
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, NULL, L, 1, NULL, &p), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, NULL, 1, NULL, &p), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 1, NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(4, n, L, 1, NULL, &p), KES_EDIM);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n0, L, 1, NULL, &p), KES_EDIM);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, Lb, 1, NULL, &p), KES_EDOM);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, NAN, NULL, &p), KES_EDOM);
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, INFINITY, NULL, &p), KES_EDOM);
    o.nthreads = 0;
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 1, &o, &p), KES_EINVAL);
    o.nthreads = 1025;
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 1, &o, &p), KES_EINVAL);
    o = kes_fft_opts_default();
    o.effort = (kes_fft_effort)9;
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 1, &o, &p), KES_EINVAL);
    cr_assert_null(p);
    cr_assert_eq(kes_fourier_poisson_create(2, n, L, &p), KES_OK);
    double f[64], u[64];
    for (int i = 0; i < 64; i++) f[i] = i, u[i] = -3;
    cr_assert_eq(kes_fourier_poisson_dealias(NULL, f, u), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_dealias(p, NULL, u), KES_EINVAL);
    cr_assert_eq(kes_fourier_poisson_dealias(p, f, NULL), KES_EINVAL);
    f[5] = NAN;
    cr_assert_eq(kes_fourier_poisson_dealias(p, f, u), KES_ENAN);
    for (int i = 0; i < 64; i++) cr_assert_eq(u[i], -3);
    kes_fourier_poisson_destroy(p);
}

/* The 3-D solve at a small size, 1e4 times: no allocation, same bits. */
Test(pde_fourier, poisson_3d_no_allocation_1e4)
{
    int64_t n[3] = {16, 8, 8};
    double L[3] = {1, 1, 2};
    double *f = malloc(sizeof(double) * 1024), *u = malloc(sizeof(double) * 1024), *u1 = malloc(sizeof(double) * 1024);
    for (int i = 0; i < 1024; i++) f[i] = sin(0.37 * i) + cos(0.011 * i * i);
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_create(3, n, L, &p), KES_OK);
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u1), KES_OK);
    int bad = 0;
#ifdef KES_COUNT_ALLOC
    atomic_store(&n_alloc, 0);
    atomic_store(&counting, 1);
#endif
    for (int it = 0; it < 10000; it++) {
        bad |= kes_fourier_poisson_solve(p, f, u) != KES_OK;
        if (it % 2000 == 0) bad |= kes_fourier_poisson_dealias(p, f, u) != KES_OK;
    }
#ifdef KES_COUNT_ALLOC
    atomic_store(&counting, 0);
    cr_assert_eq(atomic_load(&n_alloc), 0, "%ld allocations in 1e4 3-D solves", atomic_load(&n_alloc));
#endif
    cr_assert_eq(kes_fourier_poisson_solve(p, f, u), KES_OK);
    cr_assert(!bad);
    cr_assert_eq(memcmp(u, u1, sizeof(double) * 1024), 0);
    kes_fourier_poisson_destroy(p);
    free(f);
    free(u);
    free(u1);
}

/* Arrays with and without the plans' SIMD alignment take different paths
 * (new-array execute or a copy through the plan's buffers) through the
 * same plan: same bits, for solve, heat, dealias and the derivative; an
 * unaligned in-place call too. */
Test(pde_fourier, alignment_paths_same_bits)
{
    int64_t n[2] = {24, 18}, N = 24 * 18, n1 = 40;
    double L[2] = {TWO_PI, 3.0};
    double *fa = malloc(sizeof(double) * (size_t)(N + 1)), *ua = malloc(sizeof(double) * (size_t)(N + 1));
    double *fb = malloc(sizeof(double) * (size_t)(N + 1)), *ub = malloc(sizeof(double) * (size_t)(N + 1));
    double *fo = fb + 1, *uo = ub + 1; /* 8 bytes off a 16-byte boundary */
    for (int64_t i = 0; i < N; i++) fa[i] = fo[i] = sin(0.37 * (double)i) + cos(0.011 * (double)(i * i));
    kes_fourier_poisson *p;
    cr_assert_eq(kes_fourier_poisson_from_wavenumber(2, n, L, 2.7, NULL, &p), KES_OK);
    for (int op = 0; op < 3; op++) {
        kes_status s1, s2;
        if (op == 0) s1 = kes_fourier_poisson_solve(p, fa, ua), s2 = kes_fourier_poisson_solve(p, fo, uo);
        else if (op == 1) s1 = kes_fourier_poisson_heat(p, 0.3, 0.5, fa, ua), s2 = kes_fourier_poisson_heat(p, 0.3, 0.5, fo, uo);
        else s1 = kes_fourier_poisson_dealias(p, fa, ua), s2 = kes_fourier_poisson_dealias(p, fo, uo);
        cr_assert(s1 == KES_OK && s2 == KES_OK);
        cr_assert_eq(memcmp(ua, uo, sizeof(double) * (size_t)N), 0, "op %d: paths differ", op);
        /* mixed: aligned in, unaligned out */
        if (op == 0) {
            cr_assert_eq(kes_fourier_poisson_solve(p, fa, uo), KES_OK);
            cr_assert_eq(memcmp(ua, uo, sizeof(double) * (size_t)N), 0);
        }
    }
    memcpy(uo, fo, sizeof(double) * (size_t)N);
    cr_assert_eq(kes_fourier_poisson_solve(p, uo, uo), KES_OK); /* unaligned, in place */
    cr_assert_eq(kes_fourier_poisson_solve(p, fa, ua), KES_OK);
    cr_assert_eq(memcmp(ua, uo, sizeof(double) * (size_t)N), 0);
    /* the caller's input is preserved by the direct r2c */
    for (int64_t i = 0; i < N; i++) cr_assert_eq(fa[i], fo[i]);
    kes_fourier_poisson_destroy(p);
    kes_fourier_diff *d;
    cr_assert_eq(kes_fourier_diff_create(n1, TWO_PI, 3, &d), KES_OK);
    cr_assert_eq(kes_fourier_diff_apply(d, fa, ua), KES_OK);
    cr_assert_eq(kes_fourier_diff_apply(d, fo, uo), KES_OK);
    cr_assert_eq(memcmp(ua, uo, sizeof(double) * (size_t)n1), 0);
    kes_fourier_diff_destroy(d);
    free(fa);
    free(ua);
    free(fb);
    free(ub);
}
