/* Tests of src/kernels/gp_cov.c: composite covariances (periodic, spectral
 * mixture, sums, products, scaling) through the LML they give (against an
 * enum kernel, and against scikit-learn on the shipped data), the analytic
 * gradient of every leaf and combinator against central finite
 * differences, the derivatives with respect to the inputs (internal
 * functions, for collocation) against finite differences, and bad input.
 *
 * The internal x-derivative function is not exported from the shared
 * library, so this file compiles the kernel sources it needs itself (as
 * test_lgamma.c does with lgamma.c). */
#include <criterion/criterion.h>

#include "kernels/gp_cov.c"
#include "kernels/gp_kernel.c"
#include "special/bessel_deriv.c"
#include "special/lgamma.c"

#include "gp_testutil.h"

static double Xall[GT_N500 * 3], yall[GT_N500];

static void load(void) { cr_assert_eq(gt_read_n500(Xall, yall), 0, "tests/data/gp/gp_n500.csv"); }

static kes_gp_cov *leaf(kes_gp_kernel k, int64_t d, int64_t dim)
{
    kes_gp_cov *c = NULL;
    cr_assert_eq(kes_gp_cov_create(k, d, dim, &c), KES_OK);
    return c;
}
static kes_gp_cov *scaled(kes_gp_cov *a)
{
    kes_gp_cov *c = NULL;
    cr_assert_eq(kes_gp_cov_scale(a, &c), KES_OK);
    return c;
}
static kes_gp_cov *sum(kes_gp_cov *a, kes_gp_cov *b)
{
    kes_gp_cov *c = NULL;
    cr_assert_eq(kes_gp_cov_sum(a, b, &c), KES_OK);
    return c;
}
static kes_gp_cov *prod(kes_gp_cov *a, kes_gp_cov *b)
{
    kes_gp_cov *c = NULL;
    cr_assert_eq(kes_gp_cov_product(a, b, &c), KES_OK);
    return c;
}
static kes_gp_cov *periodic(int64_t d, int64_t dim)
{
    kes_gp_cov *c = NULL;
    cr_assert_eq(kes_gp_cov_periodic(d, dim, &c), KES_OK);
    return c;
}
static kes_gp_cov *sm(int64_t d, int64_t dim, int64_t Q, kes_gp_sm_density dens)
{
    kes_gp_cov *c = NULL;
    cr_assert_eq(kes_gp_cov_spectral_mixture(d, dim, Q, dens, &c), KES_OK);
    return c;
}

static double lml_cov(const kes_gp_cov *cov, const double *X, int64_t n, int64_t d, int64_t ldx, const double *theta)
{
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit_cov(X, n, d, ldx, yall, cov, theta, NULL, NULL, &o, NULL, &gp);
    cr_assert_eq(s, KES_OK, "status %d", (int)s);
    cr_assert_eq(kes_gp_jitter(gp), 0.0);
    double v;
    kes_gp_log_marginal_likelihood(gp, &v);
    kes_gp_destroy(gp);
    return v;
}

/* scale(SE ARD leaf) is the enum kernel KES_GP_SE_ARD: same theta order,
 * same LML and predictions up to rounding. */
Test(gp_cov, scaled_leaf_equals_enum_kernel, .init = load)
{
    const int64_t n = 120;
    const kes_gp_kernel ks[] = {KES_GP_SE_ARD, KES_GP_MATERN32, KES_GP_RQ_ARD, KES_GP_MATERN_ARD};
    for (int i = 0; i < 4; i++) {
        kes_gp_cov *c = scaled(leaf(ks[i], 3, -1));
        int64_t p = kes_gp_n_params(ks[i], 3);
        cr_assert_eq(kes_gp_cov_n_params(c) + 1, p);
        double theta[8];
        for (int64_t t = 0; t < p; t++) theta[t] = 0.15 * (double)t - 0.1;
        theta[p - 1] = -3.5;
        double a = lml_cov(c, Xall, n, 3, GT_N500, theta);
        kes_gp *gp = NULL;
        kes_gp_opts oe = kes_gp_opts_default();
        oe.kernel = ks[i], oe.optimize = 0, oe.theta0 = theta;
        cr_assert_eq(kes_gp_fit(Xall, n, 3, GT_N500, yall, &oe, NULL, &gp), KES_OK);
        double b, m1[5], v1[5], m2[5], v2[5];
        kes_gp_log_marginal_likelihood(gp, &b);
        cr_assert(fabs(a - b) <= 1e-12 * fabs(b), "kernel %d: %.17g vs %.17g", (int)ks[i], a, b);
        kes_gp_opts o = kes_gp_opts_default();
        o.optimize = 0;
        kes_gp *gc = NULL;
        cr_assert_eq(kes_gp_fit_cov(Xall, n, 3, GT_N500, yall, c, theta, NULL, NULL, &o, NULL, &gc), KES_OK);
        cr_assert_eq(kes_gp_predict(gp, Xall + 300, 5, GT_N500, m1, v1), KES_OK);
        cr_assert_eq(kes_gp_predict(gc, Xall + 300, 5, GT_N500, m2, v2), KES_OK);
        for (int j = 0; j < 5; j++) {
            cr_assert(fabs(m1[j] - m2[j]) <= 1e-10 * (1 + fabs(m1[j])));
            cr_assert(fabs(v1[j] - v2[j]) <= 1e-10 * exp(theta[0]));
        }
        kes_gp_destroy(gp), kes_gp_destroy(gc);
        kes_gp_cov_destroy(c);
    }
}

/* scikit-learn's log_marginal_likelihood for the same composite kernels
 * (tests/data/gp/make_gp_data.py), within 1e-8 relative. */
Test(gp_cov, lml_matches_sklearn, .init = load)
{
    double theta[8], ref, lml;
    int64_t p;
    /* C * ExpSineSquared + White on x1 */
    cr_assert_eq(gt_read_ref("gp_lml.txt", "cov_periodic_x1", &p, theta, &ref), 0);
    kes_gp_cov *c = scaled(periodic(1, -1));
    cr_assert_eq(kes_gp_cov_n_params(c) + 1, p);
    lml = lml_cov(c, Xall, GT_N500, 1, GT_N500, theta);
    cr_assert(fabs(lml - ref) <= 1e-8 * fabs(ref), "periodic: %.17g vs sklearn %.17g", lml, ref);
    kes_gp_cov_destroy(c);
    /* C * RBF + C * ExpSineSquared * RBF + White on x1 */
    cr_assert_eq(gt_read_ref("gp_lml.txt", "cov_se_plus_periodic_se_x1", &p, theta, &ref), 0);
    c = sum(scaled(leaf(KES_GP_SE_ISO, 1, -1)), scaled(prod(periodic(1, -1), leaf(KES_GP_SE_ISO, 1, -1))));
    cr_assert_eq(kes_gp_cov_n_params(c) + 1, p);
    lml = lml_cov(c, Xall, GT_N500, 1, GT_N500, theta);
    cr_assert(fabs(lml - ref) <= 1e-8 * fabs(ref), "SE + periodic SE: %.17g vs sklearn %.17g", lml, ref);
    kes_gp_cov_destroy(c);
    /* C * RQ * Matern32(ARD) + White; sklearn lists RQ's alpha before its l */
    cr_assert_eq(gt_read_ref("gp_lml.txt", "cov_rq_times_matern", &p, theta, &ref), 0);
    double tmp = theta[1];
    theta[1] = theta[2], theta[2] = tmp;
    c = prod(scaled(leaf(KES_GP_RQ, 3, -1)), leaf(KES_GP_MATERN32_ARD, 3, -1));
    cr_assert_eq(kes_gp_cov_n_params(c) + 1, p);
    lml = lml_cov(c, Xall, GT_N500, 3, GT_N500, theta);
    cr_assert(fabs(lml - ref) <= 1e-8 * fabs(ref), "RQ * Matern: %.17g vs sklearn %.17g", lml, ref);
    kes_gp_cov_destroy(c);
}

/* The analytic LML gradient against the fourth-order central difference
 * (h = 1e-3; truncation ~1e-12, rounding ~1e-11 |LML| / h), for trees
 * covering every leaf and combinator. */
Test(gp_cov, gradient_matches_finite_differences, .init = load)
{
    const int64_t n = 70;
    kes_gp_cov *trees[6];
    int64_t dims[6] = {3, 3, 1, 3, 3, 3};
    trees[0] = scaled(sm(3, -1, 2, KES_GP_SM_GAUSSIAN));
    trees[1] = sm(3, -1, 2, KES_GP_SM_STUDENT_T); /* weights carry the scale */
    trees[2] = sum(scaled(periodic(1, -1)), scaled(leaf(KES_GP_MATERN, 1, -1)));
    trees[3] = prod(prod(sm(3, 0, 2, KES_GP_SM_GAUSSIAN), sm(3, 1, 1, KES_GP_SM_STUDENT_T)),
                    scaled(leaf(KES_GP_RQ_ARD, 3, 2)));
    trees[4] = sum(scaled(leaf(KES_GP_SE_ARD, 3, -1)), prod(scaled(periodic(3, 0)), leaf(KES_GP_MATERN52, 3, -1)));
    trees[5] = scaled(prod(leaf(KES_GP_MATERN12_ARD, 3, -1), leaf(KES_GP_MATERN_ARD, 3, -1)));
    for (int c = 0; c < 6; c++) {
        int64_t p = kes_gp_cov_n_params(trees[c]) + 1, d = dims[c];
        double theta[64], g[64], tp[64];
        cr_assert_leq(p, 64);
        for (int64_t t = 0; t < p; t++) theta[t] = 0.3 * sin(1.7 * (double)t + c) - 0.1;
        theta[p - 1] = -3.0;
        kes_gp_opts o = kes_gp_opts_default();
        o.optimize = 0;
        kes_gp *gp = NULL;
        cr_assert_eq(kes_gp_fit_cov(Xall, n, d, GT_N500, yall, trees[c], theta, NULL, NULL, &o, NULL, &gp), KES_OK);
        double l0;
        cr_assert_eq(kes_gp_lml_gradient(gp, &l0, g), KES_OK);
        kes_gp_destroy(gp);
        /* h = 2e-4: the period and frequency parameters make the LML vary
         * on a scale of 1/(2 pi |tau| / p) in log p, so the truncation
         * term h^4 f^(5) / 30 needs a smaller step than the other tests' */
        const double h = 2e-4;
        for (int64_t t = 0; t < p; t++) {
            double f[4], off[4] = {h, -h, 2 * h, -2 * h};
            for (int s = 0; s < 4; s++) {
                memcpy(tp, theta, sizeof tp);
                tp[t] += off[s];
                f[s] = lml_cov(trees[c], Xall, n, d, GT_N500, tp);
            }
            double fd = (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * h);
            /* rounding of the difference: ~1e-15 |LML| / h */
            cr_assert(fabs(fd - g[t]) <= 1e-6 * fabs(g[t]) + 1e-10 * fabs(l0) + 1e-9,
                      "tree %d theta[%ld]: analytic %.15g fd %.15g", c, (long)t, g[t], fd);
        }
        kes_gp_cov_destroy(trees[c]);
    }
}

/* dk/dx and d2k/dx dx of the internal function against fourth-order
 * central differences (step 1e-3: truncation h^4 |f^(5)| / 30 ~ 1e-9
 * relative for frequencies 2 pi mu ~ 10, rounding ~1e-13). */
Test(gp_cov, input_derivatives_match_finite_differences)
{
    kes_gp_cov *trees[4];
    trees[0] = scaled(sm(2, -1, 3, KES_GP_SM_GAUSSIAN));
    trees[1] = sm(2, -1, 2, KES_GP_SM_STUDENT_T);
    trees[2] = prod(sm(2, 0, 2, KES_GP_SM_STUDENT_T), sm(2, 1, 2, KES_GP_SM_GAUSSIAN));
    trees[3] = sum(scaled(leaf(KES_GP_SE_ARD, 2, -1)), scaled(prod(leaf(KES_GP_SE_ISO, 2, 1), sm(2, 0, 1, KES_GP_SM_GAUSSIAN))));
    const double x[2] = {0.31, -0.42}, z[2] = {-0.05, 0.17};
    for (int c = 0; c < 4; c++) {
        int64_t np = kes_gp_cov_n_params(trees[c]);
        double theta[64];
        for (int64_t t = 0; t < np; t++) theta[t] = 0.4 * cos(1.3 * (double)t + c);
        double k, dk[2], d2k[4];
        cr_assert_eq(kes__gp_cov_eval_dx(trees[c], theta, x, z, &k, dk, d2k), KES_OK);
        cr_assert(fabs(k - kes__gp_cov_eval(trees[c], theta, x, z, NULL)) <= 1e-15 * fabs(k) + 1e-300);
        const double e = 1e-3;
        for (int a = 0; a < 2; a++) {
            double kv[4], gv[4][2], hh[4], off[4] = {e, -e, 2 * e, -2 * e};
            for (int s = 0; s < 4; s++) {
                double xs[2] = {x[0], x[1]};
                xs[a] += off[s];
                kes__gp_cov_eval_dx(trees[c], theta, xs, z, &kv[s], gv[s], hh);
            }
            double fd = (8 * (kv[0] - kv[1]) - (kv[2] - kv[3])) / (12 * e);
            cr_assert(fabs(fd - dk[a]) <= 1e-7 * (fabs(dk[a]) + fabs(k)), "tree %d dk[%d] %.12g fd %.12g", c, a, dk[a], fd);
            for (int b = 0; b < 2; b++) {
                double fd2 = (8 * (gv[0][b] - gv[1][b]) - (gv[2][b] - gv[3][b])) / (12 * e);
                cr_assert(fabs(fd2 - d2k[b + 2 * a]) <= 1e-6 * (fabs(d2k[b + 2 * a]) + fabs(k)),
                          "tree %d d2k[%d,%d] %.12g fd %.12g", c, b, a, d2k[b + 2 * a], fd2);
            }
        }
        kes_gp_cov_destroy(trees[c]);
    }
    /* the leaves without input derivatives say so */
    kes_gp_cov *pc = periodic(2, -1);
    double th[2] = {0, 0}, k, dk[2], d2k[4];
    cr_assert_eq(kes__gp_cov_eval_dx(pc, th, x, z, &k, dk, d2k), KES_ENOTSUP);
    kes_gp_cov_destroy(pc);
}

/* A spectral mixture fitted to a periodic signal finds its frequency. */
Test(gp_cov, spectral_mixture_learns_a_frequency)
{
    enum { N = 120 };
    double X[N], y[N];
    for (int i = 0; i < N; i++) X[i] = 0.05 * i, y[i] = sin(2 * 3.14159265358979 * 1.3 * X[i]) + 0.01 * cos(7.0 * i);
    kes_gp_cov *c = sm(1, -1, 1, KES_GP_SM_GAUSSIAN);
    double theta[4] = {0.0, log(2.0), log(1.0), log(1e-3)};
    kes_gp_opts o = kes_gp_opts_default();
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit_cov(X, N, 1, N, y, c, theta, NULL, NULL, &o, NULL, &gp);
    cr_assert(s == KES_OK || s == KES_NOCONV, "status %d", (int)s);
    double th[4];
    kes_gp_theta(gp, th);
    cr_assert(fabs(exp(th[2]) - 1.3) < 0.05, "frequency %g", exp(th[2]));
    kes_gp_destroy(gp);
    kes_gp_cov_destroy(c);
}

Test(gp_cov, bad_input, .init = load)
{
    kes_gp_cov *c = NULL, *a = NULL, *b = NULL, *sent = (kes_gp_cov *)0x1, *o = sent;
    cr_assert_eq(kes_gp_cov_create((kes_gp_kernel)99, 2, -1, &c), KES_EINVAL);
    cr_assert_eq(kes_gp_cov_create(KES_GP_SE_ISO, 0, -1, &c), KES_EDIM);
    cr_assert_eq(kes_gp_cov_create(KES_GP_SE_ISO, 2, 2, &c), KES_EDIM);
    cr_assert_eq(kes_gp_cov_create(KES_GP_SE_ISO, 2, -2, &c), KES_EDIM);
    cr_assert_eq(kes_gp_cov_create(KES_GP_SE_ISO, 2, -1, NULL), KES_EINVAL);
    cr_assert_eq(kes_gp_cov_spectral_mixture(2, -1, 0, KES_GP_SM_GAUSSIAN, &c), KES_EDIM);
    cr_assert_eq(kes_gp_cov_spectral_mixture(2, -1, 1, (kes_gp_sm_density)5, &c), KES_EINVAL);
    cr_assert_eq(kes_gp_cov_spectral_mixture(2, -1, INT64_MAX, KES_GP_SM_GAUSSIAN, &c), KES_ERANGE);
    cr_assert_eq(kes_gp_cov_periodic(-1, -1, &c), KES_EDIM);
    a = leaf(KES_GP_SE_ISO, 2, -1);
    b = leaf(KES_GP_SE_ISO, 3, -1);
    cr_assert_eq(kes_gp_cov_sum(a, b, &o), KES_EDIM);
    cr_assert_eq(kes_gp_cov_product(a, a, &o), KES_EINVAL);
    cr_assert_eq(kes_gp_cov_sum(a, NULL, &o), KES_EINVAL);
    cr_assert_eq(kes_gp_cov_scale(NULL, &o), KES_EINVAL);
    cr_assert_eq(o, sent);
    kes_gp_cov_destroy(b);
    cr_assert_eq(kes_gp_cov_n_params(NULL), 0);
    cr_assert_eq(kes_gp_cov_n_params(a), 1);
    /* fit_cov */
    double th[2] = {0.0, -3.0}, lo[2] = {-1, -5}, hi[2] = {1, -4}, K[4];
    kes_gp *gp = (kes_gp *)0x1, *gsent = gp;
    cr_assert_eq(kes_gp_fit_cov(Xall, 10, 2, GT_N500, yall, NULL, th, NULL, NULL, NULL, NULL, &gp), KES_EINVAL);
    cr_assert_eq(kes_gp_fit_cov(Xall, 10, 2, GT_N500, yall, a, NULL, NULL, NULL, NULL, NULL, &gp), KES_EINVAL);
    cr_assert_eq(kes_gp_fit_cov(Xall, 10, 3, GT_N500, yall, a, th, NULL, NULL, NULL, NULL, &gp), KES_EDIM);
    cr_assert_eq(kes_gp_fit_cov(Xall, 10, 2, GT_N500, yall, a, th, lo, hi, NULL, NULL, &gp), KES_EDOM);
    th[1] = NAN;
    cr_assert_eq(kes_gp_fit_cov(Xall, 10, 2, GT_N500, yall, a, th, NULL, NULL, NULL, NULL, &gp), KES_EINVAL);
    th[1] = -3.0;
    lo[1] = -3.0, hi[1] = -4.0; /* lo > hi */
    cr_assert_eq(kes_gp_fit_cov(Xall, 10, 2, GT_N500, yall, a, th, lo, hi, NULL, NULL, &gp), KES_EDOM);
    cr_assert_eq(gp, gsent);
    /* matrix */
    cr_assert_eq(kes_gp_cov_matrix(a, th, Xall, 2, GT_N500, Xall, 2, GT_N500, K, 1), KES_EDIM);
    cr_assert_eq(kes_gp_cov_matrix(a, NULL, Xall, 2, GT_N500, Xall, 2, GT_N500, K, 2), KES_EINVAL);
    cr_assert_eq(kes_gp_cov_matrix(a, th, Xall, 2, GT_N500, Xall, 2, GT_N500, K, 2), KES_OK);
    cr_assert(fabs(K[0] - 1.0) < 1e-15 && fabs(K[1] - K[2]) < 1e-15);
    th[0] = INFINITY;
    cr_assert_eq(kes_gp_cov_matrix(a, th, Xall, 2, GT_N500, Xall, 2, GT_N500, K, 2), KES_EDOM);
    kes_gp_cov_destroy(a);
}
