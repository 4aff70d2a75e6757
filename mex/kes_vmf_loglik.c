/* ll = kes_vmf_loglik(X, mu, kappa)
 *
 * Log-likelihood of the rows of X (n x p unit vectors) under vMF(mu, kappa)
 * (kes_vmf_loglik). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 3, 3, 1, "ll = kes_vmf_loglik(X, mu, kappa)");
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), p = (int64_t)mxGetN(prhs[0]);
    const double *mu = kes_mex_vector(prhs[1], p, "mu");
    double kappa = kes_mex_scalar(prhs[2], "kappa"), ll = 0;
    kes_mex_check("kes_vmf_loglik", kes_vmf_loglik(n, p, X, n > 0 ? n : 1, mu, kappa, &ll));
    plhs[0] = mxCreateDoubleScalar(ll);
    kes_mex_end();
}
