/* von Mises-Fisher distribution on S^{p-1}: normalising constant, mean
 * resultant length A_p and its inverse, maximum-likelihood fit, log-likelihood
 * and Wood's exact sampler.
 *
 * Everything rests on log I_v and the ratio I_{v+1}/I_v of bessel.c, which
 * stay finite and accurate at p = 32768 and beyond, where the usual scaled
 * Bessel routines underflow (Plesner, Sorensen & Hauberg, ICS 2024, sec. on
 * vMF estimation). */
#include <float.h>
#include <math.h>

#include "core/internal.h"
#include "kestrel/special.h"
#include "special/special_internal.h"

#define LN2 0.69314718055994530942
#define LN2PI 1.8378770664093454836
#define UNIT_TOL 1e-6

static int bad_dim(double p) { return !(p >= 2.0) || isinf(p); }

/* log C_p(kappa) = v log kappa - (p/2) log(2 pi) - log I_v(kappa), v = p/2 - 1.
 * For kappa^2 < v + 1 the power series is used directly,
 *   log C = v log 2 + lgamma(v+1) - log1p(T) - (p/2) log(2 pi),
 *   T = sum_{k>=1} (kappa^2/4)^k / (k! (v+1)_k),
 * so that v log kappa and log I_v (both ~ v log kappa) never cancel. */
double kes_vmf_log_norm(double p, double kappa)
{
    if (bad_dim(p) || isnan(kappa) || kappa < 0.0) return NAN;
    if (isinf(kappa)) return INFINITY;
    double v = 0.5 * p - 1.0;
    double base = -0.5 * p * LN2PI;
    if (kappa * kappa < v + 1.0) {
        double q = 0.25 * kappa * kappa, term = 1.0, T = 0.0;
        for (int k = 1; k <= 200; k++) {
            term *= q / ((double)k * (v + k));
            T += term;
            if (term < 1e-18 * (1.0 + T)) break;
        }
        return v * LN2 + kes__lgamma1p(v) - log1p(T) + base;
    }
    return v * log(kappa) + base - kes_log_besseli(v, kappa);
}

double kes_vmf_log_norm_deriv(double p, double kappa)
{
    if (bad_dim(p) || isnan(kappa) || kappa < 0.0) return NAN;
    return -kes_bessel_ratio(0.5 * p - 1.0, kappa);
}

double kes_vmf_mean_resultant(double p, double kappa)
{
    if (bad_dim(p) || isnan(kappa) || kappa < 0.0) return NAN;
    return kes_bessel_ratio(0.5 * p - 1.0, kappa);
}

/* Solve A_p(kappa) = rbar.  A_p increases from 0 to 1, so a bracket
 * [lo, hi] is kept and every Newton step that leaves it is replaced by
 * bisection (geometric once hi is finite, doubling before).  Start:
 * Banerjee, Dhillon, Ghosh & Sra (JMLR 2005), kappa0 = r (p - r^2)/(1 - r^2).
 * A' = 1 - A^2 - (p-1) A / kappa (from the Bessel recurrences). */
kes_status kes_vmf_kappa_from_r(double p, double rbar, double *kappa)
{
    if (!kappa) return KES_EINVAL;
    if (bad_dim(p)) return KES_EDIM;
    if (isnan(rbar) || rbar < 0.0 || rbar >= 1.0) return KES_EDOM;
    if (rbar == 0.0) {
        *kappa = 0.0;
        return KES_OK;
    }
    double v = 0.5 * p - 1.0;
    double k = rbar * (p - rbar * rbar) / ((1.0 - rbar) * (1.0 + rbar));
    if (!(k > 0.0) || isinf(k)) k = 1.0;
    double lo = 0.0, hi = INFINITY;
    for (int it = 0; it < 200; it++) {
        double A = kes_bessel_ratio(v, k);
        double g = A - rbar;
        if (g == 0.0) break;
        if (g < 0.0) lo = k;
        else hi = k;
        double dA = 1.0 - A * A - (p - 1.0) * A / k;
        double kn = (dA > 0.0) ? k - g / dA : NAN;
        if (!(kn > lo && kn < hi)) kn = isinf(hi) ? 2.0 * k : (lo > 0.0 ? sqrt(lo * hi) : 0.5 * hi);
        double step = fabs(kn - k);
        k = kn;
        if (step <= 4.0 * DBL_EPSILON * k || (hi - lo) <= 4.0 * DBL_EPSILON * hi) break;
    }
    *kappa = k;
    return KES_OK;
}

/* Row norms squared of an n x p column-major matrix; KES_ENAN on non-finite. */
static kes_status row_norms2(size_t n, size_t p, const double *X, size_t ld, double *nrm)
{
    for (size_t i = 0; i < n; i++) nrm[i] = 0.0;
    int bad = 0;
    for (size_t j = 0; j < p; j++) {
        const double *c = X + j * ld;
        for (size_t i = 0; i < n; i++) {
            double a = c[i];
            if (!isfinite(a)) bad = 1;
            nrm[i] += a * a;
        }
    }
    return bad ? KES_ENAN : KES_OK;
}

/* s_j = sum_i w_i X[i, j] (w NULL means 1), columns in parallel. */
static void weighted_col_sums(size_t n, size_t p, const double *X, size_t ld, const double *w, double *s)
{
    long long pp = (long long)p;
#pragma omp parallel for schedule(static) if (n * p > 100000)
    for (long long j = 0; j < pp; j++) {
        const double *c = X + (size_t)j * ld;
        double acc = 0.0;
        if (w)
            for (size_t i = 0; i < n; i++) acc += w[i] * c[i];
        else
            for (size_t i = 0; i < n; i++) acc += c[i];
        s[j] = acc;
    }
}

kes_status kes_vmf_fit(size_t n, size_t p, const double *X, size_t ld, unsigned flags, double *mu,
                       double *kappa, double *rbar_out)
{
    if (!X || !mu || !kappa) return KES_EINVAL;
    if (flags & ~KES_VMF_NORMALIZE) return KES_EINVAL;
    if (n == 0 || p < 2 || ld < n) return KES_EDIM;
    double *nrm = kes__malloc_n(n, sizeof *nrm);
    double *s = kes__malloc_n(p, sizeof *s);
    if (!nrm || !s) {
        free(nrm);
        free(s);
        return KES_ENOMEM;
    }
    kes_status st = row_norms2(n, p, X, ld, nrm);
    for (size_t i = 0; st == KES_OK && i < n; i++) {
        if (flags & KES_VMF_NORMALIZE) {
            if (!(nrm[i] > 0.0)) st = KES_EINVAL;
            else nrm[i] = 1.0 / sqrt(nrm[i]);
        } else if (!(fabs(nrm[i] - 1.0) <= UNIT_TOL)) {
            st = KES_EINVAL;
        }
    }
    if (st == KES_OK) {
        weighted_col_sums(n, p, X, ld, (flags & KES_VMF_NORMALIZE) ? nrm : NULL, s);
        double ss = 0.0;
        for (size_t j = 0; j < p; j++) ss += s[j] * s[j];
        double len = sqrt(ss), rbar = len / (double)n;
        if (len == 0.0) {
            for (size_t j = 0; j < p; j++) mu[j] = (j == 0);
            *kappa = 0.0;
        } else {
            double k;
            if (rbar >= 1.0) {
                k = INFINITY;
                st = KES_ERANGE;
            } else {
                st = kes_vmf_kappa_from_r((double)p, rbar, &k);
            }
            if (st == KES_OK || st == KES_ERANGE) {
                for (size_t j = 0; j < p; j++) mu[j] = s[j] / len;
                *kappa = k;
            }
        }
        if ((st == KES_OK || st == KES_ERANGE) && rbar_out) *rbar_out = rbar;
    }
    free(nrm);
    free(s);
    return st;
}

static int is_unit(size_t p, const double *mu)
{
    double ss = 0.0;
    for (size_t j = 0; j < p; j++) ss += mu[j] * mu[j];
    return fabs(ss - 1.0) <= UNIT_TOL;
}

kes_status kes_vmf_loglik(size_t n, size_t p, const double *X, size_t ld, const double *mu, double kappa,
                          double *loglik)
{
    if (!X || !mu || !loglik) return KES_EINVAL;
    if (n == 0 || p < 2 || ld < n) return KES_EDIM;
    if (isnan(kappa) || kappa < 0.0 || isinf(kappa)) return KES_EDOM;
    if (!is_unit(p, mu)) return KES_EINVAL;
    double *s = kes__malloc_n(p, sizeof *s);
    if (!s) return KES_ENOMEM;
    weighted_col_sums(n, p, X, ld, NULL, s);
    double dot = 0.0;
    int bad = 0;
    for (size_t j = 0; j < p; j++) {
        if (!isfinite(s[j])) bad = 1;
        dot += mu[j] * s[j];
    }
    free(s);
    if (bad) return KES_ENAN;
    *loglik = (double)n * kes_vmf_log_norm((double)p, kappa) + kappa * dot;
    return KES_OK;
}

/* Wood (1994), "Simulation of the von Mises Fisher distribution",
 * Commun. Statist. Simul. 23(1): the component W = mu'x has density
 * proportional to exp(kappa w) (1 - w^2)^((p-3)/2); proposal from a
 * Beta((p-1)/2, (p-1)/2) variable through a Moebius map, acceptance
 * kappa W + (p-1) log(1 - x0 W) - c >= log U.  b is computed as
 * (p-1)/(2 kappa + sqrt(4 kappa^2 + (p-1)^2)) and 1 - x0^2 as 4b/(1+b)^2
 * to avoid cancellation at large kappa. */
typedef struct wood_consts {
    double b, x0, c, pm1;
} wood_consts;

static wood_consts wood_setup(double p, double kappa)
{
    wood_consts w;
    w.pm1 = p - 1.0;
    w.b = w.pm1 / (2.0 * kappa + sqrt(4.0 * kappa * kappa + w.pm1 * w.pm1));
    w.x0 = (1.0 - w.b) / (1.0 + w.b);
    w.c = kappa * w.x0 + w.pm1 * log(4.0 * w.b / ((1.0 + w.b) * (1.0 + w.b)));
    return w;
}

static double wood_draw(kes_rng *rng, const wood_consts *wc, double kappa)
{
    double half = 0.5 * wc->pm1;
    for (;;) {
        double z = kes_rng_beta(rng, half, half);
        double w = (1.0 - (1.0 + wc->b) * z) / (1.0 - (1.0 - wc->b) * z);
        double u = kes_rng_uniform_pos(rng);
        if (kappa * w + wc->pm1 * log1p(-wc->x0 * w) - wc->c >= log(u)) return w;
    }
}

kes_status kes_vmf_sample(kes_rng *rng, size_t p, const double *mu, double kappa, size_t n, double *X,
                          size_t ld)
{
    if (!rng || !mu || (!X && n > 0)) return KES_EINVAL;
    if (p < 2 || ld < n) return KES_EDIM;
    if (isnan(kappa) || kappa < 0.0 || isinf(kappa)) return KES_EDOM;
    if (!is_unit(p, mu)) return KES_EINVAL;
    if (n == 0) return KES_OK;
    /* Householder reflection H = I - 2 u u'/(u'u), u = e_1 - mu, maps e_1 to mu. */
    double *u = kes__malloc_n(p, sizeof *u);
    if (!u) return KES_ENOMEM;
    double uu = 0.0;
    for (size_t j = 0; j < p; j++) {
        u[j] = (j == 0 ? 1.0 : 0.0) - mu[j];
        uu += u[j] * u[j];
    }
    wood_consts wc = wood_setup((double)p, kappa);
    uint64_t key = kes_rng_u64(rng);
    long long nn = (long long)n;
#pragma omp parallel for schedule(static)
    for (long long i = 0; i < nn; i++) {
        kes_rng r;
        kes_rng_split_init(rng, key + (uint64_t)i, &r);
        double w = wood_draw(&r, &wc, kappa);
        double *row = X + i;
        double g2 = 0.0;
        for (size_t j = 1; j < p; j++) {
            double g = kes_rng_normal(&r);
            row[j * ld] = g;
            g2 += g * g;
        }
        double scale = sqrt(fmax(0.0, (1.0 - w) * (1.0 + w)) / g2);
        row[0] = w;
        double dot = u[0] * w;
        for (size_t j = 1; j < p; j++) {
            row[j * ld] *= scale;
            dot += u[j] * row[j * ld];
        }
        if (uu > 0.0) {
            double f = 2.0 * dot / uu;
            for (size_t j = 0; j < p; j++) row[j * ld] -= f * u[j];
        }
    }
    free(u);
    return KES_OK;
}
