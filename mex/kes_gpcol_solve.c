/* [u, stats] = kes_gpcol_solve(op, lo, hi, n, f, g, name, value, ...)
 *
 * GP collocation (GP-HM) on a 1-D or 2-D box (kes_gpcol_solve): f and g
 * are Octave function handles called at one point at a time (or
 * constants); the shared code, the callback mechanism and the options are
 * in kes_mex_pde.h. */
#include "kes_mex_pde.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_gpcol_grid(nlhs, plhs, nrhs, prhs, -1,
                       "[u, stats] = kes_gpcol_solve(op, lo, hi, n, f, g, name, value, ...)");
}
