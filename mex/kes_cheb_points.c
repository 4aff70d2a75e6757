/* x = kes_cheb_points(n): the n + 1 Chebyshev-Lobatto points cos(j pi / n), descending (column). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 1, "x = kes_cheb_points(n)");
    int64_t n = kes_mex_int(prhs[0], INT32_MIN, 100000000, "n");
    double *x = (double *)kes_mex_alloc((size_t)(n > 0 ? n + 1 : 1), sizeof(double));
    kes_mex_check("kes_cheb_points", kes_cheb_points(n, x));
    plhs[0] = mxCreateDoubleMatrix((size_t)n + 1, 1, mxREAL);
    memcpy(mxGetPr(plhs[0]), x, (size_t)(n + 1) * sizeof(double));
    kes_mex_end();
}
