/* bench_gpcol: Kestrel's GP collocation solver (GP-HM: Fang et al., ICLR
 * 2024) beside the PDE layer's Chebyshev spectral solvers, on the paper's
 * test problems (reference notes kde_gp_pde.md, sections 2.3 and 5: S7, G2).
 *
 *   bench_gpcol [--mode table|conv|meshfree|selftest] [--problem LIST] [--reps R]
 *               [--grid N] [--conv LIST] [--components Q] [--max-iter M]
 *               [--opt-iter M] [--jitter J] [--seed S] [--ni N] [--ni1 N]
 *               [--k K] [--k1 K] [--csv FILE]
 *
 * table:    every problem by kes_gpcol_solve at the paper's grids and by the
 *           spectral solver at several degrees; relative L2 error against
 *           the exact u, wall time (mean +- standard error over R runs),
 *           the solver's stats.
 * conv:     GP-HM error against the grid size, with points per wavelength.
 * meshfree: kes_gpcol_scattered on random points, f with and without 1%
 *           Gaussian noise.
 * selftest: each hand-written f against a Richardson-extrapolated
 *           finite-difference Laplacian of u (plus u(u^2-1) for Allen-Cahn).
 */
#define _POSIX_C_SOURCE 200809L
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example_cli.h"
#include "bench_util.h"
#include "kestrel.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#define TWO_PI (2.0 * M_PI)

/* ------------------------------------------------------------ problems */

/* Exact solutions and their Laplacians, differentiated by hand (selftest
 * checks each against finite differences). */
static double u_s100(const double *x) { return sin(100 * x[0]); }
static double l_s100(const double *x) { return -1e4 * sin(100 * x[0]); }
static double u_xs200(const double *x) { return x[0] * sin(200 * x[0]); }
static double l_xs200(const double *x) { return 400 * cos(200 * x[0]) - 4e4 * x[0] * sin(200 * x[0]); }
static double u_s6c100(const double *x) { return sin(6 * x[0]) * cos(100 * x[0]); }
static double l_s6c100(const double *x)
{
    return -10036 * sin(6 * x[0]) * cos(100 * x[0]) - 1200 * cos(6 * x[0]) * sin(100 * x[0]);
}
static double u_s100s100(const double *x) { return sin(100 * x[0]) * sin(100 * x[1]); }
static double l_s100s100(const double *x) { return -2e4 * sin(100 * x[0]) * sin(100 * x[1]); }
static double h620(double t) { return sin(6 * t) * cos(20 * t); }
static double h620xx(double t) { return -436 * sin(6 * t) * cos(20 * t) - 240 * cos(6 * t) * sin(20 * t); }
static double u_s6c20(const double *x) { return h620(x[0]) + h620(x[1]); }
static double l_s6c20(const double *x) { return h620xx(x[0]) + h620xx(x[1]); }
static double ac_a(double t) { return sin(t) + 0.1 * sin(20 * t) + cos(100 * t); }
static double ac_axx(double t) { return -sin(t) - 40 * sin(20 * t) - 1e4 * cos(100 * t); }
static double u_ac2(const double *x) { return ac_a(x[0]) * ac_a(x[1]); }
static double l_ac2(const double *x) { return ac_axx(x[0]) * ac_a(x[1]) + ac_a(x[0]) * ac_axx(x[1]); }

typedef struct problem {
    const char *name;  /* for --problem and the CSV */
    const char *label; /* the exact solution, for the tables */
    int dim;
    kes_gpcol_op op;
    double lo, hi; /* the box [lo, hi]^dim */
    double (*u)(const double *x);
    double (*lap)(const double *x);
    int64_t grid[2]; /* the paper's grids, points per axis (0: none) */
    double auth_err[2], auth_s[2];
    int64_t cheb[4]; /* spectral degrees tried (0: none) */
    int64_t conv[8]; /* default convergence grids (0 ends) */
} problem;

#define NA NAN
static const problem problems[] = {
    {"p1_s100", "sin(100x)", 1, KES_GPCOL_POISSON, 0, TWO_PI, u_s100, l_s100, {400, 0}, {NA, NA}, {NA, NA},
     {512, 1024, 0, 0}, {100, 150, 200, 250, 300, 400, 600, 0}},
    {"p1_xs200", "x sin(200x)", 1, KES_GPCOL_POISSON, 0, TWO_PI, u_xs200, l_xs200, {900, 0}, {NA, NA}, {NA, NA},
     {512, 1024, 0, 0}, {300, 450, 600, 750, 900, 1200, 0, 0}},
    {"p1_s6c100", "sin(6x)cos(100x)", 1, KES_GPCOL_POISSON, 0, TWO_PI, u_s6c100, l_s6c100, {300, 400},
     {1.55e-5, NA}, {873, NA}, {512, 1024, 0, 0}, {100, 150, 200, 250, 300, 400, 600, 0}},
    {"ac1_s100", "sin(100x)", 1, KES_GPCOL_ALLEN_CAHN, 0, TWO_PI, u_s100, l_s100, {400, 0}, {NA, NA}, {NA, NA},
     {512, 1024, 0, 0}, {100, 150, 200, 250, 300, 400, 600, 0}},
    {"ac1_s6c100", "sin(6x)cos(100x)", 1, KES_GPCOL_ALLEN_CAHN, 0, TWO_PI, u_s6c100, l_s6c100, {400, 0},
     {NA, NA}, {NA, NA}, {512, 1024, 0, 0}, {100, 150, 200, 250, 300, 400, 600, 0}},
    {"p2_s100s100", "sin(100x)sin(100y)", 2, KES_GPCOL_POISSON, 0, TWO_PI, u_s100s100, l_s100s100, {200, 300},
     {9.7e-4, 4.69e-6}, {1147, 2109}, {320, 384, 512, 0}, {100, 150, 200, 250, 300, 0}},
    {"p2_s6c20", "sin(6x)cos(20x)+sin(6y)cos(20y)", 2, KES_GPCOL_POISSON, 0, TWO_PI, u_s6c20, l_s6c20, {200, 0},
     {NA, NA}, {NA, NA}, {64, 96, 128, 192}, {50, 75, 100, 150, 200, 0}},
    {"ac2_mix", "(sin x+0.1sin20x+cos100x)(same in y)", 2, KES_GPCOL_ALLEN_CAHN, 0, 1, u_ac2, l_ac2, {200, 0},
     {NA, NA}, {NA, NA}, {64, 96, 128, 0}, {50, 75, 100, 125, 150, 0}},
};
#define NPROB ((int)(sizeof problems / sizeof problems[0]))

/* Calls of f by the solver: it samples f beyond the collocation points (the
 * spectral start, the error estimate), which the authors' method does not. */
static long f_calls;

/* f = L u from the exact u: the Laplacian, plus u (u^2 - 1) for Allen-Cahn. */
static double f_of(const double *x, void *ctx)
{
    const problem *p = ctx;
    __atomic_fetch_add(&f_calls, 1, __ATOMIC_RELAXED);
    double l = p->lap(x);
    if (p->op == KES_GPCOL_ALLEN_CAHN) {
        double u = p->u(x);
        l += u * (u * u - 1);
    }
    return l;
}
static double g_of(const double *x, void *ctx) { return ((const problem *)ctx)->u(x); }

/* ---------------------------------------------------------- utilities */

typedef struct timing {
    double mean, se;
    int reps;
} timing;

static timing summarise(const double *t, int r)
{
    timing s = {0, NAN, r};
    for (int i = 0; i < r; i++) s.mean += t[i];
    s.mean /= r;
    if (r > 1) {
        double v = 0;
        for (int i = 0; i < r; i++) v += (t[i] - s.mean) * (t[i] - s.mean);
        s.se = sqrt(v / (r - 1) / r);
    }
    return s;
}

static double rel_l2(int64_t n, const double *u, const double *ue)
{
    double e = 0, s = 0;
    for (int64_t i = 0; i < n; i++) e += (u[i] - ue[i]) * (u[i] - ue[i]), s += ue[i] * ue[i];
    return sqrt(e / s);
}

static FILE *csv;
static void csv_row(const char *mode, const char *prob, const char *method, int64_t grid, int dim, double ppw,
                    double err, timing t, const kes_gpcol_stats *st, double noise_true, int status, double auth_err,
                    double auth_s)
{
    if (!csv) return;
    fprintf(csv, "%s,%s,%s,%lld,%d,%.4g,%.6e,%.6g,%.3g,%d,", mode, prob, method, (long long)grid, dim, ppw, err, t.mean,
            t.se, t.reps);
    if (st)
        fprintf(csv, "%.3e,%ld,%lld,%.3g,%.6g,%.6g,%.6e,%lld,%d,", st->error_estimate, f_calls,
                (long long)st->evaluations, st->jitter, st->noise, noise_true, st->residual, (long long)st->newton,
                st->components);
    else
        fprintf(csv, ",,,,,,,,,");
    fprintf(csv, "%d,%.3g,%.6g\n", status, auth_err, auth_s);
    fflush(csv);
}

static void print_time(timing t)
{
    if (t.reps > 1) printf(" %9.3f +- %-8.3f", t.mean, t.se);
    else printf(" %9.3f (1 run)   ", t.mean);
}

/* ------------------------------------------------------------ GP-HM */

typedef struct run_opts {
    kes_gpcol_opts o;
    int reps;
    uint64_t seed;
    int seeded;
    int64_t opt_iter; /* table: also a run with max_iter = opt_iter (0: none) */
} run_opts;

/* GP-HM on an n^dim grid, R times; u from the last run, error on the grid. */
static int gp_grid(const problem *p, int64_t n, const run_opts *ro, double *err, timing *tm, kes_gpcol_stats *st)
{
    int64_t nn[2] = {n, n}, N = p->dim == 1 ? n : n * n;
    double lo[2] = {p->lo, p->lo}, hi[2] = {p->hi, p->hi};
    double *u = malloc((size_t)N * sizeof *u), *ue = malloc((size_t)N * sizeof *ue), t[64] = {0};
    *tm = summarise(t, 1);
    if (!u || !ue) return KES_ENOMEM;
    double h = (p->hi - p->lo) / (double)(n - 1);
    for (int64_t k = 0; k < N; k++) {
        double x[2] = {p->lo + (double)(k % n) * h, p->lo + (double)(k / n) * h};
        ue[k] = p->u(x);
    }
    kes_status s = KES_OK;
    int done = 0;
    while (done < ro->reps) {
        kes_rng *rng = NULL;
        if (ro->seeded && kes_rng_create(ro->seed, &rng)) return KES_ENOMEM;
        f_calls = 0;
        double t0 = now();
        s = kes_gpcol_solve(p->op, p->dim, nn, lo, hi, f_of, g_of, (void *)p, &ro->o, rng, u, st);
        t[done++] = now() - t0;
        kes_rng_destroy(rng);
        if (s < 0) break;
    }
    *tm = summarise(t, done);
    *err = s < 0 ? NAN : rel_l2(N, u, ue);
    free(u);
    free(ue);
    return s;
}

/* ------------------------------------------------ Chebyshev, 1-D (S7) */

/* The Dirichlet problem by kes_cheb_bvp_solve at degree n; Allen-Cahn by
 * Newton, each step the linear BVP u'' + (3 uk^2 - 1) u = f + 2 uk^3 (the
 * linearisation at uk solved for the new iterate, so the boundary data stay
 * g), from the solution of u'' - u = f. */
static int cheb_1d(const problem *p, int64_t n, double *err, int *newton)
{
    size_t m = (size_t)n + 1;
    double *x = malloc(m * sizeof *x), *f = malloc(m * sizeof *f), *u = malloc(m * sizeof *u),
           *p0 = malloc(m * sizeof *p0), *r = malloc(m * sizeof *r), *ue = malloc(m * sizeof *ue);
    if (!x || !f || !u || !p0 || !r || !ue) return KES_ENOMEM;
    kes_cheb_points(n, x);
    double a = p->lo, b = p->hi;
    for (size_t j = 0; j < m; j++) {
        x[j] = 0.5 * (a + b) + 0.5 * (b - a) * x[j];
        f[j] = f_of(&x[j], (void *)p);
        ue[j] = p->u(&x[j]);
    }
    kes_cheb_bc L = {1, 0, p->u(&a)}, R = {1, 0, p->u(&b)};
    int s;
    *newton = 0;
    if (p->op == KES_GPCOL_POISSON) {
        s = kes_cheb_bvp_solve(n, a, b, NULL, NULL, NULL, f, L, R, u);
    } else {
        for (size_t j = 0; j < m; j++) p0[j] = -1;
        s = kes_cheb_bvp_solve(n, a, b, NULL, NULL, p0, f, L, R, u);
        double dprev = INFINITY;
        for (int it = 0; !s && it < 40; it++) {
            for (size_t j = 0; j < m; j++) p0[j] = 3 * u[j] * u[j] - 1, r[j] = f[j] + 2 * u[j] * u[j] * u[j];
            s = kes_cheb_bvp_solve(n, a, b, NULL, NULL, p0, r, L, R, r);
            double d = 0, um = 0;
            for (size_t j = 0; j < m; j++) d = fmax(d, fabs(r[j] - u[j])), um = fmax(um, fabs(r[j])), u[j] = r[j];
            ++*newton;
            /* Stop at the tolerance or once rounding stops the steps shrinking. */
            if (d <= 1e-13 * um || (it >= 2 && d > 0.5 * dprev)) break;
            dprev = d;
        }
    }
    *err = s ? NAN : rel_l2((int64_t)m, u, ue);
    free(x), free(f), free(u), free(p0), free(r), free(ue);
    return s;
}

/* ------------------------------------------------ Chebyshev, 2-D */

/* Y = D2 X + X D2^T on the (n+1)^2 grid, first index fastest. */
static void lap2(int64_t n, const double *D2, const double *X, double *Y)
{
    int m = (int)n + 1;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, m, m, m, 1.0, D2, m, X, m, 0.0, Y, m);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, m, m, m, 1.0, X, m, D2, m, 1.0, Y, m);
}

static void zero_boundary(int64_t n, double *v)
{
    int64_t m = n + 1;
    for (int64_t k = 0; k < m; k++) v[k] = v[n + m * k] = v[k * m] = v[k + m * n] = 0;
}

static double dot(int64_t N, const double *a, const double *b)
{
    double s = 0;
    for (int64_t i = 0; i < N; i++) s += a[i] * b[i];
    return s;
}

typedef struct ac2ctx {
    int64_t n;
    const double *D2, *p0; /* p0 = s^2 (3u^2 - 1) */
    kes_cheb_helmholtz *h; /* the Laplacian, the preconditioner */
    double *w;             /* (n+1)^2 scratch */
} ac2ctx;

/* y = J M^-1 x: J = lap + diag(p0) on interior functions, M = lap. */
static int ac2_apply(ac2ctx *c, const double *x, double *y)
{
    int64_t N = (c->n + 1) * (c->n + 1);
    if (kes_cheb_helmholtz_solve(c->h, x, c->w)) return 1;
    lap2(c->n, c->D2, c->w, y);
    for (int64_t i = 0; i < N; i++) y[i] += c->p0[i] * c->w[i];
    zero_boundary(c->n, y);
    return 0;
}

/* Right-preconditioned restarted GMRES(m) (Saad & Schultz 1986) for J M^-1
 * y = b, returning x = M^-1 y; the linear steps of the 2-D Allen-Cahn
 * Newton iteration, where no variable-coefficient 2-D solver exists. */
static int gmres(ac2ctx *c, const double *b, double *x, double rtol, int maxit, int *iters)
{
    enum { M = 60 };
    int64_t N = (c->n + 1) * (c->n + 1);
    double *V = malloc((size_t)(M + 1) * (size_t)N * sizeof *V), *y = calloc((size_t)N, sizeof *y),
           *r = malloc((size_t)N * sizeof *r);
    double H[M + 1][M], cs[M], sn[M], g[M + 1];
    if (!V || !y || !r) return 1;
    double bn = sqrt(dot(N, b, b));
    int it = 0, rc = 0;
    while (it < maxit) {
        if (ac2_apply(c, y, r)) return 1;
        for (int64_t i = 0; i < N; i++) r[i] = b[i] - r[i];
        double beta = sqrt(dot(N, r, r));
        if (beta <= rtol * bn) break;
        for (int64_t i = 0; i < N; i++) V[i] = r[i] / beta;
        memset(g, 0, sizeof g);
        g[0] = beta;
        int k = 0;
        for (; k < M && it < maxit; k++, it++) {
            double *w = V + (size_t)(k + 1) * (size_t)N;
            if (ac2_apply(c, V + (size_t)k * (size_t)N, w)) return 1;
            for (int j = 0; j <= k; j++) {
                H[j][k] = dot(N, w, V + (size_t)j * (size_t)N);
                for (int64_t i = 0; i < N; i++) w[i] -= H[j][k] * V[(size_t)j * (size_t)N + (size_t)i];
            }
            H[k + 1][k] = sqrt(dot(N, w, w));
            if (H[k + 1][k] > 0)
                for (int64_t i = 0; i < N; i++) w[i] /= H[k + 1][k];
            for (int j = 0; j < k; j++) {
                double t = cs[j] * H[j][k] + sn[j] * H[j + 1][k];
                H[j + 1][k] = -sn[j] * H[j][k] + cs[j] * H[j + 1][k];
                H[j][k] = t;
            }
            double d = hypot(H[k][k], H[k + 1][k]);
            cs[k] = H[k][k] / d, sn[k] = H[k + 1][k] / d;
            H[k][k] = d, H[k + 1][k] = 0;
            g[k + 1] = -sn[k] * g[k], g[k] *= cs[k];
            if (fabs(g[k + 1]) <= rtol * bn) {
                k++, it++;
                break;
            }
        }
        double z[M];
        for (int j = k - 1; j >= 0; j--) {
            z[j] = g[j];
            for (int l = j + 1; l < k; l++) z[j] -= H[j][l] * z[l];
            z[j] /= H[j][j];
        }
        for (int j = 0; j < k; j++)
            for (int64_t i = 0; i < N; i++) y[i] += z[j] * V[(size_t)j * (size_t)N + (size_t)i];
        if (fabs(g[k]) <= rtol * bn) break;
    }
    if (kes_cheb_helmholtz_solve(c->h, y, x)) rc = 1;
    *iters = it;
    free(V), free(y), free(r);
    return rc;
}

/* The Dirichlet problem on the square [lo, hi]^2 by kes_cheb_helmholtz at
 * degree n: mapped affinely to [-1, 1]^2 (f scaled by s^2, s the half
 * width), g lifted by the transfinite (Coons) interpolant L of its boundary
 * values, whose Laplacian is a blend of the second derivatives of g along
 * the edges (Chebyshev D^2 of the edge values); u = L + v with v = 0 on the
 * boundary.  Allen-Cahn: Newton on v with GMRES steps preconditioned by the
 * Poisson solve. */
static int cheb_2d(const problem *p, int64_t n, double *err, int *newton, int *gm_iters)
{
    int64_t m = n + 1, N = m * m;
    double s = 0.5 * (p->hi - p->lo), mid = 0.5 * (p->hi + p->lo);
    double *c = malloc((size_t)m * sizeof *c), *D = malloc((size_t)N * sizeof *D), *D2 = malloc((size_t)N * sizeof *D2);
    double *B = malloc((size_t)N * sizeof *B), *Lf = malloc((size_t)N * sizeof *Lf), *lapL = malloc((size_t)N * sizeof *lapL);
    double *rhs = malloc((size_t)N * sizeof *rhs), *v = malloc((size_t)N * sizeof *v), *ue = malloc((size_t)N * sizeof *ue);
    double *e4 = malloc(4 * (size_t)m * sizeof *e4), *d4 = malloc(4 * (size_t)m * sizeof *d4);
    if (!c || !D || !D2 || !B || !Lf || !lapL || !rhs || !v || !ue || !e4 || !d4) return KES_ENOMEM;
    kes_cheb_points(n, c);
    kes_mat Dv = {m, m, m, D};
    kes_cheb_diffmat(n, Dv);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)m, (int)m, 1.0, D, (int)m, D, (int)m, 0.0, D2,
                (int)m);
    for (int64_t j = 0; j < m; j++)
        for (int64_t i = 0; i < m; i++) {
            double x[2] = {mid + s * c[i], mid + s * c[j]};
            ue[i + m * j] = p->u(x);
            B[i + m * j] = f_of(x, (void *)p);
        }
    /* Edges (nodes descend: index 0 is +1, index n is -1): bottom eta = -1
     * (j = n), top (j = 0), left xi = -1 (i = n), right (i = 0). */
    double *bot = e4, *top = e4 + m, *lef = e4 + 2 * m, *rig = e4 + 3 * m;
    for (int64_t k = 0; k < m; k++)
        bot[k] = ue[k + m * n], top[k] = ue[k], lef[k] = ue[n + m * k], rig[k] = ue[m * k];
    for (int e = 0; e < 4; e++)
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)m, (int)m, 1.0, D2, (int)m, e4 + e * m, 1, 0.0, d4 + e * m, 1);
    double c00 = ue[n + m * n], c01 = ue[n], c10 = ue[m * n], c11 = ue[0]; /* (xi, eta) = (-,-), (-,+), (+,-), (+,+) */
    for (int64_t j = 0; j < m; j++)
        for (int64_t i = 0; i < m; i++) {
            double xm = 0.5 * (1 - c[i]), xp = 0.5 * (1 + c[i]), ym = 0.5 * (1 - c[j]), yp = 0.5 * (1 + c[j]);
            Lf[i + m * j] = xm * lef[j] + xp * rig[j] + ym * bot[i] + yp * top[i] -
                            (xm * ym * c00 + xm * yp * c01 + xp * ym * c10 + xp * yp * c11);
            lapL[i + m * j] = ym * d4[i] + yp * d4[m + i] + xm * d4[2 * m + j] + xp * d4[3 * m + j];
            rhs[i + m * j] = s * s * B[i + m * j] - lapL[i + m * j];
        }
    kes_cheb_helmholtz *h = NULL;
    int st = kes_cheb_helmholtz_create(n, 0.0, &h);
    if (!st) st = kes_cheb_helmholtz_solve(h, rhs, v);
    *newton = 0, *gm_iters = 0;
    if (!st && p->op == KES_GPCOL_ALLEN_CAHN) {
        double *p0 = malloc((size_t)N * sizeof *p0), *R = malloc((size_t)N * sizeof *R),
               *w = malloc((size_t)N * sizeof *w), *sc = malloc((size_t)N * sizeof *sc);
        if (!p0 || !R || !w || !sc) return KES_ENOMEM;
        ac2ctx ctx = {n, D2, p0, h, sc};
        double dprev = INFINITY;
        for (int it = 0; it < 30 && !st; it++) {
            lap2(n, D2, v, R);
            double um = 0;
            for (int64_t k = 0; k < N; k++) {
                double u = Lf[k] + v[k];
                R[k] = -(R[k] + lapL[k] + s * s * (u * u * u - u - B[k]));
                p0[k] = s * s * (3 * u * u - 1);
                um = fmax(um, fabs(u));
            }
            zero_boundary(n, R);
            int gi = 0;
            if (gmres(&ctx, R, w, 1e-12, 2000, &gi)) st = KES_ESINGULAR;
            *gm_iters += gi;
            double d = 0;
            for (int64_t k = 0; k < N; k++) v[k] += w[k], d = fmax(d, fabs(w[k]));
            ++*newton;
            if (d <= 1e-13 * um || (it >= 2 && d > 0.5 * dprev)) break;
            dprev = d;
        }
        free(p0), free(R), free(w), free(sc);
    }
    kes_cheb_helmholtz_destroy(h);
    if (!st)
        for (int64_t k = 0; k < N; k++) v[k] += Lf[k];
    *err = st ? NAN : rel_l2(N, v, ue);
    free(c), free(D), free(D2), free(B), free(Lf), free(lapL), free(rhs), free(v), free(ue), free(e4), free(d4);
    return st;
}

static int cheb_run(const problem *p, int64_t n, int reps, double *err, timing *tm, int *newton, int *gi)
{
    double t[64] = {0};
    int s = 0, done = 0;
    while (done < reps) {
        f_calls = 0;
        double t0 = now();
        s = p->dim == 1 ? cheb_1d(p, n, err, newton) : cheb_2d(p, n, err, newton, gi);
        t[done++] = now() - t0;
        if (s) break;
    }
    *tm = summarise(t, done);
    return s;
}

/* -------------------------------------------------------------- modes */

static void gp_header(void)
{
    printf("  %-9s %-9s %6s %10s %9s %-11s %9s %5s %7s %8s %6s %s\n", "method", "grid", "ppw", "rel L2", "time_s",
           "(mean+-se)", "est.err", "evals", "jitter", "f calls", "newton", "status");
}

static void gp_line(const problem *p, const char *mode, const char *method, int64_t n, const run_opts *ro, double ae,
                    double as)
{
    double err;
    timing tm;
    kes_gpcol_stats st;
    memset(&st, 0, sizeof st);
    int s = gp_grid(p, n, ro, &err, &tm, &st);
    char g[32];
    snprintf(g, sizeof g, p->dim == 1 ? "%lld" : "%lld^2", (long long)n);
    if (s < 0) {
        printf("  %-9s %-9s  failed: %s (%d)\n", method, g, kes_strerror(s), s);
        csv_row(mode, p->name, method, n, p->dim, NAN, NAN, tm, NULL, NAN, s, ae, as);
        return;
    }
    printf("  %-9s %-9s %6.2f %10.3e", method, g, st.points_per_wavelength, err);
    print_time(tm);
    printf(" %9.2e %5lld %7.0e %8ld %6lld %s\n", st.error_estimate, (long long)st.evaluations, st.jitter, f_calls,
           (long long)st.newton, s == KES_OK ? "ok" : s == KES_NOCONV ? "NOCONV" : "?");
    if (!isnan(ae)) printf("  %-9s %-9s %6s %10.3e %9.0f (their hardware, JAX, 1e5 Adam epochs)\n", "authors", g, "", ae, as);
    csv_row(mode, p->name, method, n, p->dim, st.points_per_wavelength, err, tm, &st, NAN, s, ae, as);
}

static void mode_table(const int *sel, int64_t grid_override, const run_opts *ro)
{
    printf("GP-HM (kes_gpcol_solve, Q = %d, max_iter %lld, tol %.0e, %s spectrum) beside Chebyshev collocation;\n"
           "relative L2 against the exact u on each method's own points; time: mean +- standard error over %d GP-HM\n"
           "run(s) and max(3, that) Chebyshev runs, '(1 run)' where there was one\n",
           ro->o.components, (long long)ro->o.max_iter, ro->o.tol,
           ro->o.spectrum == KES_GPCOL_GAUSSIAN ? "Gaussian" : "Student-t", ro->reps);
    for (int i = 0; i < NPROB; i++) {
        if (!sel[i]) continue;
        const problem *p = &problems[i];
        printf("\n%s: %s %s u = %s on [%g, %.4g]^%d\n", p->name, p->dim == 1 ? "1-D" : "2-D",
               p->op == KES_GPCOL_POISSON ? "Poisson" : "Allen-Cahn", p->label, p->lo, p->hi, p->dim);
        gp_header();
        run_opts opt = *ro;
        opt.o.max_iter = ro->opt_iter;
        opt.reps = 1;
        for (int k = 0; k < 2 && (grid_override ? k == 0 : p->grid[k] != 0); k++) {
            int64_t n = grid_override ? grid_override : p->grid[k];
            double ae = grid_override ? NAN : p->auth_err[k], as = grid_override ? NAN : p->auth_s[k];
            gp_line(p, "table", "GP-HM", n, ro, ae, as);
            /* The paper's refinement: BFGS on the prior term from the chosen start. */
            if (ro->opt_iter > 0) gp_line(p, "table", "GP-HM+opt", n, &opt, NAN, NAN);
        }
        for (int k = 0; k < 4 && p->cheb[k]; k++) {
            double err = NAN;
            timing tm;
            int nw = 0, gi = 0;
            int s = cheb_run(p, p->cheb[k], ro->reps < 3 ? 3 : ro->reps, &err, &tm, &nw, &gi);
            char g[32];
            snprintf(g, sizeof g, p->dim == 1 ? "N=%lld" : "N=%lld^2", (long long)p->cheb[k]);
            printf("  %-9s %-9s %6s %10.3e", "Cheb", g, "", err);
            print_time(tm);
            if (p->op == KES_GPCOL_ALLEN_CAHN)
                printf(" %9s %5s %7s %8s %6d %s", "", "", "", "", nw, p->dim == 2 ? "" : (s ? kes_strerror(s) : "ok"));
            else printf(" %9s %5s %7s %8s %6s %s", "", "", "", "", "", s ? kes_strerror(s) : "ok");
            if (p->dim == 2 && p->op == KES_GPCOL_ALLEN_CAHN) printf("%s (GMRES its %d)", s ? kes_strerror(s) : "ok", gi);
            printf("\n");
            kes_gpcol_stats st;
            memset(&st, 0, sizeof st);
            st.newton = nw, st.evaluations = gi, st.error_estimate = NAN;
            csv_row("table", p->name, "cheb", p->cheb[k], p->dim, NAN, err, tm, &st, NAN, s, NAN, NAN);
        }
    }
}

static void mode_conv(const int *sel, const int64_t *grids, int ngrids, const run_opts *ro)
{
    printf("GP-HM convergence: relative L2 on the grid against grid size (Q = %d, max_iter %lld; %d run%s each)\n",
           ro->o.components, (long long)ro->o.max_iter, ro->reps, ro->reps > 1 ? "s" : "");
    for (int i = 0; i < NPROB; i++) {
        if (!sel[i]) continue;
        const problem *p = &problems[i];
        printf("\n%s: %s %s u = %s\n", p->name, p->dim == 1 ? "1-D" : "2-D",
               p->op == KES_GPCOL_POISSON ? "Poisson" : "Allen-Cahn", p->label);
        gp_header();
        const int64_t *g = ngrids ? grids : p->conv;
        int ng = ngrids ? ngrids : 8;
        for (int k = 0; k < ng && g[k]; k++) {
            double ae = NAN, as = NAN;
            for (int q = 0; q < 2; q++)
                if (p->grid[q] == g[k]) ae = p->auth_err[q], as = p->auth_s[q];
            gp_line(p, "conv", "GP-HM", g[k], ro, ae, as);
        }
    }
}

static const double *sort_key;
static int sort_dim;
static int64_t sort_n;
static int by_point(const void *a, const void *b)
{
    int64_t i = *(const int64_t *)a, j = *(const int64_t *)b;
    for (int d = 0; d < sort_dim; d++) {
        double x = sort_key[i + d * sort_n], y = sort_key[j + d * sort_n];
        if (x != y) return (x > y) - (x < y);
    }
    return 0;
}

/* Reorder the points (ni x dim, column-major) and their f and u values. */
static void sort_points(int dim, int64_t ni, double *X, double *f, double *ue)
{
    int64_t *ix = malloc((size_t)ni * sizeof *ix);
    double *tmp = malloc((size_t)(ni * (dim + 2)) * sizeof *tmp);
    if (!ix || !tmp) return;
    for (int64_t i = 0; i < ni; i++) ix[i] = i;
    sort_key = X, sort_dim = dim, sort_n = ni;
    qsort(ix, (size_t)ni, sizeof *ix, by_point);
    memcpy(tmp, X, (size_t)(ni * dim) * sizeof *tmp);
    memcpy(tmp + ni * dim, f, (size_t)ni * sizeof *tmp);
    memcpy(tmp + ni * (dim + 1), ue, (size_t)ni * sizeof *tmp);
    for (int64_t i = 0; i < ni; i++) {
        for (int d = 0; d < dim; d++) X[i + d * ni] = tmp[ix[i] + d * ni];
        f[i] = tmp[ni * dim + ix[i]];
        ue[i] = tmp[ni * (dim + 1) + ix[i]];
    }
    free(ix), free(tmp);
}

/* Scattered collocation: ni uniform random interior points, nb random
 * boundary points, f with and without N(0, (0.01 rms f)^2) noise. */
static void meshfree_case(int dim, int64_t ni, int64_t nb, double k, const run_opts *ro, kes_rng *rng)
{
    double lo = 0, hi = dim == 1 ? TWO_PI : 1.0, w = dim == 1 ? k : TWO_PI * k;
    double *Xi = malloc((size_t)(ni * dim) * sizeof *Xi), *Xb = malloc((size_t)(nb * dim) * sizeof *Xb);
    double *f = malloc((size_t)ni * sizeof *f), *fn = malloc((size_t)ni * sizeof *fn), *g = malloc((size_t)nb * sizeof *g);
    double *ue = malloc((size_t)ni * sizeof *ue), *u = malloc((size_t)ni * sizeof *u);
    if (!Xi || !Xb || !f || !fn || !g || !ue || !u) return;
    for (int64_t i = 0; i < ni * dim; i++) Xi[i] = lo + (hi - lo) * kes_rng_uniform_pos(rng);
    if (dim == 1) {
        Xb[0] = lo, Xb[1] = hi, nb = 2;
    } else {
        for (int64_t i = 0; i < nb; i++) {
            double t = kes_rng_uniform_pos(rng);
            int e = (int)(i % 4);
            Xb[i] = e == 0 ? t : e == 1 ? t : e == 2 ? 0.0 : 1.0;
            Xb[i + nb] = e == 0 ? 0.0 : e == 1 ? 1.0 : t;
        }
    }
    double ss = 0;
    for (int64_t i = 0; i < ni; i++) {
        double x = Xi[i], y = dim == 2 ? Xi[i + ni] : 0;
        ue[i] = dim == 1 ? sin(w * x) : sin(w * x) * sin(w * y);
        f[i] = -(double)dim * w * w * ue[i];
        ss += f[i] * f[i];
    }
    for (int64_t i = 0; i < nb; i++) g[i] = dim == 1 ? sin(w * Xb[i]) : sin(w * Xb[i]) * sin(w * Xb[i + nb]);
    double sd = 0.01 * sqrt(ss / (double)ni);
    for (int64_t i = 0; i < ni; i++) fn[i] = f[i] + sd * kes_rng_normal(rng);
    char name[64];
    if (dim == 1) snprintf(name, sizeof name, "mf1_sin%gx", k);
    else snprintf(name, sizeof name, "mf2_k%g", k);
    printf("\n%s: %d-D Poisson, u = %s, %lld interior + %lld boundary random points, mean spacing %.3g\n", name, dim,
           dim == 1 ? "sin(k x) on [0, 2 pi]" : "sin(2 pi k x) sin(2 pi k y) on [0, 1]^2", (long long)ni, (long long)nb,
           dim == 1 ? TWO_PI / (double)ni : 1 / sqrt((double)ni));
    printf("  %-9s %7s %11s %9s %-11s %6s %8s %11s %11s %s\n", "f", "ppw", "rel L2", "time_s", "(mean+-se)", "evals",
           "jitter", "noise fit", "noise true", "status");
    /* Third pass: the noiseless data with the same points sorted by x (then
     * y), which must not change the answer beyond rounding. */
    for (int pass = 0; pass < 3; pass++) {
        int noisy = pass == 0;
        if (pass == 2) sort_points(dim, ni, Xi, f, ue);
        double t[64] = {0};
        kes_gpcol_stats st;
        memset(&st, 0, sizeof st);
        kes_status s = KES_OK;
        int done = 0;
        while (done < ro->reps) {
            kes_rng *gr = NULL;
            if (ro->seeded) kes_rng_create(ro->seed, &gr);
            double t0 = now();
            s = kes_gpcol_scattered(KES_GPCOL_POISSON, dim, ni, Xi, ni, noisy ? fn : f, nb, Xb, nb, g, &ro->o, gr, u,
                                    &st);
            t[done++] = now() - t0;
            kes_rng_destroy(gr);
            if (s < 0) break;
        }
        timing tm = summarise(t, done);
        f_calls = (long)ni;
        const char *lab = noisy ? "1% noise" : pass == 1 ? "noiseless" : "sorted";
        if (s < 0) {
            printf("  %-9s failed: %s (%d)\n", lab, kes_strerror(s), s);
            csv_row("meshfree", name, noisy ? "gphm_noisy" : pass == 1 ? "gphm_clean" : "gphm_clean_sorted", ni, dim,
                    NAN, NAN, tm, NULL,
                    noisy ? sd : 0, s, NAN, NAN);
            continue;
        }
        double err = rel_l2(ni, u, ue);
        printf("  %-9s %7.2f %11.3e", lab, st.points_per_wavelength, err);
        print_time(tm);
        printf(" %6lld %8.1e %11.4g %11.4g %s\n", (long long)st.evaluations, st.jitter, st.noise, noisy ? sd : 0.0,
               s == KES_OK ? "ok" : "NOCONV");
        csv_row("meshfree", name, noisy ? "gphm_noisy" : pass == 1 ? "gphm_clean" : "gphm_clean_sorted", ni, dim,
                st.points_per_wavelength, err, tm, &st,
                noisy ? sd : 0, s, NAN, NAN);
    }
    free(Xi), free(Xb), free(f), free(fn), free(g), free(ue), free(u);
}

/* f against L u by Richardson-extrapolated central differences (step h and
 * h/2: fourth order), at 50 random points per problem; the worst error
 * relative to max |f| must be <= 1e-7. */
static int mode_selftest(void)
{
    kes_rng *rng;
    if (kes_rng_create(7, &rng)) return 1;
    int bad = 0;
    printf("selftest: f against a finite-difference L u (Richardson, h = 2e-5 and 1e-5 of the box width)\n");
    for (int i = 0; i < NPROB; i++) {
        const problem *p = &problems[i];
        double worst = 0, fmaxv = 0;
        for (int t = 0; t < 50; t++) {
            double x[2];
            for (int d = 0; d < p->dim; d++) x[d] = p->lo + (p->hi - p->lo) * kes_rng_uniform(rng);
            double lap[2] = {0, 0}, hs[2] = {2e-5, 1e-5};
            for (int q = 0; q < 2; q++) {
                double h = hs[q] * (p->hi - p->lo), u0 = p->u(x);
                for (int d = 0; d < p->dim; d++) {
                    double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]};
                    xp[d] += h, xm[d] -= h;
                    lap[q] += (p->u(xp) - 2 * u0 + p->u(xm)) / (h * h);
                }
            }
            double fd = (4 * lap[1] - lap[0]) / 3, u0 = p->u(x);
            if (p->op == KES_GPCOL_ALLEN_CAHN) fd += u0 * (u0 * u0 - 1);
            double fv = f_of(x, (void *)p);
            worst = fmax(worst, fabs(fd - fv));
            fmaxv = fmax(fmaxv, fabs(fv));
        }
        int ok = worst <= 1e-7 * fmaxv;
        bad += !ok;
        printf("  %-12s max |f - FD| / max |f| = %.2e  %s\n", p->name, worst / fmaxv, ok ? "ok" : "WRONG");
    }
    kes_rng_destroy(rng);
    printf("selftest: %s\n", bad ? "FAILED" : "passed");
    return bad != 0;
}

/* ---------------------------------------------------------------- main */

static void usage(FILE *f)
{
    fputs("usage: bench_gpcol [--mode table|conv|meshfree|selftest] [--problem LIST] [--reps R] [--grid N]\n"
          "                   [--conv LIST] [--components Q] [--max-iter M] [--opt-iter M] [--jitter J]\n"
          "                   [--seed S] [--ni N] [--ni1 N] [--k K] [--k1 K] [--csv FILE]\n"
          "GP-HM collocation (kes_gpcol_solve) beside Chebyshev spectral solvers on the GP-HM paper's problems.\n"
          "  --mode M         table (default): paper grids, GP-HM and Chebyshev; conv: GP-HM error against grid;\n"
          "                   meshfree: kes_gpcol_scattered with 1% noise on f; selftest: f against finite differences\n"
          "  --problem LIST   comma-separated names (default: all): p1_s100 p1_xs200 p1_s6c100 ac1_s100 ac1_s6c100\n"
          "                   p2_s100s100 p2_s6c20 ac2_mix\n"
          "  --reps R         timed runs per solve, 1..50 (default 1; Chebyshev at least 3)\n"
          "  --grid N         table: replace the paper's grids by N points per axis, 4..2048\n"
          "  --conv LIST      conv: comma-separated grid sizes (default: per problem)\n"
          "  --components Q   mixture components, 1..200 (default 30)\n"
          "  --max-iter M     optimiser iterations, 0..100000 (default: the solver's)\n"
          "  --seed S         pass a seeded kes_rng to the solver (default: NULL, evenly spread components);\n"
          "                   meshfree: also the point and noise seed (default 1)\n"
          "  --ni N           meshfree: interior points of the 2-D case, 10..15000 (default 600; 1-D uses --ni1)\n"
          "  --ni1 N          meshfree: interior points of the 1-D case, 10..15000 (default 400)\n"
          "  --k K            meshfree: 2-D wave number k, (0, 50] (default 3); --k1: 1-D frequency (default 40)\n"
          "  --csv FILE       append one row per solve to FILE (header written when the file is empty)\n",
          f);
}
#define SYNOPSIS "[--mode M] [--problem LIST] [--reps R] [--grid N] [--csv FILE] ..."

enum { O_MODE = 256, O_PROB, O_REPS, O_GRID, O_CONV, O_Q, O_ITER, O_OPT, O_JIT, O_SEED, O_NI, O_NI1, O_K, O_K1, O_CSV, O_HELP };

int main(int argc, char **argv)
{
    example_prog = "bench_gpcol";
    static const struct option lo[] = {
        {"mode", required_argument, 0, O_MODE},     {"problem", required_argument, 0, O_PROB},
        {"reps", required_argument, 0, O_REPS},     {"grid", required_argument, 0, O_GRID},
        {"conv", required_argument, 0, O_CONV},     {"components", required_argument, 0, O_Q},
        {"max-iter", required_argument, 0, O_ITER}, {"seed", required_argument, 0, O_SEED},
        {"ni", required_argument, 0, O_NI},         {"ni1", required_argument, 0, O_NI1},
        {"k", required_argument, 0, O_K},           {"k1", required_argument, 0, O_K1},
        {"csv", required_argument, 0, O_CSV},       {"help", no_argument, 0, O_HELP},
        {"opt-iter", required_argument, 0, O_OPT},  {"jitter", required_argument, 0, O_JIT},
        {0, 0, 0, 0}};
    const char *mode = "table", *plist = NULL, *clist = NULL, *csvpath = NULL;
    run_opts ro = {kes_gpcol_opts_default(), 1, 1, 0, 0};
    int64_t v, grid = 0, ni = 600, ni1 = 400;
    double k = 3, k1 = 40;
    uint64_t seed = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case O_MODE: mode = optarg; break;
        case O_PROB: plist = optarg; break;
        case O_CONV: clist = optarg; break;
        case O_CSV: csvpath = optarg; break;
        case O_REPS:
            if (parse_int64("--reps", optarg, 1, 50, &v)) return cli_usage_hint(SYNOPSIS);
            ro.reps = (int)v;
            break;
        case O_GRID:
            if (parse_int64("--grid", optarg, 4, 2048, &grid)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_Q:
            if (parse_int64("--components", optarg, 1, 200, &v)) return cli_usage_hint(SYNOPSIS);
            ro.o.components = (int)v;
            break;
        case O_ITER:
            if (parse_int64("--max-iter", optarg, 0, 100000, &v)) return cli_usage_hint(SYNOPSIS);
            ro.o.max_iter = v;
            break;
        case O_OPT:
            if (parse_int64("--opt-iter", optarg, 0, 100000, &ro.opt_iter)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_JIT:
            if (parse_double("--jitter", optarg, 0, 1e-3, &ro.o.jitter)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_SEED:
            if (parse_uint64("--seed", optarg, 0, UINT64_MAX, &seed)) return cli_usage_hint(SYNOPSIS);
            ro.seed = seed, ro.seeded = 1;
            break;
        case O_NI:
            if (parse_int64("--ni", optarg, 10, 15000, &ni)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_NI1:
            if (parse_int64("--ni1", optarg, 10, 15000, &ni1)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_K:
            if (parse_double_range("--k", optarg, 0, 50, CLI_OPEN_LO, &k)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_K1:
            if (parse_double_range("--k1", optarg, 0, 1000, CLI_OPEN_LO, &k1)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_HELP: usage(stdout); return 0;
        default: cli_getopt_error(c, argv, lo); return cli_usage_hint(SYNOPSIS);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "bench_gpcol: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    int sel[NPROB];
    for (int i = 0; i < NPROB; i++) sel[i] = plist == NULL;
    if (plist) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", plist);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
            int found = 0;
            for (int i = 0; i < NPROB; i++)
                if (!strcmp(t, problems[i].name)) sel[i] = found = 1;
            if (!found) {
                fprintf(stderr, "bench_gpcol: --problem: unknown problem '%s'\n", t);
                return cli_usage_hint(SYNOPSIS);
            }
        }
    }
    int64_t cg[16];
    int ncg = 0;
    if (clist) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", clist);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
            if (ncg == 15 || parse_int64("--conv", t, 4, 2048, &cg[ncg])) return cli_usage_hint(SYNOPSIS);
            ncg++;
        }
        cg[ncg] = 0;
    }
    if (strcmp(mode, "table") && strcmp(mode, "conv") && strcmp(mode, "meshfree") && strcmp(mode, "selftest")) {
        fprintf(stderr, "bench_gpcol: --mode: '%s' is not table, conv, meshfree or selftest\n", mode);
        return cli_usage_hint(SYNOPSIS);
    }
    if (!strcmp(mode, "selftest")) return mode_selftest();
    if (csvpath) {
        csv = fopen(csvpath, "a+");
        if (!csv) {
            fprintf(stderr, "bench_gpcol: cannot open %s\n", csvpath);
            return 1;
        }
        fseek(csv, 0, SEEK_END);
        if (ftell(csv) == 0)
            fprintf(csv, "mode,problem,method,grid,dim,ppw,rel_l2,time_mean_s,time_se_s,reps,err_estimate,f_calls,evals,jitter,noise_fit,"
                         "noise_true,residual,newton,components,status,auth_rel_l2,auth_s\n");
    }
    if (!strcmp(mode, "table")) mode_table(sel, grid, &ro);
    else if (!strcmp(mode, "conv")) mode_conv(sel, cg, ncg, &ro);
    else {
        kes_rng *rng;
        if (kes_rng_create(seed, &rng)) return 1;
        printf("GP-HM mesh-free (kes_gpcol_scattered, Q = %d): rel L2 at the interior points; noise sd = 0.01 rms(f)\n",
               ro.o.components);
        meshfree_case(2, ni, 200, k, &ro, rng);
        meshfree_case(1, ni1, 2, k1, &ro, rng);
        kes_rng_destroy(rng);
    }
    if (csv) fclose(csv);
    return 0;
}
