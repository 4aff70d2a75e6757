/* S = kes_fd_step_matrix(L, c): S = I + c L (kes_fd_step_matrix) for a
 * square sparse or full L, as an Octave sparse matrix. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "S = kes_fd_step_matrix(L, c)");
    double c = kes_mex_scalar(prhs[1], "c");
    const kes_csr *L = kes_mex_matrix(prhs[0], "L");
    kes_csr *S = NULL;
    kes_mex_check("kes_fd_step_matrix", kes_fd_step_matrix(L, c, &S));
    kes_mex_keep(S, kes_mex_free_csr);
    plhs[0] = kes_mex_sparse_from_csr(S);
    kes_mex_end();
}
