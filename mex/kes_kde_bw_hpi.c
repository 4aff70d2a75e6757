/* H = kes_kde_bw_hpi(X): plug-in bandwidth matrix of the bivariate
 * Gaussian kernel as ks's Hpi (kes_kde_bw_hpi); X is n x 2. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 1, "H = kes_kde_bw_hpi(X)");
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    double H[4] = {0, 0, 0, 0};
    if (d > 2) kes_mex_fail("kes_kde_bw_hpi", KES_ENOTSUP); /* H holds 2 x 2 only */
    kes_mex_check("kes_kde_bw_hpi", kes_kde_bw_hpi(X, n, d, n > 0 ? n : 1, H));
    plhs[0] = mxCreateDoubleMatrix(2, 2, mxREAL);
    memcpy(mxGetPr(plhs[0]), H, sizeof H);
    kes_mex_end();
}
