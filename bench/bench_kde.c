/* bench_kde: exact Gaussian KDE (protocol K1): n points and m queries drawn
 * from N(0, I_d), isotropic bandwidth h = n^(-1/(d+4)).
 *
 *   bench_kde [--n N] [--m M] [--d D] [--reps R] [--sub S] [--threads 1,2]
 *             [--data PREFIX] [--csv FILE]
 *   bench_kde --binned N      (1-D binned KDE of N points on 4096 grid points
 *                              and the Sheather-Jones plug-in on 1e5 of them)
 *
 * Times kes_kde_create + kes_kde_log_density over all m queries (median and
 * minimum wall time of R runs and the median CPU time of all threads, per
 * thread count; on a shared machine the CPU time is the steadier figure) and measures the maximum relative
 * error of the density on the first S queries against a direct long double
 * log-sum-exp.  With --data it writes PREFIX_X.bin, PREFIX_Q.bin (float64,
 * column-major) and PREFIX_ref.bin (the S reference log densities) for the
 * peer script bench/kde_peers.py, which measures SciPy and scikit-learn on
 * the same data; bench/run_kde.sh runs both and prints the ratios. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"
#include "bench_util.h"

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* 1-D binned density of N points (mixture 0.5 N(0,1) + 0.5 N(3, 1/4), the
 * data of the KernSmooth anchors) on 4096 grid points, and dpik on the first
 * 1e5 points: plan once, then the median of R executions. */
static int bench_binned(long N, long reps)
{
    double *x = malloc(sizeof(double) * N), *f = malloc(sizeof(double) * 4096), *t = malloc(sizeof(double) * reps);
    kes_rng r;
    kes_rng_init(&r, 3, 0);
    kes_rng_fill_normal(&r, (size_t)N, x);
    for (long i = 0; i < N; i += 2) x[i] = 3.0 + 0.5 * x[i];
    long ns = N < 100000 ? N : 100000;
    double h, t0 = now();
    kes_status s = kes_kde_bw_sj_dpik(x, ns, 0, &h);
    double tsj = now() - t0;
    if (s) {
        fprintf(stderr, "bench_kde: dpik: %s\n", kes_strerror(s));
        return 1;
    }
    int64_t M = 4096;
    double lo = -6.0, hi = 9.0;
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = h;
    kes_kde_binned *b = NULL;
    t0 = now();
    s = kes_kde_binned_create(1, &M, &lo, &hi, &o, &b);
    double tplan = now() - t0;
    for (long rep = 0; rep < reps && !s; rep++) {
        t0 = now();
        s = kes_kde_binned_execute(b, x, N, N, NULL, f);
        t[rep] = now() - t0;
    }
    kes_kde_binned_destroy(b);
    if (s) {
        fprintf(stderr, "bench_kde: binned: %s\n", kes_strerror(s));
        return 1;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp);
    printf("dpik on %ld points: h = %.6g, %.4f s\n", ns, h, tsj);
    printf("binned 1-D KDE, %ld points, 4096 grid points: plan %.4f s, execute median %.4f s (min %.4f s, %ld runs)\n",
           N, tplan, t[reps / 2], t[0], reps);
    free(x);
    free(f);
    free(t);
    return 0;
}

int main(int argc, char **argv)
{
    long n = 100000, m = 10000, d = 2, reps = 3, sub = 100;
    const char *threads = "1,2", *prefix = NULL, *csv = NULL;
    long binned = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) {
            printf("usage: %s [--n N] [--m M] [--d D] [--reps R] [--sub S] [--threads 1,2] [--data PREFIX] "
                   "[--csv FILE]\n",
                   argv[0]);
            return 0;
        }
        if (!v) {
            fprintf(stderr, "%s: %s needs a value\n", argv[0], a);
            return 2;
        }
        if (!strcmp(a, "--n")) n = atol(v);
        else if (!strcmp(a, "--m")) m = atol(v);
        else if (!strcmp(a, "--d")) d = atol(v);
        else if (!strcmp(a, "--reps")) reps = atol(v);
        else if (!strcmp(a, "--sub")) sub = atol(v);
        else if (!strcmp(a, "--threads")) threads = v;
        else if (!strcmp(a, "--data")) prefix = v;
        else if (!strcmp(a, "--csv")) csv = v;
        else if (!strcmp(a, "--binned")) binned = atol(v);
        else {
            fprintf(stderr, "%s: unknown option %s\n", argv[0], a);
            return 2;
        }
        i++;
    }
    if (binned > 0) return bench_binned(binned, reps);
    if (n < 2 || m < 1 || d < 1 || reps < 1 || sub < 1) {
        fprintf(stderr, "%s: bad sizes\n", argv[0]);
        return 2;
    }
    if (sub > m) sub = m;
    double *X = malloc(sizeof(double) * n * d), *Q = malloc(sizeof(double) * m * d);
    double *lp = malloc(sizeof(double) * m), *ref = malloc(sizeof(double) * sub);
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_rng_fill_normal(&r, (size_t)(n * d), X);
    kes_rng_init(&r, 2, 0);
    kes_rng_fill_normal(&r, (size_t)(m * d), Q);
    double h = pow((double)n, -1.0 / (double)(d + 4));

    /* Reference: direct long double log-sum-exp on the first sub queries. */
    double tref = now();
#pragma omp parallel for schedule(dynamic, 1)
    for (long q = 0; q < sub; q++) {
        long double mx = -INFINITY, s = 0;
        long double *lv = malloc(sizeof(long double) * n);
        for (long i = 0; i < n; i++) {
            long double r2 = 0;
            for (long c = 0; c < d; c++) {
                long double t = ((long double)Q[q + c * m] - X[i + c * n]) / h;
                r2 += t * t;
            }
            lv[i] = -r2 / 2;
            if (lv[i] > mx) mx = lv[i];
        }
        for (long i = 0; i < n; i++) s += expl(lv[i] - mx);
        ref[q] = (double)(mx + logl(s) - logl((long double)n) - d * logl((long double)h) -
                          0.5L * d * logl(2 * 3.14159265358979323846264338L));
        free(lv);
    }
    tref = now() - tref;
    if (prefix && (write_bin("bench_kde", prefix, "X", X, (size_t)(n * d)) ||
                   write_bin("bench_kde", prefix, "Q", Q, (size_t)(m * d)) ||
                   write_bin("bench_kde", prefix, "ref", ref, (size_t)sub)))
        return 1;

    FILE *out = csv ? fopen(csv, "w") : NULL;
    if (csv && !out) {
        fprintf(stderr, "%s: cannot write %s\n", argv[0], csv);
        return 1;
    }
    if (out) fprintf(out, "tool,d,n,m,threads,median_s,min_s,cpu_s,m_timed,maxrel\n");
    printf("exact Gaussian KDE, n = %ld, m = %ld, d = %ld, h = %.6g (reference: %ld queries, %.2f s)\n", n, m, d, h,
           sub, tref);
    printf("%-10s %7s %10s %10s %10s %10s\n", "tool", "threads", "median_s", "min_s", "cpu_s", "maxrel");
    char *tl = strdup(threads), *save = NULL;
    for (char *t = strtok_r(tl, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int nt = atoi(t);
        if (nt < 1) continue;
        omp_set_num_threads(nt);
        double *times = malloc(sizeof(double) * reps), *cpus = malloc(sizeof(double) * reps);
        double maxrel = 0;
        for (long rep = 0; rep < reps; rep++) {
            kes_kde_opts o = kes_kde_opts_default();
            o.bandwidth = h;
            kes_kde *k = NULL;
            double t0 = now(), c0 = cpu_now();
            kes_status s = kes_kde_create(X, n, d, n, &o, &k);
            if (!s) s = kes_kde_log_density(k, Q, m, m, lp);
            times[rep] = now() - t0;
            cpus[rep] = cpu_now() - c0;
            kes_kde_destroy(k);
            if (s) {
                fprintf(stderr, "%s: %s\n", argv[0], kes_strerror(s));
                return 1;
            }
        }
        for (long q = 0; q < sub; q++) maxrel = fmax(maxrel, fabs(expm1(lp[q] - ref[q])));
        qsort(times, (size_t)reps, sizeof *times, cmp);
        qsort(cpus, (size_t)reps, sizeof *cpus, cmp);
        double med = times[reps / 2], cpu = cpus[reps / 2];
        printf("%-10s %7d %10.3f %10.3f %10.3f %10.2e\n", "kestrel", nt, med, times[0], cpu, maxrel);
        if (out)
            fprintf(out, "kestrel,%ld,%ld,%ld,%d,%.6f,%.6f,%.6f,%ld,%.3e\n", d, n, m, nt, med, times[0], cpu, m, maxrel);
        free(times);
        free(cpus);
    }
    free(tl);
    if (out) fclose(out);
    free(X);
    free(Q);
    free(lp);
    free(ref);
    return 0;
}
