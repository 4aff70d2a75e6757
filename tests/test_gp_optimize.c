/* Tests of src/kernels/gp_optimize.c: BFGS on -LML reaches scikit-learn's
 * optimum on the shipped protocol data (n = 500), restarts are reproducible
 * from the caller's generator, fixed hyperparameters stay fixed, bounds are
 * kept and an exhausted iteration budget is reported as KES_NOCONV. */
#include <criterion/criterion.h>

#include <lapacke.h>

#include "gp_testutil.h"

static double Xall[GT_N500 * 3], yall[GT_N500];

static void load(void) { cr_assert_eq(gt_read_n500(Xall, yall), 0, "tests/data/gp/gp_n500.csv"); }

static void reaches_sklearn_with(const char *name, kes_gp_kernel k, int64_t restarts, kes_gp_optimizer opt);
static void reaches_sklearn(const char *name, kes_gp_kernel k, int64_t restarts)
{
    reaches_sklearn_with(name, k, restarts, KES_GP_OPT_BFGS);
}

static void reaches_sklearn_with(const char *name, kes_gp_kernel k, int64_t restarts, kes_gp_optimizer opt)
{
    double theta_sk[8], lml_sk;
    int64_t p;
    cr_assert_eq(gt_read_ref("gp_opt.txt", name, &p, theta_sk, &lml_sk), 0);
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = k;
    o.restarts = restarts;
    o.optimizer = opt;
    kes_rng rng;
    kes_rng_init(&rng, 7, 0);
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit(Xall, GT_N500, 3, GT_N500, yall, &o, &rng, &gp);
    cr_assert_eq(s, KES_OK, "%s: status %d", name, (int)s);
    double lml, th[8], g[8];
    kes_gp_log_marginal_likelihood(gp, &lml);
    kes_gp_theta(gp, th);
    cr_assert(lml >= lml_sk - 1e-6, "%s: kestrel LML %.12f < sklearn %.12f", name, lml, lml_sk);
    /* The same optimum: the gradient vanishes there. */
    cr_assert_eq(kes_gp_lml_gradient(gp, NULL, g), KES_OK);
    for (int64_t t = 0; t < p; t++) {
        cr_assert(fabs(g[t]) <= 1e-3, "%s grad[%ld] = %g", name, (long)t, g[t]);
        cr_assert(fabs(th[t] - theta_sk[t]) <= 1e-2, "%s theta[%ld] %.6f vs sklearn %.6f", name, (long)t, th[t],
                  theta_sk[t]);
    }
    kes_gp_destroy(gp);
}

Test(gp_optimize, se_iso_reaches_sklearn_optimum, .init = load) { reaches_sklearn("se_iso", KES_GP_SE_ISO, 0); }
Test(gp_optimize, se_ard_reaches_sklearn_optimum, .init = load) { reaches_sklearn("se_ard", KES_GP_SE_ARD, 0); }
Test(gp_optimize, gsl_bfgs2_reaches_sklearn_optimum, .init = load)
{
    reaches_sklearn_with("se_iso", KES_GP_SE_ISO, 0, KES_GP_OPT_GSL_BFGS2);
    reaches_sklearn_with("se_ard", KES_GP_SE_ARD, 0, KES_GP_OPT_GSL_BFGS2);
}

Test(gp_optimize, restarts_reproducible_and_no_worse, .init = load)
{
    const int64_t n = 150;
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = KES_GP_MATERN52_ARD;
    double lml0, l1, l2, t1[5], t2[5];
    kes_gp *g0 = NULL, *g1 = NULL, *g2 = NULL;
    cr_assert_geq(kes_gp_fit(Xall, n, 3, GT_N500, yall, &o, NULL, &g0), KES_OK);
    o.restarts = 3;
    kes_rng r1, r2;
    kes_rng_init(&r1, 11, 0);
    kes_rng_init(&r2, 11, 0);
    cr_assert_geq(kes_gp_fit(Xall, n, 3, GT_N500, yall, &o, &r1, &g1), KES_OK);
    cr_assert_geq(kes_gp_fit(Xall, n, 3, GT_N500, yall, &o, &r2, &g2), KES_OK);
    kes_gp_log_marginal_likelihood(g0, &lml0);
    kes_gp_log_marginal_likelihood(g1, &l1);
    kes_gp_log_marginal_likelihood(g2, &l2);
    kes_gp_theta(g1, t1);
    kes_gp_theta(g2, t2);
    cr_assert_eq(l1, l2, "same seed, same answer");
    for (int t = 0; t < 5; t++) cr_assert_eq(t1[t], t2[t]);
    cr_assert_geq(l1, lml0 - 1e-9, "restarts keep the best, the first run included");
    cr_assert_gt(kes_gp_n_evals(g1), kes_gp_n_evals(g0));
    kes_gp_destroy(g0), kes_gp_destroy(g1), kes_gp_destroy(g2);
}

Test(gp_optimize, fixed_and_bounded_parameters, .init = load)
{
    const int64_t n = 150;
    kes_gp_opts o = kes_gp_opts_default();
    o.noise_var = o.noise_var_lo = o.noise_var_hi = 0.04; /* held fixed */
    o.length_scale_hi = 0.5;                               /* the free optimum (~1.1) is outside */
    o.length_scale = 0.3;
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit(Xall, n, 3, GT_N500, yall, &o, NULL, &gp);
    cr_assert(s == KES_OK || s == KES_NOCONV, "status %d", (int)s);
    double th[3];
    kes_gp_theta(gp, th);
    cr_assert_eq(th[2], log(0.04));
    cr_assert(th[1] <= log(0.5) + 1e-15 && th[1] >= log(0.5) - 1e-3, "length scale at its upper bound: %g", exp(th[1]));
    kes_gp_destroy(gp);
    /* Everything fixed: the fit is at the initial point. */
    o = kes_gp_opts_default();
    o.signal_var_lo = o.signal_var_hi = o.signal_var;
    o.length_scale_lo = o.length_scale_hi = o.length_scale;
    o.noise_var_lo = o.noise_var_hi = o.noise_var;
    cr_assert_eq(kes_gp_fit(Xall, n, 3, GT_N500, yall, &o, NULL, &gp), KES_OK);
    kes_gp_theta(gp, th);
    cr_assert(th[0] == 0.0 && th[1] == 0.0 && th[2] == log(0.1));
    kes_gp_destroy(gp);
}

Test(gp_optimize, iteration_limit_reports_noconv, .init = load)
{
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = KES_GP_SE_ARD;
    o.max_iter = 1;
    kes_gp *gp = NULL;
    cr_assert_eq(kes_gp_fit(Xall, 200, 3, GT_N500, yall, &o, NULL, &gp), KES_NOCONV);
    cr_assert_not_null(gp, "the best point found is fitted and returned");
    double lml, lml0;
    kes_gp_log_marginal_likelihood(gp, &lml);
    kes_gp_destroy(gp);
    o.optimize = 0;
    cr_assert_eq(kes_gp_fit(Xall, 200, 3, GT_N500, yall, &o, NULL, &gp), KES_OK);
    kes_gp_log_marginal_likelihood(gp, &lml0);
    cr_assert_gt(lml, lml0, "one iteration already improves on the start");
    kes_gp_destroy(gp);
}

/* Targets at the 1e300 scale have an LML below -1e300 at any s2 the bounds
 * allow; the optimiser used 1e300 as its "cannot factorise" value, so every
 * such point was rejected and the fit returned KES_ENOTSPD. */
Test(gp_optimize, lml_below_minus_1e300_is_a_valid_value)
{
    double X[8], y[8], th[3] = {log(1e300), 0.0, log(1e290)};
    for (int i = 0; i < 8; i++) X[i] = 0.3 * i, y[i] = 1e300 * (i % 3 - 1);
    kes_gp_opts o = kes_gp_opts_default();
    o.signal_var_hi = o.noise_var_hi = 1e300;
    o.theta0 = th;
    o.max_iter = 50;
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit(X, 8, 1, 8, y, &o, NULL, &gp);
    cr_assert(s == KES_OK || s == KES_NOCONV, "status %d", (int)s);
    double lml;
    kes_gp_log_marginal_likelihood(gp, &lml);
    cr_assert(isfinite(lml), "LML %g", lml);
    kes_gp_destroy(gp);
}

Test(gp_optimize, nonfinite_lml_at_every_start_is_erange)
{
    /* y ~ 1e300 from the default start s2 = 1: K factorises but y^T K^-1 y
     * overflows, so no start has a finite LML.  That is KES_ERANGE (rescale
     * y or start s2 at its scale), not KES_ENOTSPD, and nothing is returned. */
    double X[8], y[8];
    for (int i = 0; i < 8; i++) X[i] = 0.3 * i, y[i] = 1e300 * (i % 3 - 1);
    kes_gp_opts o = kes_gp_opts_default();
    o.signal_var_hi = o.noise_var_hi = 1e300;
    o.max_iter = 50;
    kes_gp *gp = (kes_gp *)0x1;
    cr_assert_eq(kes_gp_fit(X, 8, 1, 8, y, &o, NULL, &gp), KES_ERANGE);
    cr_assert_eq(gp, (kes_gp *)0x1, "output untouched");
}

/* Learned Matern smoothness.  f is drawn from the Matern-0.8 GP (s2 = 1,
 * l = 1) on n = 160 points of [0, 16] by a Cholesky factor of the true
 * covariance (built with GSL's K_nu, independent of the library), plus
 * N(0, 1e-4) noise.  The fit of KES_GP_MATERN from nu = 1.5 must recover nu
 * (within 0.3: the spread of the estimate over seeds at this n is about
 * 0.1) and its LML must beat the optimised fits at every fixed smoothness
 * (1/2, 3/2, 5/2 and SE), which are nested in it up to the bounds. */
static void matern_field(int64_t n, double *X, double *y)
{
    kes_rng rng;
    kes_rng_init(&rng, 2026, 0);
    for (int64_t i = 0; i < n; i++) X[i] = 16.0 * kes_rng_uniform(&rng);
    double *L = calloc((size_t)(n * n), sizeof *L), *z = malloc((size_t)n * sizeof *z);
    const double theta[4] = {0.0, 0.0, log(0.8), log(1e-4)};
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = j; i < n; i++)
            L[i + j * n] = (double)gt_cov(KES_GP_MATERN, 1, theta, X, n, i, X, n, j) + (i == j ? 1e-10 : 0.0);
    cr_assert_eq(LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)n, L, (int)n), 0);
    for (int64_t i = 0; i < n; i++) z[i] = kes_rng_normal(&rng);
    for (int64_t i = 0; i < n; i++) {
        double s = 0.0;
        for (int64_t t = 0; t <= i; t++) s += L[i + t * n] * z[t];
        y[i] = s + 1e-2 * kes_rng_normal(&rng);
    }
    free(L), free(z);
}

static double fit_lml(kes_gp_kernel k, const double *X, int64_t n, const double *y, double *nu)
{
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = k;
    o.noise_var = 1e-3;
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit(X, n, 1, n, y, &o, NULL, &gp);
    cr_assert(s == KES_OK || s == KES_NOCONV, "kernel %d: status %d", (int)k, (int)s);
    double lml, th[4];
    kes_gp_log_marginal_likelihood(gp, &lml);
    kes_gp_theta(gp, th);
    if (nu) *nu = exp(th[2]);
    kes_gp_destroy(gp);
    return lml;
}

Test(gp_optimize, learned_matern_nu_recovers_the_field_smoothness)
{
    enum { N = 160 };
    double X[N], y[N], nu;
    matern_field(N, X, y);
    double learned = fit_lml(KES_GP_MATERN, X, N, y, &nu);
    cr_assert(fabs(nu - 0.8) <= 0.3, "fitted nu %.4f, true 0.8", nu);
    const kes_gp_kernel fixed[] = {KES_GP_MATERN12, KES_GP_MATERN32, KES_GP_MATERN52, KES_GP_SE_ISO};
    for (int f = 0; f < 4; f++) {
        double l = fit_lml(fixed[f], X, N, y, NULL);
        cr_assert_gt(learned, l, "learned nu %.3f: LML %.6f vs fixed kernel %d: %.6f", nu, learned, (int)fixed[f], l);
    }
}
