/* [version, number] = kes_version()
 *
 * The Kestrel library version string and KES_VERSION_NUMBER.  Raises
 * "kestrel:version" when the library loaded at run time differs from the
 * headers this MEX file was compiled against. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    (void)prhs;
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 0, 0, 2, "[version, number] = kes_version()");
    if (strcmp(kes_version(), KES_VERSION_STRING) != 0)
        kes_mex_error("kestrel:version", "library %s but headers %s", kes_version(), KES_VERSION_STRING);
    plhs[0] = mxCreateString(kes_version());
    if (nlhs > 1) plhs[1] = mxCreateDoubleScalar((double)kes_version_number());
    kes_mex_end();
}
