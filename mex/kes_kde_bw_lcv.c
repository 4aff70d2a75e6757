/* h = kes_kde_bw_lcv(X, hlo, hhi): likelihood cross-validation bandwidth
 * (isotropic Gaussian, kes_kde_bw_lcv); hlo, hhi default 0 (0.05 and 3
 * times Scott's). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 3, 1, "h = kes_kde_bw_lcv(X, hlo, hhi)");
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    double lo = nrhs > 1 ? kes_mex_scalar(prhs[1], "hlo") : 0, hi = nrhs > 2 ? kes_mex_scalar(prhs[2], "hhi") : 0, h = 0;
    kes_mex_check("kes_kde_bw_lcv", kes_kde_bw_lcv(X, n, d, n > 0 ? n : 1, lo, hi, &h));
    plhs[0] = mxCreateDoubleScalar(h);
    kes_mex_end();
}
