/* [u, done, status] = kes_pde_integrate(problem, u0, len, h, nsteps, 'scheme', s, ...)
 *
 * Integrates one of the model problems of examples/spectral.c, u_t = L u +
 * N(u) on the periodic grid x_j = j len / n, by nsteps steps of size h and
 * returns the final field: ETDRK4 (kes_etdrk4_*, kes_etdrk4c_*) or IMEX
 * ARS(2,3,3) (kes_imexrk_*, kes_imexrkc_*).  The symbols, with k the
 * wavenumber and ko = k except 0 at the Nyquist mode of an even n:
 *   allen-cahn  u_t = eps u_xx + u - u^3        L = -eps k^2, G = 1, g = u - u^3
 *   kdv         u_t + u u_x + u_xxx = 0         L = i ko^3, G = -i ko / 2, g = u^2
 *   ks          u_t + u_xx + u_xxxx + u u_x = 0 L = k^2 - k^4, G = -i ko / 2, g = u^2
 *   burgers     u_t + u u_x = nu u_xx           L = -nu k^2, G = -i ko / 2, g = u^2
 *   nls         i u_t + u_xx + 2 |u|^2 u = 0    L = -i k^2 (all n modes), G = 1, g = 2 i |u|^2 u
 * 'dealias' true zeroes G on the modes with 3 |j| >= n (2/3 rule). */
#include "kes_mex_util.h"

enum { AC, KDV, KS, BURGERS, NLS };
static const kes_mex_name problems[] = {{"allen_cahn", AC}, {"kdv", KDV}, {"ks", KS}, {"burgers", BURGERS}, {"nls", NLS},
                                        {NULL, 0}};
static const kes_mex_name schemes[] = {{"etdrk4", 0}, {"imexrk", 1}, {NULL, 0}};

static kes_status g_ac(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) g[i] = u[i] - u[i] * u[i] * u[i];
    return KES_OK;
}

static kes_status g_sq(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) g[i] = u[i] * u[i];
    return KES_OK;
}

static kes_status g_nls(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) {
        double re = u[2 * i], im = u[2 * i + 1], m2 = 2 * (re * re + im * im);
        g[2 * i] = -m2 * im; /* 2 i |u|^2 u */
        g[2 * i + 1] = m2 * re;
    }
    return KES_OK;
}

static void free_etdrk4(void *p) { kes_etdrk4_destroy((kes_etdrk4 *)p); }
static void free_imexrk(void *p) { kes_imexrk_destroy((kes_imexrk *)p); }
static void free_etdrk4c(void *p) { kes_etdrk4c_destroy((kes_etdrk4c *)p); }
static void free_imexrkc(void *p) { kes_imexrkc_destroy((kes_imexrkc *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[u, done, status] = kes_pde_integrate(problem, u0, len, h, nsteps, 'scheme', s, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 5, -1, 3, usage);
    if (nrhs % 2 == 0) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    int prob = kes_mex_enum(prhs[0], problems, "problem");
    const mxArray *U0 = prhs[1];
    if (!mxIsDouble(U0) || mxIsSparse(U0)) kes_mex_error("kestrel:type", "u0 must be a full double vector");
    if (mxIsComplex(U0) && prob != NLS) kes_mex_error("kestrel:type", "u0 must be real for this problem");
    size_t r = mxGetM(U0), c = mxGetN(U0);
    if (mxGetNumberOfDimensions(U0) > 2 || (r != 1 && c != 1)) kes_mex_error("kestrel:EDIM", "u0 must be a vector");
    int64_t n = (int64_t)mxGetNumberOfElements(U0);
    double len = kes_mex_scalar(prhs[2], "len"), h = kes_mex_scalar(prhs[3], "h");
    int64_t nsteps = kes_mex_int(prhs[4], INT32_MIN, INT64_C(1) << 52, "nsteps");
    int imex = 0, dealias = 0;
    double eps = 0.01, nu = 0.05;
    int pos = 5;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "scheme")) imex = kes_mex_enum(v, schemes, "scheme");
        else if (!strcmp(opt, "eps")) eps = kes_mex_scalar(v, "eps");
        else if (!strcmp(opt, "nu")) nu = kes_mex_scalar(v, "nu");
        else if (!strcmp(opt, "dealias")) dealias = kes_mex_flag(v, "dealias");
        else kes_mex_bad_option(opt, "scheme, eps, nu, dealias");
    }
    if (n < 2) kes_mex_error("kestrel:EDIM", "u0 needs 2 points at least");
    if (!(isfinite(len) && len > 0)) kes_mex_error("kestrel:EDOM", "len must be finite and positive");
    if (!(isfinite(eps) && eps > 0) || !(isfinite(nu) && nu > 0))
        kes_mex_error("kestrel:EDOM", "eps and nu must be finite and positive");
    int cplx = prob == NLS;
    int64_t modes = cplx ? n : n / 2 + 1;
    double *L = (double *)kes_mex_alloc((size_t)(2 * modes), sizeof(double));
    double *G = (double *)kes_mex_alloc((size_t)(2 * modes), sizeof(double));
    for (int64_t j = 0; j < modes; j++) {
        int64_t js = (2 * j <= n) ? j : j - n; /* signed index (FFT order for the complex modes) */
        double k = 2 * M_PI * (double)js / len, ko = (2 * j == n) ? 0.0 : k;
        double *l = L + 2 * j, *g = G + 2 * j;
        l[0] = l[1] = g[1] = 0;
        g[0] = 1;
        switch (prob) {
        case AC: l[0] = -eps * k * k; break;
        case KDV: l[1] = ko * ko * ko; g[0] = 0; g[1] = -0.5 * ko; break;
        case KS: l[0] = k * k - k * k * k * k; g[0] = 0; g[1] = -0.5 * ko; break;
        case BURGERS: l[0] = -nu * k * k; g[0] = 0; g[1] = -0.5 * ko; break;
        default: l[1] = -k * k; break;
        }
        if (dealias && 3 * (js < 0 ? -js : js) >= n) g[0] = g[1] = 0;
    }
    /* the field, interleaved for the complex schemes */
    double *u = (double *)kes_mex_alloc((size_t)(cplx ? 2 * n : n), sizeof(double));
    const double *ur = mxGetPr(U0), *ui = mxIsComplex(U0) ? mxGetPi(U0) : NULL;
    for (int64_t i = 0; i < n; i++) {
        if (cplx) {
            u[2 * i] = ur[i];
            u[2 * i + 1] = ui ? ui[i] : 0;
        } else {
            u[i] = ur[i];
        }
    }
    int64_t done = 0;
    kes_status st;
    if (cplx && imex) {
        kes_imexrkc *s = NULL;
        kes_mex_check("kes_imexrkc_create", kes_imexrkc_create(n, L, G, h, &s));
        kes_mex_keep(s, free_imexrkc);
        st = kes_imexrkc_step(s, g_nls, NULL, u, nsteps, &done);
    } else if (cplx) {
        kes_etdrk4c *s = NULL;
        kes_mex_check("kes_etdrk4c_create", kes_etdrk4c_create(n, L, G, h, &s));
        kes_mex_keep(s, free_etdrk4c);
        st = kes_etdrk4c_step(s, g_nls, NULL, u, nsteps, &done);
    } else if (imex) {
        kes_imexrk *s = NULL;
        kes_mex_check("kes_imexrk_create", kes_imexrk_create(n, L, G, h, &s));
        kes_mex_keep(s, free_imexrk);
        st = kes_imexrk_step(s, prob == AC ? g_ac : g_sq, NULL, u, nsteps, &done);
    } else {
        kes_etdrk4 *s = NULL;
        kes_mex_check("kes_etdrk4_create", kes_etdrk4_create(n, L, G, h, &s));
        kes_mex_keep(s, free_etdrk4);
        st = kes_etdrk4_step(s, prob == AC ? g_ac : g_sq, NULL, u, nsteps, &done);
    }
    /* A blow-up is an outcome: u holds the last finite step */
    if (st != KES_EDIVERGE) kes_mex_check(imex ? "kes_imexrk_step" : "kes_etdrk4_step", st);
    mxArray *out = mxCreateDoubleMatrix(r, c, cplx ? mxCOMPLEX : mxREAL);
    for (int64_t i = 0; i < n; i++) {
        if (cplx) {
            mxGetPr(out)[i] = u[2 * i];
            mxGetPi(out)[i] = u[2 * i + 1];
        } else {
            mxGetPr(out)[i] = u[i];
        }
    }
    plhs[0] = out;
    if (nlhs > 1) plhs[1] = mxCreateDoubleScalar((double)done);
    if (nlhs > 2) plhs[2] = mxCreateString(kes_mex_status_id(st) + 8);
    else if (st == KES_EDIVERGE)
        mexWarnMsgIdAndTxt("kestrel:EDIVERGE", "the field blew up after %lld of %lld steps; u is the last finite one",
                           (long long)done, (long long)nsteps);
    kes_mex_end();
}
