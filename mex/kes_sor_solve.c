/* [x, stats] = kes_sor_solve(A, b, omega, 'tol', t, 'max_iter', k, ...)
 * kes_sor_solve; options and stats in kes_mex_solve.h. */
#include "kes_mex_solve.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_solve(nlhs, plhs, nrhs, prhs, "kes_sor_solve", 1, kes_sor_solve);
}
