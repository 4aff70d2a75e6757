/* Helpers shared by the GP tests (test_gp*.c):
 * the shipped protocol data (tests/data/gp, written by make_gp_data.py with
 * scikit-learn), an independent long double reference for the LML and
 * the predictive mean and variance, and the central difference of an LML
 * (test_gp_kron.c, test_gp_vecchia.c). */
#ifndef KES_GP_TESTUTIL_H
#define KES_GP_TESTUTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sf_bessel.h>
#include <gsl/gsl_sf_gamma.h>

#include "kestrel.h"

#define GT_N500 500

/* Read tests/data/gp/gp_n500.csv: X (n x 3, ld n) and y.  Returns 0 on success. */
static inline int gt_read_n500(double *X, double *y)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/gp/gp_n500.csv", "r");
    if (!f) return -1;
    char line[512];
    if (!fgets(line, sizeof line, f)) return fclose(f), -1;
    for (int i = 0; i < GT_N500; i++) {
        if (fscanf(f, "%lf,%lf,%lf,%lf", &X[i], &X[i + GT_N500], &X[i + 2 * GT_N500], &y[i]) != 4) return fclose(f), -1;
    }
    fclose(f);
    return 0;
}

/* Find the line of `file` (gp_lml.txt or gp_opt.txt) for kernel `name`:
 * p, theta[p] and the LML.  Returns 0 on success. */
static inline int gt_read_ref(const char *file, const char *name, int64_t *p, double *theta, double *lml)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/gp/%s", KES_TEST_DATA_DIR, file);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char nm[64];
    int rc = -1;
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        int off = 0, pp;
        if (sscanf(line, "%63s %d%n", nm, &pp, &off) != 2) continue;
        if (strcmp(nm, name) != 0) continue;
        char *s = line + off;
        for (int t = 0; t < pp; t++) theta[t] = strtod(s, &s);
        *lml = strtod(s, &s);
        *p = pp;
        rc = 0;
        break;
    }
    fclose(f);
    return rc;
}

/* k(u) of each kernel from its definition, long double; u2[c] = squared
 * scaled offsets per dimension summed in r2. */
static inline long double gt_corr(kes_gp_kernel k, long double r2, long double a)
{
    long double r = sqrtl(r2);
    switch (k) {
    case KES_GP_SE_ISO: case KES_GP_SE_ARD: return expl(-r2 / 2);
    case KES_GP_MATERN12: case KES_GP_MATERN12_ARD: return expl(-r);
    case KES_GP_MATERN32: case KES_GP_MATERN32_ARD: return (1 + sqrtl(3.0L) * r) * expl(-sqrtl(3.0L) * r);
    case KES_GP_MATERN52: case KES_GP_MATERN52_ARD:
        return (1 + sqrtl(5.0L) * r + 5 * r2 / 3) * expl(-sqrtl(5.0L) * r);
    case KES_GP_MATERN: case KES_GP_MATERN_ARD: {
        /* general nu through GSL's log K_nu and log Gamma (independent of the
         * special layer; double precision, about 1e-14 relative) */
        if (r2 == 0) return 1;
        double nu = (double)a, z = (double)(sqrtl(2 * a) * r);
        if (z > 700) return 0;
        return expl((1 - a) * logl(2.0L) - (long double)gsl_sf_lngamma(nu) + a * logl(sqrtl(2 * a) * r) +
                    (long double)gsl_sf_bessel_lnKnu(nu, z));
    }
    default: return powl(1 + r2 / (2 * a), -a);
    }
}

static inline int gt_ard(kes_gp_kernel k) { return ((int)k & 1) == 1; }
/* 1 for the kernels with a shape hyperparameter (RQ alpha, Matern nu). */
static inline int gt_rq(kes_gp_kernel k)
{
    return k == KES_GP_RQ || k == KES_GP_RQ_ARD || k == KES_GP_MATERN || k == KES_GP_MATERN_ARD;
}

/* s2 k(x_i, z_j) in long double; x row i of X (ld ldx), z row j of Z (ld ldz). */
static inline long double gt_cov(kes_gp_kernel k, int64_t d, const double *theta, const double *X, int64_t ldx,
                                 int64_t i, const double *Z, int64_t ldz, int64_t j)
{
    int64_t q = gt_ard(k) ? d : 1;
    long double s2 = expl(theta[0]), a = gt_rq(k) ? expl(theta[1 + q]) : 1, r2 = 0;
    for (int64_t c = 0; c < d; c++) {
        long double u = ((long double)X[i + c * ldx] - Z[j + c * ldz]) / expl(theta[1 + (gt_ard(k) ? c : 0)]);
        r2 += u * u;
    }
    return s2 * gt_corr(k, r2, a);
}

/* Dense long double reference: LML at theta (zero mean) and, when Q is not
 * NULL, the predictive mean and variance of f at the m rows of Q. */
static inline long double gt_reference(kes_gp_kernel k, const double *X, int64_t n, int64_t d, const double *y,
                                       const double *theta, const double *Q, int64_t m, long double *mean,
                                       long double *var)
{
    int64_t p = kes_gp_n_params(k, d);
    long double n2 = expl(theta[p - 1]);
    long double *L = calloc((size_t)(n * n), sizeof *L), *al = malloc((size_t)n * sizeof *al),
                *v = malloc((size_t)n * sizeof *v);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = j; i < n; i++) L[i + j * n] = gt_cov(k, d, theta, X, n, i, X, n, j) + (i == j ? n2 : 0);
    for (int64_t j = 0; j < n; j++) { /* Cholesky, column by column */
        long double s = L[j + j * n];
        for (int64_t t = 0; t < j; t++) s -= L[j + t * n] * L[j + t * n];
        L[j + j * n] = sqrtl(s);
        for (int64_t i = j + 1; i < n; i++) {
            long double u = L[i + j * n];
            for (int64_t t = 0; t < j; t++) u -= L[i + t * n] * L[j + t * n];
            L[i + j * n] = u / L[j + j * n];
        }
    }
    long double quad = 0, logdet = 0;
    for (int64_t i = 0; i < n; i++) { /* forward: v = L^-1 y */
        long double u = y[i];
        for (int64_t t = 0; t < i; t++) u -= L[i + t * n] * v[t];
        v[i] = u / L[i + i * n];
        quad += v[i] * v[i];
        logdet += 2 * logl(L[i + i * n]);
    }
    for (int64_t i = n - 1; i >= 0; i--) { /* backward: alpha = L^-T v */
        long double u = v[i];
        for (int64_t t = i + 1; t < n; t++) u -= L[t + i * n] * al[t];
        al[i] = u / L[i + i * n];
    }
    for (int64_t j = 0; Q && j < m; j++) {
        long double mu = 0, s = 0;
        for (int64_t i = 0; i < n; i++) {
            long double kx = gt_cov(k, d, theta, X, n, i, Q, m, j);
            mu += kx * al[i];
            long double u = kx;
            for (int64_t t = 0; t < i; t++) u -= L[i + t * n] * v[t];
            v[i] = u / L[i + i * n];
            s += v[i] * v[i];
        }
        mean[j] = mu;
        var[j] = expl(theta[0]) - s;
    }
    free(L), free(al), free(v);
    return -quad / 2 - logdet / 2 - (long double)n / 2 * logl(2 * 3.141592653589793238462643383279502884L);
}

/* Fit at fixed log hyperparameters (no optimisation). */
static inline kes_status gt_fit_at(kes_gp_kernel k, const double *X, int64_t n, int64_t d, const double *y,
                                   const double *theta, kes_gp **gp)
{
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = k;
    o.optimize = 0;
    o.theta0 = theta;
    return kes_gp_fit(X, n, d, n, y, &o, NULL, gp);
}

/* An LML value at theta (the model passed through as const void *). */
typedef kes_status (*gt_lml_fn)(const void *model, const double *theta, double *lml);

/* Central difference (f(theta + h e_t) - f(theta - h e_t)) / (2 h) of f in
 * coordinate t of theta (p <= 16 values) into *fd; returns the first
 * non-KES_OK status of the two evaluations (*fd is then not meaningful). */
static inline kes_status gt_central_diff(gt_lml_fn f, const void *model, const double *theta, int64_t p, int64_t t,
                                         double h, double *fd)
{
    double tp[16], tm[16], lp = NAN, lm = NAN;
    memcpy(tp, theta, (size_t)p * sizeof(double)), memcpy(tm, theta, (size_t)p * sizeof(double));
    tp[t] += h, tm[t] -= h;
    kes_status sp = f(model, tp, &lp), sm = f(model, tm, &lm);
    *fd = (lp - lm) / (2 * h);
    return sp != KES_OK ? sp : sm;
}

#endif
