/* [mu, kappa, rbar] = kes_vmf_fit(X, 'normalize', false)
 *
 * Maximum-likelihood von Mises-Fisher fit (kes_vmf_fit) to the rows of the
 * n x p matrix X.  mu is a 1 x p row.  When every row is the same (rbar = 1)
 * kappa is Inf and a warning kestrel:ERANGE says so. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[mu, kappa, rbar] = kes_vmf_fit(X, 'normalize', false)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 3, 3, usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), p = (int64_t)mxGetN(prhs[0]);
    unsigned flags = 0;
    int pos = 1;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "normalize")) flags = kes_mex_flag(v, "normalize") ? KES_VMF_NORMALIZE : 0u;
        else kes_mex_bad_option(opt, "normalize");
    }
    double *mu = (double *)kes_mex_alloc((size_t)(p > 0 ? p : 1), sizeof(double));
    double kappa = 0, rbar = 0;
    kes_status st = kes_vmf_fit(n, p, X, n > 0 ? n : 1, flags, mu, &kappa, &rbar);
    if (st == KES_ERANGE)
        mexWarnMsgIdAndTxt("kestrel:ERANGE", "all rows are identical; kappa is Inf");
    else
        kes_mex_check("kes_vmf_fit", st);
    plhs[0] = mxCreateDoubleMatrix(1, (size_t)p, mxREAL);
    memcpy(mxGetPr(plhs[0]), mu, (size_t)p * sizeof(double));
    if (nlhs > 1) plhs[1] = mxCreateDoubleScalar(kappa);
    if (nlhs > 2) plhs[2] = mxCreateDoubleScalar(rbar);
    kes_mex_end();
}
