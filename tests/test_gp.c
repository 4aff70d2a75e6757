/* Tests of src/kernels/gp.c: fit at fixed hyperparameters, the escalating
 * jitter, the constant mean, predictive mean and variance (against a long
 * double dense formula and against scikit-learn's predict(return_std) on
 * the shipped data), and every bad-input path. */
#include <criterion/criterion.h>

#include "gp_testutil.h"

static double Xall[GT_N500 * 3], yall[GT_N500];

static void load(void) { cr_assert_eq(gt_read_n500(Xall, yall), 0, "tests/data/gp/gp_n500.csv"); }

static void subset(int64_t n, double *X, double *y)
{
    for (int64_t c = 0; c < 3; c++)
        for (int64_t i = 0; i < n; i++) X[i + c * n] = Xall[i + c * GT_N500];
    memcpy(y, yall, (size_t)n * sizeof *y);
}

Test(gp, defaults_are_documented)
{
    kes_gp_opts o = kes_gp_opts_default();
    cr_assert_eq(o.kernel, KES_GP_SE_ISO);
    cr_assert_eq(o.mean, KES_GP_MEAN_ZERO);
    cr_assert_eq(o.optimize, 1);
    cr_assert_eq(o.restarts, 0);
    cr_assert_eq(o.signal_var, 1.0);
    cr_assert_eq(o.length_scale, 1.0);
    cr_assert_eq(o.noise_var, 0.1);
    cr_assert_eq(o.rq_alpha, 1.0);
    cr_assert_eq(o.signal_var_lo, 1e-5);
    cr_assert_eq(o.noise_var_hi, 1e5);
    cr_assert_eq(o.max_iter, 200);
    cr_assert_null(o.theta0);
}

Test(gp, fit_at_initial_values_and_accessors, .init = load)
{
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = KES_GP_MATERN32_ARD;
    o.optimize = 0;
    o.signal_var = 2.0, o.length_scale = 0.7, o.noise_var = 0.05;
    kes_gp *gp = NULL;
    cr_assert_eq(kes_gp_fit(Xall, 100, 3, GT_N500, yall, &o, NULL, &gp), KES_OK);
    cr_assert_eq(kes_gp_n_hyper(gp), 5);
    double th[5];
    cr_assert_eq(kes_gp_theta(gp, th), KES_OK);
    cr_assert_float_eq(th[0], log(2.0), 1e-15);
    for (int c = 1; c <= 3; c++) cr_assert_float_eq(th[c], log(0.7), 1e-15);
    cr_assert_float_eq(kes_gp_noise_var(gp), 0.05, 1e-15);
    cr_assert_eq(kes_gp_jitter(gp), 0.0);
    cr_assert_eq(kes_gp_mean_value(gp), 0.0);
    cr_assert_eq(kes_gp_n_evals(gp), 1);
    kes_gp_destroy(gp);
    kes_gp_destroy(NULL);
    cr_assert(isnan(kes_gp_jitter(NULL)));
    cr_assert_eq(kes_gp_n_hyper(NULL), 0);
}

Test(gp, predict_matches_long_double_reference, .init = load)
{
    const int64_t n = 70, d = 3, m = 9;
    double X[70 * 3], y[70], Q[9 * 3], mean[9], var[9], mean2[9];
    subset(n, X, y);
    for (int64_t j = 0; j < m; j++)
        for (int64_t c = 0; c < d; c++) Q[j + c * m] = Xall[(300 + j) + c * GT_N500];
    Q[0] = X[5], Q[m] = X[5 + n], Q[2 * m] = X[5 + 2 * n]; /* a training point: small variance */
    kes_gp_kernel ks[] = {KES_GP_SE_ISO, KES_GP_MATERN12_ARD, KES_GP_MATERN52, KES_GP_RQ_ARD};
    for (size_t kk = 0; kk < 4; kk++) {
        kes_gp_kernel k = ks[kk];
        int64_t p = kes_gp_n_params(k, d);
        double theta[8];
        for (int64_t t = 0; t < p; t++) theta[t] = 0.1 * (double)t - 0.2;
        theta[p - 1] = -4.0;
        kes_gp *gp = NULL;
        cr_assert_eq(gt_fit_at(k, X, n, d, y, theta, &gp), KES_OK);
        cr_assert_eq(kes_gp_predict(gp, Q, m, m, mean, var), KES_OK);
        cr_assert_eq(kes_gp_predict(gp, Q, m, m, mean2, NULL), KES_OK);
        long double rm[9], rv[9];
        gt_reference(k, X, n, d, y, theta, Q, m, rm, rv);
        for (int64_t j = 0; j < m; j++) {
            cr_assert(fabsl(mean[j] - rm[j]) <= 1e-11L * (1 + fabsl(rm[j])), "kernel %d mean %ld", (int)k, (long)j);
            cr_assert_eq(mean[j], mean2[j]);
            /* var = s2 - |v|^2 loses digits to cancellation near the data:
             * absolute tolerance relative to s2 */
            cr_assert(fabsl(var[j] - rv[j]) <= 1e-11L * expl(theta[0]), "kernel %d var %ld: %.17g vs %.17Lg", (int)k,
                      (long)j, var[j], rv[j]);
            cr_assert(var[j] >= 0.0);
        }
        kes_gp_destroy(gp);
    }
}

/* sklearn's predict(return_std=True) at the same hyperparameters (alpha =
 * 0): its std includes the white noise, so std^2 = var_f + n2. */
Test(gp, predict_matches_sklearn, .init = load)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/gp/gp_pred.csv", "r");
    cr_assert_not_null(f);
    char line[4096];
    cr_assert_not_null(fgets(line, sizeof line, f));
    enum { M = 20 };
    double Q[M * 3], ref[M][6];
    for (int j = 0; j < M; j++) {
        cr_assert_eq(fscanf(f, "%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &Q[j], &Q[j + M], &Q[j + 2 * M], &ref[j][0],
                            &ref[j][1], &ref[j][2], &ref[j][3], &ref[j][4], &ref[j][5]),
                     9);
    }
    fclose(f);
    static const struct { const char *name; kes_gp_kernel k; int col; } cases[] = {
        {"se_ard", KES_GP_SE_ARD, 0}, {"matern52_iso", KES_GP_MATERN52, 2}, {"rq", KES_GP_RQ, 4}};
    for (int c = 0; c < 3; c++) {
        double theta[8], lml;
        int64_t p;
        cr_assert_eq(gt_read_ref("gp_lml.txt", cases[c].name, &p, theta, &lml), 0);
        kes_gp *gp = NULL;
        cr_assert_eq(gt_fit_at(cases[c].k, Xall, GT_N500, 3, yall, theta, &gp), KES_OK);
        double mean[M], var[M], n2 = kes_gp_noise_var(gp);
        cr_assert_eq(kes_gp_predict(gp, Q, M, M, mean, var), KES_OK);
        for (int j = 0; j < M; j++) {
            double rm = ref[j][cases[c].col], rs = ref[j][cases[c].col + 1];
            cr_assert(fabs(mean[j] - rm) <= 1e-8 * fmax(1.0, fabs(rm)), "%s mean %d: %.17g vs %.17g", cases[c].name, j,
                      mean[j], rm);
            cr_assert(fabs((var[j] + n2) - rs * rs) <= 1e-8 * rs * rs, "%s var %d: %.17g vs %.17g", cases[c].name, j,
                      var[j] + n2, rs * rs);
        }
        kes_gp_destroy(gp);
    }
}

/* Duplicated points with a negligible noise make K singular: the jitter
 * escalates from 0 to 1e-10 * mean diag (or a little more) and is reported;
 * the model is that of K + jitter I. */
Test(gp, jitter_escalates_only_when_needed, .init = load)
{
    const int64_t n = 40;
    double X[80 * 3], y[80];
    for (int64_t c = 0; c < 3; c++)
        for (int64_t i = 0; i < n; i++) X[i + c * 2 * n] = X[i + n + c * 2 * n] = Xall[i + c * GT_N500];
    for (int64_t i = 0; i < n; i++) y[i] = y[i + n] = yall[i];
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    o.noise_var = o.noise_var_lo = o.noise_var_hi = 1e-300;
    kes_gp *gp = NULL;
    cr_assert_eq(kes_gp_fit(X, 2 * n, 3, 2 * n, y, &o, NULL, &gp), KES_OK);
    double jit = kes_gp_jitter(gp), md = 1.0 + 1e-300;
    cr_assert(jit >= 1e-10 * md * 0.999 && jit <= 1e-4 * md * 1.001, "jitter %g", jit);
    double rel = log10(jit / (1e-10 * md));
    cr_assert(fabs(rel - round(rel)) < 1e-9, "jitter is 1e-10 * mean diag * 10^k: %g", jit);
    double mean[1], var[1], q[3] = {X[0], X[2 * n], X[4 * n]};
    cr_assert_eq(kes_gp_predict(gp, q, 1, 1, mean, var), KES_OK);
    cr_assert(fabs(mean[0] - y[0]) < 1e-3);
    kes_gp_destroy(gp);
    /* With a real noise level no jitter is added. */
    o.noise_var = o.noise_var_lo = o.noise_var_hi = 1e-2;
    cr_assert_eq(kes_gp_fit(X, 2 * n, 3, 2 * n, y, &o, NULL, &gp), KES_OK);
    cr_assert_eq(kes_gp_jitter(gp), 0.0);
    kes_gp_destroy(gp);
}

/* Constant mean: the sample mean is removed, so a shift of y shifts the
 * predictions and leaves the LML and variances unchanged. */
Test(gp, constant_mean_is_shift_equivariant, .init = load)
{
    const int64_t n = 60;
    double X[60 * 3], y[60], y2[60], Q[3] = {0.1, -0.3, 0.7};
    subset(n, X, y);
    for (int64_t i = 0; i < n; i++) y2[i] = y[i] + 100.0;
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    o.mean = KES_GP_MEAN_CONSTANT;
    kes_gp *a = NULL, *b = NULL;
    cr_assert_eq(kes_gp_fit(X, n, 3, n, y, &o, NULL, &a), KES_OK);
    cr_assert_eq(kes_gp_fit(X, n, 3, n, y2, &o, NULL, &b), KES_OK);
    double la, lb, ma, mb, va, vb;
    kes_gp_log_marginal_likelihood(a, &la);
    kes_gp_log_marginal_likelihood(b, &lb);
    cr_assert(fabs(la - lb) <= 1e-9 * fabs(la));
    cr_assert(fabs(kes_gp_mean_value(b) - kes_gp_mean_value(a) - 100.0) < 1e-12);
    kes_gp_predict(a, Q, 1, 1, &ma, &va);
    kes_gp_predict(b, Q, 1, 1, &mb, &vb);
    cr_assert(fabs(mb - ma - 100.0) < 1e-9);
    cr_assert(fabs(vb - va) < 1e-12);
    kes_gp_destroy(a), kes_gp_destroy(b);
}

Test(gp, fit_bad_input, .init = load)
{
    kes_gp *gp = (kes_gp *)0x1, *const sentinel = (kes_gp *)0x1;
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    double X[30], y[10];
    memcpy(X, Xall, sizeof X);
    memcpy(y, yall, sizeof y);
    cr_assert_eq(kes_gp_fit(NULL, 10, 3, 10, y, &o, NULL, &gp), KES_EINVAL);
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, NULL, &o, NULL, &gp), KES_EINVAL);
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &o, NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_gp_fit(X, 0, 3, 10, y, &o, NULL, &gp), KES_EDIM);
    cr_assert_eq(kes_gp_fit(X, 10, 0, 10, y, &o, NULL, &gp), KES_EDIM);
    cr_assert_eq(kes_gp_fit(X, 10, 3, 9, y, &o, NULL, &gp), KES_EDIM);
    cr_assert_eq(kes_gp_fit(X, -1, 3, 10, y, &o, NULL, &gp), KES_EDIM);
    X[7] = NAN;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &o, NULL, &gp), KES_ENAN);
    X[7] = 0.5;
    y[3] = INFINITY;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &o, NULL, &gp), KES_ENAN);
    y[3] = 0.5;
    kes_gp_opts b = o;
    b.kernel = (kes_gp_kernel)42;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b = o, b.mean = (kes_gp_mean)7;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b = o, b.optimize = 2;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b = o, b.optimize = 1, b.restarts = 2; /* restarts need a generator */
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b = o, b.restarts = -1;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b = o, b.max_iter = 0;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b = o, b.gtol = NAN;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b = o, b.signal_var = 0.0;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    b = o, b.length_scale = -1.0;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    b = o, b.noise_var = INFINITY;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    b = o, b.noise_var_lo = 0.0;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    b = o, b.length_scale_lo = 2.0, b.length_scale_hi = 1.5; /* lo > hi */
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    b = o, b.signal_var = 1e6; /* outside its bounds */
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    b = o, b.kernel = KES_GP_RQ, b.rq_alpha = -2.0;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    b = o, b.kernel = KES_GP_SE_ISO, b.rq_alpha = -2.0; /* ignored without RQ */
    double th_bad[3] = {0.0, NAN, -2.0}, th_out[3] = {0.0, 20.0, -2.0};
    b.theta0 = th_bad;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EINVAL);
    b.theta0 = th_out;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_EDOM);
    cr_assert_eq(gp, sentinel, "nothing written on failure");
    b.theta0 = NULL;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, &b, NULL, &gp), KES_OK);
    kes_gp_destroy(gp);
    gp = NULL;
    cr_assert_eq(kes_gp_fit(X, 10, 3, 10, y, NULL, NULL, &gp), KES_OK); /* NULL opts: defaults */
    kes_gp_destroy(gp);
}

Test(gp, predict_bad_input, .init = load)
{
    kes_gp *gp = NULL;
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    cr_assert_eq(kes_gp_fit(Xall, 20, 3, GT_N500, yall, &o, NULL, &gp), KES_OK);
    double Q[6] = {0, 1, 0, 1, 0, 1}, mean[2] = {7, 7}, var[2] = {7, 7}, lml;
    cr_assert_eq(kes_gp_predict(NULL, Q, 2, 2, mean, var), KES_EINVAL);
    cr_assert_eq(kes_gp_predict(gp, NULL, 2, 2, mean, var), KES_EINVAL);
    cr_assert_eq(kes_gp_predict(gp, Q, 2, 2, NULL, var), KES_EINVAL);
    cr_assert_eq(kes_gp_predict(gp, Q, 0, 2, mean, var), KES_EDIM);
    cr_assert_eq(kes_gp_predict(gp, Q, 2, 1, mean, var), KES_EDIM);
    Q[3] = NAN;
    cr_assert_eq(kes_gp_predict(gp, Q, 2, 2, mean, var), KES_ENAN);
    cr_assert(mean[0] == 7 && mean[1] == 7 && var[0] == 7 && var[1] == 7, "outputs untouched on error");
    cr_assert_eq(kes_gp_log_marginal_likelihood(NULL, &lml), KES_EINVAL);
    cr_assert_eq(kes_gp_log_marginal_likelihood(gp, NULL), KES_EINVAL);
    cr_assert_eq(kes_gp_theta(gp, NULL), KES_EINVAL);
    kes_gp_destroy(gp);
}

/* Predict is documented thread-safe on a const model: four threads
 * predicting at once get the serial answer bit for bit. */
Test(gp, concurrent_predict_matches_serial, .init = load)
{
    kes_gp *gp = NULL;
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    o.kernel = KES_GP_MATERN32_ARD;
    cr_assert_eq(kes_gp_fit(Xall, 200, 3, GT_N500, yall, &o, NULL, &gp), KES_OK);
    enum { M = 50, T = 4 };
    const double *Q = Xall + 250; /* rows 250.. of the data, ld GT_N500 */
    double ms[M], vs[M], mt[T][M], vt[T][M];
    cr_assert_eq(kes_gp_predict(gp, Q, M, GT_N500, ms, vs), KES_OK);
    int bad = 0;
#pragma omp parallel for num_threads(T) reduction(+ : bad)
    for (int t = 0; t < T; t++) bad += kes_gp_predict(gp, Q, M, GT_N500, mt[t], vt[t]) != KES_OK;
    cr_assert_eq(bad, 0);
    for (int t = 0; t < T; t++)
        for (int j = 0; j < M; j++) cr_assert(mt[t][j] == ms[j] && vt[t][j] == vs[j], "thread %d point %d", t, j);
    kes_gp_destroy(gp);
}

/* Regressions from the hostile-caller test (tests/test_hostile.c, gp.h). */
Test(gp, hostile_sizes_refused_before_reading)
{
    double X[2] = {0, 1}, y[2] = {0, 1};
    kes_gp *gp = NULL;
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    /* ARD with d near INT64_MAX: p would overflow (signed overflow before the fix). */
    cr_assert_eq(kes_gp_n_params(KES_GP_RQ_ARD, INT64_MAX), 0);
    cr_assert_eq(kes_gp_n_params(KES_GP_SE_ARD, INT64_MAX - 2), 0);
    cr_assert_eq(kes_gp_n_params(KES_GP_SE_ARD, INT64_MAX - 3), INT64_MAX - 1);
    cr_assert_eq(kes_gp_n_params(KES_GP_SE_ISO, INT64_MAX), 3);
    /* n d doubles or (d - 1) ldx + n overflow: ERANGE, X not read past its end. */
    o.kernel = KES_GP_SE_ARD;
    cr_assert_eq(kes_gp_fit(X, 1, INT64_MAX, 1, y, &o, NULL, &gp), KES_ERANGE);
    o.kernel = KES_GP_SE_ISO;
    cr_assert_eq(kes_gp_fit(X, 2, 2, INT64_MAX, y, &o, NULL, &gp), KES_ERANGE);
    cr_assert_null(gp);
    /* Restarts above KES_GP_MAX_RESTARTS are refused instead of looping for ever. */
    kes_rng rng;
    kes_rng_init(&rng, 1, 0);
    o.optimize = 1;
    o.restarts = INT64_MAX;
    cr_assert_eq(kes_gp_fit(X, 2, 1, 2, y, &o, &rng, &gp), KES_EINVAL);
    o.restarts = KES_GP_MAX_RESTARTS + 1;
    cr_assert_eq(kes_gp_fit(X, 2, 1, 2, y, &o, &rng, &gp), KES_EINVAL);
    cr_assert_null(gp);
    /* predict: the extent of Xs overflows. */
    o = kes_gp_opts_default();
    o.optimize = 0;
    cr_assert_eq(kes_gp_fit(X, 1, 2, 1, y, &o, NULL, &gp), KES_OK);
    double mean = -7;
    cr_assert_eq(kes_gp_predict(gp, X, 1, INT64_MAX, &mean, NULL), KES_ERANGE);
    cr_assert_eq(mean, -7);
    kes_gp_destroy(gp);
}

/* Scaled distances that overflow (1e300 inputs, 1e-300 length scales) gave
 * inf * 0 = NaN in the Matern profiles and inf - inf in the distances, so
 * dpotrf refused K (KES_EINVAL); the kernel is 0 there. */
Test(gp, overflowing_scaled_distance_is_zero_correlation)
{
    double X[8], y[4], Xs[2] = {1e300, -1e300}, mean[2], var[2], lml, g[8];
    for (int i = 0; i < 4; i++) X[i] = 2.0 * i + 0.1, X[4 + i] = i % 2 ? 1e300 : -1e300, y[i] = i;
    for (int k = 0; k <= KES_GP_MATERN_ARD; k++) {
        kes_gp_opts o = kes_gp_opts_default();
        o.kernel = (kes_gp_kernel)k;
        o.optimize = 0;
        o.length_scale = o.length_scale_lo = 1e-300;
        kes_gp *gp = NULL;
        cr_assert_eq(kes_gp_fit(X, 4, 2, 4, y, &o, NULL, &gp), KES_OK, "kernel %d", k);
        cr_assert_eq(kes_gp_log_marginal_likelihood(gp, &lml), KES_OK);
        cr_assert(isfinite(lml), "kernel %d: LML %g", k, lml);
        cr_assert_eq(kes_gp_lml_gradient(gp, NULL, g), KES_OK);
        for (int64_t t = 0; t < kes_gp_n_hyper(gp); t++) cr_assert(isfinite(g[t]), "kernel %d grad[%ld]", k, (long)t);
        cr_assert_eq(kes_gp_predict(gp, Xs, 1, 1, mean, var), KES_OK);
        cr_assert(isfinite(mean[0]) && isfinite(var[0]) && var[0] >= 0, "kernel %d", k);
        kes_gp_destroy(gp);
    }
}

/* sklearn's predict(return_std=True) for the general-nu Matern (nu = 0.8
 * iso, nu = 3.7 ARD) at the shipped hyperparameters, within 1e-8. */
Test(gp, predict_matches_sklearn_general_matern, .init = load)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/gp/gp_pred_matern.csv", "r");
    cr_assert_not_null(f);
    char line[4096];
    cr_assert_not_null(fgets(line, sizeof line, f));
    enum { M = 20 };
    double Q[M * 3], ref[M][4];
    for (int j = 0; j < M; j++)
        cr_assert_eq(fscanf(f, "%lf,%lf,%lf,%lf,%lf,%lf,%lf", &Q[j], &Q[j + M], &Q[j + 2 * M], &ref[j][0], &ref[j][1],
                            &ref[j][2], &ref[j][3]),
                     7);
    fclose(f);
    static const struct { const char *name; kes_gp_kernel k; int col; } cases[] = {
        {"matern_nu08_iso", KES_GP_MATERN, 0}, {"matern_nu37_ard", KES_GP_MATERN_ARD, 2}};
    for (int c = 0; c < 2; c++) {
        double theta[8], lml;
        int64_t p;
        cr_assert_eq(gt_read_ref("gp_lml.txt", cases[c].name, &p, theta, &lml), 0);
        kes_gp *gp = NULL;
        cr_assert_eq(gt_fit_at(cases[c].k, Xall, GT_N500, 3, yall, theta, &gp), KES_OK);
        double mean[M], var[M], n2 = kes_gp_noise_var(gp);
        cr_assert_eq(kes_gp_predict(gp, Q, M, M, mean, var), KES_OK);
        for (int j = 0; j < M; j++) {
            double rm = ref[j][cases[c].col], rs = ref[j][cases[c].col + 1];
            cr_assert(fabs(mean[j] - rm) <= 1e-8 * fmax(1.0, fabs(rm)), "%s mean %d: %.17g vs %.17g", cases[c].name, j,
                      mean[j], rm);
            cr_assert(fabs((var[j] + n2) - rs * rs) <= 1e-8 * rs * rs, "%s var %d: %.17g vs %.17g", cases[c].name, j,
                      var[j] + n2, rs * rs);
        }
        kes_gp_destroy(gp);
    }
}
