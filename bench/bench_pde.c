/*
 * Spectral and fast-Poisson benchmarks of the PDE layer.
 *
 *   bench_pde conv DIR          convergence tables (error against N and
 *                               against the time step) as CSV in DIR and
 *                               as text on stdout
 *   bench_pde fft [REPS]        3-D periodic Poisson at 128^3 and 256^3:
 *                               kes_fourier_poisson_solve against the bare
 *                               FFTW r2c + c2r pair it needs (same sizes,
 *                               same planner flags, FFTW-aligned arrays),
 *                               timed alternately, ratio mean +- standard
 *                               error; allocations counted over 1e4 solves
 *                               at 32^3 and over every timed solve
 *   bench_pde dst M [REPS]      the M x M 5-point Dirichlet system (n = M^2):
 *                               kes_fd_poisson_solve against kes_cg_solve and
 *                               kes_ssor_pcg_solve (omega from a sweep),
 *                               tolerance 1e-8 on ||b - A x|| / ||b||
 *
 * Single-threaded throughout (FFTW's default; OMP_NUM_THREADS=1 for CG).
 */
#define _GNU_SOURCE
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"
#include "pde_alloc_counter.h"
#include "bench_util.h"

#define TWO_PI 6.283185307179586476925286766559

static void mean_se(const double *x, int n, double *m, double *se)
{
    double s = 0.0, q = 0.0;
    for (int i = 0; i < n; i++) s += x[i];
    *m = s / n;
    for (int i = 0; i < n; i++) q += (x[i] - *m) * (x[i] - *m);
    *se = n > 1 ? sqrt(q / (n - 1) / n) : 0.0;
}

/* ================================================================ conv */

static kes_status g_ac(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) g[i] = u[i] - u[i] * u[i] * u[i];
    return KES_OK;
}

static kes_status g_sq(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) g[i] = u[i] * u[i];
    return KES_OK;
}

/* KdV soliton (c = 4, [-20, 20), N = 256, T = 1) or Allen-Cahn (N = 128,
 * T = 5) with ETDRK4 (imex 0) or ARS(2,3,3) (imex 1); writes u. */
static int evolve(int kdv, int imex, double h, double *u)
{
    const int64_t n = kdv ? 256 : 128;
    const double len = kdv ? 40.0 : TWO_PI, T = kdv ? 1.0 : 5.0;
    double L[258], G[258];
    for (int64_t j = 0; j <= n / 2; j++) {
        double k = TWO_PI * (double)j / len, ko = 2 * j == n ? 0.0 : k;
        L[2 * j] = kdv ? 0.0 : -0.1 * k * k;
        L[2 * j + 1] = kdv ? ko * ko * ko : 0.0;
        G[2 * j] = kdv ? 0.0 : 1.0;
        G[2 * j + 1] = kdv ? -0.5 * ko : 0.0;
    }
    for (int64_t i = 0; i < n; i++) {
        double x = kdv ? -20.0 + len * (double)i / (double)n : len * (double)i / (double)n, s = 1.0 / cosh(x);
        u[i] = kdv ? 12.0 * s * s : 0.5 * sin(x) + 0.2 * cos(2 * x) - 0.1 * sin(5 * x);
    }
    int64_t steps = llround(T / h);
    kes_status st;
    if (imex) {
        kes_imexrk *s;
        if (kes_imexrk_create(n, L, G, h, &s)) return -1;
        st = kes_imexrk_step(s, kdv ? g_sq : g_ac, NULL, u, steps, NULL);
        kes_imexrk_destroy(s);
    } else {
        kes_etdrk4 *s;
        if (kes_etdrk4_create(n, L, G, h, &s)) return -1;
        st = kes_etdrk4_step(s, kdv ? g_sq : g_ac, NULL, u, steps, NULL);
        kes_etdrk4_destroy(s);
    }
    return st == KES_OK ? 0 : (st == KES_EDIVERGE ? 1 : -1);
}

static int run_conv(const char *dir)
{
    char path[1024];
    /* --- error against N: Fourier Poisson, heat; Chebyshev p13, Helmholtz k = 9 --- */
    snprintf(path, sizeof path, "%s/pde_conv_n.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) return 1;
    fprintf(f, "method,N,error\n");
    printf("error against N (max norm)\n%-34s %6s %12s\n", "problem", "N", "error");
    for (int64_t N = 4; N <= 64; N += 4) {
        double Lx = TWO_PI, r = 2 - sqrt(3.0), mean = 0.0;
        double *ff = malloc(sizeof(double) * N), *u = malloc(sizeof(double) * N);
        for (int64_t j = 0; j < N; j++) {
            double x = Lx * j / N, s = sin(x), c = cos(x);
            ff[j] = -(c * c - s) * exp(s);
            mean += exp(s);
        }
        mean /= N;
        kes_fourier_poisson *p;
        if (kes_fourier_poisson_create(1, &N, &Lx, &p) || kes_fourier_poisson_solve(p, ff, u)) return 1;
        double e = 0.0;
        for (int64_t j = 0; j < N; j++) e = fmax(e, fabs(u[j] - (exp(sin(Lx * j / N)) - mean)));
        fprintf(f, "fourier_poisson_esin,%lld,%.6e\n", (long long)N, e);
        printf("%-34s %6lld %12.3e\n", "Fourier Poisson e^{sin x}", (long long)N, e);
        for (int64_t j = 0; j < N; j++) u[j] = 1.0 / (2.0 - cos(Lx * j / N));
        if (kes_fourier_poisson_heat(p, 0.1, 1.0, u, u)) return 1;
        e = 0.0;
        for (int64_t j = 0; j < N; j++) {
            double ex = 1.0;
            for (int k = 1; k < 80; k++) ex += 2 * pow(r, k) * exp(-0.1 * k * k) * cos(k * Lx * j / N);
            e = fmax(e, fabs(u[j] - ex / sqrt(3.0)));
        }
        fprintf(f, "fourier_heat,%lld,%.6e\n", (long long)N, e);
        printf("%-34s %6lld %12.3e\n", "Fourier heat, exact in time", (long long)N, e);
        kes_fourier_poisson_destroy(p);
        free(ff);
        free(u);
        /* p13 */
        double c[65], uc[65], fc[65];
        kes_cheb_points(N, c);
        for (int64_t j = 0; j <= N; j++) fc[j] = exp(4 * c[j]);
        kes_cheb_bc d = {1.0, 0.0, 0.0};
        if (kes_cheb_bvp_solve(N, -1, 1, NULL, NULL, NULL, fc, d, d, uc)) return 1;
        e = 0.0;
        for (int64_t j = 0; j <= N; j++)
            e = fmax(e, fabs(uc[j] - (exp(4 * c[j]) - c[j] * sinh(4.0) - cosh(4.0)) / 16));
        fprintf(f, "cheb_p13,%lld,%.6e\n", (long long)N, e);
        printf("%-34s %6lld %12.3e\n", "Chebyshev p13 u'' = e^{4x}", (long long)N, e);
        /* Helmholtz k = 9, u = sin(pi x) sin(2 pi y) e^x (fast diagonalisation) */
        int64_t N1 = N + 1;
        double *hf = malloc(sizeof(double) * N1 * N1), *hu = malloc(sizeof(double) * N1 * N1);
        for (int64_t j = 0; j < N1; j++)
            for (int64_t i = 0; i < N1; i++) {
                double x = c[i], y = c[j], pi = TWO_PI / 2;
                double U = sin(pi * x) * sin(2 * pi * y) * exp(x);
                double Uxx = (2 * pi * cos(pi * x) + (1 - pi * pi) * sin(pi * x)) * exp(x) * sin(2 * pi * y);
                double Uyy = -4 * pi * pi * U;
                hf[i + N1 * j] = Uxx + Uyy + 81.0 * U;
            }
        kes_cheb_helmholtz *hh;
        if (kes_cheb_helmholtz_create(N, 81.0, &hh) == KES_OK && kes_cheb_helmholtz_solve(hh, hf, hu) == KES_OK) {
            e = 0.0;
            for (int64_t j = 0; j < N1; j++)
                for (int64_t i = 0; i < N1; i++)
                    e = fmax(e, fabs(hu[i + N1 * j] - sin(TWO_PI / 2 * c[i]) * sin(TWO_PI * c[j]) * exp(c[i])));
            fprintf(f, "cheb_helmholtz_k9,%lld,%.6e\n", (long long)N, e);
            printf("%-34s %6lld %12.3e\n", "Chebyshev Helmholtz k = 9 (2-D)", (long long)N, e);
        }
        kes_cheb_helmholtz_destroy(hh);
        free(hf);
        free(hu);
    }
    fclose(f);
    /* --- error against h: ETDRK4 and IMEX on KdV (exact) and Allen-Cahn (reference run) --- */
    snprintf(path, sizeof path, "%s/pde_conv_h.csv", dir);
    f = fopen(path, "w");
    if (!f) return 1;
    fprintf(f, "problem,method,h,error\n");
    printf("\nerror against the time step h (max norm; KdV relative to 3c)\n%-11s %-8s %10s %12s %7s\n", "problem",
           "method", "h", "error", "order");
    double uref[128], u[256];
    if (evolve(0, 0, 2.5e-4, uref)) return 1;
    for (int kdv = 0; kdv < 2; kdv++)
        for (int imex = 0; imex < 2; imex++) {
            double prev = 0.0;
            for (int r = 0; r < 7; r++) {
                double h = (kdv ? 1e-2 : 0.2) / (double)(1 << r);
                int rc = evolve(kdv, imex, h, u);
                if (rc < 0) return 1;
                double e = 0.0;
                if (rc == 1) e = INFINITY;
                else if (kdv)
                    for (int i = 0; i < 256; i++) {
                        double x = -20.0 + 40.0 * i / 256, s = 1.0 / cosh(x - 4.0);
                        e = fmax(e, fabs(u[i] - 12.0 * s * s) / 12.0);
                    }
                else
                    for (int i = 0; i < 128; i++) e = fmax(e, fabs(u[i] - uref[i]));
                const char *pn = kdv ? "kdv" : "allen-cahn", *mn = imex ? "imex-ars233" : "etdrk4";
                fprintf(f, "%s,%s,%.6e,%.6e\n", pn, mn, h, e);
                printf("%-11s %-8s %10.3e %12.3e", pn, imex ? "IMEX" : "ETDRK4", h, e);
                if (r > 0 && isfinite(prev) && isfinite(e) && e > 1e-13) printf(" %7.2f\n", log2(prev / e));
                else printf("\n");
                prev = e;
            }
        }
    fclose(f);
    return 0;
}

/* ================================================================= fft */

static int run_fft(int reps)
{
    printf("3-D periodic Poisson, single thread, FFTW_ESTIMATE, %d alternating repetitions per size\n", reps);
    /* allocations over 1e4 solves at 32^3 */
    {
        int64_t n[3] = {32, 32, 32};
        double L[3] = {1, 1, 1};
        double *f = malloc(sizeof(double) * 32768), *u = malloc(sizeof(double) * 32768);
        for (int i = 0; i < 32768; i++) f[i] = sin(0.001 * i * i);
        kes_fourier_poisson *p;
        if (kes_fourier_poisson_create(3, n, L, &p)) return 1;
        long na = -1;
#ifdef KES_COUNT_ALLOC
        atomic_store(&n_alloc, 0);
        atomic_store(&counting, 1);
#endif
        double t0 = now();
        for (int it = 0; it < 10000; it++)
            if (kes_fourier_poisson_solve(p, f, u)) return 1;
        double t1 = now();
#ifdef KES_COUNT_ALLOC
        atomic_store(&counting, 0);
        na = atomic_load(&n_alloc);
#endif
        printf("32^3: 1e4 solves in %.2f s, %ld allocations (malloc/calloc/realloc/memalign counted)\n", t1 - t0, na);
        kes_fourier_poisson_destroy(p);
        free(f);
        free(u);
    }
    printf("%6s %14s %14s %16s %12s\n", "n", "kestrel [ms]", "fftw pair [ms]", "ratio (mean+-se)", "allocations");
    for (int64_t m = 128; m <= 256; m *= 2) {
        int64_t n[3] = {m, m, m}, N = m * m * m, nc = (m / 2 + 1) * m * m;
        double L[3] = {TWO_PI, TWO_PI, TWO_PI};
        double *f = malloc(sizeof(double) * N), *u = malloc(sizeof(double) * N);
        for (int64_t i = 0; i < N; i++) f[i] = sin(1e-3 * (double)i) + cos(3e-7 * (double)i * (double)(i % 977));
        kes_fourier_poisson *p;
        if (kes_fourier_poisson_create(3, n, L, &p)) return 1;
        double *r = fftw_alloc_real(N);
        fftw_complex *c = fftw_alloc_complex(nc);
        fftw_plan fw = fftw_plan_dft_r2c_3d((int)m, (int)m, (int)m, r, c, FFTW_ESTIMATE);
        fftw_plan bw = fftw_plan_dft_c2r_3d((int)m, (int)m, (int)m, c, r, FFTW_ESTIMATE);
        memcpy(r, f, sizeof(double) * N);
        double *tk = malloc(sizeof(double) * reps), *tf = malloc(sizeof(double) * reps), *ra = malloc(sizeof(double) * reps);
        long na = -1;
        if (kes_fourier_poisson_solve(p, f, u)) return 1; /* warm-up, both */
        fftw_execute(fw);
        fftw_execute(bw);
#ifdef KES_COUNT_ALLOC
        atomic_store(&n_alloc, 0);
#endif
        for (int k = 0; k < reps; k++) {
            memcpy(r, f, sizeof(double) * N);
            double t0 = now();
            fftw_execute(fw);
            fftw_execute(bw);
            double t1 = now();
#ifdef KES_COUNT_ALLOC
            atomic_store(&counting, 1);
#endif
            if (kes_fourier_poisson_solve(p, f, u)) return 1;
#ifdef KES_COUNT_ALLOC
            atomic_store(&counting, 0);
#endif
            double t2 = now();
            tf[k] = t1 - t0;
            tk[k] = t2 - t1;
            ra[k] = tk[k] / tf[k];
        }
#ifdef KES_COUNT_ALLOC
        na = atomic_load(&n_alloc);
#endif
        double mk, sk, mf, sf, mr, sr;
        mean_se(tk, reps, &mk, &sk);
        mean_se(tf, reps, &mf, &sf);
        mean_se(ra, reps, &mr, &sr);
        printf("%4lld^3 %8.1f+-%-5.1f %8.1f+-%-5.1f %9.3f+-%-6.3f %12ld\n", (long long)m, 1e3 * mk, 1e3 * sk, 1e3 * mf,
               1e3 * sf, mr, sr, na);
        fftw_destroy_plan(fw);
        fftw_destroy_plan(bw);
        fftw_free(r);
        fftw_free(c);
        kes_fourier_poisson_destroy(p);
        free(f);
        free(u);
        free(tk);
        free(tf);
        free(ra);
    }
    return 0;
}

/* ================================================================= dst */

static int run_dst(int64_t m, int reps)
{
    int64_t nn[2] = {m, m}, N = m * m;
    double h[2] = {1.0 / (double)(m + 1), 1.0 / (double)(m + 1)};
    kes_csr *A;
    if (kes_fd_laplacian(2, nn, h, &A)) return 1;
    double *b = malloc(sizeof(double) * N), *x = malloc(sizeof(double) * N), *r = malloc(sizeof(double) * N);
    /* f = 1 + smooth variation: a right-hand side with every mode present */
    for (int64_t j = 0; j < m; j++)
        for (int64_t i = 0; i < m; i++) b[i + m * j] = 1.0 + sin(7.0 * i * h[0]) * cos(3.0 * j * h[1]);
    double bn = 0.0;
    for (int64_t i = 0; i < N; i++) bn += b[i] * b[i];
    bn = sqrt(bn);
    printf("5-point Dirichlet Laplacian, %lld x %lld interior points (n = %lld), tol 1e-8 (relative residual), "
           "%d repetitions\n",
           (long long)m, (long long)m, (long long)N, reps);
    printf("%-34s %10s %14s %14s\n", "method", "iterations", "time [s]", "rel. residual");
    /* DST */
    kes_fd_poisson *p;
    double t0 = now();
    if (kes_fd_poisson_create(nn, h, &p)) return 1;
    double tplan = now() - t0, *ts = malloc(sizeof(double) * reps), mt, se;
    for (int k = 0; k < reps; k++) {
        t0 = now();
        if (kes_fd_poisson_solve(p, b, x)) return 1;
        ts[k] = now() - t0;
    }
    kes_csr_matvec(A, x, r);
    double rn = 0.0;
    for (int64_t i = 0; i < N; i++) rn += (b[i] - r[i]) * (b[i] - r[i]);
    mean_se(ts, reps, &mt, &se);
    printf("%-34s %10s %8.3f+-%-5.3f %14.2e   (planning %.3f s)\n", "kes_fd_poisson_solve (DST-I)", "direct", mt, se,
           sqrt(rn) / bn, tplan);
    double tdst = mt;
    kes_fd_poisson_destroy(p);
    /* CG and SSOR-PCG */
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-8;
    o.zero_guess = 1;
    o.max_iter = 100000;
    /* omega: the model-problem optimum 2 / (1 + 2 sin(pi h / 2)) (Axelsson &
     * Barker 1984, ch. 7) and its neighbours; the best is the tuned one */
    double w0 = 2.0 / (1.0 + 2.0 * sin(TWO_PI / 4 * h[0])), best_t = INFINITY, best_w = 0;
    double ws[4] = {w0, 1.9, 1.95, 1.99};
    for (int v = 0; v < 5; v++) {
        kes_solve_stats st;
        for (int k = 0; k < reps; k++) {
            t0 = now();
            kes_status rc = v == 0 ? kes_cg_solve(A, b, x, &o, &st) : kes_ssor_pcg_solve(A, b, x, ws[v - 1], &o, &st);
            ts[k] = now() - t0;
            if (rc != KES_OK) {
                fprintf(stderr, "solver failed: %s\n", kes_strerror(rc));
                return 1;
            }
        }
        mean_se(ts, reps, &mt, &se);
        char name[64];
        if (v == 0) snprintf(name, sizeof name, "kes_cg_solve");
        else snprintf(name, sizeof name, "kes_ssor_pcg_solve omega %.4f", ws[v - 1]);
        printf("%-34s %10lld %8.3f+-%-5.3f %14.2e   (%.1fx DST)\n", name, (long long)st.iterations, mt, se, st.residual,
               mt / tdst);
        if (v > 0 && mt < best_t) best_t = mt, best_w = ws[v - 1];
    }
    printf("tuned SSOR-PCG: omega %.4f, %.3f s = %.1fx the DST solve\n", best_w, best_t, best_t / tdst);
    kes_csr_destroy(A);
    free(b);
    free(x);
    free(r);
    free(ts);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && !strcmp(argv[1], "conv")) return run_conv(argv[2]);
    if (argc >= 2 && !strcmp(argv[1], "fft")) return run_fft(argc >= 3 ? atoi(argv[2]) : 5);
    if (argc >= 3 && !strcmp(argv[1], "dst")) return run_dst(atoll(argv[2]), argc >= 4 ? atoi(argv[3]) : 3);
    fprintf(stderr, "usage: %s conv DIR | fft [REPS] | dst M [REPS]\n", argv[0]);
    return 2;
}
