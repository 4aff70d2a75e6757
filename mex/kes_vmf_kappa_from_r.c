/* kappa = kes_vmf_kappa_from_r(p, rbar): the inverse of A_p, element-wise over rbar (kes_vmf_kappa_from_r). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "kappa = kes_vmf_kappa_from_r(p, rbar)");
    double p = kes_mex_scalar(prhs[0], "p");
    const double *r = kes_mex_full(prhs[1], "rbar");
    size_t n = mxGetNumberOfElements(prhs[1]);
    mxArray *K = mxCreateNumericArray(mxGetNumberOfDimensions(prhs[1]), mxGetDimensions(prhs[1]), mxDOUBLE_CLASS, mxREAL);
    kes_mex_keep(K, kes_mex_free_array);
    for (size_t i = 0; i < n; i++) kes_mex_check("kes_vmf_kappa_from_r", kes_vmf_kappa_from_r(p, r[i], mxGetPr(K) + i));
    kes_mex_unkeep(K);
    plhs[0] = K;
    kes_mex_end();
}
