/* GP names and options shared by kes_gp_mex.c, kes_gp_kron.c and
 * kes_gp_vecchia.c. */
#ifndef KES_MEX_GP_H
#define KES_MEX_GP_H

#include "kes_mex_util.h"

static const kes_mex_name kes_mex_gp_kernels[] = {
    {"se", KES_GP_SE_ISO},           {"se_iso", KES_GP_SE_ISO},         {"se_ard", KES_GP_SE_ARD},
    {"matern12", KES_GP_MATERN12},   {"matern12_ard", KES_GP_MATERN12_ARD},
    {"matern32", KES_GP_MATERN32},   {"matern32_ard", KES_GP_MATERN32_ARD},
    {"matern52", KES_GP_MATERN52},   {"matern52_ard", KES_GP_MATERN52_ARD},
    {"rq", KES_GP_RQ},               {"rq_ard", KES_GP_RQ_ARD},
    {"matern", KES_GP_MATERN},       {"matern_ard", KES_GP_MATERN_ARD}, {NULL, 0}};

/* The options of the structured fits ('max_iter', 'gtol', 'theta_lower',
 * 'theta_upper'); 0 when name is not one of them.  Bounds are checked for
 * length p by kes_mex_gp_hyperfit_bounds once p is known. */
typedef struct kes_mex_gp_fit_args {
    kes_gp_hyperfit_opts o;
    const mxArray *lo, *hi, *theta0;
    int fit;
} kes_mex_gp_fit_args;

static inline int kes_mex_gp_fit_option(const char *name, const mxArray *v, kes_mex_gp_fit_args *a)
{
    if (!strcmp(name, "max_iter")) a->o.max_iter = kes_mex_int(v, INT32_MIN, INT32_MAX, "max_iter");
    else if (!strcmp(name, "gtol")) a->o.gtol = kes_mex_scalar(v, "gtol");
    else if (!strcmp(name, "theta_lower")) a->lo = v;
    else if (!strcmp(name, "theta_upper")) a->hi = v;
    else if (!strcmp(name, "theta0") || !strcmp(name, "theta")) a->theta0 = v;
    else if (!strcmp(name, "fit")) a->fit = kes_mex_flag(v, "fit");
    else return 0;
    return 1;
}

/* theta (p entries, released with the call) from theta0 or the defaults of
 * kes_gp_fit (s2 = 1, every length scale 1, a shape 1, noise 0.1), and the
 * bounds. */
static inline double *kes_mex_gp_theta(kes_mex_gp_fit_args *a, int64_t p)
{
    double *t = (double *)kes_mex_alloc((size_t)p, sizeof(double));
    if (a->theta0) {
        memcpy(t, kes_mex_vector(a->theta0, p, "theta0"), (size_t)p * sizeof(double));
    } else {
        t[p - 1] = log(0.1);
    }
    if (a->lo) a->o.lo = kes_mex_vector(a->lo, p, "theta_lower");
    if (a->hi) a->o.hi = kes_mex_vector(a->hi, p, "theta_upper");
    return t;
}

#define KES_MEX_GP_FIT_OPTIONS "kernel, theta0, fit, max_iter, gtol, theta_lower, theta_upper"

/* A 1 x p row holding theta. */
static inline mxArray *kes_mex_gp_row(const double *t, int64_t p)
{
    mxArray *r = mxCreateDoubleMatrix(1, (size_t)p, mxREAL);
    memcpy(mxGetPr(r), t, (size_t)p * sizeof(double));
    return r;
}

#endif
