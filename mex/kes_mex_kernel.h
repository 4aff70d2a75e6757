/* Kernel descriptors from name/value options, shared by kes_rff_transform.c
 * and kes_kernel_matrix.c:
 *   'kernel'  gaussian | laplace | matern | ratquad | periodic | linear |
 *             polynomial | softmax        (default gaussian)
 *   'lengthscale', 'variance', 'nu', 'alpha', 'period', 'offset', 'degree' */
#ifndef KES_MEX_KERNEL_H
#define KES_MEX_KERNEL_H

#include "kes_mex_util.h"

static const kes_mex_name kes_mex_kernel_kinds[] = {
    {"gaussian", KES_KERNEL_GAUSSIAN}, {"laplace", KES_KERNEL_LAPLACE},
    {"matern", KES_KERNEL_MATERN},     {"ratquad", KES_KERNEL_RATQUAD},
    {"periodic", KES_KERNEL_PERIODIC}, {"linear", KES_KERNEL_LINEAR},
    {"polynomial", KES_KERNEL_POLYNOMIAL}, {"softmax", KES_KERNEL_SOFTMAX},
    {NULL, 0}};

#define KES_MEX_KERNEL_OPTIONS "kernel, lengthscale, variance, nu, alpha, period, offset, degree"

/* Apply option (name, v) to k; 0 when the name is not a kernel option.
 * 'kernel' resets the parameters to that kind's defaults, so give it first. */
static inline int kes_mex_kernel_option(const char *name, const mxArray *v, kes_kernel *k)
{
    if (!strcmp(name, "kernel")) *k = kes_kernel_default((kes_kernel_kind)kes_mex_enum(v, kes_mex_kernel_kinds, "kernel"));
    else if (!strcmp(name, "lengthscale") || !strcmp(name, "length_scale")) k->lengthscale = kes_mex_scalar(v, name);
    else if (!strcmp(name, "variance")) k->variance = kes_mex_scalar(v, name);
    else if (!strcmp(name, "nu")) k->nu = kes_mex_scalar(v, name);
    else if (!strcmp(name, "alpha")) k->alpha = kes_mex_scalar(v, name);
    else if (!strcmp(name, "period")) k->period = kes_mex_scalar(v, name);
    else if (!strcmp(name, "offset")) k->offset = kes_mex_scalar(v, name);
    else if (!strcmp(name, "degree")) k->degree = (int)kes_mex_int(v, INT32_MIN, INT32_MAX, name);
    else return 0;
    return 1;
}

#endif
