/*
 * Composite GP covariances: a small expression tree whose leaves are
 * correlations (the profiles of gp_kernel.c, the periodic kernel, the
 * spectral mixture) and whose inner nodes are sums, products and scalings.
 * Every node has a contiguous block of log-hyperparameters; a sum or
 * product lists its left child's block, then its right child's; a scaling
 * lists its log variance first.
 *
 * Leaves, for the offsets tau_c = x_c - z_c over the leaf's coordinates
 * (all d, or the one coordinate `dim`):
 *   profile   g(sum_c tau_c^2 / l_c^2) of a kes_gp_kernel (ARD) or
 *             g(|tau|^2 / l^2) (isotropic), params log l.., (log a)
 *   periodic  exp(-2 sin^2(pi |tau| / p) / l^2) (MacKay, "Introduction to
 *             Gaussian processes", 1998; scikit-learn's ExpSineSquared),
 *             params log l, log p; d/dlog l = k 4 s^2 / l^2 with s =
 *             sin(pi |tau| / p), d/dlog p = k 2 a sin(2a) / l^2, a = pi |tau| / p
 *   spectral mixture, Q components (Wilson & Adams, "Gaussian process
 *             kernels for pattern discovery and extrapolation", ICML 2013):
 *             k = sum_q w_q prod_c m(tau_c / l_qc) cos(2 pi mu_qc tau_c),
 *             m(t) = exp(-t^2/2) for a Gaussian spectral density and the
 *             Matern-5/2 correlation (1 + s + s^2/3) e^-s, s = sqrt(5)|t|,
 *             for a Student-t density (the Fourier pair of a Matern
 *             covariance; Rasmussen & Williams eq. 4.15); params per q:
 *             log w_q, log l_q1.., log mu_q1..
 * Products inside a component are formed with prefix and suffix products,
 * never by dividing by a factor (a cosine may be 0).
 *
 * The derivatives with respect to the first input x (first and second,
 * for collocation) are provided for the SE profile, the spectral mixture
 * and the combinators; the other leaves answer KES_ENOTSUP there.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernels/gp_internal.h"

#define TWO_PI 6.28318530717958647692
#define KES_PI_ 3.14159265358979323846

enum { N_PROFILE, N_PERIODIC, N_SM, N_SUM, N_PROD, N_SCALE };

struct kes_gp_cov {
    int type;
    int64_t d, dim;        /* input dimension; the leaf's coordinate or -1 for all */
    int64_t np;            /* parameters of this subtree */
    kes_gp_kernel kernel;  /* N_PROFILE */
    int64_t Q;             /* N_SM */
    kes_gp_sm_density dens;
    kes_gp_cov *a, *b;     /* children (N_SCALE: a only) */
};

/* ------------------------------------------------------------ construction */

static kes_status new_node(int type, int64_t d, int64_t dim, kes_gp_cov **cov, kes_gp_cov **out)
{
    if (!out) return KES_EINVAL;
    if (d < 1 || dim < -1 || dim >= d) return KES_EDIM;
    kes_gp_cov *c = calloc(1, sizeof *c);
    if (!c) return KES_ENOMEM;
    c->type = type, c->d = d, c->dim = dim;
    *cov = c;
    return KES_OK;
}

/* number of coordinates a leaf acts on */
static int64_t n_coords(const kes_gp_cov *c) { return c->dim < 0 ? c->d : 1; }

kes_status kes_gp_cov_create(kes_gp_kernel kernel, int64_t d, int64_t dim, kes_gp_cov **out)
{
    if (!out || !kes__gp_kernel_valid(kernel)) return KES_EINVAL;
    if (d > INT64_MAX / 4) return KES_ERANGE;
    kes_gp_cov *c;
    kes_status s = new_node(N_PROFILE, d, dim, &c, out);
    if (s) return s;
    c->kernel = kernel;
    c->np = (kes__gp_is_ard(kernel) ? n_coords(c) : 1) + (kes__gp_has_alpha(kernel) ? 1 : 0);
    *out = c;
    return KES_OK;
}

kes_status kes_gp_cov_periodic(int64_t d, int64_t dim, kes_gp_cov **out)
{
    kes_gp_cov *c;
    kes_status s = new_node(N_PERIODIC, d, dim, &c, out);
    if (s) return s;
    c->np = 2;
    *out = c;
    return KES_OK;
}

kes_status kes_gp_cov_spectral_mixture(int64_t d, int64_t dim, int64_t Q, kes_gp_sm_density dens, kes_gp_cov **out)
{
    if (!out || ((int)dens != KES_GP_SM_GAUSSIAN && (int)dens != KES_GP_SM_STUDENT_T)) return KES_EINVAL;
    if (Q < 1) return KES_EDIM;
    if (d > INT64_MAX / 4 || Q > (INT64_MAX / 4) / (2 * (d > 0 ? d : 1) + 1)) return KES_ERANGE;
    kes_gp_cov *c;
    kes_status s = new_node(N_SM, d, dim, &c, out);
    if (s) return s;
    c->Q = Q, c->dens = dens;
    c->np = Q * (1 + 2 * n_coords(c));
    *out = c;
    return KES_OK;
}

static kes_status combine(int type, kes_gp_cov *a, kes_gp_cov *b, kes_gp_cov **out)
{
    if (!out || !a || (type != N_SCALE && !b) || a == b) return KES_EINVAL;
    if (b && a->d != b->d) return KES_EDIM;
    if (a->np > INT64_MAX / 4 - (b ? b->np : 1)) return KES_ERANGE;
    kes_gp_cov *c = calloc(1, sizeof *c);
    if (!c) return KES_ENOMEM;
    c->type = type, c->d = a->d, c->dim = -1;
    c->a = a, c->b = b;
    c->np = a->np + (b ? b->np : 1);
    *out = c;
    return KES_OK;
}

kes_status kes_gp_cov_sum(kes_gp_cov *a, kes_gp_cov *b, kes_gp_cov **out) { return combine(N_SUM, a, b, out); }
kes_status kes_gp_cov_product(kes_gp_cov *a, kes_gp_cov *b, kes_gp_cov **out) { return combine(N_PROD, a, b, out); }
kes_status kes_gp_cov_scale(kes_gp_cov *a, kes_gp_cov **out) { return combine(N_SCALE, a, NULL, out); }

void kes_gp_cov_destroy(kes_gp_cov *cov)
{
    if (!cov) return;
    kes_gp_cov_destroy(cov->a);
    kes_gp_cov_destroy(cov->b);
    free(cov);
}

int64_t kes_gp_cov_n_params(const kes_gp_cov *cov) { return cov ? cov->np : 0; }
int64_t kes_gp_cov_dim(const kes_gp_cov *cov) { return cov ? cov->d : 0; }

kes_gp_cov *kes__gp_cov_clone(const kes_gp_cov *c)
{
    if (!c) return NULL;
    kes_gp_cov *r = malloc(sizeof *r);
    if (!r) return NULL;
    *r = *c;
    r->a = r->b = NULL;
    if ((c->a && !(r->a = kes__gp_cov_clone(c->a))) || (c->b && !(r->b = kes__gp_cov_clone(c->b)))) {
        kes_gp_cov_destroy(r);
        return NULL;
    }
    return r;
}

/* ------------------------------------------------------------ evaluation */

/* The spectral-mixture factor m(t) cos(2 pi mu tau) of one coordinate, with
 * t = tau / l: value f, and on request df/dlog l, df/dlog mu, df/dtau,
 * d2f/dtau2. */
static void sm_factor(kes_gp_sm_density dens, double tau, double l, double mu, double *f, double *dl, double *dmu,
                      double *dt, double *dtt)
{
    double t = tau / l, m, m_l, m_t, m_tt; /* m, dm/dlog l, dm/dtau, d2m/dtau2 */
    if (dens == KES_GP_SM_GAUSSIAN) {
        m = exp(-0.5 * t * t);
        m_l = m * t * t;
        m_t = -m * t / l;
        m_tt = m * (t * t - 1.0) / (l * l);
    } else {
        double s = 2.23606797749978969641 * fabs(t), e = exp(-s);
        m = (1.0 + s + s * s / 3.0) * e;
        m_l = (s * s / 3.0) * (1.0 + s) * e;
        m_t = -(5.0 / (3.0 * l * l)) * tau * (1.0 + s) * e;
        m_tt = -(5.0 / (3.0 * l * l)) * (1.0 + s - s * s) * e;
    }
    double w = TWO_PI * mu, ph = w * tau, cs = cos(ph), sn = sin(ph);
    *f = m * cs;
    if (dl) *dl = m_l * cs;
    if (dmu) *dmu = -m * ph * sn;
    if (dt) *dt = m_t * cs - m * w * sn;
    if (dtt) *dtt = m_tt * cs - 2.0 * m_t * w * sn - m * w * w * cs;
}

/* k(x, z) of the subtree at theta (its block); grad (np) may be NULL. */
double kes__gp_cov_eval(const kes_gp_cov *c, const double *theta, const double *x, const double *z, double *grad)
{
    int64_t D = n_coords(c), c0 = c->dim < 0 ? 0 : c->dim;
    switch (c->type) {
    case N_PROFILE: {
        int ard = kes__gp_is_ard(c->kernel), hasa = kes__gp_has_alpha(c->kernel);
        int64_t q = ard ? D : 1;
        double a = hasa ? exp(theta[q]) : 1.0, qq = 0.0;
        for (int64_t k = 0; k < D; k++) {
            double u = kes__gp_clamp((x[c0 + k] - z[c0 + k]) * exp(-theta[ard ? k : 0]));
            qq += u * u;
        }
        double h = 0.0, da = 0.0;
        double g = kes__gp_profile(c->kernel, qq, a, grad ? &h : NULL, grad && hasa ? &da : NULL);
        if (grad) {
            if (ard) {
                for (int64_t k = 0; k < D; k++) {
                    double u = kes__gp_clamp((x[c0 + k] - z[c0 + k]) * exp(-theta[k]));
                    grad[k] = isinf(qq) ? 0.0 : h * u * u;
                }
            } else {
                grad[0] = isinf(qq) ? 0.0 : h * qq;
            }
            if (hasa) grad[q] = da;
        }
        return g;
    }
    case N_PERIODIC: {
        double r2 = 0.0;
        for (int64_t k = 0; k < D; k++) {
            double t = x[c0 + k] - z[c0 + k];
            r2 += t * t;
        }
        double l = exp(theta[0]), p = exp(theta[1]), ar = KES_PI_ * sqrt(r2) / p, s = sin(ar);
        double g = exp(-2.0 * s * s / (l * l));
        if (grad) {
            grad[0] = g * 4.0 * s * s / (l * l);
            grad[1] = g * 2.0 * ar * sin(2.0 * ar) / (l * l);
        }
        return g;
    }
    case N_SM: {
        double ksum = 0.0, f[64], pre[65], suf[65], fl[64], fm[64];
        int64_t stride = 1 + 2 * D;
        for (int64_t qi = 0; qi < c->Q; qi++) {
            const double *th = theta + qi * stride;
            double w = exp(th[0]);
            double *gq = grad ? grad + qi * stride : NULL;
            /* coordinates in chunks of 64 would complicate nothing but the
             * products: D > 64 falls back to recomputing factors */
            if (D <= 64) {
                pre[0] = 1.0;
                for (int64_t k = 0; k < D; k++) {
                    sm_factor(c->dens, x[c0 + k] - z[c0 + k], exp(th[1 + k]), exp(th[1 + D + k]), &f[k],
                              grad ? &fl[k] : NULL, grad ? &fm[k] : NULL, NULL, NULL);
                    pre[k + 1] = pre[k] * f[k];
                }
                suf[D] = 1.0;
                for (int64_t k = D - 1; k >= 0; k--) suf[k] = suf[k + 1] * f[k];
                double kq = w * pre[D];
                ksum += kq;
                if (gq) {
                    gq[0] = kq;
                    for (int64_t k = 0; k < D; k++) {
                        double rest = w * pre[k] * suf[k + 1];
                        gq[1 + k] = rest * fl[k];
                        gq[1 + D + k] = rest * fm[k];
                    }
                }
            } else {
                double prod = 1.0;
                for (int64_t k = 0; k < D; k++) {
                    double fk;
                    sm_factor(c->dens, x[c0 + k] - z[c0 + k], exp(th[1 + k]), exp(th[1 + D + k]), &fk, NULL, NULL,
                              NULL, NULL);
                    prod *= fk;
                }
                ksum += w * prod;
                if (gq) {
                    gq[0] = w * prod;
                    for (int64_t k = 0; k < D; k++) {
                        double rest = w, fk, dl, dm;
                        for (int64_t k2 = 0; k2 < D; k2++) {
                            if (k2 == k) continue;
                            sm_factor(c->dens, x[c0 + k2] - z[c0 + k2], exp(th[1 + k2]), exp(th[1 + D + k2]), &fk,
                                      NULL, NULL, NULL, NULL);
                            rest *= fk;
                        }
                        sm_factor(c->dens, x[c0 + k] - z[c0 + k], exp(th[1 + k]), exp(th[1 + D + k]), &fk, &dl, &dm,
                                  NULL, NULL);
                        gq[1 + k] = rest * dl;
                        gq[1 + D + k] = rest * dm;
                    }
                }
            }
        }
        return ksum;
    }
    case N_SUM: {
        double ka = kes__gp_cov_eval(c->a, theta, x, z, grad);
        double kb = kes__gp_cov_eval(c->b, theta + c->a->np, x, z, grad ? grad + c->a->np : NULL);
        return ka + kb;
    }
    case N_PROD: {
        double ka = kes__gp_cov_eval(c->a, theta, x, z, grad);
        double kb = kes__gp_cov_eval(c->b, theta + c->a->np, x, z, grad ? grad + c->a->np : NULL);
        if (grad) {
            for (int64_t t = 0; t < c->a->np; t++) grad[t] *= kb;
            for (int64_t t = 0; t < c->b->np; t++) grad[c->a->np + t] *= ka;
        }
        return ka * kb;
    }
    default: { /* N_SCALE */
        double s2 = exp(theta[0]);
        double ka = kes__gp_cov_eval(c->a, theta + 1, x, z, grad ? grad + 1 : NULL);
        if (grad) {
            for (int64_t t = 1; t < c->np; t++) grad[t] *= s2;
            grad[0] = s2 * ka;
        }
        return s2 * ka;
    }
    }
}

/* k, dk/dx_c (d values) and d2k/dx_c dx_c' (d x d, column-major) for the
 * first argument.  KES_ENOTSUP for leaves other than SE and the spectral
 * mixture. */
kes_status kes__gp_cov_eval_dx(const kes_gp_cov *c, const double *theta, const double *x, const double *z, double *k,
                               double *dk, double *d2k)
{
    int64_t d = c->d, D = n_coords(c), c0 = c->dim < 0 ? 0 : c->dim;
    switch (c->type) {
    case N_PROFILE: {
        if (c->kernel != KES_GP_SE_ISO && c->kernel != KES_GP_SE_ARD) return KES_ENOTSUP;
        int ard = kes__gp_is_ard(c->kernel);
        double qq = 0.0;
        for (int64_t k2 = 0; k2 < D; k2++) {
            double u = (x[c0 + k2] - z[c0 + k2]) * exp(-theta[ard ? k2 : 0]);
            qq += u * u;
        }
        double g = exp(-0.5 * qq);
        *k = g;
        for (int64_t i = 0; i < d * d; i++) d2k[i] = 0.0;
        for (int64_t i = 0; i < d; i++) dk[i] = 0.0;
        for (int64_t a = 0; a < D; a++) {
            double la = exp(theta[ard ? a : 0]), ua = (x[c0 + a] - z[c0 + a]) / la;
            dk[c0 + a] = -g * ua / la;
            for (int64_t b = 0; b < D; b++) {
                double lb = exp(theta[ard ? b : 0]), ub = (x[c0 + b] - z[c0 + b]) / lb;
                d2k[(c0 + a) + (c0 + b) * d] = g * (ua * ub / (la * lb) - (a == b ? 1.0 / (la * la) : 0.0));
            }
        }
        return KES_OK;
    }
    case N_PERIODIC: return KES_ENOTSUP;
    case N_SM: {
        if (D > 64) return KES_ENOTSUP;
        int64_t stride = 1 + 2 * D;
        double f[64], ft[64], ftt[64];
        *k = 0.0;
        for (int64_t i = 0; i < d; i++) dk[i] = 0.0;
        for (int64_t i = 0; i < d * d; i++) d2k[i] = 0.0;
        for (int64_t qi = 0; qi < c->Q; qi++) {
            const double *th = theta + qi * stride;
            double w = exp(th[0]);
            for (int64_t a = 0; a < D; a++)
                sm_factor(c->dens, x[c0 + a] - z[c0 + a], exp(th[1 + a]), exp(th[1 + D + a]), &f[a], NULL, NULL,
                          &ft[a], &ftt[a]);
            /* products over all coordinates but one or two, without division */
            double all = w;
            for (int64_t a = 0; a < D; a++) all *= f[a];
            *k += all;
            for (int64_t a = 0; a < D; a++) {
                double ra = w;
                for (int64_t b = 0; b < D; b++)
                    if (b != a) ra *= f[b];
                dk[c0 + a] += ra * ft[a];
                d2k[(c0 + a) + (c0 + a) * d] += ra * ftt[a];
                for (int64_t b = 0; b < D; b++) {
                    if (b == a) continue;
                    double rab = w;
                    for (int64_t e = 0; e < D; e++)
                        if (e != a && e != b) rab *= f[e];
                    d2k[(c0 + a) + (c0 + b) * d] += rab * ft[a] * ft[b];
                }
            }
        }
        return KES_OK;
    }
    case N_SUM:
    case N_PROD: {
        size_t need = (size_t)(d + d * d);
        double *wa = kes__malloc_n(2 * need, sizeof(double));
        if (!wa) return KES_ENOMEM;
        double *da = wa, *dda = wa + d, *db = wa + need, *ddb = db + d, ka, kb;
        kes_status s = kes__gp_cov_eval_dx(c->a, theta, x, z, &ka, da, dda);
        if (!s) s = kes__gp_cov_eval_dx(c->b, theta + c->a->np, x, z, &kb, db, ddb);
        if (!s) {
            if (c->type == N_SUM) {
                *k = ka + kb;
                for (int64_t i = 0; i < d; i++) dk[i] = da[i] + db[i];
                for (int64_t i = 0; i < d * d; i++) d2k[i] = dda[i] + ddb[i];
            } else {
                *k = ka * kb;
                for (int64_t i = 0; i < d; i++) dk[i] = da[i] * kb + ka * db[i];
                for (int64_t j = 0; j < d; j++)
                    for (int64_t i = 0; i < d; i++)
                        d2k[i + j * d] = dda[i + j * d] * kb + da[i] * db[j] + db[i] * da[j] + ka * ddb[i + j * d];
            }
        }
        free(wa);
        return s;
    }
    default: { /* N_SCALE */
        double s2 = exp(theta[0]);
        kes_status s = kes__gp_cov_eval_dx(c->a, theta + 1, x, z, k, dk, d2k);
        if (s) return s;
        *k *= s2;
        for (int64_t i = 0; i < d; i++) dk[i] *= s2;
        for (int64_t i = 0; i < d * d; i++) d2k[i] *= s2;
        return KES_OK;
    }
    }
}

/* ------------------------------------------------------------ public matrix */

kes_status kes_gp_cov_matrix(const kes_gp_cov *cov, const double *theta, const double *X, int64_t n, int64_t ldx,
                             const double *Z, int64_t m, int64_t ldz, double *K, int64_t ldk)
{
    if (!cov || !theta || !X || !Z || !K) return KES_EINVAL;
    int64_t d = cov->d;
    if (n < 1 || m < 1 || ldx < n || ldz < m || ldk < n) return KES_EDIM;
    /* the extents (d - 1) ld + rows of X, Z and K must be addressable */
    size_t t1, t2, t3, lim = SIZE_MAX / sizeof(double);
    if (kes__mul_size(d - 1, ldx, &t1) || kes__mul_size(d - 1, ldz, &t2) || kes__mul_size(m - 1, ldk, &t3) ||
        (uint64_t)n > lim || (uint64_t)m > lim || t1 > lim - (size_t)n || t2 > lim - (size_t)m || t3 > lim - (size_t)n)
        return KES_ERANGE;
    for (int64_t t = 0; t < cov->np; t++)
        if (!isfinite(theta[t])) return KES_EDOM;
    for (int64_t c = 0; c < d; c++)
        if (!kes__all_finite(X + c * ldx, (size_t)n) || !kes__all_finite(Z + c * ldz, (size_t)m)) return KES_ENAN;
    size_t nd, md;
    if (kes__mul_size(n, d, &nd) || kes__mul_size(m, d, &md)) return KES_ERANGE;
    double *xr = kes__malloc_n(nd + md, sizeof(double));
    if (!xr) return KES_ENOMEM;
    double *zr = xr + nd;
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = 0; c < d; c++) xr[i * d + c] = X[i + c * ldx];
    for (int64_t j = 0; j < m; j++)
        for (int64_t c = 0; c < d; c++) zr[j * d + c] = Z[j + c * ldz];
#pragma omp parallel for schedule(static)
    for (int64_t j = 0; j < m; j++)
        for (int64_t i = 0; i < n; i++) K[i + j * ldk] = kes__gp_cov_eval(cov, theta, xr + i * d, zr + j * d, NULL);
    free(xr);
    return KES_OK;
}

/* ------------------------------------------------------------ fit passes */

void kes__gp_cov_kmat(const kes_gp_cov *cov, const double *theta, const double *X, int64_t n, double *K, int64_t ldk)
{
    int64_t d = cov->d;
#pragma omp parallel for schedule(dynamic, 16)
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = j; i < n; i++) K[i + j * ldk] = kes__gp_cov_eval(cov, theta, X + i * d, X + j * d, NULL);
}

void kes__gp_cov_kcross(const kes_gp_cov *cov, const double *theta, const double *X, int64_t n, const double *Q,
                        int64_t mb, double *Ks, int64_t ldk)
{
    int64_t d = cov->d;
#pragma omp parallel for schedule(static)
    for (int64_t j = 0; j < mb; j++)
        for (int64_t i = 0; i < n; i++) Ks[i + j * ldk] = kes__gp_cov_eval(cov, theta, X + i * d, Q + j * d, NULL);
}

/* grad[t] = 1/2 sum_ij W_ij dK_ij/dtheta_t for the np covariance parameters
 * and the noise (grad[np]); colacc holds n * np doubles plus a per-thread
 * scratch of np per column (allocated here per column block: small). */
kes_status kes__gp_cov_grad_pass(const kes_gp_cov *cov, const double *theta, double n2, const double *X, int64_t n,
                                 const double *Ki, int64_t ldk, const double *alpha, double *colacc, double *grad)
{
    int64_t d = cov->d, np = cov->np;
    int fail = 0;
#pragma omp parallel reduction(| : fail)
    {
        double *g = kes__malloc_n((size_t)np, sizeof(double));
        if (!g) fail = 1;
#pragma omp for schedule(dynamic, 16)
        for (int64_t j = 0; j < n; j++) {
            double *acc = colacc + j * np;
            for (int64_t t = 0; t < np; t++) acc[t] = 0.0;
            if (!g) continue;
            const double *xj = X + j * d, *kcol = Ki + j * ldk;
            double aj = alpha[j];
            /* diagonal: weight 1/2 W_jj; off-diagonal pairs i > j: weight W_ij */
            for (int64_t i = j; i < n; i++) {
                double w = alpha[i] * aj - kcol[i];
                if (i == j) w *= 0.5;
                kes__gp_cov_eval(cov, theta, X + i * d, xj, g);
                for (int64_t t = 0; t < np; t++) acc[t] += w * g[t];
            }
        }
        free(g);
    }
    if (fail) return KES_ENOMEM;
    for (int64_t t = 0; t <= np; t++) grad[t] = 0.0;
    for (int64_t j = 0; j < n; j++)
        for (int64_t t = 0; t < np; t++) grad[t] += colacc[j * np + t];
    double sw = 0.0;
    for (int64_t i = 0; i < n; i++) sw += alpha[i] * alpha[i] - Ki[i + i * ldk];
    grad[np] = 0.5 * n2 * sw;
    return KES_OK;
}

/* ------------------------------------------------------------ text form */

/* Prefix form, one node per line: "leaf kernel d dim", "periodic d dim",
 * "sm d dim Q density", "sum", "product", "scale"; children follow their
 * parent (gp_posterior.c writes and reads it inside a model file). */
int kes__gp_cov_write(FILE *f, const kes_gp_cov *c)
{
    int e = 0;
    switch (c->type) {
    case N_PROFILE: e = fprintf(f, "cov leaf %d %" PRId64 " %" PRId64 "\n", (int)c->kernel, c->d, c->dim) < 0; break;
    case N_PERIODIC: e = fprintf(f, "cov periodic %" PRId64 " %" PRId64 "\n", c->d, c->dim) < 0; break;
    case N_SM:
        e = fprintf(f, "cov sm %" PRId64 " %" PRId64 " %" PRId64 " %d\n", c->d, c->dim, c->Q, (int)c->dens) < 0;
        break;
    case N_SUM: e = fprintf(f, "cov sum\n") < 0; break;
    case N_PROD: e = fprintf(f, "cov product\n") < 0; break;
    default: e = fprintf(f, "cov scale\n") < 0; break;
    }
    if (e) return -1;
    if (c->a && kes__gp_cov_write(f, c->a)) return -1;
    if (c->b && kes__gp_cov_write(f, c->b)) return -1;
    return 0;
}

/* Read one tree; depth bounds the recursion against hostile files.
 * Returns KES_OK, KES_EPARSE or KES_ENOMEM. */
kes_status kes__gp_cov_read(FILE *f, int depth, kes_gp_cov **out)
{
    char kind[16];
    if (depth > 64) return KES_EPARSE;
    if (fscanf(f, " cov %15s", kind) != 1) return KES_EPARSE;
    kes_status s;
    long long a, b, q;
    int k;
    if (!strcmp(kind, "leaf")) {
        if (fscanf(f, "%d %lld %lld", &k, &a, &b) != 3) return KES_EPARSE;
        s = kes_gp_cov_create((kes_gp_kernel)k, (int64_t)a, (int64_t)b, out);
    } else if (!strcmp(kind, "periodic")) {
        if (fscanf(f, "%lld %lld", &a, &b) != 2) return KES_EPARSE;
        s = kes_gp_cov_periodic((int64_t)a, (int64_t)b, out);
    } else if (!strcmp(kind, "sm")) {
        if (fscanf(f, "%lld %lld %lld %d", &a, &b, &q, &k) != 4) return KES_EPARSE;
        s = kes_gp_cov_spectral_mixture((int64_t)a, (int64_t)b, (int64_t)q, (kes_gp_sm_density)k, out);
    } else {
        int type = !strcmp(kind, "sum") ? N_SUM : !strcmp(kind, "product") ? N_PROD : !strcmp(kind, "scale") ? N_SCALE : -1;
        if (type < 0) return KES_EPARSE;
        kes_gp_cov *l = NULL, *r = NULL;
        s = kes__gp_cov_read(f, depth + 1, &l);
        if (!s && type != N_SCALE) s = kes__gp_cov_read(f, depth + 1, &r);
        if (!s) s = combine(type, l, r, out);
        if (s) {
            kes_gp_cov_destroy(l);
            kes_gp_cov_destroy(r);
        }
    }
    return s == KES_ENOMEM ? s : (s ? KES_EPARSE : KES_OK);
}
