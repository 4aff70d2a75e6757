/* Gateway of Gaussian-process regression: one MEX file holds every fitted
 * model of the session (a handle table, see kes_mex_util.h); kes_gp_fit,
 * kes_gp_predict, kes_gp_theta, kes_gp_log_marginal_likelihood,
 * kes_gp_info and kes_gp_destroy are .m files that call it:
 *   h = kes_gp_mex('fit', X, y, name, value, ...)
 *   [mean, var] = kes_gp_mex('predict', h, Xs)
 *   theta = kes_gp_mex('theta', h);   [lml, grad] = kes_gp_mex('lml', h)
 *   s = kes_gp_mex('info', h);        kes_gp_mex('destroy', h) / ('release', h)
 *   [mean, C] = kes_gp_mex('predict_cov', h, Xs)
 *   [F, jitter] = kes_gp_mex('sample', h, Xs, ns, 'seed', s)
 *   kes_gp_mex('save', h, path);      h = kes_gp_mex('load', path)
 *   [K, p] = kes_gp_mex('cov_matrix', desc, theta, X, Z)   (Z = [] for X against itself)
 * The kernel and mean names are tables: a kind added to gp.h is one line.
 *
 * Composite covariances ('cov' option of fit): a description in cells,
 * turned into a kes_gp_cov tree for the call (the model keeps its own copy):
 *   'se', 'matern32', ..., 'periodic'      a leaf on every coordinate
 *   {'matern32', k}, {'periodic', k}       a leaf on coordinate k (1-based; 0: all)
 *   {'sm', Q, k, density}                  spectral mixture, Q components; k, density
 *                                          ('gaussian' or 'student_t') optional
 *   {'sum', c1, c2, ...}, {'product', c1, c2, ...}   left to right
 *   {'scale', c}                           s2 * c (log s2 first) */
#include "kes_mex_gp.h"

/* A fitted model and what kes_gp does not report: its input dimension (so
 * that predict can check Xs) and kernel. */
typedef struct model {
    kes_gp *gp;
    int64_t d;
    int kernel; /* a kes_gp_kernel, or COMPOSITE */
} model;

#define COMPOSITE (-1)

static void free_model(void *p)
{
    model *m = (model *)p;
    kes_gp_destroy(m->gp);
    free(m);
}
static void free_gp(void *p) { kes_gp_destroy((kes_gp *)p); }
static kes_mex_handle_table models = {NULL, NULL, 0, 0, 1, free_model, "GP model", 0, 0};
static void at_exit(void) { kes_mex_handles_clear(&models); }

static const kes_mex_name optimizers[] = {{"bfgs", KES_GP_OPT_BFGS}, {"gsl_bfgs2", KES_GP_OPT_GSL_BFGS2}, {NULL, 0}};
static const kes_mex_name densities[] = {{"gaussian", KES_GP_SM_GAUSSIAN}, {"student_t", KES_GP_SM_STUDENT_T}, {NULL, 0}};
static const kes_mex_name means[] = {{"zero", KES_GP_MEAN_ZERO}, {"constant", KES_GP_MEAN_CONSTANT}, {NULL, 0}};

static const char *kernel_name(int k)
{
    if (k == COMPOSITE) return "composite";
    for (const kes_mex_name *t = kes_mex_gp_kernels + 1; t->name; t++)
        if (t->value == k) return t->name;
    return "unknown";
}

static void bounds(const mxArray *v, const char *what, double *lo, double *hi)
{
    const double *b = kes_mex_vector(v, 2, what);
    *lo = b[0];
    *hi = b[1];
}

static void free_cov(void *p) { kes_gp_cov_destroy((kes_gp_cov *)p); }

/* Coordinate k (1-based, 0 or [] for all) as the library's dim (-1 for all). */
static int64_t cov_dim(const mxArray *a, int64_t d)
{
    if (mxIsDouble(a) && mxGetNumberOfElements(a) == 0) return -1;
    return kes_mex_int(a, 0, d, "covariance coordinate") - 1;
}

/* The tree of description a for inputs of dimension d, registered for
 * release with the call (see the file comment). */
static kes_gp_cov *cov_build(const mxArray *a, int64_t d, int depth)
{
    char name[64];
    kes_gp_cov *c = NULL;
    kes_status st;
    if (depth > 16) kes_mex_error("kestrel:EINVAL", "covariance description nested deeper than 16");
    if (mxIsChar(a)) {
        kes_mex_string(a, name, sizeof name, "covariance");
        kes_mex_normalize_name(name);
        if (!strcmp(name, "periodic")) st = kes_gp_cov_periodic(d, -1, &c);
        else if (!strcmp(name, "sm") || !strcmp(name, "spectral_mixture"))
            st = kes_gp_cov_spectral_mixture(d, -1, 1, KES_GP_SM_GAUSSIAN, &c);
        else st = kes_gp_cov_create((kes_gp_kernel)kes_mex_enum(a, kes_mex_gp_kernels, "covariance leaf"), d, -1, &c);
        if (st) kes_mex_fail("kes_gp_cov", st);
        return (kes_gp_cov *)kes_mex_keep(c, free_cov);
    }
    if (!mxIsCell(a) || mxGetNumberOfElements(a) < 1 || !mxIsChar(mxGetCell(a, 0)))
        kes_mex_error("kestrel:type", "a covariance is a name or a cell {name, ...}");
    size_t k = mxGetNumberOfElements(a);
    const mxArray *head = mxGetCell(a, 0);
    kes_mex_string(head, name, sizeof name, "covariance");
    kes_mex_normalize_name(name);
    if (!strcmp(name, "sum") || !strcmp(name, "product")) {
        if (k < 3) kes_mex_error("kestrel:usage", "{'%s', c1, c2, ...} needs two operands at least", name);
        kes_gp_cov *left = cov_build(mxGetCell(a, 1), d, depth + 1);
        for (size_t i = 2; i < k; i++) {
            kes_gp_cov *right = cov_build(mxGetCell(a, i), d, depth + 1), *out = NULL;
            st = name[0] == 's' ? kes_gp_cov_sum(left, right, &out) : kes_gp_cov_product(left, right, &out);
            if (st) kes_mex_fail(name[0] == 's' ? "kes_gp_cov_sum" : "kes_gp_cov_product", st);
            kes_mex_unkeep(right); /* owned by out now */
            kes_mex_unkeep(left);
            left = (kes_gp_cov *)kes_mex_keep(out, free_cov);
        }
        return left;
    }
    if (!strcmp(name, "scale")) {
        if (k != 2) kes_mex_error("kestrel:usage", "{'scale', c} takes one operand");
        kes_gp_cov *inner = cov_build(mxGetCell(a, 1), d, depth + 1), *out = NULL;
        st = kes_gp_cov_scale(inner, &out);
        if (st) kes_mex_fail("kes_gp_cov_scale", st);
        kes_mex_unkeep(inner);
        return (kes_gp_cov *)kes_mex_keep(out, free_cov);
    }
    if (!strcmp(name, "sm") || !strcmp(name, "spectral_mixture")) {
        if (k > 4) kes_mex_error("kestrel:usage", "{'sm', Q, coordinate, density}");
        int64_t Q = k > 1 ? kes_mex_int(mxGetCell(a, 1), INT32_MIN, INT32_MAX, "Q") : 1;
        int64_t dim = k > 2 ? cov_dim(mxGetCell(a, 2), d) : -1;
        kes_gp_sm_density dens =
            k > 3 ? (kes_gp_sm_density)kes_mex_enum(mxGetCell(a, 3), densities, "density") : KES_GP_SM_GAUSSIAN;
        st = kes_gp_cov_spectral_mixture(d, dim, Q, dens, &c);
        if (st) kes_mex_fail("kes_gp_cov_spectral_mixture", st);
        return (kes_gp_cov *)kes_mex_keep(c, free_cov);
    }
    if (k > 2) kes_mex_error("kestrel:usage", "{'%s', coordinate} takes one coordinate", name);
    int64_t dim = k > 1 ? cov_dim(mxGetCell(a, 1), d) : -1;
    if (!strcmp(name, "periodic")) {
        st = kes_gp_cov_periodic(d, dim, &c);
    } else {
        st = kes_gp_cov_create((kes_gp_kernel)kes_mex_enum(head, kes_mex_gp_kernels, "covariance leaf"), d, dim, &c);
    }
    if (st) kes_mex_fail("kes_gp_cov", st);
    return (kes_gp_cov *)kes_mex_keep(c, free_cov);
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
    const double *lo = NULL, *hi = NULL;
    const mxArray *covdesc = NULL, *theta0_a = NULL, *lo_a = NULL, *hi_a = NULL;
    int pos = 3;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "kernel")) o.kernel = (kes_gp_kernel)kes_mex_enum(v, kes_mex_gp_kernels, "GP kernel");
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
        else if (!strcmp(opt, "matern_nu")) o.matern_nu = kes_mex_scalar(v, opt);
        else if (!strcmp(opt, "matern_nu_bounds")) bounds(v, opt, &o.matern_nu_lo, &o.matern_nu_hi);
        else if (!strcmp(opt, "optimizer")) o.optimizer = (kes_gp_optimizer)kes_mex_enum(v, optimizers, "optimizer");
        else if (!strcmp(opt, "theta0")) theta0_a = v;
        else if (!strcmp(opt, "cov")) covdesc = v;
        else if (!strcmp(opt, "theta_lower")) lo_a = v;
        else if (!strcmp(opt, "theta_upper")) hi_a = v;
        else if (!strcmp(opt, "seed")) seed = kes_mex_seed(v);
        else kes_mex_bad_option(opt, "kernel, cov, mean, optimize, restarts, signal_var, signal_var_bounds, "
                                     "length_scale, length_scale_bounds, rq_alpha, rq_alpha_bounds, matern_nu, "
                                     "matern_nu_bounds, noise_var, noise_var_bounds, optimizer, max_iter, gtol, "
                                     "theta0, theta_lower, theta_upper, seed");
    }
    if (d < 1 || n < 1) kes_mex_error("kestrel:EDIM", "kes_gp_fit: X is empty");
    if (!covdesc && (lo_a || hi_a))
        kes_mex_error("kestrel:usage", "theta_lower and theta_upper go with 'cov' (use '<name>_bounds' otherwise)");
    /* The parameter count of a tree is known only once it is built. */
    kes_gp_cov *cov = covdesc ? cov_build(covdesc, d, 0) : NULL;
    int64_t p = cov ? kes_gp_cov_n_params(cov) + 1 : kes_gp_n_params(o.kernel, d);
    if (cov && !theta0_a)
        kes_mex_error("kestrel:usage", "'cov' needs 'theta0' (%lld log-hyperparameters)", (long long)p);
    if (theta0_a) o.theta0 = kes_mex_vector(theta0_a, p, "theta0");
    if (lo_a) lo = kes_mex_vector(lo_a, p, "theta_lower");
    if (hi_a) hi = kes_mex_vector(hi_a, p, "theta_upper");
    kes_rng *rng = kes_mex_rng(seed);
    kes_gp *gp = NULL;
    kes_status st = cov ? kes_gp_fit_cov(X, n, d, n, y, cov, o.theta0, lo, hi, &o, rng, &gp)
                        : kes_gp_fit(X, n, d, n, y, &o, rng, &gp);
    kes_mex_check(cov ? "kes_gp_fit_cov" : "kes_gp_fit", st);
    kes_mex_keep(gp, free_gp);
    model *mo = (model *)malloc(sizeof *mo);
    if (!mo) kes_mex_error("kestrel:ENOMEM", "kes_gp_fit: out of memory");
    kes_mex_unkeep(gp);
    mo->gp = gp;
    mo->d = d;
    mo->kernel = cov ? COMPOSITE : (int)o.kernel;
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

static void cmd_predict_cov(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 3, 3, 2, "[mean, C] = kes_gp_predict_cov(gp, Xs)");
    const model *mo = (const model *)kes_mex_handle_get(&models, prhs[1]);
    const double *Xs = kes_mex_matrix_arg(prhs[2], mo->d, "Xs");
    int64_t m = (int64_t)mxGetM(prhs[2]);
    if (m < 1) kes_mex_error("kestrel:EDIM", "kes_gp_predict_cov: Xs has no rows");
    if (m > 46340) kes_mex_error("kestrel:ERANGE", "kes_gp_predict_cov: %lld queries make too large a covariance",
                                 (long long)m);
    mxArray *M = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, 1, mxREAL), kes_mex_free_array);
    mxArray *C = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, (size_t)m, mxREAL), kes_mex_free_array);
    kes_mex_check("kes_gp_predict_cov", kes_gp_predict_cov(mo->gp, Xs, m, m, mxGetPr(M), mxGetPr(C), m));
    kes_mex_unkeep(M);
    plhs[0] = M;
    if (nlhs > 1) {
        kes_mex_unkeep(C);
        plhs[1] = C;
    }
}

static void cmd_sample(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[F, jitter] = kes_gp_sample(gp, Xs, ns, 'seed', s)";
    kes_mex_nargs(nlhs, nrhs, 4, 6, 2, usage);
    const model *mo = (const model *)kes_mex_handle_get(&models, prhs[1]);
    const double *Xs = kes_mex_matrix_arg(prhs[2], mo->d, "Xs");
    int64_t m = (int64_t)mxGetM(prhs[2]);
    int64_t ns = kes_mex_int(prhs[3], INT32_MIN, INT32_MAX, "ns");
    uint64_t seed = kes_mex_default_seed();
    int pos = 4;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "seed")) seed = kes_mex_seed(v);
        else kes_mex_bad_option(opt, "seed");
    }
    if (m < 1 || ns < 1) kes_mex_error("kestrel:EDIM", "kes_gp_sample: Xs must have rows and ns must be >= 1");
    if (m > 46340) kes_mex_error("kestrel:ERANGE", "kes_gp_sample: %lld queries make too large a covariance",
                                 (long long)m);
    kes_rng *rng = kes_mex_rng(seed);
    mxArray *F = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)m, (size_t)ns, mxREAL), kes_mex_free_array);
    double jitter = 0;
    kes_mex_check("kes_gp_sample", kes_gp_sample(mo->gp, Xs, m, m, ns, rng, mxGetPr(F), m, &jitter));
    kes_mex_unkeep(F);
    plhs[0] = F;
    if (nlhs > 1) plhs[1] = mxCreateDoubleScalar(jitter);
}

static void cmd_save(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 3, 3, 0, "kes_gp_save(gp, path)");
    const model *mo = (const model *)kes_mex_handle_get(&models, prhs[1]);
    const char *path = kes_mex_path(prhs[2], "path");
    kes_status st = kes_gp_save(mo->gp, path);
    if (st) kes_mex_error(kes_mex_status_id(st), "kes_gp_save: %s: %s", path, kes_strerror(st));
}

static void close_file(void *p) { fclose((FILE *)p); }

/* gp.h has no getter of the input dimension or kernel, which predict needs
 * to check its queries; both are in the file's header ("sizes n d p",
 * "model kernel K" or "model cov"), read here from the same stream that
 * kes_gp_load_stream then reads in full. */
static void cmd_load(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, "gp = kes_gp_load(path)");
    const char *path = kes_mex_path(prhs[1], "path");
    FILE *f = fopen(path, "r");
    if (!f) kes_mex_error("kestrel:EIO", "kes_gp_load: %s: %s", path, kes_strerror(KES_EIO));
    kes_mex_keep(f, close_file);
    char magic[64], kind[16];
    int version = 0, mean = 0, kernel = COMPOSITE;
    long long n = 0, d = 0, p = 0;
    int ok = fscanf(f, "%63s %d sizes %lld %lld %lld mean %d model %15s", magic, &version, &n, &d, &p, &mean, kind) == 7;
    if (ok && !strcmp(kind, "kernel")) ok = fscanf(f, "%d", &kernel) == 1;
    else if (ok) ok = !strcmp(kind, "cov");
    if (!ok || d < 1) kes_mex_error("kestrel:EPARSE", "kes_gp_load: %s: %s", path, kes_strerror(KES_EPARSE));
    rewind(f);
    kes_gp *gp = NULL;
    kes_status st = kes_gp_load_stream(f, &gp);
    if (st) kes_mex_error(kes_mex_status_id(st), "kes_gp_load: %s: %s", path, kes_strerror(st));
    kes_mex_keep(gp, free_gp);
    model *mo = (model *)malloc(sizeof *mo);
    if (!mo) kes_mex_error("kestrel:ENOMEM", "kes_gp_load: out of memory");
    kes_mex_unkeep(gp);
    mo->gp = gp;
    mo->d = (int64_t)d;
    mo->kernel = kernel;
    plhs[0] = kes_mex_handle_add(&models, mo, at_exit);
}

static void cmd_cov_matrix(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[K, p] = kes_gp_cov_matrix(cov, theta, X, Z)";
    kes_mex_nargs(nlhs, nrhs, 4, 5, 2, usage);
    const double *X = kes_mex_matrix_arg(prhs[3], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[3]), d = (int64_t)mxGetN(prhs[3]);
    const mxArray *Za = nrhs > 4 && !(mxIsDouble(prhs[4]) && mxGetNumberOfElements(prhs[4]) == 0) ? prhs[4] : prhs[3];
    const double *Z = kes_mex_matrix_arg(Za, d, "Z");
    int64_t m = (int64_t)mxGetM(Za);
    const double *theta = kes_mex_full(prhs[2], "theta");
    if (n < 1 || d < 1 || m < 1) kes_mex_error("kestrel:EDIM", "kes_gp_cov_matrix: X and Z must not be empty");
    kes_gp_cov *cov = cov_build(prhs[1], d, 0);
    int64_t p = kes_gp_cov_n_params(cov);
    kes_mex_vector(prhs[2], p, "theta");
    mxArray *K = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)n, (size_t)m, mxREAL), kes_mex_free_array);
    kes_mex_check("kes_gp_cov_matrix", kes_gp_cov_matrix(cov, theta, X, n, n, Z, m, m, mxGetPr(K), n));
    kes_mex_unkeep(K);
    plhs[0] = K;
    if (nlhs > 1) plhs[1] = mxCreateDoubleScalar((double)p);
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
    else if (!strcmp(cmd, "predict_cov")) cmd_predict_cov(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "cov_matrix")) cmd_cov_matrix(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "sample")) cmd_sample(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "save")) cmd_save(nlhs, plhs, nrhs, prhs);
    else if (!strcmp(cmd, "load")) cmd_load(nlhs, plhs, nrhs, prhs);
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
