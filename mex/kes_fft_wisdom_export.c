/* kes_fft_wisdom_export(path): Write the process's FFTW wisdom to a file (kes_fft_wisdom_export). */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 0, "kes_fft_wisdom_export(path)");
    const char *path = kes_mex_path(prhs[0], "path");
    kes_status st = kes_fft_wisdom_export(path);
    if (st) kes_mex_error(kes_mex_status_id(st), "kes_fft_wisdom_export: %s: %s", path, kes_strerror(st));
    kes_mex_end();
}
