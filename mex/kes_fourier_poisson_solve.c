/* u = kes_fourier_poisson_solve(f, L, 'screening', s)
 * u = kes_fourier_poisson_solve(f, L, 'k2', k2)
 *
 * Spectral solve of -lap(u) = f - mean(f) (zero-mean u), or with s > 0 of
 * -lap(u) + s u = f, on the periodic box [0, L) per axis with the grid of f
 * (kes_fourier_poisson_from_opts + _solve; grid rules in kes_mex_pde.h);
 * with 'k2' the Helmholtz problem -lap(u) - k2 u = f
 * (kes_fourier_poisson_from_wavenumber).  'effort' and 'threads' are
 * FFTW's planning effort and thread count. */
#include "kes_mex_pde.h"

static const kes_mex_name efforts[] = {
    {"estimate", KES_FFT_ESTIMATE}, {"measure", KES_FFT_MEASURE}, {"patient", KES_FFT_PATIENT}, {NULL, 0}};

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "u = kes_fourier_poisson_solve(f, L, 'screening', s) or (f, L, 'k2', k2)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    int dim = 0;
    int64_t n[3];
    double len[3];
    kes_mex_grid(prhs[0], prhs[1], &dim, n, len);
    kes_fourier_poisson_opts o = kes_fourier_poisson_opts_default();
    kes_fft_opts fo = kes_fft_opts_default();
    int pos = 2, helmholtz = 0;
    double k2 = 0;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "screening")) o.screening = kes_mex_scalar(v, "screening");
        else if (!strcmp(opt, "k2")) {
            k2 = kes_mex_scalar(v, "k2");
            helmholtz = 1;
        } else if (!strcmp(opt, "effort")) {
            o.effort = fo.effort = (kes_fft_effort)kes_mex_enum(v, efforts, "effort");
        } else if (!strcmp(opt, "threads")) {
            fo.nthreads = kes_mex_int(v, INT32_MIN, INT32_MAX, "threads");
        } else kes_mex_bad_option(opt, "screening, k2, effort, threads");
    }
    if (helmholtz && o.screening != 0)
        kes_mex_error("kestrel:usage", "give 'screening' s or 'k2' (= -s), not both");
    kes_fourier_poisson *p = NULL;
    if (helmholtz || (fo.nthreads != 1 && o.screening >= 0))
        /* k2 = -s is the screened problem: one planner for every case with FFTW options */
        kes_mex_check("kes_fourier_poisson_from_wavenumber",
                      kes_fourier_poisson_from_wavenumber(dim, n, len, helmholtz ? k2 : -o.screening, &fo, &p));
    else
        kes_mex_check("kes_fourier_poisson_create", kes_fourier_poisson_from_opts(dim, n, len, &o, &p));
    kes_mex_keep(p, kes_mex_free_fourier_poisson);
    mxArray *U = mxCreateNumericArray(mxGetNumberOfDimensions(prhs[0]), mxGetDimensions(prhs[0]), mxDOUBLE_CLASS, mxREAL);
    kes_mex_keep(U, kes_mex_free_array);
    kes_mex_check("kes_fourier_poisson_solve", kes_fourier_poisson_solve(p, mxGetPr(prhs[0]), mxGetPr(U)));
    kes_mex_unkeep(U);
    plhs[0] = U;
    kes_mex_end();
}
