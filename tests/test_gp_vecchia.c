/* Vecchia GP: with every previous point as neighbour (m = n - 1) the
 * approximation is the exact chain-rule factorisation, so its LML, gradient,
 * factor and predictions must equal the exact GP of gp.h; the gradient of
 * the approximate LML (m small) against finite differences; the maximin
 * order and the ordered neighbours against brute force; the same bits for
 * one and two threads. */
#include <criterion/criterion.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "gp_testutil.h"
#include "kestrel.h"

static void data(int64_t n, int64_t d, uint64_t seed, double *X, double *y)
{
    kes_rng *r = NULL;
    cr_assert_eq(kes_rng_create(seed, &r), KES_OK);
    for (int64_t i = 0; i < n * d; i++) X[i] = 2.0 * kes_rng_uniform(r);
    for (int64_t i = 0; i < n; i++) {
        double s = 0.0;
        for (int64_t c = 0; c < d; c++) s += sin(2.0 * X[i + c * n] + c);
        y[i] = s + 0.1 * kes_rng_normal(r);
    }
    kes_rng_destroy(r);
}

/* m = n - 1: LML and gradient equal those of the exact GP.  Both are exact
 * computations of the same quantity; the Vecchia one sums n conditional
 * terms from local Cholesky factors, the exact one uses one n x n factor,
 * so they differ by rounding, amplified by cond(K) ~ 1e3..1e4 here. */
static void full_conditioning(kes_gp_kernel k, int64_t d, const double *theta)
{
    int64_t n = 40;
    double X[40 * 3], y[40];
    data(n, d, 7 + (uint64_t)k, X, y);
    kes_gp_vecchia *v = NULL;
    cr_assert_eq(kes_gp_vecchia_create(k, X, n, d, n, y, n - 1, &v), KES_OK);
    int64_t p = kes_gp_n_params(k, d);
    double lv, gv[8], le, ge[8];
    cr_assert_eq(kes_gp_vecchia_lml(v, theta, &lv, gv), KES_OK);
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = k, o.optimize = 0, o.theta0 = theta;
    kes_gp *e = NULL;
    cr_assert_eq(kes_gp_fit(X, n, d, n, y, &o, NULL, &e), KES_OK);
    cr_assert_eq(kes_gp_jitter(e), 0.0);
    cr_assert_eq(kes_gp_lml_gradient(e, &le, ge), KES_OK);
    cr_expect(fabs(lv - le) <= 1e-10 * fmax(1.0, fabs(le)), "kernel %d: %.17g vs %.17g", k, lv, le);
    double gs = 1.0;
    for (int64_t t = 0; t < p; t++) gs = fmax(gs, fabs(ge[t]));
    for (int64_t t = 0; t < p; t++)
        cr_expect(fabs(gv[t] - ge[t]) <= 1e-9 * gs, "kernel %d grad %ld: %.17g vs %.17g", k, (long)t, gv[t], ge[t]);
    kes_gp_destroy(e);
    kes_gp_vecchia_destroy(v);
}

Test(gp_vecchia, full_conditioning_equals_exact)
{
    double th2[4] = {log(1.3), log(0.5), log(0.8), log(0.05)};
    double th3i[3] = {log(0.9), log(0.6), log(0.02)};
    double th3a[5] = {log(1.1), log(0.7), log(0.4), log(0.9), log(0.03)};
    double thrq[4] = {log(1.2), log(0.6), log(1.5), log(0.04)};
    full_conditioning(KES_GP_SE_ARD, 2, th2);
    full_conditioning(KES_GP_SE_ISO, 3, th3i);
    full_conditioning(KES_GP_MATERN12_ARD, 3, th3a);
    full_conditioning(KES_GP_MATERN32, 3, th3i);
    full_conditioning(KES_GP_MATERN52_ARD, 3, th3a);
    full_conditioning(KES_GP_RQ, 2, thrq);
}

/* With m = n - 1 the factor satisfies L (K + n2 I) L^T = I in the maximin
 * order ((K + n2 I)^-1 = L^T L) and is lower triangular. */
Test(gp_vecchia, factor_is_inverse_cholesky)
{
    int64_t n = 30, d = 2;
    double X[60], y[30];
    data(n, d, 3, X, y);
    kes_gp_vecchia *v = NULL;
    cr_assert_eq(kes_gp_vecchia_create(KES_GP_MATERN52_ARD, X, n, d, n, y, n - 1, &v), KES_OK);
    double th[4] = {log(1.4), log(0.6), log(0.9), log(0.1)};
    kes_csr *L = NULL;
    cr_assert_eq(kes_gp_vecchia_factor(v, th, &L), KES_OK);
    cr_assert_eq(kes_csr_validate(L), KES_OK);
    cr_assert_eq(L->nnz, n * (n + 1) / 2);
    int64_t perm[30];
    cr_assert_eq(kes_gp_vecchia_order(v, perm), KES_OK);
    /* K in the maximin order: s2 matern52(r) + n2 I */
    double K[900], Ld[900], T[900];
    double s2 = exp(th[0]), n2 = exp(th[3]);
    for (int64_t b = 0; b < n; b++)
        for (int64_t a = 0; a < n; a++) {
            double q = 0;
            for (int64_t c = 0; c < d; c++) {
                double u = (X[perm[a] + c * n] - X[perm[b] + c * n]) / exp(th[1 + c]);
                q += u * u;
            }
            double r = sqrt(5.0 * q);
            K[a + b * n] = s2 * (1 + r + r * r / 3) * exp(-r) + (a == b ? n2 : 0.0);
        }
    cr_assert_eq(kes_csr_to_dense(L, Ld, n), KES_OK);
    /* T = L K L^T */
    double maxerr = 0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = 0;
            for (int64_t a = 0; a < n; a++)
                for (int64_t b = 0; b < n; b++) s += Ld[i + a * n] * K[a + b * n] * Ld[j + b * n];
            T[i + j * n] = s;
            maxerr = fmax(maxerr, fabs(s - (i == j ? 1.0 : 0.0)));
        }
    cr_expect(maxerr <= 1e-10, "max |L K L^T - I| = %g", maxerr);
    /* upper triangle empty: L is lower triangular */
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = i + 1; j < n; j++) cr_expect_eq(Ld[i + j * n], 0.0);
    kes_csr_destroy(L);
    kes_gp_vecchia_destroy(v);
}

/* Prediction: each query conditions on its m nearest points; with those m
 * points as the whole training set of an exact GP the answers agree. */
Test(gp_vecchia, predict_equals_exact_on_neighbours)
{
    int64_t n = 60, d = 2, m = 12;
    double X[120], y[60];
    data(n, d, 11, X, y);
    kes_gp_vecchia *v = NULL;
    cr_assert_eq(kes_gp_vecchia_create(KES_GP_SE_ARD, X, n, d, n, y, m, &v), KES_OK);
    double th[4] = {log(1.2), log(0.5), log(0.7), log(0.02)};
    for (int j = 0; j < 5; j++) {
        double xq[2] = {0.2 + 0.35 * j, 1.7 - 0.3 * j}, mv, vv;
        cr_assert_eq(kes_gp_vecchia_predict(v, th, xq, 1, 1, &mv, &vv), KES_OK);
        /* brute-force m nearest */
        int64_t idx[60];
        double dist[60];
        for (int64_t i = 0; i < n; i++) {
            idx[i] = i;
            dist[i] = pow(X[i] - xq[0], 2) + pow(X[i + n] - xq[1], 2);
        }
        for (int64_t a = 0; a < m; a++)
            for (int64_t b = a + 1; b < n; b++)
                if (dist[idx[b]] < dist[idx[a]]) {
                    int64_t t = idx[a];
                    idx[a] = idx[b], idx[b] = t;
                }
        double Xn[24], yn[12];
        for (int64_t a = 0; a < m; a++) Xn[a] = X[idx[a]], Xn[a + m] = X[idx[a] + n], yn[a] = y[idx[a]];
        kes_gp_opts o = kes_gp_opts_default();
        o.kernel = KES_GP_SE_ARD, o.optimize = 0, o.theta0 = th;
        kes_gp *e = NULL;
        cr_assert_eq(kes_gp_fit(Xn, m, d, m, yn, &o, NULL, &e), KES_OK);
        double me, ve;
        cr_assert_eq(kes_gp_predict(e, xq, 1, 1, &me, &ve), KES_OK);
        cr_expect(fabs(mv - me) <= 1e-10 * fmax(1, fabs(me)), "mean %d: %.17g vs %.17g", j, mv, me);
        cr_expect(fabs(vv - ve) <= 1e-10, "var %d: %.17g vs %.17g", j, vv, ve);
        kes_gp_destroy(e);
    }
    kes_gp_vecchia_destroy(v);
}

/* kes_gp_vecchia_lml's value alone, for gt_central_diff(). */
static kes_status vecchia_lml_value(const void *v, const double *theta, double *lml)
{
    return kes_gp_vecchia_lml(v, theta, lml, NULL);
}

/* Gradient of the approximate LML (m = 6) against central differences
 * (step 1e-5: truncation ~1e-10 relative, rounding ~1e-13 / 1e-5). */
Test(gp_vecchia, gradient_finite_differences)
{
    int64_t n = 300, d = 3;
    double *X = malloc(sizeof(double) * n * d), *y = malloc(sizeof(double) * n);
    data(n, d, 5, X, y);
    kes_gp_kernel ks[4] = {KES_GP_SE_ARD, KES_GP_MATERN32, KES_GP_RQ_ARD, KES_GP_MATERN12_ARD};
    for (int kk = 0; kk < 4; kk++) {
        kes_gp_vecchia *v = NULL;
        cr_assert_eq(kes_gp_vecchia_create(ks[kk], X, n, d, n, y, 6, &v), KES_OK);
        int64_t p = kes_gp_n_params(ks[kk], d);
        double th[6] = {log(1.1), log(0.5), log(0.7), log(0.9), log(1.3), log(0.05)};
        if (p == 3) th[1] = log(0.6), th[2] = log(0.04);
        if (p == 6) th[4] = log(1.5);
        double g[6];
        cr_assert_eq(kes_gp_vecchia_lml(v, th, NULL, g), KES_OK);
        for (int64_t t = 0; t < p; t++) {
            double fd;
            gt_central_diff(vecchia_lml_value, v, th, p, t, 1e-5, &fd);
            cr_expect(fabs(fd - g[t]) <= 1e-6 * fmax(1.0, fabs(fd)), "kernel %d grad %ld: %.12g vs fd %.12g", ks[kk],
                      (long)t, g[t], fd);
        }
        kes_gp_vecchia_destroy(v);
    }
    free(X), free(y);
}

/* The maximin order and the ordered neighbours against brute force. */
Test(gp_vecchia, order_and_neighbours_brute_force)
{
    int64_t n = 400, d = 3, m = 7;
    double *X = malloc(sizeof(double) * n * d), *y = malloc(sizeof(double) * n);
    data(n, d, 9, X, y);
    kes_gp_vecchia *v = NULL;
    cr_assert_eq(kes_gp_vecchia_create(KES_GP_SE_ISO, X, n, d, n, y, m, &v), KES_OK);
    cr_assert_eq(kes_gp_vecchia_n(v), n);
    int64_t *perm = malloc(sizeof(int64_t) * n);
    cr_assert_eq(kes_gp_vecchia_order(v, perm), KES_OK);
    /* brute-force maximin: first the point nearest the centroid */
    double cen[3] = {0};
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = 0; c < d; c++) cen[c] += X[i + c * n] / n;
    double *dmin = malloc(sizeof(double) * n);
    int64_t *ref = malloc(sizeof(int64_t) * n);
    char *used = calloc(n, 1);
    int64_t f = 0;
    double best = INFINITY;
    for (int64_t i = 0; i < n; i++) {
        double s = 0;
        for (int64_t c = 0; c < d; c++) s += pow(X[i + c * n] - cen[c], 2);
        if (s < best) best = s, f = i;
    }
    for (int64_t i = 0; i < n; i++) dmin[i] = INFINITY;
    for (int64_t k = 0; k < n; k++) {
        int64_t pnt = f;
        if (k > 0) {
            double bd = -1;
            for (int64_t i = 0; i < n; i++)
                if (!used[i] && dmin[i] > bd) bd = dmin[i], pnt = i;
        }
        ref[k] = pnt, used[pnt] = 1;
        for (int64_t i = 0; i < n; i++) {
            double s = 0;
            for (int64_t c = 0; c < d; c++) s += pow(X[i + c * n] - X[pnt + c * n], 2);
            if (s < dmin[i]) dmin[i] = s;
        }
    }
    for (int64_t k = 0; k < n; k++) cr_expect_eq(perm[k], ref[k], "position %ld", (long)k);
    /* neighbours from the factor's pattern */
    kes_csr *L = NULL;
    double th[3] = {0, log(0.5), log(0.1)};
    cr_assert_eq(kes_gp_vecchia_factor(v, th, &L), KES_OK);
    for (int64_t i = 1; i < n; i++) {
        int64_t mi = i < m ? i : m;
        cr_assert_eq(L->rowptr[i + 1] - L->rowptr[i], mi + 1);
        /* brute force: the mi nearest of the ordered points 0..i-1 */
        double di[400];
        for (int64_t a = 0; a < i; a++) {
            double s = 0;
            for (int64_t c = 0; c < d; c++) s += pow(X[perm[a] + c * n] - X[perm[i] + c * n], 2);
            di[a] = s;
        }
        /* the mi-th smallest distance */
        double kth = 0;
        {
            double tmp[400];
            memcpy(tmp, di, sizeof(double) * i);
            for (int64_t a = 0; a < mi; a++)
                for (int64_t b = a + 1; b < i; b++)
                    if (tmp[b] < tmp[a]) {
                        double t = tmp[a];
                        tmp[a] = tmp[b], tmp[b] = t;
                    }
            kth = tmp[mi - 1];
        }
        for (int64_t e = L->rowptr[i]; e < L->rowptr[i + 1] - 1; e++)
            cr_expect(di[L->colind[e]] <= kth, "row %ld neighbour %d too far", (long)i, L->colind[e]);
        cr_expect_eq(L->colind[L->rowptr[i + 1] - 1], i);
    }
    kes_csr_destroy(L);
    free(perm), free(dmin), free(ref), free(used), free(X), free(y);
    kes_gp_vecchia_destroy(v);
}

/* Same bits for one and two threads (rows reduced in a fixed order). */
Test(gp_vecchia, thread_count_independent)
{
    int64_t n = 2000, d = 3;
    double *X = malloc(sizeof(double) * n * d), *y = malloc(sizeof(double) * n);
    data(n, d, 21, X, y);
    int saved = omp_get_max_threads();
    double l1, l2, g1[5], g2[5], th[5] = {0.1, -0.5, -0.3, -0.1, log(0.02)}, m1[3], m2[3];
    double Xs[9] = {0.5, 1.0, 1.5, 0.2, 0.9, 1.9, 1.1, 0.4, 0.3};
    kes_gp_vecchia *v1 = NULL, *v2 = NULL;
    omp_set_num_threads(1);
    cr_assert_eq(kes_gp_vecchia_create(KES_GP_MATERN32_ARD, X, n, d, n, y, 15, &v1), KES_OK);
    cr_assert_eq(kes_gp_vecchia_lml(v1, th, &l1, g1), KES_OK);
    cr_assert_eq(kes_gp_vecchia_predict(v1, th, Xs, 3, 3, m1, NULL), KES_OK);
    omp_set_num_threads(2);
    cr_assert_eq(kes_gp_vecchia_create(KES_GP_MATERN32_ARD, X, n, d, n, y, 15, &v2), KES_OK);
    cr_assert_eq(kes_gp_vecchia_lml(v2, th, &l2, g2), KES_OK);
    cr_assert_eq(kes_gp_vecchia_predict(v2, th, Xs, 3, 3, m2, NULL), KES_OK);
    omp_set_num_threads(saved);
    cr_expect(memcmp(&l1, &l2, sizeof l1) == 0);
    cr_expect(memcmp(g1, g2, sizeof g1) == 0);
    cr_expect(memcmp(m1, m2, sizeof m1) == 0);
    kes_gp_vecchia_destroy(v1);
    kes_gp_vecchia_destroy(v2);
    free(X), free(y);
}

/* The fit raises the LML and ends at a stationary point of the Vecchia LML. */
Test(gp_vecchia, fit_reaches_stationary_point)
{
    int64_t n = 500, d = 2;
    double *X = malloc(sizeof(double) * n * d), *y = malloc(sizeof(double) * n);
    data(n, d, 13, X, y);
    kes_gp_vecchia *v = NULL;
    cr_assert_eq(kes_gp_vecchia_create(KES_GP_SE_ARD, X, n, d, n, y, 10, &v), KES_OK);
    double th[4] = {0, 0, 0, log(0.1)}, l0, lf, g[4];
    cr_assert_eq(kes_gp_vecchia_lml(v, th, &l0, NULL), KES_OK);
    /* Fisher scoring converges in a few steps when the information is right
     * (a wrong one would leave it to the line search) */
    kes_gp_hyperfit_opts o = kes_gp_hyperfit_opts_default();
    o.max_iter = 15; /* 9 to 12 needed here */
    kes_status s = kes_gp_vecchia_fit(v, &o, th, &lf);
    cr_assert_eq(s, KES_OK, "status %d", s);
    cr_expect(lf > l0 + 1.0);
    cr_assert_eq(kes_gp_vecchia_lml(v, th, NULL, g), KES_OK);
    for (int t = 0; t < 4; t++) cr_expect(fabs(g[t]) <= 1e-3 * fmax(1.0, fabs(lf)), "grad[%d] = %g", t, g[t]);
    cr_expect(fabs(exp(th[3]) - 0.01) < 0.005, "noise %g (true 0.01)", exp(th[3]));
    kes_gp_vecchia_destroy(v);
    free(X), free(y);
}
