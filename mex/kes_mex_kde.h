/* KDE options shared by kes_kde_log_density.c and kes_kde_binned_execute.c:
 *   'bandwidth'  a scalar h (isotropic), a d-vector (diagonal, d > 1), a
 *                d x d SPD matrix H (full, d > 1), or [] for Scott's rule
 *   'kernel'     gaussian | epanechnikov | exponential | tophat | linear |
 *                cosine | logistic | gengauss
 *   'power'      exponent of gengauss
 *   'weights'    n non-negative weights */
#ifndef KES_MEX_KDE_H
#define KES_MEX_KDE_H

#include "kes_mex_util.h"

static const kes_mex_name kes_mex_kde_kernels[] = {
    {"gaussian", KES_KDE_GAUSSIAN}, {"epanechnikov", KES_KDE_EPANECHNIKOV}, {"exponential", KES_KDE_EXPONENTIAL},
    {"tophat", KES_KDE_TOPHAT},     {"linear", KES_KDE_LINEAR},             {"cosine", KES_KDE_COSINE},
    {"logistic", KES_KDE_LOGISTIC}, {"gengauss", KES_KDE_GENGAUSS},         {NULL, 0}};

#define KES_MEX_KDE_OPTIONS "bandwidth, kernel, weights, power"

/* Apply option (name, v) for d-dimensional data of n points; 0 when the
 * name is not a KDE option.  Pointers into v stay valid for the call. */
static inline int kes_mex_kde_option(const char *name, const mxArray *v, kes_kde_opts *o, int64_t d, int64_t n)
{
    if (!strcmp(name, "bandwidth")) {
        const double *h = kes_mex_full(v, "bandwidth");
        size_t r = mxGetM(v), c = mxGetN(v), k = mxGetNumberOfElements(v);
        if (k == 0) return 1;
        if (k == 1) o->bandwidth = h[0];
        else if ((r == 1 || c == 1) && (int64_t)k == d) o->bandwidth_diag = h;
        else if ((int64_t)r == d && (int64_t)c == d) o->bandwidth_matrix = h;
        else kes_mex_error("kestrel:EDIM", "bandwidth must be a scalar, a %lld-vector or a %lld x %lld matrix",
                           (long long)d, (long long)d, (long long)d);
    } else if (!strcmp(name, "kernel")) {
        o->kernel = (kes_kde_kernel)kes_mex_enum(v, kes_mex_kde_kernels, "kernel");
    } else if (!strcmp(name, "weights")) {
        o->weights = kes_mex_vector(v, n, "weights");
    } else if (!strcmp(name, "power")) {
        o->power = kes_mex_scalar(v, "power");
    } else {
        return 0;
    }
    return 1;
}

#endif
