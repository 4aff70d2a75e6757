/*
 * bench_rff: Kestrel's Euclidean random features (RFF, ORF, Nystrom) on the
 * reference problem of features.md §2.4: n points X ~ N(0, I_d), Gaussian
 * kernel exp(-gamma |x - y|^2).  For each method: relative Frobenius error of
 * Z_s Z_s^T against the exact kernel on the first `sub` rows (the rows are
 * iid, so this is a uniform subset; scikit-learn is scored on the same rows),
 * mean over seeds, and the transform time of all n rows (median and minimum
 * of reps: on a shared machine the minimum is the least disturbed run).
 *
 * The peer (scikit-learn RBFSampler / Nystroem) runs in bench/rff_sklearn.py
 * on the data file this program writes; bench/run_features.sh runs both and
 * prints the joint table with ratios.
 *
 * Usage: bench_rff [--n N] [--d D] [--features F] [--gamma G] [--sub S]
 *                  [--seeds K] [--reps R] [--data FILE] [--csv FILE] [--help]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"
#include "dense_testutil.h"
#include "bench_util.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    int64_t n, d, D, sub;
    double gamma;
    int seeds, reps;
    const char *data, *csv;
} config;

/* One method: how to build its plan and transform. */
typedef enum { M_RFF, M_RFF_SINCOS, M_ORF, M_ORF_SINCOS, M_NYSTROM } method;
static const char *method_name[] = {"rff_cos", "rff_sincos", "orf_cos", "orf_sincos", "nystrom"};

typedef struct {
    kes_rff *rff;
    kes_nystrom *nys;
} plan;

static kes_status plan_make(method m, const kes_kernel *k, kes_mat X, int64_t D, uint64_t seed, plan *p)
{
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    p->rff = NULL;
    p->nys = NULL;
    if (m == M_NYSTROM) return kes_nystrom_create(k, kes_mat_const(X), D, 0.0, &r, &p->nys);
    kes_rff_opts o = {.map = (m == M_RFF_SINCOS || m == M_ORF_SINCOS) ? KES_RF_SINCOS : KES_RF_COS,
                      .orthogonal = m == M_ORF || m == M_ORF_SINCOS};
    return kes_rff_create(k, X.ncols, D, &o, &r, &p->rff);
}

static kes_status plan_apply(const plan *p, kes_mat X, kes_mat Z)
{
    return p->rff ? kes_rff_transform(p->rff, kes_mat_const(X), Z) : kes_nystrom_transform(p->nys, kes_mat_const(X), Z);
}

static void plan_free(plan *p)
{
    kes_rff_destroy(p->rff);
    kes_nystrom_destroy(p->nys);
}

static double rel_frob_gram(kes_mat Zs, kes_mat K, kes_mat G)
{
    kes_blas_syrk(KES_LOWER, KES_NOTRANS, 1.0, kes_mat_const(Zs), 0.0, G);
    double num = 0, den = 0;
    for (int64_t j = 0; j < K.ncols; j++)
        for (int64_t i = j; i < K.nrows; i++) {
            double w = i == j ? 1.0 : 2.0, e = G.data[i + j * G.ld] - K.data[i + j * K.ld];
            num += w * e * e;
            den += w * K.data[i + j * K.ld] * K.data[i + j * K.ld];
        }
    return sqrt(num / den);
}

static void usage(void)
{
    puts("bench_rff: Kestrel RFF / ORF / Nystrom against the exact Gaussian kernel.\n"
         "  --n N          points (10000)\n"
         "  --d D          dimension (16)\n"
         "  --features F   output features / landmarks (1024)\n"
         "  --gamma G      kernel exp(-G |x-y|^2) (0.03125)\n"
         "  --sub S        rows scored against the exact kernel (2000)\n"
         "  --seeds K      seeds averaged for the error (3)\n"
         "  --reps R       timed transforms, median reported (7)\n"
         "  --data FILE    write X (float64, column-major n x d) for the peer script\n"
         "  --csv FILE     write results as CSV\n"
         "  --help         this text");
}

int main(int argc, char **argv)
{
    config c = {.n = 10000, .d = 16, .D = 1024, .sub = 2000, .gamma = 1.0 / 32, .seeds = 3, .reps = 7};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help")) {
            usage();
            return 0;
        }
        if (!v) {
            fprintf(stderr, "missing value for %s\n", a);
            return 2;
        }
        if (!strcmp(a, "--n")) c.n = atoll(v);
        else if (!strcmp(a, "--d")) c.d = atoll(v);
        else if (!strcmp(a, "--features")) c.D = atoll(v);
        else if (!strcmp(a, "--gamma")) c.gamma = atof(v);
        else if (!strcmp(a, "--sub")) c.sub = atoll(v);
        else if (!strcmp(a, "--seeds")) c.seeds = atoi(v);
        else if (!strcmp(a, "--reps")) c.reps = atoi(v);
        else if (!strcmp(a, "--data")) c.data = v;
        else if (!strcmp(a, "--csv")) c.csv = v;
        else {
            fprintf(stderr, "unknown option %s (try --help)\n", a);
            return 2;
        }
        i++;
    }
    if (c.n < 1 || c.d < 1 || c.D < 2 || c.D % 2 || c.sub < 1 || c.sub > c.n || c.seeds < 1 || c.reps < 1 ||
        !(c.gamma > 0)) {
        fprintf(stderr, "bad configuration\n");
        return 2;
    }
    if (c.D > c.n) c.D = c.n;

    kes_mat X, Z, K, G;
    kes_rng r;
    kes_rng_init(&r, 20261123, 0);
    if (tmat_alloc(c.n, c.d, &X) || tmat_alloc(c.n, c.D, &Z) || tmat_alloc(c.sub, c.sub, &K) ||
        tmat_alloc(c.sub, c.sub, &G)) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    kes_rng_fill_normal(&r, (int64_t)(c.n * c.d), X.data);
    if (c.data) {
        FILE *f = fopen(c.data, "wb");
        if (!f || fwrite(X.data, sizeof(double), (size_t)(c.n * c.d), f) != (size_t)(c.n * c.d)) {
            fprintf(stderr, "cannot write %s\n", c.data);
            return 1;
        }
        fclose(f);
    }
    kes_kernel k = kes_kernel_gaussian(1.0 / sqrt(2.0 * c.gamma));
    kes_mat Xs = kes_mat_submatrix(X, 0, 0, c.sub, c.d);
    double t0 = now();
    kes_kernel_matrix(&k, kes_mat_const(Xs), kes_mat_const(Xs), K);
    double t_exact = now() - t0;

    FILE *csv = c.csv ? fopen(c.csv, "w") : NULL;
    if (csv) fprintf(csv, "library,method,n,d,features,gamma,sub,seeds,rel_frob_err,fit_s,transform_s,transform_min_s\n");
    printf("# n=%lld d=%lld features=%lld gamma=%g scored rows=%lld seeds=%d; exact kernel on %lld rows: %.3f s\n",
           (long long)c.n, (long long)c.d, (long long)c.D, c.gamma, (long long)c.sub, c.seeds, (long long)c.sub,
           t_exact);
    printf("%-12s %12s %10s %12s %12s\n", "method", "rel_err", "fit_s", "transform_s", "min_s");
    double *times = malloc((size_t)c.reps * sizeof *times);
    for (int m = M_RFF; m <= M_NYSTROM; m++) {
        double err = 0, fit = 0;
        for (int s = 0; s < c.seeds; s++) {
            plan p;
            t0 = now();
            kes_status st = plan_make((method)m, &k, X, c.D, 1000 + (uint64_t)s, &p);
            fit += (now() - t0) / c.seeds;
            if (st || (st = plan_apply(&p, X, Z))) {
                fprintf(stderr, "%s: %s\n", method_name[m], kes_strerror(st));
                return 1;
            }
            /* timed before the error's syrk, so that no BLAS thread pool is
             * still spinning from the scoring when the transform starts */
            if (s == 0)
                for (int t = 0; t < c.reps; t++) {
                    t0 = now();
                    plan_apply(&p, X, Z);
                    times[t] = now() - t0;
                }
            err += rel_frob_gram(kes_mat_submatrix(Z, 0, 0, c.sub, c.D), K, G) / c.seeds;
            plan_free(&p);
        }
        qsort(times, (size_t)c.reps, sizeof *times, cmp_double);
        double tt = times[c.reps / 2], tmin = times[0];
        printf("%-12s %12.5f %10.4f %12.4f %12.4f\n", method_name[m], err, fit, tt, tmin);
        if (csv)
            fprintf(csv, "kestrel,%s,%lld,%lld,%lld,%.10g,%lld,%d,%.6g,%.6g,%.6g,%.6g\n", method_name[m],
                    (long long)c.n, (long long)c.d, (long long)c.D, c.gamma, (long long)c.sub, c.seeds, err, fit, tt,
                    tmin);
    }
    if (csv) fclose(csv);
    free(times);
    tmat_free(&X);
    tmat_free(&Z);
    tmat_free(&K);
    tmat_free(&G);
    return 0;
}
