/* Tests for src/kernels/kde.c: kernel normalisation, exact log density
 * against long double and mpmath references, gradients, thread
 * independence, bad input. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>

#include "kde_testutil.h"

static const kes_kde_kernel ALL[] = {KES_KDE_GAUSSIAN, KES_KDE_EPANECHNIKOV, KES_KDE_EXPONENTIAL, KES_KDE_TOPHAT,
                                     KES_KDE_LINEAR,   KES_KDE_COSINE,       KES_KDE_LOGISTIC,    KES_KDE_GENGAUSS};
#define NK 8
static const char *NAMES[] = {"gaussian", "epanechnikov", "exponential", "tophat",
                              "linear",   "cosine",       "logistic",    "gengauss"};

static int compact(kes_kde_kernel k)
{
    return k == KES_KDE_EPANECHNIKOV || k == KES_KDE_TOPHAT || k == KES_KDE_LINEAR || k == KES_KDE_COSINE;
}

static double kval(kes_kde_kernel k, double p, int64_t d, double r)
{
    double v = NAN;
    cr_assert_eq(kes_kde_kernel_value(k, p, d, r, &v, NULL), KES_OK);
    return v;
}

/* 8-point Gauss-Legendre nodes and weights on [-1, 1]. */
static const double GLX[8] = {-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
                              0.1834346424956498,  0.5255324099163290,  0.7966664774136267,  0.9602898564975363};
static const double GLW[8] = {0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
                              0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};

/* int_a^b K(r) r^(d-1) dr by 8-point Gauss-Legendre. */
static long double gl_panel(kes_kde_kernel k, double p, int64_t d, double a, double b)
{
    long double acc = 0;
    for (int g = 0; g < 8; g++) {
        double r = 0.5 * (a + b) + 0.5 * (b - a) * GLX[g];
        acc += (long double)GLW[g] * 0.5L * (b - a) * kval(k, p, d, r) * powl(r, (long double)(d - 1));
    }
    return acc;
}

/* int_0^R K(r) r^(d-1) dr: panels graded geometrically towards 0 on [0, 1]
 * (where r^p with fractional p is not smooth), then panels of width dr. */
static double radial_integral(kes_kde_kernel k, double p, int64_t d, double R, double dr)
{
    long double acc = 0;
    double top = R < 1.0 ? R : 1.0;
    double g0 = top / 64;
    for (int j = 0; j < 60; j++) acc += gl_panel(k, p, d, g0 * ldexp(1.0, -(j + 1)), g0 * ldexp(1.0, -j));
    for (int j = 0; j < 1000; j++) acc += gl_panel(k, p, d, g0 + (top - g0) * j / 1000.0, g0 + (top - g0) * (j + 1) / 1000.0);
    int np = (int)llround((R - top) / dr);
    for (int t = 0; t < np; t++) acc += gl_panel(k, p, d, top + t * dr, top + (t + 1) * dr);
    return (double)acc;
}

/* In 1-D: int_{-R}^{R} K(|x|) dx with 0 a panel edge (the cusps). */
Test(kde_kernel, normalised_1d_quadrature)
{
    for (int t = 0; t < NK; t++) {
        for (int pi = 0; pi < (ALL[t] == KES_KDE_GENGAUSS ? 3 : 1); pi++) {
            double p = (double[]){2.0, 1.5, 3.0}[pi];
            double R = compact(ALL[t]) ? 1.0 : 60.0;
            double v = 2.0 * radial_integral(ALL[t], p, 1, R, R / 4000);
            cr_assert(fabs(v - 1.0) < 1e-13, "%s p=%g: integral %.17g", NAMES[t], p, v);
        }
    }
}

/* In 2-D: a tensor-product Gauss rule on the square for the smooth kernels;
 * polar coordinates for the compact ones (their support edge is a circle). */
Test(kde_kernel, normalised_2d_quadrature)
{
    const kes_kde_kernel smooth[] = {KES_KDE_GAUSSIAN, KES_KDE_LOGISTIC, KES_KDE_GENGAUSS};
    for (int t = 0; t < 3; t++) {
        double R = smooth[t] == KES_KDE_LOGISTIC ? 40.0 : 9.0, h = smooth[t] == KES_KDE_LOGISTIC ? 0.2 : 0.1;
        int np = (int)llround(2 * R / h);
        long double acc = 0;
        for (int a = 0; a < np; a++)
            for (int ga = 0; ga < 8; ga++) {
                double x = -R + (a + 0.5) * h + 0.5 * h * GLX[ga];
                for (int b = 0; b < np; b++)
                    for (int gb = 0; gb < 8; gb++) {
                        double y = -R + (b + 0.5) * h + 0.5 * h * GLX[gb];
                        acc += (long double)GLW[ga] * GLW[gb] * 0.25L * h * h *
                               kval(smooth[t], 3.0, 2, sqrt(x * x + y * y));
                    }
            }
        cr_assert(fabsl(acc - 1.0L) < 1e-11L, "%s: 2-D integral %.17Lg", NAMES[smooth[t] == KES_KDE_GAUSSIAN ? 0 : smooth[t] == KES_KDE_LOGISTIC ? 6 : 7], acc);
    }
    for (int t = 0; t < NK; t++) {
        if (!compact(ALL[t]) && ALL[t] != KES_KDE_EXPONENTIAL) continue;
        double R = compact(ALL[t]) ? 1.0 : 80.0;
        double v = 2.0 * 3.14159265358979323846 * radial_integral(ALL[t], 2.0, 2, R, R / 4000);
        cr_assert(fabs(v - 1.0) < 1e-13, "%s: 2-D polar integral %.17g", NAMES[t], v);
    }
}

/* In d dimensions: S_{d-1} int_0^inf K(r) r^(d-1) dr = 1, with the sphere
 * area from tgamma; for the compact kernels also the closed forms through
 * the unit-ball volume. */
Test(kde_kernel, normalised_in_d_dimensions)
{
    const int64_t dims[] = {1, 2, 3, 5, 8, 16};
    for (int di = 0; di < 6; di++) {
        int64_t d = dims[di];
        double area = 2.0 * pow(3.14159265358979323846, d / 2.0) / tgamma(d / 2.0);
        double vol = area / d;
        for (int t = 0; t < NK; t++) {
            for (int pi = 0; pi < (ALL[t] == KES_KDE_GENGAUSS ? 3 : 1); pi++) {
                double p = (double[]){2.0, 1.5, 3.0}[pi];
                double R = compact(ALL[t]) ? 1.0 : (ALL[t] == KES_KDE_GAUSSIAN || ALL[t] == KES_KDE_GENGAUSS ? 40.0 : 200.0);
                double v = area * radial_integral(ALL[t], p, d, R, R / 8000);
                cr_assert(fabs(v - 1.0) < 1e-12, "%s d=%ld p=%g: %.17g", NAMES[t], (long)d, p, v);
            }
        }
        double lc;
        kes_kde_kernel_log_norm(KES_KDE_TOPHAT, 2, d, &lc);
        cr_assert(fabs(exp(lc) * vol - 1.0) < 1e-14);
        kes_kde_kernel_log_norm(KES_KDE_EPANECHNIKOV, 2, d, &lc);
        cr_assert(fabs(exp(lc) * vol * 2.0 / (d + 2.0) - 1.0) < 1e-14);
        kes_kde_kernel_log_norm(KES_KDE_LINEAR, 2, d, &lc);
        cr_assert(fabs(exp(lc) * vol / (d + 1.0) - 1.0) < 1e-14);
    }
    /* Large d stays finite in log form. */
    for (int t = 0; t < NK; t++) {
        double lc;
        cr_assert_eq(kes_kde_kernel_log_norm(ALL[t], 2.0, 5000, &lc), KES_OK);
        cr_assert(isfinite(lc), "%s d=5000: %g", NAMES[t], lc);
    }
}

Test(kde_kernel, derivative_matches_finite_differences)
{
    for (int t = 0; t < NK; t++) {
        if (ALL[t] == KES_KDE_TOPHAT) continue;
        for (double r = 0.05; r < (compact(ALL[t]) ? 0.95 : 4.0); r += 0.1) {
            double v, dv, e = 1e-6;
            cr_assert_eq(kes_kde_kernel_value(ALL[t], 1.7, 3, r, &v, &dv), KES_OK);
            double fd = (kval(ALL[t], 1.7, 3, r + e) - kval(ALL[t], 1.7, 3, r - e)) / (2 * e);
            cr_assert(fabs(dv - fd) <= 1e-7 * (fabs(fd) + v), "%s r=%g: %g vs %g", NAMES[t], r, dv, fd);
        }
    }
}

/* ------------------------------------------------------------ density */

static kes_kde *make(const double *X, int64_t n, int64_t d, const kes_kde_opts *o)
{
    kes_kde *k = NULL;
    kes_status s = kes_kde_create(X, n, d, n, o, &k);
    cr_assert_eq(s, KES_OK, "create: %s", kes_strerror(s));
    return k;
}

/* Compare with the long double reference for every kernel and bandwidth form. */
static void check_against_reference(int64_t n, int64_t d, int64_t m, int form, int weighted, double tol)
{
    double *X = kd_points(n, d, 11 + d, 1.0), *Y = kd_points(m, d, 99 + d, 1.3);
    double *w = NULL, *Hm = NULL, *hd = NULL;
    if (weighted) {
        w = malloc((size_t)n * sizeof *w);
        for (int64_t i = 0; i < n; i++) w[i] = (i % 7 == 3) ? 0.0 : 0.5 + (double)(i % 5);
    }
    double h = 0.6 * pow((double)n, -1.0 / (d + 4));
    if (form == 1) {
        hd = malloc((size_t)d * sizeof *hd);
        for (int64_t j = 0; j < d; j++) hd[j] = h * (0.7 + 0.1 * (double)(j % 6));
    } else if (form == 2) {
        /* H = h^2 (I + 0.3 v v^T) with a fixed v: SPD, well conditioned. */
        Hm = malloc((size_t)(d * d) * sizeof *Hm);
        for (int64_t a = 0; a < d; a++)
            for (int64_t b = 0; b < d; b++)
                Hm[a + b * d] = h * h * ((a == b) + 0.3 * sin(1.0 + a) * sin(1.0 + b));
    }
    double *logp = malloc((size_t)m * sizeof *logp), *B = malloc((size_t)(d * d) * sizeof *B);
    for (int t = 0; t < NK; t++) {
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = ALL[t];
        o.power = 1.5;
        o.weights = w;
        o.bandwidth = h;
        o.bandwidth_diag = hd;
        o.bandwidth_matrix = Hm;
        /* Compact kernels need a wider bandwidth to see enough points. */
        if (compact(ALL[t]) && form == 0) o.bandwidth = 3.0 * h * sqrt((double)d);
        kes_kde *k = make(X, n, d, &o);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, logp), KES_OK);
        kes_kde_bandwidth(k, B);
        double lc;
        kes_kde_kernel_log_norm(ALL[t], 1.5, d, &lc);
        double *y = malloc((size_t)d * sizeof *y);
        for (int64_t q = 0; q < m; q++) {
            for (int64_t a = 0; a < d; a++) y[a] = Y[q + a * m];
            long double ref = kd_ref_logp(ALL[t], 1.5, lc, X, n, d, w, B, y);
            if (ref == -INFINITY) {
                cr_assert(logp[q] == -INFINITY, "%s q=%ld: %g vs -Inf", NAMES[t], (long)q, logp[q]);
                continue;
            }
            cr_assert(fabsl(logp[q] - ref) <= tol * fmaxl(1.0L, fabsl(ref)),
                      "%s d=%ld form=%d w=%d q=%ld: %.17g vs %.17Lg", NAMES[t], (long)d, form, weighted, (long)q,
                      logp[q], ref);
        }
        free(y);
        kes_kde_destroy(k);
    }
    free(X);
    free(Y);
    free(w);
    free(Hm);
    free(hd);
    free(logp);
    free(B);
}

Test(kde, isotropic_matches_long_double_reference)
{
    check_against_reference(300, 1, 40, 0, 0, 1e-13);
    check_against_reference(300, 2, 40, 0, 0, 1e-13);
    check_against_reference(1500, 16, 30, 0, 0, 1e-13); /* more than one point block */
}

Test(kde, diagonal_full_and_weighted_match_reference)
{
    for (int form = 1; form <= 2; form++)
        for (int wt = 0; wt <= 1; wt++) {
            check_against_reference(200, 2, 25, form, wt, 1e-13);
            check_against_reference(200, 16, 25, form, wt, 1e-13);
        }
    check_against_reference(2100, 3, 300, 0, 1, 1e-13);
}

/* Independent reference: mpmath at 60 digits (tools/gen_kde_mpmath.py),
 * including densities far below 1e-300. */
Test(kde, against_mpmath)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/kde_mpmath.txt", "r");
    cr_assert_not_null(f);
    int kern, d, n, m, cases = 0, tiny = 0;
    double worst = 0;
    while (fscanf(f, " case %d %d %d %d", &kern, &d, &n, &m) == 4) {
        double *X = malloc(sizeof(double) * n * d), *Y = malloc(sizeof(double) * m * d);
        double *want = malloc(sizeof(double) * m), *got = malloc(sizeof(double) * m);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) cr_assert_eq(fscanf(f, "%lf", &X[i + a * n]), 1);
        for (int q = 0; q < m; q++) {
            for (int a = 0; a < d; a++) cr_assert_eq(fscanf(f, "%lf", &Y[q + a * m]), 1);
            cr_assert_eq(fscanf(f, "%lf", &want[q]), 1);
        }
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = (kes_kde_kernel)kern;
        o.bandwidth = 0.375;
        kes_kde *k = make(X, n, d, &o);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, got), KES_OK);
        for (int q = 0; q < m; q++) {
            double err = fabs(got[q] - want[q]) / fmax(1.0, fabs(want[q]));
            cr_assert(isfinite(got[q]), "kernel %d d=%d q=%d: %g (want %g)", kern, d, q, got[q], want[q]);
            cr_assert(err < 2e-14, "kernel %d d=%d q=%d: %.17g vs %.17g", kern, d, q, got[q], want[q]);
            /* Relative error of the density itself is |delta log p|. */
            cr_assert(fabs(got[q] - want[q]) < 1e-12 * fmax(1.0, fabs(want[q]) / 100.0));
            worst = fmax(worst, err);
            if (want[q] < log(1e-300)) tiny++;
        }
        kes_kde_destroy(k);
        free(X);
        free(Y);
        free(want);
        free(got);
        cases++;
    }
    fclose(f);
    cr_assert_eq(cases, 10);
    cr_assert(tiny >= 3, "only %d sub-1e-300 densities", tiny);
}

/* Data spread over hundreds of bandwidths: the Gram identity would lose
 * about u (|x|^2 + |y|^2) ~ 1e-9 in r^2 at distances where the
 * cancellation test does not fire; the accuracy must not depend on it. */
Test(kde, wide_data_small_bandwidth)
{
    int64_t n = 3000, m = 40;
    for (int64_t d = 2; d <= 16; d += 14) {
        double *X = kd_points(n, d, 61, 1.0), *Y = malloc(sizeof(double) * m * d), *lp = malloc(sizeof(double) * m);
        /* 10 tight clusters (spread 2h) far apart (30 units = 600 h). */
        for (int64_t i = 0; i < n; i++)
            for (int64_t c = 0; c < d; c++) X[i + c * n] = 0.1 * X[i + c * n] + 30.0 * sin(3.0 * (double)(i % 10) + c);
        for (int64_t q = 0; q < m; q++)
            for (int64_t c = 0; c < d; c++) Y[q + c * m] = 30.0 * sin(3.0 * (double)(q % 10) + c) + 0.07 * cos(q + c);
        kes_kde_opts o = kes_kde_opts_default();
        o.bandwidth = 0.05;
        kes_kde *k = make(X, n, d, &o);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, lp), KES_OK);
        double B[256], lc, y[16];
        kes_kde_bandwidth(k, B);
        kes_kde_kernel_log_norm(KES_KDE_GAUSSIAN, 2, d, &lc);
        for (int64_t q = 0; q < m; q++) {
            for (int64_t c = 0; c < d; c++) y[c] = Y[q + c * m];
            long double ref = kd_ref_logp(KES_KDE_GAUSSIAN, 2, lc, X, n, d, NULL, B, y);
            cr_assert(fabsl(lp[q] - ref) <= 1e-13L * fmaxl(1.0L, fabsl(ref)), "d=%ld q=%ld: %.17g vs %.17Lg",
                      (long)d, (long)q, lp[q], ref);
        }
        kes_kde_destroy(k);
        free(X);
        free(Y);
        free(lp);
    }
}

Test(kde, tiny_densities_stay_finite)
{
    /* One point at 0, h = 1: log f(y) = -y^2/2 - log sqrt(2 pi) exactly. */
    double x = 0.0;
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 1.0;
    kes_kde *k = make(&x, 1, 1, &o);
    double ys[4] = {10.0, 37.0, 50.0, 1000.0}, lp[4];
    cr_assert_eq(kes_kde_log_density(k, ys, 4, 4, lp), KES_OK);
    for (int q = 0; q < 4; q++) {
        double want = -0.5 * ys[q] * ys[q] - 0.5 * log(2 * 3.14159265358979323846);
        cr_assert(fabs(lp[q] - want) <= 1e-15 * fabs(want), "%g: %.17g vs %.17g", ys[q], lp[q], want);
    }
    kes_kde_destroy(k);
    /* d = 16 with a small bandwidth: every term is below 1e-300. */
    int64_t n = 500, d = 16;
    double *X = kd_points(n, d, 5, 1.0), *Y = kd_points(8, d, 6, 1.0), got[8];
    o.bandwidth = 0.05;
    k = make(X, n, d, &o);
    cr_assert_eq(kes_kde_log_density(k, Y, 8, 8, got), KES_OK);
    double B[256], lc;
    kes_kde_bandwidth(k, B);
    kes_kde_kernel_log_norm(KES_KDE_GAUSSIAN, 2, d, &lc);
    for (int q = 0; q < 8; q++) {
        double y[16];
        for (int a = 0; a < d; a++) y[a] = Y[q + a * 8];
        long double ref = kd_ref_logp(KES_KDE_GAUSSIAN, 2, lc, X, n, d, NULL, B, y);
        cr_assert(ref < -1000.0L);
        cr_assert(fabsl(got[q] - ref) <= 1e-14L * fabsl(ref), "%.17g vs %.17Lg", got[q], ref);
    }
    kes_kde_destroy(k);
    free(X);
    free(Y);
}

Test(kde, identities)
{
    int64_t n = 120, d = 3, m = 17;
    double *X = kd_points(n, d, 1, 1.0), *Y = kd_points(m, d, 2, 1.0);
    double a[17], b[17], c[17];
    /* Isotropic h == diagonal (h, h, h) == full h^2 I, to rounding. */
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 0.4;
    kes_kde *k1 = make(X, n, d, &o);
    double hd[3] = {0.4, 0.4, 0.4}, H[9] = {0.16, 0, 0, 0, 0.16, 0, 0, 0, 0.16};
    o.bandwidth_diag = hd;
    kes_kde *k2 = make(X, n, d, &o);
    o.bandwidth_diag = NULL;
    o.bandwidth_matrix = H;
    kes_kde *k3 = make(X, n, d, &o);
    kes_kde_log_density(k1, Y, m, m, a);
    kes_kde_log_density(k2, Y, m, m, b);
    kes_kde_log_density(k3, Y, m, m, c);
    for (int q = 0; q < m; q++) {
        cr_assert_eq(a[q], b[q]);
        cr_assert(fabs(a[q] - c[q]) < 1e-14 * fmax(1, fabs(a[q])));
    }
    kes_kde_destroy(k1);
    kes_kde_destroy(k2);
    kes_kde_destroy(k3);
    /* Weight 2 on a point == that point twice; weights scaled by 10 == unchanged. */
    double *X2 = malloc(sizeof(double) * (n + 1) * d), w[121];
    for (int64_t j = 0; j < d; j++) {
        memcpy(X2 + j * (n + 1), X + j * n, sizeof(double) * n);
        X2[n + j * (n + 1)] = X[5 + j * n];
    }
    for (int i = 0; i < n; i++) w[i] = (i == 5) ? 2.0 : 1.0;
    o = kes_kde_opts_default();
    o.bandwidth = 0.4;
    kes_kde *kd = make(X2, n + 1, d, &o);
    o.weights = w;
    kes_kde *kw = make(X, n, d, &o);
    for (int i = 0; i < n; i++) w[i] *= 10.0;
    kes_kde *kw10 = make(X, n, d, &o);
    kes_kde_log_density(kd, Y, m, m, a);
    kes_kde_log_density(kw, Y, m, m, b);
    kes_kde_log_density(kw10, Y, m, m, c);
    for (int q = 0; q < m; q++) {
        cr_assert(fabs(a[q] - b[q]) < 1e-14 * fmax(1, fabs(a[q])));
        cr_assert(fabs(c[q] - b[q]) < 1e-14 * fmax(1, fabs(a[q])));
    }
    kes_kde_destroy(kd);
    kes_kde_destroy(kw);
    kes_kde_destroy(kw10);
    free(X2);
    free(X);
    free(Y);
}

Test(kde, scott_default_bandwidth)
{
    int64_t n = 400, d = 3;
    double *X = kd_points(n, d, 3, 2.0);
    for (int i = 0; i < n; i++) X[i + 2 * n] *= 0.5;
    kes_kde *k = make(X, n, d, NULL);
    double B[9], h[3];
    kes_kde_bandwidth(k, B);
    cr_assert_eq(kes_kde_bw_scott(X, n, d, n, NULL, h), KES_OK);
    for (int j = 0; j < d; j++) {
        cr_assert_eq(B[j + j * d], h[j]);
        for (int i = 0; i < d; i++)
            if (i != j) cr_assert_eq(B[i + j * d], 0.0);
    }
    kes_kde_destroy(k);
    free(X);
}

/* grad log f against central differences of log f, every kernel, full H. */
Test(kde, gradient_matches_finite_differences)
{
    int64_t n = 150, d = 3, m = 6;
    double *X = kd_points(n, d, 21, 1.0), *Y = kd_points(m, d, 22, 0.6);
    double H[9] = {0.5, 0.1, 0.05, 0.1, 0.4, -0.08, 0.05, -0.08, 0.6};
    for (int t = 0; t < NK; t++) {
        if (ALL[t] == KES_KDE_TOPHAT) continue;
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = ALL[t];
        o.power = 2.5;
        o.bandwidth_matrix = H;
        kes_kde *k = make(X, n, d, &o);
        double G[18], lp[6], lp2[6];
        cr_assert_eq(kes_kde_grad_log_density(k, Y, m, m, lp, G, m), KES_OK);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, lp2), KES_OK);
        for (int q = 0; q < m; q++) {
            cr_assert(fabs(lp[q] - lp2[q]) < 1e-14 * fmax(1, fabs(lp[q])));
            for (int a = 0; a < d; a++) {
                double e = 1e-6, yp[3], ym[3], fp, fm;
                for (int c = 0; c < d; c++) yp[c] = ym[c] = Y[q + c * m];
                yp[a] += e;
                ym[a] -= e;
                kes_kde_log_density(k, yp, 1, 1, &fp);
                kes_kde_log_density(k, ym, 1, 1, &fm);
                double fd = (fp - fm) / (2 * e);
                cr_assert(fabs(G[q + a * m] - fd) < 1e-6 * fmax(1.0, fabs(fd)), "%s q=%d a=%d: %g vs %g",
                          NAMES[t], q, a, G[q + a * m], fd);
            }
        }
        kes_kde_destroy(k);
    }
    free(X);
    free(Y);
}

Test(kde, gaussian_gradient_closed_form)
{
    /* One point: grad log f(y) = -H^{-1} (y - x). */
    double x[2] = {0.3, -0.2}, y[2] = {1.1, 0.7}, H[4] = {2.0, 0.5, 0.5, 1.0}, G[2];
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth_matrix = H;
    kes_kde *k = make(x, 1, 2, &o);
    cr_assert_eq(kes_kde_grad_log_density(k, y, 1, 1, NULL, G, 1), KES_OK);
    double det = 2.0 * 1.0 - 0.25, r0 = y[0] - x[0], r1 = y[1] - x[1];
    double want0 = -(1.0 * r0 - 0.5 * r1) / det, want1 = -(-0.5 * r0 + 2.0 * r1) / det;
    cr_assert(fabs(G[0] - want0) < 1e-15 && fabs(G[1] - want1) < 1e-15, "%g %g vs %g %g", G[0], G[1], want0, want1);
    kes_kde_destroy(k);
}

Test(kde, same_bits_for_one_and_two_threads)
{
    int64_t n = 3000, m = 700;
    for (int64_t d = 2; d <= 16; d += 14) {
        double *X = kd_points(n, d, 7, 1.0), *Y = kd_points(m, d, 8, 1.0);
        double *a = malloc(sizeof(double) * m), *b = malloc(sizeof(double) * m);
        double *ga = malloc(sizeof(double) * m * d), *gb = malloc(sizeof(double) * m * d);
        kes_kde_opts o = kes_kde_opts_default();
        o.bandwidth = 0.3;
        kes_kde *k = make(X, n, d, &o);
        omp_set_num_threads(1);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, a), KES_OK);
        cr_assert_eq(kes_kde_grad_log_density(k, Y, m, m, NULL, ga, m), KES_OK);
        omp_set_num_threads(2);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, b), KES_OK);
        cr_assert_eq(memcmp(a, b, sizeof(double) * m), 0, "d=%ld: log densities differ", (long)d);
        cr_assert_eq(kes_kde_grad_log_density(k, Y, m, m, NULL, gb, m), KES_OK);
        cr_assert_eq(memcmp(ga, gb, sizeof(double) * m * d), 0, "d=%ld: gradients differ", (long)d);
        kes_kde_destroy(k);
        free(X);
        free(Y);
        free(a);
        free(b);
        free(ga);
        free(gb);
    }
}

/* The same with weights, a full bandwidth matrix, a compact kernel and m
 * not a multiple of any block size. */
Test(kde, same_bits_for_one_and_two_threads_weighted_full)
{
    int64_t n = 2500, m = 613, d = 3;
    double *X = kd_points(n, d, 17, 1.0), *Y = kd_points(m, d, 18, 1.0), *w = malloc(sizeof(double) * n);
    double *a = malloc(sizeof(double) * m), *b = malloc(sizeof(double) * m);
    double H[9] = {0.3, 0.05, 0.0, 0.05, 0.2, 0.02, 0.0, 0.02, 0.25};
    for (int64_t i = 0; i < n; i++) w[i] = 1.0 + (double)(i % 3);
    const kes_kde_kernel ks[2] = {KES_KDE_EPANECHNIKOV, KES_KDE_LOGISTIC};
    for (int t = 0; t < 2; t++) {
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = ks[t];
        o.weights = w;
        o.bandwidth_matrix = H;
        kes_kde *k = make(X, n, d, &o);
        omp_set_num_threads(1);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, a), KES_OK);
        omp_set_num_threads(2);
        cr_assert_eq(kes_kde_log_density(k, Y, m, m, b), KES_OK);
        cr_assert_eq(memcmp(a, b, sizeof(double) * m), 0, "kernel %d: log densities differ", (int)ks[t]);
        kes_kde_destroy(k);
    }
    free(X);
    free(Y);
    free(w);
    free(a);
    free(b);
}

Test(kde, compact_kernel_far_away_is_minus_infinity)
{
    double x[3] = {0, 1, 2}, y[2] = {10, 1.5}, lp[2], G[2];
    kes_kde_opts o = kes_kde_opts_default();
    o.kernel = KES_KDE_EPANECHNIKOV;
    o.bandwidth = 1.0;
    kes_kde *k = make(x, 3, 1, &o);
    cr_assert_eq(kes_kde_grad_log_density(k, y, 2, 2, lp, G, 2), KES_OK);
    cr_assert(lp[0] == -INFINITY && G[0] == 0.0);
    cr_assert(isfinite(lp[1]) && isfinite(G[1]));
    kes_kde_destroy(k);
}

/* ------------------------------------------------------------ bad input */

Test(kde_errors, create_rejects_bad_input)
{
    double X[6] = {0, 1, 2, 3, 4, 5}, w[3] = {1, 1, 1};
    kes_kde *k = (kes_kde *)0x1;
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 1.0;
    cr_assert_eq(kes_kde_create(NULL, 3, 2, 3, &o, &k), KES_EINVAL);
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, NULL), KES_EINVAL);
    cr_assert_eq(kes_kde_create(X, 0, 2, 3, &o, &k), KES_EDIM);
    cr_assert_eq(kes_kde_create(X, 3, 0, 3, &o, &k), KES_EDIM);
    cr_assert_eq(kes_kde_create(X, 3, 2, 2, &o, &k), KES_EDIM);
    X[4] = NAN;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_ENAN);
    X[4] = INFINITY;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_ENAN);
    X[4] = 4;
    o.bandwidth = -1;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EDOM);
    o.bandwidth = NAN;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_ENAN);
    o.bandwidth = INFINITY;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_ENAN);
    o.bandwidth = 1.0;
    double hd[2] = {1.0, 0.0};
    o.bandwidth_diag = hd;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EDOM);
    o.bandwidth_diag = NULL;
    double Hs[4] = {1, 1, 1, 1}, Hn[4] = {1, 0.5, 0.4, 1}, Hneg[4] = {1, 2, 2, 1};
    o.bandwidth_matrix = Hs;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_ENOTSPD);
    o.bandwidth_matrix = Hn;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EBADDATA);
    o.bandwidth_matrix = Hneg;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_ENOTSPD);
    o.bandwidth_matrix = NULL;
    w[1] = -1;
    o.weights = w;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EBADDATA);
    w[0] = w[1] = w[2] = 0;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EBADDATA);
    w[0] = NAN;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_ENAN);
    o.weights = NULL;
    o.rtol = -1e-3;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EDOM);
    o.rtol = 0;
    o.atol = -1;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EDOM);
    o.atol = 0;
    o.kernel = (kes_kde_kernel)42;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EINVAL);
    o.kernel = KES_KDE_GENGAUSS;
    o.power = 0;
    cr_assert_eq(kes_kde_create(X, 3, 2, 3, &o, &k), KES_EDOM);
    /* Scott's rule on one point or a constant column. */
    cr_assert_eq(kes_kde_create(X, 1, 2, 3, NULL, &k), KES_EDOM);
    double C[6] = {1, 1, 1, 2, 3, 4};
    cr_assert_eq(kes_kde_create(C, 3, 2, 3, NULL, &k), KES_EDOM);
    cr_assert(k == (kes_kde *)0x1, "output written on failure");
    kes_kde_destroy(NULL);
}

Test(kde_errors, evaluation_rejects_bad_input_and_writes_nothing)
{
    double X[6] = {0, 1, 2, 3, 4, 5};
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 1.0;
    kes_kde *k = make(X, 3, 2, &o);
    double Y[4] = {0, 1, 2, 3}, lp[2] = {7, 7}, G[4] = {7, 7, 7, 7};
    cr_assert_eq(kes_kde_log_density(NULL, Y, 2, 2, lp), KES_EINVAL);
    cr_assert_eq(kes_kde_log_density(k, NULL, 2, 2, lp), KES_EINVAL);
    cr_assert_eq(kes_kde_log_density(k, Y, 2, 2, NULL), KES_EINVAL);
    cr_assert_eq(kes_kde_log_density(k, Y, 0, 2, lp), KES_EDIM);
    cr_assert_eq(kes_kde_log_density(k, Y, 2, 1, lp), KES_EDIM);
    Y[3] = NAN;
    cr_assert_eq(kes_kde_log_density(k, Y, 2, 2, lp), KES_ENAN);
    cr_assert_eq(kes_kde_grad_log_density(k, Y, 2, 2, lp, G, 2), KES_ENAN);
    Y[3] = 3;
    cr_assert_eq(kes_kde_grad_log_density(k, Y, 2, 2, lp, G, 1), KES_EDIM);
    cr_assert_eq(kes_kde_grad_log_density(k, Y, 2, 2, lp, NULL, 2), KES_EINVAL);
    cr_assert(lp[0] == 7 && lp[1] == 7 && G[0] == 7 && G[3] == 7, "output written on failure");
    /* A query of the wrong dimension, through the view form. */
    cr_assert_eq(kes_kde_dim(k), 2);
    double Y3[6] = {0, 1, 2, 3, 4, 5};
    cr_assert_eq(kes_kde_log_density_view(k, kes_cmat_view(Y3, 2, 3, 2), kes_vec_view(lp, 2, 1)), KES_EDIM);
    cr_assert_eq(kes_kde_log_density_view(k, kes_cmat_view(Y3, 3, 2, 3), kes_vec_view(lp, 2, 1)), KES_EDIM);
    cr_assert(lp[0] == 7 && lp[1] == 7);
    double lp3[6];
    cr_assert_eq(kes_kde_log_density_view(k, kes_cmat_view(Y3, 3, 2, 3), kes_vec_view(lp3, 3, 2)), KES_OK);
    double ref[3];
    cr_assert_eq(kes_kde_log_density(k, Y3, 3, 3, ref), KES_OK);
    for (int q = 0; q < 3; q++) cr_assert_eq(lp3[2 * q], ref[q]);
    kes_kde_destroy(k);
    double r;
    cr_assert_eq(kes_kde_kernel_value(KES_KDE_GAUSSIAN, 2, 0, 1.0, &r, NULL), KES_EDIM);
    cr_assert_eq(kes_kde_kernel_value(KES_KDE_GAUSSIAN, 2, 1, -1.0, &r, NULL), KES_EDOM);
    cr_assert_eq(kes_kde_kernel_value(KES_KDE_GAUSSIAN, 2, 1, NAN, &r, NULL), KES_ENAN);
    cr_assert_eq(kes_kde_kernel_log_norm(KES_KDE_GENGAUSS, -1, 1, &r), KES_EDOM);
}

/* Found by test_hostile: dK/dr at r = Inf (and where K underflows) was
 * K phi r = 0 * Inf = NaN; it is 0. */
Test(kde, kernel_derivative_at_infinite_radius)
{
    for (int kk = 0; kk <= KES_KDE_GENGAUSS; kk++) {
        double k = -1, dk = -1;
        cr_assert_eq(kes_kde_kernel_value((kes_kde_kernel)kk, 2, 3, INFINITY, &k, &dk), KES_OK);
        cr_assert(k == 0 && dk == 0, "kernel %d: k %g dk %g", kk, k, dk);
        cr_assert_eq(kes_kde_kernel_value((kes_kde_kernel)kk, 2, 3, 1e300, &k, &dk), KES_OK);
        cr_assert(k == 0 && dk == 0, "kernel %d at 1e300: k %g dk %g", kk, k, dk);
    }
}

/* Found by test_hostile: with bandwidth 1e-300 the gradient at a query on a
 * data point was -Inf (cosine) or NaN (generalised Gaussian): it is formed
 * from the offsets y~ - x~_i now, and is 0 there. */
Test(kde, gradient_with_tiny_bandwidth_is_finite)
{
    const double X[10] = {0, 1, 2, 3.5, 5, 1, 0, 2, -1, 0.5};
    for (int kk = 0; kk <= KES_KDE_GENGAUSS; kk++) {
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = (kes_kde_kernel)kk;
        o.bandwidth = 1e-300;
        kes_kde *k = NULL;
        cr_assert_eq(kes_kde_create(X, 5, 2, 5, &o, &k), KES_OK);
        double Y[2] = {0, 1}, lp, G[2] = {-1, -1};
        cr_assert_eq(kes_kde_grad_log_density(k, Y, 1, 1, &lp, G, 1), KES_OK);
        cr_assert(isfinite(lp) && G[0] == 0 && G[1] == 0, "kernel %d: logp %g G %g %g", kk, lp, G[0], G[1]);
        kes_kde_destroy(k);
    }
}
