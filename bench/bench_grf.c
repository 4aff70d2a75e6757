/* bench_grf: graph random features (GRF) against exact dense kernels.
 *
 *   bench_grf [quick|default|full|scale] [karate edge list] [csv dir]
 *
 * 1. accuracy: relative Frobenius error of Phi1 Phi2^T against the exact
 *    kernel (LAPACK dsyevd), mean over 5 seeds, c = 0.25, p_halt = 0.5,
 *    m = 2 / 8 / 32, 1-reg, 2-reg, diffusion on a grid, an Erdos-Renyi graph,
 *    a binary tree and karate; issue 4 targets and the numpy reference
 *    ranges of features.md 5.2.
 * 2. crossover: GRF build (m = 64, p_halt = 0.1, OpenMP threads as set)
 *    against the exact regularised kernel through a Cholesky inverse
 *    (dpotrf + dpotri, the peer), ER graphs of mean degree 10, sigma^2 = 1,
 *    n = 2k, 5k (quick), 10k (default), 20k (full).
 * 3. scale: features of a 10^6-node grid (full; 10^5 otherwise).
 * 4. mesh regression: vertex normals of a triangulated torus from half the
 *    vertices, kernel ridge regression (lambda = 1e-3) with the diffusion
 *    kernel exp(0.9 W^): GRF (m = 4/16/64, p_halt = 0.3) against the exact
 *    kernel, mean cosine similarity.
 * CSV files go to the csv dir (default bench/results) as grf_<part>_<mode>.csv. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/graph.h"
#include "dense_testutil.h"
#include "../tests/graph_fixtures.h"

#define FLEN 64

static double now(void) { return omp_get_wtime(); }

static void die(const char *what, kes_status s)
{
    fprintf(stderr, "bench_grf: %s: %s\n", what, kes_strerror(s));
    exit(1);
}

typedef struct { kes_grf_kernel kind; double param; } series_t;

static double series_fn(double x, void *ctx)
{
    const series_t *s = ctx;
    if (s->kind == KES_GRF_REGULARIZED) return pow(1.0 - x, -s->param);
    return exp(s->param * x);
}

static kes_csr *adjacency(kes_csr *W, double c)
{
    kes_csr *U = NULL;
    kes_status s = kes_graph_normalized_adjacency(W, c, &U);
    if (s) die("normalized adjacency", s);
    kes_csr_destroy(W);
    return U;
}

static double grf_error(const kes_csr *U, const double *f, const kes_grf_opts *o, uint64_t seed, kes_mat K, double scale,
                        kes_mat E)
{
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_csr *P1 = NULL, *P2 = NULL;
    kes_status s = kes_grf_features(U, f, FLEN, o, &rng, &P1);
    if (!s) s = kes_grf_features(U, f, FLEN, o, &rng, &P2);
    if (!s) s = kes_grf_kernel_dense(P1, P2, 0, scale, E);
    if (s) die("grf features", s);
    kes_csr_destroy(P1);
    kes_csr_destroy(P2);
    return gf_rel_frob(E.data, E.ld, K.data, K.ld, K.nrows);
}

/* ------------------------------------------------------------ accuracy */
static int accuracy(FILE *csv, const char *karate)
{
    struct { const char *name; kes_csr *W; } graphs[4] = {
        {"grid 20x20", gf_grid(20, 20)},
        {"ER(200,0.03)", gf_erdos_renyi(200, 0.03, 4)},
        {"binary tree 127", gf_binary_tree(7)},
        {"karate", gf_read_edges(karate)},
    };
    struct { kes_grf_kernel kind; double param, t8, t32; const char *name, *numpy; } kern[3] = {
        {KES_GRF_REGULARIZED, 1.0, 0.11, 0.056, "1-reg", "0.081-0.097 / 0.042-0.046"},
        {KES_GRF_REGULARIZED, 2.0, 0.23, 0.115, "2-reg", "0.161-0.191 / 0.082-0.094"},
        {KES_GRF_DIFFUSION, 1.0, 0.11, 0.055, "diffusion", "0.078-0.086 / 0.039-0.044"},
    };
    int ms[3] = {2, 8, 32}, misses = 0;
    printf("\n== 1. accuracy: ||K - Phi1 Phi2^T||_F / ||K||_F, mean of 5 seeds, c = 0.25, p_halt = 0.5 ==\n");
    printf("peer: exact kernel (LAPACK dsyevd); numpy reference ranges from features.md 5.2 (m=8 / m=32)\n");
    printf("%-16s %-10s %8s %8s %8s %10s %8s %8s %-6s %s\n", "graph", "kernel", "m=2", "m=8", "m=32", "e8/e32",
           "tgt m=8", "tgt m=32", "ok", "numpy m=8 / m=32");
    fprintf(csv, "graph,n,kernel,m,err_mean,target\n");
    for (int g = 0; g < 4; g++) {
        if (!graphs[g].W) {
            fprintf(stderr, "bench_grf: cannot read %s\n", karate);
            return 1;
        }
        kes_csr *U = adjacency(graphs[g].W, 0.25);
        int64_t n = U->nrows;
        kes_mat K, E;
        tmat_alloc(n, n, &K);
        tmat_alloc(n, n, &E);
        for (int k = 0; k < 3; k++) {
            series_t st = {kern[k].kind, kern[k].param};
            kes_status s = kes_graph_spectral(U, series_fn, &st, K);
            if (s) die("exact kernel", s);
            double f[FLEN], e[3];
            kes_grf_modulation(kern[k].kind, kern[k].param, FLEN, f);
            for (int mi = 0; mi < 3; mi++) {
                kes_grf_opts o = kes_grf_opts_default();
                o.walkers = ms[mi];
                double acc = 0.0;
                for (int seed = 0; seed < 5; seed++) acc += grf_error(U, f, &o, 1000 * (uint64_t)g + seed, K, 1.0, E);
                e[mi] = acc / 5;
                fprintf(csv, "%s,%lld,%s,%d,%.5f,%.3f\n", graphs[g].name, (long long)n, kern[k].name, ms[mi], e[mi],
                        mi == 1 ? kern[k].t8 : mi == 2 ? kern[k].t32 : NAN);
            }
            int ok = e[1] <= kern[k].t8 && e[2] <= kern[k].t32;
            misses += !ok;
            printf("%-16s %-10s %8.4f %8.4f %8.4f %10.2f %8.3f %8.3f %-6s %s\n", graphs[g].name, kern[k].name, e[0],
                   e[1], e[2], e[1] / e[2], kern[k].t8, kern[k].t32, ok ? "yes" : "NO", kern[k].numpy);
        }
        tmat_free(&K);
        tmat_free(&E);
        kes_csr_destroy(U);
    }
    printf("(1/sqrt(m) law: e8/e32 should be close to 2)\n");
    return misses;
}

/* ----------------------------------------------------------- crossover */
static void crossover(FILE *csv, const int64_t *sizes, int nsizes)
{
    printf("\n== 2. crossover: GRF build (m = 64, p_halt = 0.1, %d threads) vs exact Cholesky inverse ==\n",
           omp_get_max_threads());
    printf("ER graphs, mean degree 10, sigma^2 = 1 (U = 0.5 W^); peer: kes_graph_kernel_regularized d = 1\n");
    printf("(dense I + L~, dpotrf + dpotri); the 2-reg error is K2 = Phi1 Phi2^T / 4 vs exact (n = 2000 only)\n");
    printf("%8s %12s %12s %10s %12s %10s %s\n", "n", "exact [s]", "GRF [s]", "speedup", "nnz/row", "err 2-reg",
           "faster?");
    fprintf(csv, "n,exact_s,grf_s,speedup,nnz_per_row,err2\n");
    for (int k = 0; k < nsizes; k++) {
        int64_t n = sizes[k];
        kes_csr *W = gf_erdos_renyi(n, 10.0 / (double)n, 17), *U = NULL;
        kes_status s = kes_graph_normalized_adjacency(W, 0.5, &U);
        if (s) die("adjacency", s);
        kes_mat K;
        s = tmat_alloc(n, n, &K);
        if (s) die("alloc", s);
        double t0 = now();
        s = kes_graph_kernel_regularized(W, KES_LAPLACIAN_NORMALIZED, 1.0, 1, K);
        double te = now() - t0;
        if (s) die("exact regularized", s);
        double f[FLEN];
        for (int i = 0; i < FLEN; i++) f[i] = 1.0;
        kes_grf_opts o = kes_grf_opts_default();
        o.walkers = 64;
        o.p_halt = 0.1;
        kes_rng rng;
        kes_rng_init(&rng, 5, 0);
        kes_csr *P1 = NULL, *P2 = NULL;
        t0 = now();
        s = kes_grf_features(U, f, FLEN, &o, &rng, &P1);
        double tg = now() - t0;
        if (s) die("grf", s);
        double err = NAN;
        if (n <= 2000) {
            kes_mat K2, E;
            tmat_alloc(n, n, &K2);
            tmat_alloc(n, n, &E);
            kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(K), kes_mat_const(K), 0.0, K2);
            if (kes_grf_features(U, f, FLEN, &o, &rng, &P2) == KES_OK &&
                kes_grf_kernel_dense(P1, P2, 0, 0.25, E) == KES_OK)
                err = gf_rel_frob(E.data, E.ld, K2.data, K2.ld, n);
            tmat_free(&K2);
            tmat_free(&E);
        }
        printf("%8lld %12.3f %12.3f %10.1f %12.1f %10.4f %s\n", (long long)n, te, tg, te / tg,
               (double)P1->nnz / (double)n, err, tg < te ? "yes" : "no");
        fprintf(csv, "%lld,%.4f,%.4f,%.3f,%.2f,%.5f\n", (long long)n, te, tg, te / tg, (double)P1->nnz / (double)n,
                err);
        fflush(stdout);
        tmat_free(&K);
        kes_csr_destroy(P1);
        kes_csr_destroy(P2);
        kes_csr_destroy(U);
        kes_csr_destroy(W);
    }
    printf("(target: GRF faster from n = 5000 upward)\n");
}

/* --------------------------------------------------------------- scale */
static void scale(FILE *csv, int64_t side)
{
    printf("\n== 3. scale: grid %lld x %lld (n = %lld), diffusion kernel exp(0.5 W^) ==\n", (long long)side,
           (long long)side, (long long)(side * side));
    printf("%6s %8s %10s %12s %12s %s\n", "m", "p_halt", "build [s]", "nnz/row", "MB", "under 60 s?");
    fprintf(csv, "n,m,p_halt,build_s,nnz_per_row\n");
    kes_csr *U = adjacency(gf_grid(side, side), 0.5);
    double f[FLEN];
    kes_grf_modulation(KES_GRF_DIFFUSION, 1.0, FLEN, f);
    int ms[2] = {16, 64};
    for (int k = 0; k < 2; k++) {
        kes_grf_opts o = kes_grf_opts_default();
        o.walkers = ms[k];
        kes_rng rng;
        kes_rng_init(&rng, 1, 0);
        kes_csr *P = NULL;
        double t0 = now();
        kes_status s = kes_grf_features(U, f, FLEN, &o, &rng, &P);
        double t = now() - t0;
        if (s) die("scale features", s);
        double per = (double)P->nnz / (double)U->nrows;
        printf("%6d %8.2f %10.2f %12.1f %12.0f %s\n", ms[k], o.p_halt, t, per, (double)P->nnz * 12.0 / 1e6,
               t < 60 ? "yes" : "NO");
        fprintf(csv, "%lld,%d,%.2f,%.3f,%.2f\n", (long long)U->nrows, ms[k], o.p_halt, t, per);
        kes_csr_destroy(P);
    }
    kes_csr_destroy(U);
}

/* ---------------------------------------------------------------- mesh */
static double mean_cosine(const double *pred, const int64_t *test, int64_t nt, int64_t n, int64_t nu, int64_t nv)
{
    double acc = 0.0;
    for (int64_t t = 0; t < nt; t++) {
        double nr[3], p[3] = {pred[test[t]], pred[n + test[t]], pred[2 * n + test[t]]};
        gf_torus_normal(nu, nv, test[t], nr);
        double pn = sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
        acc += (p[0] * nr[0] + p[1] * nr[1] + p[2] * nr[2]) / pn;
    }
    return acc / (double)nt;
}

static int mesh(FILE *csv, int64_t nu, int64_t nv)
{
    int64_t n = nu * nv;
    kes_csr *U = adjacency(gf_torus(nu, nv), 0.9);
    /* random half of the vertices as training set */
    int64_t *perm = malloc((size_t)n * sizeof *perm);
    for (int64_t i = 0; i < n; i++) perm[i] = i;
    kes_rng rng;
    kes_rng_init(&rng, 77, 0);
    for (int64_t i = n - 1; i > 0; i--) {
        int64_t j = (int64_t)kes_rng_uint(&rng, (uint64_t)(i + 1)), t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
    int64_t ntr = n / 2, nte = n - ntr, *train = perm, *test = perm + ntr;
    double *y = malloc((size_t)(3 * ntr) * sizeof *y), *pred = malloc((size_t)(3 * n) * sizeof *pred);
    for (int64_t t = 0; t < ntr; t++) {
        double nr[3];
        gf_torus_normal(nu, nv, train[t], nr);
        for (int d = 0; d < 3; d++) y[d * ntr + t] = nr[d];
    }
    /* exact: K = exp(U), dense KRR by Cholesky */
    kes_mat K, A, B;
    tmat_alloc(n, n, &K);
    tmat_alloc(ntr, ntr, &A);
    tmat_alloc(ntr, 3, &B);
    series_t st = {KES_GRF_DIFFUSION, 1.0};
    double t0 = now();
    kes_status s = kes_graph_spectral(U, series_fn, &st, K);
    if (s) die("exact mesh kernel", s);
    for (int64_t a = 0; a < ntr; a++) {
        for (int64_t b = 0; b < ntr; b++) A.data[a + b * ntr] = kes_mat_get(K, train[a], train[b]) + (a == b ? 1e-3 : 0);
        for (int d = 0; d < 3; d++) B.data[a + d * ntr] = y[d * ntr + a];
    }
    if ((s = kes_mat_cholesky(A)) || (s = kes_mat_cholesky_solve(kes_mat_const(A), B))) die("exact KRR", s);
    for (int64_t i = 0; i < n; i++)
        for (int d = 0; d < 3; d++) {
            double p = 0.0;
            for (int64_t b = 0; b < ntr; b++) p += kes_mat_get(K, i, train[b]) * B.data[b + d * ntr];
            pred[d * n + i] = p;
        }
    double te = now() - t0, cos_exact = mean_cosine(pred, test, nte, n, nu, nv);
    printf("\n== 4. mesh regression: torus %lldx%lld (n = %lld), normals of %lld test vertices from %lld ==\n",
           (long long)nu, (long long)nv, (long long)n, (long long)nte, (long long)ntr);
    printf("diffusion kernel exp(0.9 W^), KRR lambda = 1e-3; GRF p_halt = 0.3, K^ = (P1 P1^T + P2 P2^T)/2, CG\n");
    printf("%-10s %12s %10s %12s %s\n", "method", "mean cos", "time [s]", "cos - exact", "within 0.005?");
    printf("%-10s %12.5f %10.3f %12s\n", "exact", cos_exact, te, "-");
    fprintf(csv, "n,method,m,mean_cos,time_s\n%lld,exact,0,%.6f,%.4f\n", (long long)n, cos_exact, te);
    double f[FLEN];
    kes_grf_modulation(KES_GRF_DIFFUSION, 1.0, FLEN, f);
    int ms[3] = {4, 16, 64}, miss = 0;
    for (int k = 0; k < 3; k++) {
        kes_grf_opts o = kes_grf_opts_default();
        o.walkers = ms[k];
        o.p_halt = 0.3;
        kes_csr *P1 = NULL, *P2 = NULL;
        t0 = now();
        if ((s = kes_grf_features(U, f, FLEN, &o, &rng, &P1)) || (s = kes_grf_features(U, f, FLEN, &o, &rng, &P2)))
            die("mesh features", s);
        for (int d = 0; d < 3; d++) {
            s = kes_grf_krr(P1, P2, 1.0, train, ntr, y + d * ntr, 1e-3, 1e-10, 0, pred + d * n, NULL);
            if (s) die("grf krr", s);
        }
        double tg = now() - t0, c = mean_cosine(pred, test, nte, n, nu, nv);
        char lab[16];
        snprintf(lab, sizeof lab, "GRF m=%d", ms[k]);
        int ok = c >= cos_exact - 0.005;
        if (ms[k] == 64) miss += !ok;
        printf("%-10s %12.5f %10.3f %12.5f %s\n", lab, c, tg, c - cos_exact, ms[k] == 64 ? (ok ? "yes" : "NO") : "");
        fprintf(csv, "%lld,grf,%d,%.6f,%.4f\n", (long long)n, ms[k], c, tg);
        kes_csr_destroy(P1);
        kes_csr_destroy(P2);
    }
    tmat_free(&K), tmat_free(&A), tmat_free(&B);
    free(perm), free(y), free(pred);
    kes_csr_destroy(U);
    return miss;
}

static FILE *open_csv(const char *dir, const char *name, const char *mode)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/grf_%s_%s.csv", dir, name, mode);
    FILE *fp = fopen(path, "w");
    if (!fp) {
        fprintf(stderr, "bench_grf: cannot write %s\n", path);
        exit(1);
    }
    return fp;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "default";
    if (!strcmp(mode, "--help") || !strcmp(mode, "-h")) {
        printf("usage: bench_grf [quick|default|full|scale|crossover] [karate edge list] [csv dir]\n"
               "  quick: crossover at 2k, 5k, scale 4e4 nodes, mesh 40x20; default: + 10k, 2.5e5 nodes, mesh 80x40;\n"
               "  full: + 20k, 10^6 nodes; scale: only the 10^6-node run; crossover: only the crossover, 2k-20k\n");
        return 0;
    }
    const char *karate = argc > 2 ? argv[2] : "tests/data/graph_karate.txt";
    const char *dir = argc > 3 ? argv[3] : "bench/results";
    int quick = !strcmp(mode, "quick"), full = !strcmp(mode, "full");
    if (!strcmp(mode, "scale")) {
        /* only the 10^6-node scale run of the full mode */
        FILE *c3 = open_csv(dir, "scale", mode);
        scale(c3, 1000);
        fclose(c3);
        return 0;
    }
    int64_t sizes[4] = {2000, 5000, 10000, 20000};
    if (!strcmp(mode, "crossover")) {
        /* only the crossover table of the full mode (about 6.5 GB at n = 20k) */
        FILE *c2 = open_csv(dir, "crossover", mode);
        crossover(c2, sizes, 4);
        fclose(c2);
        return 0;
    }
    printf("bench_grf (%s mode), %d OpenMP threads; timings on a shared machine are noisy\n", mode,
           omp_get_max_threads());
    FILE *c1 = open_csv(dir, "accuracy", mode), *c2 = open_csv(dir, "crossover", mode);
    FILE *c3 = open_csv(dir, "scale", mode), *c4 = open_csv(dir, "mesh", mode);
    int miss = accuracy(c1, karate);
    crossover(c2, sizes, quick ? 2 : full ? 4 : 3);
    scale(c3, full ? 1000 : quick ? 200 : 500);
    miss += mesh(c4, 40, 20);
    if (!quick) miss += mesh(c4, 80, 40);
    fclose(c1), fclose(c2), fclose(c3), fclose(c4);
    printf("\n%d target(s) missed\n", miss);
    return 0;
}
