/* Tests of src/kernels/gp_kernel.c: every covariance function through the
 * LML it produces (against a long double dense reference and against
 * scikit-learn on the shipped data) and the analytic gradient of the fused
 * trace pass (against central finite differences). */
#include <criterion/criterion.h>

#include <omp.h>

#include "gp_testutil.h"

static const kes_gp_kernel ALL[] = {KES_GP_SE_ISO,       KES_GP_SE_ARD,   KES_GP_MATERN12,     KES_GP_MATERN12_ARD,
                                    KES_GP_MATERN32,     KES_GP_MATERN32_ARD, KES_GP_MATERN52, KES_GP_MATERN52_ARD,
                                    KES_GP_RQ,           KES_GP_RQ_ARD,   KES_GP_MATERN,       KES_GP_MATERN_ARD};
#define NK (sizeof ALL / sizeof ALL[0])

static double Xall[GT_N500 * 3], yall[GT_N500];

static void load(void) { cr_assert_eq(gt_read_n500(Xall, yall), 0, "tests/data/gp/gp_n500.csv"); }

/* First n rows as a compact n x 3 matrix. */
static void subset(int64_t n, double *X, double *y)
{
    for (int64_t c = 0; c < 3; c++)
        for (int64_t i = 0; i < n; i++) X[i + c * n] = Xall[i + c * GT_N500];
    memcpy(y, yall, (size_t)n * sizeof *y);
}

/* A theta away from any optimum, different per kernel. */
static void some_theta(kes_gp_kernel k, int64_t d, double *theta)
{
    int64_t p = kes_gp_n_params(k, d), q = gt_ard(k) ? d : 1;
    theta[0] = 0.3 + 0.05 * (int)k;
    for (int64_t c = 0; c < q; c++) theta[1 + c] = -0.2 + 0.25 * (double)c;
    if (gt_rq(k)) theta[1 + q] = k == KES_GP_MATERN || k == KES_GP_MATERN_ARD ? -0.2 : 0.4; /* Matern nu = 0.82 */
    theta[p - 1] = -3.0;
}

Test(gp_kernel, n_params)
{
    cr_assert_eq(kes_gp_n_params(KES_GP_SE_ISO, 3), 3);
    cr_assert_eq(kes_gp_n_params(KES_GP_SE_ARD, 3), 5);
    cr_assert_eq(kes_gp_n_params(KES_GP_MATERN52_ARD, 7), 9);
    cr_assert_eq(kes_gp_n_params(KES_GP_RQ, 3), 4);
    cr_assert_eq(kes_gp_n_params(KES_GP_RQ_ARD, 3), 6);
    cr_assert_eq(kes_gp_n_params((kes_gp_kernel)99, 3), 0);
    cr_assert_eq(kes_gp_n_params(KES_GP_SE_ISO, 0), 0);
}

Test(gp_kernel, lml_matches_long_double_reference, .init = load)
{
    const int64_t n = 60, d = 3;
    double X[60 * 3], y[60], theta[8];
    subset(n, X, y);
    for (size_t kk = 0; kk < NK; kk++) {
        kes_gp_kernel k = ALL[kk];
        some_theta(k, d, theta);
        kes_gp *gp = NULL;
        cr_assert_eq(gt_fit_at(k, X, n, d, y, theta, &gp), KES_OK);
        cr_assert_eq(kes_gp_jitter(gp), 0.0);
        double lml;
        cr_assert_eq(kes_gp_log_marginal_likelihood(gp, &lml), KES_OK);
        long double ref = gt_reference(k, X, n, d, y, theta, NULL, 0, NULL, NULL);
        cr_assert(fabsl(lml - ref) <= 1e-11L * fabsl(ref) + 1e-11L, "kernel %d: %.17g vs %.17Lg", (int)k, lml, ref);
        kes_gp_destroy(gp);
    }
}

Test(gp_kernel, lml_matches_sklearn_on_shipped_data, .init = load)
{
    static const struct { const char *name; kes_gp_kernel k; } cases[] = {
        {"se_iso", KES_GP_SE_ISO},         {"se_ard", KES_GP_SE_ARD},
        {"matern12_iso", KES_GP_MATERN12}, {"matern12_ard", KES_GP_MATERN12_ARD},
        {"matern32_iso", KES_GP_MATERN32}, {"matern32_ard", KES_GP_MATERN32_ARD},
        {"matern52_iso", KES_GP_MATERN52}, {"matern52_ard", KES_GP_MATERN52_ARD},
        {"rq", KES_GP_RQ},
        {"matern_nu08_iso", KES_GP_MATERN},  {"matern_nu08_ard", KES_GP_MATERN_ARD},
        {"matern_nu37_iso", KES_GP_MATERN},  {"matern_nu37_ard", KES_GP_MATERN_ARD}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double theta[8], ref;
        int64_t p;
        cr_assert_eq(gt_read_ref("gp_lml.txt", cases[c].name, &p, theta, &ref), 0, "%s", cases[c].name);
        cr_assert_eq(p, kes_gp_n_params(cases[c].k, 3));
        kes_gp_opts o = kes_gp_opts_default();
        o.kernel = cases[c].k;
        o.optimize = 0;
        o.theta0 = theta;
        kes_gp *gp = NULL;
        cr_assert_eq(kes_gp_fit(Xall, GT_N500, 3, GT_N500, yall, &o, NULL, &gp), KES_OK);
        double lml;
        kes_gp_log_marginal_likelihood(gp, &lml);
        cr_assert(fabs(lml - ref) <= 1e-8 * fabs(ref), "%s: kestrel %.17g sklearn %.17g (rel %.3g)", cases[c].name, lml,
                  ref, fabs(lml - ref) / fabs(ref));
        kes_gp_destroy(gp);
    }
}

static double lml_at(kes_gp_kernel k, const double *X, int64_t n, const double *y, const double *theta)
{
    kes_gp *gp = NULL;
    cr_assert_eq(gt_fit_at(k, X, n, 3, y, theta, &gp), KES_OK);
    cr_assert_eq(kes_gp_jitter(gp), 0.0);
    double v;
    kes_gp_log_marginal_likelihood(gp, &v);
    kes_gp_destroy(gp);
    return v;
}

/* Analytic gradient vs the fourth-order central difference
 * (8 (f(h) - f(-h)) - (f(2h) - f(-2h))) / (12 h), h = 1e-3 in log space:
 * truncation O(h^4) ~ 1e-12, rounding ~ eps |LML| / h ~ 1e-11. */
Test(gp_kernel, gradient_matches_finite_differences, .init = load)
{
    const int64_t n = 80, d = 3;
    double X[80 * 3], y[80], theta[8], g[8], tp[8];
    subset(n, X, y);
    for (size_t kk = 0; kk < NK; kk++) {
        kes_gp_kernel k = ALL[kk];
        int64_t p = kes_gp_n_params(k, d);
        some_theta(k, d, theta);
        kes_gp *gp = NULL;
        cr_assert_eq(gt_fit_at(k, X, n, d, y, theta, &gp), KES_OK);
        double lml, lml0;
        cr_assert_eq(kes_gp_lml_gradient(gp, &lml, g), KES_OK);
        kes_gp_log_marginal_likelihood(gp, &lml0);
        cr_assert_eq(lml, lml0);
        kes_gp_destroy(gp);
        const double h = 1e-3;
        for (int64_t t = 0; t < p; t++) {
            double f[4], off[4] = {h, -h, 2 * h, -2 * h};
            for (int s = 0; s < 4; s++) {
                memcpy(tp, theta, sizeof tp);
                tp[t] += off[s];
                f[s] = lml_at(k, X, n, y, tp);
            }
            double fd = (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * h);
            cr_assert(fabs(fd - g[t]) <= 1e-6 * fabs(g[t]) + 1e-9, "kernel %d, theta[%ld]: analytic %.15g, fd %.15g",
                      (int)k, (long)t, g[t], fd);
        }
    }
}

/* The fused pass sums column partials in a fixed order: the gradient is
 * bitwise the same whatever the thread count. */
Test(gp_kernel, gradient_independent_of_thread_count, .init = load)
{
    const int64_t n = 200, d = 3;
    double *X = malloc(n * 3 * sizeof *X), *y = malloc(n * sizeof *y), theta[8], g1[8], g2[8];
    subset(n, X, y);
    some_theta(KES_GP_MATERN52_ARD, d, theta);
    kes_gp *gp = NULL;
    cr_assert_eq(gt_fit_at(KES_GP_MATERN52_ARD, X, n, d, y, theta, &gp), KES_OK);
    omp_set_num_threads(1);
    cr_assert_eq(kes_gp_lml_gradient(gp, NULL, g1), KES_OK);
    omp_set_num_threads(2);
    cr_assert_eq(kes_gp_lml_gradient(gp, NULL, g2), KES_OK);
    for (int t = 0; t < 5; t++) cr_assert(fabs(g1[t] - g2[t]) <= 1e-12 * fabs(g1[t]) + 1e-12);
    kes_gp_destroy(gp);
    free(X), free(y);
}

Test(gp_kernel, gradient_bad_input, .init = load)
{
    double g[3], theta[3] = {0, 0, -3};
    cr_assert_eq(kes_gp_lml_gradient(NULL, NULL, g), KES_EINVAL);
    kes_gp *gp = NULL;
    cr_assert_eq(gt_fit_at(KES_GP_SE_ISO, Xall, 20, 3, yall, theta, &gp), KES_OK);
    cr_assert_eq(kes_gp_lml_gradient(gp, NULL, NULL), KES_EINVAL);
    kes_gp_destroy(gp);
}

/* The general Matern at nu = 1/2, 3/2, 5/2 is the closed form (its log K
 * path cancels to about 1e-15 in each entry of K): the LML agrees to
 * 1e-10 relative, iso and ARD. */
Test(gp_kernel, general_matern_reduces_to_closed_forms, .init = load)
{
    const int64_t n = 80, d = 3;
    double X[80 * 3], y[80];
    subset(n, X, y);
    const double nus[3] = {0.5, 1.5, 2.5};
    const kes_gp_kernel iso[3] = {KES_GP_MATERN12, KES_GP_MATERN32, KES_GP_MATERN52};
    const kes_gp_kernel ard[3] = {KES_GP_MATERN12_ARD, KES_GP_MATERN32_ARD, KES_GP_MATERN52_ARD};
    for (int a = 0; a < 2; a++)
        for (int i = 0; i < 3; i++) {
            kes_gp_kernel kc = a ? ard[i] : iso[i], kg = a ? KES_GP_MATERN_ARD : KES_GP_MATERN;
            int64_t pc = kes_gp_n_params(kc, d);
            double tc[8], tg[8];
            some_theta(kc, d, tc);
            memcpy(tg, tc, (size_t)(pc - 1) * sizeof *tg);
            tg[pc - 1] = log(nus[i]);
            tg[pc] = tc[pc - 1];
            double lc = lml_at(kc, X, n, y, tc), lg = lml_at(kg, X, n, y, tg);
            cr_assert(fabs(lc - lg) <= 1e-10 * fabs(lc), "nu %g ard %d: %.15g vs %.15g", nus[i], a, lg, lc);
        }
}
