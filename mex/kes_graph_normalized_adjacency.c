/* U = kes_graph_normalized_adjacency(W, c)
 *
 * U = c D^-1/2 W D^-1/2 (sparse, the pattern of W), the matrix graph random
 * features walk on; c defaults to 1. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 2, 1, "U = kes_graph_normalized_adjacency(W, c)");
    double c = nrhs > 1 ? kes_mex_scalar(prhs[1], "c") : 1.0;
    const kes_csr *W = kes_mex_matrix(prhs[0], "W");
    kes_csr *U = NULL;
    kes_mex_check("kes_graph_normalized_adjacency", kes_graph_normalized_adjacency(W, c, &U));
    kes_mex_keep(U, kes_mex_free_csr);
    plhs[0] = kes_mex_sparse_from_csr(U);
    kes_mex_end();
}
