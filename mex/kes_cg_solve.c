/* [x, stats] = kes_cg_solve(A, b, 'tol', t, 'max_iter', k, ...)
 * Conjugate gradients (kes_cg_solve); options and stats in kes_mex_solve.h. */
#include "kes_mex_solve.h"

static kes_status cg(const kes_csr *A, const double *b, double *x, double omega, const kes_solve_opts *o,
                     kes_solve_stats *st)
{
    (void)omega;
    return kes_cg_solve(A, b, x, o, st);
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_solve(nlhs, plhs, nrhs, prhs, "kes_cg_solve", 0, cg);
}
