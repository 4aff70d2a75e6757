/* bench_kde_tree: tolerance-controlled KDE (protocol K2) and the binned
 * estimates against R, Kestrel's side.
 *
 *   bench_kde_tree --tol --n N --m M --d D [--rtol R] [--reps K] --data PREFIX --csv FILE
 *       n points and m queries from N(0, I_d), Gaussian kernel,
 *       h = n^(-1/(d+4)): kes_kde_create + kes_kde_log_density with
 *       rtol = R (the tree, or its fallback) and with rtol = 0 (exact), K
 *       runs each, alternating; the largest relative density error of the
 *       tolerance run over all m queries against the exact run.  Writes
 *       PREFIX_X.bin, PREFIX_Q.bin and PREFIX_exact.bin (exact log
 *       densities) for bench/kde_tree_peers.py.
 *   bench_kde_tree --binned1 N [--reps K] --data PREFIX --csv FILE
 *       1-D binned Gaussian KDE of N points (0.5 N(0,1) + 0.5 N(3, 1/4))
 *       on 4096 grid points over [-6, 9], h = 0.1, KernSmooth's truncation
 *       (binned_cutoff = 4); writes PREFIX_x.bin and PREFIX_f.bin for
 *       bench/kde_binned_r.R.
 *   bench_kde_tree --binned2 N [--reps K] --data PREFIX --csv FILE
 *       2-D binned KDE of N correlated Gaussian points on a 151 x 151 grid
 *       over [-6, 6]^2 (no point outside) with a full bandwidth matrix (the whole kernel).
 *
 * Times are wall clock; the CSV rows carry the mean and standard error of
 * the K runs (create + evaluate, or execute for the binned plans). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"
#include "bench_util.h"

static void mean_se(const double *t, long k, double *mean, double *se)
{
    double s = 0, s2 = 0;
    for (long i = 0; i < k; i++) s += t[i];
    *mean = s / k;
    for (long i = 0; i < k; i++) s2 += (t[i] - *mean) * (t[i] - *mean);
    *se = k > 1 ? sqrt(s2 / (k - 1) / k) : 0.0;
}

static int bench_tol(long n, long m, long d, double rtol, long reps, const char *prefix, FILE *csv)
{
    double *X = malloc(sizeof(double) * n * d), *Q = malloc(sizeof(double) * m * d);
    double *a = malloc(sizeof(double) * m), *b = malloc(sizeof(double) * m);
    double *ta = malloc(sizeof(double) * reps), *tb = malloc(sizeof(double) * reps);
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_rng_fill_normal(&r, (size_t)(n * d), X);
    kes_rng_fill_normal(&r, (size_t)(m * d), Q);
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = pow((double)n, -1.0 / ((double)d + 4.0));
    int tree = 0;
    kes_status s = KES_OK;
    for (long k = 0; k < reps && !s; k++) {
        for (int v = 0; v < 2 && !s; v++) {
            o.rtol = v ? rtol : 0.0;
            kes_kde *e = NULL;
            double t0 = now();
            s = kes_kde_create(X, n, d, n, &o, &e);
            if (!s) s = kes_kde_log_density(e, Q, m, m, v ? b : a);
            (v ? tb : ta)[k] = now() - t0;
            if (v) tree = kes_kde_has_tree(e);
            kes_kde_destroy(e);
        }
    }
    if (s) {
        fprintf(stderr, "bench_kde_tree: %s\n", kes_strerror(s));
        return 1;
    }
    double worst = 0;
    for (long q = 0; q < m; q++) worst = fmax(worst, fabs(expm1(b[q] - a[q])));
    double ma, sa, mb, sb;
    mean_se(ta, reps, &ma, &sa);
    mean_se(tb, reps, &mb, &sb);
    fprintf(csv, "kestrel exact,%ld,%ld,%ld,0,%.6f,%.6f,%ld,%ld,0\n", d, n, m, ma, sa, reps, m);
    fprintf(csv, "kestrel rtol (%s),%ld,%ld,%ld,%g,%.6f,%.6f,%ld,%ld,%.3e\n", tree ? "tree" : "fell back to exact", d, n,
            m, rtol, mb, sb, reps, m, worst);
    if (write_bin("bench_kde_tree", prefix, "X", X, (size_t)(n * d)) ||
        write_bin("bench_kde_tree", prefix, "Q", Q, (size_t)(m * d)) ||
        write_bin("bench_kde_tree", prefix, "exact", a, (size_t)m))
        return 1;
    free(X), free(Q), free(a), free(b), free(ta), free(tb);
    return 0;
}

static int bench_binned(int dim, long N, long reps, const char *prefix, FILE *csv)
{
    double *x = malloc(sizeof(double) * N * dim), *t = malloc(sizeof(double) * reps);
    kes_rng r;
    kes_rng_init(&r, 3, 0);
    kes_rng_fill_normal(&r, (size_t)(N * dim), x);
    int64_t M[2];
    double lo[2], hi[2], H[4] = {0.04, 0.015, 0.015, 0.03};
    kes_kde_opts o = kes_kde_opts_default();
    if (dim == 1) {
        for (long i = 0; i < N; i += 2) x[i] = 3.0 + 0.5 * x[i];
        M[0] = 4096, lo[0] = -6, hi[0] = 9;
        o.bandwidth = 0.1;
        o.binned_cutoff = 4.0;
    } else {
        for (long i = 0; i < N; i++) x[i + N] = 0.6 * x[i] + 0.8 * x[i + N];
        M[0] = M[1] = 151, lo[0] = lo[1] = -6, hi[0] = hi[1] = 6;
        o.bandwidth_matrix = H;
    }
    long G = dim == 1 ? M[0] : M[0] * M[1];
    double *f = malloc(sizeof(double) * G);
    kes_kde_binned *b = NULL;
    double t0 = now();
    kes_status s = kes_kde_binned_create(dim, M, lo, hi, &o, &b);
    double tplan = now() - t0;
    for (long k = 0; k < reps && !s; k++) {
        t0 = now();
        s = kes_kde_binned_execute(b, x, N, N, NULL, f);
        t[k] = now() - t0;
    }
    kes_kde_binned_destroy(b);
    if (s) {
        fprintf(stderr, "bench_kde_tree: binned: %s\n", kes_strerror(s));
        return 1;
    }
    double mt, st;
    mean_se(t, reps, &mt, &st);
    fprintf(csv, "kestrel binned %dd (plan %.4f s),%d,%ld,%ld,0,%.6f,%.6f,%ld,%ld,0\n", dim, tplan, dim, N, G, mt, st, reps,
            G);
    if (write_bin("bench_kde_tree", prefix, "x", x, (size_t)(N * dim)) ||
        write_bin("bench_kde_tree", prefix, "f", f, (size_t)G))
        return 1;
    free(x), free(f), free(t);
    return 0;
}

int main(int argc, char **argv)
{
    long n = 100000, m = 10000, d = 2, reps = 3, binned1 = 0, binned2 = 0;
    double rtol = 1e-4;
    int tol = 0;
    const char *prefix = NULL, *csvp = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) {
            printf("usage: %s --tol --n N --m M --d D [--rtol R] [--reps K] --data PREFIX --csv FILE\n"
                   "       %s --binned1 N | --binned2 N [--reps K] --data PREFIX --csv FILE\n",
                   argv[0], argv[0]);
            return 0;
        }
        if (!strcmp(a, "--tol")) {
            tol = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "%s: %s needs a value\n", argv[0], a);
            return 2;
        }
        if (!strcmp(a, "--n")) n = atol(v);
        else if (!strcmp(a, "--m")) m = atol(v);
        else if (!strcmp(a, "--d")) d = atol(v);
        else if (!strcmp(a, "--rtol")) rtol = atof(v);
        else if (!strcmp(a, "--reps")) reps = atol(v);
        else if (!strcmp(a, "--binned1")) binned1 = atol(v);
        else if (!strcmp(a, "--binned2")) binned2 = atol(v);
        else if (!strcmp(a, "--data")) prefix = v;
        else if (!strcmp(a, "--csv")) csvp = v;
        else {
            fprintf(stderr, "%s: unknown option %s\n", argv[0], a);
            return 2;
        }
        i++;
    }
    if (!prefix || !csvp || n < 1 || m < 1 || d < 1 || reps < 1 || !(tol || binned1 > 0 || binned2 > 0)) {
        fprintf(stderr, "%s: bad arguments (see --help)\n", argv[0]);
        return 2;
    }
    FILE *csv = fopen(csvp, "w");
    if (!csv) return 1;
    fprintf(csv, "tool,d,n,m,rtol,mean_s,se_s,reps,m_timed,maxrel\n");
    int rc = tol ? bench_tol(n, m, d, rtol, reps, prefix, csv)
                 : bench_binned(binned1 > 0 ? 1 : 2, binned1 > 0 ? binned1 : binned2, reps, prefix, csv);
    fclose(csv);
    return rc;
}
