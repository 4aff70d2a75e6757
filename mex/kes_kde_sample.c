/* Y = kes_kde_sample(X, m, 'bandwidth', h, 'kernel', k, 'weights', w, 'seed', s)
 *
 * m draws from the density estimate of X (kes_kde_create + kes_kde_sample):
 * a point picked by weight plus a kernel draw scaled by the bandwidth. */
#include "kes_mex_kde.h"

static int seed_option(const char *name, const mxArray *v, void *p)
{
    if (strcmp(name, "seed")) return 0;
    *(uint64_t *)p = kes_mex_seed(v);
    return 1;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "Y = kes_kde_sample(X, m, 'bandwidth', h, 'kernel', k, 'weights', w, 'seed', s)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    int64_t m = kes_mex_int(prhs[1], INT32_MIN, INT64_C(1) << 40, "m");
    kes_kde_opts o = kes_kde_opts_default();
    uint64_t seed = kes_mex_default_seed();
    kes_mex_kde_options(nrhs, prhs, 2, &o, d, n, seed_option, &seed, KES_MEX_KDE_OPTIONS ", seed");
    if (n < 1 || d < 1) kes_mex_error("kestrel:EDIM", "kes_kde_sample: X must not be empty");
    if (m < 1) kes_mex_error("kestrel:EDIM", "kes_kde_sample: m must be at least 1");
    kes_rng *rng = kes_mex_rng(seed);
    kes_kde *kde = NULL;
    kes_mex_check("kes_kde_create", kes_kde_create(X, n, d, n, &o, &kde));
    kes_mex_keep(kde, kes_mex_free_kde);
    mxArray *Y = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, (size_t)d, mxREAL), kes_mex_free_array);
    kes_mex_check("kes_kde_sample", kes_kde_sample(kde, rng, m, mxGetPr(Y), m));
    kes_mex_unkeep(Y);
    plhs[0] = Y;
    kes_mex_end();
}
