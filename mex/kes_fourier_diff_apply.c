/* df = kes_fourier_diff_apply(f, L, order)
 *
 * Spectral derivative d^order f / dx^order of periodic samples f on
 * x_j = j L / n (kes_fourier_diff_create + _apply); a matrix f is
 * differentiated column by column.  order defaults to 1. */
#include "kes_mex_util.h"

static void free_diff(void *p) { kes_fourier_diff_destroy((kes_fourier_diff *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, 3, 1, "df = kes_fourier_diff_apply(f, L, order)");
    const double *f = kes_mex_matrix_arg(prhs[0], -1, "f");
    size_t r = mxGetM(prhs[0]), c = mxGetN(prhs[0]);
    int64_t n = (int64_t)(r == 1 ? c : r), cols = (int64_t)(r == 1 ? 1 : c);
    double L = kes_mex_scalar(prhs[1], "L");
    int order = nrhs > 2 ? (int)kes_mex_int(prhs[2], INT32_MIN, INT32_MAX, "order") : 1;
    kes_fourier_diff *d = NULL;
    kes_mex_check("kes_fourier_diff_create", kes_fourier_diff_create(n, L, order, &d));
    kes_mex_keep(d, free_diff);
    mxArray *D = mxCreateDoubleMatrix(r, c, mxREAL);
    kes_mex_keep(D, kes_mex_free_array);
    for (int64_t j = 0; j < cols; j++)
        kes_mex_check("kes_fourier_diff_apply", kes_fourier_diff_apply(d, f + j * n, mxGetPr(D) + j * n));
    kes_mex_unkeep(D);
    plhs[0] = D;
    kes_mex_end();
}
