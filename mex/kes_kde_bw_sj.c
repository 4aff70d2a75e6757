/* h = kes_kde_bw_sj(x, method, nbins): Sheather-Jones bandwidth in the form
 * of R's bw.SJ (kes_kde_bw_sj); method 'ste' (default) or 'dpi', nbins 0
 * or omitted for 1000. */
#include "kes_mex_util.h"

static const kes_mex_name methods[] = {{"ste", KES_KDE_SJ_STE}, {"dpi", KES_KDE_SJ_DPI}, {NULL, 0}};

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, 3, 1, "h = kes_kde_bw_sj(x, method, nbins)");
    const double *x = kes_mex_vector(prhs[0], -1, "x");
    kes_kde_sj_method m = nrhs > 1 ? (kes_kde_sj_method)kes_mex_enum(prhs[1], methods, "method") : KES_KDE_SJ_STE;
    int64_t nb = nrhs > 2 ? kes_mex_int(prhs[2], INT32_MIN, INT32_MAX, "nbins") : 0;
    double h = 0;
    kes_mex_check("kes_kde_bw_sj", kes_kde_bw_sj(x, (int64_t)mxGetNumberOfElements(prhs[0]), m, nb, &h));
    plhs[0] = mxCreateDoubleScalar(h);
    kes_mex_end();
}
