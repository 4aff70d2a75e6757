/* Test matrices shared by the solver tests (test_solver_common.c, test_solver_sor.c,
 * test_solver_cg.c, test_solver_multicolor.c). */
#ifndef KES_SOLVER_FIXTURES_H
#define KES_SOLVER_FIXTURES_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* 5-point Laplacian on an m x m interior grid (4 + c on the diagonal, -1
 * off it), natural row-major ordering: MATLAB's delsq(numgrid('S', m+2)) + cI.
 * Row-major (i, j) is the library's first-index-fastest (j, i), so this is
 * kes_fd_laplacian with unit spacing and c added to the diagonal (4 + c in
 * one rounding, as the triplet assembly it replaces computed it). */
static inline kes_csr *fx_laplacian(int m, double c)
{
    const int64_t n2[2] = {m, m};
    const double h[2] = {1.0, 1.0};
    kes_csr *A = NULL;
    if (kes_fd_laplacian(2, n2, h, &A) != KES_OK) return NULL;
    for (int64_t i = 0; i < A->nrows; i++)
        for (int64_t p = A->rowptr[i]; p < A->rowptr[i + 1]; p++)
            if (A->colind[p] == i) A->val[p] += c;
    return A;
}

/* Crank-Nicolson heat matrix of reference §2 E2: I - (kappa dt / 2) Lh on
 * an m x m interior grid, dx = 1/(m+1), Lh the 5-point Laplacian / dx^2:
 * s (L5 + I/s) with s = kappa dt / (2 dx^2). */
static inline kes_csr *fx_heat(int m, double kappa, double dt)
{
    double dx = 1.0 / (m + 1), s = kappa * dt / (2.0 * dx * dx);
    kes_csr *A = fx_laplacian(m, 1.0 / s);
    if (A)
        for (int64_t k = 0; k < A->nnz; k++) A->val[k] *= s;
    return A;
}

/* A random sparse SPD matrix: symmetric random off-diagonal pattern with
 * about deg entries per row, values in [-1, 1], diagonal = sum |a_ij| +
 * shift (so strictly diagonally dominant when shift > 0). */
static inline kes_csr *fx_random_spd(int64_t n, int deg, double shift, uint64_t seed)
{
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    int64_t cap = n * (2 * deg + 1), k = 0;
    int64_t *r = malloc((size_t)cap * sizeof *r), *cc = malloc((size_t)cap * sizeof *cc);
    double *v = malloc((size_t)cap * sizeof *v);
    double *rowsum = calloc((size_t)n, sizeof *rowsum);
    for (int64_t i = 0; i < n; i++)
        for (int d = 0; d < deg; d++) {
            int64_t j = (int64_t)kes_rng_uint(&rng, (uint64_t)n);
            if (j == i) continue;
            double a = 2.0 * kes_rng_uniform(&rng) - 1.0;
            r[k] = i, cc[k] = j, v[k++] = a;
            r[k] = j, cc[k] = i, v[k++] = a;
            rowsum[i] += fabs(a);
            rowsum[j] += fabs(a);
        }
    for (int64_t i = 0; i < n; i++) r[k] = i, cc[k] = i, v[k++] = rowsum[i] + shift;
    kes_csr *A = NULL;
    if (kes_csr_from_triplets(n, n, k, r, cc, v, &A) != KES_OK) A = NULL;
    free(r);
    free(cc);
    free(v);
    free(rowsum);
    return A;
}

/* x = A^-1 b by dense LU (LAPACK dgesv), the independent reference. */
static inline int fx_dense_solve(const kes_csr *A, const double *b, double *x)
{
    int64_t n = A->nrows;
    double *D = malloc((size_t)(n * n) * sizeof *D);
    kes_csr_to_dense(A, D, n);
    memcpy(x, b, (size_t)n * sizeof *x);
    kes_status st = kes_mat_lu_solve(kes_mat_view(D, n, n, n), kes_mat_view(x, n, 1, n));
    free(D);
    return st == KES_OK;
}

/* 2-norm condition number of a symmetric positive definite A (dense syev). */
static inline double fx_cond_spd(const kes_csr *A)
{
    int64_t n = A->nrows;
    double *D = malloc((size_t)(n * n) * sizeof *D), *w = malloc((size_t)n * sizeof *w);
    kes_csr_to_dense(A, D, n);
    kes_mat_syev(kes_mat_view(D, n, n, n), w, 0);
    double c = w[n - 1] / w[0];
    free(D);
    free(w);
    return c;
}

/* ||b - A x||_2 computed directly. */
static inline double fx_resid(const kes_csr *A, const double *b, const double *x)
{
    double s = 0.0;
    for (int64_t i = 0; i < A->nrows; i++) {
        double t = b[i];
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) t -= A->val[k] * x[A->colind[k]];
        s += t * t;
    }
    return sqrt(s);
}

static inline double fx_norm(int64_t n, const double *x)
{
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += x[i] * x[i];
    return sqrt(s);
}

/* ||x - y||_2 */
static inline double fx_dist(int64_t n, const double *x, const double *y)
{
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
    return sqrt(s);
}

static inline double fx_young(int m, double c, double *rho_j)
{
    double rho = 4.0 * cos(M_PI / (m + 1)) / (4.0 + c);
    if (rho_j) *rho_j = rho;
    return 2.0 / (1.0 + sqrt(1.0 - rho * rho));
}

/* The E1 cost table (Khodak et al., "Learning to Relax", ICLR 2024, sec. 5):
 * T instances A_t = L + c_t I on the m x m grid Laplacian L, with
 * c_t = -0.15 + 0.6 Beta(ba, bb), b_t ~ N(0, I) redrawn until
 * ||b_t||^2 <= m^2, x0 = 0, forward SOR to the default tolerance.  Row t of
 * cost holds the iteration counts of the narm arms omega_j = 1 + 0.05 j,
 * then, with young != 0, one more column for Young's optimal omega (so a row
 * has narm + (young != 0) entries); ctx[t] = c_t.  The random draws depend
 * only on seed, so the bench and the claims test see the same instances.
 * Returns 0, or -1 when a solver call fails. */
static inline int fx_e1_table(int m, int64_t T, double ba, double bb, uint64_t seed, int narm, int young,
                              double *cost, double *ctx)
{
    const int64_t nn = (int64_t)m * m, ncol = narm + (young != 0);
    kes_csr *A = fx_laplacian(m, 0.0);
    kes_solver *s = NULL;
    int64_t *diag = malloc(sizeof(int64_t) * (size_t)nn);
    double *b = malloc(sizeof(double) * (size_t)nn), *x = malloc(sizeof(double) * (size_t)nn);
    int err = !A || !diag || !b || !x || kes_solver_create(kes_solver_sor, A, &s) != KES_OK;
    if (!err) kes_csr_diag_positions(A, diag);
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    for (int64_t t = 0; t < T && !err; t++) {
        double c = -0.15 + 0.6 * kes_rng_beta(&rng, ba, bb);
        double nb;
        do {
            kes_rng_fill_normal(&rng, nn, b);
            nb = 0;
            for (int64_t i = 0; i < nn; i++) nb += b[i] * b[i];
        } while (nb > (double)nn);
        for (int64_t i = 0; i < nn; i++) A->val[diag[i]] = 4.0 + c;
        if (kes_solver_set_matrix(s, A) != KES_OK) err = 1;
        ctx[t] = c;
        for (int64_t j = 0; j < ncol && !err; j++) {
            double w = j < narm ? 1.0 + 0.05 * (double)j : fx_young(m, c, NULL);
            kes_solve_stats st;
            kes_solver_set_omega(s, w);
            if (kes_solver_solve(s, b, x, &o, &st) < 0) err = 1;
            cost[t * ncol + j] = (double)st.iterations; /* the cap (10000) when not converged */
        }
    }
    kes_solver_destroy(s);
    kes_csr_destroy(A);
    free(diag);
    free(b);
    free(x);
    return err ? -1 : 0;
}

/* KES_TUNER_AUTO on the instances of fx_e1_table (same seed, same draws),
 * solving each with the omega AUTO chooses; with_system != 0 shows it each
 * A_t through kes_tuner_set_system first.  paid[t] receives the SOR
 * iterations of instance t.  Returns 0, or -1 when a call fails. */
static inline int fx_e1_auto(int m, int64_t T, double ba, double bb, uint64_t seed, int with_system, uint64_t tseed,
                             double *paid)
{
    const int64_t nn = (int64_t)m * m;
    kes_csr *A = fx_laplacian(m, 0.0);
    kes_solver *s = NULL;
    kes_tuner *tu = NULL;
    int64_t *diag = malloc(sizeof(int64_t) * (size_t)nn);
    double *b = malloc(sizeof(double) * (size_t)nn), *x = malloc(sizeof(double) * (size_t)nn);
    kes_rng rng, trng;
    kes_rng_init(&trng, tseed, 0);
    int err = !A || !diag || !b || !x || kes_solver_create(kes_solver_sor, A, &s) != KES_OK ||
              kes_tuner_create(KES_TUNER_AUTO, NULL, &trng, &tu) != KES_OK;
    if (!err) kes_csr_diag_positions(A, diag);
    kes_rng_init(&rng, seed, 0);
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    for (int64_t t = 0; t < T && !err; t++) {
        double c = -0.15 + 0.6 * kes_rng_beta(&rng, ba, bb);
        double nb;
        do {
            kes_rng_fill_normal(&rng, nn, b);
            nb = 0;
            for (int64_t i = 0; i < nn; i++) nb += b[i] * b[i];
        } while (nb > (double)nn);
        for (int64_t i = 0; i < nn; i++) A->val[diag[i]] = 4.0 + c;
        if (kes_solver_set_matrix(s, A) != KES_OK) err = 1;
        if (!err && with_system && kes_tuner_set_system(tu, A) != KES_OK) err = 1;
        double w;
        kes_solve_stats st;
        if (!err && kes_tuner_choose(tu, c, &w) < 0) err = 1;
        if (!err && (kes_solver_set_omega(s, w) != KES_OK || kes_solver_solve(s, b, x, &o, &st) < 0)) err = 1;
        if (!err) paid[t] = (double)st.iterations;
        if (!err && kes_tuner_observe(tu, paid[t]) != KES_OK) err = 1;
    }
    kes_tuner_destroy(tu);
    kes_solver_destroy(s);
    kes_csr_destroy(A);
    free(diag);
    free(b);
    free(x);
    return err ? -1 : 0;
}

#endif
