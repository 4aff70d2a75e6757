/* D = kes_cheb_diffmat(n): the (n+1) x (n+1) Chebyshev differentiation matrix on kes_cheb_points(n). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 1, "D = kes_cheb_diffmat(n)");
    int64_t n = kes_mex_int(prhs[0], INT32_MIN, 20000, "n");
    if (n < 1) kes_mex_fail("kes_cheb_diffmat", KES_EDIM);
    mxArray *D = mxCreateDoubleMatrix((size_t)n + 1, (size_t)n + 1, mxREAL);
    kes_mex_keep(D, kes_mex_free_array);
    kes_mex_check("kes_cheb_diffmat", kes_cheb_diffmat(n, kes_mat_view(mxGetPr(D), n + 1, n + 1, n + 1)));
    kes_mex_unkeep(D);
    plhs[0] = D;
    kes_mex_end();
}
