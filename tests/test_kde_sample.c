/* Tests for src/kernels/kde_sample.c: draws from a density estimate have
 * the mixture's mean and covariance (weighted covariance of the points
 * plus E[R^2]/d H), and in one dimension pass a Kolmogorov-Smirnov test
 * against the estimate's exact distribution function, for every kernel;
 * the same seed gives the same draws. */
#include <criterion/criterion.h>
#include <math.h>

#include "kde_testutil.h"

static const kes_kde_kernel ALL[] = {KES_KDE_GAUSSIAN, KES_KDE_EPANECHNIKOV, KES_KDE_EXPONENTIAL, KES_KDE_TOPHAT,
                                     KES_KDE_LINEAR,   KES_KDE_COSINE,       KES_KDE_LOGISTIC,    KES_KDE_GENGAUSS};
static const double POWER = 1.5;

/* int_0^R k(r) r^(d-1+e) dr by composite Simpson on 20000 panels (the
 * profile is smooth inside its support; compact ones integrate to 1). */
static double radial_moment(kes_kde_kernel k, int64_t d, int e)
{
    double R = (k == KES_KDE_EPANECHNIKOV || k == KES_KDE_TOPHAT || k == KES_KDE_LINEAR || k == KES_KDE_COSINE) ? 1.0
                                                                                                              : 60.0;
    int N = 20000;
    double h = R / N, acc = 0.0;
    for (int j = 0; j <= N; j++) {
        double r = j * h, v;
        double rr = r >= R && R == 1.0 ? R * (1 - 1e-15) : r; /* the compact ones' left limit at 1 */
        kes_kde_kernel_value(k, POWER, d, rr, &v, NULL);
        double f = v * pow(r, (double)(d - 1 + e));
        acc += f * (j == 0 || j == N ? 1.0 : (j % 2 ? 4.0 : 2.0));
    }
    return acc * h / 3.0;
}

Test(kde_sample, moments_every_kernel)
{
    const int64_t n = 40, d = 2, m = 200000;
    double *X = kd_points(n, d, 3, 1.0), w[40];
    kes_rng r;
    kes_rng_init(&r, 4, 0);
    for (int64_t i = 0; i < n; i++) w[i] = 0.2 + kes_rng_uniform(&r);
    double H[4] = {0.09, 0.03, 0.03, 0.04};
    double *Y = malloc((size_t)(m * d) * sizeof *Y);
    /* the mixture's mean and covariance of the points */
    double W = 0, mu[2] = {0, 0}, C[4] = {0, 0, 0, 0};
    for (int64_t i = 0; i < n; i++) {
        W += w[i];
        for (int a = 0; a < 2; a++) mu[a] += w[i] * X[i + a * n];
    }
    for (int a = 0; a < 2; a++) mu[a] /= W;
    for (int64_t i = 0; i < n; i++)
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) C[a + 2 * b] += w[i] * (X[i + a * n] - mu[a]) * (X[i + b * n] - mu[b]) / W;
    for (int k = 0; k < 8; k++) {
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = ALL[k];
        o.power = POWER;
        o.weights = w;
        o.bandwidth_matrix = H;
        kes_kde *e = NULL;
        cr_assert_eq(kes_kde_create(X, n, d, n, &o, &e), KES_OK);
        kes_rng g;
        kes_rng_init(&g, 100 + k, 0);
        cr_assert_eq(kes_kde_sample(e, &g, m, Y, m), KES_OK);
        double kappa = radial_moment(ALL[k], d, 2) / radial_moment(ALL[k], d, 0) / (double)d;
        /* sample mean and covariance, each against its own standard error
         * estimated from the draws; 5 standard errors: a false alarm has
         * probability below 1e-6 per entry */
        double sm[2] = {0, 0};
        for (int a = 0; a < 2; a++) {
            for (int64_t q = 0; q < m; q++) sm[a] += Y[q + a * m];
            sm[a] /= (double)m;
        }
        for (int a = 0; a < 2; a++) {
            double v = C[a + 2 * a] + kappa * H[a + 2 * a];
            cr_assert(fabs(sm[a] - mu[a]) <= 5.0 * sqrt(v / (double)m), "kernel %d mean %d: %g vs %g", k, a, sm[a],
                      mu[a]);
            for (int b = 0; b <= a; b++) {
                double s1 = 0, s2 = 0;
                for (int64_t q = 0; q < m; q++) {
                    double t = (Y[q + a * m] - mu[a]) * (Y[q + b * m] - mu[b]);
                    s1 += t;
                    s2 += t * t;
                }
                double cov = s1 / (double)m, se = sqrt((s2 / (double)m - cov * cov) / (double)m);
                double want = C[a + 2 * b] + kappa * H[a + 2 * b];
                cr_assert(fabs(cov - want) <= 5.0 * se, "kernel %d cov(%d,%d): %g vs %g (se %g)", k, a, b, cov, want,
                          se);
            }
        }
        kes_kde_destroy(e);
    }
    free(Y);
    free(X);
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The 1-D kernel's distribution function from a table of its integral
 * (cumulative Simpson on steps of 1e-3, linear interpolation: error about
 * 1e-7, far below the KS threshold). */
typedef struct {
    double step, R;
    int N;
    double *F; /* F[j] = int_0^{j step} K */
} cdf_table;

static cdf_table make_table(kes_kde_kernel k)
{
    cdf_table t;
    t.R = (k == KES_KDE_EPANECHNIKOV || k == KES_KDE_TOPHAT || k == KES_KDE_LINEAR || k == KES_KDE_COSINE) ? 1.0 : 60.0;
    t.N = (int)(t.R / 1e-3);
    t.step = t.R / t.N;
    t.F = malloc((size_t)(t.N + 1) * sizeof *t.F);
    t.F[0] = 0;
    for (int j = 0; j < t.N; j++) {
        double a = j * t.step, b = a + t.step, va, vm, vb;
        kes_kde_kernel_value(k, POWER, 1, a, &va, NULL);
        kes_kde_kernel_value(k, POWER, 1, 0.5 * (a + b), &vm, NULL);
        kes_kde_kernel_value(k, POWER, 1, b >= 1.0 && t.R == 1.0 ? 1.0 - 1e-15 : b, &vb, NULL);
        t.F[j + 1] = t.F[j] + t.step / 6.0 * (va + 4 * vm + vb);
    }
    return t;
}

static double kcdf(const cdf_table *t, double u)
{
    double a = fabs(u), v;
    if (a >= t->R) v = t->F[t->N];
    else {
        int j = (int)(a / t->step);
        double f = a / t->step - j;
        v = t->F[j] + f * (t->F[j + 1] - t->F[j]);
    }
    return u >= 0 ? 0.5 + v : 0.5 - v;
}

Test(kde_sample, ks_one_dimension_every_kernel)
{
    const int64_t n = 7, m = 20000;
    double x[7] = {-1.0, -0.3, 0.0, 0.2, 0.25, 1.5, 3.0}, w[7] = {1, 2, 0.5, 1, 3, 1, 0.7};
    double *Y = malloc((size_t)m * sizeof *Y);
    for (int k = 0; k < 8; k++) {
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = ALL[k];
        o.power = POWER;
        o.weights = w;
        o.bandwidth = 0.4;
        kes_kde *e = NULL;
        cr_assert_eq(kes_kde_create(x, n, 1, n, &o, &e), KES_OK);
        kes_rng g;
        kes_rng_init(&g, 7 + k, 1);
        cr_assert_eq(kes_kde_sample(e, &g, m, Y, m), KES_OK);
        qsort(Y, (size_t)m, sizeof *Y, cmp);
        cdf_table t = make_table(ALL[k]);
        double W = 0, D = 0;
        for (int i = 0; i < n; i++) W += w[i];
        /* the table's total, not exactly 1/2: normalise so F(inf) = 1 */
        double tot = 2.0 * t.F[t.N];
        cr_assert(fabs(tot - 1.0) < 1e-6, "kernel %d integrates to %g", k, tot);
        for (int64_t q = 0; q < m; q++) {
            double F = 0;
            for (int i = 0; i < n; i++) F += w[i] * kcdf(&t, (Y[q] - x[i]) / 0.4);
            F /= W;
            double d1 = fabs(F - (double)q / m), d2 = fabs(F - (double)(q + 1) / m);
            D = fmax(D, fmax(d1, d2));
        }
        /* Kolmogorov's limit: P(sqrt(m) D > 1.63) = 0.01 */
        cr_assert(sqrt((double)m) * D < 1.63, "kernel %d: KS statistic sqrt(m) D = %g", k, sqrt((double)m) * D);
        free(t.F);
        kes_kde_destroy(e);
    }
    free(Y);
}

Test(kde_sample, same_seed_same_draws)
{
    double *X = kd_points(100, 3, 9, 1.0), a[300], b[300];
    kes_kde *e = NULL;
    kes_kde_opts o = kes_kde_opts_default();
    o.kernel = KES_KDE_COSINE;
    cr_assert_eq(kes_kde_create(X, 100, 3, 100, &o, &e), KES_OK);
    kes_rng g;
    kes_rng_init(&g, 5, 0);
    cr_assert_eq(kes_kde_sample(e, &g, 100, a, 100), KES_OK);
    kes_rng_init(&g, 5, 0);
    cr_assert_eq(kes_kde_sample(e, &g, 100, b, 100), KES_OK);
    cr_assert_eq(memcmp(a, b, sizeof a), 0);
    kes_kde_destroy(e);
    free(X);
}
