/* u = kes_fourier_poisson_dealias(f)
 *
 * The 2/3-rule filter on the periodic grid of f (kes_fourier_poisson_create
 * + kes_fourier_poisson_dealias; grid rules in kes_mex_pde.h).  The filter
 * depends on the point counts only, so the plan is made on a unit box. */
#include "kes_mex_pde.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 1, "u = kes_fourier_poisson_dealias(f)");
    int dim;
    int64_t n[3];
    double len[3];
    mxArray *one = (mxArray *)kes_mex_keep(mxCreateDoubleScalar(1.0), kes_mex_free_array);
    kes_mex_grid(prhs[0], one, &dim, n, len);
    kes_fourier_poisson *p = NULL;
    kes_mex_check("kes_fourier_poisson_create", kes_fourier_poisson_create(dim, n, len, &p));
    kes_mex_keep(p, kes_mex_free_fourier_poisson);
    mxArray *U = mxCreateNumericArray(mxGetNumberOfDimensions(prhs[0]), mxGetDimensions(prhs[0]), mxDOUBLE_CLASS, mxREAL);
    kes_mex_keep(U, kes_mex_free_array);
    kes_mex_check("kes_fourier_poisson_dealias", kes_fourier_poisson_dealias(p, mxGetPr(prhs[0]), mxGetPr(U)));
    kes_mex_unkeep(U);
    plhs[0] = U;
    kes_mex_end();
}
