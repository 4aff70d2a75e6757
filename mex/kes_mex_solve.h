/* The gateway shared by kes_cg_solve.c, kes_sor_solve.c and
 * kes_ssor_pcg_solve.c:
 *   [x, stats] = NAME(A, b[, omega], 'tol', t, 'max_iter', k, 'x0', x0,
 *                     'stop', 'auto'|'rel_b'|'rel_r0', 'history', true)
 * A sparse or full (see kes_mex_matrix), b a vector.  Without 'x0' the
 * solve starts from zero.  stats: iterations, residual, converged,
 * residual_norm, initial_residual_norm, b_norm, status (the Kestrel status
 * name, 'OK' or 'NOCONV') and history (relative residual after each
 * iteration, empty unless 'history' is true).  Not converging is not an
 * error: x is the last iterate, stats.converged is false, and without a
 * second output a warning kestrel:NOCONV says so. */
#ifndef KES_MEX_SOLVE_H
#define KES_MEX_SOLVE_H

#include "kes_mex_util.h"

typedef kes_status (*kes_mex_solver_fn)(const kes_csr *A, const double *b, double *x, double omega,
                                        const kes_solve_opts *o, kes_solve_stats *st);

static const kes_mex_name kes_mex_stop_rules[] = {
    {"auto", KES_STOP_AUTO}, {"rel_b", KES_STOP_REL_B}, {"rel_r0", KES_STOP_REL_R0}, {NULL, 0}};

static inline void kes_mex_solve(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[], const char *name,
                                 int has_omega, kes_mex_solver_fn fn)
{
    char usage[160];
    snprintf(usage, sizeof usage, "[x, stats] = %s(A, b%s, 'tol', t, 'max_iter', k, 'x0', x0, 'stop', s, 'history', h)",
             name, has_omega ? ", omega" : "");
    int first = has_omega ? 3 : 2;
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, first, -1, 2, usage);
    if ((nrhs - first) % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    if (!kes_mex_is_real_double(prhs[0])) kes_mex_error("kestrel:type", "A must be a real double matrix");
    int64_t n = (int64_t)mxGetM(prhs[0]);
    if ((int64_t)mxGetN(prhs[0]) != n) kes_mex_error("kestrel:EDIM", "%s: A must be square", name);
    const double *b = kes_mex_vector(prhs[1], n, "b");
    double omega = has_omega ? kes_mex_scalar(prhs[2], "omega") : 1.0;
    kes_solve_opts o = kes_solve_opts_default();
    const double *x0 = NULL;
    int want_history = 0;
    int pos = first;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "tol")) o.tol = kes_mex_scalar(v, "tol");
        else if (!strcmp(opt, "max_iter") || !strcmp(opt, "maxit")) o.max_iter = kes_mex_int(v, 0, INT64_MAX / 2, "max_iter");
        else if (!strcmp(opt, "x0")) x0 = kes_mex_vector(v, n, "x0");
        else if (!strcmp(opt, "stop")) o.stop = (kes_stop_rule)kes_mex_enum(v, kes_mex_stop_rules, "stop rule");
        else if (!strcmp(opt, "history")) want_history = kes_mex_flag(v, "history");
        else kes_mex_bad_option(opt, "tol, max_iter, x0, stop, history");
    }
    const kes_csr *A = kes_mex_matrix(prhs[0], "A");
    mxArray *X = mxCreateDoubleMatrix((size_t)n, 1, mxREAL);
    kes_mex_keep(X, kes_mex_free_array);
    double *x = mxGetPr(X);
    if (x0) memcpy(x, x0, (size_t)n * sizeof(double));
    else o.zero_guess = 1;
    double *hist = NULL;
    if (want_history) {
        if (o.max_iter > 100000000) kes_mex_error("kestrel:ERANGE", "%s: history of max_iter entries is too long", name);
        o.history_cap = o.max_iter + 1;
        hist = (double *)kes_mex_alloc((size_t)o.history_cap, sizeof(double));
        o.history = hist;
    }
    kes_solve_stats s;
    memset(&s, 0, sizeof s);
    kes_status st = fn(A, b, x, omega, &o, &s);
    kes_mex_check(name, st);
    kes_mex_unkeep(X);
    plhs[0] = X;
    if (nlhs > 1) {
        static const char *fields[] = {"iterations", "residual", "converged", "residual_norm",
                                       "initial_residual_norm", "b_norm", "status", "history"};
        mxArray *S = mxCreateStructMatrix(1, 1, 8, fields);
        mxSetField(S, 0, "iterations", mxCreateDoubleScalar((double)s.iterations));
        mxSetField(S, 0, "residual", mxCreateDoubleScalar(s.residual));
        mxSetField(S, 0, "converged", mxCreateLogicalScalar(s.converged != 0));
        mxSetField(S, 0, "residual_norm", mxCreateDoubleScalar(s.residual_norm));
        mxSetField(S, 0, "initial_residual_norm", mxCreateDoubleScalar(s.initial_residual_norm));
        mxSetField(S, 0, "b_norm", mxCreateDoubleScalar(s.b_norm));
        mxSetField(S, 0, "status", mxCreateString(kes_mex_status_id(st) + 8));
        mxArray *H = mxCreateDoubleMatrix(want_history ? (size_t)s.history_len : 0, want_history ? 1 : 0, mxREAL);
        if (want_history && s.history_len > 0) memcpy(mxGetPr(H), hist, (size_t)s.history_len * sizeof(double));
        mxSetField(S, 0, "history", H);
        plhs[1] = S;
    } else if (st == KES_NOCONV) {
        mexWarnMsgIdAndTxt("kestrel:NOCONV", "not converged after %lld iterations (relative residual %g)",
                           (long long)s.iterations, s.residual);
    }
    kes_mex_end();
}

#endif
