/* X = kes_vmf_sample(mu, kappa, n, 'seed', s)
 *
 * n exact draws from vMF(mu, kappa) on the unit sphere (kes_vmf_sample,
 * Wood's algorithm), one per row of the n x p result.  The same seed gives
 * the same draws; without a seed each call draws afresh. */
#include "kes_mex_util.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "X = kes_vmf_sample(mu, kappa, n, 'seed', s)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 3, 5, 1, usage);
    const double *mu = kes_mex_vector(prhs[0], -1, "mu");
    int64_t p = (int64_t)mxGetNumberOfElements(prhs[0]);
    double kappa = kes_mex_scalar(prhs[1], "kappa");
    int64_t n = kes_mex_int(prhs[2], 0, INT32_MAX, "n");
    uint64_t seed = kes_mex_default_seed();
    int pos = 3;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "seed")) seed = kes_mex_seed(v);
        else kes_mex_bad_option(opt, "seed");
    }
    kes_rng *rng = kes_mex_rng(seed);
    mxArray *X = mxCreateDoubleMatrix((size_t)n, (size_t)p, mxREAL);
    kes_mex_keep(X, kes_mex_free_array);
    kes_mex_check("kes_vmf_sample", kes_vmf_sample(rng, p, mu, kappa, n, mxGetPr(X), n > 0 ? n : 1));
    kes_mex_unkeep(X);
    plhs[0] = X;
    kes_mex_end();
}
