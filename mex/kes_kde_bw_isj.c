/* h = kes_kde_bw_isj(x, gridsize): Botev's improved Sheather-Jones
 * bandwidth (kes_kde_bw_isj); gridsize 0 or omitted for 2^14. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 2, 1, "h = kes_kde_bw_isj(x, gridsize)");
    const double *x = kes_mex_vector(prhs[0], -1, "x");
    int64_t g = nrhs > 1 ? kes_mex_int(prhs[1], INT32_MIN, INT32_MAX, "gridsize") : 0;
    double h = 0;
    kes_mex_check("kes_kde_bw_isj", kes_kde_bw_isj(x, (int64_t)mxGetNumberOfElements(prhs[0]), g, &h));
    plhs[0] = mxCreateDoubleScalar(h);
    kes_mex_end();
}
