/* [u, x] = kes_cheb_bvp_solve(f, [a b], 'p2', p2, 'p1', p1, 'p0', p0, 'left', [al be ga], 'right', [al be ga])
 *
 * Chebyshev collocation for p2 u'' + p1 u' + p0 u = f on [a, b] with
 * alpha u + beta u' = gamma at each end (kes_cheb_bvp_solve).  f and the
 * coefficients are values at the n + 1 points x (descending, x(1) = b),
 * n = numel(f) - 1; a coefficient may also be a scalar.  Defaults: p2 = 1,
 * p1 = p0 = 0, u(a) = u(b) = 0.  x is returned for convenience. */
#include "kes_mex_util.h"

static const double *coef(const mxArray *v, int64_t n1, const char *what)
{
    const double *c = kes_mex_full(v, what);
    if (mxGetNumberOfElements(v) == 1) {
        double *t = (double *)kes_mex_alloc((size_t)n1, sizeof(double));
        for (int64_t i = 0; i < n1; i++) t[i] = c[0];
        return t;
    }
    return kes_mex_vector(v, n1, what);
}

static kes_cheb_bc bc(const mxArray *v, const char *what)
{
    const double *c = kes_mex_vector(v, 3, what);
    kes_cheb_bc b = {c[0], c[1], c[2]};
    return b;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[u, x] = kes_cheb_bvp_solve(f, [a b], 'p2', p2, 'p1', p1, 'p0', p0, 'left', bc, 'right', bc)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 2, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *f = kes_mex_vector(prhs[0], -1, "f");
    int64_t n1 = (int64_t)mxGetNumberOfElements(prhs[0]), n = n1 - 1;
    const double *ab = kes_mex_vector(prhs[1], 2, "[a b]");
    const double *p2 = NULL, *p1 = NULL, *p0 = NULL;
    kes_cheb_bc left = {1, 0, 0}, right = {1, 0, 0};
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "p2")) p2 = coef(v, n1, "p2");
        else if (!strcmp(opt, "p1")) p1 = coef(v, n1, "p1");
        else if (!strcmp(opt, "p0")) p0 = coef(v, n1, "p0");
        else if (!strcmp(opt, "left")) left = bc(v, "left");
        else if (!strcmp(opt, "right")) right = bc(v, "right");
        else kes_mex_bad_option(opt, "p2, p1, p0, left, right");
    }
    mxArray *U = mxCreateDoubleMatrix((size_t)(n1 > 0 ? n1 : 0), 1, mxREAL);
    kes_mex_keep(U, kes_mex_free_array);
    kes_mex_check("kes_cheb_bvp_solve", kes_cheb_bvp_solve(n, ab[0], ab[1], p2, p1, p0, f, left, right, mxGetPr(U)));
    if (nlhs > 1) {
        plhs[1] = mxCreateDoubleMatrix((size_t)n1, 1, mxREAL);
        kes_mex_check("kes_cheb_points", kes_cheb_points(n, mxGetPr(plhs[1])));
        for (int64_t i = 0; i < n1; i++)
            mxGetPr(plhs[1])[i] = 0.5 * (ab[0] + ab[1]) + 0.5 * (ab[1] - ab[0]) * mxGetPr(plhs[1])[i];
    }
    kes_mex_unkeep(U);
    plhs[0] = U;
    kes_mex_end();
}
