/* K = kes_kernel_matrix(X, Y, 'kernel', name, ...)
 *
 * The exact kernel matrix K(i, j) = k(X(i, :), Y(j, :)) (kes_kernel_matrix);
 * Y = [] or omitted means Y = X.  Kernel options in kes_mex_kernel.h. */
#include "kes_mex_kernel.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "K = kes_kernel_matrix(X, Y, 'kernel', name, 'lengthscale', l, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, -1, 1, usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    const double *Y = X;
    int64_t m = n;
    int pos = 1;
    if (nrhs > 1 && !mxIsChar(prhs[1])) {
        if (mxGetNumberOfElements(prhs[1]) > 0) {
            Y = kes_mex_matrix_arg(prhs[1], d, "Y");
            m = (int64_t)mxGetM(prhs[1]);
        }
        pos = 2;
    }
    if ((nrhs - pos) % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    kes_kernel k = kes_kernel_default(KES_KERNEL_GAUSSIAN);
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v))
        if (!kes_mex_kernel_option(opt, v, &k)) kes_mex_bad_option(opt, KES_MEX_KERNEL_OPTIONS);
    mxArray *K = mxCreateDoubleMatrix((size_t)n, (size_t)m, mxREAL);
    kes_mex_keep(K, kes_mex_free_array);
    kes_mex_check("kes_kernel_matrix",
                  kes_kernel_matrix(&k, kes_cmat_view(X, n, d, n > 0 ? n : 1), kes_cmat_view(Y, m, d, m > 0 ? m : 1),
                                    kes_mat_view(mxGetPr(K), n, m, n > 0 ? n : 1)));
    kes_mex_unkeep(K);
    plhs[0] = K;
    kes_mex_end();
}
