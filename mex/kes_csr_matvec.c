/* Y = kes_csr_matvec(A, X)
 *
 * Sparse (or full) real matrix A times the columns of X with Kestrel's CSR
 * product (kes_csr_matvec).  A is m x n, X is n x k, Y is m x k. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "Y = kes_csr_matvec(A, X)");
    const mxArray *a = prhs[0], *x = prhs[1];
    if (!kes_mex_is_real_double(a)) kes_mex_error("kestrel:type", "A must be a real double matrix");
    const double *xp = kes_mex_matrix_arg(x, -1, "X");
    size_t m = mxGetM(a), n = mxGetN(a), k = mxGetN(x);
    if (mxGetM(x) != n)
        kes_mex_error("kestrel:EDIM", "A is %zu x %zu but X has %zu rows", m, n, (size_t)mxGetM(x));
    plhs[0] = mxCreateDoubleMatrix(m, k, mxREAL);
    if (m == 0 || n == 0 || k == 0) { /* kes_csr has no empty shapes; the product is all zeros */
        kes_mex_end();
        return;
    }
    const kes_csr *A = kes_mex_matrix(a, "A");
    double *yp = mxGetPr(plhs[0]);
    for (size_t j = 0; j < k; j++) {
        kes_status st = kes_csr_matvec(A, xp + j * n, yp + j * m);
        if (st) {
            mxDestroyArray(plhs[0]);
            kes_mex_fail("kes_csr_matvec", st);
        }
    }
    kes_mex_end();
}
