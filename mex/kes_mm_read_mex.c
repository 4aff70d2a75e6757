/* A = kes_mm_read_mex(path)
 *
 * Read a Matrix Market file with kes_csr_read_mm_ex into an Octave/MATLAB
 * sparse double matrix.  A malformed file raises "kestrel:parse" with the
 * line number and the reader's message. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    if (nrhs != 1 || !mxIsChar(prhs[0])) mexErrMsgIdAndTxt("kestrel:usage", "usage: A = kes_mm_read_mex(path)");
    if (nlhs > 1) mexErrMsgIdAndTxt("kestrel:usage", "one output");
    char *path = mxArrayToString(prhs[0]);
    kes_csr *A = NULL, *T = NULL;
    kes_mm_error err;
    kes_status st = kes_csr_read_mm_ex(path, &A, &err);
    mxFree(path);
    if (st) mexErrMsgIdAndTxt("kestrel:parse", "line %lld: %s (%s)", (long long)err.line, err.message, kes_strerror(st));
    /* CSR of A^T is the CSC storage Octave wants. */
    st = kes_csr_transpose(A, &T);
    if (st) {
        kes_csr_destroy(A);
        kes_mex_fail("kes_csr_transpose", st);
    }
    mxArray *S = mxCreateSparse((size_t)A->nrows, (size_t)A->ncols, T->nnz > 0 ? (size_t)T->nnz : 1, mxREAL);
    mwIndex *jc = mxGetJc(S), *ir = mxGetIr(S);
    double *pr = mxGetPr(S);
    for (int64_t j = 0; j <= T->nrows; j++) jc[j] = (mwIndex)T->rowptr[j];
    for (int64_t k = 0; k < T->nnz; k++) {
        ir[k] = (mwIndex)T->colind[k];
        pr[k] = T->val[k];
    }
    kes_csr_destroy(A);
    kes_csr_destroy(T);
    plhs[0] = S;
}
