/* u = kes_fourier_poisson_heat(u0, L, nu, t)
 *
 * The periodic heat equation u_t = nu lap(u) solved exactly in time
 * (kes_fourier_poisson_heat): each Fourier mode of u0 times
 * exp(-nu |k|^2 t), on the box [0, L) per axis with the grid of u0. */
#include "kes_mex_pde.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 4, 4, 1, "u = kes_fourier_poisson_heat(u0, L, nu, t)");
    int dim;
    int64_t n[3];
    double len[3];
    kes_mex_grid(prhs[0], prhs[1], &dim, n, len);
    double nu = kes_mex_scalar(prhs[2], "nu"), t = kes_mex_scalar(prhs[3], "t");
    kes_fourier_poisson *p = NULL;
    kes_mex_check("kes_fourier_poisson_create", kes_fourier_poisson_create(dim, n, len, &p));
    kes_mex_keep(p, kes_mex_free_fourier_poisson);
    mxArray *U = mxCreateNumericArray(mxGetNumberOfDimensions(prhs[0]), mxGetDimensions(prhs[0]), mxDOUBLE_CLASS, mxREAL);
    kes_mex_keep(U, kes_mex_free_array);
    kes_mex_check("kes_fourier_poisson_heat", kes_fourier_poisson_heat(p, nu, t, mxGetPr(prhs[0]), mxGetPr(U)));
    kes_mex_unkeep(U);
    plhs[0] = U;
    kes_mex_end();
}
