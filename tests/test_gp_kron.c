/* Kronecker (grid) GP: the LML, its gradient and the predictions against
 * the dense computation on the same grid (an independent Cholesky of the
 * M x M matrix built entry by entry, gradient from 1/2 tr((a a^T - K^-1) dK)
 * with explicit dK), finite differences, the exact GP of gp.h for the SE
 * kernel, and the incomplete-grid CG path against the dense GP on the
 * observed cells. */
#include <criterion/criterion.h>
#include <lapacke.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "gp_testutil.h"
#include "kestrel.h"

#define LOG2PI 1.83787706640934548356

/* 1-D correlation of the product kernel and its derivative w.r.t. log l. */
static double corr1(kes_gp_kernel k, double u, double *dl)
{
    double r = fabs(u), g, e;
    switch ((int)k / 2) {
    case 0: g = exp(-0.5 * r * r); *dl = g * r * r; return g;
    case 1: g = exp(-r); *dl = g * r; return g;
    case 2: e = exp(-sqrt(3.0) * r); g = (1 + sqrt(3.0) * r) * e; *dl = 3.0 * r * r * e; return g;
    default:
        e = exp(-sqrt(5.0) * r);
        g = (1 + sqrt(5.0) * r + 5.0 * r * r / 3.0) * e;
        *dl = (5.0 / 3.0) * (1 + sqrt(5.0) * r) * e * r * r;
        return g;
    }
}

/* kes_gp_kron_lml's value alone, for gt_central_diff(). */
static kes_status kron_lml_value(const void *g, const double *theta, double *lml)
{
    return kes_gp_kron_lml((kes_gp_kron *)g, theta, lml, NULL);
}

/* Kronecker predictions (mk, vk) against the exact GP's (me, ve) at m points, within tol absolute. */
static void expect_pred_close(const double *mk, const double *vk, const double *me, const double *ve, int m, double tol)
{
    for (int q = 0; q < m; q++) {
        cr_expect(fabs(mk[q] - me[q]) <= tol, "mean %d: %.17g vs %.17g", q, mk[q], me[q]);
        cr_expect(fabs(vk[q] - ve[q]) <= tol, "var %d: %.17g vs %.17g", q, vk[q], ve[q]);
    }
}

typedef struct grid {
    int D;
    int64_t sz[3];
    double *c[3];
    int64_t M;
} grid;

static void cell_coords(const grid *G, int64_t i, double *x)
{
    for (int j = 0; j < G->D; j++) {
        x[j] = G->c[j][i % G->sz[j]];
        i /= G->sz[j];
    }
}

/* Dense LML and gradient over the cells with obs[i] (NULL: all). */
static void dense_lml(kes_gp_kernel k, const grid *G, const double *theta, const double *y, const unsigned char *obs,
                      double *lml, double *grad)
{
    int ard = (int)k & 1, D = G->D, p = 2 + (ard ? D : 1);
    int64_t *id = malloc(sizeof(int64_t) * G->M), n = 0;
    for (int64_t i = 0; i < G->M; i++)
        if (!obs || obs[i]) id[n++] = i;
    double s2 = exp(theta[0]), n2 = exp(theta[p - 1]);
    double *K = malloc(sizeof(double) * n * n), *dK = malloc(sizeof(double) * n * n * (p - 1));
    for (int64_t b = 0; b < n; b++)
        for (int64_t a = 0; a < n; a++) {
            double xa[3], xb[3], prod = 1.0, dls[3], ks[3];
            cell_coords(G, id[a], xa), cell_coords(G, id[b], xb);
            for (int j = 0; j < D; j++) {
                double l = exp(theta[1 + (ard ? j : 0)]);
                ks[j] = corr1(k, (xa[j] - xb[j]) / l, &dls[j]);
                prod *= ks[j];
            }
            K[a + b * n] = s2 * prod + (a == b ? n2 : 0.0);
            dK[a + b * n] = s2 * prod;
            for (int t = 1; t < p - 1; t++) dK[a + b * n + t * n * n] = 0.0;
            for (int j = 0; j < D; j++) {
                double o = s2 * dls[j];
                for (int i = 0; i < D; i++)
                    if (i != j) o *= ks[i];
                dK[a + b * n + (1 + (ard ? j : 0)) * n * n] += o;
            }
        }
    cr_assert_eq(LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, K, n), 0);
    double *al = malloc(sizeof(double) * n);
    for (int64_t a = 0; a < n; a++) al[a] = y[id[a]];
    LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', n, 1, K, n, al, n);
    double quad = 0, ld = 0;
    for (int64_t a = 0; a < n; a++) quad += y[id[a]] * al[a], ld += 2 * log(K[a + a * n]);
    *lml = -0.5 * quad - 0.5 * ld - 0.5 * n * LOG2PI;
    if (grad) {
        LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', n, K, n);
        for (int t = 0; t < p; t++) grad[t] = 0;
        for (int64_t b = 0; b < n; b++)
            for (int64_t a = 0; a < n; a++) {
                double ki = a >= b ? K[a + b * n] : K[b + a * n];
                double w = al[a] * al[b] - ki;
                for (int t = 0; t < p - 1; t++) grad[t] += 0.5 * w * dK[a + b * n + t * n * n];
                if (a == b) grad[p - 1] += 0.5 * w * n2;
            }
    }
    free(id), free(K), free(dK), free(al);
}

static void make_grid(grid *G, int D, const int64_t *sz, double *buf)
{
    G->D = D, G->M = 1;
    for (int j = 0; j < D; j++) {
        G->sz[j] = sz[j];
        G->c[j] = buf;
        for (int64_t a = 0; a < sz[j]; a++) buf[a] = (j + 1) * 0.37 * a + 0.05 * sin(3.0 * a + j); /* uneven spacing */
        buf += sz[j];
        G->M *= sz[j];
    }
}

static void make_y(const grid *G, double *y)
{
    for (int64_t i = 0; i < G->M; i++) {
        double x[3] = {0, 0, 0};
        cell_coords(G, i, x);
        y[i] = sin(x[0]) + 0.5 * cos(1.3 * x[1]) * (G->D > 2 ? x[2] * 0.3 : 1.0) + 0.1 * sin(17.0 * i);
    }
}

static void check_lml(kes_gp_kernel k, int D, const int64_t *sz, const double *theta, double tol)
{
    double cbuf[200];
    grid G;
    make_grid(&G, D, sz, cbuf);
    double *y = malloc(sizeof(double) * G.M);
    make_y(&G, y);
    const double *cs[3] = {G.c[0], G.c[1], G.c[2]};
    kes_gp_kron *g = NULL;
    cr_assert_eq(kes_gp_kron_create(k, D, sz, cs, y, NULL, &g), KES_OK);
    int p = (int)kes_gp_n_params(k, D);
    double lml, grad[8], rl, rg[8];
    cr_assert_eq(kes_gp_kron_lml(g, theta, &lml, grad), KES_OK);
    dense_lml(k, &G, theta, y, NULL, &rl, rg);
    cr_expect(fabs(lml - rl) <= tol * fmax(1.0, fabs(rl)), "kernel %d D %d: LML %.17g vs dense %.17g", k, D, lml, rl);
    double gs = 0;
    for (int t = 0; t < p; t++) gs = fmax(gs, fabs(rg[t]));
    for (int t = 0; t < p; t++)
        cr_expect(fabs(grad[t] - rg[t]) <= tol * fmax(1.0, gs), "kernel %d D %d: grad[%d] %.17g vs dense %.17g", k, D,
                  t, grad[t], rg[t]);
    kes_gp_kron_destroy(g);
    free(y);
}

/* The acceptance case: 30 x 30 grid, LML and every gradient component
 * equal to the dense computation within 1e-10 (relative to max(1, |LML|)
 * and max(1, max |grad|)).  The dense path runs dpotrf on a 900 x 900
 * matrix whose condition number is about 1e4 (s2 sum lambda / n2), so its
 * own rounding is near 1e-12. */
Test(gp_kron, lml_grad_equals_dense_30x30)
{
    int64_t sz[2] = {30, 30};
    double th_ard[4] = {log(1.3), log(0.8), log(1.7), log(0.05)};
    double th_iso[3] = {log(0.7), log(1.1), log(0.2)};
    check_lml(KES_GP_SE_ARD, 2, sz, th_ard, 1e-10);
    check_lml(KES_GP_SE_ISO, 2, sz, th_iso, 1e-10);
    check_lml(KES_GP_MATERN32_ARD, 2, sz, th_ard, 1e-10);
    check_lml(KES_GP_MATERN52, 2, sz, th_iso, 1e-10);
    check_lml(KES_GP_MATERN12_ARD, 2, sz, th_ard, 1e-10);
}

Test(gp_kron, lml_grad_equals_dense_3d_and_1d)
{
    int64_t sz3[3] = {4, 5, 6}, sz1[1] = {40};
    double th3[5] = {log(1.1), log(0.6), log(1.2), log(2.0), log(0.1)};
    double th3i[3] = {log(2.0), log(0.9), log(0.03)};
    double th1[3] = {log(0.9), log(0.5), log(0.02)};
    check_lml(KES_GP_SE_ARD, 3, sz3, th3, 1e-10);
    check_lml(KES_GP_MATERN52_ARD, 3, sz3, th3, 1e-10);
    check_lml(KES_GP_MATERN12, 3, sz3, th3i, 1e-10);
    check_lml(KES_GP_MATERN32, 1, sz1, th1, 1e-10);
    check_lml(KES_GP_SE_ISO, 1, sz1, th1, 1e-10);
}

/* SE product kernel = SE ARD: the same LML and gradient as the exact GP of gp.h. */
Test(gp_kron, se_equals_exact_gp)
{
    int64_t sz[2] = {12, 9};
    double cbuf[40];
    grid G;
    make_grid(&G, 2, sz, cbuf);
    double y[108], X[216];
    make_y(&G, y);
    for (int64_t i = 0; i < G.M; i++) {
        double x[2];
        cell_coords(&G, i, x);
        X[i] = x[0], X[i + G.M] = x[1];
    }
    double th[4] = {log(1.5), log(0.7), log(1.3), log(0.08)};
    const double *cs[2] = {G.c[0], G.c[1]};
    kes_gp_kron *g = NULL;
    cr_assert_eq(kes_gp_kron_create(KES_GP_SE_ARD, 2, sz, cs, y, NULL, &g), KES_OK);
    double lml, grad[4];
    cr_assert_eq(kes_gp_kron_lml(g, th, &lml, grad), KES_OK);
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = KES_GP_SE_ARD, o.optimize = 0, o.theta0 = th;
    kes_gp *e = NULL;
    cr_assert_eq(kes_gp_fit(X, G.M, 2, G.M, y, &o, NULL, &e), KES_OK);
    cr_assert_eq(kes_gp_jitter(e), 0.0);
    double el, eg[4];
    cr_assert_eq(kes_gp_lml_gradient(e, &el, eg), KES_OK);
    cr_expect(fabs(lml - el) <= 1e-10 * fabs(el), "%.17g vs %.17g", lml, el);
    for (int t = 0; t < 4; t++) cr_expect(fabs(grad[t] - eg[t]) <= 1e-9 * fmax(1.0, fabs(eg[t])), "%d", t);
    /* predictions at scattered points */
    double Xs[10], mk[5], vk[5], me[5], ve[5];
    for (int q = 0; q < 5; q++) Xs[q] = 0.3 + 0.8 * q, Xs[q + 5] = 1.1 * q - 0.4;
    cr_assert_eq(kes_gp_kron_predict(g, Xs, 5, 5, mk, vk), KES_OK);
    cr_assert_eq(kes_gp_predict(e, Xs, 5, 5, me, ve), KES_OK);
    expect_pred_close(mk, vk, me, ve, 5, 1e-10);
    kes_gp_destroy(e);
    kes_gp_kron_destroy(g);
}

/* The gradient is that of the LML: central differences (step 1e-5, error
 * O(h^2) ~ 1e-10 relative, plus rounding 1e-13 / 1e-5). */
Test(gp_kron, gradient_finite_differences)
{
    int64_t sz[2] = {15, 11};
    double cbuf[40];
    grid G;
    make_grid(&G, 2, sz, cbuf);
    double y[165];
    make_y(&G, y);
    const double *cs[2] = {G.c[0], G.c[1]};
    kes_gp_kron *g = NULL;
    cr_assert_eq(kes_gp_kron_create(KES_GP_MATERN52_ARD, 2, sz, cs, y, NULL, &g), KES_OK);
    double th[4] = {log(0.9), log(1.4), log(0.6), log(0.03)}, grad[4];
    cr_assert_eq(kes_gp_kron_lml(g, th, NULL, grad), KES_OK);
    for (int t = 0; t < 4; t++) {
        double fd;
        gt_central_diff(kron_lml_value, g, th, 4, t, 1e-5, &fd);
        cr_expect(fabs(fd - grad[t]) <= 1e-6 * fmax(1.0, fabs(fd)), "%d: %.12g vs %.12g", t, grad[t], fd);
    }
    kes_gp_kron_destroy(g);
}

/* Missing cells: the CG predictions equal those of the dense GP on the
 * observed cells (CG tolerance 1e-12 relative, preconditioned). */
Test(gp_kron, missing_cells_cg_equals_dense)
{
    int64_t sz[2] = {14, 10};
    double cbuf[40];
    grid G;
    make_grid(&G, 2, sz, cbuf);
    double y[140], X[400];
    unsigned char obs[140];
    make_y(&G, y);
    int64_t n = 0;
    double yo[140];
    for (int64_t i = 0; i < G.M; i++) {
        obs[i] = (i % 7 != 3) && !(i >= 40 && i < 50); /* scattered cells and a whole row missing */
        if (obs[i]) {
            double x[2];
            cell_coords(&G, i, x);
            X[n] = x[0], X[n + 200] = x[1], yo[n] = y[i];
            n++;
        } else {
            y[i] = NAN; /* never read */
        }
    }
    double Xc[280];
    for (int64_t a = 0; a < n; a++) Xc[a] = X[a], Xc[a + n] = X[a + 200];
    const double *cs[2] = {G.c[0], G.c[1]};
    kes_gp_kron *g = NULL;
    cr_assert_eq(kes_gp_kron_create(KES_GP_SE_ARD, 2, sz, cs, y, obs, &g), KES_OK);
    double th[4] = {log(1.2), log(0.9), log(1.4), log(0.05)};
    kes_solve_opts so = kes_solve_opts_default();
    so.tol = 1e-12;
    kes_solve_stats st;
    cr_assert_eq(kes_gp_kron_condition(g, th, &so, &st), KES_OK);
    cr_expect(st.converged == 1 && st.iterations > 0 && st.iterations < n);
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = KES_GP_SE_ARD, o.optimize = 0, o.theta0 = th;
    kes_gp *e = NULL;
    cr_assert_eq(kes_gp_fit(Xc, n, 2, n, yo, &o, NULL, &e), KES_OK);
    double Xs[12], mk[6], vk[6], me[6], ve[6];
    for (int q = 0; q < 6; q++) Xs[q] = 0.2 + 0.9 * q, Xs[q + 6] = 0.7 * q + 0.1;
    cr_assert_eq(kes_gp_kron_predict(g, Xs, 6, 6, mk, vk), KES_OK);
    cr_assert_eq(kes_gp_predict(e, Xs, 6, 6, me, ve), KES_OK);
    expect_pred_close(mk, vk, me, ve, 6, 1e-8);
    kes_gp_destroy(e);
    kes_gp_kron_destroy(g);
}

/* The fit raises the LML and ends at a stationary point. */
Test(gp_kron, fit_reaches_stationary_point)
{
    int64_t sz[2] = {20, 16};
    double cbuf[40];
    grid G;
    make_grid(&G, 2, sz, cbuf);
    double y[320];
    make_y(&G, y);
    const double *cs[2] = {G.c[0], G.c[1]};
    kes_gp_kron *g = NULL;
    cr_assert_eq(kes_gp_kron_create(KES_GP_SE_ARD, 2, sz, cs, y, NULL, &g), KES_OK);
    double th[4] = {0, 0, 0, log(0.1)}, l0, lf, grad[4];
    cr_assert_eq(kes_gp_kron_lml(g, th, &l0, NULL), KES_OK);
    kes_status s = kes_gp_kron_fit(g, NULL, th, &lf);
    cr_assert(s == KES_OK || s == KES_NOCONV, "status %d", s);
    cr_expect(lf > l0);
    cr_assert_eq(kes_gp_kron_lml(g, th, NULL, grad), KES_OK);
    for (int t = 0; t < 4; t++) cr_expect(fabs(grad[t]) <= 1e-3 * fmax(1.0, fabs(lf)), "grad[%d] = %g", t, grad[t]);
    /* the model is conditioned at the fit: predictions work */
    double xq[2] = {1.0, 2.0}, mu;
    cr_expect_eq(kes_gp_kron_predict(g, xq, 1, 1, &mu, NULL), KES_OK);
    kes_gp_kron_destroy(g);
}

/* Grid predictions (Kronecker products with the cross factors) equal the
 * point-by-point predictions at the same cells, on a complete grid (3-D)
 * and with missing cells (2-D, variances by CG). */
Test(gp_kron, predict_grid_equals_scattered)
{
    for (int pass = 0; pass < 2; pass++) {
        int D = pass ? 2 : 3;
        int64_t sz3[3] = {5, 6, 4}, sz2[2] = {9, 7};
        const int64_t *sz = pass ? sz2 : sz3;
        double cbuf[60];
        grid G;
        make_grid(&G, D, sz, cbuf);
        double y[120];
        unsigned char obs[120];
        make_y(&G, y);
        for (int64_t i = 0; i < G.M; i++) obs[i] = i % 5 != 2;
        const double *cs[3] = {G.c[0], G.c[1], G.c[2]};
        kes_gp_kron *g = NULL;
        cr_assert_eq(kes_gp_kron_create(KES_GP_MATERN32_ARD, D, sz, cs, y, pass ? obs : NULL, &g), KES_OK);
        double th[5] = {log(1.2), log(0.9), log(1.1), log(1.3), log(0.05)};
        if (pass) th[3] = th[4];
        cr_assert_eq(kes_gp_kron_condition(g, th, NULL, NULL), KES_OK);
        /* new grid: 3 x 4 (x 2) */
        double n0[3] = {0.1, 0.77, 1.5}, n1[4] = {-0.2, 0.4, 1.0, 2.2}, n2[2] = {0.3, 1.9};
        const double *nc[3] = {n0, n1, n2};
        int64_t nsz[3] = {3, 4, 2}, Ms = pass ? 12 : 24;
        double mg[24], vg[24], ms[24], vs[24], Xs[72];
        cr_assert_eq(kes_gp_kron_predict_grid(g, nsz, nc, mg, vg), KES_OK);
        for (int64_t i = 0; i < Ms; i++) {
            int64_t r = i;
            for (int j = 0; j < D; j++) {
                Xs[i + j * Ms] = nc[j][r % nsz[j]];
                r /= nsz[j];
            }
        }
        cr_assert_eq(kes_gp_kron_predict(g, Xs, Ms, Ms, ms, vs), KES_OK);
        for (int64_t i = 0; i < Ms; i++) {
            cr_expect(fabs(mg[i] - ms[i]) <= 1e-12 * fmax(1, fabs(ms[i])), "pass %d mean %ld", pass, (long)i);
            cr_expect(fabs(vg[i] - vs[i]) <= 1e-12, "pass %d var %ld: %.17g vs %.17g", pass, (long)i, vg[i], vs[i]);
        }
        cr_expect_eq(kes_gp_kron_predict_grid(g, nsz, nc, mg, NULL), KES_OK);
        kes_gp_kron_destroy(g);
    }
}

/* The same bits for one and two OpenMP threads (predictions run OpenMP over
 * points; each point's sums have a fixed order). */
Test(gp_kron, thread_count_independent)
{
    int64_t sz[2] = {25, 20};
    double cbuf[60];
    grid G;
    make_grid(&G, 2, sz, cbuf);
    double y[500];
    make_y(&G, y);
    const double *cs[2] = {G.c[0], G.c[1]};
    kes_gp_kron *g = NULL;
    cr_assert_eq(kes_gp_kron_create(KES_GP_MATERN52_ARD, 2, sz, cs, y, NULL, &g), KES_OK);
    double th[4] = {0.2, -0.1, 0.3, log(0.02)}, Xs[80], m1[40], v1[40], m2[40], v2[40], l1, l2, g1[4], g2[4];
    for (int q = 0; q < 40; q++) Xs[q] = 0.23 * q, Xs[q + 40] = 7.0 - 0.17 * q;
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    cr_assert_eq(kes_gp_kron_lml(g, th, &l1, g1), KES_OK);
    cr_assert_eq(kes_gp_kron_predict(g, Xs, 40, 40, m1, v1), KES_OK);
    omp_set_num_threads(2);
    cr_assert_eq(kes_gp_kron_lml(g, th, &l2, g2), KES_OK);
    cr_assert_eq(kes_gp_kron_predict(g, Xs, 40, 40, m2, v2), KES_OK);
    omp_set_num_threads(saved);
    cr_expect(memcmp(&l1, &l2, sizeof l1) == 0 && memcmp(g1, g2, sizeof g1) == 0);
    cr_expect(memcmp(m1, m2, sizeof m1) == 0 && memcmp(v1, v2, sizeof v1) == 0);
    kes_gp_kron_destroy(g);
}

/* Missing cells: the LML is -1/2 y_O^T K_O^-1 y_O (exact, by CG) minus half
 * the Wilson et al. (2014) log-determinant approximation from the N largest
 * full-grid eigenvalues, checked against a dense computation of both parts
 * (the full M x M eigenvalues by dsyev, the quadratic form by Cholesky);
 * its gradient against central differences of itself. */
Test(gp_kron, missing_cells_lml_approximation)
{
    int64_t sz[2] = {12, 9};
    double cbuf[40];
    grid G;
    make_grid(&G, 2, sz, cbuf);
    int64_t M = G.M;
    double y[108];
    unsigned char obs[108];
    make_y(&G, y);
    int64_t N = 0;
    for (int64_t i = 0; i < M; i++) N += (obs[i] = (i % 6 != 1));
    const double *cs[2] = {G.c[0], G.c[1]};
    kes_gp_kron *g = NULL;
    cr_assert_eq(kes_gp_kron_create(KES_GP_MATERN52_ARD, 2, sz, cs, y, obs, &g), KES_OK);
    double th[4] = {log(1.3), log(0.8), log(1.2), log(0.05)}, lml, grad[4];
    cr_assert_eq(kes_gp_kron_lml(g, th, &lml, grad), KES_OK);
    /* dense: full K (no noise) eigenvalues, and the observed block */
    double *K = malloc(sizeof(double) * M * M), *ev = malloc(sizeof(double) * M), *KO = malloc(sizeof(double) * N * N);
    double s2 = exp(th[0]), n2 = exp(th[3]), dl;
    for (int64_t b = 0; b < M; b++)
        for (int64_t a = 0; a < M; a++) {
            double xa[2], xb[2];
            cell_coords(&G, a, xa), cell_coords(&G, b, xb);
            K[a + b * M] = s2 * corr1(KES_GP_MATERN52, (xa[0] - xb[0]) / exp(th[1]), &dl) *
                           corr1(KES_GP_MATERN52, (xa[1] - xb[1]) / exp(th[2]), &dl);
        }
    int64_t ia = 0;
    double yo[108];
    for (int64_t b = 0; b < M; b++) {
        if (!obs[b]) continue;
        int64_t ib = 0;
        for (int64_t a = 0; a < M; a++)
            if (obs[a]) KO[ib + ia * N] = K[a + b * M] + (a == b ? n2 : 0.0), ib++;
        yo[ia++] = y[b];
    }
    cr_assert_eq(LAPACKE_dsyev(LAPACK_COL_MAJOR, 'N', 'L', M, K, M, ev), 0); /* ascending */
    double ld = 0;
    for (int64_t k = 0; k < N; k++) ld += log((double)N / M * ev[M - 1 - k] + n2);
    cr_assert_eq(LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', N, KO, N), 0);
    double al[108];
    memcpy(al, yo, sizeof(double) * N);
    LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', N, 1, KO, N, al, N);
    double quad = 0;
    for (int64_t k = 0; k < N; k++) quad += yo[k] * al[k];
    double ref = -0.5 * quad - 0.5 * ld - 0.5 * N * LOG2PI;
    cr_expect(fabs(lml - ref) <= 1e-8 * fabs(ref), "%.15g vs %.15g", lml, ref);
    for (int t = 0; t < 4; t++) {
        double fd;
        cr_assert_eq(gt_central_diff(kron_lml_value, g, th, 4, t, 1e-4, &fd), KES_OK);
        cr_expect(fabs(fd - grad[t]) <= 1e-5 * fmax(1.0, fabs(fd)), "%d: %.12g vs fd %.12g", t, grad[t], fd);
    }
    /* the fit runs on the approximate LML */
    double l0 = lml, lf;
    kes_status s = kes_gp_kron_fit(g, NULL, th, &lf);
    cr_expect((s == KES_OK || s == KES_NOCONV) && lf >= l0, "status %d, %g -> %g", s, l0, lf);
    free(K), free(ev), free(KO);
    kes_gp_kron_destroy(g);
}
