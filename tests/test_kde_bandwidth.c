/* Tests for src/kernels/kde_bandwidth.c: Scott and Silverman against their
 * closed forms, the Sheather-Jones plug-in against R's KernSmooth::dpik and
 * against an unbinned evaluation of the same formulas, LSCV against a
 * brute-force grid. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kde_testutil.h"

Test(kde_bw, factors_match_closed_forms)
{
    for (int64_t d = 1; d <= 20; d++)
        for (double n = 2; n < 1e9; n *= 7.3) {
            double f, g;
            cr_assert_eq(kes_kde_scott_factor(n, d, &f), KES_OK);
            cr_assert_eq(kes_kde_silverman_factor(n, d, &g), KES_OK);
            long double fs = powl((long double)n, -1.0L / (d + 4));
            long double gs = powl((long double)n * (d + 2) / 4.0L, -1.0L / (d + 4));
            cr_assert(fabsl(f - fs) <= 1e-15L * fs, "scott n=%g d=%ld", n, (long)d);
            cr_assert(fabsl(g - gs) <= 1e-15L * gs, "silverman n=%g d=%ld", n, (long)d);
        }
    double f;
    cr_assert_eq(kes_kde_scott_factor(0, 1, &f), KES_EDOM);
    cr_assert_eq(kes_kde_scott_factor(NAN, 1, &f), KES_EDOM);
    cr_assert_eq(kes_kde_silverman_factor(10, 0, &f), KES_EDIM);
    cr_assert_eq(kes_kde_silverman_factor(10, 1, NULL), KES_EINVAL);
}

Test(kde_bw, scott_per_coordinate_closed_form)
{
    int64_t n = 333, d = 4;
    double *X = kd_points(n, d, 4, 1.0), w[333], h[4], hw[4];
    for (int64_t i = 0; i < n; i++) {
        X[i + 1 * n] = 3.0 * X[i + 1 * n] + 10.0;
        w[i] = 0.25 + (double)(i % 9);
    }
    cr_assert_eq(kes_kde_bw_scott(X, n, d, n, NULL, h), KES_OK);
    cr_assert_eq(kes_kde_bw_scott(X, n, d, n, w, hw), KES_OK);
    long double W = 0, W2 = 0;
    for (int64_t i = 0; i < n; i++) {
        W += w[i];
        W2 += (long double)w[i] * w[i];
    }
    for (int64_t j = 0; j < d; j++) {
        long double mu = 0, ss = 0, muw = 0, ssw = 0;
        for (int64_t i = 0; i < n; i++) {
            mu += X[i + j * n];
            muw += w[i] * (long double)X[i + j * n];
        }
        mu /= n;
        muw /= W;
        for (int64_t i = 0; i < n; i++) {
            ss += (X[i + j * n] - mu) * (X[i + j * n] - mu);
            ssw += w[i] * (X[i + j * n] - muw) * (X[i + j * n] - muw);
        }
        long double want = sqrtl(ss / (n - 1)) * powl((long double)n, -1.0L / (d + 4));
        long double neff = W * W / W2;
        long double wantw = sqrtl(ssw / (W - W2 / W)) * powl(neff, -1.0L / (d + 4));
        cr_assert(fabsl(h[j] - want) <= 1e-15L * want, "j=%ld %.17g vs %.17Lg", (long)j, h[j], want);
        cr_assert(fabsl(hw[j] - wantw) <= 2e-15L * wantw, "weighted j=%ld %.17g vs %.17Lg", (long)j, hw[j], wantw);
    }
    free(X);
}

/* R's reference samples: dpik (gridsize 401 and 201) and bw.nrd0. */
typedef struct {
    char name[32];
    int n;
    double dpik401, dpik201, nrd0, sj;
    double *x;
} rsample;

static int read_samples(rsample *s, int max)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/kde_dpik.txt", "r");
    cr_assert_not_null(f);
    int k = 0;
    while (k < max && fscanf(f, " sample %31s %d %lf %lf %lf %lf", s[k].name, &s[k].n, &s[k].dpik401, &s[k].dpik201,
                             &s[k].nrd0, &s[k].sj) == 6) {
        s[k].x = malloc(sizeof(double) * s[k].n);
        for (int i = 0; i < s[k].n; i++) cr_assert_eq(fscanf(f, "%lf", &s[k].x[i]), 1);
        k++;
    }
    fclose(f);
    return k;
}

Test(kde_bw, silverman_matches_r_bw_nrd0_and_closed_form)
{
    rsample s[8];
    int ns = read_samples(s, 8);
    cr_assert_eq(ns, 4);
    for (int k = 0; k < ns; k++) {
        double h;
        cr_assert_eq(kes_kde_bw_silverman(s[k].x, s[k].n, &h), KES_OK);
        cr_assert(fabs(h - s[k].nrd0) <= 1e-15 * s[k].nrd0, "%s: %.17g vs R %.17g", s[k].name, h, s[k].nrd0);
        free(s[k].x);
    }
    /* Closed form on a small set: x = 1..10, sd = sqrt(55/6), IQR = 4.5. */
    double x[10];
    for (int i = 0; i < 10; i++) x[i] = i + 1;
    double h;
    cr_assert_eq(kes_kde_bw_silverman(x, 10, &h), KES_OK);
    long double want = 0.9L * fminl(sqrtl(55.0L / 6), 4.5L / 1.34L) * powl(10.0L, -0.2L);
    cr_assert(fabsl(h - want) <= 1e-15L * want);
}

Test(kde_bw, sj_dpik_matches_r_kernsmooth)
{
    rsample s[8];
    int ns = read_samples(s, 8);
    for (int k = 0; k < ns; k++) {
        double h401, h201;
        cr_assert_eq(kes_kde_bw_sj_dpik(s[k].x, s[k].n, 0, &h401), KES_OK);
        cr_assert_eq(kes_kde_bw_sj_dpik(s[k].x, s[k].n, 201, &h201), KES_OK);
        cr_assert(fabs(h401 - s[k].dpik401) <= 1e-14 * s[k].dpik401, "%s: %.17g vs dpik %.17g", s[k].name, h401,
                  s[k].dpik401);
        cr_assert(fabs(h201 - s[k].dpik201) <= 1e-14 * s[k].dpik201, "%s 201: %.17g vs dpik %.17g", s[k].name, h201,
                  s[k].dpik201);
        free(s[k].x);
    }
}

/* psi_r = (1/n^2) sum_ij phi_g^(r)(x_i - x_j), unbinned, r = 4 or 6. */
static double psi_direct(const double *x, int n, int r, double g)
{
    long double acc = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            long double u = (x[i] - x[j]) / g;
            long double he = r == 4 ? u * u * u * u - 6 * u * u + 3
                                    : u * u * u * u * u * u - 15 * u * u * u * u + 45 * u * u - 15;
            acc += he * expl(-u * u / 2) / sqrtl(2 * KT_PI);
        }
    return (double)(acc / ((long double)n * n * powl(g, r + 1)));
}

/* The same two-stage plug-in without binning (Wand & Jones 1995, Sec. 3.6). */
static double dpik_unbinned(const double *x, int n)
{
    double mu = 0, ss = 0;
    for (int i = 0; i < n; i++) mu += x[i];
    mu /= n;
    for (int i = 0; i < n; i++) ss += (x[i] - mu) * (x[i] - mu);
    double sd = sqrt(ss / (n - 1));
    double *xs = malloc(sizeof(double) * n);
    memcpy(xs, x, sizeof(double) * n);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
            double t = xs[j];
            xs[j] = xs[j - 1];
            xs[j - 1] = t;
        }
    double q1i = 0.25 * (n - 1), q3i = 0.75 * (n - 1);
    double q1 = xs[(int)q1i] + (q1i - (int)q1i) * (xs[(int)q1i + 1] - xs[(int)q1i]);
    double q3 = xs[(int)q3i] + (q3i - (int)q3i) * (xs[(int)q3i + 1] - xs[(int)q3i]);
    free(xs);
    double scale = fmin(sd, (q3 - q1) / 1.349);
    double *sx = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) sx[i] = (x[i] - mu) / scale;
    double g6 = pow(2 * pow(sqrt(2.0), 9) / (7.0 * n), 1.0 / 9);
    double psi6 = psi_direct(sx, n, 6, g6);
    double g4 = pow(-3 * sqrt(2 / 3.14159265358979323846) / (psi6 * n), 1.0 / 7);
    double psi4 = psi_direct(sx, n, 4, g4);
    free(sx);
    return scale * pow(1.0 / (2 * sqrt(3.14159265358979323846) * psi4 * n), 0.2);
}

Test(kde_bw, sj_dpik_binned_converges_to_unbinned)
{
    rsample s[8];
    int ns = read_samples(s, 8);
    for (int k = 0; k < ns; k++) {
        double exact = dpik_unbinned(s[k].x, s[k].n), h401, h6401;
        kes_kde_bw_sj_dpik(s[k].x, s[k].n, 401, &h401);
        kes_kde_bw_sj_dpik(s[k].x, s[k].n, 6401, &h6401);
        double e401 = fabs(h401 - exact) / exact, e6401 = fabs(h6401 - exact) / exact;
        /* Binning error O(delta^2) and the lost maximum (truncation) O(1/n). */
        cr_assert(e401 < 5e-3, "%s: binned %.10g unbinned %.10g", s[k].name, h401, exact);
        cr_assert(e6401 < 1e-3, "%s: %g then %g", s[k].name, e401, e6401);
        free(s[k].x);
    }
}

/* LSCV by its definition, in long double: int f^2 by the closed form and the
 * leave-one-out sum term by term. */
static double lscv_brute(const double *X, int n, int d, double h)
{
    long double s1 = 0, s2 = 0, hh = (long double)h * h;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            long double r2 = 0;
            for (int c = 0; c < d; c++) r2 += ((long double)X[i + c * n] - X[j + c * n]) * (X[i + c * n] - X[j + c * n]);
            s1 += expl(-r2 / (4 * hh));
            if (i != j) s2 += expl(-r2 / (2 * hh));
        }
    long double c1 = powl(4 * KT_PI * hh, -d / 2.0L), c2 = powl(2 * KT_PI * hh, -d / 2.0L);
    return (double)(c1 * s1 / ((long double)n * n) - 2 * c2 * s2 / ((long double)n * (n - 1)));
}

Test(kde_bw, lscv_matches_brute_force_grid)
{
    for (int d = 1; d <= 2; d++) {
        int n = 150;
        double *X = kd_points(n, d, 40 + d, 1.0);
        for (int i = 0; i < n / 3; i++) X[i] += 4.0; /* bimodal in the first coordinate */
        double h;
        cr_assert_eq(kes_kde_bw_lscv(X, n, d, n, 0.02, 2.0, &h), KES_OK);
        /* Brute force: a grid of step 0.02 in log h, then one of step
         * 0.0005 around its best point. */
        double best = INFINITY, hb = 0;
        for (double t = log(0.02); t <= log(2.0); t += 0.02) {
            double v = lscv_brute(X, n, d, exp(t));
            if (v < best) {
                best = v;
                hb = exp(t);
            }
        }
        double tc = log(hb);
        for (double t = tc - 0.02; t <= tc + 0.02; t += 0.0005) {
            double v = lscv_brute(X, n, d, exp(t));
            if (v < best) {
                best = v;
                hb = exp(t);
            }
        }
        cr_assert(fabs(log(h / hb)) <= 0.0005, "d=%d: %.10g vs grid %.10g", d, h, hb);
        cr_assert(lscv_brute(X, n, d, h) <= best + 1e-12 * fabs(best), "d=%d: not the minimum", d);
        /* The default range brackets the same minimum. */
        double h0;
        cr_assert_eq(kes_kde_bw_lscv(X, n, d, n, 0, 0, &h0), KES_OK);
        cr_assert(fabs(h0 - h) <= 1e-6 * h, "default range: %.10g vs %.10g", h0, h);
        free(X);
    }
}

Test(kde_bw, bad_input)
{
    double x[4] = {1, 2, 3, 4}, h = 7;
    cr_assert_eq(kes_kde_bw_silverman(x, 1, &h), KES_EDIM);
    cr_assert_eq(kes_kde_bw_silverman(NULL, 4, &h), KES_EINVAL);
    cr_assert_eq(kes_kde_bw_sj_dpik(x, 4, 1, &h), KES_EDIM);
    cr_assert_eq(kes_kde_bw_lscv(x, 4, 1, 4, 2.0, 1.0, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_lscv(x, 4, 1, 4, -1.0, 1.0, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_lscv(x, 4, 0, 4, 0, 0, &h), KES_EDIM);
    x[2] = NAN;
    cr_assert_eq(kes_kde_bw_silverman(x, 4, &h), KES_ENAN);
    cr_assert_eq(kes_kde_bw_sj_dpik(x, 4, 0, &h), KES_ENAN);
    cr_assert_eq(kes_kde_bw_lscv(x, 4, 1, 4, 0, 0, &h), KES_ENAN);
    double c[4] = {2, 2, 2, 2}, w[4] = {1, -1, 1, 1}, hv[1] = {7};
    cr_assert_eq(kes_kde_bw_silverman(c, 4, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_sj_dpik(c, 4, 0, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_lscv(c, 4, 1, 4, 0, 0, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_scott(c, 4, 1, 4, NULL, hv), KES_EDOM);
    double y[4] = {1, 2, 3, 5};
    cr_assert_eq(kes_kde_bw_scott(y, 4, 1, 4, w, hv), KES_EBADDATA);
    w[1] = 0;
    w[0] = w[2] = w[3] = 0;
    cr_assert_eq(kes_kde_bw_scott(y, 4, 1, 4, w, hv), KES_EBADDATA);
    cr_assert(h == 7 && hv[0] == 7, "output written on failure");
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quartiles (by selection in the library) against a full sort, with ties
 * and for every small n. */
Test(kde_bw, silverman_quartiles_with_ties)
{
    for (int n = 2; n <= 40; n++) {
        double x[40], xs[40];
        for (int i = 0; i < n; i++) x[i] = xs[i] = (double)((i * 7) % 5) + (i % 3 == 0 ? 0.5 : 0.0);
        qsort(xs, (size_t)n, sizeof(double), cmpd);
        double q[2];
        for (int t = 0; t < 2; t++) {
            double idx = (n - 1) * (t ? 0.75 : 0.25), h = idx - floor(idx);
            int lo = (int)floor(idx);
            q[t] = h != 0.0 ? (1.0 - h) * xs[lo] + h * xs[lo + 1] : xs[lo];
        }
        long double mu = 0, ss = 0;
        for (int i = 0; i < n; i++) mu += x[i];
        mu /= n;
        for (int i = 0; i < n; i++) ss += (x[i] - mu) * (x[i] - mu);
        double sd = (double)sqrtl(ss / (n - 1)), iqr = q[1] - q[0];
        double lo = fmin(sd, iqr / 1.34);
        if (!(lo > 0)) lo = fmax(sd, iqr / 1.34);
        double want = 0.9 * lo * pow((double)n, -0.2), h;
        cr_assert_eq(kes_kde_bw_silverman(x, n, &h), KES_OK);
        cr_assert(fabs(h - want) <= 4e-16 * want, "n=%d: %.17g vs %.17g", n, h, want);
    }
}

/* Found by test_hostile: the Silverman factor formed n (d + 2) / 4 first
 * (Inf for n = 1e300, d = INT64_MAX: factor 0), and Scott's sigma summed
 * squares of data near 1e300 (Inf: a false KES_EDOM). */
Test(kde_bw, factors_and_scott_do_not_overflow)
{
    double f = -1;
    cr_assert_eq(kes_kde_silverman_factor(1e300, INT64_MAX, &f), KES_OK);
    cr_assert(isfinite(f) && f > 0.99 && f <= 1.0, "f = %g", f);
    cr_assert_eq(kes_kde_scott_factor(1e300, INT64_MAX, &f), KES_OK);
    cr_assert(isfinite(f) && f > 0.99 && f <= 1.0, "f = %g", f);
    double X[3] = {-1e300, 0, 1e300}, h = -1;
    cr_assert_eq(kes_kde_bw_scott(X, 3, 1, 3, NULL, &h), KES_OK);
    /* sigma = 1e300 exactly (sum of squares 2e600 over n - 1 = 2), factor 3^(-1/5) */
    cr_assert(fabs(h / (1e300 * pow(3.0, -0.2)) - 1) < 1e-14, "h = %g", h);
    double w[3] = {1, 2, 1};
    cr_assert_eq(kes_kde_bw_scott(X, 3, 1, 3, w, &h), KES_OK);
    cr_assert(isfinite(h) && h > 0);
}

/* ------------------------------------------------------------ second part: bw.SJ, ISJ, LCV */

typedef struct {
    char name[32];
    int n;
    double ste, ste_tight, dpi;
    double *x;
} sjsample;

static int read_sj(sjsample *s, int max)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/kde_bw.txt", "r");
    cr_assert_not_null(f);
    int k = 0;
    while (k < max &&
           fscanf(f, " sample %31s %d %lf %lf %lf", s[k].name, &s[k].n, &s[k].ste, &s[k].ste_tight, &s[k].dpi) == 5) {
        s[k].x = malloc(sizeof(double) * s[k].n);
        for (int i = 0; i < s[k].n; i++) cr_assert_eq(fscanf(f, "%lf", &s[k].x[i]), 1);
        k++;
    }
    fclose(f);
    return k;
}

/* R's bw.SJ on the same data (tools/gen_kde_bw.R).  The pair counts are
 * integers and agree exactly; the functionals differ only by summation
 * order (relative 1e-15), which the equation's root amplifies by a factor
 * of order 1; tol = 1e-12 in R leaves its root within 1e-12 absolute, so
 * 1e-10 relative covers both.  With R's default tol = 0.1 * lower =
 * 0.0114 s n^(-1/5), uniroot's answer is within that tolerance of ours. */
Test(kde_bw, sj_matches_r_bw_sj)
{
    sjsample s[8];
    int ns = read_sj(s, 8);
    cr_assert_eq(ns, 5);
    for (int k = 0; k < ns; k++) {
        double hs, hd;
        cr_assert_eq(kes_kde_bw_sj(s[k].x, s[k].n, KES_KDE_SJ_STE, 0, &hs), KES_OK);
        cr_assert_eq(kes_kde_bw_sj(s[k].x, s[k].n, KES_KDE_SJ_DPI, 1000, &hd), KES_OK);
        cr_assert(fabs(hs - s[k].ste_tight) <= 1e-10 * s[k].ste_tight, "%s ste: %.17g vs R %.17g", s[k].name, hs,
                  s[k].ste_tight);
        cr_assert(fabs(hd - s[k].dpi) <= 1e-12 * s[k].dpi, "%s dpi: %.17g vs R %.17g", s[k].name, hd, s[k].dpi);
        double mu = 0, ss = 0;
        for (int i = 0; i < s[k].n; i++) mu += s[k].x[i] / s[k].n;
        for (int i = 0; i < s[k].n; i++) ss += (s[k].x[i] - mu) * (s[k].x[i] - mu);
        double rtol = 0.1 * 0.1 * 1.144 * sqrt(ss / (s[k].n - 1)) * pow(s[k].n, -0.2);
        cr_assert(fabs(hs - s[k].ste) <= rtol, "%s ste vs R default tol: %.17g vs %.17g", s[k].name, hs, s[k].ste);
        free(s[k].x);
    }
}

/* Botev's fixed-point function written independently: histogram, DCT by
 * its definition in long double, the l = 7 stage functional (in double,
 * with the powers k^(2s) tabulated: the grid search makes many calls). */
static double isj_pw[8][1024];

static double isj_ref_xi(const long double *a2, int m, int N, long double tl)
{
    const double pi = 3.14159265358979323846;
    double t = (double)tl, f = 0;
    for (int k = 1; k < m; k++) f += isj_pw[7][k] * (double)a2[k] * exp(-(double)k * k * pi * pi * t);
    f *= 2 * pow(pi, 14);
    for (int s = 6; s >= 2; s--) {
        double k0 = 1;
        for (int j = 1; j <= 2 * s - 1; j += 2) k0 *= j;
        k0 /= sqrt(2 * pi);
        double c = (1 + pow(0.5, s + 0.5)) / 3, ts = pow(2 * c * k0 / (N * f), 2.0 / (3 + 2 * s));
        f = 0;
        for (int k = 1; k < m; k++) f += isj_pw[s][k] * (double)a2[k] * exp(-(double)k * k * pi * pi * ts);
        f *= 2 * pow(pi, 2 * s);
    }
    return t - pow(2 * N * sqrt(pi) * f, -0.4);
}

Test(kde_bw, isj_matches_brute_force_root)
{
    enum { M = 1024 };
    for (int p = 2; p <= 7; p++)
        for (int k = 0; k < M; k++) isj_pw[p][k] = pow((double)k * k, p);
    sjsample s[8];
    int ns = read_sj(s, 8);
    for (int k = 0; k < ns; k++) {
        if (k == 2 || k == 4) { /* three samples suffice; the reference is slow under sanitizers */
            free(s[k].x);
            continue;
        }
        const double *x = s[k].x;
        int n = s[k].n;
        double mn = x[0], mx = x[0];
        for (int i = 0; i < n; i++) {
            mn = fmin(mn, x[i]);
            mx = fmax(mx, x[i]);
        }
        double lo = mn - (mx - mn) / 10, R = 1.2 * (mx - mn), dx = R / (M - 1);
        static long double c[M], a2[M];
        for (int j = 0; j < M; j++) c[j] = 0;
        for (int i = 0; i < n; i++) {
            int j = (int)floor((x[i] - lo) / dx);
            c[j < 0 ? 0 : j > M - 1 ? M - 1 : j] += 1.0L / n;
        }
        for (int q = 0; q < M; q++) {
            long double a = 0;
            for (int j = 0; j < M; j++) a += c[j] * cosl(KT_PI * q * (2 * j + 1) / (2.0L * M));
            a2[q] = a * a; /* (a_k / 2)^2 with a_k = 2 sum c_j cos(...) */
        }
        /* the first sign change on a grid in log t of ratio 1.05, then on
         * one of ratio 1.0002 inside that cell */
        long double t = 1e-9L, prev = isj_ref_xi(a2, M, n, t), troot = -1;
        while (t < 0.2L) {
            long double v = isj_ref_xi(a2, M, n, t * 1.05L);
            if (prev < 0 && v >= 0) break;
            prev = v;
            t *= 1.05L;
        }
        for (long double u = t; u < t * 1.05L; u *= 1.0002L) {
            if (isj_ref_xi(a2, M, n, u * 1.0002L) >= 0) {
                troot = u * 1.0001L;
                break;
            }
        }
        cr_assert(troot > 0, "%s: no root on the grid", s[k].name);
        double want = (double)(sqrtl(troot) * R), h;
        cr_assert_eq(kes_kde_bw_isj(x, n, M, &h), KES_OK);
        /* the grid brackets t within a ratio 1.0002, h within 1.0001 */
        cr_assert(fabs(h / want - 1) <= 1.2e-4, "%s: %.12g vs grid %.12g", s[k].name, h, want);
        free(s[k].x);
    }
}

/* On a large normal sample ISJ is close to the normal-reference optimum
 * (4/3)^(1/5) n^(-1/5) (the AMISE-optimal h for normal data). */
Test(kde_bw, isj_normal_sample_near_amise_optimum)
{
    int n = 20000;
    double *x = kd_points(n, 1, 77, 1.0), h;
    cr_assert_eq(kes_kde_bw_isj(x, n, 0, &h), KES_OK);
    double hopt = pow(4.0 / 3.0, 0.2) * pow(n, -0.2);
    cr_assert(fabs(h / hopt - 1) < 0.15, "%g vs %g", h, hopt);
    free(x);
}

/* Leave-one-out log likelihood by its definition, in long double. */
static double lcv_brute(const double *X, int n, int d, double h)
{
    long double tot = 0, hh = (long double)h * h;
    for (int i = 0; i < n; i++) {
        long double s = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            long double r2 = 0;
            for (int c = 0; c < d; c++) r2 += ((long double)X[i + c * n] - X[j + c * n]) * (X[i + c * n] - X[j + c * n]);
            s += expl(-r2 / (2 * hh));
        }
        tot += logl(s / (n - 1) * powl(2 * KT_PI * hh, -d / 2.0L));
    }
    return (double)(tot / n);
}

Test(kde_bw, lcv_matches_brute_force_grid)
{
    for (int d = 1; d <= 2; d++) {
        int n = 120;
        double *X = kd_points(n, d, 50 + d, 1.0);
        for (int i = 0; i < n / 3; i++) X[i] += 4.0;
        double h;
        cr_assert_eq(kes_kde_bw_lcv(X, n, d, n, 0.02, 3.0, &h), KES_OK);
        double best = -INFINITY, hb = 0;
        for (double t = log(0.02); t <= log(3.0); t += 0.02) {
            double v = lcv_brute(X, n, d, exp(t));
            if (v > best) {
                best = v;
                hb = exp(t);
            }
        }
        double tc = log(hb);
        for (double t = tc - 0.02; t <= tc + 0.02; t += 0.0005) {
            double v = lcv_brute(X, n, d, exp(t));
            if (v > best) {
                best = v;
                hb = exp(t);
            }
        }
        cr_assert(fabs(log(h / hb)) <= 0.0005, "d=%d: %.10g vs grid %.10g", d, h, hb);
        cr_assert(lcv_brute(X, n, d, h) >= best - 1e-12 * fabs(best), "d=%d: not the maximum", d);
        double h0;
        cr_assert_eq(kes_kde_bw_lcv(X, n, d, n, 0, 0, &h0), KES_OK);
        cr_assert(fabs(h0 - h) <= 1e-6 * h, "default range: %.10g vs %.10g", h0, h);
        free(X);
    }
}

Test(kde_bw, second_part_bad_input)
{
    double x[5] = {1, 2, 3, 4, 6}, h = 7;
    cr_assert_eq(kes_kde_bw_sj(x, 1, KES_KDE_SJ_STE, 0, &h), KES_EDIM);
    cr_assert_eq(kes_kde_bw_sj(x, 5, (kes_kde_sj_method)7, 0, &h), KES_EINVAL);
    cr_assert_eq(kes_kde_bw_sj(x, 5, KES_KDE_SJ_STE, -1, &h), KES_EDIM);
    cr_assert_eq(kes_kde_bw_isj(x, 5, 1, &h), KES_EDIM);
    cr_assert_eq(kes_kde_bw_lcv(x, 5, 1, 5, 2.0, 1.0, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_lcv(x, 5, 0, 5, 0, 0, &h), KES_EDIM);
    double c[5] = {2, 2, 2, 2, 2};
    cr_assert_eq(kes_kde_bw_sj(c, 5, KES_KDE_SJ_DPI, 0, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_isj(c, 5, 0, &h), KES_EDOM);
    cr_assert_eq(kes_kde_bw_lcv(c, 5, 1, 5, 0, 0, &h), KES_EDOM);
    x[3] = INFINITY;
    cr_assert_eq(kes_kde_bw_sj(x, 5, KES_KDE_SJ_STE, 0, &h), KES_ENAN);
    cr_assert_eq(kes_kde_bw_isj(x, 5, 0, &h), KES_ENAN);
    cr_assert_eq(kes_kde_bw_lcv(x, 5, 1, 5, 0, 0, &h), KES_ENAN);
    cr_assert(h == 7, "output written on failure");
}

/* ks::Hpi on the same data (tools/gen_kde_hpi.R).  Errors are measured
 * relative to the scale of the matrix, |dH_ij| / sqrt(H_ii H_jj).  Hpi's
 * BFGS stops at reltol 1e-8 in the criterion with a finite-difference
 * gradient (steps 1e-3), which leaves its matrix up to about 1e-3 from the
 * minimiser; minimised by optim with reltol 1e-15 the same criterion agrees
 * with ours to the finite-difference gradient's bias, below 2e-6. */
Test(kde_bw, hpi_matches_ks)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/kde_hpi.txt", "r");
    cr_assert_not_null(f);
    char nm[32];
    int n, k = 0;
    double R[3], T[3];
    while (fscanf(f, " hpi %31s %d %lf %lf %lf %lf %lf %lf", nm, &n, &R[0], &R[1], &R[2], &T[0], &T[1], &T[2]) == 8) {
        double *X = malloc(sizeof(double) * 2 * n), H[4];
        for (int i = 0; i < n; i++) cr_assert_eq(fscanf(f, "%lf %lf", &X[i], &X[i + n]), 2);
        cr_assert_eq(kes_kde_bw_hpi(X, n, 2, n, H), KES_OK);
        cr_assert(H[1] == H[2], "not symmetric");
        double h[3] = {H[0], H[1], H[3]}, sc[3] = {H[0], sqrt(H[0] * H[3]), H[3]};
        for (int q = 0; q < 3; q++) {
            cr_assert(fabs(h[q] - T[q]) <= 2e-6 * sc[q], "%s entry %d: %.12g vs tight %.12g", nm, q, h[q], T[q]);
            cr_assert(fabs(h[q] - R[q]) <= 1e-3 * sc[q], "%s entry %d: %.12g vs Hpi %.12g", nm, q, h[q], R[q]);
        }
        free(X);
        k++;
    }
    fclose(f);
    cr_assert_eq(k, 4);
    double X[6] = {0, 1, 2, 0, 1, 2}, H[4] = {7, 7, 7, 7};
    cr_assert_eq(kes_kde_bw_hpi(X, 3, 2, 3, H), KES_EDOM); /* collinear: singular covariance */
    double X3[9] = {0, 1, 2, 0, 1, 3, 1, 0, 2};
    cr_assert_eq(kes_kde_bw_hpi(X3, 3, 3, 3, H), KES_ENOTSUP);
    cr_assert_eq(kes_kde_bw_hpi(X, 2, 2, 3, H), KES_EDOM);
    X[4] = NAN;
    cr_assert_eq(kes_kde_bw_hpi(X, 3, 2, 3, H), KES_ENAN);
    cr_assert(H[0] == 7 && H[3] == 7);
}
