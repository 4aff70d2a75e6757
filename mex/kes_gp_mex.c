/* Gateway of Gaussian-process regression: one MEX file holds every fitted
 * model of the session (a handle table, see kes_mex_util.h); kes_gp_fit,
 * kes_gp_predict, kes_gp_theta, kes_gp_log_marginal_likelihood,
 * kes_gp_info and kes_gp_destroy are .m files that call it:
 *   h = kes_gp_mex('fit', X, y, name, value, ...)
 *   [mean, var] = kes_gp_mex('predict', h, Xs)
 *   theta = kes_gp_mex('theta', h);   [lml, grad] = kes_gp_mex('lml', h)
 *   s = kes_gp_mex('info', h);        kes_gp_mex('destroy', h) / ('release', h)
 * The kernel and mean names are tables: a kind added to gp.h is one line. */
#include "kes_mex_util.h"

/* A fitted model and what kes_gp does not report: its input dimension (so
 * that predict can check Xs) and kernel. */
typedef struct model {
    kes_gp *gp;
    int64_t d;
    kes_gp_kernel kernel;
} model;

static void free_model(void *p)
{
    model *m = (model *)p;
    kes_gp_destroy(m->gp);
    free(m);
}
static void free_gp(void *p) { kes_gp_destroy((kes_gp *)p); }
static kes_mex_handle_table models = {NULL, NULL, 0, 0, 1, free_model, "GP model", 0, 0};
static void at_exit(void) { kes_mex_handles_clear(&models); }

static const kes_mex_name kernels[] = {
    {"se", KES_GP_SE_ISO},           {"se_iso", KES_GP_SE_ISO},         {"se_ard", KES_GP_SE_ARD},
    {"matern12", KES_GP_MATERN12},   {"matern12_ard", KES_GP_MATERN12_ARD},
    {"matern32", KES_GP_MATERN32},   {"matern32_ard", KES_GP_MATERN32_ARD},
    {"matern52", KES_GP_MATERN52},   {"matern52_ard", KES_GP_MATERN52_ARD},
    {"rq", KES_GP_RQ},               {"rq_ard", KES_GP_RQ_ARD},         {NULL, 0}};
static const kes_mex_name means[] = {{"zero", KES_GP_MEAN_ZERO}, {"constant", KES_GP_MEAN_CONSTANT}, {NULL, 0}};

static const char *kernel_name(int k)
{
    for (const kes_mex_name *t = kernels + 1; t->name; t++)
        if (t->value == k) return t->name;
    return "unknown";
}

static void bounds(const mxArray *v, const char *what, double *lo, double *hi)
{
    const double *b = kes_mex_vector(v, 2, what);
    *lo = b[0];
    *hi = b[1];
}


static void cmd_fit(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "gp = kes_gp_fit(X, y, 'kernel', k, 'noise_var', n2, 'optimize', true, ...)";
    kes_mex_nargs(nlhs, nrhs, 3, -1, 2, usage);
    if ((nrhs - 3) % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[1], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[1]), d = (int64_t)mxGetN(prhs[1]);
    const double *y = kes_mex_vector(prhs[2], n, "y");
    kes_gp_opts o = kes_gp_opts_default();
    uint64_t seed = kes_mex_default_seed();
    int pos = 3;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "kernel")) o.kernel = (kes_gp_kernel)kes_mex_enum(v, kernels, "GP kernel");
        else if (!strcmp(opt, "mean")) o.mean = (kes_gp_mean)kes_mex_enum(v, means, "mean");
        else if (!strcmp(opt, "optimize")) o.optimize = kes_mex_flag(v, "optimize");
        else if (!strcmp(opt, "restarts")) o.restarts = kes_mex_int(v, INT64_MIN / 2, INT64_MAX / 2, "restarts");
        else if (!strcmp(opt, "signal_var")) o.signal_var = kes_mex_scalar(v, opt);
        else if (!strcmp(opt, "signal_var_bounds")) bounds(v, opt, &o.signal_var_lo, &o.signal_var_hi);
        else if (!strcmp(opt, "length_scale")) o.length_scale = kes_mex_scalar(v, opt);
        else if (!strcmp(opt, "length_scale_bounds")) bounds(v, opt, &o.length_scale_lo, &o.length_scale_hi);
        else if (!strcmp(opt, "rq_alpha")) o.rq_alpha = kes_mex_scalar(v, opt);
        else if (!strcmp(opt, "rq_alpha_bounds")) bounds(v, opt, &o.rq_alpha_lo, &o.rq_alpha_hi);
        else if (!strcmp(opt, "noise_var")) o.noise_var = kes_mex_scalar(v, opt);
        else if (!strcmp(opt, "noise_var_bounds")) bounds(v, opt, &o.noise_var_lo, &o.noise_var_hi);
        else if (!strcmp(opt, "max_iter")) o.max_iter = kes_mex_int(v, INT64_MIN / 2, INT64_MAX / 2, opt);
        else if (!strcmp(opt, "gtol")) o.gtol = kes_mex_scalar(v, opt);
        else if (!strcmp(opt, "theta0")) {
            if (d < 1 || n < 1) kes_mex_error("kestrel:EDIM", "kes_gp_fit: X is empty");
            o.theta0 = kes_mex_vector(v, kes_gp_n_params(o.kernel, d), "theta0 (give 'kernel' first)");
        } else if (!strcmp(opt, "seed")) seed = kes_mex_seed(v);
        else kes_mex_bad_option(opt, "kernel, mean, optimize, restarts, signal_var, signal_var_bounds, length_scale, "
                                     "length_scale_bounds, rq_alpha, rq_alpha_bounds, noise_var, noise_var_bounds, "
                                     "max_iter, gtol, theta0, seed");
    }
    kes_rng *rng = kes_mex_rng(seed);
    kes_gp *gp = NULL;
    kes_status st = kes_mex_check("kes_gp_fit", kes_gp_fit(X, n, d, n > 0 ? n : 1, y, &o, rng, &gp));
    kes_mex_keep(gp, free_gp);
    model *mo = (model *)malloc(sizeof *mo);
    if (!mo) kes_mex_error("kestrel:ENOMEM", "kes_gp_fit: out of memory");
    kes_mex_unkeep(gp);
    mo->gp = gp;
    mo->d = d;
    mo->kernel = o.kernel;
    if (st == KES_NOCONV && nlhs < 2)
        mexWarnMsgIdAndTxt("kestrel:NOCONV", "the optimiser stopped before its tolerance; the model is fitted "
                           "at the best point found");
    plhs[0] = kes_mex_handle_add(&models, mo, at_exit);
    if (nlhs > 1) plhs[1] = mxCreateString(kes_mex_status_id(st) + 8);
}

static void cmd_predict(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 3, 3, 2, "[mean, var] = kes_gp_predict(gp, Xs)");
    const model *mo = (const model *)kes_mex_handle_get(&models, prhs[1]);
    const kes_gp *gp = mo->gp;
    const double *Xs = kes_mex_matrix_arg(prhs[2], mo->d, "Xs");
    int64_t m = (int64_t)mxGetM(prhs[2]);
    mxArray *M = mxCreateDoubleMatrix((size_t)m, 1, mxREAL), *V = NULL;
    kes_mex_keep(M, kes_mex_free_array);
    if (nlhs > 1) {
        V = mxCreateDoubleMatrix((size_t)m, 1, mxREAL);
        kes_mex_keep(V, kes_mex_free_array);
    }
    kes_mex_check("kes_gp_predict", kes_gp_predict(gp, Xs, m, m > 0 ? m : 1, mxGetPr(M), V ? mxGetPr(V) : NULL));
    kes_mex_unkeep(M);
    plhs[0] = M;
    if (V) {
        kes_mex_unkeep(V);
        plhs[1] = V;
    }
}

static void cmd_theta(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "theta = kes_gp_theta(gp)");
    const model *mo = (const model *)kes_mex_handle_get(&models, prhs[1]);
    const kes_gp *gp = mo->gp;
    int64_t p = kes_gp_n_hyper(gp);
    mxArray *T = mxCreateDoubleMatrix(1, (size_t)p, mxREAL);
    kes_mex_keep(T, kes_mex_free_array);
    kes_mex_check("kes_gp_theta", kes_gp_theta(gp, mxGetPr(T)));
    kes_mex_unkeep(T);
    plhs[0] = T;
}

static void cmd_lml(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 2, 2, "[lml, grad] = kes_gp_log_marginal_likelihood(gp)");
    const model *mo = (const model *)kes_mex_handle_get(&models, prhs[1]);
    const kes_gp *gp = mo->gp;
    double lml = 0;
    if (nlhs > 1) {
        int64_t p = kes_gp_n_hyper(gp);
        mxArray *G = mxCreateDoubleMatrix(1, (size_t)p, mxREAL);
        kes_mex_keep(G, kes_mex_free_array);
        kes_mex_check("kes_gp_lml_gradient", kes_gp_lml_gradient(gp, &lml, mxGetPr(G)));
        kes_mex_unkeep(G);
        plhs[1] = G;
    } else {
        kes_mex_check("kes_gp_log_marginal_likelihood", kes_gp_log_marginal_likelihood(gp, &lml));
    }
    plhs[0] = mxCreateDoubleScalar(lml);
}

static void cmd_info(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "s = kes_gp_info(gp)");
    const model *mo = (const model *)kes_mex_handle_get(&models, prhs[1]);
    const kes_gp *gp = mo->gp;
    static const char *fields[] = {"kernel", "dim", "noise_var", "jitter", "mean_value", "n_evals", "n_hyper"};
    mxArray *S = mxCreateStructMatrix(1, 1, 7, fields);
    mxSetField(S, 0, "kernel", mxCreateString(kernel_name(mo->kernel)));
    mxSetField(S, 0, "dim", mxCreateDoubleScalar((double)mo->d));
    mxSetField(S, 0, "noise_var", mxCreateDoubleScalar(kes_gp_noise_var(gp)));
    mxSetField(S, 0, "jitter", mxCreateDoubleScalar(kes_gp_jitter(gp)));
    mxSetField(S, 0, "mean_value", mxCreateDoubleScalar(kes_gp_mean_value(gp)));
    mxSetField(S, 0, "n_evals", mxCreateDoubleScalar((double)kes_gp_n_evals(gp)));
    mxSetField(S, 0, "n_hyper", mxCreateDoubleScalar((double)kes_gp_n_hyper(gp)));
    plhs[0] = S;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char cmd[32];
    kes_mex_begin();
    kes_mex_command(nrhs, prhs, cmd, "kes_gp_mex");
    if (!strcmp(cmd, "fit")) cmd_fit(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "predict")) cmd_predict(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "theta")) cmd_theta(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "lml")) cmd_lml(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "info")) cmd_info(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "destroy") || !strcmp(cmd, "release")) {
        kes_mex_nargs(nlhs, nrhs, 2, 2, 0, "kes_gp_destroy(gp)");
        kes_mex_handle_remove(&models, prhs[1], cmd[0] == 'r');
    } else if (!strcmp(cmd, "count")) {
        plhs[0] = mxCreateDoubleScalar((double)models.n);
    } else {
        kes_mex_error("kestrel:usage", "kes_gp_mex: unknown command '%s'", cmd);
    }
    kes_mex_end();
}
