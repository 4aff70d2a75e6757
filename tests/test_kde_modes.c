/* Tests for src/kernels/kde_modes.c: modes of known Gaussian mixtures to
 * gradient norm 1e-10 (gradient recomputed here in long double), agreement
 * with brute-force grid maxima, the logistic kernel, planted modes in
 * d = 100 through the random projection, and bad input. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "kde_testutil.h"

/* grad log f and log f (up to the constant) of a weighted isotropic
 * estimate, Gaussian or logistic profile, in long double from the
 * definitions: f(y) ~ sum_i w_i k(|y - x_i| / h). */
static long double ref_grad(kes_kde_kernel k, const double *X, int n, int d, const double *w, double h,
                            const double *y, long double *g)
{
    long double *lv = malloc(sizeof(long double) * n), mx = -INFINITY, S = 0;
    for (int i = 0; i < n; i++) {
        long double r2 = 0;
        for (int a = 0; a < d; a++) r2 += ((long double)y[a] - X[i + a * n]) * ((long double)y[a] - X[i + a * n]);
        long double r = sqrtl(r2) / h;
        lv[i] = kd_log_profile(k, 2, r) + logl(w ? w[i] : 1.0);
        if (lv[i] > mx) mx = lv[i];
    }
    for (int a = 0; a < d; a++) g[a] = 0;
    for (int i = 0; i < n; i++) {
        long double p = expl(lv[i] - mx), r2 = 0;
        S += p;
        for (int a = 0; a < d; a++) r2 += ((long double)y[a] - X[i + a * n]) * ((long double)y[a] - X[i + a * n]);
        long double r = sqrtl(r2) / h;
        /* d log k / dr divided by r */
        long double phi = k == KES_KDE_GAUSSIAN ? -1.0L : (r > 1e-12L ? -tanhl(r / 2) / r : -0.5L);
        for (int a = 0; a < d; a++) g[a] += p * phi * ((long double)y[a] - X[i + a * n]) / ((long double)h * h);
    }
    for (int a = 0; a < d; a++) g[a] /= S;
    long double lf = mx + logl(S);
    free(lv);
    return lf;
}

static long double lnorm(const long double *g, int d)
{
    long double s = 0;
    for (int a = 0; a < d; a++) s += g[a] * g[a];
    return sqrtl(s);
}

/* f = 0.5 N((0,0), I) + 0.3 N((4,0), I) + 0.2 N((0,5), I): a weighted
 * estimate on three points with h = 1.  Its three modes are found from 60
 * random starts, to |grad log f| <= 1e-10 and |grad f| <= 1e-10, with log f
 * equal to the closed form, and the brute-force grid maxima agree. */
Test(kde_modes, gaussian_mixture_modes_to_1e_10)
{
    double X[6] = {0, 4, 0, 0, 0, 5}, w[3] = {0.5, 0.3, 0.2};
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 1.0;
    o.weights = w;
    double *S = kd_points(60, 2, 5, 3.0);
    for (int i = 0; i < 60; i++) {
        S[i] += 2.0;
        S[i + 60] += 2.0;
    }
    kes_kde_modes_opts mo = kes_kde_modes_opts_default();
    mo.starts = S;
    mo.nstarts = 60;
    mo.ldstarts = 60;
    double M[2 * 60], lp[60];
    int64_t nm = -1;
    kes_kde_modes_stats st;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 60, M, 60, lp, &nm, &st), KES_OK);
    /* grid: local maxima of f over [-3, 7] x [-3, 8], step 0.01, values tabulated once */
    enum { GA = 1001, GB = 1101 };
    double *V = malloc(sizeof(double) * GA * GB);
    for (int ia = 0; ia < GA; ia++)
        for (int ib = 0; ib < GB; ib++) {
            double y0 = -3 + 0.01 * ia, y1 = -3 + 0.01 * ib, f = 0;
            for (int i = 0; i < 3; i++) f += w[i] * exp(-0.5 * ((y0 - X[i]) * (y0 - X[i]) + (y1 - X[i + 3]) * (y1 - X[i + 3])));
            V[ia + GA * ib] = f;
        }
    int found = 0;
    double gm[8][2];
    for (int ia = 1; ia < GA - 1; ia++)
        for (int ib = 1; ib < GB - 1; ib++) {
            double v = V[ia + GA * ib];
            int ismax = 1;
            for (int da = -1; da <= 1; da++)
                for (int db = -1; db <= 1; db++)
                    if ((da || db) && !(v > V[ia + da + GA * (ib + db)])) ismax = 0;
            if (ismax && found < 8) {
                gm[found][0] = -3 + 0.01 * ia;
                gm[found][1] = -3 + 0.01 * ib;
                found++;
            }
        }
    free(V);
    cr_assert_eq(nm, found, "%ld modes, %d grid maxima", (long)nm, found);
    cr_assert_eq(nm, 3);
    cr_assert_eq(st.nconverged, 3);
    for (int q = 0; q < nm; q++) {
        double y[2] = {M[q], M[q + 60]};
        long double g[2];
        long double lf = ref_grad(KES_KDE_GAUSSIAN, X, 3, 2, w, 1.0, y, g);
        /* log f with the normalisation: log(1/(2 pi)) */
        long double lfull = lf - logl(2 * KT_PI);
        cr_assert(lnorm(g, 2) <= 1e-10L, "mode %d: |grad log f| = %Lg", q, lnorm(g, 2));
        cr_assert(lnorm(g, 2) * expl(lfull) <= 1e-10L, "mode %d: |grad f|", q);
        cr_assert(fabsl(lp[q] - lfull) <= 1e-13L * fabsl(lfull) + 1e-14L, "mode %d: log f %.17g vs %.17Lg", q, lp[q],
                  lfull);
        if (q > 0) cr_assert(lp[q] <= lp[q - 1], "not sorted");
        double best = INFINITY;
        for (int k = 0; k < found; k++) best = fmin(best, hypot(gm[k][0] - y[0], gm[k][1] - y[1]));
        cr_assert(best <= 0.011, "mode %d (%g, %g) is %g from a grid maximum", q, y[0], y[1], best);
    }
    free(S);
}

/* 0.7 N(0, I) + 0.3 N(3 e_1, I) in d = 16 (two weighted points, h = 1):
 * the modes lie on the e_1 axis at the roots of the one-dimensional
 * mixture's derivative, found here by bisection. */
Test(kde_modes, two_component_mixture_d16)
{
    enum { D = 16 };
    double X[2 * D] = {0}, w[2] = {0.7, 0.3};
    X[1] = 3.0;
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 1.0;
    o.weights = w;
    double *S = kd_points(40, D, 9, 1.5), M[40 * D], lp[40];
    kes_kde_modes_opts mo = kes_kde_modes_opts_default();
    mo.starts = S;
    mo.nstarts = 40;
    mo.ldstarts = 40;
    int64_t nm;
    cr_assert_eq(kes_kde_modes(X, 2, D, 2, &o, &mo, NULL, 40, M, 40, lp, &nm, NULL), KES_OK);
    /* 1-D: f'(t) = -0.7 t phi(t) - 0.3 (t - 3) phi(t - 3); sign changes on a fine grid, then bisection */
    double roots[3];
    int nr = 0;
    for (double t = -2; t < 5; t += 1e-3) {
        long double a = t, b = t + 1e-3;
#define FP(u) (-0.7L * (u) * expl(-(u) * (u) / 2) - 0.3L * ((u) - 3) * expl(-((u) - 3) * ((u) - 3) / 2))
        if ((FP(a) > 0) != (FP(b) > 0)) {
            for (int it = 0; it < 100; it++) {
                long double c = (a + b) / 2;
                if ((FP(c) > 0) == (FP(a) > 0)) a = c;
                else b = c;
            }
            if (nr < 3) roots[nr++] = (double)a;
        }
#undef FP
    }
    cr_assert_eq(nr, 3, "1-D mixture should have two maxima and a minimum");
    cr_assert_eq(nm, 2);
    double want[2] = {roots[0], roots[2]};
    for (int q = 0; q < 2; q++) {
        cr_assert(fabs(M[q] - want[q]) <= 1e-9, "mode %d: %.15g vs %.15g", q, M[q], want[q]);
        for (int a = 1; a < D; a++) cr_assert(fabs(M[q + a * 40]) <= 1e-9);
        double y[D];
        long double g[D];
        for (int a = 0; a < D; a++) y[a] = M[q + a * 40];
        ref_grad(KES_KDE_GAUSSIAN, X, 2, D, w, 1.0, y, g);
        cr_assert(lnorm(g, D) <= 1e-10L, "|grad log f| = %Lg", lnorm(g, D));
    }
    free(S);
}

/* Mean shift from the data points of a 300-point sample: every mode has
 * |grad log f| <= 1e-10, and the modes agree with the maxima of f on a
 * grid of step 0.02 (those carrying at least 1e-3 of the top density). */
Test(kde_modes, sample_modes_match_grid_maxima)
{
    int n = 300;
    double *X = kd_points(n, 2, 21, 0.7);
    for (int i = 0; i < n / 2; i++) X[i] += 3.0;
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 0.5;
    double M[2 * 300], lp[300];
    int64_t nm;
    kes_kde_modes_stats st;
    cr_assert_eq(kes_kde_modes(X, n, 2, n, &o, NULL, NULL, 300, M, 300, lp, &nm, &st), KES_OK);
    cr_assert(nm >= 2);
    double top = -INFINITY;
    for (int q = 0; q < nm; q++) {
        double y[2] = {M[q], M[q + 300]};
        long double g[2];
        top = fmax(top, (double)ref_grad(KES_KDE_GAUSSIAN, X, n, 2, NULL, 0.5, y, g));
        cr_assert(lnorm(g, 2) <= 1e-10L, "mode %d: %Lg", q, lnorm(g, 2));
    }
    const double st2 = 0.02;
    enum { GA = 401, GB = 251 };
    double *V = malloc(sizeof(double) * GA * GB);
    for (int ia = 0; ia < GA; ia++)
        for (int ib = 0; ib < GB; ib++) {
            double y[2] = {-2.5 + st2 * ia, -2.5 + st2 * ib};
            long double g[2];
            V[ia + GA * ib] = (double)ref_grad(KES_KDE_GAUSSIAN, X, n, 2, NULL, 0.5, y, g);
        }
    int ng = 0;
    for (int ia = 1; ia < GA - 1; ia++)
        for (int ib = 1; ib < GB - 1; ib++) {
            double v = V[ia + GA * ib], a = -2.5 + st2 * ia, b = -2.5 + st2 * ib;
            int ismax = v > top + log(1e-3);
            for (int da = -1; da <= 1; da++)
                for (int db = -1; db <= 1; db++)
                    if ((da || db) && !(v > V[ia + da + GA * (ib + db)])) ismax = 0;
            if (!ismax) continue;
            ng++;
            double best = INFINITY;
            for (int q = 0; q < nm; q++) best = fmin(best, hypot(M[q] - a, M[q + 300] - b));
            cr_assert(best <= 1.5 * st2, "grid maximum (%g, %g) has no mode within %g", a, b, best);
        }
    free(V);
    cr_assert(ng >= 2);
    free(X);
}

/* Gradient ascent with the logistic kernel on the three-point mixture. */
Test(kde_modes, logistic_kernel_modes)
{
    double X[6] = {0, 6, 0, 0, 0, 7}, w[3] = {0.5, 0.3, 0.2};
    kes_kde_opts o = kes_kde_opts_default();
    o.kernel = KES_KDE_LOGISTIC;
    o.bandwidth = 1.0;
    o.weights = w;
    double *S = kd_points(30, 2, 6, 3.0), M[60], lp[30];
    kes_kde_modes_opts mo = kes_kde_modes_opts_default();
    mo.starts = S;
    mo.nstarts = 30;
    mo.ldstarts = 30;
    int64_t nm;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 30, M, 30, lp, &nm, NULL), KES_OK);
    cr_assert_eq(nm, 3);
    for (int q = 0; q < nm; q++) {
        double y[2] = {M[q], M[q + 30]};
        long double g[2];
        ref_grad(KES_KDE_LOGISTIC, X, 3, 2, w, 1.0, y, g);
        cr_assert(lnorm(g, 2) <= 1e-10L, "mode %d: %Lg", q, lnorm(g, 2));
    }
    cr_assert(hypot(M[0], M[30]) < 0.5, "densest mode near the heaviest point");
    free(S);
}

/* Three clusters of 100 points in d = 100, centres 20 apart, h = 6: the
 * estimate has one mode per cluster.  The projection to k = 8 dimensions
 * finds the three, each within 2.5 of its planted centre, and they equal
 * the modes found without projection (both polished to 1e-10). */
Test(kde_modes, random_projection_finds_planted_modes_d100)
{
    enum { D = 100, K = 3, NC = 100, N = K * NC };
    double *X = kd_points(N, D, 31, 1.0), C[K][D];
    kes_rng r;
    kes_rng_init(&r, 99, 0);
    for (int c = 0; c < K; c++) {
        for (int a = 0; a < D; a++) C[c][a] = kes_rng_normal(&r);
        double nr = 0;
        for (int a = 0; a < D; a++) nr += C[c][a] * C[c][a];
        for (int a = 0; a < D; a++) C[c][a] *= 14.2 / sqrt(nr); /* pairwise about 20 apart */
        for (int i = c * NC; i < (c + 1) * NC; i++)
            for (int a = 0; a < D; a++) X[i + a * N] += C[c][a];
    }
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 6.0;
    kes_kde_modes_opts mo = kes_kde_modes_opts_default();
    mo.proj_dim = 8;
    static double M[N * D], M0[N * D];
    double lp[N], lp0[N];
    int64_t nm, nm0;
    kes_rng g;
    kes_rng_init(&g, 7, 0);
    cr_assert_eq(kes_kde_modes(X, N, D, N, &o, &mo, &g, N, M, N, lp, &nm, NULL), KES_OK);
    cr_assert_eq(nm, K, "%ld modes", (long)nm);
    mo.proj_dim = 0;
    cr_assert_eq(kes_kde_modes(X, N, D, N, &o, &mo, NULL, N, M0, N, lp0, &nm0, NULL), KES_OK);
    cr_assert_eq(nm0, K);
    for (int q = 0; q < K; q++) {
        double best = INFINITY;
        for (int c = 0; c < K; c++) {
            double s = 0;
            for (int a = 0; a < D; a++) s += (M[q + a * N] - C[c][a]) * (M[q + a * N] - C[c][a]);
            best = fmin(best, sqrt(s));
        }
        cr_assert(best <= 2.5, "mode %d is %g from every planted centre", q, best);
        double dm = INFINITY;
        for (int p = 0; p < K; p++) {
            double s = 0;
            for (int a = 0; a < D; a++) s += (M[q + a * N] - M0[p + a * N]) * (M[q + a * N] - M0[p + a * N]);
            dm = fmin(dm, sqrt(s));
        }
        cr_assert(dm <= 1e-6, "projected and direct modes differ by %g", dm);
        double y[D];
        long double gr[D];
        for (int a = 0; a < D; a++) y[a] = M[q + a * N];
        ref_grad(KES_KDE_GAUSSIAN, X, N, D, NULL, 6.0, y, gr);
        cr_assert(lnorm(gr, D) * 6.0 <= 1e-9L, "|grad log f| h = %Lg", lnorm(gr, D) * 6.0);
    }
    free(X);
}

Test(kde_modes, bad_input)
{
    double X[6] = {0, 1, 3, 0, 2, 1}, M[6] = {7, 7, 7, 7, 7, 7}, lp[3] = {7, 7, 7};
    int64_t nm = 7;
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 1.0;
    kes_kde_modes_opts mo = kes_kde_modes_opts_default();
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 0, M, 3, lp, &nm, NULL), KES_EDIM);
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 2, lp, &nm, NULL), KES_EDIM);
    cr_assert_eq(kes_kde_modes(X, 0, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_EDIM);
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, NULL, 3, lp, &nm, NULL), KES_EINVAL);
    mo.proj_dim = 1;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_EINVAL);
    mo.proj_dim = 2;
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, &r, 3, M, 3, lp, &nm, NULL), KES_EDIM);
    mo = kes_kde_modes_opts_default();
    mo.grad_tol = 0;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_EDOM);
    mo.grad_tol = NAN;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_ENAN);
    mo = kes_kde_modes_opts_default();
    double S[2] = {0, NAN};
    mo.starts = S;
    mo.nstarts = 1;
    mo.ldstarts = 1;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_ENAN);
    mo.ldstarts = 0;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_EDIM);
    mo = kes_kde_modes_opts_default();
    o.kernel = KES_KDE_EXPONENTIAL;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_ENOTSUP);
    o.kernel = KES_KDE_GAUSSIAN;
    o.bandwidth = -1;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_EDOM);
    o.bandwidth = 1;
    X[2] = INFINITY;
    cr_assert_eq(kes_kde_modes(X, 3, 2, 3, &o, &mo, NULL, 3, M, 3, lp, &nm, NULL), KES_ENAN);
    for (int i = 0; i < 6; i++) cr_assert(M[i] == 7);
    cr_assert(lp[0] == 7 && nm == 7, "outputs written on failure");
}
