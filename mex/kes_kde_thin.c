/* idx = kes_kde_thin(X, nout, 'bandwidth', h, 'kernel', k, 'power', p, 'split', s, 'delta', dl, 'swap', tf, 'seed', sd)
 *
 * Kernel thinning (kes_kde_thin): nout row indices (1-based) of X whose
 * empirical distribution is close to that of all rows in MMD. */
#include "kes_mex_kde.h"

static const kes_mex_name splits[] = {
    {"target", KES_KDE_THIN_TARGET}, {"root", KES_KDE_THIN_ROOT}, {"plus", KES_KDE_THIN_PLUS}, {NULL, 0}};

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "idx = kes_kde_thin(X, nout, 'bandwidth', h, 'kernel', k, 'split', s, 'seed', sd, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    int64_t nout = kes_mex_int(prhs[1], INT32_MIN, INT64_C(1) << 52, "nout");
    kes_kde_thin_opts o = kes_kde_thin_opts_default();
    uint64_t seed = kes_mex_default_seed();
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "bandwidth")) o.bandwidth = kes_mex_scalar(v, "bandwidth");
        else if (!strcmp(opt, "kernel")) o.kernel = (kes_kde_kernel)kes_mex_enum(v, kes_mex_kde_kernels, "kernel");
        else if (!strcmp(opt, "power")) o.power = kes_mex_scalar(v, "power");
        else if (!strcmp(opt, "split")) o.split = (kes_kde_thin_split)kes_mex_enum(v, splits, "split");
        else if (!strcmp(opt, "delta")) o.delta = kes_mex_scalar(v, "delta");
        else if (!strcmp(opt, "swap")) o.swap = kes_mex_flag(v, "swap");
        else if (!strcmp(opt, "seed")) seed = kes_mex_seed(v);
        else kes_mex_bad_option(opt, "bandwidth, kernel, power, split, delta, swap, seed");
    }
    if (n < 1 || d < 1) kes_mex_error("kestrel:EDIM", "kes_kde_thin: X must not be empty");
    if (nout < 1 || nout > n)
        kes_mex_error("kestrel:EDIM", "kes_kde_thin: nout must be in [1, %lld]", (long long)n);
    kes_rng *rng = kes_mex_rng(seed);
    int64_t *idx = (int64_t *)kes_mex_alloc((size_t)nout, sizeof(int64_t));
    kes_mex_check("kes_kde_thin", kes_kde_thin(X, n, d, n, nout, &o, rng, idx));
    plhs[0] = mxCreateDoubleMatrix((size_t)nout, 1, mxREAL);
    for (int64_t i = 0; i < nout; i++) mxGetPr(plhs[0])[i] = (double)(idx[i] + 1);
    kes_mex_end();
}
