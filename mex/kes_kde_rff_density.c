/* [p, se] = kes_kde_rff_density(X, Y, D, 'bandwidth', h, 'weights', w, 'seed', s)
 *
 * Random-feature Gaussian density estimate (kes_kde_create +
 * kes_kde_rff_create + kes_kde_rff_density): the density, not its log, at
 * the rows of Y, with its standard error. */
#include "kes_mex_kde.h"

static void free_rff(void *p) { kes_kde_rff_destroy((kes_kde_rff *)p); }

static int seed_option(const char *name, const mxArray *v, void *p)
{
    if (strcmp(name, "seed")) return 0;
    *(uint64_t *)p = kes_mex_seed(v);
    return 1;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[p, se] = kes_kde_rff_density(X, Y, D, 'bandwidth', h, 'weights', w, 'seed', s)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 3, -1, 2, usage);
    if (nrhs % 2 == 0) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    const double *Y = kes_mex_matrix_arg(prhs[1], d, "Y");
    int64_t m = (int64_t)mxGetM(prhs[1]);
    int64_t D = kes_mex_int(prhs[2], INT32_MIN, INT32_MAX, "D");
    kes_kde_opts o = kes_kde_opts_default();
    uint64_t seed = kes_mex_default_seed();
    kes_mex_kde_options(nrhs, prhs, 3, &o, d, n, seed_option, &seed, KES_MEX_KDE_OPTIONS ", seed");
    if (n < 1 || d < 1 || m < 1) kes_mex_error("kestrel:EDIM", "kes_kde_rff_density: X and Y must not be empty");
    kes_rng *rng = kes_mex_rng(seed);
    kes_kde *kde = NULL;
    kes_mex_check("kes_kde_create", kes_kde_create(X, n, d, n, &o, &kde));
    kes_mex_keep(kde, kes_mex_free_kde);
    kes_kde_rff *r = NULL;
    kes_mex_check("kes_kde_rff_create", kes_kde_rff_create(kde, D, rng, &r));
    kes_mex_keep(r, free_rff);
    mxArray *P = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, 1, mxREAL), kes_mex_free_array);
    mxArray *S = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, 1, mxREAL), kes_mex_free_array);
    kes_mex_check("kes_kde_rff_density", kes_kde_rff_density(r, Y, m, m, mxGetPr(P), mxGetPr(S)));
    kes_mex_unkeep(P);
    plhs[0] = P;
    if (nlhs > 1) {
        kes_mex_unkeep(S);
        plhs[1] = S;
    }
    kes_mex_end();
}
