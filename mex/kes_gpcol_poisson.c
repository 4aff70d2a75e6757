/* [u, stats] = kes_gpcol_poisson(lo, hi, n, f, g, name, value, ...)
 *
 * GP collocation (GP-HM) for laplace(u) = f on a 1-D or 2-D box
 * (kes_gpcol_poisson; through kes_gpcol_solve for the stats).  Shared code
 * in kes_mex_pde.h. */
#include "kes_mex_pde.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_gpcol_grid(nlhs, plhs, nrhs, prhs, KES_GPCOL_POISSON,
                       "[u, stats] = kes_gpcol_poisson(lo, hi, n, f, g, name, value, ...)");
}
