/*
 * Hyperparameter optimisation of a GP: maximise the log marginal likelihood
 * over the free log hyperparameters by dense BFGS (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., Springer, 2006: Algorithm 6.1 with the
 * inverse update 6.17 and the initial scaling 6.20) and a line search for
 * the strong Wolfe conditions (ibid., Algorithms 3.5 and 3.6, with
 * safeguarded cubic interpolation in the zoom), using the analytic gradient
 * of gp.c.
 *
 * GSL's gsl_multimin vector_bfgs2 is available as an option
 * (::KES_GP_OPT_GSL_BFGS2, run_once_gsl below) on the same objective; it is
 * not the default because it keeps a single (dx, dg) pair
 * (a memoryless BFGS, close to nonlinear conjugate gradients) and on the
 * protocol data (n = 500, d = 3) needed 60 (SE iso) and 97 (SE ARD)
 * factorisations against 19 and 26 for the L-BFGS-B of scikit-learn; with
 * p <= d + 3 hyperparameters a dense p x p inverse Hessian costs nothing
 * next to one n^3 factorisation.
 *
 * Values and gradients are separated: the line search first asks for the
 * value (dpotrf only) and asks for the gradient (dpotri and the trace pass,
 * reusing the factor) only where the sufficient-decrease test passes.
 *
 * Bounds: the objective at a point z is -LML(P(z)) + RHO |z - P(z)|^2 with
 * P the projection onto the box; inside the box it is exactly -LML.
 * Convergence is declared when the projected gradient (components that push
 * out of the box at an active bound are dropped) satisfies
 * max |g_t| <= gtol max(1, |LML|), or when the line search can make no
 * further progress with max |g_t| <= 1000 gtol max(1, |LML|) (the LML is
 * then flat to its rounding error).  Restarts start from points drawn
 * log-uniformly within the bounds, as scikit-learn's GaussianProcessRegressor
 * does; the best LML over all runs wins.
 */
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "kernels/gp_bfgs.h"
#include "kernels/gp_internal.h"

#define RHO 1.0
#define FLOOR 1e3
/* Objective at a point whose K cannot be factorised or whose LML is not
 * finite.  (It was 1e300, which a valid LML below -1e300, for 1e300-scale
 * targets, reached: every such point was rejected and the fit failed with
 * KES_ENOTSPD.) */
#define BAD_VALUE HUGE_VAL
#define C1 1e-4         /* sufficient decrease */
#define C2 0.9          /* curvature (strong Wolfe) */
#define LS_MAX 10       /* most evaluations per line search (a stalled search near the rounding floor costs no more) */

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
    kes_status eval_status; /* of the last evaluation: KES_OK, or why it failed */
} opt_ctx;

/* Objective at z; with g non-NULL also its gradient.  The last evaluation
 * is reused: a gradient asked after a value at the same point costs only
 * the dpotri and the trace pass. */
static double evaluate(opt_ctx *c, const double *z, double *g)
{
    int same = c->valid;
    for (int64_t k = 0; same && k < c->nfree; k++) same = z[k] == c->zlast[k];
    if (!(same && (c->have_grad || !g))) {
        if (same && c->f < BAD_VALUE && c->factor_ok) {
            c->factor_ok = 0;
            if (kes__gp_eval_grad(c->w, c->theta, c->grad) == KES_OK) c->have_grad = 1;
            else c->f = BAD_VALUE;
        } else {
            double pen = 0.0;
            for (int64_t k = 0; k < c->nfree; k++) {
                int64_t t = c->free_idx[k];
                double pv = kes__gp_box(z[k], c->lo[t], c->hi[t]);
                c->theta[t] = pv;
                c->zlast[k] = z[k];
                pen += RHO * (z[k] - pv) * (z[k] - pv);
            }
            double lml, jit;
            kes_status s = kes__gp_eval(c->w, c->theta, &lml, g ? c->grad : NULL, &jit);
            c->valid = 1;
            c->have_grad = g && s == KES_OK;
            c->factor_ok = !g && s == KES_OK;
            c->f = s == KES_OK ? -lml + pen : BAD_VALUE;
            /* A factorisable K whose LML is not finite (y^T K^-1 y beyond the
             * double range) is a different failure from a K no jitter can
             * factorise: the first is KES_ERANGE, the second KES_ENOTSPD. */
            c->eval_status = s != KES_OK ? s : (c->f < BAD_VALUE ? KES_OK : KES_ERANGE);
            if (!(c->f < BAD_VALUE)) c->f = BAD_VALUE; /* NaN or +inf */
        }
    }
    if (g) {
        for (int64_t k = 0; k < c->nfree; k++) {
            int64_t t = c->free_idx[k];
            if (c->f >= BAD_VALUE) g[k] = 0.0;
            else if (z[k] < c->lo[t]) g[k] = 2.0 * RHO * (z[k] - c->lo[t]);
            else if (z[k] > c->hi[t]) g[k] = 2.0 * RHO * (z[k] - c->hi[t]);
            else g[k] = -c->grad[t];
        }
    }
    return c->f;
}

/* max |projected gradient| at z. */
static double proj_grad(const opt_ctx *c, const double *z, const double *g)
{
    return kes__gp_proj_grad(c->free_idx, c->nfree, c->lo, c->hi, z, g);
}

/* Project the free coordinates x onto the box; returns the penalty RHO
 * |x - P(x)|^2 the objective carried there. */
static double project(const opt_ctx *c, double *x)
{
    double pen = 0.0;
    for (int64_t k = 0; k < c->nfree; k++) {
        int64_t t = c->free_idx[k];
        double pv = kes__gp_box(x[k], c->lo[t], c->hi[t]);
        pen += RHO * (x[k] - pv) * (x[k] - pv);
        x[k] = pv;
    }
    return pen;
}

/* Minimiser of the cubic through (a, fa, da) and (b, fb, db), safeguarded
 * into the middle 80 % of [a, b] (Nocedal & Wright eq. 3.59). */
static double cubic_step(double a, double fa, double da, double b, double fb, double db)
{
    double d1 = da + db - 3.0 * (fa - fb) / (a - b);
    double disc = d1 * d1 - da * db, x;
    if (disc >= 0.0 && a != b) {
        double d2 = copysign(sqrt(disc), b - a);
        x = b - (b - a) * (db + d2 - d1) / (db - da + 2.0 * d2);
    } else {
        x = 0.5 * (a + b);
    }
    double lo = fmin(a, b), hi = fmax(a, b), m = 0.1 * (hi - lo);
    if (!isfinite(x) || x < lo + m || x > hi - m) x = 0.5 * (a + b);
    return x;
}

/* Strong Wolfe line search along p from x (value f0, slope d0 < 0).  On
 * success x, f, g hold the new point; returns 0, or -1 when no acceptable
 * step was found (x, f, g then hold the best point seen, which may be the
 * start). */
static int line_search(opt_ctx *c, double *x, double *f, double *g, const double *p, double a1, double *xt,
                       double *gt)
{
    int64_t n = c->nfree;
    double f0 = *f, d0 = kes__gp_dot(g, p, n);
    double a_lo = 0.0, f_lo = f0, d_lo = d0, a_hi = 0.0, f_hi = 0.0, d_hi = 0.0;
    double a = a1;
    int zoom = 0;
#define AT(alpha) for (int64_t k = 0; k < n; k++) xt[k] = x[k] + (alpha) * p[k]
    for (int it = 0; it < LS_MAX; it++) {
        if (zoom) a = cubic_step(a_lo, f_lo, d_lo, a_hi, f_hi, d_hi);
        AT(a);
        double fa = evaluate(c, xt, NULL);
        if (fa > f0 + C1 * a * d0 || fa >= f_lo || fa >= BAD_VALUE) {
            /* too long: [a_lo, a] brackets a minimiser; the cubic needs the slope at a */
            double da = fa < BAD_VALUE ? (evaluate(c, xt, gt), kes__gp_dot(gt, p, n)) : 0.0;
            if (fa >= BAD_VALUE) { /* no slope: bisect */
                a_hi = a, f_hi = f_lo + 1.0, d_hi = -d_lo;
            } else {
                a_hi = a, f_hi = fa, d_hi = da;
            }
            zoom = 1;
            continue;
        }
        evaluate(c, xt, gt);
        double da = kes__gp_dot(gt, p, n);
        if (fabs(da) <= -C2 * d0) { /* strong Wolfe: accept */
            memcpy(x, xt, (size_t)n * sizeof *x);
            memcpy(g, gt, (size_t)n * sizeof *g);
            *f = fa;
            return 0;
        }
        if (zoom) {
            if (da * (a_hi - a_lo) >= 0.0) a_hi = a_lo, f_hi = f_lo, d_hi = d_lo;
            a_lo = a, f_lo = fa, d_lo = da;
        } else if (da >= 0.0) {
            a_hi = a_lo, f_hi = f_lo, d_hi = d_lo;
            a_lo = a, f_lo = fa, d_lo = da;
            zoom = 1;
        } else {
            a_lo = a, f_lo = fa, d_lo = da;
            a *= 4.0;
        }
        if (zoom && fabs(a_hi - a_lo) <= 1e-12 * fmax(1.0, fabs(a_lo))) break;
    }
#undef AT
    if (a_lo > 0.0 && f_lo < f0) { /* the best point seen satisfies sufficient decrease */
        for (int64_t k = 0; k < n; k++) x[k] += a_lo * p[k];
        *f = evaluate(c, x, g);
        return 0;
    }
    return -1;
}

/* One BFGS run from x (free coordinates).  On return x holds the final
 * (projected) point, *lml its LML; *conv whether the tolerance was met;
 * when the start point itself cannot be evaluated, the reason: KES_ENOTSPD
 * (K not factorisable) or KES_ERANGE (the LML there is not finite). */
static kes_status run_once(opt_ctx *c, double *x, double *ws, int64_t max_iter, double gtol, double *lml, int *conv)
{
    int64_t n = c->nfree;
    double *g = ws, *p = g + n, *xt = p + n, *gt = xt + n, *s = gt + n, *y = s + n, *Hy = y + n, *H = Hy + n;
    c->valid = 0;
    double f = evaluate(c, x, g);
    if (f >= BAD_VALUE) return c->eval_status == KES_ERANGE ? KES_ERANGE : KES_ENOTSPD;
    kes__gp_bfgs_identity(H, n);
    *conv = 0;
    int first = 1;
    for (int64_t it = 0; it < max_iter; it++) {
        if (proj_grad(c, x, g) <= gtol * fmax(1.0, fabs(f))) {
            *conv = 1;
            break;
        }
        for (int64_t i = 0; i < n; i++) p[i] = -kes__gp_dot(H + i * n, g, n); /* H symmetric: row i = column i */
        double d0 = kes__gp_dot(g, p, n);
        if (!(d0 < 0.0)) { /* not a descent direction: back to steepest descent */
            kes__gp_bfgs_identity(H, n);
            for (int64_t i = 0; i < n; i++) p[i] = -g[i];
            first = 1;
        }
        double a1 = first ? fmin(1.0, 1.0 / sqrt(kes__gp_dot(g, g, n))) : 1.0;
        memcpy(s, x, (size_t)n * sizeof *s);
        memcpy(y, g, (size_t)n * sizeof *y);
        double fold = f;
        if (line_search(c, x, &f, g, p, a1, xt, gt) != 0) {
            *conv = proj_grad(c, x, g) <= FLOOR * gtol * fmax(1.0, fabs(f));
            break;
        }
        for (int64_t i = 0; i < n; i++) s[i] = x[i] - s[i], y[i] = g[i] - y[i];
        kes__gp_bfgs_update(H, n, s, y, Hy, &first);
        if (fold - f <= 0.0) break;
    }
    if (!*conv) *conv = proj_grad(c, x, g) <= gtol * fmax(1.0, fabs(f));
    /* The LML at the projected final point (inside the box the objective is -LML). */
    *lml = -(f - project(c, x));
    return KES_OK;
}

/* GSL's vector_bfgs2 on the same objective.  A point that cannot be
 * evaluated is given 1e300 rather than +inf, which GSL's interpolating
 * line search would turn into NaN steps. */
static double gsl_obj(opt_ctx *c, const gsl_vector *z, gsl_vector *g)
{
    double f = evaluate(c, z->data, g ? g->data : NULL);
    return f < BAD_VALUE ? f : 1e300;
}
static double gsl_f(const gsl_vector *z, void *p) { return gsl_obj(p, z, NULL); }
static void gsl_df(const gsl_vector *z, void *p, gsl_vector *g) { (void)gsl_obj(p, z, g); }
static void gsl_fdf(const gsl_vector *z, void *p, double *f, gsl_vector *g) { *f = gsl_obj(p, z, g); }

static kes_status run_once_gsl(opt_ctx *c, double *x, int64_t max_iter, double gtol, double *lml, int *conv)
{
    int64_t n = c->nfree;
    c->valid = 0;
    double f0 = evaluate(c, x, NULL);
    if (f0 >= BAD_VALUE) return c->eval_status == KES_ERANGE ? KES_ERANGE : KES_ENOTSPD;
    gsl_multimin_fdfminimizer *s = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, (size_t)n);
    gsl_vector *z = gsl_vector_alloc((size_t)n);
    if (!s || !z) {
        if (s) gsl_multimin_fdfminimizer_free(s);
        if (z) gsl_vector_free(z);
        return KES_ENOMEM;
    }
    memcpy(z->data, x, (size_t)n * sizeof(double));
    gsl_multimin_function_fdf fn = {gsl_f, gsl_df, gsl_fdf, (size_t)n, c};
    /* first trial step 0.1 in log space; line-search tolerance 0.1 (GSL's
     * recommendation for vector_bfgs2) */
    gsl_multimin_fdfminimizer_set(s, &fn, z, 0.1, 0.1);
    *conv = 0;
    for (int64_t it = 0; it < max_iter; it++) {
        if (proj_grad(c, s->x->data, s->gradient->data) <= gtol * fmax(1.0, fabs(s->f))) {
            *conv = 1;
            break;
        }
        if (gsl_multimin_fdfminimizer_iterate(s) != GSL_SUCCESS) {
            *conv = proj_grad(c, s->x->data, s->gradient->data) <= FLOOR * gtol * fmax(1.0, fabs(s->f));
            break;
        }
    }
    if (!*conv) *conv = proj_grad(c, s->x->data, s->gradient->data) <= gtol * fmax(1.0, fabs(s->f));
    memcpy(x, s->x->data, (size_t)n * sizeof(double));
    double f = s->f;
    gsl_multimin_fdfminimizer_free(s);
    gsl_vector_free(z);
    *lml = -(f - project(c, x));
    if (!(f < 1e300)) return KES_ENOTSPD;
    return KES_OK;
}

kes_status kes__gp_optimize(gp_work *w, double *theta, const double *lo, const double *hi, int64_t restarts,
                            int64_t max_iter, double gtol, kes_rng *rng, double *best_lml, int *converged)
{
    return kes__gp_optimize_with(w, theta, lo, hi, restarts, max_iter, gtol, KES_GP_OPT_BFGS, rng, best_lml,
                                 converged);
}

kes_status kes__gp_optimize_with(gp_work *w, double *theta, const double *lo, const double *hi, int64_t restarts,
                                 int64_t max_iter, double gtol, kes_gp_optimizer method, kes_rng *rng,
                                 double *best_lml, int *converged)
{
    int64_t p = w->p, nfree = 0;
    int64_t *free_idx = kes__malloc_n((size_t)p, sizeof(int64_t));
    double *buf = kes__malloc_n((size_t)(4 * p + 8 * p + p * p), sizeof(double));
    if (!free_idx || !buf) {
        free(free_idx), free(buf);
        return KES_ENOMEM;
    }
    for (int64_t t = 0; t < p; t++)
        if (lo[t] < hi[t]) free_idx[nfree++] = t;
    double *cur = buf, *grad = buf + p, *zlast = buf + 2 * p, *best = buf + 3 * p, *ws = buf + 4 * p;
    double *z = ws + 7 * p + p * p;
    memcpy(cur, theta, (size_t)p * sizeof(double));
    kes_status s = KES_OK;
    if (nfree == 0) { /* everything fixed: nothing to optimise */
        double jit;
        s = kes__gp_eval(w, theta, best_lml, NULL, &jit);
        *converged = 1;
        free(free_idx), free(buf);
        return s;
    }
    opt_ctx c = {w, lo, hi, free_idx, nfree, cur, grad, zlast, 0.0, 0, 0, 0, KES_OK};
    double best_val = -INFINITY;
    int best_conv = 0, any = 0;
    kes_status fail = KES_OK; /* why the starts that could not be evaluated failed */
    for (int64_t r = 0; r <= restarts; r++) {
        for (int64_t k = 0; k < nfree; k++) {
            int64_t t = free_idx[k];
            z[k] = r == 0 ? theta[t] : lo[t] + (hi[t] - lo[t]) * kes_rng_uniform(rng);
        }
        double lml;
        int conv;
        kes_status rs = method == KES_GP_OPT_GSL_BFGS2 ? run_once_gsl(&c, z, max_iter, gtol, &lml, &conv)
                                                      : run_once(&c, z, ws, max_iter, gtol, &lml, &conv);
        if (rs == KES_ENOMEM) {
            free(free_idx), free(buf);
            return rs;
        }
        if (rs != KES_OK) {
            if (rs == KES_ENOTSPD || fail == KES_OK) fail = rs;
            continue;
        }
        if (!any || lml > best_val) {
            any = 1;
            best_val = lml;
            best_conv = conv;
            memcpy(best, theta, (size_t)p * sizeof(double));
            for (int64_t k = 0; k < nfree; k++) best[free_idx[k]] = z[k];
        }
    }
    if (!any) {
        s = fail == KES_ERANGE ? KES_ERANGE : KES_ENOTSPD;
    } else {
        memcpy(theta, best, (size_t)p * sizeof(double));
        *best_lml = best_val;
        *converged = best_conv;
    }
    free(free_idx), free(buf);
    return s;
}
