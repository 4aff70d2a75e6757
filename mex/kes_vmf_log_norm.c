/* c = kes_vmf_log_norm(p, kappa): log C_p(kappa) element-wise (kes_vmf_log_norm), broadcasting as besseli. */
#include "kes_mex_bessel.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_elementwise(nlhs, plhs, nrhs, prhs, "kes_vmf_log_norm", "p", "kappa", NULL, kes_vmf_log_norm);
}
