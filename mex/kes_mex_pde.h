/* Grid helpers of the spectral PDE wrappers: the grid is the shape of the
 * input array (a vector is 1-D, a matrix 2-D, a 3-D array 3-D; Octave's
 * column-major order is Kestrel's first-index-fastest order), the box
 * length a scalar (every axis) or one per axis. */
#ifndef KES_MEX_PDE_H
#define KES_MEX_PDE_H

#include "kes_mex_util.h"

static inline void kes_mex_free_fourier_poisson(void *p) { kes_fourier_poisson_destroy((kes_fourier_poisson *)p); }

/* Grid of array a: *dim axes in n[]; lengths from L (scalar or per axis). */
static inline void kes_mex_grid(const mxArray *a, const mxArray *L, int *dim, int64_t n[3], double len[3])
{
    kes_mex_full(a, "the grid array");
    size_t nd = mxGetNumberOfDimensions(a);
    const mwSize *dims = mxGetDimensions(a);
    if (mxGetNumberOfElements(a) == 0) kes_mex_error("kestrel:EDIM", "the grid array is empty");
    if (nd == 2 && (dims[0] == 1 || dims[1] == 1)) {
        *dim = 1;
        n[0] = (int64_t)mxGetNumberOfElements(a);
    } else if (nd <= 3) {
        *dim = (int)nd;
        for (size_t k = 0; k < nd; k++) n[k] = (int64_t)dims[k];
    } else {
        kes_mex_error("kestrel:EDIM", "grids have 1 to 3 axes, this array has %d", (int)nd);
    }
    const double *l = kes_mex_full(L, "L");
    size_t nl = mxGetNumberOfElements(L);
    if (nl != 1 && nl != (size_t)*dim)
        kes_mex_error("kestrel:EDIM", "L must be a scalar or have one length per axis (%d)", *dim);
    for (int k = 0; k < *dim; k++) len[k] = l[nl == 1 ? 0 : k];
}

/* ------------------------------------------------ GP collocation (GP-HM) */

/* Operators and spectra by name ('-' reads as '_'). */
static inline kes_gpcol_op kes_mex_gpcol_op(const mxArray *a)
{
    static const kes_mex_name ops[] = {{"poisson", KES_GPCOL_POISSON},
                                       {"helmholtz", KES_GPCOL_HELMHOLTZ},
                                       {"allen_cahn", KES_GPCOL_ALLEN_CAHN},
                                       {NULL, 0}};
    return (kes_gpcol_op)kes_mex_enum(a, ops, "operator");
}

/* The options after prhs[pos]: 'k2' (when allow_k2), 'components',
 * 'max_iter', 'tol', 'spectrum', 'jitter', 'seed'.  Every value is checked
 * here, before anything is allocated, with the status the library would
 * give.  *seeded is 1 when a seed was given. */
static inline void kes_mex_gpcol_options(int nrhs, const mxArray *prhs[], int pos, int allow_k2, kes_gpcol_opts *o,
                                         int *seeded, uint64_t *seed)
{
    static const kes_mex_name spectra[] = {{"gaussian", KES_GPCOL_GAUSSIAN},
                                           {"student_t", KES_GPCOL_STUDENT_T},
                                           {NULL, 0}};
    const char *known = allow_k2 ? "k2, components, max_iter, tol, spectrum, jitter, seed"
                                 : "components, max_iter, tol, spectrum, jitter, seed";
    *o = kes_gpcol_opts_default();
    *seeded = 0;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (allow_k2 && !strcmp(opt, "k2")) {
            o->k2 = kes_mex_scalar(v, "k2");
            if (!isfinite(o->k2)) kes_mex_error("kestrel:EDOM", "k2 must be finite");
        } else if (!strcmp(opt, "components")) {
            o->components = (int)kes_mex_int(v, 1, 200, "components");
        } else if (!strcmp(opt, "max_iter")) {
            o->max_iter = kes_mex_int(v, 0, INT64_C(1) << 52, "max_iter");
        } else if (!strcmp(opt, "tol")) {
            o->tol = kes_mex_scalar(v, "tol");
            if (!(isfinite(o->tol) && o->tol > 0)) kes_mex_error("kestrel:EINVAL", "tol must be finite and positive");
        } else if (!strcmp(opt, "spectrum")) {
            o->spectrum = (kes_gpcol_spectrum)kes_mex_enum(v, spectra, "spectrum");
        } else if (!strcmp(opt, "jitter")) {
            o->jitter = kes_mex_scalar(v, "jitter");
            if (!(o->jitter >= 0 && o->jitter <= 1e-3)) kes_mex_error("kestrel:EINVAL", "jitter must be in [0, 1e-3]");
        } else if (!strcmp(opt, "seed")) {
            *seed = kes_mex_seed(v);
            *seeded = 1;
        } else {
            kes_mex_bad_option(opt, known);
        }
    }
}

/* The statistics as a struct, with status 'OK' or 'NOCONV'. */
static inline mxArray *kes_mex_gpcol_stats(const kes_gpcol_stats *s, kes_status st)
{
    static const char *fields[] = {"points_per_wavelength", "objective", "residual", "error_estimate", "jitter",
                                   "noise", "evaluations", "newton", "components", "status"};
    mxArray *S = mxCreateStructMatrix(1, 1, 10, fields);
    double v[9] = {s->points_per_wavelength, s->objective, s->residual, s->error_estimate, s->jitter,
                   s->noise, (double)s->evaluations, (double)s->newton, (double)s->components};
    for (int k = 0; k < 9; k++) mxSetFieldByNumber(S, 0, k, mxCreateDoubleScalar(v[k]));
    mxSetFieldByNumber(S, 0, 9, mxCreateString(kes_mex_status_id(st) + 8));
    return S;
}

/* f and g of the grid solvers: an Octave function handle called at one
 * point x (a 1 x dim row) at a time, or a real scalar (a constant).
 *
 * A handle is called as cellfun(fn, {x}, 'UniformOutput', false,
 * 'ErrorHandler', @(s, varargin) s) through mexCallMATLABWithTrap
 * (kes_mex_call_trapped, so that a handle calling the same function again
 * gets kestrel:usage rather than releasing this call's objects): an
 * error inside it comes back as a value (Octave's trap alone keeps no
 * message), never as a jump over the library's clean-up.  The first
 * failure (an error, a value that is not a real scalar, a value that is
 * not finite) is recorded with its point, NaN goes back to the library,
 * which stops with KES_ENAN, and kes_mex_field_raise() then raises it:
 * the handle's own identifier and message (kestrel:callback when it had
 * no identifier), kestrel:type or kestrel:ENAN. */
typedef struct kes_mex_field_ctx {
    const mxArray *fn[2]; /* f, g: handles, or NULL for a constant */
    double value[2];
    int dim;
    mxArray *args[6]; /* fn, {x}, 'UniformOutput', false, 'ErrorHandler', handler */
    mxArray *x;       /* the point, inside args[1] */
    int failed;       /* 0, or one of the KES_MEX_FIELD_* below */
    int which;        /* 0: f, 1: g */
    double at[2];
    char id[128], msg[768];
} kes_mex_field_ctx;

enum { KES_MEX_FIELD_THROW = 1, KES_MEX_FIELD_TRAP, KES_MEX_FIELD_TYPE, KES_MEX_FIELD_NAN };

/* f or g from argument a (named what).  Checked, nothing allocated. */
static inline void kes_mex_field_arg(kes_mex_field_ctx *c, int k, const mxArray *a, const char *what)
{
    if (mxIsClass(a, "function_handle")) {
        c->fn[k] = a;
        return;
    }
    if ((!mxIsNumeric(a) && !mxIsLogical(a)) || mxIsComplex(a) || mxIsSparse(a) || mxGetNumberOfElements(a) != 1)
        kes_mex_error("kestrel:type", "%s must be a function handle or a real scalar", what);
    c->fn[k] = NULL;
    c->value[k] = mxGetScalar(a);
}

/* The call arguments, once the fields and dim are known (each registered
 * with the call: released on every path). */
static inline void kes_mex_field_prepare(kes_mex_field_ctx *c)
{
    if (!c->fn[0] && !c->fn[1]) return;
    c->x = mxCreateDoubleMatrix(1, (size_t)c->dim, mxREAL);
    c->args[1] = (mxArray *)kes_mex_keep(mxCreateCellMatrix(1, 1), kes_mex_free_array);
    mxSetCell(c->args[1], 0, c->x); /* the cell owns x */
    c->args[2] = (mxArray *)kes_mex_keep(mxCreateString("UniformOutput"), kes_mex_free_array);
    c->args[3] = (mxArray *)kes_mex_keep(mxCreateLogicalScalar(0), kes_mex_free_array);
    c->args[4] = (mxArray *)kes_mex_keep(mxCreateString("ErrorHandler"), kes_mex_free_array);
    mxArray *src = (mxArray *)kes_mex_keep(mxCreateString("@(s, varargin) s"), kes_mex_free_array), *h[1] = {NULL};
    mxArray *err = mexCallMATLABWithTrap(1, h, 1, &src, "str2func");
    if (err || !h[0]) {
        if (err) mxDestroyArray(err);
        kes_mex_error("kestrel:callback", "cannot create the error handler of the callbacks");
    }
    c->args[5] = (mxArray *)kes_mex_keep(h[0], kes_mex_free_array);
}

static inline void kes_mex_field_fail(kes_mex_field_ctx *c, int kind, int which, const double *x)
{
    c->failed = kind;
    c->which = which;
    for (int j = 0; j < c->dim; j++) c->at[j] = x[j];
}

/* A field string member of an error struct into buf. */
static inline void kes_mex_field_string(const mxArray *s, const char *name, char *buf, size_t cap)
{
    buf[0] = 0;
    mxArray *m = mxGetField(s, 0, name);
    if (m && mxIsChar(m)) mxGetString(m, buf, cap);
}

static inline double kes_mex_field_eval(kes_mex_field_ctx *c, int which, const double *x)
{
    if (c->failed) return NAN;
    double v;
    if (!c->fn[which]) {
        v = c->value[which];
    } else {
        memcpy(mxGetPr(c->x), x, (size_t)c->dim * sizeof(double));
        c->args[0] = (mxArray *)c->fn[which];
        mxArray *out[1] = {NULL};
        mxArray *err = kes_mex_call_trapped(1, out, 6, c->args, "cellfun");
        if (err) {
            mxDestroyArray(err);
            if (out[0]) mxDestroyArray(out[0]);
            kes_mex_field_fail(c, KES_MEX_FIELD_TRAP, which, x);
            return NAN;
        }
        const mxArray *r = out[0] && mxIsCell(out[0]) && mxGetNumberOfElements(out[0]) == 1 ? mxGetCell(out[0], 0) : NULL;
        if (r && mxIsStruct(r) && mxGetFieldNumber(r, "message") >= 0 && mxGetFieldNumber(r, "index") >= 0) {
            kes_mex_field_string(r, "identifier", c->id, sizeof c->id);
            kes_mex_field_string(r, "message", c->msg, sizeof c->msg);
            mxDestroyArray(out[0]);
            kes_mex_field_fail(c, KES_MEX_FIELD_THROW, which, x);
            return NAN;
        }
        if (!r || (!mxIsNumeric(r) && !mxIsLogical(r)) || mxIsComplex(r) || mxIsSparse(r) ||
            mxGetNumberOfElements(r) != 1) {
            if (r)
                snprintf(c->msg, sizeof c->msg, "a %dx%d%s%s %s", (int)mxGetM(r), (int)mxGetN(r),
                         mxIsComplex(r) ? " complex" : "", mxIsSparse(r) ? " sparse" : "", mxGetClassName(r));
            else
                snprintf(c->msg, sizeof c->msg, "no value");
            if (out[0]) mxDestroyArray(out[0]);
            kes_mex_field_fail(c, KES_MEX_FIELD_TYPE, which, x);
            return NAN;
        }
        v = mxGetScalar(r);
        mxDestroyArray(out[0]);
    }
    if (!isfinite(v)) kes_mex_field_fail(c, KES_MEX_FIELD_NAN, which, x);
    return v;
}

static inline double kes_mex_field_f(const double *x, void *ctx) { return kes_mex_field_eval((kes_mex_field_ctx *)ctx, 0, x); }
static inline double kes_mex_field_g(const double *x, void *ctx) { return kes_mex_field_eval((kes_mex_field_ctx *)ctx, 1, x); }

/* After the library returned: raise a recorded failure of f or g. */
static inline void kes_mex_field_raise(const kes_mex_field_ctx *c, const char *fn)
{
    if (!c->failed) return;
    char at[96];
    if (c->dim == 1) snprintf(at, sizeof at, "x = %.17g", c->at[0]);
    else snprintf(at, sizeof at, "x = [%.17g, %.17g]", c->at[0], c->at[1]);
    const char *name = c->which ? "g" : "f";
    char id[128], msg[768];
    snprintf(id, sizeof id, "%s", c->id);
    snprintf(msg, sizeof msg, "%s", c->msg);
    switch (c->failed) {
    case KES_MEX_FIELD_THROW:
        kes_mex_error(id[0] ? id : "kestrel:callback", "%s: %s failed at %s: %s", fn, name, at, msg);
        break;
    case KES_MEX_FIELD_TRAP:
        kes_mex_error("kestrel:callback", "%s: calling %s failed at %s", fn, name, at);
        break;
    case KES_MEX_FIELD_TYPE:
        kes_mex_error("kestrel:type", "%s: %s returned %s at %s; a real scalar expected", fn, name, msg, at);
        break;
    default:
        kes_mex_error("kestrel:ENAN", "%s: %s is not finite at %s", fn, name, at);
    }
}

/* [u, stats] = <name>(op, lo, hi, n, f, g, options) for kes_gpcol_solve
 * (fixed_op < 0) and (lo, hi, n, f, g, options) for kes_gpcol_poisson
 * (fixed_op = KES_GPCOL_POISSON, no 'k2'). */
static inline void kes_mex_gpcol_grid(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[], int fixed_op,
                                      const char *usage)
{
    kes_mex_begin();
    int a0 = fixed_op < 0 ? 1 : 0;
    kes_mex_nargs(nlhs, nrhs, a0 + 5, -1, 2, usage);
    if ((nrhs - a0 - 5) % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    kes_gpcol_op op = fixed_op < 0 ? kes_mex_gpcol_op(prhs[0]) : (kes_gpcol_op)fixed_op;
    const double *lo = kes_mex_vector(prhs[a0], -1, "lo");
    int dim = (int)mxGetNumberOfElements(prhs[a0]);
    if (dim < 1) kes_mex_error("kestrel:EDIM", "lo is empty");
    if (dim > 2) kes_mex_error("kestrel:ENOTSUP", "1-D and 2-D boxes only; lo has %d entries", dim);
    const double *hi = kes_mex_vector(prhs[a0 + 1], dim, "hi");
    const double *nv = kes_mex_vector(prhs[a0 + 2], -1, "n");
    size_t nn = mxGetNumberOfElements(prhs[a0 + 2]);
    if (nn != 1 && nn != (size_t)dim) kes_mex_error("kestrel:EDIM", "n must be a scalar or have %d entries", dim);
    int64_t n[2];
    double l[2], h[2];
    for (int j = 0; j < dim; j++) {
        double v = nv[nn == 1 ? 0 : j];
        if (v != floor(v) || !isfinite(v)) kes_mex_error("kestrel:EDIM", "n(%d) must be an integer", j + 1);
        if (v < 4) kes_mex_error("kestrel:EDIM", "n(%d) = %g: at least 4 points per axis", j + 1, v);
        if (v > 2048) kes_mex_error("kestrel:ERANGE", "n(%d) = %g: at most 2048 points per axis", j + 1, v);
        n[j] = (int64_t)v;
        l[j] = lo[j];
        h[j] = hi[j];
        if (!(isfinite(l[j]) && isfinite(h[j]) && h[j] > l[j] && isfinite(h[j] - l[j])))
            kes_mex_error("kestrel:EDOM", "the box: lo(%d) < hi(%d), both finite, expected", j + 1, j + 1);
    }
    kes_mex_field_ctx c;
    memset(&c, 0, sizeof c);
    c.dim = dim;
    kes_mex_field_arg(&c, 0, prhs[a0 + 3], "f");
    kes_mex_field_arg(&c, 1, prhs[a0 + 4], "g");
    kes_gpcol_opts o;
    int seeded;
    uint64_t seed = 0;
    kes_mex_gpcol_options(nrhs, prhs, a0 + 5, fixed_op < 0, &o, &seeded, &seed);
    /* everything checked: allocate */
    kes_rng *rng = seeded ? kes_mex_rng(seed) : NULL;
    mxArray *U = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix((size_t)n[0], dim == 2 ? (size_t)n[1] : 1, mxREAL),
                                          kes_mex_free_array);
    kes_mex_field_prepare(&c);
    kes_gpcol_stats s;
    memset(&s, 0, sizeof s);
    const char *cname = fixed_op < 0 ? "kes_gpcol_solve" : "kes_gpcol_poisson";
    kes_status st = kes_gpcol_solve(op, dim, n, l, h, kes_mex_field_f, kes_mex_field_g, &c, &o, rng, mxGetPr(U), &s);
    kes_mex_field_raise(&c, cname);
    kes_mex_check(cname, st);
    kes_mex_unkeep(U);
    plhs[0] = U;
    if (nlhs > 1) plhs[1] = kes_mex_gpcol_stats(&s, st);
    else if (st == KES_NOCONV)
        mexWarnMsgIdAndTxt("kestrel:NOCONV", "the hyperparameter optimiser (or Newton) stopped before its tolerance; "
                                             "u is the solution at the best hyperparameters found");
    kes_mex_end();
}

#endif
