/* w = kes_cheb_weights(n): Clenshaw-Curtis weights on kes_cheb_points(n) (column). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 1, "w = kes_cheb_weights(n)");
    int64_t n = kes_mex_int(prhs[0], INT32_MIN, 100000, "n");
    double *w = (double *)kes_mex_alloc((size_t)(n > 0 ? n + 1 : 1), sizeof(double));
    kes_mex_check("kes_cheb_weights", kes_cheb_weights(n, w));
    plhs[0] = mxCreateDoubleMatrix((size_t)n + 1, 1, mxREAL);
    memcpy(mxGetPr(plhs[0]), w, (size_t)(n + 1) * sizeof(double));
    kes_mex_end();
}
