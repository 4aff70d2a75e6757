/* y = kes_cheb_transform(x, direction)
 *
 * Fast Chebyshev transform on n + 1 Chebyshev-Lobatto points, column by
 * column (kes_cheb_transform_create + _coeffs or _values): direction
 * 'coeffs' (default) takes values at kes_cheb_points(n) to the coefficients
 * of the interpolant in T_0..T_n, 'values' goes back. */
#include "kes_mex_util.h"

static const kes_mex_name directions[] = {{"coeffs", 0}, {"values", 1}, {NULL, 0}};

static void free_transform(void *p) { kes_cheb_transform_destroy((kes_cheb_transform *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 2, 1, "y = kes_cheb_transform(x, 'coeffs' | 'values')");
    const double *x = kes_mex_matrix_arg(prhs[0], -1, "x");
    int back = nrhs > 1 ? kes_mex_enum(prhs[1], directions, "direction") : 0;
    int row = mxGetM(prhs[0]) == 1;
    int64_t rows = row ? (int64_t)mxGetN(prhs[0]) : (int64_t)mxGetM(prhs[0]);
    int64_t cols = row ? 1 : (int64_t)mxGetN(prhs[0]);
    if (rows < 2 || cols < 1) kes_mex_error("kestrel:EDIM", "kes_cheb_transform: x needs 2 rows at least (n >= 1)");
    kes_cheb_transform *t = NULL;
    kes_mex_check("kes_cheb_transform_create", kes_cheb_transform_create(rows - 1, &t));
    kes_mex_keep(t, free_transform);
    mxArray *Y = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix(mxGetM(prhs[0]), mxGetN(prhs[0]), mxREAL),
                                         kes_mex_free_array);
    for (int64_t c = 0; c < cols; c++) {
        const double *in = x + c * rows;
        double *out = mxGetPr(Y) + c * rows;
        kes_mex_check(back ? "kes_cheb_transform_values" : "kes_cheb_transform_coeffs",
                      back ? kes_cheb_transform_values(t, in, out) : kes_cheb_transform_coeffs(t, in, out));
    }
    kes_mex_unkeep(Y);
    plhs[0] = Y;
    kes_mex_end();
}
