/*
 * Hyperparameter fits of the structured and scalable GPs (Kronecker and
 * Vecchia): maximise an LML over the free log hyperparameters by dense BFGS
 * (Nocedal & Wright, "Numerical Optimization", 2nd ed., Springer, 2006:
 * Algorithm 6.1, inverse update 6.17, initial scaling 6.20) with a
 * backtracking Armijo line search (ibid., Algorithm 3.1, with the
 * quadratic-interpolation step of Section 3.5); the inverse-Hessian update
 * is skipped when the curvature s^T y is not positive.  Each evaluation
 * computes the value and the gradient together: for these models the
 * gradient costs a fraction of the value.  Bounds are kept as in
 * kes_gp_fit(): the objective at z is -LML(P(z)) + RHO |z - P(z)|^2 with P
 * the projection onto the box, exactly -LML inside it.  (GSL's multimin is
 * not used: its error handler is process-wide state.)
 */
#include <float.h>
#include <math.h>

#include "kernels/gp_bfgs.h"
#include "kernels/gp_scal_internal.h"

#define RHO 1.0
#define C1 1e-4
#define LS_MAX 30

typedef struct fctx {
    kes__gps_objective f;
    void *ctx;
    int64_t p, nfree;
    const int64_t *idx;
    const double *lo, *hi;
    double *theta, *grad;
    kes_status status; /* of the last evaluation */
    int64_t evals;
} fctx;

/* objective and gradient (free coordinates) at z; HUGE_VAL when the model
 * cannot be evaluated there */
static double eval(fctx *c, const double *z, double *g)
{
    double pen = 0.0;
    for (int64_t k = 0; k < c->nfree; k++) {
        int64_t t = c->idx[k];
        double v = z[k], pv = kes__gp_box(v, c->lo[t], c->hi[t]);
        c->theta[t] = pv;
        pen += RHO * (v - pv) * (v - pv);
    }
    double lml = NAN;
    c->evals++;
    kes_status s = c->f(c->ctx, c->theta, &lml, c->grad);
    c->status = s == KES_OK && !isfinite(lml) ? KES_ERANGE : s;
    int ok = c->status == KES_OK;
    for (int64_t k = 0; k < c->nfree; k++) {
        int64_t t = c->idx[k];
        double v = z[k];
        if (!ok || !isfinite(c->grad[t])) g[k] = 0.0;
        else if (v < c->lo[t]) g[k] = 2.0 * RHO * (v - c->lo[t]);
        else if (v > c->hi[t]) g[k] = 2.0 * RHO * (v - c->hi[t]);
        else g[k] = -c->grad[t];
    }
    return ok ? -lml + pen : HUGE_VAL;
}

static double proj_grad(const fctx *c, const double *z, const double *g)
{
    return kes__gp_proj_grad(c->idx, c->nfree, c->lo, c->hi, z, g);
}

kes_status kes__gps_fit_bounds(const kes_gp_hyperfit_opts *o, int64_t p, const double *theta, double *lo, double *hi)
{
    if (o->max_iter < 1 || !isfinite(o->gtol) || o->gtol <= 0.0) return KES_EINVAL;
    for (int64_t t = 0; t < p; t++) {
        lo[t] = o->lo ? o->lo[t] : log(1e-5);
        hi[t] = o->hi ? o->hi[t] : log(1e5);
        if (!isfinite(lo[t]) || !isfinite(hi[t]) || lo[t] > hi[t]) return KES_EDOM;
        if (!isfinite(theta[t])) return KES_EDOM;
        if (theta[t] < lo[t] || theta[t] > hi[t]) return KES_EDOM;
    }
    return KES_OK;
}

kes_status kes__gps_maximise(kes__gps_objective f, void *ctx, int64_t p, double *theta, const double *lo,
                             const double *hi, int64_t max_iter, double gtol, double *lml, int64_t *n_evals)
{
    int64_t *idx = kes__malloc_n((size_t)p, sizeof *idx);
    double *buf = kes__malloc_n((size_t)(2 * p + 7 * p + p * p), sizeof *buf);
    if (!idx || !buf) {
        free(idx), free(buf);
        return KES_ENOMEM;
    }
    int64_t n = 0;
    for (int64_t t = 0; t < p; t++)
        if (lo[t] < hi[t]) idx[n++] = t;
    fctx c = {f, ctx, p, n, idx, lo, hi, buf, buf + p, KES_OK, 0};
    memcpy(c.theta, theta, (size_t)p * sizeof(double));
    double *x = buf + 2 * p, *g = x + p, *d = g + p, *xt = d + p, *gt = xt + p, *s = gt + p, *y = s + p,
           *H = y + p;
    kes_status st;
    if (n == 0) {
        c.evals = 1;
        st = f(ctx, theta, lml, NULL);
        goto out;
    }
    for (int64_t k = 0; k < n; k++) x[k] = theta[idx[k]];
    double fx = eval(&c, x, g);
    if (!(fx < HUGE_VAL)) {
        st = c.status != KES_OK ? c.status : KES_ERANGE;
        goto out;
    }
    kes__gp_bfgs_identity(H, n);
    int first = 1;
    st = KES_NOCONV;
    for (int64_t it = 0; it < max_iter; it++) {
        if (proj_grad(&c, x, g) <= gtol * fmax(1.0, fabs(fx))) {
            st = KES_OK;
            break;
        }
        for (int64_t i = 0; i < n; i++) d[i] = -kes__gp_dot(H + i * n, g, n);
        double d0 = kes__gp_dot(g, d, n);
        if (!(d0 < 0.0)) {
            kes__gp_bfgs_identity(H, n);
            for (int64_t i = 0; i < n; i++) d[i] = -g[i];
            d0 = kes__gp_dot(g, d, n);
            first = 1;
        }
        double a = first ? fmin(1.0, 1.0 / sqrt(kes__gp_dot(g, g, n))) : 1.0, ft = HUGE_VAL;
        int found = 0;
        for (int ls = 0; ls < LS_MAX; ls++) {
            for (int64_t k = 0; k < n; k++) xt[k] = x[k] + a * d[k];
            ft = eval(&c, xt, gt);
            if (ft <= fx + C1 * a * d0) {
                found = 1;
                break;
            }
            /* minimiser of the quadratic through f(0), f'(0), f(a), kept in [a/10, a/2] */
            double an = ft < HUGE_VAL ? -d0 * a * a / (2.0 * (ft - fx - d0 * a)) : 0.1 * a;
            a = isfinite(an) ? fmin(0.5 * a, fmax(0.1 * a, an)) : 0.5 * a;
        }
        if (!found) { /* no decrease: the LML is flat to its rounding error here, or worse */
            if (proj_grad(&c, x, g) <= 1e3 * gtol * fmax(1.0, fabs(fx))) st = KES_OK;
            break;
        }
        for (int64_t k = 0; k < n; k++) s[k] = xt[k] - x[k], y[k] = gt[k] - g[k];
        memcpy(x, xt, (size_t)n * sizeof *x);
        memcpy(g, gt, (size_t)n * sizeof *g);
        fx = ft;
        kes__gp_bfgs_update(H, n, s, y, xt /* free now: the Hy workspace */, &first);
    }
    if (st == KES_NOCONV && proj_grad(&c, x, g) <= gtol * fmax(1.0, fabs(fx))) st = KES_OK;
    /* the final point, projected, evaluated once more so that a model the
     * objective conditions is left at it */
    for (int64_t k = 0; k < n; k++) {
        int64_t t = idx[k];
        theta[t] = kes__gp_box(x[k], lo[t], hi[t]);
    }
    {
        double l;
        c.evals++;
        kes_status fs = f(ctx, theta, &l, NULL);
        if (fs != KES_OK) st = fs;
        else *lml = l;
    }
out:
    if (n_evals) *n_evals = c.evals;
    free(idx), free(buf);
    return st;
}

kes_gp_hyperfit_opts kes_gp_hyperfit_opts_default(void)
{
    kes_gp_hyperfit_opts o;
    o.max_iter = 200;
    o.gtol = 1e-6;
    o.lo = NULL;
    o.hi = NULL;
    return o;
}
