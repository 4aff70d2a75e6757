/* Learned Matern smoothness against fixed smoothness, and Kestrel's dense
 * BFGS against GSL's vector_bfgs2, in one run.
 *
 *   bench_gp_matern [--n N] [--trials T] [--csv FILE]
 *
 * Part 1 (nu table): T fields drawn from the Matern-0.8 GP (s2 = 1, l = 1)
 * at N uniform points of [0, N/10] by a Cholesky factor of the true
 * covariance, plus N(0, 1e-4) noise (seed t per trial).  Each is fitted with
 * the Matern kernel at fixed nu = 0.5, 0.8 (true), 1.5, 2.5, with SE, and
 * with nu learned (from nu = 1.5); the table gives the mean LML over trials
 * with its standard error, the mean LML difference to the learned fit
 * (learned minus fixed) with its standard error, and the learned nu.
 *
 * Part 2 (optimisers): the protocol data of tests/data/gp (n = 500, d = 3),
 * SE iso and ARD and Matern-5/2 ARD from the default start, with each
 * optimiser: LML, LML evaluations and fit time (T repeats, mean +- se).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lapacke.h>

#ifndef KES_TEST_DATA_DIR
#define KES_TEST_DATA_DIR KES_SOURCE_DIR "/tests/data"
#endif
#include "gp_testutil.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void field(int64_t n, uint64_t seed, double *X, double *y)
{
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    for (int64_t i = 0; i < n; i++) X[i] = 0.1 * (double)n * kes_rng_uniform(&rng);
    double *L = calloc((size_t)(n * n), sizeof *L), *z = malloc((size_t)n * sizeof *z);
    const double theta[4] = {0.0, 0.0, log(0.8), log(1e-4)};
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = j; i < n; i++)
            L[i + j * n] = (double)gt_cov(KES_GP_MATERN, 1, theta, X, n, i, X, n, j) + (i == j ? 1e-10 : 0.0);
    if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)n, L, (int)n)) {
        fprintf(stderr, "field: Cholesky failed\n");
        exit(1);
    }
    for (int64_t i = 0; i < n; i++) z[i] = kes_rng_normal(&rng);
    for (int64_t i = 0; i < n; i++) {
        double s = 0.0;
        for (int64_t t = 0; t <= i; t++) s += L[i + t * n] * z[t];
        y[i] = s + 1e-2 * kes_rng_normal(&rng);
    }
    free(L), free(z);
}

static void mean_se(const double *v, int t, double *m, double *se)
{
    double s = 0, q = 0;
    for (int i = 0; i < t; i++) s += v[i];
    s /= t;
    for (int i = 0; i < t; i++) q += (v[i] - s) * (v[i] - s);
    *m = s;
    *se = t > 1 ? sqrt(q / (t - 1) / t) : 0.0;
}

int main(int argc, char **argv)
{
    int64_t n = 300;
    int T = 5;
    const char *csv = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--n") && i + 1 < argc) n = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--trials") && i + 1 < argc) T = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv = argv[++i];
        else {
            fprintf(stderr, "usage: bench_gp_matern [--n N] [--trials T] [--csv FILE]\n");
            return 2;
        }
    }
    if (n < 10 || T < 1) return 2;
    FILE *fc = csv ? fopen(csv, "w") : NULL;
    if (fc) fprintf(fc, "part,case,trial,lml,nu,evals,fit_s\n");
    enum { NC = 6 };
    const char *names[NC] = {"nu=0.5 (fixed)", "nu=0.8 (fixed, true)", "nu=1.5 (fixed)", "nu=2.5 (fixed)", "SE",
                             "nu learned"};
    const double fixnu[NC] = {0.5, 0.8, 1.5, 2.5, 0, 0};
    double *lml = malloc(sizeof(double) * NC * T), *nu = malloc(sizeof(double) * T), *tfit = malloc(sizeof(double) * NC * T);
    double *X = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
    for (int t = 0; t < T; t++) {
        field(n, 1000 + t, X, y);
        for (int c = 0; c < NC; c++) {
            kes_gp_opts o = kes_gp_opts_default();
            o.noise_var = 1e-3;
            if (c == 4) o.kernel = KES_GP_SE_ISO;
            else {
                o.kernel = KES_GP_MATERN;
                if (c < 4) o.matern_nu = o.matern_nu_lo = o.matern_nu_hi = fixnu[c];
            }
            kes_gp *gp = NULL;
            double t0 = now();
            kes_status s = kes_gp_fit(X, n, 1, n, y, &o, NULL, &gp);
            tfit[c * T + t] = now() - t0;
            if (s != KES_OK && s != KES_NOCONV) {
                fprintf(stderr, "fit failed: %s\n", kes_strerror(s));
                return 1;
            }
            double th[4];
            kes_gp_log_marginal_likelihood(gp, &lml[c * T + t]);
            kes_gp_theta(gp, th);
            if (c == 5) nu[t] = exp(th[2]);
            if (fc)
                fprintf(fc, "nu,%s,%d,%.10g,%.6g,%ld,%.4f\n", names[c], t, lml[c * T + t], c < 5 ? fixnu[c] : nu[t],
                        (long)kes_gp_n_evals(gp), tfit[c * T + t]);
            kes_gp_destroy(gp);
        }
    }
    printf("Matern field nu = 0.8, n = %ld points in [0, %g], %d trials (mean +- standard error)\n", (long)n,
           0.1 * (double)n, T);
    printf("%-22s %22s %26s %14s\n", "kernel", "LML", "LML(learned) - LML", "fit_s");
    for (int c = 0; c < NC; c++) {
        double m, se, dm, dse, tm, tse, diff[64];
        mean_se(lml + c * T, T, &m, &se);
        for (int t = 0; t < T && t < 64; t++) diff[t] = lml[5 * T + t] - lml[c * T + t];
        mean_se(diff, T < 64 ? T : 64, &dm, &dse);
        mean_se(tfit + c * T, T, &tm, &tse);
        printf("%-22s %12.3f +- %7.3f %14.3f +- %7.3f %7.2f +- %5.2f\n", names[c], m, se, dm, dse, tm, tse);
    }
    double nm, nse;
    mean_se(nu, T, &nm, &nse);
    printf("learned nu: %.3f +- %.3f (true 0.8); per trial:", nm, nse);
    for (int t = 0; t < T; t++) printf(" %.3f", nu[t]);
    printf("\n\n");

    /* Part 2 */
    static double Xa[GT_N500 * 3], ya[GT_N500];
    if (gt_read_n500(Xa, ya)) {
        fprintf(stderr, "cannot read tests/data/gp/gp_n500.csv\n");
        return 1;
    }
    const kes_gp_kernel ks[3] = {KES_GP_SE_ISO, KES_GP_SE_ARD, KES_GP_MATERN52_ARD};
    const char *kn[3] = {"SE iso", "SE ARD", "Matern52 ARD"};
    printf("Optimisers on the protocol data (n = 500, d = 3), %d repeats (mean +- se)\n", T);
    printf("%-13s %-12s %16s %7s %18s\n", "kernel", "optimiser", "LML", "evals", "fit_s");
    for (int k = 0; k < 3; k++) {
        double tt[2][64];
        for (int m = 0; m < 2; m++) {
            double l = 0;
            int64_t ev = 0;
            for (int t = 0; t < T && t < 64; t++) {
                kes_gp_opts o = kes_gp_opts_default();
                o.kernel = ks[k];
                o.optimizer = m ? KES_GP_OPT_GSL_BFGS2 : KES_GP_OPT_BFGS;
                kes_gp *gp = NULL;
                double t0 = now();
                kes_status s = kes_gp_fit(Xa, GT_N500, 3, GT_N500, ya, &o, NULL, &gp);
                tt[m][t] = now() - t0;
                if (s != KES_OK && s != KES_NOCONV) return 1;
                kes_gp_log_marginal_likelihood(gp, &l);
                ev = kes_gp_n_evals(gp);
                if (fc) fprintf(fc, "opt,%s/%s,%d,%.10g,,%ld,%.4f\n", kn[k], m ? "gsl_bfgs2" : "bfgs", t, l, (long)ev, tt[m][t]);
                kes_gp_destroy(gp);
            }
            double tm, tse;
            mean_se(tt[m], T < 64 ? T : 64, &tm, &tse);
            printf("%-13s %-12s %16.6f %7ld %9.3f +- %5.3f\n", kn[k], m ? "GSL bfgs2" : "Kestrel BFGS", l, (long)ev, tm,
                   tse);
        }
        double r[64], rm, rse;
        for (int t = 0; t < T && t < 64; t++) r[t] = tt[1][t] / tt[0][t];
        mean_se(r, T < 64 ? T : 64, &rm, &rse);
        printf("%-13s time ratio GSL / Kestrel BFGS: %.2f +- %.2f\n", kn[k], rm, rse);
    }
    if (fc) fclose(fc);
    free(lml), free(nu), free(tfit), free(X), free(y);
    return 0;
}
