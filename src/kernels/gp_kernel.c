/*
 * Gaussian-process covariance functions on scaled distances, and the fused
 * pass that turns K^-1 and alpha into the LML gradient.
 *
 * Every kernel is k = g(q) of q = r^2 = sum_k u_k^2, u_k = (x_k - x'_k)/l_k.
 * With h(q) = -2 g'(q), the derivative with respect to a log length scale
 * is dk/dlog l_k = h(q) u_k^2 (ARD) or h(q) q (isotropic), since
 * dq/dlog l_k = -2 u_k^2.  The profiles (Rasmussen & Williams, GPML,
 * Sections 4.2.1 and 5.4.1):
 *   SE        g = exp(-q/2)                        h = g
 *   Matern12  g = exp(-r)                          h = exp(-r) / r    (h u^2 -> 0 at r = 0)
 *   Matern32  g = (1 + s r) exp(-s r), s = sqrt 3  h = 3 exp(-s r)
 *   Matern52  g = (1 + s r + s^2 r^2/3) exp(-s r), s = sqrt 5
 *                                                  h = (5/3)(1 + s r) exp(-s r)
 *   RQ        g = (1 + t)^(-a), t = q/(2a)         h = (1 + t)^(-a-1)
 *             dg/dlog a = a g (t/(1+t) - log1p(t)).
 *   Matern    g = 2^(1-nu)/Gamma(nu) z^nu K_nu(z), z = sqrt(2 nu q)  (nu in the slot of a)
 *             h = g (2 nu / z) K_{nu-1}(z)/K_nu(z)   (from K_nu' = -K_{nu-1} - nu K_nu / z)
 *             dg/dlog nu = nu g (log(z/2) - psi(nu) + d/dnu log K_nu(z) - z K_{nu-1}/(2 nu K_nu))
 *             (the terms of d z/d nu = z/(2 nu) through nu/z and d/dz log K_nu
 *             combine into the last one); log K_nu and the ratio come from
 *             the special layer, the ratio without the cancellation of
 *             -d/dz log K_nu - nu/z at small z.
 * The gradient with respect to theta_t is 1/2 tr(W dK/dtheta_t) with
 * W = alpha alpha^T - K^-1 (GPML eq. 5.9); the pass visits each pair of the
 * lower triangle once, recomputes u from the scaled coordinates and
 * accumulates all p - 1 kernel derivatives at once, so no n x n x p tensor
 * (nor even one n x n derivative matrix) is stored.
 */
#include <math.h>

#include "kernels/gp_internal.h"
#include "kestrel/special.h"
#include "special/special_internal.h"

int kes__gp_kernel_valid(kes_gp_kernel k) { return (int)k >= KES_GP_SE_ISO && (int)k <= KES_GP_MATERN_ARD; }
int kes__gp_is_ard(kes_gp_kernel k) { return ((int)k & 1) == 1; }
int kes__gp_is_matern_nu(kes_gp_kernel k) { return k == KES_GP_MATERN || k == KES_GP_MATERN_ARD; }
int kes__gp_has_alpha(kes_gp_kernel k) { return k == KES_GP_RQ || k == KES_GP_RQ_ARD || kes__gp_is_matern_nu(k); }
int64_t kes__gp_n_scales(kes_gp_kernel k, int64_t d) { return kes__gp_is_ard(k) ? d : 1; }

int64_t kes_gp_n_params(kes_gp_kernel kernel, int64_t d)
{
    if (!kes__gp_kernel_valid(kernel) || d < 1) return 0;
    if (kes__gp_is_ard(kernel) && d > INT64_MAX - 3) return 0; /* 2 + d + 1 would overflow */
    return 2 + kes__gp_n_scales(kernel, d) + (kes__gp_has_alpha(kernel) ? 1 : 0);
}

gp_hyper kes__gp_unpack(kes_gp_kernel k, int64_t d, const double *theta)
{
    int64_t q = kes__gp_n_scales(k, d);
    gp_hyper h;
    h.s2 = exp(theta[0]);
    h.logl = theta + 1;
    h.a = kes__gp_has_alpha(k) ? exp(theta[1 + q]) : 1.0;
    h.n2 = exp(theta[1 + q + (kes__gp_has_alpha(k) ? 1 : 0)]);
    return h;
}

void kes__gp_scale(kes_gp_kernel k, const double *X, int64_t n, int64_t d, const double *logl, double *xs)
{
    int ard = kes__gp_is_ard(k);
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = 0; c < d; c++) xs[i * d + c] = kes__gp_clamp(X[i * d + c] * exp(-logl[ard ? c : 0]));
}

enum { P_SE, P_M12, P_M32, P_M52, P_RQ, P_MAT };

static int profile_of(kes_gp_kernel k) { return kes__gp_profile_of(k); }

/* Constants of the general Matern profile for one nu, computed once per
 * pass: lg = (1 - nu) log 2 - log Gamma(nu), psi = psi(nu), sq = sqrt(2 nu). */
typedef struct mat_consts {
    double lg, psi, sq;
} mat_consts;

static mat_consts matern_consts(int pf, double nu)
{
    mat_consts m = {0.0, 0.0, 0.0};
    if (pf != P_MAT) return m;
    m.lg = (1.0 - nu) * 0.69314718055994530942 - kes__lgamma(nu);
    m.psi = kes__digamma(nu);
    m.sq = sqrt(2.0 * nu);
    return m;
}

/* The general Matern profile (see the file comment). */
static double matern_profile(double q, double nu, const mat_consts *mc, double *dh, double *da)
{
    if (q == 0.0) { /* g = 1; h is only ever used times q or u^2, both 0 here */
        if (dh) *dh = 0.0;
        if (da) *da = 0.0;
        return 1.0;
    }
    double z = mc->sq * sqrt(q), lz = log(z);
    double g = exp(mc->lg + nu * lz + kes_log_besselk(nu, z));
    if (g > 1.0) g = 1.0; /* rounding of the cancelling logs at tiny z */
    if (dh || da) {
        double dv, dx, ratio;
        if (g == 0.0) {
            if (dh) *dh = 0.0;
            if (da) *da = 0.0;
            return 0.0;
        }
        kes__log_besselk_derivs(nu, z, &dv, &dx, &ratio);
        if (dh) *dh = g * (2.0 * nu / z) * ratio;
        if (da) *da = nu * g * ((lz - 0.69314718055994530942) - mc->psi + dv - ratio * z / (2.0 * nu));
    }
    return g;
}

/* g(q); with dh non-NULL also h(q) = -2 g'(q); with da non-NULL dg/dlog a.
 * The closed forms are kes__gp_profile_closed() (gp_internal.h), shared with
 * the Kronecker and Vecchia GPs. */
static inline double profile(int pf, double q, double a, const mat_consts *mc, double *dh, double *da)
{
    if (pf == P_MAT && !isinf(q)) return matern_profile(q, a, mc, dh, da);
    return kes__gp_profile_closed(pf, q, a, dh, da);
}

void kes__gp_kmat(kes_gp_kernel k, const double *xs, int64_t n, int64_t d, gp_hyper h, double *K, int64_t ldk)
{
    int pf = profile_of(k);
    mat_consts mc = matern_consts(pf, h.a);
#pragma omp parallel for schedule(dynamic, 16)
    for (int64_t j = 0; j < n; j++) {
        double *col = K + j * ldk;
        const double *xj = xs + j * d;
        col[j] = h.s2;
        for (int64_t i = j + 1; i < n; i++)
            col[i] = h.s2 * profile(pf, kes__gp_sqdist(xs + i * d, xj, d), h.a, &mc, NULL, NULL);
    }
}

void kes__gp_kcross(kes_gp_kernel k, const double *xs, int64_t n, const double *qs, int64_t mb, int64_t d, gp_hyper h,
                    double *Ks, int64_t ldk)
{
    int pf = profile_of(k);
    mat_consts mc = matern_consts(pf, h.a);
#pragma omp parallel for schedule(static)
    for (int64_t j = 0; j < mb; j++) {
        double *col = Ks + j * ldk;
        const double *qj = qs + j * d;
        for (int64_t i = 0; i < n; i++)
            col[i] = h.s2 * profile(pf, kes__gp_sqdist(xs + i * d, qj, d), h.a, &mc, NULL, NULL);
    }
}

void kes__gp_grad_pass(kes_gp_kernel k, const double *xs, int64_t n, int64_t d, gp_hyper h, const double *Ki,
                       int64_t ldk, const double *alpha, double *colacc, double *grad)
{
    int pf = profile_of(k), ard = kes__gp_is_ard(k), hasa = kes__gp_has_alpha(k);
    int64_t q = ard ? d : 1, pk = 1 + q + (hasa ? 1 : 0); /* kernel parameters: s2, scales, (a) */
    mat_consts mc = matern_consts(pf, h.a);
    /* Off-diagonal pairs: sum over i > j of W_ij dK_ij (the factor 2 of
     * symmetry cancels the 1/2). */
#pragma omp parallel for schedule(dynamic, 16)
    for (int64_t j = 0; j < n; j++) {
        double *acc = colacc + j * pk;
        for (int64_t t = 0; t < pk; t++) acc[t] = 0.0;
        const double *xj = xs + j * d, *kcol = Ki + j * ldk;
        double aj = alpha[j];
        for (int64_t i = j + 1; i < n; i++) {
            const double *xi = xs + i * d;
            double w = alpha[i] * aj - kcol[i];
            double qq = kes__gp_sqdist(xi, xj, d);
            if (isinf(qq)) continue; /* k and its derivatives are 0 */
            double hh, da = 0.0;
            double g = profile(pf, qq, h.a, &mc, &hh, hasa ? &da : NULL);
            double ws = w * h.s2;
            acc[0] += ws * g;
            if (ard) {
                double wh = ws * hh;
                for (int64_t c = 0; c < d; c++) {
                    double u = xi[c] - xj[c];
                    acc[1 + c] += wh * u * u;
                }
            } else {
                acc[1] += ws * hh * qq;
            }
            if (hasa) acc[1 + q] += ws * da;
        }
    }
    for (int64_t t = 0; t <= pk; t++) grad[t] = 0.0;
    for (int64_t j = 0; j < n; j++)
        for (int64_t t = 0; t < pk; t++) grad[t] += colacc[j * pk + t];
    /* Diagonal: dK_ii/dlog s2 = s2, dK_ii/dlog n2 = n2, the others 0. */
    double sw = 0.0;
    for (int64_t i = 0; i < n; i++) sw += alpha[i] * alpha[i] - Ki[i + i * ldk];
    grad[0] += 0.5 * h.s2 * sw;
    grad[pk] = 0.5 * h.n2 * sw;
}

double kes__gp_profile(kes_gp_kernel k, double q, double a, double *dh, double *da)
{
    int pf = profile_of(k);
    mat_consts mc = matern_consts(pf, a);
    return profile(pf, q, a, &mc, dh, da);
}
