/* mmd2 = kes_kde_mmd(X, Y, 'bandwidth', h, 'kernel', k, 'power', p, 'unbiased', tf, 'wx', wx, 'wy', wy)
 *
 * Squared maximum mean discrepancy between the (weighted) point sets X
 * (n x d) and Y (m x d) under the unnormalised kernel k(|x - y| / h)
 * (kes_kde_mmd). */
#include "kes_mex_kde.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "mmd2 = kes_kde_mmd(X, Y, 'bandwidth', h, 'kernel', k, 'unbiased', tf, 'wx', wx, 'wy', wy)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    const double *Y = kes_mex_matrix_arg(prhs[1], d, "Y");
    int64_t m = (int64_t)mxGetM(prhs[1]);
    kes_kde_mmd_opts o = kes_kde_mmd_opts_default();
    const double *wx = NULL, *wy = NULL;
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "bandwidth")) o.bandwidth = kes_mex_scalar(v, "bandwidth");
        else if (!strcmp(opt, "kernel")) o.kernel = (kes_kde_kernel)kes_mex_enum(v, kes_mex_kde_kernels, "kernel");
        else if (!strcmp(opt, "power")) o.power = kes_mex_scalar(v, "power");
        else if (!strcmp(opt, "unbiased")) o.unbiased = kes_mex_flag(v, "unbiased");
        else if (!strcmp(opt, "wx")) wx = kes_mex_vector(v, n, "wx");
        else if (!strcmp(opt, "wy")) wy = kes_mex_vector(v, m, "wy");
        else kes_mex_bad_option(opt, "bandwidth, kernel, power, unbiased, wx, wy");
    }
    if (n < 1 || m < 1 || d < 1) kes_mex_error("kestrel:EDIM", "kes_kde_mmd: X and Y must not be empty");
    double r = 0;
    kes_mex_check("kes_kde_mmd", kes_kde_mmd(X, n, n, wx, Y, m, m, wy, d, &o, &r));
    plhs[0] = mxCreateDoubleScalar(r);
    kes_mex_end();
}
