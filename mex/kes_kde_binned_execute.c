/* f = kes_kde_binned_execute(X, gridsize, lo, hi, name, value, ...)
 *
 * Binned density estimate on an equispaced grid in d <= 3 dimensions
 * (kes_kde_binned_create + kes_kde_binned_execute): axis k holds gridsize(k)
 * points from lo(k) to hi(k); f has the grid's shape (a column for d = 1),
 * first index fastest.  Options as kes_kde_log_density (kes_mex_kde.h). */
#include "kes_mex_kde.h"

static void free_binned(void *p) { kes_kde_binned_destroy((kes_kde_binned *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "f = kes_kde_binned_execute(X, gridsize, lo, hi, 'bandwidth', h, 'kernel', k, 'weights', w)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 4, -1, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    if (d < 1 || d > 3) kes_mex_error("kestrel:EDIM", "kes_kde_binned_execute: X must have 1 to 3 columns");
    const double *g = kes_mex_vector(prhs[1], d, "gridsize");
    const double *lo = kes_mex_vector(prhs[2], d, "lo"), *hi = kes_mex_vector(prhs[3], d, "hi");
    int64_t gs[3];
    mwSize dims[3];
    for (int64_t k = 0; k < d; k++) {
        if (g[k] != floor(g[k]) || g[k] < 2 || g[k] > 1e8)
            kes_mex_error("kestrel:EDIM", "gridsize must hold integers >= 2");
        gs[k] = (int64_t)g[k];
        dims[k] = (mwSize)g[k];
    }
    kes_kde_opts o = kes_kde_opts_default();
    int pos = 4;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v))
        if (!kes_mex_kde_option(opt, v, &o, d, n)) kes_mex_bad_option(opt, KES_MEX_KDE_OPTIONS);
    const double *w = o.weights;
    o.weights = NULL;
    kes_kde_binned *b = NULL;
    kes_mex_check("kes_kde_binned_create", kes_kde_binned_create(d, gs, lo, hi, &o, &b));
    kes_mex_keep(b, free_binned);
    if (d == 1) dims[1] = 1;
    mxArray *F = mxCreateNumericArray(d == 1 ? 2 : (size_t)d, dims, mxDOUBLE_CLASS, mxREAL);
    kes_mex_keep(F, kes_mex_free_array);
    kes_mex_check("kes_kde_binned_execute", kes_kde_binned_execute(b, X, n, n > 0 ? n : 1, w, mxGetPr(F)));
    kes_mex_unkeep(F);
    plhs[0] = F;
    kes_mex_end();
}
