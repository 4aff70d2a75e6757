/* Gateway of the omega tuners: one MEX file holds every tuner made in the
 * session (a handle table, see kes_mex_util.h), and the functions
 * kes_tuner_create, kes_tuner_choose, kes_tuner_observe, kes_tuner_save,
 * kes_tuner_load, kes_tuner_destroy, kes_tuner_info, kes_tuner_probabilities
 * and kes_tuner_predicted_costs are .m files that call it with a command:
 *   h = kes_tuner_mex('create', kind, name, value, ...)
 *   [omega, clamped] = kes_tuner_mex('choose', h, context)
 *   kes_tuner_mex('observe', h, cost)
 *   kes_tuner_mex('set_system', h, A)   (A sparse or full; [] clears it)
 *   kes_tuner_mex('save', h, path);  h = kes_tuner_mex('load', path)
 *   s = kes_tuner_mex('info', h);    p = kes_tuner_mex('probabilities', h, context)
 *   c = kes_tuner_mex('predicted_costs', h, context)
 *   kes_tuner_mex('destroy', h);     kes_tuner_mex('release', h)  (quiet: the classdef destructor)
 * Kinds are parsed by kes_tuner_kind_from_name ('_' read as '-'), so a kind
 * added to the library is available here without a change. */
#include "kes_mex_util.h"

static void free_tuner(void *p) { kes_tuner_destroy((kes_tuner *)p); }
static kes_mex_handle_table tuners = {NULL, NULL, 0, 0, 1, free_tuner, "tuner", 0, 0};
static void at_exit(void) { kes_mex_handles_clear(&tuners); }

static const kes_mex_name estimators[] = {{"reduced_variance", KES_ESTIMATOR_REDUCED_VARIANCE},
                                          {"importance_weighted", KES_ESTIMATOR_IMPORTANCE_WEIGHTED},
                                          {NULL, 0}};

#define OPTION_NAMES "omega, arms, context, seed, omega_fixed, cheb_m, bins, cost_offset, eta, estimator"

static kes_tuner_kind parse_kind(const mxArray *a)
{
    char name[64], known[256] = "";
    kes_mex_string(a, name, sizeof name, "tuner kind");
    kes_mex_normalize_name(name);
    for (char *c = name; *c; c++)
        if (*c == '_') *c = '-';
    kes_tuner_kind kind;
    if (kes_tuner_kind_from_name(name, &kind) == KES_OK) return kind;
    for (int k = 0; k < 64; k++) {
        const char *s = kes_tuner_kind_name((kes_tuner_kind)k);
        if (strcmp(s, "unknown") == 0 || strlen(known) + strlen(s) + 3 >= sizeof known) continue;
        if (known[0]) strcat(known, ", ");
        strcat(known, s);
    }
    kes_mex_error("kestrel:EINVAL", "kes_tuner_create: unknown kind '%s' (one of: %s)", name, known);
    return KES_TUNER_FIXED;
}

static void cmd_create(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "t = kes_tuner_create(kind, 'omega', [lo hi], 'arms', n, 'context', [lo hi], 'seed', s, ...)";
    kes_mex_nargs(nlhs, nrhs, 2, -1, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    kes_tuner_kind kind = parse_kind(prhs[1]);
    kes_tuner_opts o = kes_tuner_opts_default();
    uint64_t seed = kes_mex_default_seed();
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "omega")) {
            if (mxGetNumberOfElements(v) == 1 && kind == KES_TUNER_FIXED) {
                o.omega_fixed = kes_mex_scalar(v, "omega");
            } else {
                const double *w = kes_mex_vector(v, 2, "omega");
                o.omega_min = w[0];
                o.omega_max = w[1];
            }
        } else if (!strcmp(opt, "arms")) {
            o.n_arms = kes_mex_int(v, INT32_MIN, INT32_MAX, "arms");
        } else if (!strcmp(opt, "context")) {
            const double *c = kes_mex_vector(v, 2, "context");
            o.context_min = c[0];
            o.context_max = c[1];
        } else if (!strcmp(opt, "seed")) {
            seed = kes_mex_seed(v);
        } else if (!strcmp(opt, "omega_fixed")) {
            o.omega_fixed = kes_mex_scalar(v, "omega_fixed");
        } else if (!strcmp(opt, "cheb_m")) {
            o.cheb_m = kes_mex_int(v, INT32_MIN, INT32_MAX, "cheb_m");
        } else if (!strcmp(opt, "bins") || !strcmp(opt, "n_bins")) {
            o.n_bins = kes_mex_int(v, INT32_MIN, INT32_MAX, "bins");
        } else if (!strcmp(opt, "cost_offset")) {
            o.cost_offset = kes_mex_scalar(v, "cost_offset");
        } else if (!strcmp(opt, "eta")) {
            o.eta = kes_mex_scalar(v, "eta");
        } else if (!strcmp(opt, "estimator")) {
            o.estimator = (kes_tuner_estimator)kes_mex_enum(v, estimators, "estimator");
        } else {
            kes_mex_bad_option(opt, OPTION_NAMES);
        }
    }
    kes_rng *rng = kes_mex_rng(seed);
    kes_tuner *t = NULL;
    kes_mex_check("kes_tuner_create", kes_tuner_create(kind, &o, rng, &t));
    plhs[0] = kes_mex_handle_add(&tuners, t, at_exit);
}

static double context_arg(int nrhs, const mxArray *prhs[])
{
    if (nrhs < 3 || mxGetNumberOfElements(prhs[2]) == 0) return NAN;
    return kes_mex_scalar(prhs[2], "context");
}

static void cmd_choose(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 3, 2, "[omega, clamped] = kes_tuner_choose(t, context)");
    kes_tuner *t = (kes_tuner *)kes_mex_handle_get(&tuners, prhs[1]);
    double ctx = context_arg(nrhs, prhs), omega = 0;
    kes_status st = kes_mex_check("kes_tuner_choose", kes_tuner_choose(t, ctx, &omega));
    plhs[0] = mxCreateDoubleScalar(omega);
    if (nlhs > 1) plhs[1] = mxCreateLogicalScalar(st == KES_CLAMPED);
}

/* The matrix is wrapped as in the solvers (a view when it is symmetric);
 * the tuner keeps only numbers derived from it, so the view may go with
 * the call. */
static void cmd_set_system(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 3, 3, 0, "kes_tuner_set_system(t, A)");
    kes_tuner *t = (kes_tuner *)kes_mex_handle_get(&tuners, prhs[1]);
    const kes_csr *A = NULL;
    if (!(mxIsDouble(prhs[2]) && mxGetNumberOfElements(prhs[2]) == 0 && mxGetNumberOfDimensions(prhs[2]) == 2 &&
          mxGetM(prhs[2]) == 0 && mxGetN(prhs[2]) == 0))
        A = kes_mex_matrix(prhs[2], "A");
    kes_mex_check("kes_tuner_set_system", kes_tuner_set_system(t, A));
}

static void cmd_probabilities(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 3, 1, "p = kes_tuner_probabilities(t, context)");
    kes_tuner *t = (kes_tuner *)kes_mex_handle_get(&tuners, prhs[1]);
    int64_t d = kes_tuner_n_arms(t);
    double *p = (double *)kes_mex_alloc((size_t)d, sizeof(double));
    kes_mex_check("kes_tuner_probabilities", kes_tuner_probabilities(t, context_arg(nrhs, prhs), p));
    plhs[0] = mxCreateDoubleMatrix(1, (size_t)d, mxREAL);
    memcpy(mxGetPr(plhs[0]), p, (size_t)d * sizeof(double));
}

static void cmd_predicted_costs(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 3, 1, "c = kes_tuner_predicted_costs(t, context)");
    kes_tuner *t = (kes_tuner *)kes_mex_handle_get(&tuners, prhs[1]);
    int64_t d = kes_tuner_n_arms(t);
    double *c = (double *)kes_mex_alloc((size_t)d, sizeof(double));
    kes_mex_check("kes_tuner_predicted_costs", kes_tuner_predicted_costs(t, context_arg(nrhs, prhs), c));
    plhs[0] = mxCreateDoubleMatrix(1, (size_t)d, mxREAL);
    memcpy(mxGetPr(plhs[0]), c, (size_t)d * sizeof(double));
}

static void cmd_observe(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 3, 3, 0, "kes_tuner_observe(t, cost)");
    kes_tuner *t = (kes_tuner *)kes_mex_handle_get(&tuners, prhs[1]);
    kes_mex_check("kes_tuner_observe", kes_tuner_observe(t, kes_mex_scalar(prhs[2], "cost")));
}

static void cmd_save(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 3, 3, 0, "kes_tuner_save(t, path)");
    kes_tuner *t = (kes_tuner *)kes_mex_handle_get(&tuners, prhs[1]);
    const char *path = kes_mex_path(prhs[2], "path");
    kes_status st = kes_tuner_save(t, path);
    if (st) kes_mex_error(kes_mex_status_id(st), "kes_tuner_save: %s: %s", path, kes_strerror(st));
}

static void cmd_load(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "t = kes_tuner_load(path)");
    const char *path = kes_mex_path(prhs[1], "path");
    kes_tuner *t = NULL;
    kes_status st = kes_tuner_load(path, &t);
    if (st) kes_mex_error(kes_mex_status_id(st), "kes_tuner_load: %s: %s", path, kes_strerror(st));
    plhs[0] = kes_mex_handle_add(&tuners, t, at_exit);
}

static void cmd_info(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "s = kes_tuner_info(t)");
    kes_tuner *t = (kes_tuner *)kes_mex_handle_get(&tuners, prhs[1]);
    int64_t d = kes_tuner_n_arms(t), last = -1;
    kes_tuner_opts o = kes_tuner_get_opts(t);
    double *arms = (double *)kes_mex_alloc((size_t)d, sizeof(double));
    int64_t *counts = (int64_t *)kes_mex_alloc((size_t)d, sizeof(int64_t));
    kes_mex_check("kes_tuner_arms", kes_tuner_arms(t, arms));
    kes_mex_check("kes_tuner_counts", kes_tuner_counts(t, counts));
    if (kes_tuner_last_arm(t, &last) != KES_OK) last = -1;
    static const char *fields[] = {"kind", "arms", "counts", "rounds", "last_arm", "context",
                                   "cheb_m", "bins", "cost_offset", "eta"};
    mxArray *S = mxCreateStructMatrix(1, 1, 10, fields);
    mxSetField(S, 0, "kind", mxCreateString(kes_tuner_kind_name(kes_tuner_get_kind(t))));
    mxArray *A = mxCreateDoubleMatrix(1, (size_t)d, mxREAL), *C = mxCreateDoubleMatrix(1, (size_t)d, mxREAL);
    for (int64_t i = 0; i < d; i++) {
        mxGetPr(A)[i] = arms[i];
        mxGetPr(C)[i] = (double)counts[i];
    }
    mxSetField(S, 0, "arms", A);
    mxSetField(S, 0, "counts", C);
    mxSetField(S, 0, "rounds", mxCreateDoubleScalar((double)kes_tuner_rounds(t)));
    mxSetField(S, 0, "last_arm", mxCreateDoubleScalar(last < 0 ? NAN : (double)(last + 1)));
    mxArray *ctx = mxCreateDoubleMatrix(1, 2, mxREAL);
    mxGetPr(ctx)[0] = o.context_min;
    mxGetPr(ctx)[1] = o.context_max;
    mxSetField(S, 0, "context", ctx);
    mxSetField(S, 0, "cheb_m", mxCreateDoubleScalar((double)o.cheb_m));
    mxSetField(S, 0, "bins", mxCreateDoubleScalar((double)o.n_bins));
    mxSetField(S, 0, "cost_offset", mxCreateDoubleScalar(o.cost_offset));
    mxSetField(S, 0, "eta", mxCreateDoubleScalar(o.eta));
    plhs[0] = S;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    char cmd[32];
    kes_mex_begin();
    kes_mex_command(nrhs, prhs, cmd, "kes_tuner_mex");
    if (!strcmp(cmd, "create")) cmd_create(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "choose")) cmd_choose(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "observe")) cmd_observe(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "set_system")) cmd_set_system(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "probabilities")) cmd_probabilities(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "predicted_costs")) cmd_predicted_costs(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "save")) cmd_save(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "load")) cmd_load(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "info")) cmd_info(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "destroy") || !strcmp(cmd, "release")) {
        kes_mex_nargs(nlhs, nrhs, 2, 2, 0, "kes_tuner_destroy(t)");
        kes_mex_handle_remove(&tuners, prhs[1], cmd[0] == 'r');
    } else if (!strcmp(cmd, "count")) {
        plhs[0] = mxCreateDoubleScalar((double)tuners.n);
    } else {
        kes_mex_error("kestrel:usage", "kes_tuner_mex: unknown command '%s'", cmd);
    }
    kes_mex_end();
}
