/* h = kes_kde_bw_scott(X, w): Scott's rule per coordinate (1 x d), optional weights. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 2, 1, "h = kes_kde_bw_scott(X, w)");
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    const double *w = nrhs > 1 && mxGetNumberOfElements(prhs[1]) ? kes_mex_vector(prhs[1], n, "w") : NULL;
    double *h = (double *)kes_mex_alloc((size_t)(d > 0 ? d : 1), sizeof(double));
    kes_mex_check("kes_kde_bw_scott", kes_kde_bw_scott(X, n, d, n > 0 ? n : 1, w, h));
    plhs[0] = mxCreateDoubleMatrix(1, (size_t)d, mxREAL);
    memcpy(mxGetPr(plhs[0]), h, (size_t)d * sizeof(double));
    kes_mex_end();
}
