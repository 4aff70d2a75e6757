/* h = kes_kde_bw_silverman(x): Silverman's 1-D rule of thumb (R's bw.nrd0). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 1, "h = kes_kde_bw_silverman(x)");
    const double *x = kes_mex_vector(prhs[0], -1, "x");
    double h = 0;
    kes_mex_check("kes_kde_bw_silverman", kes_kde_bw_silverman(x, (int64_t)mxGetNumberOfElements(prhs[0]), &h));
    plhs[0] = mxCreateDoubleScalar(h);
    kes_mex_end();
}
