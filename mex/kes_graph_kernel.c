/* K = kes_graph_kernel(W, kind, name, value, ...)
 *
 * Exact dense graph node kernels of the weighted undirected graph W
 * (sparse or full, symmetric, non-negative):
 *   'regularized'  (I + sigma2 L)^-d    options 'sigma2' (1), 'd' (1)
 *   'diffusion'    exp(-beta L)         option 'beta' (1)
 *   'pstep'        (a I - L)^p          options 'a' (2), 'p' (1)
 *   'commute'      pinv(L)
 * with 'laplacian' 'normalized' (default: L = I - D^-1/2 W D^-1/2) or
 * 'combinatorial' (L = D - W). */
#include "kes_mex_graph.h"

enum { REGULARIZED, DIFFUSION, PSTEP, COMMUTE };
static const kes_mex_name kinds[] = {
    {"regularized", REGULARIZED}, {"diffusion", DIFFUSION}, {"pstep", PSTEP}, {"commute", COMMUTE}, {NULL, 0}};

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "K = kes_graph_kernel(W, kind, 'laplacian', l, 'beta', b, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    int kind = kes_mex_enum(prhs[1], kinds, "graph kernel");
    kes_laplacian lap = KES_LAPLACIAN_NORMALIZED;
    double sigma2 = 1, beta = 1, a = 2;
    int64_t dpow = 1, p = 1;
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "laplacian")) lap = (kes_laplacian)kes_mex_enum(v, kes_mex_laplacians, "laplacian");
        else if (!strcmp(opt, "sigma2")) sigma2 = kes_mex_scalar(v, "sigma2");
        else if (!strcmp(opt, "d")) dpow = kes_mex_int(v, INT32_MIN, INT32_MAX, "d");
        else if (!strcmp(opt, "beta")) beta = kes_mex_scalar(v, "beta");
        else if (!strcmp(opt, "a")) a = kes_mex_scalar(v, "a");
        else if (!strcmp(opt, "p")) p = kes_mex_int(v, INT32_MIN, INT32_MAX, "p");
        else kes_mex_bad_option(opt, "laplacian, sigma2, d, beta, a, p");
    }
    const kes_csr *W = kes_mex_matrix(prhs[0], "W");
    int64_t n = W->nrows;
    mxArray *K = mxCreateDoubleMatrix((size_t)n, (size_t)W->ncols, mxREAL);
    kes_mex_keep(K, kes_mex_free_array);
    if (W->ncols != n) kes_mex_error("kestrel:EDIM", "kes_graph_kernel: W must be square");
    kes_mat Kv = kes_mat_view(mxGetPr(K), n, n, n);
    switch (kind) {
    case REGULARIZED:
        kes_mex_check("kes_graph_kernel_regularized", kes_graph_kernel_regularized(W, lap, sigma2, (int)dpow, Kv));
        break;
    case DIFFUSION: kes_mex_check("kes_graph_kernel_diffusion", kes_graph_kernel_diffusion(W, lap, beta, Kv)); break;
    case PSTEP: kes_mex_check("kes_graph_kernel_pstep", kes_graph_kernel_pstep(W, lap, a, (int)p, Kv)); break;
    default: kes_mex_check("kes_graph_kernel_commute", kes_graph_kernel_commute(W, lap, Kv)); break;
    }
    kes_mex_unkeep(K);
    plhs[0] = K;
    kes_mex_end();
}
