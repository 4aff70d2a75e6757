/* Tests for src/kernels/kde_rff.c: the random-feature density against the
 * exact one within a few of its own standard errors, the standard error
 * within its bound c sqrt(2/D), and the error falling like 1/sqrt(D). */
#include <criterion/criterion.h>
#include <math.h>

#include "kde_testutil.h"

static void run(const double *X, int64_t n, int64_t d, const double *Y, int64_t m, kes_kde_opts o, int64_t D,
                uint64_t seed, double *rms)
{
    kes_kde *e = NULL;
    kes_kde_rff *r = NULL;
    cr_assert_eq(kes_kde_create(X, n, d, n, &o, &e), KES_OK);
    kes_rng g;
    kes_rng_init(&g, seed, 0);
    cr_assert_eq(kes_kde_rff_create(e, D, &g, &r), KES_OK);
    double *lp = malloc((size_t)m * sizeof *lp), *p = malloc((size_t)m * sizeof *p), *se = malloc((size_t)m * sizeof *se);
    cr_assert_eq(kes_kde_log_density(e, Y, m, m, lp), KES_OK);
    cr_assert_eq(kes_kde_rff_density(r, Y, m, m, p, se), KES_OK);
    double B[9], logdet = 0, c;
    kes_kde_bandwidth(e, B);
    for (int64_t j = 0; j < d; j++) logdet += log(B[j + j * d]);
    c = exp(-0.5 * (double)d * log(2 * KT_PI) - logdet);
    double s2 = 0;
    for (int64_t q = 0; q < m; q++) {
        double err = p[q] - exp(lp[q]);
        /* the bound: each g_r is in [-1, 1] */
        cr_assert(se[q] <= c * sqrt(2.0 / (double)D) * (1 + 1e-12), "q %ld: se %g above its bound", (long)q, se[q]);
        /* 5 standard errors (the mean of D/2 i.i.d. bounded terms is
         * close to normal): a false alarm has probability below 1e-6 */
        cr_assert(fabs(err) <= 5.0 * se[q] + 1e-12 * c, "D %ld q %ld: error %g, se %g", (long)D, (long)q, err, se[q]);
        s2 += err * err;
    }
    *rms = sqrt(s2 / (double)m) / c;
    free(lp);
    free(p);
    free(se);
    kes_kde_rff_destroy(r);
    kes_kde_destroy(e);
}

Test(kde_rff, within_its_standard_error)
{
    const int64_t n = 3000, m = 60;
    for (int64_t d = 1; d <= 3; d++) {
        double *X = kd_points(n, d, 1 + d, 1.0), *Y = kd_points(m, d, 2 + d, 1.0), w[3000];
        for (int64_t i = 0; i < n; i++) w[i] = 1.0 + (double)(i % 5);
        kes_kde_opts o = kes_kde_opts_default();
        double rms;
        run(X, n, d, Y, m, o, 2000, 10, &rms);
        o.weights = w;
        run(X, n, d, Y, m, o, 2000, 11, &rms);
        if (d == 2) {
            double H[4] = {0.2, 0.05, 0.05, 0.1};
            o.bandwidth_matrix = H;
            run(X, n, d, Y, m, o, 2000, 12, &rms);
        }
        free(X);
        free(Y);
    }
}

/* Variance ~ 1/D: the root-mean-square error over 200 queries at D = 512
 * and D = 8192 should differ by sqrt(16) = 4; the check asks for more
 * than 2 (each rms is itself an average of 200 squared errors, so it
 * scatters by ~10 %). */
Test(kde_rff, error_falls_like_one_over_sqrt_D)
{
    const int64_t n = 2000, m = 200, d = 2;
    double *X = kd_points(n, d, 5, 1.0), *Y = kd_points(m, d, 6, 1.0);
    kes_kde_opts o = kes_kde_opts_default();
    double r1, r2;
    run(X, n, d, Y, m, o, 512, 21, &r1);
    run(X, n, d, Y, m, o, 8192, 22, &r2);
    cr_assert(r1 / r2 > 2.0 && r1 / r2 < 8.0, "rms %g at D = 512, %g at D = 8192", r1, r2);
    free(X);
    free(Y);
}

Test(kde_rff, not_gaussian_refused)
{
    double X[4] = {0, 1, 2, 3}, Y[1] = {0}, p[1] = {-7};
    kes_kde_opts o = kes_kde_opts_default();
    o.kernel = KES_KDE_EPANECHNIKOV;
    kes_kde *e = NULL;
    kes_kde_rff *r = NULL;
    cr_assert_eq(kes_kde_create(X, 4, 1, 4, &o, &e), KES_OK);
    kes_rng g;
    kes_rng_init(&g, 1, 0);
    cr_assert_eq(kes_kde_rff_create(e, 64, &g, &r), KES_ENOTSUP);
    cr_assert_null(r);
    kes_kde_destroy(e);
    o.kernel = KES_KDE_GAUSSIAN;
    cr_assert_eq(kes_kde_create(X, 4, 1, 4, &o, &e), KES_OK);
    cr_assert_eq(kes_kde_rff_create(e, 63, &g, &r), KES_EDIM);
    cr_assert_eq(kes_kde_rff_create(e, 64, &g, &r), KES_OK);
    Y[0] = NAN;
    cr_assert_eq(kes_kde_rff_density(r, Y, 1, 1, p, NULL), KES_ENAN);
    cr_assert_eq(p[0], -7);
    kes_kde_rff_destroy(r);
    kes_kde_destroy(e);
}
