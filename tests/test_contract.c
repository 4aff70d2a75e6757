/*
 * The Contract blocks of the issues fix these names, types and meanings;
 * programs outside the repository are written against them.  Each function
 * is bound to a pointer of exactly the contract's type (a signature change
 * breaks the build), and called once to check the documented meaning.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "kestrel.h"

#define KPI 3.14159265358979323846

/* Issue 2: core and matrix layer (issue 3 repeats kes_csr_from_triplets, kes_csr_destroy, kes_rng_create). */
static const char *(*const p_strerror)(kes_status) = kes_strerror;
static const char *(*const p_version)(void) = kes_version;
static kes_status (*const p_rng_create)(uint64_t, kes_rng **) = kes_rng_create;
static void (*const p_rng_destroy)(kes_rng *) = kes_rng_destroy;
static kes_status (*const p_from_triplets)(int64_t, int64_t, int64_t, const int64_t *, const int64_t *,
                                           const double *, kes_csr **) = kes_csr_from_triplets;
static kes_status (*const p_to_dense)(const kes_csr *, double *, int64_t) = kes_csr_to_dense;
static kes_status (*const p_matvec)(const kes_csr *, const double *, double *) = kes_csr_matvec;
static kes_status (*const p_read_mm)(const char *, kes_csr **) = kes_csr_read_mm;
static kes_status (*const p_write_mm)(const char *, const kes_csr *) = kes_csr_write_mm;
static void (*const p_csr_destroy)(kes_csr *) = kes_csr_destroy;

/* Issue 3: solvers and tuners. */
static kes_solve_opts (*const p_solve_opts_default)(void) = kes_solve_opts_default;
static kes_status (*const p_sor)(const kes_csr *, const double *, double *, double, const kes_solve_opts *,
                                 kes_solve_stats *) = kes_sor_solve;
static kes_status (*const p_ssor_pcg)(const kes_csr *, const double *, double *, double, const kes_solve_opts *,
                                      kes_solve_stats *) = kes_ssor_pcg_solve;
static kes_status (*const p_cg)(const kes_csr *, const double *, double *, const kes_solve_opts *,
                                kes_solve_stats *) = kes_cg_solve;

static kes_status (*const p_rng_create2)(uint64_t, kes_rng **) = kes_rng_create;
static kes_tuner_opts (*const p_tuner_opts_default)(void) = kes_tuner_opts_default;
static kes_status (*const p_tuner_create)(kes_tuner_kind, const kes_tuner_opts *, kes_rng *, kes_tuner **) =
    kes_tuner_create;
static kes_status (*const p_tuner_choose)(kes_tuner *, double, double *) = kes_tuner_choose;
static kes_status (*const p_tuner_observe)(kes_tuner *, double) = kes_tuner_observe;
static void (*const p_tuner_destroy)(kes_tuner *) = kes_tuner_destroy;

/* Issue 4: graph random features. */
static kes_status (*const p_norm_adj)(const kes_csr *, double, kes_csr **) = kes_graph_normalized_adjacency;
static kes_grf_opts (*const p_grf_opts_default)(void) = kes_grf_opts_default;
static kes_status (*const p_grf_features)(const kes_csr *, const double *, int64_t, const kes_grf_opts *, kes_rng *,
                                          kes_csr **) = kes_grf_features;

/* Issue 5: log-Bessel functions. */
static double (*const p_logi)(double, double) = kes_log_besseli;
static double (*const p_logk)(double, double) = kes_log_besselk;
static kes_status (*const p_logi_e)(double, double, kes_result *) = kes_log_besseli_e;
static kes_status (*const p_logk_e)(double, double, kes_result *) = kes_log_besselk_e;
static kes_status (*const p_logi_arr)(int64_t, const double *, const double *, double *) = kes_log_besseli_array;
static kes_status (*const p_logk_arr)(int64_t, const double *, const double *, double *) = kes_log_besselk_array;
static double (*const p_ratio)(double, double) = kes_bessel_ratio;

/* 4-node path graph with a self-loop-free symmetric pattern, used by several tests. */
static kes_csr *path4(void)
{
    const int64_t r[] = {0, 1, 1, 2, 2, 3, 0};
    const int64_t c[] = {1, 0, 2, 1, 3, 2, 1};
    const double v[] = {0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5}; /* (0,1) given twice: summed to 1 */
    kes_csr *A = NULL;
    cr_assert_eq(p_from_triplets(4, 4, 7, r, c, v, &A), KES_OK);
    return A;
}

Test(contract, core_and_csr)
{
    cr_assert_str_eq(p_version(), KES_VERSION_STRING);
    cr_assert_not_null(p_strerror(KES_EPARSE));
    kes_rng *rng = NULL;
    cr_assert_eq(p_rng_create(5, &rng), KES_OK);
    p_rng_destroy(rng);

    kes_csr *A = path4();
    cr_assert_eq(A->nnz, 6);
    double D[16], x[4] = {1, 2, 3, 4}, y[4];
    cr_assert_eq(p_to_dense(A, D, 4), KES_OK);
    cr_assert_eq(D[1 + 0 * 4], 1.0); /* duplicates summed */
    cr_assert_eq(D[0 + 1 * 4], 1.0); /* column-major */
    cr_assert_eq(p_matvec(A, x, y), KES_OK);
    const double want[4] = {2, 4, 6, 3};
    for (int i = 0; i < 4; i++) cr_assert_eq(y[i], want[i]);

    char path[] = "/tmp/kes_contract_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(p_write_mm(path, A), KES_OK);
    kes_csr *B = NULL;
    cr_assert_eq(p_read_mm(path, &B), KES_OK);
    cr_assert_eq(B->nnz, A->nnz);
    for (int64_t k = 0; k < A->nnz; k++) cr_assert_eq(B->val[k], A->val[k]);
    unlink(path);
    p_csr_destroy(B);
    p_csr_destroy(A);
    p_csr_destroy(NULL);
}

Test(contract, solvers)
{
    /* 1-D Laplacian, n = 20: every solver reaches ||b - Ax|| <= tol ||b||. */
    enum { n = 20 };
    int64_t r[3 * n], c[3 * n];
    double v[3 * n];
    int64_t k = 0;
    for (int i = 0; i < n; i++) {
        r[k] = i; c[k] = i; v[k++] = 2.0;
        if (i) { r[k] = i; c[k] = i - 1; v[k++] = -1.0; }
        if (i < n - 1) { r[k] = i; c[k] = i + 1; v[k++] = -1.0; }
    }
    kes_csr *A = NULL;
    cr_assert_eq(p_from_triplets(n, n, k, r, c, v, &A), KES_OK);
    kes_solve_opts o = p_solve_opts_default();
    cr_assert_eq(o.tol, 1e-8);
    cr_assert_eq(o.max_iter, 10000);
    double b[n], x[n], Ax[n];
    for (int i = 0; i < n; i++) b[i] = 1.0;
    for (int method = 0; method < 3; method++) {
        kes_solve_stats st;
        for (int i = 0; i < n; i++) x[i] = 0.0;
        kes_status s = method == 0 ? p_sor(A, b, x, 1.7, &o, &st)
                     : method == 1 ? p_ssor_pcg(A, b, x, 1.5, &o, &st)
                                   : p_cg(A, b, x, &o, &st);
        cr_assert_eq(s, KES_OK, "method %d: %s", method, kes_strerror(s));
        cr_assert(st.converged);
        cr_assert_gt(st.iterations, 0);
        cr_assert_leq(st.residual, 1e-8);
        kes_csr_matvec(A, x, Ax);
        double rr = 0;
        for (int i = 0; i < n; i++) rr += (b[i] - Ax[i]) * (b[i] - Ax[i]);
        cr_assert_leq(sqrt(rr), 1e-7 * sqrt((double)n), "method %d", method);
        /* omega outside (0, 2) is refused */
        if (method == 0) cr_assert_eq(p_sor(A, b, x, 2.0, &o, &st), KES_EDOM);
        if (method == 1) cr_assert_eq(p_ssor_pcg(A, b, x, 0.0, &o, &st), KES_EDOM);
    }
    p_csr_destroy(A);
}

Test(contract, tuners)
{
    kes_tuner_opts o = p_tuner_opts_default();
    cr_assert_eq(o.omega_min, 1.0);
    cr_assert_eq(o.omega_max, 1.95);
    cr_assert_eq(o.n_arms, 20);
    o.context_min = -0.15;
    o.context_max = 0.65;
    const kes_tuner_kind kinds[] = {KES_TUNER_FIXED, KES_TUNER_TSALLIS_INF, KES_TUNER_TSALLIS_INF_CB, KES_TUNER_CHEBCB};
    kes_rng *rng = NULL;
    cr_assert_eq(p_rng_create2(3, &rng), KES_OK);
    for (int k = 0; k < 4; k++) {
        kes_tuner *t = NULL;
        cr_assert_eq(p_tuner_create(kinds[k], &o, rng, &t), KES_OK);
        cr_assert_eq(p_tuner_observe(t, 10.0), KES_ESTATE); /* observe without choose */
        for (int round = 0; round < 50; round++) {
            double omega = 0.0;
            cr_assert_eq(p_tuner_choose(t, 0.1, &omega), KES_OK);
            cr_assert(omega >= o.omega_min && omega <= o.omega_max, "omega %g", omega);
            /* a cost table whose best arm is omega = 1.5 */
            cr_assert_eq(p_tuner_observe(t, 1.0 + 100.0 * fabs(omega - 1.5)), KES_OK);
        }
        double omega;
        /* A context outside [min, max] is clamped by the contextual kinds; the others ignore it. */
        int contextual = kinds[k] == KES_TUNER_TSALLIS_INF_CB || kinds[k] == KES_TUNER_CHEBCB;
        cr_assert_eq(p_tuner_choose(t, 10.0, &omega), contextual ? KES_CLAMPED : KES_OK);
        cr_assert_eq(p_tuner_observe(t, -1.0), KES_EINVAL);
        p_tuner_destroy(t);
    }
    p_tuner_destroy(NULL);
    kes_rng_destroy(rng);
}

Test(contract, graph_random_features)
{
    kes_csr *W = path4(), *U = NULL, *Phi = NULL;
    cr_assert_eq(p_norm_adj(W, 0.25, &U), KES_OK);
    /* U = c D^-1/2 W D^-1/2: degrees 1, 2, 2, 1 */
    double D[16];
    kes_csr_to_dense(U, D, 4);
    cr_assert_float_eq(D[0 + 1 * 4], 0.25 / sqrt(2.0), 1e-15);
    cr_assert_float_eq(D[1 + 2 * 4], 0.25 / 2.0, 1e-15);
    kes_grf_opts o = p_grf_opts_default();
    cr_assert(o.p_halt > 0 && o.p_halt < 1);
    cr_assert_geq(o.walkers, 1);
    const double f[3] = {1.0, 0.5, 0.25};
    kes_rng *rng = NULL;
    kes_rng_create(9, &rng);
    cr_assert_eq(p_grf_features(U, f, 3, &o, rng, &Phi), KES_OK);
    cr_assert_eq(Phi->nrows, 4);
    cr_assert_eq(Phi->ncols, 4);
    cr_assert_eq(kes_csr_validate(Phi), KES_OK);
    o.p_halt = 1.5;
    kes_csr *bad = NULL;
    cr_assert_eq(p_grf_features(U, f, 3, &o, rng, &bad), KES_EDOM);
    cr_assert_null(bad);
    kes_rng_destroy(rng);
    p_csr_destroy(Phi);
    p_csr_destroy(U);
    p_csr_destroy(W);
}

Test(contract, log_bessel)
{
    /* I_{1/2}(x) = sqrt(2/(pi x)) sinh x, K_{1/2}(x) = sqrt(pi/(2x)) e^-x */
    const double x = 3.0;
    cr_assert_float_eq(p_logi(0.5, x), 0.5 * log(2.0 / (KPI * x)) + log(sinh(x)), 1e-14);
    cr_assert_float_eq(p_logk(0.5, x), 0.5 * log(KPI / (2.0 * x)) - x, 1e-14);
    kes_result res;
    cr_assert_eq(p_logi_e(0.5, x, &res), KES_OK);
    cr_assert_eq(p_logk_e(0.5, x, &res), KES_OK);
    cr_assert(isnan(p_logi(1.0, -1.0)));
    cr_assert_eq(p_logi_e(1.0, NAN, &res), KES_EDOM);
    const double vv[2] = {0.5, 0.5}, xx[2] = {1.0, 2.0};
    double out[2];
    cr_assert_eq(p_logi_arr(2, vv, xx, out), KES_OK);
    cr_assert_eq(out[1], p_logi(0.5, 2.0));
    cr_assert_eq(p_logk_arr(2, vv, xx, out), KES_OK);
    cr_assert_eq(out[0], p_logk(0.5, 1.0));
    /* I_{3/2}/I_{1/2} = coth x - 1/x */
    cr_assert_float_eq(p_ratio(0.5, x), 1.0 / tanh(x) - 1.0 / x, 1e-14);
}

/* Kernel density estimation: kestrel/kde.h. */
static kes_kde_opts (*const p_kde_opts_default)(void) = kes_kde_opts_default;
static kes_status (*const p_kde_create)(const double *, int64_t, int64_t, int64_t, const kes_kde_opts *,
                                        kes_kde **) = kes_kde_create;
static kes_status (*const p_kde_log_density)(const kes_kde *, const double *, int64_t, int64_t,
                                             double *) = kes_kde_log_density;
static void (*const p_kde_destroy)(kes_kde *) = kes_kde_destroy;

Test(contract, kde)
{
    kes_kde_opts o = p_kde_opts_default();
    cr_assert_eq(o.kernel, KES_KDE_GAUSSIAN);
    cr_assert(o.bandwidth == 0.0 && o.rtol == 0.0 && o.atol == 0.0);
    /* n = 3 points in d = 2 (column-major, one row per point), h = 0.7:
     * log of (1/(n h^d)) sum_i (2 pi)^(-d/2) exp(-|y - x_i|^2 / (2 h^2)). */
    const double X[6] = {0.0, 1.0, -0.5, 0.2, -0.3, 0.8}, Y[2] = {0.25, 0.1}, h = 0.7;
    o.bandwidth = h;
    kes_kde *kde = NULL;
    cr_assert_eq(p_kde_create(X, 3, 2, 3, &o, &kde), KES_OK);
    double lp = NAN, s = 0.0;
    cr_assert_eq(p_kde_log_density(kde, Y, 1, 1, &lp), KES_OK);
    for (int i = 0; i < 3; i++) {
        double a = Y[0] - X[i], b = Y[1] - X[i + 3];
        s += exp(-(a * a + b * b) / (2 * h * h)) / (2 * KPI);
    }
    cr_assert_float_eq(lp, log(s / (3 * h * h)), 1e-14);
    double keep = 7.0;
    cr_assert_eq(p_kde_log_density(kde, Y, 0, 1, &keep), KES_EDIM);
    cr_assert_eq(keep, 7.0);
    p_kde_destroy(kde);
    p_kde_destroy(NULL);
    kes_kde *bad = NULL;
    cr_assert_eq(p_kde_create(X, 0, 2, 3, &o, &bad), KES_EDIM);
    cr_assert_null(bad);
}

/* GP regression: the Contract names and types. */
static kes_gp_opts (*const p_gp_opts_default)(void) = kes_gp_opts_default;
static kes_status (*const p_gp_fit)(const double *, int64_t, int64_t, int64_t, const double *, const kes_gp_opts *,
                                    kes_rng *, kes_gp **) = kes_gp_fit;
static kes_status (*const p_gp_lml)(const kes_gp *, double *) = kes_gp_log_marginal_likelihood;
static kes_status (*const p_gp_predict)(const kes_gp *, const double *, int64_t, int64_t, double *, double *) =
    kes_gp_predict;
static void (*const p_gp_destroy)(kes_gp *) = kes_gp_destroy;
static double (*const p_logk_dv)(double, double) = kes_log_besselk_dv;
static double (*const p_logk_dx)(double, double) = kes_log_besselk_dx;

Test(contract, gp)
{
    kes_gp_opts o = p_gp_opts_default();
    cr_assert(o.optimize == 0 || o.optimize == 1);
    cr_assert(o.restarts >= 0);
    o.kernel = KES_GP_SE_ISO;
    o.optimize = 0;
    const double X[4] = {0.0, 0.5, 1.0, 1.5}, y[4] = {0.1, 0.4, 0.3, -0.2};
    kes_gp *gp = NULL;
    cr_assert_eq(p_gp_fit(X, 4, 1, 4, y, &o, NULL, &gp), KES_OK);
    double lml = NAN, m = NAN, v = NAN, xs = 0.25;
    cr_assert_eq(p_gp_lml(gp, &lml), KES_OK);
    cr_assert(isfinite(lml));
    cr_assert_eq(p_gp_predict(gp, &xs, 1, 1, &m, &v), KES_OK);
    cr_assert(isfinite(m) && v >= 0.0);
    p_gp_destroy(gp);
    p_gp_destroy(NULL);
    /* d/dv log K_v(x) at v = 1/2 is 0 (K_{1/2} = sqrt(pi / 2x) e^-x does
     * not depend on the sign of v and is even in v): check d/dx instead,
     * -1 - 1/(2x), and d/dv > 0 for v > 0 */
    cr_assert_float_eq(p_logk_dx(0.5, 2.0), -1.0 - 0.25, 1e-14);
    cr_assert(p_logk_dv(1.5, 2.0) > 0.0);
}

/* GP collocation: the Contract names and types. */
static kes_gpcol_opts (*const p_gpcol_opts_default)(void) = kes_gpcol_opts_default;
static kes_status (*const p_gpcol_poisson)(int, const int64_t *, const double *, const double *, kes_field_fn,
                                           kes_field_fn, void *, const kes_gpcol_opts *, kes_rng *, double *) =
    kes_gpcol_poisson;

static double c_f(const double *x, void *ctx) { (void)ctx; return -4.0 * sin(2.0 * x[0]); }
static double c_g(const double *x, void *ctx) { (void)ctx; return sin(2.0 * x[0]); }

Test(contract, gpcol)
{
    kes_gpcol_opts o = p_gpcol_opts_default();
    cr_assert_eq(o.components, 30);
    cr_assert(o.max_iter >= 0 && o.tol > 0.0);
    int64_t n = 32;
    double lo = 0.0, hi = 3.0, u[32];
    cr_assert_eq(p_gpcol_poisson(1, &n, &lo, &hi, c_f, c_g, NULL, &o, NULL, u), KES_OK);
    /* u = sin(2x) at x_i = lo + i (hi - lo) / (n - 1), first and last exactly g */
    cr_assert_eq(u[0], sin(0.0));
    for (int i = 0; i < 32; i++) cr_assert(fabs(u[i] - sin(2.0 * 3.0 * i / 31.0)) < 1e-3, "i %d", i);
    cr_assert_eq(p_gpcol_poisson(3, &n, &lo, &hi, c_f, c_g, NULL, &o, NULL, u), KES_ENOTSUP);
}
