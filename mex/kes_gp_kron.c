/* [mu, s2, theta, lml, status] = kes_gp_kron(coords, Y, Xs, name, value, ...)
 *
 * Kronecker (grid) GP in one call: kes_gp_kron_create on the grid
 * coords{1} x ... x coords{D} with targets Y (NaN marks a missing cell),
 * kes_gp_kron_fit (or, with 'fit' false, kes_gp_kron_lml at theta0), then
 * kes_gp_kron_predict at the rows of Xs, or kes_gp_kron_predict_grid when
 * Xs is a cell of D coordinate vectors (mu, s2 then have the new grid's
 * shape).  Xs = [] predicts nothing. */
#include "kes_mex_gp.h"

#define MAXD 16

static void free_kron(void *p) { kes_gp_kron_destroy((kes_gp_kron *)p); }

/* D coordinate vectors from a cell; their lengths into sizes. */
static int64_t grid_arg(const mxArray *c, const char *what, int64_t sizes[MAXD], const double *coords[MAXD])
{
    if (!mxIsCell(c)) kes_mex_error("kestrel:type", "%s must be a cell of coordinate vectors", what);
    size_t D = mxGetNumberOfElements(c);
    if (D < 1 || D > MAXD) kes_mex_error("kestrel:EDIM", "%s must hold 1 to %d vectors", what, MAXD);
    for (size_t j = 0; j < D; j++) {
        const mxArray *v = mxGetCell(c, j);
        if (!v) kes_mex_error("kestrel:type", "%s{%zu} is empty", what, j + 1);
        coords[j] = kes_mex_vector(v, -1, what);
        sizes[j] = (int64_t)mxGetNumberOfElements(v);
        if (sizes[j] < 1) kes_mex_error("kestrel:EDIM", "%s{%zu} is empty", what, j + 1);
    }
    return (int64_t)D;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[mu, s2, theta, lml, status] = kes_gp_kron(coords, Y, Xs, 'kernel', k, 'theta0', t, 'fit', tf)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 3, -1, 5, usage);
    if (nrhs % 2 == 0) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    int64_t sizes[MAXD], ssizes[MAXD];
    const double *coords[MAXD], *scoords[MAXD];
    int64_t D = grid_arg(prhs[0], "coords", sizes, coords), M = 1;
    for (int64_t j = 0; j < D; j++) {
        if (M > INT32_MAX / sizes[j]) kes_mex_error("kestrel:ERANGE", "kes_gp_kron: the grid has too many cells");
        M *= sizes[j];
    }
    const double *Y = kes_mex_full(prhs[1], "Y");
    if ((int64_t)mxGetNumberOfElements(prhs[1]) != M)
        kes_mex_error("kestrel:EDIM", "Y has %lld entries, the grid %lld cells", (long long)mxGetNumberOfElements(prhs[1]),
                      (long long)M);
    const double *Xs = NULL;
    int64_t m = 0, Dq = 0, Ms = 1;
    int grid = mxIsCell(prhs[2]);
    if (grid) {
        Dq = grid_arg(prhs[2], "Xs", ssizes, scoords);
        if (Dq != D) kes_mex_error("kestrel:EDIM", "Xs has %lld coordinate vectors, the grid %lld", (long long)Dq, (long long)D);
        for (int64_t j = 0; j < D; j++) {
            if (Ms > INT32_MAX / ssizes[j]) kes_mex_error("kestrel:ERANGE", "kes_gp_kron: the new grid has too many cells");
            Ms *= ssizes[j];
        }
    } else if (mxGetNumberOfElements(prhs[2]) > 0 || !kes_mex_is_real_double(prhs[2])) {
        Xs = kes_mex_matrix_arg(prhs[2], D, "Xs");
        m = (int64_t)mxGetM(prhs[2]);
    }
    kes_mex_gp_fit_args a;
    memset(&a, 0, sizeof a);
    a.o = kes_gp_hyperfit_opts_default();
    a.fit = 1;
    kes_gp_kernel kernel = KES_GP_SE_ISO;
    int pos = 3;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "kernel")) kernel = (kes_gp_kernel)kes_mex_enum(v, kes_mex_gp_kernels, "GP kernel");
        else if (!kes_mex_gp_fit_option(opt, v, &a)) kes_mex_bad_option(opt, KES_MEX_GP_FIT_OPTIONS);
    }
    int64_t p = kes_gp_n_params(kernel, D);
    if (p < 1) kes_mex_fail("kes_gp_kron", KES_EINVAL);
    double *theta = kes_mex_gp_theta(&a, p);
    unsigned char *obs = NULL;
    for (int64_t i = 0; i < M && !obs; i++)
        if (isnan(Y[i])) obs = (unsigned char *)kes_mex_alloc((size_t)M, 1);
    if (obs)
        for (int64_t i = 0; i < M; i++) obs[i] = !isnan(Y[i]);
    kes_gp_kron *g = NULL;
    kes_mex_check("kes_gp_kron_create", kes_gp_kron_create(kernel, D, sizes, coords, Y, obs, &g));
    kes_mex_keep(g, free_kron);
    double lml = NAN;
    kes_status st;
    if (a.fit) {
        st = kes_mex_check("kes_gp_kron_fit", kes_gp_kron_fit(g, &a.o, theta, &lml));
    } else {
        st = kes_mex_check("kes_gp_kron_condition", kes_gp_kron_condition(g, theta, NULL, NULL));
        if (nlhs > 3) {
            kes_status s2 = kes_mex_check("kes_gp_kron_lml", kes_gp_kron_lml(g, theta, &lml, NULL));
            if (s2 != KES_OK) st = s2;
        }
    }
    mxArray *MU, *S2 = NULL;
    if (grid) {
        mwSize dims[MAXD > 2 ? MAXD : 2];
        for (int64_t j = 0; j < D; j++) dims[j] = (mwSize)ssizes[j];
        if (D == 1) dims[1] = 1;
        MU = (mxArray *)kes_mex_keep(mxCreateNumericArray(D < 2 ? 2 : (mwSize)D, dims, mxDOUBLE_CLASS, mxREAL),
                                     kes_mex_free_array);
        if (nlhs > 1)
            S2 = (mxArray *)kes_mex_keep(mxCreateNumericArray(D < 2 ? 2 : (mwSize)D, dims, mxDOUBLE_CLASS, mxREAL),
                                         kes_mex_free_array);
        kes_status sp = kes_mex_check("kes_gp_kron_predict_grid",
                                      kes_gp_kron_predict_grid(g, ssizes, scoords, mxGetPr(MU), S2 ? mxGetPr(S2) : NULL));
        if (sp != KES_OK) st = sp;
    } else {
        MU = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, 1, mxREAL), kes_mex_free_array);
        if (nlhs > 1) S2 = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, 1, mxREAL), kes_mex_free_array);
        if (m > 0) {
            kes_status sp = kes_mex_check("kes_gp_kron_predict",
                                          kes_gp_kron_predict(g, Xs, m, m, mxGetPr(MU), S2 ? mxGetPr(S2) : NULL));
            if (sp != KES_OK) st = sp;
        }
    }
    (void)Ms;
    kes_mex_unkeep(MU);
    plhs[0] = MU;
    if (S2) {
        kes_mex_unkeep(S2);
        plhs[1] = S2;
    }
    if (nlhs > 2) plhs[2] = kes_mex_gp_row(theta, p);
    if (nlhs > 3) plhs[3] = mxCreateDoubleScalar(lml);
    if (nlhs > 4) plhs[4] = mxCreateString(kes_mex_status_id(st) + 8);
    else if (st == KES_NOCONV)
        mexWarnMsgIdAndTxt("kestrel:NOCONV", "the fit or a CG solve stopped before its tolerance");
    kes_mex_end();
}
