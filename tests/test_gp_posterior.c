/* Tests of src/kernels/gp_posterior.c: the full predictive covariance
 * (against kes_gp_predict and a long double dense formula), posterior
 * samples (reproducible from the generator, thread-count independent,
 * sample mean and covariance within a few standard errors of the
 * predicted ones), the model file (bit-exact round trip in the C and a
 * comma-decimal locale, composite trees, malformed files), bad input. */
#define _GNU_SOURCE /* fmemopen, mkstemp */
#include <criterion/criterion.h>
#include <unistd.h>
#include <locale.h>
#include <omp.h>

#include "gp_testutil.h"

static double Xall[GT_N500 * 3], yall[GT_N500];

static void load(void) { cr_assert_eq(gt_read_n500(Xall, yall), 0, "tests/data/gp/gp_n500.csv"); }

static kes_gp *fit_at(kes_gp_kernel k, int64_t n, const double *theta)
{
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = k, o.optimize = 0, o.theta0 = theta;
    kes_gp *gp = NULL;
    cr_assert_eq(kes_gp_fit(Xall, n, 3, GT_N500, yall, &o, NULL, &gp), KES_OK);
    return gp;
}

/* Long double reference for cov(f(q_a), f(q_b)) = k(a,b) - k_a^T K^-1 k_b
 * with the model's theta on the first n points (compact copies). */
static long double ref_cov(kes_gp_kernel k, int64_t n, const double *theta, const double *Q, int64_t m, int64_t a,
                           int64_t b)
{
    int64_t p = kes_gp_n_params(k, 3);
    long double *A = malloc((size_t)(n * (n + 1)) * sizeof *A);
    double *X = malloc((size_t)(n * 3) * sizeof *X);
    for (int64_t c = 0; c < 3; c++)
        for (int64_t i = 0; i < n; i++) X[i + c * n] = Xall[i + c * GT_N500];
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            A[i + j * n] = gt_cov(k, 3, theta, X, n, i, X, n, j) + (i == j ? expl(theta[p - 1]) : 0);
    long double *r = A + n * n; /* solve A r = k_b by Gaussian elimination (SPD, no pivoting) */
    for (int64_t i = 0; i < n; i++) r[i] = gt_cov(k, 3, theta, X, n, i, Q, m, b);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = j + 1; i < n; i++) {
            long double f = A[i + j * n] / A[j + j * n];
            for (int64_t t = j; t < n; t++) A[i + t * n] -= f * A[j + t * n];
            r[i] -= f * r[j];
        }
    for (int64_t i = n - 1; i >= 0; i--) {
        long double s = r[i];
        for (int64_t t = i + 1; t < n; t++) s -= A[i + t * n] * r[t];
        r[i] = s / A[i + i * n];
    }
    long double s = gt_cov(k, 3, theta, Q, m, a, Q, m, b);
    for (int64_t i = 0; i < n; i++) s -= gt_cov(k, 3, theta, X, n, i, Q, m, a) * r[i];
    free(A), free(X);
    return s;
}

Test(gp_posterior, predict_cov_matches_predict_and_reference, .init = load)
{
    enum { M = 6 };
    const int64_t n = 60;
    double Q[M * 3];
    for (int j = 0; j < M; j++)
        for (int c = 0; c < 3; c++) Q[j + c * M] = Xall[(400 + j) + c * GT_N500];
    Q[1] = Xall[3], Q[1 + M] = Xall[3 + GT_N500], Q[1 + 2 * M] = Xall[3 + 2 * GT_N500]; /* a training point */
    const kes_gp_kernel ks[] = {KES_GP_SE_ARD, KES_GP_MATERN52, KES_GP_MATERN};
    for (int kk = 0; kk < 3; kk++) {
        double theta[8];
        int64_t p = kes_gp_n_params(ks[kk], 3);
        for (int64_t t = 0; t < p; t++) theta[t] = 0.1 * (double)t - 0.15;
        theta[p - 1] = -4.0;
        kes_gp *gp = fit_at(ks[kk], n, theta);
        double mean[M], var[M], mc[M], C[M * (M + 1)];
        cr_assert_eq(kes_gp_predict(gp, Q, M, M, mean, var), KES_OK);
        cr_assert_eq(kes_gp_predict_cov(gp, Q, M, M, mc, C, M + 1), KES_OK);
        for (int a = 0; a < M; a++) {
            cr_assert(fabs(mc[a] - mean[a]) <= 1e-12 * (1 + fabs(mean[a])));
            cr_assert(fabs(C[a + a * (M + 1)] - var[a]) <= 1e-12 * exp(theta[0]), "kernel %d var %d", (int)ks[kk], a);
            for (int b = 0; b < M; b++) {
                cr_assert_eq(C[a + b * (M + 1)], C[b + a * (M + 1)]);
                long double r = ref_cov(ks[kk], n, theta, Q, M, a, b);
                cr_assert(fabsl(C[a + b * (M + 1)] - r) <= 1e-10L * expl(theta[0]), "kernel %d cov(%d,%d) %.15g vs %.15Lg",
                          (int)ks[kk], a, b, C[a + b * (M + 1)], r);
            }
        }
        kes_gp_destroy(gp);
    }
}

/* 4000 samples at 3 points: the sample mean is within 5 standard errors of
 * the predicted mean, the sample covariance within 5 of its standard errors
 * (var of a sample covariance ~ (S_aa S_bb + S_ab^2) / ns). */
Test(gp_posterior, samples_have_the_posterior_moments, .init = load)
{
    enum { M = 3, NS = 4000 };
    double theta[3] = {0.5, 0.0, -3.0};
    kes_gp *gp = fit_at(KES_GP_SE_ISO, 80, theta);
    double Q[M * 3] = {0.1, 1.5, -0.7, 0.2, -1.0, 0.4, 0.0, 0.9, -1.8};
    double mean[M], C[M * M], *F = malloc(sizeof(double) * M * NS), jit = -1;
    cr_assert_eq(kes_gp_predict_cov(gp, Q, M, M, mean, C, M), KES_OK);
    kes_rng rng;
    kes_rng_init(&rng, 99, 0);
    cr_assert_eq(kes_gp_sample(gp, Q, M, M, NS, &rng, F, M, &jit), KES_OK);
    cr_assert_eq(jit, 0.0);
    double sm[M] = {0};
    for (int k = 0; k < NS; k++)
        for (int a = 0; a < M; a++) sm[a] += F[a + k * M] / NS;
    for (int a = 0; a < M; a++) {
        cr_assert(fabs(sm[a] - mean[a]) <= 5 * sqrt(C[a + a * M] / NS), "mean %d: %g vs %g", a, sm[a], mean[a]);
        for (int b = 0; b < M; b++) {
            double s = 0;
            for (int k = 0; k < NS; k++) s += (F[a + k * M] - sm[a]) * (F[b + k * M] - sm[b]);
            s /= NS - 1;
            double se = sqrt((C[a + a * M] * C[b + b * M] + C[a + b * M] * C[a + b * M]) / NS);
            cr_assert(fabs(s - C[a + b * M]) <= 5 * se, "cov(%d,%d): %g vs %g", a, b, s, C[a + b * M]);
        }
    }
    /* same seed, same draws; any thread count */
    double *G = malloc(sizeof(double) * M * 50), *H = malloc(sizeof(double) * M * 50);
    kes_rng_init(&rng, 5, 0);
    omp_set_num_threads(1);
    cr_assert_eq(kes_gp_sample(gp, Q, M, M, 50, &rng, G, M, NULL), KES_OK);
    kes_rng_init(&rng, 5, 0);
    omp_set_num_threads(2);
    cr_assert_eq(kes_gp_sample(gp, Q, M, M, 50, &rng, H, M, NULL), KES_OK);
    cr_assert_eq(memcmp(G, H, sizeof(double) * M * 50), 0);
    /* a repeated query makes the covariance singular: jitter, reported */
    double Q2[2 * 3] = {0.1, 0.1, 0.2, 0.2, 0.0, 0.0};
    cr_assert_eq(kes_gp_sample(gp, Q2, 2, 2, 3, &rng, G, 2, &jit), KES_OK);
    cr_assert_gt(jit, 0.0);
    free(F), free(G), free(H);
    kes_gp_destroy(gp);
}

static void roundtrip(kes_gp *gp)
{
    char path[] = "/tmp/kes_gp_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(kes_gp_save(gp, path), KES_OK);
    kes_gp *g2 = NULL;
    cr_assert_eq(kes_gp_load(path, &g2), KES_OK);
    unlink(path);
    int64_t p = kes_gp_n_hyper(gp);
    cr_assert_eq(kes_gp_n_hyper(g2), p);
    double t1[64], t2[64], l1, l2, m1[4], v1[4], m2[4], v2[4];
    kes_gp_theta(gp, t1), kes_gp_theta(g2, t2);
    cr_assert_eq(memcmp(t1, t2, (size_t)p * sizeof(double)), 0, "theta bit for bit");
    kes_gp_log_marginal_likelihood(gp, &l1), kes_gp_log_marginal_likelihood(g2, &l2);
    cr_assert_eq(l1, l2);
    cr_assert_eq(kes_gp_jitter(gp), kes_gp_jitter(g2));
    cr_assert_eq(kes_gp_mean_value(gp), kes_gp_mean_value(g2));
    cr_assert_eq(kes_gp_predict(gp, Xall + 450, 4, GT_N500, m1, v1), KES_OK);
    cr_assert_eq(kes_gp_predict(g2, Xall + 450, 4, GT_N500, m2, v2), KES_OK);
    cr_assert_eq(memcmp(m1, m2, sizeof m1), 0);
    cr_assert_eq(memcmp(v1, v2, sizeof v1), 0);
    kes_gp_destroy(g2);
}

Test(gp_posterior, save_load_round_trip_is_bit_exact, .init = load)
{
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = KES_GP_MATERN_ARD;
    o.mean = KES_GP_MEAN_CONSTANT;
    o.max_iter = 5;
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit(Xall, 50, 3, GT_N500, yall, &o, NULL, &gp);
    cr_assert(s == KES_OK || s == KES_NOCONV);
    roundtrip(gp);
    /* in a comma-decimal locale, when one is installed */
    const char *loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    if (!loc) loc = setlocale(LC_NUMERIC, "fr_FR.UTF-8");
    if (loc) roundtrip(gp);
    setlocale(LC_NUMERIC, "C");
    kes_gp_destroy(gp);
    /* a composite model */
    kes_gp_cov *a = NULL, *b = NULL, *c = NULL, *sa = NULL;
    cr_assert_eq(kes_gp_cov_spectral_mixture(3, 0, 2, KES_GP_SM_STUDENT_T, &a), KES_OK);
    cr_assert_eq(kes_gp_cov_create(KES_GP_RQ_ARD, 3, -1, &b), KES_OK);
    cr_assert_eq(kes_gp_cov_scale(b, &sa), KES_OK);
    cr_assert_eq(kes_gp_cov_sum(a, sa, &c), KES_OK);
    int64_t p = kes_gp_cov_n_params(c) + 1;
    double th[32];
    for (int64_t t = 0; t < p; t++) th[t] = 0.2 * cos((double)t);
    th[p - 1] = -3.0;
    o = kes_gp_opts_default();
    o.optimize = 0;
    cr_assert_eq(kes_gp_fit_cov(Xall, 40, 3, GT_N500, yall, c, th, NULL, NULL, &o, NULL, &gp), KES_OK);
    kes_gp_cov_destroy(c);
    roundtrip(gp);
    kes_gp_destroy(gp);
}

static kes_status load_text(const char *text)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    kes_gp *g = (kes_gp *)0x1;
    kes_status s = kes_gp_load_stream(f, &g);
    fclose(f);
    if (s == KES_OK) kes_gp_destroy(g);
    else cr_assert_eq(g, (kes_gp *)0x1, "untouched on error");
    return s;
}

Test(gp_posterior, malformed_files_and_bad_input, .init = load)
{
    const char *good = "kestrel-gp 1\nsizes 2 1 3\nmean 0\nmodel kernel 0\ntheta 0x0p+0 0x0p+0 -0x1p+1\n"
                       "x0 0x0p+0 0x1p+0\ny 0x1p+0 -0x1p+0\nend\n";
    cr_assert_eq(load_text(good), KES_OK);
    cr_assert_eq(load_text("kestrel-gp 2\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-tuner 1\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 2 1 4\nmean 0\nmodel kernel 0\n"), KES_EPARSE); /* p mismatch */
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 2 1 3\nmean 0\nmodel kernel 77\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 2 1 3\nmean 5\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 2 1 3\nmean 0\nmodel kernel 0\ntheta 0x0p+0 nan -0x1p+1\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 2 1 3\nmean 0\nmodel kernel 0\ntheta 0x0p+0 0x0p+0 -0x1p+1\n"
                           "x0 0x0p+0\n"),
                 KES_EPARSE); /* truncated */
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 999999999999 1 3\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 2 1 3\nmean 0\nmodel cov\ncov sum\ncov sum\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-gp 1\nsizes 2 1 2\nmean 0\nmodel cov\ncov leaf 0 2 -1\n"), KES_EPARSE); /* d */
    /* deep nesting is refused, not recursed into */
    char deep[4096] = "kestrel-gp 1\nsizes 2 1 3\nmean 0\nmodel cov\n";
    for (int i = 0; i < 200; i++) strcat(deep, "cov scale\n");
    cr_assert_eq(load_text(deep), KES_EPARSE);
    kes_gp *g = NULL;
    cr_assert_eq(kes_gp_load("/nonexistent/dir/model.txt", &g), KES_EIO);
    cr_assert_eq(kes_gp_load(NULL, &g), KES_EINVAL);
    cr_assert_eq(kes_gp_load_stream(NULL, &g), KES_EINVAL);
    cr_assert_eq(kes_gp_save(NULL, "/tmp/x"), KES_EINVAL);
    double theta[3] = {0, 0, -3};
    kes_gp *gp = fit_at(KES_GP_SE_ISO, 20, theta);
    cr_assert_eq(kes_gp_save(gp, "/nonexistent/dir/model.txt"), KES_EIO);
    cr_assert_eq(kes_gp_save_stream(gp, NULL), KES_EINVAL);
    double Q[3] = {0, 0, 0}, mean[1] = {7}, C[1] = {7}, F[2] = {7, 7};
    kes_rng rng;
    kes_rng_init(&rng, 1, 0);
    cr_assert_eq(kes_gp_predict_cov(NULL, Q, 1, 1, mean, C, 1), KES_EINVAL);
    cr_assert_eq(kes_gp_predict_cov(gp, Q, 1, 1, mean, NULL, 1), KES_EINVAL);
    cr_assert_eq(kes_gp_predict_cov(gp, Q, 0, 1, mean, C, 1), KES_EDIM);
    cr_assert_eq(kes_gp_predict_cov(gp, Q, 1, 1, mean, C, 0), KES_EDIM);
    Q[1] = NAN;
    cr_assert_eq(kes_gp_predict_cov(gp, Q, 1, 1, mean, C, 1), KES_ENAN);
    cr_assert_eq(kes_gp_sample(gp, Q, 1, 1, 2, &rng, F, 1, NULL), KES_ENAN);
    Q[1] = 0;
    cr_assert_eq(kes_gp_sample(gp, Q, 1, 1, 2, NULL, F, 1, NULL), KES_EINVAL);
    cr_assert_eq(kes_gp_sample(gp, Q, 1, 1, 0, &rng, F, 1, NULL), KES_EDIM);
    cr_assert_eq(kes_gp_sample(gp, Q, 1, 1, 2, &rng, F, 0, NULL), KES_EDIM);
    cr_assert_eq(kes_gp_sample(gp, Q, 1, 1, INT64_MAX, &rng, F, 1, NULL), KES_ERANGE);
    cr_assert(mean[0] == 7 && C[0] == 7 && F[0] == 7 && F[1] == 7, "outputs untouched");
    kes_gp_destroy(gp);
}
