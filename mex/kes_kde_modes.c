/* [modes, logp, stats] = kes_kde_modes(X, name, value, ...)
 *
 * Modes of the density estimate of X (kes_kde_modes): the KDE options of
 * kes_mex_kde.h plus the mode options 'starts', 'max_iter', 'ascent_tol',
 * 'grad_tol', 'merge_tol', 'proj_dim', 'seed'.  Room for as many modes as
 * there are starts (each start ends in at most one mode), so nothing found
 * is cut off. */
#include "kes_mex_kde.h"

typedef struct {
    kes_kde_modes_opts mo;
    int64_t d;
    uint64_t seed;
} modes_ctx;

static int mode_option(const char *name, const mxArray *v, void *p)
{
    modes_ctx *c = (modes_ctx *)p;
    if (!strcmp(name, "starts")) {
        c->mo.starts = kes_mex_matrix_arg(v, c->d, "starts");
        c->mo.nstarts = (int64_t)mxGetM(v);
        c->mo.ldstarts = c->mo.nstarts;
        if (c->mo.nstarts < 1) kes_mex_error("kestrel:EDIM", "kes_kde_modes: starts is empty");
    } else if (!strcmp(name, "max_iter")) {
        c->mo.max_iter = kes_mex_int(v, INT32_MIN, INT32_MAX, "max_iter");
    } else if (!strcmp(name, "ascent_tol")) {
        c->mo.ascent_tol = kes_mex_scalar(v, "ascent_tol");
    } else if (!strcmp(name, "grad_tol")) {
        c->mo.grad_tol = kes_mex_scalar(v, "grad_tol");
    } else if (!strcmp(name, "merge_tol")) {
        c->mo.merge_tol = kes_mex_scalar(v, "merge_tol");
    } else if (!strcmp(name, "proj_dim")) {
        c->mo.proj_dim = kes_mex_int(v, INT32_MIN, INT32_MAX, "proj_dim");
    } else if (!strcmp(name, "seed")) {
        c->seed = kes_mex_seed(v);
    } else {
        return 0;
    }
    return 1;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[modes, logp, stats] = kes_kde_modes(X, 'bandwidth', h, 'starts', S, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 1, -1, 3, usage);
    if (nrhs % 2 == 0) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    kes_kde_opts o = kes_kde_opts_default();
    modes_ctx c;
    c.mo = kes_kde_modes_opts_default();
    c.d = d;
    c.seed = kes_mex_default_seed();
    kes_mex_kde_options(nrhs, prhs, 1, &o, d, n, mode_option, &c,
                        KES_MEX_KDE_OPTIONS ", starts, max_iter, ascent_tol, grad_tol, merge_tol, proj_dim, seed");
    if (n < 1 || d < 1) kes_mex_error("kestrel:EDIM", "kes_kde_modes: X must not be empty");
    int64_t cap = c.mo.starts ? c.mo.nstarts : n;
    kes_rng *rng = kes_mex_rng(c.seed);
    double *M = (double *)kes_mex_alloc((size_t)cap * (size_t)d, sizeof(double));
    double *lp = (double *)kes_mex_alloc((size_t)cap, sizeof(double));
    int64_t nm = 0;
    kes_kde_modes_stats s;
    memset(&s, 0, sizeof s);
    kes_status st = kes_mex_check("kes_kde_modes", kes_kde_modes(X, n, d, n, &o, &c.mo, rng, cap, M, cap, lp, &nm, &s));
    plhs[0] = mxCreateDoubleMatrix((size_t)nm, (size_t)d, mxREAL);
    for (int64_t j = 0; j < d; j++)
        for (int64_t i = 0; i < nm; i++) mxGetPr(plhs[0])[i + j * nm] = M[i + j * cap];
    if (nlhs > 1) {
        plhs[1] = mxCreateDoubleMatrix((size_t)nm, 1, mxREAL);
        memcpy(mxGetPr(plhs[1]), lp, (size_t)nm * sizeof(double));
    }
    if (nlhs > 2) {
        static const char *fields[] = {"nfound", "iterations", "nconverged", "max_grad", "converged", "status"};
        mxArray *S = mxCreateStructMatrix(1, 1, 6, fields);
        mxSetField(S, 0, "nfound", mxCreateDoubleScalar((double)s.nfound));
        mxSetField(S, 0, "iterations", mxCreateDoubleScalar((double)s.iterations));
        mxSetField(S, 0, "nconverged", mxCreateDoubleScalar((double)s.nconverged));
        mxSetField(S, 0, "max_grad", mxCreateDoubleScalar(s.max_grad));
        mxSetField(S, 0, "converged", mxCreateLogicalScalar(st == KES_OK));
        mxSetField(S, 0, "status", mxCreateString(kes_mex_status_id(st) + 8));
        plhs[2] = S;
    } else if (st == KES_NOCONV) {
        mexWarnMsgIdAndTxt("kestrel:NOCONV", "some mode's gradient norm (%g) is above grad_tol", s.max_grad);
    }
    kes_mex_end();
}
