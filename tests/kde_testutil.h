/* Helpers shared by the KDE tests (test_kde.c, test_kde_bandwidth.c, test_kde_binned.c):
 * random point sets and an independent long double reference density. */
#ifndef KES_KDE_TESTUTIL_H
#define KES_KDE_TESTUTIL_H

#include <math.h>
#include <stdlib.h>

#include "kestrel.h"

#define KT_PI 3.14159265358979323846L

/* n x d matrix (ld n) of N(0, scale^2) entries from (seed, stream 0). */
static inline double *kd_points(int64_t n, int64_t d, uint64_t seed, double scale)
{
    double *X = malloc((size_t)(n * d) * sizeof *X);
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    for (int64_t i = 0; i < n * d; i++) X[i] = scale * kes_rng_normal(&r);
    return X;
}

/* log k(r) of each profile, in long double, written from the definitions. */
static inline long double kd_log_profile(kes_kde_kernel k, double p, long double r)
{
    switch (k) {
    case KES_KDE_GAUSSIAN: return -0.5L * r * r;
    case KES_KDE_EPANECHNIKOV: return r < 1 ? logl(1 - r * r) : -INFINITY;
    case KES_KDE_EXPONENTIAL: return -r;
    case KES_KDE_TOPHAT: return r < 1 ? 0.0L : -INFINITY;
    case KES_KDE_LINEAR: return r < 1 ? logl(1 - r) : -INFINITY;
    case KES_KDE_COSINE: return r < 1 ? logl(cosl(KT_PI * r / 2)) : -INFINITY;
    case KES_KDE_LOGISTIC: return -logl(expl(r) + 2 + expl(-r));
    default: return -powl(r, p);
    }
}

/* Reference log density in long double: whitening by forward substitution
 * with the lower factor B (ld d), direct log-sum-exp; logc is the kernel's
 * log normaliser.  w may be NULL. */
static inline long double kd_ref_logp(kes_kde_kernel k, double p, double logc, const double *X, int64_t n, int64_t d,
                                      const double *w, const double *B, const double *y)
{
    long double *u = malloc((size_t)d * sizeof *u), *lv = malloc((size_t)n * sizeof *lv);
    long double mx = -INFINITY, W = 0, logdet = 0;
    for (int64_t c = 0; c < d; c++) logdet += logl(B[c + c * d]);
    for (int64_t i = 0; i < n; i++) {
        long double r2 = 0;
        for (int64_t a = 0; a < d; a++) {
            long double t = (long double)y[a] - X[i + a * n];
            for (int64_t b = 0; b < a; b++) t -= (long double)B[a + b * d] * u[b];
            u[a] = t / B[a + a * d];
            r2 += u[a] * u[a];
        }
        long double wi = w ? w[i] : 1.0L;
        W += wi;
        lv[i] = wi > 0 ? kd_log_profile(k, p, sqrtl(r2)) + logl(wi) : -INFINITY;
        if (lv[i] > mx) mx = lv[i];
    }
    long double s = 0;
    if (mx == -INFINITY) {
        free(u);
        free(lv);
        return -INFINITY;
    }
    for (int64_t i = 0; i < n; i++) s += expl(lv[i] - mx);
    free(u);
    free(lv);
    return mx + logl(s) + logc - logdet - logl(W);
}

#endif
