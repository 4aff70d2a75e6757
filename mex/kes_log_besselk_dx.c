/* y = kes_log_besselk_dx(v, x)
 *
 * d/dx log K_v(x) = K_v'(x)/K_v(x) = -K_{v-1}(x)/K_v(x) - v/x (kes_log_besselk_dx), element by element with Octave's
 * broadcasting (see kes_mex_bessel.h).  No array form exists in the
 * library; the plain form returns NaN outside the domain, as the other
 * element-wise wrappers do. */
#include "kes_mex_bessel.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_elementwise(nlhs, plhs, nrhs, prhs, "kes_log_besselk_dx", "v", "x", NULL, kes_log_besselk_dx);
}
