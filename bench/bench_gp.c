/* bench_gp: Gaussian-process regression (protocol G1 of the benchmark
 * notes) against scikit-learn on the same data in the same run.
 *
 *   bench_gp --prefix P --kernel iso|ard [--reps R] [--csv FILE]
 *
 * Reads P_train.csv, P_test.csv and P_sk.txt written by bench/gp_sklearn.py
 * (bench/run_gp.sh runs both).  Kestrel fits the same model as sklearn's
 * C(1) * RBF(1) + WhiteKernel(0.1) (SE kernel, initial s2 = 1, l = 1,
 * n2 = 0.1, bounds [1e-5, 1e5], no restarts), R times (median wall time),
 * predicts mean and variance at the m test points (median of R), and
 * evaluates its LML at sklearn's optimum theta.  Prints one table row per
 * tool with ratios sklearn / Kestrel and appends them to FILE. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Read a 4-column CSV into X (n x 3, column-major) and v; returns n or -1. */
static int64_t read4(const char *path, double **X, double **v)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int64_t cap = 1024, n = 0;
    double *rows = malloc((size_t)cap * 4 * sizeof *rows);
    double a, b, c, d;
    while (fscanf(f, "%lf,%lf,%lf,%lf", &a, &b, &c, &d) == 4) {
        if (n == cap) rows = realloc(rows, (size_t)(cap *= 2) * 4 * sizeof *rows);
        rows[4 * n] = a, rows[4 * n + 1] = b, rows[4 * n + 2] = c, rows[4 * n + 3] = d;
        n++;
    }
    fclose(f);
    *X = malloc((size_t)n * 3 * sizeof **X);
    *v = malloc((size_t)n * sizeof **v);
    for (int64_t i = 0; i < n; i++) {
        for (int k = 0; k < 3; k++) (*X)[i + k * n] = rows[4 * i + k];
        (*v)[i] = rows[4 * i + 3];
    }
    free(rows);
    return n;
}

int main(int argc, char **argv)
{
    const char *prefix = NULL, *kern = "iso", *csv = NULL;
    int reps = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--prefix") && i + 1 < argc) prefix = argv[++i];
        else if (!strcmp(argv[i], "--kernel") && i + 1 < argc) kern = argv[++i];
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv = argv[++i];
        else {
            fprintf(stderr, "usage: bench_gp --prefix P --kernel iso|ard [--reps R] [--csv FILE]\n");
            return 2;
        }
    }
    if (!prefix || reps < 1 || (strcmp(kern, "iso") && strcmp(kern, "ard"))) {
        fprintf(stderr, "bench_gp: --prefix and --kernel iso|ard are required\n");
        return 2;
    }
    char path[4096];
    double *X, *y, *Xt, *ft;
    snprintf(path, sizeof path, "%s_train.csv", prefix);
    int64_t n = read4(path, &X, &y);
    snprintf(path, sizeof path, "%s_test.csv", prefix);
    int64_t m = read4(path, &Xt, &ft);
    if (n < 1 || m < 1) {
        fprintf(stderr, "bench_gp: cannot read %s_{train,test}.csv\n", prefix);
        return 1;
    }
    double sk_fit = NAN, sk_lml = NAN, sk_lml0 = NAN, sk_pred = NAN, sk_rmse = NAN, sk_theta[8];
    int ard = !strcmp(kern, "ard");
    int64_t p = ard ? 5 : 3;
    snprintf(path, sizeof path, "%s_sk.txt", prefix);
    FILE *f = fopen(path, "r");
    if (!f || fscanf(f, "fit_s %lf\nlml %lf\nlml_alpha0 %lf\npredict_s %lf\nrmse %lf\ntheta", &sk_fit, &sk_lml, &sk_lml0,
                     &sk_pred, &sk_rmse) != 5) {
        fprintf(stderr, "bench_gp: cannot read %s\n", path);
        return 1;
    }
    for (int64_t t = 0; t < p; t++)
        if (fscanf(f, "%lf", &sk_theta[t]) != 1) return 1;
    fclose(f);

    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = ard ? KES_GP_SE_ARD : KES_GP_SE_ISO;
    double *tf = malloc((size_t)reps * sizeof *tf), *tp = malloc((size_t)reps * sizeof *tp);
    double *mean = malloc((size_t)m * sizeof *mean), *var = malloc((size_t)m * sizeof *var);
    kes_gp *gp = NULL;
    kes_status st = KES_OK;
    for (int r = 0; r < reps; r++) {
        kes_gp_destroy(gp);
        gp = NULL;
        double t0 = now();
        st = kes_gp_fit(X, n, 3, n, y, &o, NULL, &gp);
        tf[r] = now() - t0;
        if (st < 0) {
            fprintf(stderr, "bench_gp: kes_gp_fit: %s\n", kes_strerror(st));
            return 1;
        }
    }
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        kes_gp_predict(gp, Xt, m, m, mean, var);
        tp[r] = now() - t0;
    }
    qsort(tf, (size_t)reps, sizeof *tf, cmp);
    qsort(tp, (size_t)reps, sizeof *tp, cmp);
    double lml, th[8], se = 0.0;
    kes_gp_log_marginal_likelihood(gp, &lml);
    kes_gp_theta(gp, th);
    for (int64_t j = 0; j < m; j++) se += (mean[j] - ft[j]) * (mean[j] - ft[j]);
    double rmse = sqrt(se / (double)m);
    /* Kestrel's LML at sklearn's optimum (protocol G1: within 1e-8 of sklearn's value with alpha = 0). */
    kes_gp *g2 = NULL;
    kes_gp_opts o2 = o;
    o2.optimize = 0;
    o2.theta0 = sk_theta;
    double lml_at_sk = NAN;
    if (kes_gp_fit(X, n, 3, n, y, &o2, NULL, &g2) == KES_OK) kes_gp_log_marginal_likelihood(g2, &lml_at_sk);
    kes_gp_destroy(g2);
    double rel = fabs(lml_at_sk - sk_lml0) / fabs(sk_lml0);

    printf("GP regression (G1), SE %s, d = 3, n = %ld, m = %ld, OMP_NUM_THREADS=%d, Kestrel median of %d fits\n", kern,
           (long)n, (long)m, omp_get_max_threads(), reps);
    printf("%-9s %9s %14s %11s %9s %8s %6s %s\n", "tool", "fit_s", "LML", "predict_s", "rmse", "evals", "status",
           "theta");
    printf("%-9s %9.3f %14.6f %11.4f %9.5f %8ld %6d", "kestrel", tf[reps / 2], lml, tp[reps / 2], rmse,
           (long)kes_gp_n_evals(gp), (int)st);
    for (int64_t t = 0; t < p; t++) printf(" %.4f", th[t]);
    printf("\n%-9s %9.3f %14.6f %11.4f %9.5f %8s %6s", "sklearn", sk_fit, sk_lml, sk_pred, sk_rmse, "-", "-");
    for (int64_t t = 0; t < p; t++) printf(" %.4f", sk_theta[t]);
    printf("\nratio sklearn/kestrel: fit %.2fx, predict %.2fx; LML kestrel - sklearn = %+.3e; "
           "LML at sklearn's theta: kestrel %.10f vs sklearn (alpha=0) %.10f, rel diff %.2e\n",
           sk_fit / tf[reps / 2], sk_pred / tp[reps / 2], lml - sk_lml, lml_at_sk, sk_lml0, rel);
    if (csv) {
        FILE *c = fopen(csv, "a");
        if (c) {
            fprintf(c, "kestrel,%s,%ld,%ld,%d,%.4f,%.8f,%.5f,%.6f,%ld,%d,%.3f,%.3f,%.3e\n", kern, (long)n, (long)m,
                    omp_get_max_threads(), tf[reps / 2], lml, tp[reps / 2], rmse, (long)kes_gp_n_evals(gp), (int)st,
                    sk_fit / tf[reps / 2], sk_pred / tp[reps / 2], rel);
            fprintf(c, "sklearn,%s,%ld,%ld,%d,%.4f,%.8f,%.5f,%.6f,,,,,\n", kern, (long)n, (long)m, omp_get_max_threads(),
                    sk_fit, sk_lml, sk_pred, sk_rmse);
            fclose(c);
        }
    }
    kes_gp_destroy(gp);
    free(X), free(y), free(Xt), free(ft), free(tf), free(tp), free(mean), free(var);
    return 0;
}
