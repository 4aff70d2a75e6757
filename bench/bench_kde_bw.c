/* One-dimensional bandwidth selectors timed on a data file, for
 * bench/run_kde_bw.sh (the R side runs KernSmooth::dpik and stats::bw.SJ on
 * the same file in the same run).
 *
 *   bench_kde_bw --data FILE --n N [--reps 5] [--csv FILE] [--data2 FILE2 --n2 N2]
 *
 * FILE holds N doubles (native binary, as R's writeBin writes them);
 * FILE2, if given, N2 x 2 doubles column-major for kes_kde_bw_hpi (timed
 * as the median of 3 single calls).  Each
 * selector is timed as the median over reps of the mean of an inner loop
 * lasting at least 0.05 s; the CSV has method,value,seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"
#include "bench_util.h"

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int run(int which, const double *x, int64_t n, double *h)
{
    switch (which) {
    case 0: return kes_kde_bw_sj_dpik(x, n, 0, h);
    case 1: return kes_kde_bw_sj(x, n, KES_KDE_SJ_STE, 0, h);
    case 2: return kes_kde_bw_sj(x, n, KES_KDE_SJ_DPI, 0, h);
    case 3: return kes_kde_bw_isj(x, n, 0, h);
    default: return kes_kde_bw_silverman(x, n, h);
    }
}

int main(int argc, char **argv)
{
    const char *data = NULL, *csv = NULL, *data2 = NULL;
    int64_t n = 0, n2 = 0;
    int reps = 5;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
        else if (!strcmp(argv[i], "--n") && i + 1 < argc) n = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv = argv[++i];
        else if (!strcmp(argv[i], "--data2") && i + 1 < argc) data2 = argv[++i];
        else if (!strcmp(argv[i], "--n2") && i + 1 < argc) n2 = atoll(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_kde_bw --data FILE --n N [--reps 5] [--csv FILE]\n");
            return 2;
        }
    }
    if (!data || n < 2 || reps < 1) return 2;
    double *x = malloc(sizeof(double) * n);
    FILE *f = fopen(data, "rb");
    if (!f || fread(x, sizeof(double), (size_t)n, f) != (size_t)n) return 1;
    fclose(f);
    const char *names[5] = {"dpik", "bw.SJ ste", "bw.SJ dpi", "ISJ", "bw.nrd0"};
    FILE *c = csv ? fopen(csv, "w") : stdout;
    fprintf(c, "tool,method,value,seconds\n");
    for (int w = 0; w < 5; w++) {
        double h = 0, *t = malloc(sizeof(double) * reps);
        for (int r = 0; r < reps; r++) {
            int k = 0;
            double t0 = now();
            do {
                if (run(w, x, n, &h)) return 1;
                k++;
            } while (now() - t0 < 0.05);
            t[r] = (now() - t0) / k;
        }
        qsort(t, reps, sizeof(double), cmpd);
        fprintf(c, "kestrel,%s,%.17g,%.6g\n", names[w], h, t[reps / 2]);
        free(t);
    }
    if (data2 && n2 >= 3) {
        double *X = malloc(sizeof(double) * 2 * n2), H[4], t[3];
        FILE *g = fopen(data2, "rb");
        if (!g || fread(X, sizeof(double), (size_t)(2 * n2), g) != (size_t)(2 * n2)) return 1;
        fclose(g);
        for (int r = 0; r < 3; r++) {
            double t0 = now();
            if (kes_kde_bw_hpi(X, n2, 2, n2, H)) return 1;
            t[r] = now() - t0;
        }
        qsort(t, 3, sizeof(double), cmpd);
        fprintf(c, "kestrel,Hpi H11,%.17g,%.6g\nkestrel,Hpi H12,%.17g,%.6g\nkestrel,Hpi H22,%.17g,%.6g\n", H[0], t[1], H[1],
                t[1], H[3], t[1]);
        free(X);
    }
    if (csv) fclose(c);
    free(x);
    return 0;
}
