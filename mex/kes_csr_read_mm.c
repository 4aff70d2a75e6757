/* A = kes_csr_read_mm(path)
 *
 * Read a Matrix Market file with kes_csr_read_mm_ex into a sparse double
 * matrix.  A malformed file raises "kestrel:EPARSE" with the line number and
 * the reader's message. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 1, 1, "A = kes_csr_read_mm(path)");
    const char *path = kes_mex_path(prhs[0], "path");
    kes_csr *A = NULL;
    kes_mm_error err;
    kes_status st = kes_csr_read_mm_ex(path, &A, &err);
    if (st) {
        if (err.line > 0)
            kes_mex_error(kes_mex_status_id(st), "kes_csr_read_mm: %s:%lld: %s (%s)", path, (long long)err.line,
                          err.message, kes_strerror(st));
        kes_mex_error(kes_mex_status_id(st), "kes_csr_read_mm: %s: %s", path, kes_strerror(st));
    }
    kes_mex_keep(A, kes_mex_free_csr);
    plhs[0] = kes_mex_sparse_from_csr(A);
    kes_mex_end();
}
