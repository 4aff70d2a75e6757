/* Tests for src/kernels/kde_thin.c: MMD against a brute-force double sum
 * in long double (weighted, V and U forms, several kernels), MMD
 * identities, kernel thinning against i.i.d. subsampling of the same size
 * over seeds, its rate in n, the structure of a KT-SPLIT coreset, and bad
 * input. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "kde_testutil.h"

static long double kref(kes_kde_kernel k, double p, double h, const double *X, int64_t ldx, int64_t i,
                        const double *Y, int64_t ldy, int64_t j, int d)
{
    long double r2 = 0;
    for (int a = 0; a < d; a++) {
        long double t = (long double)X[i + a * ldx] - Y[j + a * ldy];
        r2 += t * t;
    }
    return expl(kd_log_profile(k, p, sqrtl(r2) / h));
}

static long double mmd_brute(kes_kde_kernel k, double p, double h, const double *X, int n, const double *wx,
                             const double *Y, int m, const double *wy, int d, int unbiased)
{
    long double Wx = 0, Wy = 0, sx2 = 0, sy2 = 0, xx = 0, yy = 0, xy = 0;
    for (int i = 0; i < n; i++) Wx += wx ? wx[i] : 1;
    for (int j = 0; j < m; j++) Wy += wy ? wy[j] : 1;
    for (int i = 0; i < n; i++) sx2 += powl((wx ? wx[i] : 1) / Wx, 2);
    for (int j = 0; j < m; j++) sy2 += powl((wy ? wy[j] : 1) / Wy, 2);
    for (int i = 0; i < n; i++)
        for (int i2 = 0; i2 < n; i2++)
            if (!unbiased || i != i2)
                xx += (wx ? wx[i] : 1) * (wx ? wx[i2] : 1) / (Wx * Wx) * kref(k, p, h, X, n, i, X, n, i2, d);
    for (int j = 0; j < m; j++)
        for (int j2 = 0; j2 < m; j2++)
            if (!unbiased || j != j2)
                yy += (wy ? wy[j] : 1) * (wy ? wy[j2] : 1) / (Wy * Wy) * kref(k, p, h, Y, m, j, Y, m, j2, d);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            xy += (wx ? wx[i] : 1) * (wy ? wy[j] : 1) / (Wx * Wy) * kref(k, p, h, X, n, i, Y, m, j, d);
    if (unbiased) {
        xx /= 1 - sx2;
        yy /= 1 - sy2;
    }
    return xx + yy - 2 * xy;
}

/* Each of the three sums is a convex combination of kernel values in
 * [0, 1] accumulated in double: error below 1e-15 n; 1e-13 covers it. */
Test(kde_thin, mmd_matches_brute_force_double_sum)
{
    int n = 70, m = 45, d = 3;
    double *X = kd_points(n, d, 1, 1.0), *Y = kd_points(m, d, 2, 1.3), wx[70], wy[45];
    for (int i = 0; i < n; i++) wx[i] = 0.5 + (i % 7);
    for (int j = 0; j < m; j++) wy[j] = j % 5 == 0 ? 0.0 : 1.0 + 0.1 * j;
    kes_kde_kernel ks[4] = {KES_KDE_GAUSSIAN, KES_KDE_EXPONENTIAL, KES_KDE_LOGISTIC, KES_KDE_GENGAUSS};
    for (int t = 0; t < 4; t++)
        for (int u = 0; u <= 1; u++)
            for (int wt = 0; wt <= 1; wt++) {
                kes_kde_mmd_opts o = kes_kde_mmd_opts_default();
                o.kernel = ks[t];
                o.power = 1.5;
                o.bandwidth = 0.8;
                o.unbiased = u;
                double v;
                cr_assert_eq(kes_kde_mmd(X, n, n, wt ? wx : NULL, Y, m, m, wt ? wy : NULL, d, &o, &v), KES_OK);
                long double want = mmd_brute(ks[t], 1.5, 0.8, X, n, wt ? wx : NULL, Y, m, wt ? wy : NULL, d, u);
                cr_assert(fabsl(v - want) <= 1e-13L, "kernel %d unbiased %d weights %d: %.17g vs %.17Lg", t, u, wt, v,
                          want);
            }
    free(X);
    free(Y);
}

Test(kde_thin, mmd_identities)
{
    int n = 50, d = 2;
    double *X = kd_points(n, d, 3, 1.0), v = -1;
    kes_kde_mmd_opts o = kes_kde_mmd_opts_default();
    cr_assert_eq(kes_kde_mmd(X, n, n, NULL, X, n, n, NULL, d, &o, &v), KES_OK);
    cr_assert(fabs(v) <= 1e-15, "MMD(P, P) = %g", v);
    /* a point with weight 2 is the point listed twice */
    double Y[2 * 3] = {0.1, 0.5, 0.5, -0.2, 1.0, 1.0}, Z[2 * 2] = {0.1, 0.5, -0.2, 1.0}, wz[2] = {1, 2}, a, b;
    cr_assert_eq(kes_kde_mmd(X, n, n, NULL, Y, 3, 3, NULL, d, &o, &a), KES_OK);
    cr_assert_eq(kes_kde_mmd(X, n, n, NULL, Z, 2, 2, wz, d, &o, &b), KES_OK);
    cr_assert(fabs(a - b) <= 1e-15, "%.17g vs %.17g", a, b);
    /* symmetric in its two arguments */
    cr_assert_eq(kes_kde_mmd(Z, 2, 2, wz, X, n, n, NULL, d, &o, &b), KES_OK);
    cr_assert(fabs(a - b) <= 1e-15);
    free(X);
}

static double coreset_mmd(const double *X, int64_t n, int d, const int64_t *idx, int64_t s)
{
    double *C = malloc(sizeof(double) * s * d), v;
    for (int64_t a = 0; a < s; a++)
        for (int c = 0; c < d; c++) C[a + c * s] = X[idx[a] + c * n];
    kes_kde_mmd_opts o = kes_kde_mmd_opts_default();
    cr_assert_eq(kes_kde_mmd(X, n, n, NULL, C, s, s, NULL, d, &o, &v), KES_OK);
    free(C);
    return sqrt(fmax(v, 0.0));
}

/* n = 1024 N(0, I_2) points, coresets of sqrt(n) = 32, Gaussian kernel
 * h = 1, 8 seeds.  KT's MMD is of order n^(-1/2) (about 0.02 here), the
 * i.i.d. subsample's of order s^(-1/2) = n^(-1/4) (about 0.12, relative
 * spread about 30 %): on every seed KT must beat i.i.d., and on average by
 * at least a factor 3 (about 5.5 is typical). */
Test(kde_thin, kernel_thinning_beats_iid_subsampling)
{
    int64_t n = 1024, s = 32;
    int d = 2;
    kes_kde_thin_split sp[3] = {KES_KDE_THIN_TARGET, KES_KDE_THIN_ROOT, KES_KDE_THIN_PLUS};
    for (int t = 0; t < 3; t++) {
        double skt = 0, siid = 0;
        int seeds = t == 0 ? 8 : 3;
        for (int sd = 0; sd < seeds; sd++) {
            double *X = kd_points(n, d, 200 + sd, 1.0);
            kes_kde_thin_opts o = kes_kde_thin_opts_default();
            o.split = sp[t];
            kes_rng r;
            kes_rng_init(&r, sd, 1);
            int64_t idx[32], iid[32];
            cr_assert_eq(kes_kde_thin(X, n, d, n, s, &o, &r, idx), KES_OK);
            for (int a = 0; a < s; a++) {
                cr_assert(idx[a] >= 0 && idx[a] < n);
                iid[a] = (int64_t)kes_rng_uint(&r, (uint64_t)n);
            }
            double k1 = coreset_mmd(X, n, d, idx, s), k2 = coreset_mmd(X, n, d, iid, s);
            cr_assert(k1 < k2, "split %d seed %d: KT %g, iid %g", t, sd, k1, k2);
            skt += k1;
            siid += k2;
            free(X);
        }
        cr_assert(siid >= 3 * skt, "split %d: mean KT %g, iid %g", t, skt / seeds, siid / seeds);
    }
}

/* The rate: from n = 256 to 4096 (coresets 16 and 64) the i.i.d. MMD falls
 * by about 16^(1/4) = 2 and KT's by about 16^(1/2) = 4 (up to logs); mean
 * over 3 seeds must fall by at least 2.8. */
Test(kde_thin, kernel_thinning_rate_in_n)
{
    double m[2] = {0, 0};
    int64_t ns[2] = {256, 4096}, ss[2] = {16, 64};
    for (int q = 0; q < 2; q++)
        for (int sd = 0; sd < 3; sd++) {
            double *X = kd_points(ns[q], 2, 300 + sd, 1.0);
            kes_rng r;
            kes_rng_init(&r, 40 + sd, 0);
            int64_t idx[64];
            cr_assert_eq(kes_kde_thin(X, ns[q], 2, ns[q], ss[q], NULL, &r, idx), KES_OK);
            m[q] += coreset_mmd(X, ns[q], 2, idx, ss[q]) / 3;
            free(X);
        }
    cr_assert(m[0] / m[1] >= 2.8, "MMD %g at n = 256, %g at n = 4096", m[0], m[1]);
}

/* KT-SPLIT alone: each halving takes one point of every consecutive pair
 * of its parent, so the coreset has distinct indices below nout 2^m and
 * never both points of an input pair (2i, 2i+1).  The same seed gives the
 * same coreset. */
Test(kde_thin, split_structure_and_determinism)
{
    int64_t n = 1000, s = 30; /* m = 5, 960 points split */
    double *X = kd_points(n, 3, 8, 1.0);
    kes_kde_thin_opts o = kes_kde_thin_opts_default();
    o.swap = 0;
    o.bandwidth = 1.5;
    kes_rng r;
    kes_rng_init(&r, 5, 0);
    int64_t idx[30], again[30];
    cr_assert_eq(kes_kde_thin(X, n, 3, n, s, &o, &r, idx), KES_OK);
    for (int a = 0; a < s; a++) {
        cr_assert(idx[a] >= 0 && idx[a] < 960);
        for (int b = 0; b < a; b++) {
            cr_assert(idx[a] != idx[b]);
            cr_assert(idx[a] / 2 != idx[b] / 2, "both points of pair %ld", (long)(idx[a] / 2));
        }
    }
    kes_rng_init(&r, 5, 0);
    cr_assert_eq(kes_kde_thin(X, n, 3, n, s, &o, &r, again), KES_OK);
    cr_assert(memcmp(idx, again, sizeof idx) == 0);
    /* nout = n: nothing to halve; the swap cannot improve on the input itself */
    int64_t all[8];
    o.swap = 1;
    cr_assert_eq(kes_kde_thin(X, 8, 3, n, 8, &o, &r, all), KES_OK);
    for (int a = 0; a < 8; a++) cr_assert_eq(all[a], a);
    free(X);
}

Test(kde_thin, bad_input)
{
    double X[8] = {0, 1, 2, 3, 0, 1, 0, 1}, v = 7;
    int64_t idx[4] = {7, 7, 7, 7};
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_kde_mmd_opts mo = kes_kde_mmd_opts_default();
    cr_assert_eq(kes_kde_mmd(X, 0, 4, NULL, X, 4, 4, NULL, 2, &mo, &v), KES_EDIM);
    cr_assert_eq(kes_kde_mmd(X, 4, 4, NULL, X, 4, 4, NULL, 0, &mo, &v), KES_EDIM);
    cr_assert_eq(kes_kde_mmd(X, 4, 3, NULL, X, 4, 4, NULL, 2, &mo, &v), KES_EDIM);
    cr_assert_eq(kes_kde_mmd(X, 4, 4, NULL, NULL, 4, 4, NULL, 2, &mo, &v), KES_EINVAL);
    double w[4] = {1, -1, 1, 1}, wz[4] = {0, 0, 0, 0};
    cr_assert_eq(kes_kde_mmd(X, 4, 4, w, X, 4, 4, NULL, 2, &mo, &v), KES_EBADDATA);
    cr_assert_eq(kes_kde_mmd(X, 4, 4, NULL, X, 4, 4, wz, 2, &mo, &v), KES_EBADDATA);
    mo.bandwidth = 0;
    cr_assert_eq(kes_kde_mmd(X, 4, 4, NULL, X, 4, 4, NULL, 2, &mo, &v), KES_EDOM);
    mo.bandwidth = NAN;
    cr_assert_eq(kes_kde_mmd(X, 4, 4, NULL, X, 4, 4, NULL, 2, &mo, &v), KES_ENAN);
    mo = kes_kde_mmd_opts_default();
    mo.unbiased = 1;
    cr_assert_eq(kes_kde_mmd(X, 1, 4, NULL, X, 4, 4, NULL, 2, &mo, &v), KES_EDOM);
    mo.unbiased = 2;
    cr_assert_eq(kes_kde_mmd(X, 4, 4, NULL, X, 4, 4, NULL, 2, &mo, &v), KES_EINVAL);
    kes_kde_thin_opts to = kes_kde_thin_opts_default();
    cr_assert_eq(kes_kde_thin(X, 4, 2, 4, 0, &to, &r, idx), KES_EDIM);
    cr_assert_eq(kes_kde_thin(X, 4, 2, 4, 5, &to, &r, idx), KES_EDIM);
    cr_assert_eq(kes_kde_thin(X, 4, 2, 4, 2, &to, NULL, idx), KES_EINVAL);
    to.split = KES_KDE_THIN_PLUS;
    to.kernel = KES_KDE_EXPONENTIAL;
    cr_assert_eq(kes_kde_thin(X, 4, 2, 4, 2, &to, &r, idx), KES_ENOTSUP);
    to = kes_kde_thin_opts_default();
    to.delta = 1.0;
    cr_assert_eq(kes_kde_thin(X, 4, 2, 4, 2, &to, &r, idx), KES_EDOM);
    to = kes_kde_thin_opts_default();
    to.bandwidth = -1;
    cr_assert_eq(kes_kde_thin(X, 4, 2, 4, 2, &to, &r, idx), KES_EDOM);
    to.bandwidth = 1;
    X[5] = NAN;
    cr_assert_eq(kes_kde_thin(X, 4, 2, 4, 2, &to, &r, idx), KES_ENAN);
    cr_assert_eq(kes_kde_mmd(X, 4, 4, NULL, X, 4, 4, NULL, 2, NULL, &v), KES_ENAN);
    cr_assert(v == 7 && idx[0] == 7 && idx[3] == 7, "outputs written on failure");
}
