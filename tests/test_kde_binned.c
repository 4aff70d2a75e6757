/* Tests for src/kernels/kde_binned.c: binned densities against the exact
 * path, the O(delta^2) rate of linear binning, mass, plan reuse, bad input. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "kde_testutil.h"

/* Exact density at every grid point (first index fastest). */
static double *exact_on_grid(const double *X, int64_t n, int64_t d, const kes_kde_opts *o, const int64_t *M,
                             const double *lo, const double *hi, const double *w)
{
    int64_t tot = 1;
    for (int64_t k = 0; k < d; k++) tot *= M[k];
    double *Y = malloc(sizeof(double) * tot * d), *lp = malloc(sizeof(double) * tot);
    for (int64_t t = 0; t < tot; t++) {
        int64_t r = t;
        for (int64_t k = 0; k < d; k++) {
            int64_t j = r % M[k];
            r /= M[k];
            Y[t + k * tot] = lo[k] + (double)j * (hi[k] - lo[k]) / (double)(M[k] - 1);
        }
    }
    kes_kde_opts oo = *o;
    oo.weights = w;
    kes_kde *k = NULL;
    cr_assert_eq(kes_kde_create(X, n, d, n, &oo, &k), KES_OK);
    cr_assert_eq(kes_kde_log_density(k, Y, tot, tot, lp), KES_OK);
    for (int64_t t = 0; t < tot; t++) lp[t] = exp(lp[t]);
    kes_kde_destroy(k);
    free(Y);
    return lp;
}

/* max |binned - exact| on the grid. */
static double binned_error(const double *X, int64_t n, int64_t d, const kes_kde_opts *o, const int64_t *M,
                           const double *lo, const double *hi, const double *w, double *mass)
{
    int64_t tot = 1;
    double cell = 1.0;
    for (int64_t k = 0; k < d; k++) {
        tot *= M[k];
        cell *= (hi[k] - lo[k]) / (double)(M[k] - 1);
    }
    kes_kde_binned *b = NULL;
    cr_assert_eq(kes_kde_binned_create(d, M, lo, hi, o, &b), KES_OK);
    double *f = malloc(sizeof(double) * tot);
    cr_assert_eq(kes_kde_binned_execute(b, X, n, n, w, f), KES_OK);
    double *e = exact_on_grid(X, n, d, o, M, lo, hi, w);
    double err = 0, s = 0;
    for (int64_t t = 0; t < tot; t++) {
        err = fmax(err, fabs(f[t] - e[t]));
        s += f[t];
    }
    if (mass) *mass = s * cell;
    kes_kde_binned_destroy(b);
    free(f);
    free(e);
    return err;
}

/* Halving delta divides the error by about 4. */
static void check_rate(int64_t d, const kes_kde_opts *o, int64_t M0, int levels, double lo1, double hi1)
{
    int64_t n = 1500;
    double *X = kd_points(n, d, 100 + d, 1.0);
    double lo[3] = {lo1, lo1, lo1}, hi[3] = {hi1, hi1, hi1}, prev = 0;
    int64_t M[3];
    for (int lev = 0; lev < levels; lev++) {
        int64_t m = (M0 - 1) * (1 << lev) + 1;
        M[0] = M[1] = M[2] = m;
        double mass, err = binned_error(X, n, d, o, M, lo, hi, NULL, &mass);
        if (lev > 0) {
            double ratio = prev / err;
            cr_assert(ratio > 3.2 && ratio < 5.0, "d=%ld M=%ld: error %g after %g (ratio %g)", (long)d, (long)m, err,
                      prev, ratio);
        }
        cr_assert(fabs(mass - 1.0) < 1e-3, "d=%ld M=%ld: mass %.10g", (long)d, (long)m, mass);
        prev = err;
    }
    free(X);
}

Test(kde_binned, gaussian_1d_rate)
{
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 0.3;
    check_rate(1, &o, 101, 4, -7, 7);
}

Test(kde_binned, gaussian_2d_rate_diagonal_and_full)
{
    kes_kde_opts o = kes_kde_opts_default();
    double hd[2] = {0.45, 0.6}, H[4] = {0.25, 0.08, 0.08, 0.3};
    o.bandwidth_diag = hd;
    check_rate(2, &o, 41, 3, -6, 6);
    o.bandwidth_diag = NULL;
    o.bandwidth_matrix = H;
    check_rate(2, &o, 41, 3, -6, 6);
}

Test(kde_binned, gaussian_3d_rate)
{
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 0.8;
    check_rate(3, &o, 17, 3, -6, 6);
}

Test(kde_binned, other_kernels_converge)
{
    const kes_kde_kernel ks[] = {KES_KDE_EPANECHNIKOV, KES_KDE_EXPONENTIAL, KES_KDE_COSINE, KES_KDE_LOGISTIC,
                                 KES_KDE_GENGAUSS};
    int64_t n = 800;
    double *X = kd_points(n, 1, 7, 1.0), lo = -8, hi = 8;
    for (int t = 0; t < 5; t++) {
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = ks[t];
        o.power = 3.0;
        o.bandwidth = 0.5;
        int64_t M1 = 201, M2 = 801;
        double e1 = binned_error(X, n, 1, &o, &M1, &lo, &hi, NULL, NULL);
        double e2 = binned_error(X, n, 1, &o, &M2, &lo, &hi, NULL, NULL);
        /* Kernels with a kink (cusp at 0, edge of the support) converge more
         * slowly than delta^2 near it; the smooth ones at the full rate. */
        int smooth = ks[t] == KES_KDE_LOGISTIC || ks[t] == KES_KDE_GENGAUSS;
        cr_assert(e2 < e1 / (smooth ? 10 : 4) && e2 < 1e-3, "kernel %d: %g then %g", (int)ks[t], e1, e2);
    }
    free(X);
}

Test(kde_binned, weights_scott_and_points_outside)
{
    int64_t n = 600, M = 401;
    double *X = kd_points(n, 1, 9, 1.0), w[600], lo = -6, hi = 6;
    for (int i = 0; i < n; i++) w[i] = 0.5 + (i % 4);
    X[0] = 50.0; /* outside: counted in W, not binned */
    kes_kde_opts o = kes_kde_opts_default(); /* Scott's rule from the data */
    double err = binned_error(X, n, 1, &o, &M, &lo, &hi, w, NULL);
    cr_assert(err < 1e-4, "weighted Scott: %g", err);
    free(X);
}

Test(kde_binned, plan_reuse_is_stateless)
{
    int64_t M[2] = {30, 25};
    double lo[2] = {-4, -4}, hi[2] = {4, 4};
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 0.5;
    double *A = kd_points(200, 2, 1, 1.0), *B = kd_points(300, 2, 2, 1.0);
    double f1[750], f2[750], f3[750];
    kes_kde_binned *b1, *b2;
    cr_assert_eq(kes_kde_binned_create(2, M, lo, hi, &o, &b1), KES_OK);
    cr_assert_eq(kes_kde_binned_create(2, M, lo, hi, &o, &b2), KES_OK);
    kes_kde_binned_execute(b1, A, 200, 200, NULL, f1);
    kes_kde_binned_execute(b1, B, 300, 300, NULL, f2);
    kes_kde_binned_execute(b2, B, 300, 300, NULL, f3);
    cr_assert_eq(memcmp(f2, f3, sizeof f2), 0);
    cr_assert(memcmp(f1, f2, sizeof f1) != 0);
    kes_kde_binned_destroy(b1);
    kes_kde_binned_destroy(b2);
    kes_kde_binned_destroy(NULL);
    free(A);
    free(B);
}

Test(kde_binned, bad_input)
{
    int64_t M[3] = {10, 10, 10}, M1[1] = {1};
    double lo[3] = {0, 0, 0}, hi[3] = {1, 1, 1}, hbad[1] = {1};
    kes_kde_binned *b = (kes_kde_binned *)0x1;
    kes_kde_opts o = kes_kde_opts_default();
    cr_assert_eq(kes_kde_binned_create(0, M, lo, hi, &o, &b), KES_EDIM);
    cr_assert_eq(kes_kde_binned_create(4, M, lo, hi, &o, &b), KES_EDIM);
    cr_assert_eq(kes_kde_binned_create(1, M1, lo, hi, &o, &b), KES_EDIM);
    cr_assert_eq(kes_kde_binned_create(1, M, hi, lo, &o, &b), KES_EDOM);
    cr_assert_eq(kes_kde_binned_create(1, M, lo, hi, &o, NULL), KES_EINVAL);
    o.bandwidth = -1;
    cr_assert_eq(kes_kde_binned_create(1, M, lo, hi, &o, &b), KES_EDOM);
    o.bandwidth = NAN;
    cr_assert_eq(kes_kde_binned_create(1, M, lo, hi, &o, &b), KES_ENAN);
    o.bandwidth = 0;
    hbad[0] = 0;
    o.bandwidth_diag = hbad;
    cr_assert_eq(kes_kde_binned_create(1, M, lo, hi, &o, &b), KES_EDOM);
    o.bandwidth_diag = NULL;
    double Hn[4] = {1, 0.5, 0.2, 1};
    o.bandwidth_matrix = Hn;
    cr_assert_eq(kes_kde_binned_create(2, M, lo, hi, &o, &b), KES_EBADDATA);
    cr_assert(b == (kes_kde_binned *)0x1);
    o.bandwidth_matrix = NULL;
    cr_assert_eq(kes_kde_binned_create(1, M, lo, hi, &o, &b), KES_OK);
    double x[4] = {0.1, 0.2, 0.3, 0.4}, w[4] = {1, -1, 1, 1}, f[10];
    for (int i = 0; i < 10; i++) f[i] = 7;
    cr_assert_eq(kes_kde_binned_execute(b, x, 4, 3, NULL, f), KES_EDIM);
    cr_assert_eq(kes_kde_binned_execute(b, x, 0, 4, NULL, f), KES_EDIM);
    cr_assert_eq(kes_kde_binned_execute(b, x, 4, 4, w, f), KES_EBADDATA);
    w[1] = 0;
    w[0] = w[2] = w[3] = 0;
    cr_assert_eq(kes_kde_binned_execute(b, x, 4, 4, w, f), KES_EBADDATA);
    cr_assert_eq(kes_kde_binned_execute(b, x, 1, 1, NULL, f), KES_EDOM); /* Scott with one point */
    x[2] = INFINITY;
    cr_assert_eq(kes_kde_binned_execute(b, x, 4, 4, NULL, f), KES_ENAN);
    for (int i = 0; i < 10; i++) cr_assert_eq(f[i], 7.0, "output written on failure");
    kes_kde_binned_destroy(b);
}
