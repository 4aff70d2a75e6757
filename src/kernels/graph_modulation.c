/*
 * Modulation functions for general graph random features (Reid, Choromanski,
 * Berger & Weller, "General Graph Random Features", ICLR 2024, Sec. 3):
 * a kernel sum_k alpha_k U^k factorises as (sum_k f_k U^k)(sum_k f_k U^k)^T
 * for symmetric U when f * f = alpha (discrete convolution).
 */
#include <math.h>

#include "core/internal.h"
#include "kestrel/graph.h"

static kes_status series_args(kes_grf_kernel kind, double param, int64_t len, const double *out)
{
    if (!out) return KES_EINVAL;
    if (kind != KES_GRF_REGULARIZED && kind != KES_GRF_DIFFUSION && kind != KES_GRF_PSTEP) return KES_EINVAL;
    if (len < 1) return KES_EDIM;
    if (!isfinite(param)) return KES_EDOM;
    if (kind != KES_GRF_DIFFUSION && !(param > 0.0)) return KES_EDOM;
    return KES_OK;
}

/* Coefficients of the three kernel families by their term ratios
 * c_k / c_{k-1}, evaluated with exponent e (e = 1 for alpha, e = 1/2 for f):
 *   (1 - x)^-d : C(k+e d-1, k), ratio (k - 1 + e d) / k
 *   exp(b x)   : (e b)^k / k!,  ratio e b / k
 *   (1 + x)^p  : C(e p, k),     ratio (e p - k + 1) / k
 * A ratio walk is exact in rational arithmetic and accurate to a few ulps
 * per term in floating point. */
static kes_status coeffs(kes_grf_kernel kind, double param, double e, int64_t len, double *out)
{
    kes_status s = series_args(kind, param, len, out);
    if (s) return s;
    double c = 1.0;
    out[0] = 1.0;
    for (int64_t k = 1; k < len; k++) {
        double kk = (double)k;
        switch (kind) {
        case KES_GRF_REGULARIZED: c *= (kk - 1.0 + e * param) / kk; break;
        case KES_GRF_DIFFUSION: c *= e * param / kk; break;
        case KES_GRF_PSTEP: c *= (e * param - kk + 1.0) / kk; break;
        }
        if (!isfinite(c)) return KES_ERANGE;
        out[k] = c;
    }
    return KES_OK;
}

kes_status kes_grf_series(kes_grf_kernel kind, double param, int64_t len, double *alpha)
{
    return coeffs(kind, param, 1.0, len, alpha);
}

kes_status kes_grf_modulation(kes_grf_kernel kind, double param, int64_t len, double *f)
{
    return coeffs(kind, param, 0.5, len, f);
}

/* Convolution square root by the triangular recursion of Reid et al. (their
 * Eq. 6): alpha_k = 2 f_0 f_k + sum_{j=1}^{k-1} f_j f_{k-j}. */
kes_status kes_grf_modulation_sqrt(const double *alpha, int64_t len, double *f)
{
    if (!alpha || !f) return KES_EINVAL;
    if (len < 1) return KES_EDIM;
    if (!kes__all_finite(alpha, (size_t)len)) return KES_ENAN;
    if (!(alpha[0] > 0.0)) return KES_EDOM;
    double f0 = sqrt(alpha[0]);
    /* Write into f only at the end of each step so alpha and f may alias. */
    f[0] = f0;
    for (int64_t k = 1; k < len; k++) {
        double acc = 0.0;
        for (int64_t j = 1; j < k; j++) acc += f[j] * f[k - j];
        double fk = (alpha[k] - acc) / (2.0 * f0);
        if (!isfinite(fk)) return KES_ERANGE;
        f[k] = fk;
    }
    return KES_OK;
}
