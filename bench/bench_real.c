/*
 * Tuners on sequences built from real and generated SPD matrices: A_t =
 * A + c_t diag(A) (backward Euler with a lumped mass and a varying step),
 * c_t ~ U[0, c_max], b_t ~ N(0, I), x_0 = 0, SSOR-PCG (Eisenstat form) to
 * tol 1e-8 relative to ||b||, cap 10000 iterations.
 *
 * Every instance is solved with the 20 grid omegas 1, 1.05, ..., 1.95
 * (the table ChebCB and Tsallis-INF play against, so they pay exactly what
 * they would have paid) and, after the grid totals are known, at the four
 * omegas +-0.0125 and +-0.025 around the best grid omega, so that the best
 * fixed omega in hindsight comes from a 0.0125-fine sweep around its
 * optimum; the per-step oracle is the per-instance minimum over all 24.
 * KES_TUNER_AUTO chooses continuous omegas, so it solves directly: once with
 * kes_tuner_set_system(A_t) before every choice and once without.
 *
 * Sequences of T = 200 (seeds 1..S) are prefixes of the first seeds'
 * T = 2000 sequences (seeds 1..S2); every learner is anytime, so a prefix
 * is exactly the 200-system run.  Reported per (matrix, c_max, T): mean +-
 * standard error over seeds of total iterations / total of the best fixed
 * omega of that sequence (also / omega = 1 and / oracle for AUTO).
 *
 * Usage: bench_real [--seeds S] [--seeds2000 S2] [--cmax C]... [--only NAME]
 *                   [--generated] [--csv FILE] MATRIX.mtx...
 *  (BENCH_REAL_VERBOSE=1 in the environment prints AUTO's arm counts.)
 *  --generated  add the generated matrices (2-D/3-D Laplacians, an
 *               anisotropic Laplacian, random-coefficient diffusion, P1
 *               finite elements on a perturbed mesh, a shifted graph
 *               Laplacian) after the files
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define NG 20
#define NREF 4
#define NCOL (NG + NREF)
#define TMAX 2000

enum { P_ONE, P_BEST, P_ORACLE, P_TINF, P_CHEB, P_AUTO, P_AUTO_NOSYS, NPOL };
static const char *pol_name[NPOL] = {"omega = 1", "best fixed", "per-step oracle", "Tsallis-INF", "ChebCB",
                                     "AUTO (set_system)", "AUTO (no system)"};

/* ------------------------------------------------------- matrix builders */

typedef struct trip {
    int64_t n, k, cap;
    int64_t *r, *c;
    double *v;
} trip;

static void tadd(trip *t, int64_t i, int64_t j, double v)
{
    if (t->k == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1024;
        t->r = realloc(t->r, sizeof(int64_t) * t->cap);
        t->c = realloc(t->c, sizeof(int64_t) * t->cap);
        t->v = realloc(t->v, sizeof(double) * t->cap);
    }
    t->r[t->k] = i, t->c[t->k] = j, t->v[t->k++] = v;
}

/* symmetric edge (i, j) with conductance w: Laplacian contribution */
static void tedge(trip *t, int64_t i, int64_t j, double w)
{
    tadd(t, i, i, w);
    tadd(t, j, j, w);
    tadd(t, i, j, -w);
    tadd(t, j, i, -w);
}

static kes_csr *tfinish(trip *t)
{
    kes_csr *A = NULL;
    if (kes_csr_from_triplets(t->n, t->n, t->k, t->r, t->c, t->v, &A) != KES_OK) A = NULL;
    free(t->r), free(t->c), free(t->v);
    return A;
}

/* 2-D diffusion on an m x m interior grid with Dirichlet boundary:
 * coefficient cx(i,j), cy(i,j) on the edges; kind 0 isotropic, 1
 * anisotropic (eps in x), 2 log-normal random coefficients. */
static kes_csr *grid2d(int m, int kind, double eps, uint64_t seed)
{
    trip t = {.n = (int64_t)m * m};
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    double *cell = malloc(sizeof(double) * (m + 1) * (m + 1));
    for (int i = 0; i < (m + 1) * (m + 1); i++) cell[i] = kind == 2 ? exp(1.5 * kes_rng_normal(&rng)) : 1.0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++) {
            int64_t p = (int64_t)i * m + j;
            double cx = kind == 1 ? eps : 1.0;
            /* edge to the right / below, and the boundary edges */
            double wr = kind == 2 ? 2.0 / (1.0 / cell[i * (m + 1) + j] + 1.0 / cell[i * (m + 1) + j + 1]) : cx;
            double wd = kind == 2 ? 2.0 / (1.0 / cell[i * (m + 1) + j] + 1.0 / cell[(i + 1) * (m + 1) + j]) : 1.0;
            if (j + 1 < m) tedge(&t, p, p + 1, wr);
            else tadd(&t, p, p, wr);
            if (j == 0) tadd(&t, p, p, kind == 2 ? cell[i * (m + 1)] : cx);
            if (i + 1 < m) tedge(&t, p, p + m, wd);
            else tadd(&t, p, p, wd);
            if (i == 0) tadd(&t, p, p, kind == 2 ? cell[j] : 1.0);
        }
    free(cell);
    return tfinish(&t);
}

static kes_csr *lap3d(int m)
{
    trip t = {.n = (int64_t)m * m * m};
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++)
            for (int k = 0; k < m; k++) {
                int64_t p = ((int64_t)i * m + j) * m + k;
                tadd(&t, p, p, 6.0);
                if (i > 0) tadd(&t, p, p - (int64_t)m * m, -1);
                if (i < m - 1) tadd(&t, p, p + (int64_t)m * m, -1);
                if (j > 0) tadd(&t, p, p - m, -1);
                if (j < m - 1) tadd(&t, p, p + m, -1);
                if (k > 0) tadd(&t, p, p - 1, -1);
                if (k < m - 1) tadd(&t, p, p + 1, -1);
            }
    return tfinish(&t);
}

/* P1 stiffness matrix on the unit square split into 2 m^2 triangles, the
 * interior vertices moved by up to 0.3 h at random; Dirichlet boundary
 * (boundary vertices eliminated). */
static kes_csr *fem_p1(int m, uint64_t seed)
{
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    const int nv = m + 1;
    double *X = malloc(sizeof(double) * nv * nv), *Y = malloc(sizeof(double) * nv * nv);
    int64_t *id = malloc(sizeof(int64_t) * nv * nv);
    int64_t n = 0;
    for (int i = 0; i < nv; i++)
        for (int j = 0; j < nv; j++) {
            int b = i == 0 || j == 0 || i == m || j == m;
            double h = 1.0 / m;
            X[i * nv + j] = j * h + (b ? 0 : 0.3 * h * (2 * kes_rng_uniform(&rng) - 1));
            Y[i * nv + j] = i * h + (b ? 0 : 0.3 * h * (2 * kes_rng_uniform(&rng) - 1));
            id[i * nv + j] = b ? -1 : n++;
        }
    trip t = {.n = n};
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++) {
            int q[2][3] = {{i * nv + j, i * nv + j + 1, (i + 1) * nv + j + 1}, {i * nv + j, (i + 1) * nv + j + 1, (i + 1) * nv + j}};
            for (int e = 0; e < 2; e++) {
                double gx[3], gy[3];
                int *v = q[e];
                double x0 = X[v[0]], y0 = Y[v[0]], x1 = X[v[1]], y1 = Y[v[1]], x2 = X[v[2]], y2 = Y[v[2]];
                double det = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0), area = 0.5 * fabs(det);
                gx[0] = (y1 - y2) / det, gy[0] = (x2 - x1) / det;
                gx[1] = (y2 - y0) / det, gy[1] = (x0 - x2) / det;
                gx[2] = (y0 - y1) / det, gy[2] = (x1 - x0) / det;
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++)
                        if (id[v[a]] >= 0 && id[v[b]] >= 0)
                            tadd(&t, id[v[a]], id[v[b]], area * (gx[a] * gx[b] + gy[a] * gy[b]));
            }
        }
    free(X), free(Y), free(id);
    return tfinish(&t);
}

/* Laplacian of a random geometric graph on n points in the unit square
 * (radius for about 8 neighbours) plus shift * I. */
static kes_csr *graph_lap(int64_t n, double shift, uint64_t seed)
{
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    double *P = malloc(sizeof(double) * 2 * n);
    for (int64_t i = 0; i < 2 * n; i++) P[i] = kes_rng_uniform(&rng);
    double r2 = 8.0 / (M_PI * n);
    trip t = {.n = n};
    for (int64_t i = 0; i < n; i++) {
        tadd(&t, i, i, shift);
        for (int64_t j = i + 1; j < n; j++) {
            double dx = P[2 * i] - P[2 * j], dy = P[2 * i + 1] - P[2 * j + 1];
            if (dx * dx + dy * dy < r2) tedge(&t, i, j, 1.0);
        }
    }
    free(P);
    return tfinish(&t);
}

/* ------------------------------------------------------------ the runs */

typedef struct seqres {
    double tot[NPOL];
    double best_omega;
} seqres;

static int solve_count(kes_solver *S, const double *b, double *x, double w, double *cost)
{
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    kes_solve_stats st;
    if (kes_solver_set_omega(S, w) != KES_OK) return -1;
    kes_status rc = kes_solver_solve(S, b, x, &o, &st);
    if (rc < 0) return -1;
    *cost = (double)st.iterations;
    return 0;
}

static int play_table(kes_tuner_kind kind, double cmax, int64_t T, const double *cost, const double *ctx,
                      uint64_t seed, double *paid)
{
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = 0;
    o.context_max = cmax;
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_tuner *tu;
    if (kes_tuner_create(kind, &o, &rng, &tu) != KES_OK) return -1;
    for (int64_t t = 0; t < T; t++) {
        double w;
        int64_t arm;
        if (kes_tuner_choose(tu, ctx[t], &w) < 0 || kes_tuner_last_arm(tu, &arm) != KES_OK) return -1;
        paid[t] = cost[t * NCOL + arm];
        if (kes_tuner_observe(tu, paid[t]) != KES_OK) return -1;
    }
    kes_tuner_destroy(tu);
    return 0;
}

/* One sequence of T instances; fills r200 (first 200) and, if T > 200, r2000. */
static int run_sequence(const kes_csr *A0, double cmax, int64_t T, uint64_t seed, seqres *r200, seqres *rT)
{
    const int64_t n = A0->nrows;
    kes_csr *A;
    if (kes_csr_clone(A0, &A) != KES_OK) return -1;
    int64_t *dp = malloc(sizeof(int64_t) * n);
    double *d0 = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n * T), *x = malloc(sizeof(double) * n);
    double *cost = malloc(sizeof(double) * T * NCOL), *ctx = malloc(sizeof(double) * T);
    double *paid = malloc(sizeof(double) * T * NPOL);
    kes_solver *S = NULL;
    int err = kes_csr_diag_positions(A, dp) != KES_OK || kes_solver_create(kes_solver_pcg_eisenstat, A, &S) != KES_OK;
    kes_rng rng;
    kes_rng_init(&rng, seed, 17);
    for (int64_t i = 0; i < n && !err; i++) d0[i] = A0->val[dp[i]];
    for (int64_t t = 0; t < T; t++) {
        ctx[t] = cmax * kes_rng_uniform(&rng);
        kes_rng_fill_normal(&rng, n, b + t * n);
    }
#define SET_INSTANCE(t)                                                          \
    do {                                                                         \
        for (int64_t i = 0; i < n; i++) A->val[dp[i]] = d0[i] * (1.0 + ctx[t]); \
        if (kes_solver_set_matrix(S, A) != KES_OK) err = 1;                      \
    } while (0)
    /* grid table */
    for (int64_t t = 0; t < T && !err; t++) {
        SET_INSTANCE(t);
        for (int j = 0; j < NG && !err; j++) err = solve_count(S, b + t * n, x, 1.0 + 0.05 * j, &cost[t * NCOL + j]);
    }
    /* AUTO, directly, with and without the system */
    for (int pass = 0; pass < 2 && !err; pass++) {
        kes_tuner *tu;
        kes_rng r2;
        kes_rng_init(&r2, seed, 99);
        if (kes_tuner_create(KES_TUNER_AUTO, NULL, &r2, &tu) != KES_OK) {
            err = 1;
            break;
        }
        for (int64_t t = 0; t < T && !err; t++) {
            SET_INSTANCE(t);
            double w, c = 0;
            if (pass == 0 && kes_tuner_set_system(tu, A) != KES_OK) err = 1;
            if (!err && kes_tuner_choose(tu, 0.0, &w) < 0) err = 1;
            if (!err) err = solve_count(S, b + t * n, x, w, &c);
            if (!err && kes_tuner_observe(tu, c) != KES_OK) err = 1;
            paid[(pass ? P_AUTO_NOSYS : P_AUTO) * T + t] = c;
        }
        if (getenv("BENCH_REAL_VERBOSE")) {
            int64_t cnt[64];
            double arms[64];
            kes_tuner_counts(tu, cnt);
            kes_tuner_arms(tu, arms);
            fprintf(stderr, "AUTO %s counts:", pass ? "no-system" : "system");
            for (int64_t j = 0; j < kes_tuner_n_arms(tu); j++) fprintf(stderr, " %.3f:%lld", arms[j], (long long)cnt[j]);
            fprintf(stderr, "\n");
        }
        kes_tuner_destroy(tu);
    }
    if (!err) err = play_table(KES_TUNER_TSALLIS_INF, cmax, T, cost, ctx, seed * 7919 + 1, paid + P_TINF * T);
    if (!err) err = play_table(KES_TUNER_CHEBCB, cmax, T, cost, ctx, seed * 7919 + 2, paid + P_CHEB * T);
    /* best fixed per horizon: grid, then refinement around the best grid omega */
    for (int h = 0; h < 2 && !err; h++) {
        int64_t H = h == 0 ? (T < 200 ? T : 200) : T;
        seqres *res = h == 0 ? r200 : rT;
        if (h == 1 && T <= 200) break;
        int bj = 0;
        double bv = INFINITY;
        for (int j = 0; j < NG; j++) {
            double s = 0;
            for (int64_t t = 0; t < H; t++) s += cost[t * NCOL + j];
            if (s < bv) bv = s, bj = j;
        }
        const double dw[NREF] = {-0.025, -0.0125, 0.0125, 0.025};
        double wb = 1.0 + 0.05 * bj;
        for (int k = 0; k < NREF && !err; k++) {
            double w = 1.0 + 0.05 * bj + dw[k];
            if (!(w > 0.5 && w < 1.99)) {
                for (int64_t t = 0; t < H; t++) cost[t * NCOL + NG + k] = INFINITY;
                continue;
            }
            double s = 0;
            for (int64_t t = 0; t < H && !err; t++) {
                SET_INSTANCE(t);
                err = solve_count(S, b + t * n, x, w, &cost[t * NCOL + NG + k]);
                s += cost[t * NCOL + NG + k];
            }
            if (s < bv) bv = s, wb = w;
        }
        res->best_omega = wb;
        res->tot[P_BEST] = bv;
        double one = 0, orc = 0;
        for (int64_t t = 0; t < H; t++) {
            double mn = INFINITY;
            for (int j = 0; j < NCOL; j++) mn = fmin(mn, cost[t * NCOL + j]);
            orc += mn;
            one += cost[t * NCOL];
        }
        res->tot[P_ONE] = one;
        res->tot[P_ORACLE] = orc;
        for (int p = P_TINF; p < NPOL; p++) {
            double s = 0;
            for (int64_t t = 0; t < H; t++) s += paid[p * T + t];
            res->tot[p] = s;
        }
    }
#undef SET_INSTANCE
    kes_solver_destroy(S);
    kes_csr_destroy(A);
    free(dp), free(d0), free(b), free(x), free(cost), free(ctx), free(paid);
    return err ? -1 : 0;
}

static void msd(const double *v, int n, double *m, double *se)
{
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) s += v[i], s2 += v[i] * v[i];
    *m = s / n;
    *se = n > 1 ? sqrt(fmax(0.0, (s2 - s * s / n) / (n - 1)) / n) : 0.0;
}

static void report(FILE *csv, const char *name, int64_t n, double cmax, int T, const seqres *r, int ns)
{
    double v[64], m, se, bo = 0;
    printf("| %s | %lld | %g | %d | %d |", name, (long long)n, cmax, T, ns);
    for (int i = 0; i < ns; i++) bo += r[i].best_omega / ns;
    printf(" %.3f |", bo);
    const int cols[] = {P_ONE, P_ORACLE, P_TINF, P_CHEB, P_AUTO, P_AUTO_NOSYS};
    if (csv) fprintf(csv, "%s,%lld,%g,%d,%d,%.4f", name, (long long)n, cmax, T, ns, bo);
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        for (int i = 0; i < ns; i++) v[i] = r[i].tot[cols[c]] / r[i].tot[P_BEST];
        msd(v, ns, &m, &se);
        printf(" %.3f ± %.3f |", m, se);
        if (csv) fprintf(csv, ",%.4f,%.4f", m, se);
    }
    double mx = 0;
    for (int i = 0; i < ns; i++) mx = fmax(mx, r[i].tot[P_AUTO] / r[i].tot[P_BEST]);
    for (int i = 0; i < ns; i++) v[i] = r[i].tot[P_AUTO] / r[i].tot[P_ONE];
    msd(v, ns, &m, &se);
    printf(" %.3f | %.3f ± %.3f |\n", mx, m, se);
    if (csv) fprintf(csv, ",%.4f,%.4f,%.4f\n", mx, m, se);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int seeds = 6, seeds2 = 1, gen = 0, ncm = 0;
    double cm[4];
    const char *only = NULL, *csvp = NULL;
    const char *files[64];
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--seeds") && i + 1 < argc) seeds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seeds2000") && i + 1 < argc) seeds2 = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--cmax") && i + 1 < argc && ncm < 4) cm[ncm++] = atof(argv[++i]);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csvp = argv[++i];
        else if (!strcmp(argv[i], "--generated")) gen = 1;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            puts("bench_real [--seeds S] [--seeds2000 S2] [--cmax C]... [--only NAME] [--generated] [--csv FILE] "
                 "MATRIX.mtx...");
            return 0;
        } else if (argv[i][0] != '-' && nf < 64) files[nf++] = argv[i];
        else {
            fprintf(stderr, "bench_real: bad argument %s\n", argv[i]);
            return 2;
        }
    }
    if (!ncm) cm[0] = 0.5, cm[1] = 0.01, ncm = 2;
    if (seeds < 1 || seeds > 64 || seeds2 < 0 || seeds2 > seeds) return 2;
    FILE *csv = csvp ? fopen(csvp, "w") : NULL;
    if (csv) fprintf(csv, "matrix,n,cmax,T,seeds,best_omega,one,one_se,oracle,oracle_se,tsallis,tsallis_se,chebcb,"
                          "chebcb_se,auto,auto_se,auto_nosys,auto_nosys_se,auto_max,auto_vs_one,auto_vs_one_se\n");
    printf("SSOR-PCG on A_t = A + c_t diag(A), c_t ~ U[0, c_max], tol 1e-8; ratios to the best fixed omega of "
           "each sequence, mean ± s.e. over seeds\n\n");
    printf("| matrix | n | c_max | T | seeds | best omega | omega = 1 | oracle | Tsallis-INF | ChebCB | AUTO | "
           "AUTO (no system) | AUTO max | AUTO / omega=1 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    int nm = nf + (gen ? 6 : 0);
    for (int mi = 0; mi < nm; mi++) {
        kes_csr *A = NULL;
        char name[256];
        if (mi < nf) {
            const char *base = strrchr(files[mi], '/');
            snprintf(name, sizeof name, "%s", base ? base + 1 : files[mi]);
            char *dot = strstr(name, ".mtx");
            if (dot) *dot = 0;
        } else {
            static const char *gn[6] = {"gen-lap2d-40", "gen-aniso2d-40", "gen-rcdiff2d-40", "gen-lap3d-12",
                                        "gen-fem-p1-36", "gen-graph-1500"};
            snprintf(name, sizeof name, "%s", gn[mi - nf]);
        }
        if (only && !strstr(name, only)) continue;
        if (mi < nf) {
            if (kes_csr_read_mm(files[mi], &A) != KES_OK) {
                fprintf(stderr, "cannot read %s\n", files[mi]);
                return 1;
            }
            if (strstr(name, "poisson1033")) {
                /* semidefinite to rounding: shift by 1e-4 diag(A) */
                int64_t *dp = malloc(sizeof(int64_t) * A->nrows);
                kes_csr_diag_positions(A, dp);
                for (int64_t i = 0; i < A->nrows; i++) A->val[dp[i]] *= 1.0 + 1e-4;
                free(dp);
            }
        } else {
            switch (mi - nf) {
            case 0: A = grid2d(40, 0, 1, 1); break;
            case 1: A = grid2d(40, 1, 0.01, 1); break;
            case 2: A = grid2d(40, 2, 1, 3); break;
            case 3: A = lap3d(12); break;
            case 4: A = fem_p1(36, 5); break;
            default: A = graph_lap(1500, 1e-2, 7); break;
            }
        }
        if (!A) return 1;
        for (int c = 0; c < ncm; c++) {
            seqres r200[64], r2k[64];
            int bad = 0;
            for (int s = 0; s < seeds && !bad; s++)
                bad = run_sequence(A, cm[c], s < seeds2 ? TMAX : 200, (uint64_t)(s + 1), &r200[s], &r2k[s]);
            if (bad) {
                fprintf(stderr, "bench_real: %s failed\n", name);
                return 1;
            }
            report(csv, name, A->nrows, cm[c], 200, r200, seeds);
            if (seeds2) report(csv, name, A->nrows, cm[c], TMAX, r2k, seeds2);
        }
        kes_csr_destroy(A);
    }
    if (csv) fclose(csv);
    return 0;
}
