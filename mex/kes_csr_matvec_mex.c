/* Y = kes_csr_matvec_mex(A, X)
 *
 * Sparse (or full) real matrix A times the columns of X with Kestrel's CSR
 * product (kes_csr_matvec).  A is m x n, X is n x k, Y is m x k.  Errors are
 * raised as "kestrel:*" with the Kestrel status text. */
#include <string.h>

#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    if (nrhs != 2) mexErrMsgIdAndTxt("kestrel:usage", "usage: Y = kes_csr_matvec_mex(A, X)");
    if (nlhs > 1) mexErrMsgIdAndTxt("kestrel:usage", "one output");
    const mxArray *a = prhs[0], *x = prhs[1];
    if (!mxIsDouble(x) || mxIsComplex(x) || mxIsSparse(x))
        mexErrMsgIdAndTxt("kestrel:type", "X must be a full real double matrix");
    size_t m = mxGetM(a), n = mxGetN(a), k = mxGetN(x);
    if (mxGetM(x) != n)
        mexErrMsgIdAndTxt("kestrel:dim", "A is %zu x %zu but X has %zu rows", m, n, (size_t)mxGetM(x));
    plhs[0] = mxCreateDoubleMatrix(m, k, mxREAL);
    if (m == 0 || n == 0 || k == 0) return; /* kes_csr has no empty shapes; the product is all zeros */
    kes_csr *A = kes_mex_to_csr(a, "A");
    const double *xp = mxGetPr(x);
    double *yp = mxGetPr(plhs[0]);
    for (size_t j = 0; j < k; j++) {
        kes_status st = kes_csr_matvec(A, xp + j * n, yp + j * m);
        if (st) {
            kes_csr_destroy(A);
            kes_mex_fail("kes_csr_matvec", st);
        }
    }
    kes_csr_destroy(A);
}
