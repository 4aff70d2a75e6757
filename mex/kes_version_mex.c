/* [version, number] = kes_version_mex()
 *
 * The Kestrel library version string and KES_VERSION_NUMBER.  Raises
 * "kestrel:version" when the library loaded at run time differs from the
 * headers this MEX file was compiled against. */
#include <string.h>

#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    (void)prhs;
    if (nrhs != 0 || nlhs > 2) mexErrMsgIdAndTxt("kestrel:usage", "usage: [version, number] = kes_version_mex()");
    if (strcmp(kes_version(), KES_VERSION_STRING) != 0)
        mexErrMsgIdAndTxt("kestrel:version", "library %s but headers %s", kes_version(), KES_VERSION_STRING);
    plhs[0] = mxCreateString(kes_version());
    if (nlhs > 1) plhs[1] = mxCreateDoubleScalar((double)kes_version_number());
}
