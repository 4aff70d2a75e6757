/*
 * Hyperparameter optimisation of a GP: maximise the log marginal likelihood
 * over the free log hyperparameters with GSL's BFGS (vector_bfgs2: BFGS with
 * the line search of Fletcher, "Practical Methods of Optimization", 2nd ed.,
 * Wiley, 1987, Sec. 2.6; Nocedal & Wright, "Numerical Optimization", Ch. 6)
 * and the analytic gradient of gp.c.
 *
 * Bounds: BFGS is unconstrained, so the objective at a point z is
 * -LML(P(z)) + RHO |z - P(z)|^2 with P the projection onto the box; inside
 * the box this is exactly -LML.  Convergence is declared when the projected
 * gradient (components that push out of the box at an active bound are
 * dropped) satisfies max |g_t| <= gtol max(1, |LML|), or when the line
 * search can make no further progress (GSL_ENOPROG) with max |g_t| <=
 * 1000 gtol max(1, |LML|): there the LML is flat to its rounding error.  Restarts start from
 * points drawn log-uniformly within the bounds, as scikit-learn's
 * GaussianProcessRegressor does; the best LML over all runs wins.
 */
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_vector.h>

#include "kernels/gp_internal.h"

#define RHO 1.0
#define FLOOR 1e3 /* see run_once */
#define BAD_VALUE 1e300 /* objective at a point whose K cannot be factorised */

typedef struct opt_ctx {
    gp_work *w;
    const double *lo, *hi;
    const int64_t *free_idx; /* the free coordinates of theta */
    int64_t nfree;
    double *theta;  /* p: full projected point (fixed coordinates hold their values) */
    double *grad;   /* p: LML gradient at theta when have_grad */
    double *zlast;  /* nfree: the point of the last evaluation */
    double f;       /* objective there */
    int valid;      /* zlast/f hold an evaluation */
    int have_grad;  /* grad holds the gradient at zlast */
    int factor_ok;  /* w->K still holds the Cholesky factor at zlast */
} opt_ctx;

/* Evaluate the objective at z, reusing the last evaluation: GSL asks for
 * f, then df (or fdf) at the same point, and a gradient after a value costs
 * only the dpotri and the trace pass. */
static void evaluate(const gsl_vector *z, opt_ctx *c, int want_grad)
{
    int same = c->valid;
    for (int64_t k = 0; same && k < c->nfree; k++) same = gsl_vector_get(z, (size_t)k) == c->zlast[k];
    if (same && (c->have_grad || !want_grad)) return;
    if (same && c->f < BAD_VALUE && c->factor_ok) {
        kes_status s = kes__gp_eval_grad(c->w, c->theta, c->grad);
        c->factor_ok = 0;
        if (s == KES_OK) {
            c->have_grad = 1;
            return;
        }
    }
    double pen = 0.0;
    for (int64_t k = 0; k < c->nfree; k++) {
        int64_t t = c->free_idx[k];
        double v = gsl_vector_get(z, (size_t)k);
        double pv = v < c->lo[t] ? c->lo[t] : (v > c->hi[t] ? c->hi[t] : v);
        c->theta[t] = pv;
        c->zlast[k] = v;
        pen += RHO * (v - pv) * (v - pv);
    }
    double lml, jit;
    kes_status s = kes__gp_eval(c->w, c->theta, &lml, want_grad ? c->grad : NULL, &jit);
    c->valid = 1;
    c->have_grad = want_grad && s == KES_OK;
    c->factor_ok = !want_grad && s == KES_OK;
    c->f = s == KES_OK ? -lml + pen : BAD_VALUE;
}

static void objective_grad(const gsl_vector *z, const opt_ctx *c, gsl_vector *g)
{
    if (c->f >= BAD_VALUE || !c->have_grad) {
        gsl_vector_set_zero(g);
        return;
    }
    for (int64_t k = 0; k < c->nfree; k++) {
        int64_t t = c->free_idx[k];
        double v = gsl_vector_get(z, (size_t)k);
        double gk;
        if (v < c->lo[t]) gk = 2.0 * RHO * (v - c->lo[t]);
        else if (v > c->hi[t]) gk = 2.0 * RHO * (v - c->hi[t]);
        else gk = -c->grad[t];
        gsl_vector_set(g, (size_t)k, gk);
    }
}

static double f_only(const gsl_vector *z, void *p)
{
    evaluate(z, p, 0);
    return ((opt_ctx *)p)->f;
}
static void df_only(const gsl_vector *z, void *p, gsl_vector *g)
{
    evaluate(z, p, 1);
    objective_grad(z, p, g);
}
static void fdf(const gsl_vector *z, void *p, double *f, gsl_vector *g)
{
    evaluate(z, p, 1);
    *f = ((opt_ctx *)p)->f;
    objective_grad(z, p, g);
}

/* max |projected gradient| at z (gradient g of the objective). */
static double proj_grad(const opt_ctx *c, const gsl_vector *z, const gsl_vector *g)
{
    double m = 0.0;
    for (int64_t k = 0; k < c->nfree; k++) {
        int64_t t = c->free_idx[k];
        double v = gsl_vector_get(z, (size_t)k), gk = gsl_vector_get(g, (size_t)k);
        if ((v >= c->hi[t] && gk <= 0.0) || (v <= c->lo[t] && gk >= 0.0)) continue;
        if (fabs(gk) > m) m = fabs(gk);
    }
    return m;
}

/* One BFGS run from z0 (free coordinates).  On return z0 holds the final
 * point, *lml its LML; *conv whether the tolerance was met; KES_ENOTSPD
 * when the start point itself cannot be evaluated. */
static kes_status run_once(opt_ctx *c, gsl_multimin_fdfminimizer *mz, gsl_vector *z0, int64_t max_iter, double gtol,
                           double *lml, int *conv)
{
    gsl_multimin_function_fdf F = {f_only, df_only, fdf, (size_t)c->nfree, c};
    c->valid = 0;
    if (f_only(z0, c) >= BAD_VALUE) return KES_ENOTSPD;
    gsl_multimin_fdfminimizer_set(mz, &F, z0, 0.1, 0.1);
    *conv = 0;
    for (int64_t it = 0; it < max_iter; it++) {
        double f = gsl_multimin_fdfminimizer_minimum(mz);
        if (proj_grad(c, gsl_multimin_fdfminimizer_x(mz), gsl_multimin_fdfminimizer_gradient(mz)) <=
            gtol * fmax(1.0, fabs(f))) {
            *conv = 1;
            break;
        }
        int st = gsl_multimin_fdfminimizer_iterate(mz);
        if (st != GSL_SUCCESS) { /* GSL_ENOPROG: the line search can make no progress */
            /* At the rounding floor of the LML the line search stalls with
             * a gradient a little above gtol: accepted up to FLOOR gtol. */
            f = gsl_multimin_fdfminimizer_minimum(mz);
            *conv = proj_grad(c, gsl_multimin_fdfminimizer_x(mz), gsl_multimin_fdfminimizer_gradient(mz)) <=
                    FLOOR * gtol * fmax(1.0, fabs(f));
            break;
        }
    }
    gsl_vector_memcpy(z0, gsl_multimin_fdfminimizer_x(mz));
    /* The LML at the final point (inside the box the objective is -LML;
     * outside, the point is projected and the penalty dropped). */
    double pen = 0.0;
    for (int64_t k = 0; k < c->nfree; k++) {
        int64_t t = c->free_idx[k];
        double v = gsl_vector_get(z0, (size_t)k);
        double pv = v < c->lo[t] ? c->lo[t] : (v > c->hi[t] ? c->hi[t] : v);
        gsl_vector_set(z0, (size_t)k, pv);
        pen += RHO * (v - pv) * (v - pv);
    }
    *lml = -(gsl_multimin_fdfminimizer_minimum(mz) - pen);
    return KES_OK;
}

kes_status kes__gp_optimize(gp_work *w, double *theta, const double *lo, const double *hi, int64_t restarts,
                            int64_t max_iter, double gtol, kes_rng *rng, double *best_lml, int *converged)
{
    int64_t p = w->p, nfree = 0;
    int64_t *free_idx = kes__malloc_n((size_t)p, sizeof(int64_t));
    double *buf = kes__malloc_n((size_t)(4 * p), sizeof(double));
    if (!free_idx || !buf) {
        free(free_idx), free(buf);
        return KES_ENOMEM;
    }
    for (int64_t t = 0; t < p; t++)
        if (lo[t] < hi[t]) free_idx[nfree++] = t;
    double *cur = buf, *grad = buf + p, *zlast = buf + 2 * p, *best = buf + 3 * p;
    memcpy(cur, theta, (size_t)p * sizeof(double));
    memcpy(best, theta, (size_t)p * sizeof(double));
    if (nfree == 0) { /* everything fixed: nothing to optimise */
        double jit;
        kes_status s = kes__gp_eval(w, theta, best_lml, NULL, &jit);
        *converged = 1;
        free(free_idx), free(buf);
        return s;
    }
    opt_ctx c = {w, lo, hi, free_idx, nfree, cur, grad, zlast, 0.0, 0, 0, 0};
    /* GSL's error handler is process-global, so it is left alone: the
     * iterate/set calls used here return their statuses (GSL_ENOPROG)
     * without calling it; only a failed allocation inside
     * gsl_multimin_fdfminimizer_alloc would reach it. */
    gsl_multimin_fdfminimizer *mz = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, (size_t)nfree);
    gsl_vector *z = gsl_vector_alloc((size_t)nfree);
    kes_status s = KES_OK;
    if (!mz || !z) {
        s = KES_ENOMEM;
        goto done;
    }
    double best_val = -INFINITY;
    int best_conv = 0, any = 0;
    for (int64_t r = 0; r <= restarts; r++) {
        for (int64_t k = 0; k < nfree; k++) {
            int64_t t = free_idx[k];
            double v = r == 0 ? theta[t] : lo[t] + (hi[t] - lo[t]) * kes_rng_uniform(rng);
            gsl_vector_set(z, (size_t)k, v);
        }
        double lml;
        int conv;
        if (run_once(&c, mz, z, max_iter, gtol, &lml, &conv) != KES_OK) continue;
        if (!any || lml > best_val) {
            any = 1;
            best_val = lml;
            best_conv = conv;
            for (int64_t k = 0; k < nfree; k++) best[free_idx[k]] = gsl_vector_get(z, (size_t)k);
        }
    }
    if (!any) {
        s = KES_ENOTSPD;
        goto done;
    }
    memcpy(theta, best, (size_t)p * sizeof(double));
    *best_lml = best_val;
    *converged = best_conv;
done:
    gsl_multimin_fdfminimizer_free(mz);
    gsl_vector_free(z);
    free(free_idx), free(buf);
    return s;
}
