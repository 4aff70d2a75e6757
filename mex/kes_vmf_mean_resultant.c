/* a = kes_vmf_mean_resultant(p, kappa): A_p(kappa) element-wise (kes_vmf_mean_resultant), broadcasting as besseli. */
#include "kes_mex_bessel.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_elementwise(nlhs, plhs, nrhs, prhs, "kes_vmf_mean_resultant", "p", "kappa", NULL, kes_vmf_mean_resultant);
}
