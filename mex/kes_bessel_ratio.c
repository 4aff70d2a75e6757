/* r = kes_bessel_ratio(v, x): I_{v+1}(x) / I_v(x) element-wise (kes_bessel_ratio), broadcasting as besseli. */
#include "kes_mex_bessel.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_elementwise(nlhs, plhs, nrhs, prhs, "kes_bessel_ratio", "v", "x", NULL, kes_bessel_ratio);
}
