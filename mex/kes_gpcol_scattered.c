/* [u, stats] = kes_gpcol_scattered(op, Xi, f, Xb, g, name, value, ...)
 *
 * Mesh-free GP collocation (kes_gpcol_scattered): interior points Xi
 * (ni x dim) with values f (noise learned), boundary points Xb (nb x dim)
 * with values g; u at Xi.  Options and stats as kes_gpcol_solve
 * (kes_mex_pde.h); 'max_iter' and 'tol' are accepted and unused, as in
 * the library. */
#include "kes_mex_pde.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[u, stats] = kes_gpcol_scattered(op, Xi, f, Xb, g, name, value, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 5, -1, 2, usage);
    if (nrhs % 2 == 0) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    kes_gpcol_op op = kes_mex_gpcol_op(prhs[0]);
    const double *Xi = kes_mex_matrix_arg(prhs[1], -1, "Xi");
    int64_t ni = (int64_t)mxGetM(prhs[1]), dim = (int64_t)mxGetN(prhs[1]);
    if (ni < 1 || dim < 1) kes_mex_error("kestrel:EDIM", "Xi is empty");
    const double *f = kes_mex_vector(prhs[2], ni, "f");
    const double *Xb = kes_mex_matrix_arg(prhs[3], dim, "Xb");
    int64_t nb = (int64_t)mxGetM(prhs[3]);
    if (nb < 1) kes_mex_error("kestrel:EDIM", "Xb is empty");
    const double *g = kes_mex_vector(prhs[4], nb, "g");
    if (dim > 2) kes_mex_error("kestrel:ENOTSUP", "1-D and 2-D points only; Xi has %lld columns", (long long)dim);
    if (ni + nb > 20000)
        kes_mex_error("kestrel:EDIM", "%lld points in all: at most 20000 (the covariance is dense)",
                      (long long)(ni + nb));
    kes_gpcol_opts o;
    int seeded;
    uint64_t seed = 0;
    kes_mex_gpcol_options(nrhs, prhs, 5, 1, &o, &seeded, &seed);
    kes_rng *rng = seeded ? kes_mex_rng(seed) : NULL;
    mxArray *U = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)ni, 1, mxREAL), kes_mex_free_array);
    kes_gpcol_stats s;
    memset(&s, 0, sizeof s);
    kes_status st = kes_gpcol_scattered(op, (int)dim, ni, Xi, ni, f, nb, Xb, nb, g, &o, rng, mxGetPr(U), &s);
    kes_mex_check("kes_gpcol_scattered", st);
    kes_mex_unkeep(U);
    plhs[0] = U;
    if (nlhs > 1) plhs[1] = kes_mex_gpcol_stats(&s, st);
    else if (st == KES_NOCONV)
        mexWarnMsgIdAndTxt("kestrel:NOCONV", "a step of the fit stopped before its tolerance");
    kes_mex_end();
}
