/* y = kes_log_besselk_dv(v, x)
 *
 * d/dv log K_v(x), the derivative of log K_v(x) with respect to the order (kes_log_besselk_dv), element by element with Octave's
 * broadcasting (see kes_mex_bessel.h).  No array form exists in the
 * library; the plain form returns NaN outside the domain, as the other
 * element-wise wrappers do. */
#include "kes_mex_bessel.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_elementwise(nlhs, plhs, nrhs, prhs, "kes_log_besselk_dv", "v", "x", NULL, kes_log_besselk_dv);
}
