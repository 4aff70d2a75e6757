/* [mu, s2, theta, lml, status, L, perm] = kes_gp_vecchia(X, y, Xs, 'm', m, 'kernel', k, 'theta0', t, 'fit', tf)
 *
 * Vecchia GP in one call: kes_gp_vecchia_create (maximin order, m nearest
 * earlier neighbours), kes_gp_vecchia_fit (Fisher scoring; or, with 'fit'
 * false, kes_gp_vecchia_lml at theta0), kes_gp_vecchia_predict at the rows
 * of Xs ([] for none); L (kes_gp_vecchia_factor at the final theta, an
 * Octave sparse matrix) and perm (kes_gp_vecchia_order, 1-based) on
 * request.  Zero-mean model: centre y first. */
#include "kes_mex_gp.h"

static void free_vecchia(void *p) { kes_gp_vecchia_destroy((kes_gp_vecchia *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage =
        "[mu, s2, theta, lml, status, L, perm] = kes_gp_vecchia(X, y, Xs, 'm', m, 'kernel', k, 'theta0', t)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 3, -1, 7, usage);
    if (nrhs % 2 == 0) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    const double *y = kes_mex_vector(prhs[1], n, "y");
    const double *Xs = NULL;
    int64_t q = 0;
    if (mxGetNumberOfElements(prhs[2]) > 0 || !kes_mex_is_real_double(prhs[2])) {
        Xs = kes_mex_matrix_arg(prhs[2], d, "Xs");
        q = (int64_t)mxGetM(prhs[2]);
    }
    kes_mex_gp_fit_args a;
    memset(&a, 0, sizeof a);
    a.o = kes_gp_hyperfit_opts_default();
    a.fit = 1;
    kes_gp_kernel kernel = KES_GP_SE_ISO;
    int64_t mnb = 30;
    int pos = 3;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "kernel")) kernel = (kes_gp_kernel)kes_mex_enum(v, kes_mex_gp_kernels, "GP kernel");
        else if (!strcmp(opt, "m")) mnb = kes_mex_int(v, INT32_MIN, INT32_MAX, "m");
        else if (!kes_mex_gp_fit_option(opt, v, &a)) kes_mex_bad_option(opt, "m, " KES_MEX_GP_FIT_OPTIONS);
    }
    if (n < 2 || d < 1) kes_mex_error("kestrel:EDIM", "kes_gp_vecchia: X needs two rows at least");
    if (mnb >= n) mnb = n - 1; /* every earlier point: the exact likelihood */
    int64_t p = kes_gp_n_params(kernel, d);
    if (p < 1) kes_mex_fail("kes_gp_vecchia", KES_EINVAL);
    double *theta = kes_mex_gp_theta(&a, p);
    kes_gp_vecchia *g = NULL;
    kes_mex_check("kes_gp_vecchia_create", kes_gp_vecchia_create(kernel, X, n, d, n, y, mnb, &g));
    kes_mex_keep(g, free_vecchia);
    double lml = NAN;
    kes_status st = KES_OK;
    if (a.fit) st = kes_mex_check("kes_gp_vecchia_fit", kes_gp_vecchia_fit(g, &a.o, theta, &lml));
    else if (nlhs > 3) kes_mex_check("kes_gp_vecchia_lml", kes_gp_vecchia_lml(g, theta, &lml, NULL));
    mxArray *MU = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)q, 1, mxREAL), kes_mex_free_array), *S2 = NULL;
    if (nlhs > 1) S2 = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)q, 1, mxREAL), kes_mex_free_array);
    if (q > 0)
        kes_mex_check("kes_gp_vecchia_predict",
                      kes_gp_vecchia_predict(g, theta, Xs, q, q, mxGetPr(MU), S2 ? mxGetPr(S2) : NULL));
    kes_mex_unkeep(MU);
    plhs[0] = MU;
    if (S2) {
        kes_mex_unkeep(S2);
        plhs[1] = S2;
    }
    if (nlhs > 5) {
        kes_csr *L = NULL;
        kes_mex_check("kes_gp_vecchia_factor", kes_gp_vecchia_factor(g, theta, &L));
        kes_mex_keep(L, kes_mex_free_csr);
        plhs[5] = kes_mex_sparse_from_csr(L);
    }
    if (nlhs > 6) {
        int64_t *perm = (int64_t *)kes_mex_alloc((size_t)n, sizeof(int64_t));
        kes_mex_check("kes_gp_vecchia_order", kes_gp_vecchia_order(g, perm));
        plhs[6] = mxCreateDoubleMatrix((size_t)n, 1, mxREAL);
        for (int64_t i = 0; i < n; i++) mxGetPr(plhs[6])[i] = (double)(perm[i] + 1);
    }
    if (nlhs > 2) plhs[2] = kes_mex_gp_row(theta, p);
    if (nlhs > 3) plhs[3] = mxCreateDoubleScalar(lml);
    if (nlhs > 4) plhs[4] = mxCreateString(kes_mex_status_id(st) + 8);
    else if (st == KES_NOCONV) mexWarnMsgIdAndTxt("kestrel:NOCONV", "the fit stopped before its tolerance");
    kes_mex_end();
}
