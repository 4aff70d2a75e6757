/*
 * Sampling from a kernel density estimate: a mixture of n kernels, so a
 * draw picks a component by weight and adds a draw from the kernel.
 *
 * Radial laws: a radial density c_d k(|u|) on R^d factors into a uniform
 * direction (a normalised Gaussian vector) and a radius R with density
 * proportional to k(r) r^(d-1) (polar coordinates; Devroye, "Non-Uniform
 * Random Variate Generation", Springer, 1986, Ch. V.4).  For the profiles
 * here that law is a Beta or Gamma law, or one of them accepted with a
 * bounded ratio (Devroye Ch. II.3):
 *   tophat        r^(d-1) on [0,1)                 R = U^(1/d)
 *   Epanechnikov  (1-r^2) r^(d-1)                  s = R^2 has (1-s) s^(d/2-1): Beta(d/2, 2)
 *   linear        (1-r) r^(d-1)                    Beta(d, 2)
 *   exponential   e^-r r^(d-1)                     Gamma(d)
 *   gen. Gauss    e^(-r^p) r^(d-1)                 t = R^p has e^-t t^(d/p-1): Gamma(d/p)
 *   cosine        cos(pi r/2) r^(d-1)              Beta(d, 2) proposal, accept with
 *                 sin(pi (1-r)/2) / (pi (1-r)/2) in [2/pi, 1] (sin x <= x, concave on [0, pi/2])
 *   logistic      e^-r r^(d-1) / (1+e^-r)^2        Gamma(d) proposal, accept with 1/(1+e^-r)^2 in [1/4, 1]
 * The Gaussian draws u ~ N(0, I) directly.
 */
#include <math.h>
#include <stdint.h>

#include "kernels/kde_internal.h"

static double radius(kes_kde_kernel kern, double power, double d, kes_rng *rng)
{
    switch (kern) {
    case KES_KDE_TOPHAT: return pow(kes_rng_uniform_pos(rng), 1.0 / d);
    case KES_KDE_EPANECHNIKOV: return sqrt(kes_rng_beta(rng, 0.5 * d, 2.0));
    case KES_KDE_LINEAR: return kes_rng_beta(rng, d, 2.0);
    case KES_KDE_EXPONENTIAL: return kes_rng_gamma(rng, d);
    case KES_KDE_GENGAUSS: return pow(kes_rng_gamma(rng, d / power), 1.0 / power);
    case KES_KDE_COSINE:
        for (;;) {
            double r = kes_rng_beta(rng, d, 2.0), a = 0.5 * KES__KDE_PI * (1.0 - r);
            double acc = a > 0.0 ? sin(a) / a : 1.0;
            if (kes_rng_uniform(rng) < acc) return r;
        }
    default: /* LOGISTIC */
        for (;;) {
            double r = kes_rng_gamma(rng, d), q = 1.0 / (1.0 + exp(-r));
            if (kes_rng_uniform(rng) < q * q) return r;
        }
    }
}

kes_status kes_kde_sample(const kes_kde *kde, kes_rng *rng, int64_t m, double *Y, int64_t ldy)
{
    if (!kde || !rng || !Y) return KES_EINVAL;
    if (m < 1 || ldy < m) return KES_EDIM;
    kes__kde_parts k;
    kes__kde_get_parts(kde, &k);
    int64_t n = k.n, d = k.d;
    /* Y's extent in bytes must be addressable */
    size_t md;
    if (kes__mul_size(ldy, d, &md) || md > SIZE_MAX / sizeof(double)) return KES_ERANGE;
    double *cum = NULL, *u = kes__malloc_n((size_t)d, sizeof *u);
    if (!u) return KES_ENOMEM;
    if (k.logw) {
        cum = kes__malloc_n((size_t)n, sizeof *cum);
        if (!cum) {
            free(u);
            return KES_ENOMEM;
        }
        double mx = -INFINITY, acc = 0.0;
        for (int64_t i = 0; i < n; i++) mx = k.logw[i] > mx ? k.logw[i] : mx;
        for (int64_t i = 0; i < n; i++) cum[i] = acc += exp(k.logw[i] - mx);
    }
    for (int64_t q = 0; q < m; q++) {
        int64_t i;
        if (cum) {
            /* first i with cum[i] > t: zero weights (equal neighbours) are never chosen */
            double t = kes_rng_uniform(rng) * cum[n - 1];
            int64_t lo = 0, hi = n - 1;
            while (lo < hi) {
                int64_t mid = lo + (hi - lo) / 2;
                if (cum[mid] > t) hi = mid;
                else lo = mid + 1;
            }
            i = lo;
        } else {
            i = (int64_t)kes_rng_uint(rng, (uint64_t)n);
        }
        if (k.kernel == KES_KDE_GAUSSIAN) {
            for (int64_t c = 0; c < d; c++) u[c] = kes_rng_normal(rng);
        } else {
            double r = radius(k.kernel, k.power, (double)d, rng), s2 = 0.0;
            if (d == 1) u[0] = kes_rng_uniform(rng) < 0.5 ? -1.0 : 1.0;
            else
                do {
                    s2 = 0.0;
                    for (int64_t c = 0; c < d; c++) {
                        u[c] = kes_rng_normal(rng);
                        s2 += u[c] * u[c];
                    }
                } while (!(s2 > 0.0));
            double sc = d == 1 ? r : r / sqrt(s2);
            for (int64_t c = 0; c < d; c++) u[c] *= sc;
        }
        /* y = mu + B (x~_i + u), B lower triangular */
        for (int64_t c = 0; c < d; c++) u[c] += k.Xw[i + c * k.ldxw];
        for (int64_t j = 0; j < d; j++) {
            double acc = k.mu[j];
            if (k.isdiag) acc += k.B[j + j * d] * u[j];
            else
                for (int64_t c = 0; c <= j; c++) acc += k.B[j + c * d] * u[c];
            Y[q + j * ldy] = acc;
        }
    }
    free(cum);
    free(u);
    return KES_OK;
}
