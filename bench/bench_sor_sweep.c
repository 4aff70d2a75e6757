/* bench_sor_sweep: single-thread time per SOR sweep and per SOR iteration
 * (sweep + exact fused residual) on 5-point Laplacians, n = 1e4 .. 4e6,
 * against a textbook CSR SOR sweep (diagonal found by a branch, division
 * per row; the "naive" kernel of reference §4.4) and a CSR SpMV, with a
 * STREAM-style triad measured in the same run.
 *
 * Part 2: CG against SSOR-PCG (plain and Eisenstat) wall clock on the
 * Crank-Nicolson heat matrix I - kappa dt/2 Lh of reference §2 E2 (dt =
 * 1e-3, kappa = 10 and 0.1), n ~ 1e4, 4e4, 1.6e5, b ~ N(0, I), x0 = 0,
 * ||r|| <= 1e-8 ||b||; SSOR-PCG at omega = 1 and at the best omega of the
 * 20-point grid 1.00 .. 1.95 (by iterations).
 *
 * Usage: bench_sor_sweep [quick] [csv-path]
 *
 * Rows: the bare sweep; an SOR iteration of the step loop
 * (kes_solver_iterate: sweep + fused residual pass over U); an SOR iteration
 * inside kes_solver_solve (residual folded into the next sweep, one pass);
 * the textbook sweep; SpMV.
 *
 * Bytes per sweep use the byte model of reference §4.4: 12 B per nonzero
 * (value + int32 column) + 28 B per row (int32 row pointer, b, x read and
 * written).  The "kernel B/nnz" column counts what this library's sweep
 * actually streams: 12 B/nnz + 48 B/row (int64 row pointer, int64 diagonal
 * position, 1/a_ii, b, x read + write).  Fraction of triad = model GB/s /
 * triad GB/s. */
#define _POSIX_C_SOURCE 200809L
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../tests/solver_fixtures.h"
#include "bench_util.h"

/* STREAM triad a = b + s c (McCalpin), 24 B per element; best of reps. */
static double triad_gbs(size_t n, int reps)
{
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c);
    for (size_t i = 0; i < n; i++) a[i] = 0.0, b[i] = 1.0, c[i] = 2.0;
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++) a[i] = b[i] + 3.0 * c[i];
        double t = now() - t0;
        if (t < best) best = t;
        b[r % n] += a[(r * 7) % n] * 1e-300; /* keep the loop live */
    }
    free(a);
    free(b);
    free(c);
    return 24.0 * (double)n / best / 1e9;
}

/* Textbook CSR SOR sweep: one loop over the row, branch on the diagonal,
 * x_i = (1 - w) x_i + w s / a_ii. */
static void naive_sweep(const kes_csr *A, double w, const double *b, double *x)
{
    for (int64_t i = 0; i < A->nrows; i++) {
        double s = b[i], d = 1.0;
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
            if (A->colind[k] == i)
                d = A->val[k];
            else
                s -= A->val[k] * x[A->colind[k]];
        }
        x[i] = (1.0 - w) * x[i] + w * s / d;
    }
}

#define FUSED_BATCH 8

typedef struct {
    int kind; /* 0 library sweep, 1 SOR iteration (step loop), 2 SOR iteration (fused solve), 3 naive, 4 SpMV */
    kes_solver *S;
    const kes_csr *A;
    const double *b;
    double *x, *y;
    kes_solve_stats st;
} job;

static void run_once(job *j)
{
    switch (j->kind) {
    case 0: kes_solver_sor_sweep(j->S, j->b, j->x, NULL); break;
    case 1:
        if (kes_solver_iterate(j->S, &j->st) != KES_OK) {
            kes_solve_opts o = kes_solve_opts_default();
            o.tol = 1e-300;
            o.max_iter = INT64_MAX;
            kes_solver_start(j->S, j->b, j->x, &o, &j->st);
            kes_solver_iterate(j->S, &j->st);
        }
        break;
    case 2: {
        /* kes_solver_solve's fused path: FUSED_BATCH iterations per call */
        kes_solve_opts o = kes_solve_opts_default();
        o.tol = 1e-300;
        o.max_iter = FUSED_BATCH;
        kes_solver_solve(j->S, j->b, j->x, &o, &j->st);
        break;
    }
    case 3: naive_sweep(j->A, 1.9, j->b, j->x); break;
    default: kes_csr_matvec(j->A, j->x, j->y); break;
    }
}

/* Median of 5 batches, each at least min_t seconds; seconds per call. */
static double time_job(job *j, double min_t)
{
    int reps = 1;
    for (;;) {
        double t0 = now();
        for (int r = 0; r < reps; r++) run_once(j);
        double t = now() - t0;
        if (t >= min_t / 5.0 || reps > (1 << 20)) break;
        reps *= 2;
    }
    double ts[5];
    for (int q = 0; q < 5; q++) {
        double t0 = now();
        for (int r = 0; r < reps; r++) run_once(j);
        ts[q] = (now() - t0) / reps;
    }
    for (int a = 0; a < 5; a++)
        for (int c = a + 1; c < 5; c++)
            if (ts[c] < ts[a]) {
                double t = ts[a];
                ts[a] = ts[c];
                ts[c] = t;
            }
    return ts[2];
}

static double solve_time(const kes_solver_type *T, const kes_csr *A, double w, const double *b, double *x,
                         int64_t *iters, int rounds)
{
    kes_solver *S;
    if (kes_solver_create(T, A, &S) != KES_OK) exit(1);
    kes_solver_set_omega(S, w);
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    kes_solve_stats st;
    double best = 1e30;
    for (int r = 0; r < rounds; r++) {
        double t0 = now();
        kes_solver_solve(S, b, x, &o, &st);
        double t = now() - t0;
        if (t < best) best = t;
    }
    *iters = st.iterations;
    kes_solver_destroy(S);
    return best;
}

/* Part 2: CG vs SSOR-PCG on the heat matrix (see the header comment). */
static void heat_table(FILE *f, int quick)
{
    printf("\nCG vs SSOR-PCG, heat matrix I - kappa dt/2 Lh (dt 1e-3), b ~ N(0,I), x0 = 0, tol 1e-8 "
           "(1 thread)\n");
    printf("%8s %6s  %-20s %6s %7s %10s %9s %9s\n", "n", "kappa", "method", "omega", "iters", "ms/solve",
           "ms/iter", "vs CG");
    if (f) fprintf(f, "\nn,kappa,method,omega,iterations,seconds,ratio_to_cg\n");
    const int nxs[3] = {100, 200, 400};
    const double kappas[2] = {10.0, 0.1};
    for (int q = 0; q < (quick ? 2 : 3); q++)
        for (int kk = 0; kk < 2; kk++) {
            kes_csr *A = fx_heat(nxs[q] - 1, kappas[kk], 1e-3);
            int64_t n = A->nrows, it;
            double *b = malloc((size_t)n * sizeof *b), *x = calloc((size_t)n, sizeof *x);
            kes_rng rng;
            kes_rng_init(&rng, 2024, 0);
            kes_rng_fill_normal(&rng, (int64_t)n, b);
            double best_w = 1.0;
            int64_t best_k = INT64_MAX;
            for (int a = 0; a < 20; a++) {
                double w = 1.0 + 0.05 * a;
                solve_time(kes_solver_pcg_eisenstat, A, w, b, x, &it, 1);
                if (it < best_k) best_k = it, best_w = w;
            }
            const char *names[5] = {"CG", "SSOR-PCG plain", "SSOR-PCG Eisenstat", "SSOR-PCG plain",
                                    "SSOR-PCG Eisenstat"};
            const kes_solver_type *types[5] = {kes_solver_cg, kes_solver_pcg_ssor, kes_solver_pcg_eisenstat,
                                               kes_solver_pcg_ssor, kes_solver_pcg_eisenstat};
            const double ws[5] = {1.0, 1.0, 1.0, best_w, best_w};
            double tcg = 0.0;
            for (int k = 0; k < 5; k++) {
                double t = solve_time(types[k], A, ws[k], b, x, &it, quick ? 2 : 5);
                if (k == 0) tcg = t;
                printf("%8lld %6.1f  %-20s %6.2f %7lld %10.3f %9.4f %9.2f\n", (long long)n, kappas[kk], names[k],
                       ws[k], (long long)it, 1e3 * t, 1e3 * t / (double)(it ? it : 1), t / tcg);
                if (f)
                    fprintf(f, "%lld,%.1f,%s,%.2f,%lld,%.6e,%.3f\n", (long long)n, kappas[kk], names[k], ws[k],
                            (long long)it, t, t / tcg);
            }
            kes_csr_destroy(A);
            free(b);
            free(x);
        }
}

int main(int argc, char **argv)
{
    int quick = 0;
    const char *csv = "bench/results/sor_sweep.csv";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: bench_sor_sweep [quick] [csv-path]\n  Single-thread SOR sweep / SOR iteration / "
                   "SpMV timings on 5-point Laplacians\n  against a textbook sweep and a STREAM triad "
                   "measured in the same run.\n");
            return 0;
        }
        if (!strcmp(argv[i], "quick"))
            quick = 1;
        else
            csv = argv[i];
    }
    omp_set_num_threads(1);
    double min_t = quick ? 0.15 : 0.6;
    double triad = triad_gbs((size_t)1 << (quick ? 23 : 24), quick ? 10 : 20);
    printf("STREAM-style triad (1 thread, %s doubles): %.2f GB/s\n", quick ? "8M" : "16M", triad);
    FILE *f = fopen(csv, "w");
    if (f)
        fprintf(f, "n,nnz,kernel,seconds,model_bytes,model_gbs,frac_triad,kernel_bytes_per_nnz,triad_gbs\n");
    printf("%9s %9s  %-14s %10s %9s %8s %10s %9s %9s\n", "n", "nnz", "kernel", "ms/call", "model GB/s",
           "frac", "kernel B/nnz", "vs naive", "vs SpMV");
    const int ms[5] = {100, 200, 500, 1000, 2000};
    for (int q = 0; q < (quick ? 4 : 5); q++) {
        int m = ms[q];
        kes_csr *A = fx_laplacian(m, 0.0);
        int64_t n = A->nrows, nnz = A->nnz;
        double *b = malloc((size_t)n * sizeof *b), *x = calloc((size_t)n, sizeof *x),
               *y = calloc((size_t)n, sizeof *y);
        for (int64_t i = 0; i < n; i++) b[i] = 1.0;
        kes_solver *S;
        if (kes_solver_create(kes_solver_sor, A, &S) != KES_OK) return 1;
        kes_solver_set_omega(S, 1.9);
        const char *names[5] = {"sor-sweep", "sor-iter-step", "sor-iter-fused", "naive-sweep", "spmv"};
        /* bytes: model (reference §4.4) and what each kernel streams.  The
         * step-loop iteration adds the U-pass residual (6 B/nnz + 24 B/row
         * by the reference, plus delta written by the sweep); the fused
         * iteration reads and writes delta inside the sweep (16 B/row). */
        double model[5] = {12.0 * nnz + 28.0 * n, 12.0 * nnz + 28.0 * n + 6.0 * nnz + 24.0 * n,
                           12.0 * nnz + 44.0 * n, 12.0 * nnz + 28.0 * n, 12.0 * nnz + 24.0 * n};
        double kern[5] = {12.0 * nnz + 48.0 * n, 12.0 * nnz + 56.0 * n + 6.0 * nnz + 32.0 * n,
                          12.0 * nnz + 64.0 * n, 12.0 * nnz + 32.0 * n, 12.0 * nnz + 24.0 * n};
        double t[5];
        for (int k = 0; k < 5; k++) {
            job j = {k, S, A, b, x, y, {0}};
            memset(x, 0, (size_t)n * sizeof *x);
            if (k == 1) {
                kes_solve_opts o = kes_solve_opts_default();
                o.tol = 1e-300;
                o.max_iter = INT64_MAX;
                kes_solver_start(S, b, x, &o, &j.st);
            }
            t[k] = time_job(&j, min_t);
            if (k == 2) t[k] /= FUSED_BATCH;
        }
        for (int k = 0; k < 5; k++) {
            double gbs = model[k] / t[k] / 1e9;
            printf("%9lld %9lld  %-14s %10.3f %9.2f %8.2f %10.1f", (long long)n, (long long)nnz, names[k],
                   1e3 * t[k], gbs, gbs / triad, kern[k] / (double)nnz);
            if (k == 0)
                printf(" %8.2fx %8.2fx\n", t[3] / t[0], t[4] / t[0]);
            else
                printf("\n");
            if (f)
                fprintf(f, "%lld,%lld,%s,%.6e,%.0f,%.3f,%.3f,%.2f,%.2f\n", (long long)n, (long long)nnz, names[k],
                        t[k], model[k], gbs, gbs / triad, kern[k] / (double)nnz, triad);
        }
        kes_solver_destroy(S);
        kes_csr_destroy(A);
        free(b);
        free(x);
        free(y);
    }
    printf("(vs naive / vs SpMV: time of that kernel divided by the library sweep's; >1 means the sweep is "
           "faster)\n");
    heat_table(f, quick);
    if (f) fclose(f);
    return 0;
}
