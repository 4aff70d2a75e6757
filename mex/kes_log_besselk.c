/* y = kes_log_besselk(v, x)
 *
 * log of the modified Bessel function (kes_log_besselk_array), element by
 * element with Octave's broadcasting (see kes_mex_bessel.h). */
#include "kes_mex_bessel.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_bessel(nlhs, plhs, nrhs, prhs, "kes_log_besselk", kes_log_besselk_array);
}
