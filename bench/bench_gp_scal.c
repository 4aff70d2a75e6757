/* bench_gp_scal: the structured and scalable GPs against the exact GP in the
 * same run.
 *
 *   bench_gp_scal kron    [--reps R] [--grid G]       (default R 5, G 300)
 *   bench_gp_scal vecchia [--reps R] [--n N] [--nexact NE] [--ms 5,10,20,30,40]
 *                         [--kernel se|m52] [--skip-large]
 *
 * kron: one LML + gradient evaluation (kes_gp_kron_lml) on G x G and on
 * 30 x 30 and 60 x 60 grids (SE ARD product kernel, uneven spacing), and
 * the exact dense path (kes_gp_fit without optimisation + kes_gp_lml_gradient,
 * which is one Cholesky, dpotri and the trace pass) on the 30 x 30 and
 * 60 x 60 grids; the largest |LML difference| between the two paths is
 * printed.  Times are mean +- standard error over R repetitions.  Then one
 * fit (kes_gp_kron_fit, Matern 5/2 ARD) on the G x G grid, timed once.
 *
 * vecchia: data as protocol G1 (X ~ U(-2,2)^3, y = sin(3 x1) + cos(2 x2) x3
 * + 0.5 x3^2 + 0.1 N(0,1)), SE (default) or Matern 5/2 isotropic kernel.
 * (1) n = NE (5000): the
 * hyperparameters are fitted once by the Vecchia fit with m = 30, then, at
 * that theta, the exact LML and predictions (1000 test points, noiseless f)
 * against the Vecchia LML and predictions for each m: |LML_v - LML_e| / n,
 * test RMSE of both, max |mean_v - mean_e|.  (2) n = N (1e5): ordering +
 * neighbours (create), one LML + gradient, the fit and the test RMSE, at
 * m = 10 (fit from s2 = 1, l = 1, n2 = 0.1) and m = 30 (fit from the m = 10
 * optimum) (R repetitions of create and LML + gradient; one fit each). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void mse(const double *t, int r, double *mean, double *se)
{
    double s = 0, q = 0;
    for (int i = 0; i < r; i++) s += t[i];
    s /= r;
    for (int i = 0; i < r; i++) q += (t[i] - s) * (t[i] - s);
    *mean = s;
    *se = r > 1 ? sqrt(q / (r - 1) / r) : 0.0;
}

static void grid_coords(int64_t m, int j, double *c)
{
    for (int64_t a = 0; a < m; a++) c[a] = 6.0 * (double)a / (double)m + 0.01 * sin(3.0 * a + j);
}

static double f_true2(double x, double y) { return sin(1.7 * x) * cos(1.1 * y) + 0.2 * x; }

/* one kron LML+grad time (s) and LML on a G x G grid; with exact also the dense path */
static void kron_case(int64_t G, int reps, int exact)
{
    int64_t sz[2] = {G, G}, M = G * G;
    double *c0 = malloc(sizeof(double) * G), *c1 = malloc(sizeof(double) * G), *y = malloc(sizeof(double) * M);
    grid_coords(G, 0, c0), grid_coords(G, 1, c1);
    kes_rng *r = NULL;
    kes_rng_create(42, &r);
    for (int64_t i = 0; i < M; i++) y[i] = f_true2(c0[i % G], c1[i / G]) + 0.1 * kes_rng_normal(r);
    kes_rng_destroy(r);
    const double *cs[2] = {c0, c1};
    kes_gp_kron *g = NULL;
    if (kes_gp_kron_create(KES_GP_SE_ARD, 2, sz, cs, y, NULL, &g)) {
        fprintf(stderr, "create failed\n");
        exit(1);
    }
    double th[4] = {log(1.0), log(0.8), log(1.1), log(0.01)}, lml = 0, grad[4];
    double *t = malloc(sizeof(double) * reps), m, se;
    kes_gp_kron_lml(g, th, &lml, grad); /* warm-up */
    for (int k = 0; k < reps; k++) {
        double t0 = now();
        kes_gp_kron_lml(g, th, &lml, grad);
        t[k] = now() - t0;
    }
    mse(t, reps, &m, &se);
    printf("| kron %ldx%ld | %ld | %.4f +- %.4f |", (long)G, (long)G, (long)M, m, se);
    if (exact) {
        double *X = malloc(sizeof(double) * 2 * M);
        for (int64_t i = 0; i < M; i++) X[i] = c0[i % G], X[i + M] = c1[i / G];
        kes_gp_opts o = kes_gp_opts_default();
        o.kernel = KES_GP_SE_ARD, o.optimize = 0, o.theta0 = th;
        double *te = malloc(sizeof(double) * reps), me, see, le = 0, ge[4];
        for (int k = 0; k < reps; k++) {
            double t0 = now();
            kes_gp *e = NULL;
            kes_gp_fit(X, M, 2, M, y, &o, NULL, &e);
            kes_gp_lml_gradient(e, &le, ge);
            te[k] = now() - t0;
            kes_gp_destroy(e);
        }
        mse(te, reps, &me, &see);
        double gd = 0;
        for (int q = 0; q < 4; q++) gd = fmax(gd, fabs(grad[q] - ge[q]) / fmax(1.0, fabs(ge[q])));
        printf(" %.4f +- %.4f | %.1f | %.2e | %.2e |\n", me, see, me / m, fabs(lml - le) / fmax(1.0, fabs(le)), gd);
        free(X), free(te);
    } else {
        printf(" - | - | - | - |\n");
    }
    free(t), free(c0), free(c1), free(y);
    kes_gp_kron_destroy(g);
}

static void g1_data(int64_t n, uint64_t seed, double *X, double *y, int noisy)
{
    kes_rng *r = NULL;
    kes_rng_create(seed, &r);
    for (int64_t i = 0; i < n; i++) {
        double x1 = -2 + 4 * kes_rng_uniform(r), x2 = -2 + 4 * kes_rng_uniform(r), x3 = -2 + 4 * kes_rng_uniform(r);
        X[i] = x1, X[i + n] = x2, X[i + 2 * n] = x3;
        y[i] = sin(3 * x1) + cos(2 * x2) * x3 + 0.5 * x3 * x3 + (noisy ? 0.1 * kes_rng_normal(r) : 0.0);
    }
    kes_rng_destroy(r);
}

static double rmse(const double *a, const double *b, int64_t n)
{
    double s = 0;
    for (int64_t i = 0; i < n; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
    return sqrt(s / n);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_gp_scal kron|vecchia [--reps R] [--grid G] [--n N] [--nexact NE] [--ms LIST]\n");
        return 2;
    }
    const char *mode = argv[1], *ms = "5,10,20,30,40";
    int reps = 5, skip_large = 0;
    kes_gp_kernel kern = KES_GP_SE_ISO;
    int64_t G = 300, N = 100000, NE = 5000;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--grid") && i + 1 < argc) G = atol(argv[++i]);
        else if (!strcmp(argv[i], "--n") && i + 1 < argc) N = atol(argv[++i]);
        else if (!strcmp(argv[i], "--nexact") && i + 1 < argc) NE = atol(argv[++i]);
        else if (!strcmp(argv[i], "--ms") && i + 1 < argc) ms = argv[++i];
        else if (!strcmp(argv[i], "--kernel") && i + 1 < argc) kern = !strcmp(argv[++i], "m52") ? KES_GP_MATERN52 : KES_GP_SE_ISO;
        else if (!strcmp(argv[i], "--skip-large")) skip_large = 1;
        else {
            fprintf(stderr, "bench_gp_scal: bad argument %s\n", argv[i]);
            return 2;
        }
    }
    if (reps < 1) reps = 1;
    printf("# threads %d\n", omp_get_max_threads());
    if (!strcmp(mode, "kron")) {
        printf("| case | M | Kronecker LML+grad (s) | exact dense LML+grad (s) | exact/Kron | rel. LML diff | max rel. grad diff |\n");
        printf("|---|---|---|---|---|---|---|\n");
        kron_case(30, reps, 1);
        kron_case(60, reps, 1);
        kron_case(G, reps, 0);
        /* a fit on the G x G grid: Matern 5/2 ARD from s2 = l = 1, n2 = 0.1 (true noise variance 0.01) */
        {
            int64_t sz[2] = {G, G}, M = G * G;
            double *c0 = malloc(sizeof(double) * G), *c1 = malloc(sizeof(double) * G), *y = malloc(sizeof(double) * M);
            grid_coords(G, 0, c0), grid_coords(G, 1, c1);
            kes_rng *r = NULL;
            kes_rng_create(43, &r);
            for (int64_t i = 0; i < M; i++) y[i] = f_true2(c0[i % G], c1[i / G]) + 0.1 * kes_rng_normal(r);
            kes_rng_destroy(r);
            const double *cs[2] = {c0, c1};
            kes_gp_kron *g = NULL;
            kes_gp_kron_create(KES_GP_MATERN52_ARD, 2, sz, cs, y, NULL, &g);
            double th[4] = {0, 0, 0, log(0.1)}, l = NAN;
            double t0 = now();
            kes_status s = kes_gp_kron_fit(g, NULL, th, &l);
            double tf = now() - t0;
            printf("\nfit on %ldx%ld (Matern 5/2 ARD product, start s2 = l = 1, n2 = 0.1): %.2f s, status %d, "
                   "s2 %.3g, l %.3g %.3g, n2 %.4g (true 0.01), LML %.3f\n",
                   (long)G, (long)G, tf, s, exp(th[0]), exp(th[1]), exp(th[2]), exp(th[3]), l);
            kes_gp_kron_destroy(g);
            free(c0), free(c1), free(y);
        }
        return 0;
    }
    if (strcmp(mode, "vecchia")) return 2;
    int64_t mt = 1000;
    double *Xt = malloc(sizeof(double) * mt * 3), *ft = malloc(sizeof(double) * mt);
    double *mv = malloc(sizeof(double) * mt), *me = malloc(sizeof(double) * mt);
    g1_data(mt, 999, Xt, ft, 0);
    /* (1) accuracy against the exact GP at n = NE */
    {
        double *X = malloc(sizeof(double) * NE * 3), *y = malloc(sizeof(double) * NE);
        g1_data(NE, 1, X, y, 1);
        kes_gp_vecchia *v = NULL;
        kes_gp_vecchia_create(kern, X, NE, 3, NE, y, 30, &v);
        double th[3] = {0, 0, log(0.1)}, lf;
        double t0 = now();
        kes_status s = kes_gp_vecchia_fit(v, NULL, th, &lf);
        double tfit = now() - t0;
        kes_gp_vecchia_destroy(v);
        printf("# kernel %s; n = %ld: Vecchia (m = 30) fit status %d in %.2f s: s2 %.4g, l %.4g, n2 %.4g\n",
               kern == KES_GP_SE_ISO ? "SE iso" : "Matern 5/2 iso", (long)NE, s, tfit,
               exp(th[0]), exp(th[1]), exp(th[2]));
        kes_gp_opts o = kes_gp_opts_default();
        o.kernel = kern, o.optimize = 0, o.theta0 = th;
        kes_gp *e = NULL;
        t0 = now();
        s = kes_gp_fit(X, NE, 3, NE, y, &o, NULL, &e);
        double le, ge[3];
        kes_gp_lml_gradient(e, &le, ge);
        double texact = now() - t0;
        kes_gp_predict(e, Xt, mt, mt, me, NULL);
        double rm_e = rmse(me, ft, mt);
        printf("# exact GP at that theta: LML %.6f (jitter %g), LML+grad %.2f s, test RMSE %.5f\n", le,
               kes_gp_jitter(e), texact, rm_e);
        printf("| m | |LML_v - LML_e| / n | LML_v - LML_e | test RMSE Vecchia | test RMSE exact | RMSE diff | max |mean_v - mean_e| | Vecchia LML+grad (s) |\n");
        printf("|---|---|---|---|---|---|---|---|\n");
        char buf[256];
        snprintf(buf, sizeof buf, "%s", ms);
        for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
            int64_t m = atol(tok);
            kes_gp_vecchia_create(kern, X, NE, 3, NE, y, m, &v);
            double lv, gv[3];
            t0 = now();
            kes_gp_vecchia_lml(v, th, &lv, gv);
            double tl = now() - t0;
            kes_gp_vecchia_predict(v, th, Xt, mt, mt, mv, NULL);
            double rm_v = rmse(mv, ft, mt), md = 0;
            for (int64_t i = 0; i < mt; i++) md = fmax(md, fabs(mv[i] - me[i]));
            printf("| %ld | %.3e | %.4f | %.5f | %.5f | %+.2e | %.2e | %.3f |\n", (long)m, fabs(lv - le) / NE, lv - le,
                   rm_v, rm_e, rm_v - rm_e, md, tl);
            kes_gp_vecchia_destroy(v);
        }
        kes_gp_destroy(e);
        free(X), free(y);
    }
    /* (2) n = N */
    if (!skip_large) {
        double *X = malloc(sizeof(double) * N * 3), *y = malloc(sizeof(double) * N);
        g1_data(N, 2, X, y, 1);
        printf("\n| n | m | create: order + neighbours (s) | LML+grad (s) | fit (s) | fit start | status | s2, l, n2 | test RMSE |\n");
        printf("|---|---|---|---|---|---|---|---|---|\n");
        int64_t mlist[2] = {10, 30};
        double th[3] = {0, 0, log(0.1)}; /* m = 10 starts here, m = 30 from the m = 10 fit */
        for (int k = 0; k < 2; k++) {
            int64_t m = mlist[k];
            double *tc = malloc(sizeof(double) * reps), *tl = malloc(sizeof(double) * reps);
            kes_gp_vecchia *v = NULL;
            double l, g[3];
            for (int r = 0; r < reps; r++) {
                kes_gp_vecchia_destroy(v);
                v = NULL;
                double t0 = now();
                kes_gp_vecchia_create(kern, X, N, 3, N, y, m, &v);
                tc[r] = now() - t0;
                t0 = now();
                kes_gp_vecchia_lml(v, th, &l, g);
                tl[r] = now() - t0;
            }
            double cm, cs, lm, ls;
            mse(tc, reps, &cm, &cs), mse(tl, reps, &lm, &ls);
            double t0 = now(), lf;
            kes_status s = kes_gp_vecchia_fit(v, NULL, th, &lf);
            double tf = now() - t0;
            kes_gp_vecchia_predict(v, th, Xt, mt, mt, mv, NULL);
            printf("| %ld | %ld | %.3f +- %.3f | %.3f +- %.3f | %.2f | %s | %d | %.3g, %.3g, %.3g | %.5f |\n", (long)N,
                   (long)m, cm, cs, lm, ls, tf, k ? "m = 10 fit" : "(1, 1, 0.1)", s, exp(th[0]), exp(th[1]), exp(th[2]), rmse(mv, ft, mt));
            kes_gp_vecchia_destroy(v);
            free(tc), free(tl);
        }
        free(X), free(y);
    }
    free(Xt), free(ft), free(mv), free(me);
    return 0;
}
