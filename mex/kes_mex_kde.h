/* KDE options shared by kes_kde_log_density.c and kes_kde_binned_execute.c:
 *   'bandwidth'  a scalar h (isotropic), a d-vector (diagonal, d > 1), a
 *                d x d SPD matrix H (full, d > 1), or [] for Scott's rule
 *   'kernel'     gaussian | epanechnikov | exponential | tophat | linear |
 *                cosine | logistic | gengauss
 *   'power'      exponent of gengauss
 *   'weights'    n non-negative weights
 *   'rtol', 'atol'  tolerances of the kd-tree evaluation (Gray & Moore,
 *                SIAM Data Mining 2003): |p~ - p| <= atol + rtol p; 0
 *                (default) is exact
 *   'binned_cutoff' binned estimates: the kernel cut off beyond c scaled
 *                radii and its samples rescaled to sum to 1 (KernSmooth's
 *                bkde with c = 4); 0 (default): the whole kernel */
#ifndef KES_MEX_KDE_H
#define KES_MEX_KDE_H

#include "kes_mex_util.h"

static const kes_mex_name kes_mex_kde_kernels[] = {
    {"gaussian", KES_KDE_GAUSSIAN}, {"epanechnikov", KES_KDE_EPANECHNIKOV}, {"exponential", KES_KDE_EXPONENTIAL},
    {"tophat", KES_KDE_TOPHAT},     {"linear", KES_KDE_LINEAR},             {"cosine", KES_KDE_COSINE},
    {"logistic", KES_KDE_LOGISTIC}, {"gengauss", KES_KDE_GENGAUSS},         {NULL, 0}};

#define KES_MEX_KDE_OPTIONS "bandwidth, kernel, weights, power, rtol, atol, binned_cutoff"

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
    } else if (!strcmp(name, "binned_cutoff") || !strcmp(name, "cutoff")) {
        o->binned_cutoff = kes_mex_scalar(v, "binned_cutoff");
    } else if (!strcmp(name, "rtol")) {
        o->rtol = kes_mex_scalar(v, "rtol");
    } else if (!strcmp(name, "atol")) {
        o->atol = kes_mex_scalar(v, "atol");
    } else {
        return 0;
    }
    return 1;
}

/* X (n x d) and the KDE name/value options from prhs[first] on; extra(name,
 * value) takes the options of the calling function (returns 0 for an
 * unknown one).  Everything is read before anything is allocated. */
typedef int (*kes_mex_kde_extra_fn)(const char *name, const mxArray *v, void *ctx);

static inline void kes_mex_kde_options(int nrhs, const mxArray *prhs[], int first, kes_kde_opts *o, int64_t d,
                                       int64_t n, kes_mex_kde_extra_fn extra, void *ctx, const char *known)
{
    int pos = first;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (kes_mex_kde_option(opt, v, o, d, n)) continue;
        if (extra && extra(opt, v, ctx)) continue;
        kes_mex_bad_option(opt, known);
    }
}

static inline void kes_mex_free_kde(void *p) { kes_kde_destroy((kes_kde *)p); }

#endif
