/* [tf, W] = kes_kde_has_tree(X, 'bandwidth', h, 'rtol', r, 'atol', a, ...)
 *
 * Whether kes_kde_log_density with these options evaluates on a kd-tree
 * (kes_kde_create + kes_kde_has_tree), and the estimate's total weight W
 * (kes_kde_total_weight).  The library keeps the tree only after a trial
 * shows it beats the exact sum. */
#include "kes_mex_kde.h"

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[tf, W] = kes_kde_has_tree(X, 'bandwidth', h, 'rtol', r, 'atol', a, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, -1, 2, usage);
    if (nrhs % 2 == 0) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    kes_kde_opts o = kes_kde_opts_default();
    kes_mex_kde_options(nrhs, prhs, 1, &o, d, n, NULL, NULL, KES_MEX_KDE_OPTIONS);
    if (n < 1 || d < 1) kes_mex_error("kestrel:EDIM", "kes_kde_has_tree: X must not be empty");
    kes_kde *kde = NULL;
    kes_mex_check("kes_kde_create", kes_kde_create(X, n, d, n, &o, &kde));
    kes_mex_keep(kde, kes_mex_free_kde);
    plhs[0] = mxCreateLogicalScalar(kes_kde_has_tree(kde) != 0);
    if (nlhs > 1) plhs[1] = mxCreateDoubleScalar(kes_kde_total_weight(kde));
    kes_mex_end();
}
