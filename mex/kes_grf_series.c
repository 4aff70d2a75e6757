/* c = kes_grf_series(kind, param, len)
 *
 * kes_grf_series: kind 'regularized' ((I - U)^-param), 'diffusion'
 * (exp(param U)) or 'pstep' ((I + U)^param); len coefficients (row). */
#include "kes_mex_graph.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 3, 3, 1, "c = kes_grf_series(kind, param, len)");
    kes_grf_kernel kind = (kes_grf_kernel)kes_mex_enum(prhs[0], kes_mex_grf_kernels, "kernel");
    double param = kes_mex_scalar(prhs[1], "param");
    int64_t len = kes_mex_int(prhs[2], INT32_MIN, 100000000, "len");
    double *c = (double *)kes_mex_alloc((size_t)(len > 0 ? len : 1), sizeof(double));
    kes_mex_check("kes_grf_series", kes_grf_series(kind, param, len, c));
    plhs[0] = mxCreateDoubleMatrix(1, (size_t)len, mxREAL);
    memcpy(mxGetPr(plhs[0]), c, (size_t)len * sizeof(double));
    kes_mex_end();
}
