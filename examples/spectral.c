/*
 * spectral: solve a named model problem with Kestrel's spectral solvers and
 * print its error table (error against N for the spatial problems, against
 * the step h for the time-dependent ones), optionally drawing the solution
 * as a PNG through gnuplot.
 *
 * Problems (Trefethen, "Spectral Methods in MATLAB", 2000; Kassam &
 * Trefethen, SIAM J. Sci. Comput. 26:1214, 2005):
 *   poisson        u'' = f on [0, 2 pi), u = e^{sin x} - mean (Fourier), and
 *                  Trefethen's p13 u'' = e^{4x}, u(+-1) = 0 (Chebyshev)
 *   heat           u_t = 0.1 u_xx, u0 = 1 / (2 - cos x), t = 1, exact in time
 *   allen-cahn     u_t = 0.1 u_xx + u - u^3 on [0, 2 pi), T = 5 (ETDRK4, IMEX)
 *   kdv            u_t + u u_x + u_xxx = 0, soliton c = 4 on [-20, 20), T = 1
 *   ks             Kuramoto-Sivashinsky u_t = -u u_x - u_xx - u_xxxx on
 *                  [0, 32 pi), u0 = cos(x/16)(1 + sin(x/16)), T = 20
 *   burgers        u_t + u u_x = 0.05 u_xx on [0, 2 pi), u0 = sin x, T = 1
 *   nls            focusing cubic Schroedinger i u_t + u_xx + 2 |u|^2 u = 0,
 *                  bright soliton a = 1, c = 0.4 on [-10 pi, 10 pi), T = 5
 *                  (complex field: kes_etdrk4c and kes_imexrkc)
 * The time-dependent problems compare ETDRK4 with the IMEX scheme
 * ARS(2,3,3); without a closed form the reference is ETDRK4 at h / 64.
 */
#define _POSIX_C_SOURCE 200809L /* popen, pclose */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <time.h>

#include "example_cli.h"
#include "kestrel.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static void usage(FILE *f)
{
    fputs("usage: spectral [--problem NAME] [--n N] [--png FILE]\n"
          "Solve a model problem with Kestrel's spectral solvers and print its error table.\n"
          "  --problem NAME  poisson, heat, allen-cahn, kdv, ks, burgers, nls or gp-hm (default poisson)\n"
          "                    poisson     Fourier u'' = f (u = e^{sin x}) and Chebyshev p13, error vs N\n"
          "                    heat        u_t = 0.1 u_xx exact in time in Fourier space, error vs N\n"
          "                    allen-cahn  u_t = 0.1 u_xx + u - u^3, T = 5: ETDRK4 and IMEX, error vs h\n"
          "                    kdv         KdV soliton c = 4 on [-20, 20), T = 1, error vs h\n"
          "                    ks          Kuramoto-Sivashinsky on [0, 32 pi), T = 20, error vs h\n"
          "                    burgers     viscous Burgers nu = 0.05, u0 = sin x, T = 1, error vs h\n"
          "                    nls         nonlinear Schroedinger i u_t + u_xx + 2|u|^2 u = 0, bright\n"
          "                                soliton on [-10 pi, 10 pi), T = 5: ETDRK4 and IMEX, error vs h\n"
          "                    gp-hm       GP collocation (spectral-mixture covariance) for u'' = f,\n"
          "                                u = sin(6x) cos(100x) on [0, 2 pi], error vs N beside Chebyshev\n"
          "  --n N           grid points of the time-dependent problems, an even N in [16, 4096]\n"
          "                  (default: 128; kdv 256, nls 512); for poisson, heat and gp-hm the largest N of\n"
          "                  the table (gp-hm default 400)\n"
          "  --png FILE      draw the solution into FILE with gnuplot (skipped when gnuplot is absent)\n"
          "  --help          this text\n",
          f);
}

#define SYNOPSIS "[--problem NAME] [--n N] [--png FILE]"

/* ------------------------------------------------------------ plotting */

static int have_gnuplot(void) { return system("command -v gnuplot >/dev/null 2>&1") == 0; }

static void plot(const char *png, const char *title, int64_t n, const double *x, const double *u)
{
    if (!png) return;
    if (!have_gnuplot()) {
        printf("gnuplot not found: no plot written\n");
        return;
    }
    FILE *g = popen("gnuplot", "w");
    if (!g) {
        printf("gnuplot could not be started: no plot written\n");
        return;
    }
    fprintf(g, "set terminal pngcairo size 900,500 noenhanced\nset output '%s'\nset title '%s'\n"
               "set xlabel 'x'\nset ylabel 'u'\nset grid\nplot '-' with lines lw 2 title 'u'\n",
            png, title);
    for (int64_t i = 0; i < n; i++) fprintf(g, "%.10g %.10g\n", x[i], u[i]);
    fputs("e\n", g);
    if (pclose(g) == 0) printf("plot: %s\n", png);
    else printf("gnuplot failed: no plot written\n");
}

/* ------------------------------------------------------------- poisson */

static int run_poisson(int64_t nmax, const char *png)
{
    printf("Periodic Poisson u'' = f on [0, 2 pi), u = e^{sin x} - mean (kes_fourier_poisson):\n");
    printf("%8s  %12s\n", "N", "max error");
    double L = 2 * M_PI;
    double *f = malloc(sizeof(double) * (size_t)nmax), *u = malloc(sizeof(double) * (size_t)nmax),
           *x = malloc(sizeof(double) * (size_t)nmax);
    if (!f || !u || !x) return 1;
    int64_t last = 0;
    for (int64_t N = 8; N <= nmax; N = N < 32 ? N + 8 : 2 * N) {
        double mean = 0.0;
        for (int64_t j = 0; j < N; j++) {
            double xj = L * (double)j / (double)N, s = sin(xj), c = cos(xj);
            f[j] = -(c * c - s) * exp(s); /* -u'' */
            mean += exp(s);
        }
        mean /= (double)N;
        kes_fourier_poisson *p;
        if (kes_fourier_poisson_create(1, &N, &L, &p) || kes_fourier_poisson_solve(p, f, u)) return 1;
        kes_fourier_poisson_destroy(p);
        double e = 0.0;
        for (int64_t j = 0; j < N; j++) {
            x[j] = L * (double)j / (double)N;
            e = fmax(e, fabs(u[j] - (exp(sin(x[j])) - mean)));
        }
        printf("%8lld  %12.3e\n", (long long)N, e);
        last = N;
    }
    printf("\nChebyshev collocation u'' = e^{4x}, u(+-1) = 0 (Trefethen p13, kes_cheb_bvp_solve):\n");
    printf("%8s  %14s  %22s\n", "N", "grid error", "interpolant error");
    double c[65], uc[65], fc[65], xi[201], ui[201];
    for (int i = 0; i <= 200; i++) xi[i] = -1.0 + 0.01 * i;
    for (int64_t N = 4; N <= 64 && N <= nmax; N += N < 24 ? 4 : 32) {
        kes_cheb_points(N, c);
        for (int64_t j = 0; j <= N; j++) fc[j] = exp(4 * c[j]);
        kes_cheb_bc d = {1.0, 0.0, 0.0};
        if (kes_cheb_bvp_solve(N, -1, 1, NULL, NULL, NULL, fc, d, d, uc)) return 1;
        double eg = 0.0, ei = 0.0;
        for (int64_t j = 0; j <= N; j++)
            eg = fmax(eg, fabs(uc[j] - (exp(4 * c[j]) - c[j] * sinh(4.0) - cosh(4.0)) / 16));
        kes_cheb_interp(N, -1, 1, uc, 201, xi, ui);
        for (int i = 0; i <= 200; i++) ei = fmax(ei, fabs(ui[i] - (exp(4 * xi[i]) - xi[i] * sinh(4.0) - cosh(4.0)) / 16));
        printf("%8lld  %14.3e  %22.4e\n", (long long)N, eg, ei);
    }
    printf("(p13 prints max err = 1.261e-10 at N = 16; the O(N^2 eps) rounding plateau follows)\n");
    plot(png, "periodic Poisson: u = exp(sin x) - mean", last, x, u);
    free(f);
    free(u);
    free(x);
    return 0;
}

/* ---------------------------------------------------------------- heat */

static int run_heat(int64_t nmax, const char *png)
{
    printf("Heat u_t = 0.1 u_xx, u0 = 1/(2 - cos x), t = 1, exact in time (kes_fourier_poisson_heat):\n");
    printf("%8s  %12s\n", "N", "max error");
    double L = 2 * M_PI, r = 2 - sqrt(3.0);
    double *u = malloc(sizeof(double) * (size_t)nmax), *x = malloc(sizeof(double) * (size_t)nmax);
    if (!u || !x) return 1;
    int64_t last = 0;
    for (int64_t N = 8; N <= nmax; N *= 2) {
        for (int64_t j = 0; j < N; j++) {
            x[j] = L * (double)j / (double)N;
            u[j] = 1.0 / (2.0 - cos(x[j]));
        }
        kes_fourier_poisson *p;
        if (kes_fourier_poisson_create(1, &N, &L, &p) || kes_fourier_poisson_heat(p, 0.1, 1.0, u, u)) return 1;
        kes_fourier_poisson_destroy(p);
        double e = 0.0;
        for (int64_t j = 0; j < N; j++) {
            /* 1/(2 - cos x) = (1/sqrt 3)(1 + 2 sum r^k cos kx) */
            double ex = 1.0;
            for (int k = 1; k < 80; k++) ex += 2 * pow(r, k) * exp(-0.1 * k * k) * cos(k * x[j]);
            e = fmax(e, fabs(u[j] - ex / sqrt(3.0)));
        }
        printf("%8lld  %12.3e\n", (long long)N, e);
        last = N;
    }
    plot(png, "heat equation at t = 1", last, x, u);
    free(u);
    free(x);
    return 0;
}

/* ------------------------------------------------ time-dependent problems */

typedef struct {
    const char *name;
    int64_t n;
    double x0, len, T;
    double h0;      /* largest step of the table */
    int rows;       /* halvings */
    int exact;      /* 1: the soliton has a closed form */
    double nu;      /* Burgers viscosity */
} tproblem;

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

/* L and G on the n/2 + 1 modes; returns the pointwise g. */
static kes_etdrk4_fn symbols(const char *name, const tproblem *P, double *L, double *G)
{
    int64_t m = P->n / 2 + 1;
    for (int64_t j = 0; j < m; j++) {
        double k = 2 * M_PI * (double)j / P->len, ko = (2 * j == P->n) ? 0.0 : k; /* odd derivative: no Nyquist */
        L[2 * j + 1] = 0.0;
        G[2 * j] = 0.0;
        G[2 * j + 1] = -0.5 * ko; /* -(u^2/2)_x */
        if (!strcmp(name, "allen-cahn")) {
            L[2 * j] = -0.1 * k * k;
            G[2 * j] = 1.0;
            G[2 * j + 1] = 0.0;
        } else if (!strcmp(name, "kdv")) {
            L[2 * j] = 0.0;
            L[2 * j + 1] = ko * ko * ko; /* -u_xxx: (i k)^3 -> i k^3 */
        } else if (!strcmp(name, "ks")) {
            L[2 * j] = k * k - k * k * k * k;
        } else { /* burgers */
            L[2 * j] = -P->nu * k * k;
        }
    }
    return !strcmp(name, "allen-cahn") ? g_ac : g_sq;
}

static void initial(const char *name, const tproblem *P, double *x, double *u)
{
    for (int64_t i = 0; i < P->n; i++) {
        x[i] = P->x0 + P->len * (double)i / (double)P->n;
        double X = x[i];
        if (!strcmp(name, "allen-cahn")) u[i] = 0.5 * sin(X) + 0.2 * cos(2 * X) - 0.1 * sin(5 * X);
        else if (!strcmp(name, "kdv")) {
            double s = 1.0 / cosh(1.0 * (X + 0.0)); /* c = 4: 3c sech^2(sqrt(c)/2 x) */
            u[i] = 12.0 * s * s;
        } else if (!strcmp(name, "ks")) u[i] = cos(X / 16) * (1 + sin(X / 16));
        else u[i] = sin(X);
    }
}

/* Integrate to T with step h by ETDRK4 (imex = 0) or ARS(2,3,3) (imex = 1). */
static kes_status integrate(const char *name, const tproblem *P, int imex, double h, double *u)
{
    double *L = malloc(sizeof(double) * (size_t)(P->n + 2)), *G = malloc(sizeof(double) * (size_t)(P->n + 2));
    if (!L || !G) return KES_ENOMEM;
    kes_etdrk4_fn g = symbols(name, P, L, G);
    double *x = malloc(sizeof(double) * (size_t)P->n);
    initial(name, P, x, u);
    free(x);
    int64_t steps = (int64_t)llround(P->T / h);
    kes_status st;
    if (imex) {
        kes_imexrk *s;
        st = kes_imexrk_create(P->n, L, G, h, &s);
        if (!st) st = kes_imexrk_step(s, g, NULL, u, steps, NULL);
        kes_imexrk_destroy(s);
    } else {
        kes_etdrk4 *s;
        st = kes_etdrk4_create(P->n, L, G, h, &s);
        if (!st) st = kes_etdrk4_step(s, g, NULL, u, steps, NULL);
        kes_etdrk4_destroy(s);
    }
    free(L);
    free(G);
    return st;
}

static int run_time(const char *name, int64_t n, const char *png)
{
    tproblem P = {name, n, 0.0, 2 * M_PI, 5.0, 0.2, 5, 0, 0.05};
    if (!strcmp(name, "kdv")) P = (tproblem){name, n, -20.0, 40.0, 1.0, 1e-2, 5, 1, 0};
    else if (!strcmp(name, "ks")) P = (tproblem){name, n, 0.0, 32 * M_PI, 20.0, 0.25, 5, 0, 0};
    else if (!strcmp(name, "burgers")) P = (tproblem){name, n, 0.0, 2 * M_PI, 1.0, 0.05, 5, 0, 0.05};
    double *ref = malloc(sizeof(double) * (size_t)n), *u = malloc(sizeof(double) * (size_t)n),
           *x = malloc(sizeof(double) * (size_t)n);
    if (!ref || !u || !x) return 1;
    initial(name, &P, x, ref);
    double scale = 1.0;
    if (P.exact) {
        for (int64_t i = 0; i < n; i++) {
            double s = 1.0 / cosh(1.0 * (x[i] - 4.0 * P.T));
            ref[i] = 12.0 * s * s;
        }
        scale = 12.0;
        printf("%s, N = %lld, T = %g: max error / 3c against the exact soliton\n", name, (long long)n, P.T);
    } else {
        double hr = P.h0 / (double)(1 << (P.rows - 1)) / 16.0;
        if (integrate(name, &P, 0, hr, ref)) {
            fprintf(stderr, "spectral: the reference run failed\n");
            return 1;
        }
        printf("%s, N = %lld, T = %g: max error against ETDRK4 at h = %.4g\n", name, (long long)n, P.T, hr);
    }
    printf("%10s %8s  %12s %7s  %12s %7s\n", "h", "steps", "ETDRK4", "order", "IMEX 233", "order");
    double pe = 0.0, pi = 0.0;
    for (int r = 0; r < P.rows; r++) {
        double h = P.h0 / (double)(1 << r), e[2] = {0, 0};
        for (int imex = 0; imex < 2; imex++) {
            kes_status st = integrate(name, &P, imex, h, u);
            if (st == KES_EDIVERGE) {
                e[imex] = INFINITY;
                continue;
            }
            if (st) {
                fprintf(stderr, "spectral: %s\n", kes_strerror(st));
                return 1;
            }
            for (int64_t i = 0; i < n; i++) e[imex] = fmax(e[imex], fabs(u[i] - ref[i]) / scale);
        }
        printf("%10.4g %8lld  %12.3e", h, (long long)llround(P.T / h), e[0]);
        if (r > 0 && isfinite(pe) && e[0] > 0) printf(" %7.2f", log2(pe / e[0]));
        else printf(" %7s", "");
        printf("  %12.3e", e[1]);
        if (r > 0 && isfinite(pi) && isfinite(e[1]) && e[1] > 0) printf(" %7.2f\n", log2(pi / e[1]));
        else printf(" %7s\n", "");
        pe = e[0];
        pi = e[1];
    }
    if (!strcmp(name, "allen-cahn")) {
        integrate(name, &P, 0, 0.0125, u);
        printf("u(pi/2, 5) = %.10f (reference 0.9985386653)\n", u[n / 4]);
    }
    integrate(name, &P, 0, P.h0 / (double)(1 << (P.rows - 1)), u);
    char title[128];
    snprintf(title, sizeof title, "%s at T = %g (ETDRK4, N = %lld)", name, P.T, (long long)n);
    plot(png, title, n, x, u);
    free(ref);
    free(u);
    free(x);
    return 0;
}

/* ----------------------------------------------------------------- nls */

/* Focusing cubic NLS i u_t + u_xx + 2 |u|^2 u = 0, i.e. u_t = i u_xx +
 * 2 i |u|^2 u: L = -i k^2, G = 1, g(u) = 2 i |u|^2 u on the complex field
 * (interleaved re, im).  Exact bright soliton
 * u = a sech(a (x - c t)) e^{i (c x / 2 + (a^2 - c^2 / 4) t)}; with
 * a = 1, c = 0.4 on [-10 pi, 10 pi) the phase is periodic and the tails
 * are below 1e-13. */
static kes_status g_nls(void *ctx, int64_t n, const double *u, double *g)
{
    (void)ctx;
    for (int64_t i = 0; i < n; i++) {
        double re = u[2 * i], im = u[2 * i + 1], r2 = 2.0 * (re * re + im * im);
        g[2 * i] = -r2 * im;
        g[2 * i + 1] = r2 * re;
    }
    return KES_OK;
}

#define NLS_A 1.0
#define NLS_C 0.4
#define NLS_LEN (20 * M_PI)
#define NLS_T 5.0

static void nls_exact(int64_t n, double t, double *x, double *u)
{
    for (int64_t i = 0; i < n; i++) {
        x[i] = -NLS_LEN / 2 + NLS_LEN * (double)i / (double)n;
        double complex z = NLS_A / cosh(NLS_A * (x[i] - NLS_C * t)) *
                           cexp(I * (NLS_C * x[i] / 2 + (NLS_A * NLS_A - NLS_C * NLS_C / 4) * t));
        u[2 * i] = creal(z);
        u[2 * i + 1] = cimag(z);
    }
}

static double nls_mass(int64_t n, const double *u)
{
    double m = 0.0;
    for (int64_t i = 0; i < 2 * n; i++) m += u[i] * u[i];
    return m * NLS_LEN / (double)n;
}

/* Integrate the soliton to NLS_T with step h (u: 2 n values) by ETDRK4
 * (imex = 0) or ARS(2,3,3) (imex = 1). */
static kes_status nls_integrate(int64_t n, int imex, double h, double *L, double *x, double *u)
{
    nls_exact(n, 0.0, x, u);
    int64_t steps = (int64_t)llround(NLS_T / h);
    kes_status st;
    if (imex) {
        kes_imexrkc *s;
        st = kes_imexrkc_create(n, L, NULL, h, &s);
        if (!st) st = kes_imexrkc_step(s, g_nls, NULL, u, steps, NULL);
        kes_imexrkc_destroy(s);
    } else {
        kes_etdrk4c *s;
        st = kes_etdrk4c_create(n, L, NULL, h, &s);
        if (!st) st = kes_etdrk4c_step(s, g_nls, NULL, u, steps, NULL);
        kes_etdrk4c_destroy(s);
    }
    return st;
}

static int run_nls(int64_t n, const char *png)
{
    double *L = malloc(sizeof(double) * (size_t)(2 * n)), *u = malloc(sizeof(double) * (size_t)(2 * n)),
           *ue = malloc(sizeof(double) * (size_t)(2 * n)), *x = malloc(sizeof(double) * (size_t)n);
    if (!L || !u || !ue || !x) return 1;
    for (int64_t j = 0; j < n; j++) {
        double k = 2 * M_PI / NLS_LEN * (double)(2 * j <= n ? j : j - n); /* FFT order, all n modes */
        L[2 * j] = 0.0;
        L[2 * j + 1] = -k * k;
    }
    nls_exact(n, NLS_T, x, ue);
    double m0 = nls_mass(n, ue);
    printf("nls, N = %lld, T = %g: soliton a = %g, c = %g on [-10 pi, 10 pi) (kes_etdrk4c, kes_imexrkc)\n",
           (long long)n, NLS_T, NLS_A, NLS_C);
    printf("max |u - u_exact|, and the relative drift of ETDRK4's mass sum |u|^2 dx (exact: 2a = %.12f)\n", m0);
    printf("%10s %8s  %12s %7s  %12s  %12s %7s\n", "h", "steps", "ETDRK4", "order", "mass drift", "IMEX 233",
           "order");
    double pe[2] = {0.0, 0.0};
    for (int r = 0; r < 5; r++) {
        double h = 0.2 / (double)(1 << r), e[2] = {0.0, 0.0}, drift = 0.0;
        for (int imex = 1; imex >= 0; imex--) { /* ETDRK4 last: its field is the one plotted */
            kes_status st = nls_integrate(n, imex, h, L, x, u);
            if (st && st != KES_EDIVERGE) {
                fprintf(stderr, "spectral: %s\n", kes_strerror(st));
                return 1;
            }
            if (st == KES_EDIVERGE) e[imex] = INFINITY;
            for (int64_t i = 0; i < n && isfinite(e[imex]); i++)
                e[imex] = fmax(e[imex], hypot(u[2 * i] - ue[2 * i], u[2 * i + 1] - ue[2 * i + 1]));
            if (!imex) drift = fabs(nls_mass(n, u) - m0) / m0;
        }
        printf("%10.4g %8lld", h, (long long)llround(NLS_T / h));
        for (int imex = 0; imex < 2; imex++) {
            printf("  %12.3e", e[imex]);
            if (r > 0 && isfinite(pe[imex]) && isfinite(e[imex]) && e[imex] > 0) printf(" %7.2f", log2(pe[imex] / e[imex]));
            else printf(" %7s", "");
            if (!imex) printf("  %12.3e", drift);
            pe[imex] = e[imex];
        }
        printf("\n");
    }
    /* |u| of the last (finest) run */
    for (int64_t i = 0; i < n; i++) u[i] = hypot(u[2 * i], u[2 * i + 1]);
    char title[128];
    snprintf(title, sizeof title, "nls |u| at T = %g (complex ETDRK4, N = %lld)", NLS_T, (long long)n);
    plot(png, title, n, x, u);
    free(L);
    free(u);
    free(ue);
    free(x);
    return 0;
}

/* ------------------------------------------------- GP collocation (GP-HM) */

static double gphm_u(double x) { return sin(6 * x) * cos(100 * x); }
static double gphm_f(const double *x, void *ctx)
{
    (void)ctx;
    double X = x[0];
    return -10036.0 * sin(6 * X) * cos(100 * X) - 1200.0 * cos(6 * X) * sin(100 * X);
}
static double gphm_g(const double *x, void *ctx)
{
    (void)ctx;
    return gphm_u(x[0]);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int run_gphm(int64_t nmax, const char *png)
{
    printf("GP collocation u'' = f, u = sin(6x) cos(100x) on [0, 2 pi], Dirichlet data (kes_gpcol_solve):\n");
    printf("%6s  %8s  %12s  %12s  %8s\n", "N", "pts/wave", "rel L2 error", "estimate", "time s");
    double lo = 0.0, hi = 2 * M_PI;
    double *u = malloc(sizeof(double) * (size_t)nmax), *x = malloc(sizeof(double) * (size_t)nmax);
    if (!u || !x) return 1;
    static const int64_t sizes[] = {100, 200, 250, 300, 400, 600, 1000, 2000, 4096};
    int64_t last = 0;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0] && sizes[k] <= nmax; k++) {
        int64_t N = sizes[k];
        kes_gpcol_stats st;
        double t0 = now_s();
        kes_status s = kes_gpcol_solve(KES_GPCOL_POISSON, 1, &N, &lo, &hi, gphm_f, gphm_g, NULL, NULL, NULL, u, &st);
        double t1 = now_s();
        if (s != KES_OK) {
            fprintf(stderr, "spectral: kes_gpcol_solve: %s\n", kes_strerror(s));
            free(u), free(x);
            return 1;
        }
        double e = 0.0, n2 = 0.0;
        for (int64_t j = 0; j < N; j++) {
            x[j] = lo + (double)j * ((hi - lo) / (double)(N - 1));
            double d = u[j] - gphm_u(x[j]);
            e += d * d, n2 += gphm_u(x[j]) * gphm_u(x[j]);
        }
        printf("%6lld  %8.2f  %12.3e  %12.3e  %8.2f\n", (long long)N, st.points_per_wavelength, sqrt(e / n2),
               st.error_estimate, t1 - t0);
        last = N;
    }
    printf("(about 3 points per wavelength of the highest frequency, 106, are needed)\n");
    printf("\nChebyshev collocation of the same problem (kes_cheb_bvp_solve):\n");
    printf("%6s  %12s  %8s\n", "N", "rel L2 error", "time s");
    for (int64_t N = 256; N <= 1024; N *= 2) {
        double *c = malloc(sizeof(double) * (size_t)(N + 1)), *fc = malloc(sizeof(double) * (size_t)(N + 1)),
               *uc = malloc(sizeof(double) * (size_t)(N + 1));
        if (!c || !fc || !uc) return 1;
        kes_cheb_points(N, c);
        for (int64_t j = 0; j <= N; j++) {
            double xj = lo + (c[j] + 1.0) * 0.5 * (hi - lo);
            fc[j] = gphm_f(&xj, NULL);
        }
        kes_cheb_bc a = {1.0, 0.0, gphm_u(hi)}, b = {1.0, 0.0, gphm_u(lo)};
        double t0 = now_s();
        kes_status s = kes_cheb_bvp_solve(N, lo, hi, NULL, NULL, NULL, fc, b, a, uc);
        double t1 = now_s();
        double e = 0.0, n2 = 0.0;
        for (int64_t j = 0; j <= N && s == KES_OK; j++) {
            double xj = lo + (c[j] + 1.0) * 0.5 * (hi - lo), d = uc[j] - gphm_u(xj);
            e += d * d, n2 += gphm_u(xj) * gphm_u(xj);
        }
        if (s == KES_OK) printf("%6lld  %12.3e  %8.4f\n", (long long)N, sqrt(e / n2), t1 - t0);
        else printf("%6lld  %s\n", (long long)N, kes_strerror(s));
        free(c), free(fc), free(uc);
    }
    if (last) plot(png, "GP collocation, u = sin(6x) cos(100x)", last, x, u);
    free(u), free(x);
    return 0;
}

int main(int argc, char **argv)
{
    example_prog = "spectral";
    const char *problem = "poisson", *png = NULL;
    int64_t n = 0;
    enum { O_PROBLEM = 256, O_N, O_PNG };
    static const struct option longopts[] = {{"problem", required_argument, NULL, O_PROBLEM},
                                             {"n", required_argument, NULL, O_N},
                                             {"png", required_argument, NULL, O_PNG},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h': usage(stdout); return 0;
        case O_PROBLEM: problem = optarg; break;
        case O_N:
            if (parse_int64("--n", optarg, 16, 4096, &n)) return cli_usage_hint(SYNOPSIS);
            if (n % 2) {
                fprintf(stderr, "spectral: --n: '%s' is odd; the Fourier grids need an even N\n", optarg);
                return cli_usage_hint(SYNOPSIS);
            }
            break;
        case O_PNG: png = optarg; break;
        default: cli_getopt_error(opt, argv, longopts); return cli_usage_hint(SYNOPSIS);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "spectral: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    if (png && !*png) {
        fprintf(stderr, "spectral: --png: the file name is empty\n");
        return cli_usage_hint(SYNOPSIS);
    }
    if (!strcmp(problem, "poisson")) return run_poisson(n ? n : 64, png);
    if (!strcmp(problem, "heat")) return run_heat(n ? n : 64, png);
    if (!strcmp(problem, "allen-cahn") || !strcmp(problem, "ks") || !strcmp(problem, "burgers"))
        return run_time(problem, n ? n : 128, png);
    if (!strcmp(problem, "kdv")) return run_time(problem, n ? n : 256, png);
    if (!strcmp(problem, "nls")) return run_nls(n ? n : 512, png);
    if (!strcmp(problem, "gp-hm")) return run_gphm(n ? n : 400, png);
    fprintf(stderr, "spectral: --problem: unknown problem '%s' (poisson, heat, allen-cahn, kdv, ks, burgers, nls, gp-hm)\n",
            problem);
    return cli_usage_hint(SYNOPSIS);
}
