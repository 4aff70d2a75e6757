/* [logp, grad, B] = kes_kde_log_density(X, Y, 'bandwidth', h, 'kernel', k, 'weights', w, 'power', p)
 *
 * Log kernel density estimate from the rows of X (n x d) at the rows of Y
 * (m x d): kes_kde_create + kes_kde_log_density (+ kes_kde_grad_log_density
 * for grad, kes_kde_bandwidth for B).  'bandwidth': a scalar h (isotropic),
 * a d-vector (diagonal, d > 1), a d x d SPD matrix H (full, d > 1), or []
 * / omitted for Scott's rule (options in kes_mex_kde.h). */
#include "kes_mex_kde.h"

static void free_kde(void *p) { kes_kde_destroy((kes_kde *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[logp, grad, B] = kes_kde_log_density(X, Y, 'bandwidth', h, 'kernel', k, 'weights', w)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 3, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    const double *Y = kes_mex_matrix_arg(prhs[1], d, "Y");
    int64_t m = (int64_t)mxGetM(prhs[1]);
    kes_kde_opts o = kes_kde_opts_default();
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!kes_mex_kde_option(opt, v, &o, d, n)) kes_mex_bad_option(opt, KES_MEX_KDE_OPTIONS);
    }
    if (n < 1 || d < 1 || m < 1) kes_mex_error("kestrel:EDIM", "kes_kde_log_density: X and Y must not be empty");
    kes_kde *kde = NULL;
    kes_mex_check("kes_kde_create", kes_kde_create(X, n, d, n, &o, &kde));
    kes_mex_keep(kde, free_kde);
    mxArray *P = mxCreateDoubleMatrix((size_t)m, 1, mxREAL);
    kes_mex_keep(P, kes_mex_free_array);
    if (nlhs > 1) {
        mxArray *G = mxCreateDoubleMatrix((size_t)m, (size_t)d, mxREAL);
        kes_mex_keep(G, kes_mex_free_array);
        kes_mex_check("kes_kde_grad_log_density",
                      kes_kde_grad_log_density(kde, Y, m, m, mxGetPr(P), mxGetPr(G), m));
        kes_mex_unkeep(G);
        plhs[1] = G;
    } else {
        kes_mex_check("kes_kde_log_density", kes_kde_log_density(kde, Y, m, m, mxGetPr(P)));
    }
    kes_mex_unkeep(P);
    plhs[0] = P;
    if (nlhs > 2) {
        plhs[2] = mxCreateDoubleMatrix((size_t)d, (size_t)d, mxREAL);
        kes_mex_check("kes_kde_bandwidth", kes_kde_bandwidth(kde, mxGetPr(plhs[2])));
    }
    kes_mex_end();
}
