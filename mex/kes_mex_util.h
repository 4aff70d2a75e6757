/* Shared helpers for the Kestrel MEX wrappers (Octave and MATLAB): status to
 * error conversion and sparse/dense input to kes_csr. */
#ifndef KES_MEX_UTIL_H
#define KES_MEX_UTIL_H

#include <stdint.h>
#include <stdio.h>

#include "mex.h"
#include "kestrel.h"

/* Raise an Octave/MATLAB error "kestrel:<what>" naming the Kestrel status. */
static inline void kes_mex_fail(const char *what, kes_status st)
{
    mexErrMsgIdAndTxt("kestrel:error", "%s: %s (status %d)", what, kes_strerror(st), (int)st);
}

/* A real double matrix from Octave (sparse: CSC, dense: column-major) as a
 * freshly built kes_csr.  A CSC matrix is the CSR form of its transpose, so
 * the sparse path wraps the arrays as A^T and transposes once. */
static inline kes_csr *kes_mex_to_csr(const mxArray *a, const char *what)
{
    if (!mxIsDouble(a) || mxIsComplex(a)) mexErrMsgIdAndTxt("kestrel:type", "%s must be a real double matrix", what);
    int64_t m = (int64_t)mxGetM(a), n = (int64_t)mxGetN(a);
    kes_csr *A = NULL;
    kes_status st;
    if (mxIsSparse(a)) {
        const mwIndex *jc = mxGetJc(a), *ir = mxGetIr(a);
        const double *pr = mxGetPr(a);
        int64_t nnz = (int64_t)jc[n];
        kes_csr *T = NULL;
        st = kes_csr_create(n, m, nnz, &T);
        if (st) kes_mex_fail(what, st);
        for (int64_t j = 0; j <= n; j++) T->rowptr[j] = (int64_t)jc[j];
        for (int64_t k = 0; k < nnz; k++) {
            T->colind[k] = (int32_t)ir[k];
            T->val[k] = pr[k];
        }
        st = kes_csr_validate(T);
        if (!st) st = kes_csr_transpose(T, &A);
        kes_csr_destroy(T);
    } else {
        st = kes_csr_from_dense(m, n, mxGetPr(a), m, 0.0, &A);
    }
    if (st) kes_mex_fail(what, st);
    return A;
}

#endif
