/*
 * Gaussian-process regression: exact fit by Cholesky with an escalating
 * jitter, the log marginal likelihood and its gradient, prediction.
 * Rasmussen & Williams, "Gaussian Processes for Machine Learning", MIT
 * Press, 2006: Algorithm 2.1 (fit, LML, predictive mean and variance) and
 * eq. 5.9 (gradient as 1/2 tr((alpha alpha^T - K^-1) dK/dtheta), with K^-1
 * from the Cholesky factor by LAPACK dpotri).
 */
#include <float.h>
#include <math.h>
#include <cblas.h>
#include <lapacke.h>

#include "kernels/gp_internal.h"

#define PRED_BLOCK 256
#define PRED_WORK (INT64_C(1) << 23) /* 64 MiB */


kes_gp_opts kes_gp_opts_default(void)
{
    kes_gp_opts o;
    o.kernel = KES_GP_SE_ISO;
    o.mean = KES_GP_MEAN_ZERO;
    o.optimize = 1;
    o.restarts = 0;
    o.signal_var = 1.0;
    o.signal_var_lo = 1e-5;
    o.signal_var_hi = 1e5;
    o.length_scale = 1.0;
    o.length_scale_lo = 1e-5;
    o.length_scale_hi = 1e5;
    o.rq_alpha = 1.0;
    o.rq_alpha_lo = 1e-5;
    o.rq_alpha_hi = 1e5;
    o.noise_var = 0.1;
    o.noise_var_lo = 1e-5;
    o.noise_var_hi = 1e5;
    o.max_iter = 200;
    o.gtol = 1e-6;
    o.theta0 = NULL;
    o.matern_nu = 1.5;
    o.matern_nu_lo = 0.05;
    o.matern_nu_hi = 50.0;
    o.optimizer = KES_GP_OPT_BFGS;
    return o;
}

/* ------------------------------------------------------------ evaluation */

/* The hyperparameters of an enum kernel; for a composite covariance only
 * n2 (the last entry of theta) is meaningful (s2 = 0: the prior variance is
 * the covariance's own diagonal). */
static gp_hyper hyper_of(kes_gp_kernel k, const kes_gp_cov *cov, int64_t d, int64_t p, const double *theta)
{
    if (!cov) return kes__gp_unpack(k, d, theta);
    gp_hyper h = {0.0, exp(theta[p - 1]), 1.0, theta};
    return h;
}

static kes_status factor(gp_work *w, const double *theta, gp_hyper h, double *jitter)
{
    int64_t n = w->n;
    double meandiag = h.s2 + h.n2, jit = 0.0;
    if (w->cov) {
        /* composite: the prior variance may vary along the diagonal */
        kes__gp_cov_kmat(w->cov, theta, w->X, n, w->K, n);
        double sd = 0.0;
        for (int64_t i = 0; i < n; i++) sd += w->K[i + i * n];
        meandiag = sd / (double)n + h.n2;
    } else {
        kes__gp_scale(w->kernel, w->X, n, w->d, h.logl, w->xs);
    }
    for (;;) {
        if (w->cov) {
            if (jit > 0.0) kes__gp_cov_kmat(w->cov, theta, w->X, n, w->K, n); /* dpotrf overwrote it */
        } else {
            kes__gp_kmat(w->kernel, w->xs, n, w->d, h, w->K, n);
        }
        for (int64_t i = 0; i < n; i++) w->K[i + i * n] += h.n2 + jit;
        lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)n, w->K, (lapack_int)n);
        if (info == 0) break;
        if (info < 0) return KES_EINVAL;
        jit = jit == 0.0 ? 1e-10 * meandiag : jit * 10.0;
        if (!(jit <= 1.0000001e-4 * meandiag)) return KES_ENOTSPD;
    }
    *jitter = jit;
    return KES_OK;
}

kes_status kes__gp_eval(gp_work *w, const double *theta, double *lml, double *grad, double *jitter)
{
    int64_t n = w->n;
    for (int64_t t = 0; t < w->p; t++)
        if (!isfinite(theta[t])) return KES_EDOM;
    gp_hyper h = hyper_of(w->kernel, w->cov, w->d, w->p, theta);
    w->n_evals++;
    kes_status s = factor(w, theta, h, jitter);
    if (s) return s;
    memcpy(w->alpha, w->y, (size_t)n * sizeof(double));
    cblas_dtrsv(CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, (int)n, w->K, (int)n, w->alpha, 1);
    double quad = 0.0, logdet = 0.0;
    for (int64_t i = 0; i < n; i++) {
        quad += w->alpha[i] * w->alpha[i];
        logdet += log(w->K[i + i * n]);
    }
    cblas_dtrsv(CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, (int)n, w->K, (int)n, w->alpha, 1);
    *lml = -0.5 * quad - logdet - 0.5 * (double)n * KES__LOG_2PI;
    if (!grad) return KES_OK;
    return kes__gp_eval_grad(w, theta, grad);
}

kes_status kes__gp_eval_grad(gp_work *w, const double *theta, double *grad)
{
    int64_t n = w->n;
    gp_hyper h = hyper_of(w->kernel, w->cov, w->d, w->p, theta);
    lapack_int info = LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (lapack_int)n, w->K, (lapack_int)n);
    if (info != 0) return KES_ENOTSPD;
    if (w->cov) return kes__gp_cov_grad_pass(w->cov, theta, h.n2, w->X, n, w->K, n, w->alpha, w->colacc, grad);
    kes__gp_grad_pass(w->kernel, w->xs, n, w->d, h, w->K, n, w->alpha, w->colacc, grad);
    return KES_OK;
}

/* ------------------------------------------------------------ checks */

/* 1 when the last element of an m x d column-major array with leading
 * dimension ld, (d - 1) ld + m - 1, or its byte offset, overflows (so the
 * caller cannot own such an array and X + c ld would wrap). */
static int span_overflows(int64_t m, int64_t d, int64_t ld)
{
    size_t off;
    if (kes__mul_size(d - 1, ld, &off)) return 1;
    if (off > SIZE_MAX / sizeof(double) - (size_t)m) return 1;
    return off + (size_t)m > SIZE_MAX / sizeof(double);
}

static kes_status check_range(double init, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi) || lo <= 0.0 || hi <= 0.0 || lo > hi) return KES_EDOM;
    if (!isfinite(init) || init <= 0.0 || init < lo || init > hi) return KES_EDOM;
    return KES_OK;
}

/* theta0, lo, hi (log space) from the options. */
static kes_status opts_theta(const kes_gp_opts *o, int64_t d, double *theta, double *lo, double *hi)
{
    kes_status s;
    int64_t q = kes__gp_n_scales(o->kernel, d), p = kes_gp_n_params(o->kernel, d);
    if ((s = check_range(o->signal_var, o->signal_var_lo, o->signal_var_hi)) ||
        (s = check_range(o->length_scale, o->length_scale_lo, o->length_scale_hi)) ||
        (s = check_range(o->noise_var, o->noise_var_lo, o->noise_var_hi)))
        return s;
    int matern = kes__gp_is_matern_nu(o->kernel);
    double a0 = matern ? o->matern_nu : o->rq_alpha, alo = matern ? o->matern_nu_lo : o->rq_alpha_lo,
           ahi = matern ? o->matern_nu_hi : o->rq_alpha_hi;
    if (kes__gp_has_alpha(o->kernel) && (s = check_range(a0, alo, ahi))) return s;
    theta[0] = log(o->signal_var), lo[0] = log(o->signal_var_lo), hi[0] = log(o->signal_var_hi);
    for (int64_t c = 0; c < q; c++)
        theta[1 + c] = log(o->length_scale), lo[1 + c] = log(o->length_scale_lo), hi[1 + c] = log(o->length_scale_hi);
    if (kes__gp_has_alpha(o->kernel))
        theta[1 + q] = log(a0), lo[1 + q] = log(alo), hi[1 + q] = log(ahi);
    theta[p - 1] = log(o->noise_var), lo[p - 1] = log(o->noise_var_lo), hi[p - 1] = log(o->noise_var_hi);
    if (o->theta0) {
        for (int64_t t = 0; t < p; t++)
            if (!isfinite(o->theta0[t])) return KES_EINVAL;
        for (int64_t t = 0; t < p; t++)
            if (o->theta0[t] < lo[t] || o->theta0[t] > hi[t]) return KES_EDOM;
        memcpy(theta, o->theta0, (size_t)p * sizeof(double));
    }
    return KES_OK;
}

/* ------------------------------------------------------------ fit */

void kes_gp_destroy(kes_gp *gp)
{
    if (!gp) return;
    free(gp->X);
    free(gp->xs);
    free(gp->L);
    free(gp->alpha);
    free(gp->theta);
    free(gp->y);
    kes_gp_cov_destroy(gp->cov);
    free(gp);
}

/* Checks shared by kes_gp_fit() and kes_gp_fit_cov(). */
static kes_status check_data(const double *X, int64_t n, int64_t d, int64_t ldx, const double *y,
                             const kes_gp_opts *o, kes_rng *rng)
{
    if (((int)o->mean != KES_GP_MEAN_ZERO && (int)o->mean != KES_GP_MEAN_CONSTANT) ||
        ((int)o->optimizer != KES_GP_OPT_BFGS && (int)o->optimizer != KES_GP_OPT_GSL_BFGS2) ||
        (o->optimize != 0 && o->optimize != 1) || o->restarts < 0 || o->restarts > KES_GP_MAX_RESTARTS ||
        o->max_iter < 1 || !isfinite(o->gtol) || o->gtol <= 0.0)
        return KES_EINVAL;
    if (o->optimize && o->restarts > 0 && !rng) return KES_EINVAL;
    if (n < 1 || d < 1 || ldx < n) return KES_EDIM;
    size_t nn, nd;
    if (kes__mul_size(n, n, &nn) || kes__mul_size(n, d, &nd) || n > INT32_MAX || nd > SIZE_MAX / sizeof(double) ||
        span_overflows(n, d, ldx))
        return KES_ERANGE;
    for (int64_t c = 0; c < d; c++)
        if (!kes__all_finite(X + c * ldx, (size_t)n)) return KES_ENAN;
    if (!kes__all_finite(y, (size_t)n)) return KES_ENAN;
    return KES_OK;
}

/* The fit proper, after the checks: theta (p start values, then lo, hi;
 * log space) is consumed. */
kes_status kes__gp_fit_core(const double *X, int64_t n, int64_t d, int64_t ldx, const double *y, const kes_gp_opts *o,
                           kes_rng *rng, kes_gp_kernel kernel, const kes_gp_cov *cov, double *theta, int64_t p,
                           kes_gp **gp)
{
    double *lo = theta + p, *hi = theta + 2 * p;
    size_t nn = (size_t)n * (size_t)n, nd = (size_t)n * (size_t)d;
    kes_status s = KES_OK;
    kes_gp *g = calloc(1, sizeof *g);
    double *yc = kes__malloc_n((size_t)n, sizeof(double));
    double *colacc = kes__malloc_n((size_t)n * (size_t)(p - 1 > 0 ? p - 1 : 1), sizeof(double));
    if (g) {
        g->X = kes__malloc_n(nd, sizeof(double));
        g->xs = kes__malloc_n(nd, sizeof(double));
        g->L = kes__malloc_n(nn, sizeof(double));
        g->alpha = kes__malloc_n((size_t)n, sizeof(double));
        g->theta = kes__malloc_n((size_t)p, sizeof(double));
        g->y = kes__malloc_n((size_t)n, sizeof(double));
        if (cov) g->cov = kes__gp_cov_clone(cov);
    }
    if (!g || !yc || !colacc || !g->X || !g->xs || !g->L || !g->alpha || !g->theta || !g->y || (cov && !g->cov)) {
        s = KES_ENOMEM;
        goto fail;
    }
    g->kernel = kernel;
    g->n = n, g->d = d, g->p = p;
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = 0; c < d; c++) g->X[i * d + c] = X[i + c * ldx];
    double mean = 0.0;
    if (o->mean == KES_GP_MEAN_CONSTANT) {
        for (int64_t i = 0; i < n; i++) mean += y[i];
        mean /= (double)n;
    }
    for (int64_t i = 0; i < n; i++) yc[i] = y[i] - mean;
    g->mean = mean;
    g->mean_kind = o->mean;
    memcpy(g->y, y, (size_t)n * sizeof(double));

    gp_work w = {kernel, n, d, p, g->X, yc, g->L, g->xs, g->alpha, colacc, 0, g->cov};
    int converged = 1;
    if (o->optimize) {
        double best;
        s = kes__gp_optimize_with(&w, theta, lo, hi, o->restarts, o->max_iter, o->gtol, o->optimizer, rng, &best,
                                  &converged);
        if (s) goto fail;
    }
    /* The final factorisation, kept in g->L (no gradient: the factor stays). */
    s = kes__gp_eval(&w, theta, &g->lml, NULL, &g->jitter);
    if (s) goto fail;
    memcpy(g->theta, theta, (size_t)p * sizeof(double));
    g->n_evals = w.n_evals;
    free(theta);
    free(yc);
    free(colacc);
    *gp = g;
    return converged ? KES_OK : KES_NOCONV;
fail:
    free(theta);
    free(yc);
    free(colacc);
    kes_gp_destroy(g);
    return s;
}

kes_status kes_gp_fit(const double *X, int64_t n, int64_t d, int64_t ldx, const double *y, const kes_gp_opts *o,
                      kes_rng *rng, kes_gp **gp)
{
    if (!X || !y || !gp) return KES_EINVAL;
    kes_gp_opts def = kes_gp_opts_default();
    if (!o) o = &def;
    if (!kes__gp_kernel_valid(o->kernel)) return KES_EINVAL;
    kes_status s = check_data(X, n, d, ldx, y, o, rng);
    if (s) return s;
    if (kes_gp_n_params(o->kernel, d) < 1) return KES_ERANGE;
    int64_t p = kes_gp_n_params(o->kernel, d);
    double *theta = kes__malloc_n((size_t)p * 3, sizeof(double));
    if (!theta) return KES_ENOMEM;
    s = opts_theta(o, d, theta, theta + p, theta + 2 * p);
    if (s) {
        free(theta);
        return s;
    }
    return kes__gp_fit_core(X, n, d, ldx, y, o, rng, o->kernel, NULL, theta, p, gp);
}

kes_status kes_gp_fit_cov(const double *X, int64_t n, int64_t d, int64_t ldx, const double *y, const kes_gp_cov *cov,
                          const double *theta0, const double *lo, const double *hi, const kes_gp_opts *o,
                          kes_rng *rng, kes_gp **gp)
{
    if (!X || !y || !gp || !cov || !theta0) return KES_EINVAL;
    kes_gp_opts def = kes_gp_opts_default();
    if (!o) o = &def;
    kes_status s = check_data(X, n, d, ldx, y, o, rng);
    if (s) return s;
    if (kes_gp_cov_dim(cov) != d) return KES_EDIM;
    int64_t p = kes_gp_cov_n_params(cov) + 1;
    if ((uint64_t)p > SIZE_MAX / (3 * sizeof(double))) return KES_ERANGE;
    for (int64_t t = 0; t < p; t++)
        if (!isfinite(theta0[t])) return KES_EINVAL;
    double *theta = kes__malloc_n((size_t)p * 3, sizeof(double));
    if (!theta) return KES_ENOMEM;
    double *tl = theta + p, *th = theta + 2 * p;
    for (int64_t t = 0; t < p; t++) {
        theta[t] = theta0[t];
        tl[t] = lo ? lo[t] : log(1e-5);
        th[t] = hi ? hi[t] : log(1e5);
        if (!isfinite(tl[t]) || !isfinite(th[t]) || tl[t] > th[t] || theta[t] < tl[t] || theta[t] > th[t]) {
            free(theta);
            return KES_EDOM;
        }
    }
    return kes__gp_fit_core(X, n, d, ldx, y, o, rng, KES_GP_SE_ISO, cov, theta, p, gp);
}

/* ------------------------------------------------------------ queries */

kes_status kes_gp_log_marginal_likelihood(const kes_gp *gp, double *lml)
{
    if (!gp || !lml) return KES_EINVAL;
    *lml = gp->lml;
    return KES_OK;
}

kes_status kes_gp_lml_gradient(const kes_gp *gp, double *lml, double *grad)
{
    if (!gp || !grad) return KES_EINVAL;
    int64_t n = gp->n;
    size_t nn;
    if (kes__mul_size(n, n, &nn)) return KES_ERANGE;
    double *Ki = kes__malloc_n(nn, sizeof(double));
    double *colacc = kes__malloc_n((size_t)n * (size_t)(gp->p - 1), sizeof(double));
    double *g = kes__malloc_n((size_t)gp->p, sizeof(double));
    if (!Ki || !colacc || !g) {
        free(Ki), free(colacc), free(g);
        return KES_ENOMEM;
    }
    memcpy(Ki, gp->L, nn * sizeof(double));
    lapack_int info = LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', (lapack_int)n, Ki, (lapack_int)n);
    kes_status s = KES_OK;
    if (info != 0) {
        s = KES_ENOTSPD;
    } else {
        if (gp->cov) {
            s = kes__gp_cov_grad_pass(gp->cov, gp->theta, exp(gp->theta[gp->p - 1]), gp->X, n, Ki, n, gp->alpha,
                                      colacc, g);
        } else {
            gp_hyper h = kes__gp_unpack(gp->kernel, gp->d, gp->theta);
            kes__gp_grad_pass(gp->kernel, gp->xs, n, gp->d, h, Ki, n, gp->alpha, colacc, g);
        }
        if (!s) {
            memcpy(grad, g, (size_t)gp->p * sizeof(double));
            if (lml) *lml = gp->lml;
        }
    }
    free(Ki), free(colacc), free(g);
    return s;
}

kes_status kes_gp_predict(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs, double *mean, double *var)
{
    if (!gp || !Xs || !mean) return KES_EINVAL;
    if (m < 1 || ldxs < m) return KES_EDIM;
    int64_t n = gp->n, d = gp->d;
    if (span_overflows(m, d, ldxs)) return KES_ERANGE;
    for (int64_t c = 0; c < d; c++)
        if (!kes__all_finite(Xs + c * ldxs, (size_t)m)) return KES_ENAN;
    /* Queries per block: all of them up to a workspace of PRED_WORK doubles
     * (one large triangular solve runs faster than many narrow ones), at
     * least PRED_BLOCK. */
    int64_t mb = PRED_WORK / n > PRED_BLOCK ? PRED_WORK / n : PRED_BLOCK;
    if (mb > m) mb = m;
    size_t nb;
    if (kes__mul_size(n, mb, &nb)) return KES_ERANGE;
    double *Ks = kes__malloc_n(nb, sizeof(double));
    double *qs = kes__malloc_n((size_t)(mb * d), sizeof(double));
    if (!Ks || !qs) {
        free(Ks), free(qs);
        return KES_ENOMEM;
    }
    gp_hyper h = hyper_of(gp->kernel, gp->cov, d, gp->p, gp->theta);
    int ard = kes__gp_is_ard(gp->kernel);
    for (int64_t j0 = 0; j0 < m; j0 += mb) {
        int64_t b = m - j0 < mb ? m - j0 : mb;
        if (gp->cov) {
            for (int64_t j = 0; j < b; j++)
                for (int64_t c = 0; c < d; c++) qs[j * d + c] = Xs[j0 + j + c * ldxs];
            kes__gp_cov_kcross(gp->cov, gp->theta, gp->X, n, qs, b, Ks, n);
        } else {
            for (int64_t j = 0; j < b; j++)
                for (int64_t c = 0; c < d; c++)
                    qs[j * d + c] = kes__gp_clamp(Xs[j0 + j + c * ldxs] * exp(-h.logl[ard ? c : 0]));
            kes__gp_kcross(gp->kernel, gp->xs, n, qs, b, d, h, Ks, n);
        }
        cblas_dgemv(CblasColMajor, CblasTrans, (int)n, (int)b, 1.0, Ks, (int)n, gp->alpha, 1, 0.0, mean + j0, 1);
        for (int64_t j = 0; j < b; j++) mean[j0 + j] += gp->mean;
        if (var) {
            cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, (int)n, (int)b, 1.0, gp->L,
                        (int)n, Ks, (int)n);
            for (int64_t j = 0; j < b; j++) {
                const double *v = Ks + j * n;
                double s = 0.0;
                for (int64_t i = 0; i < n; i++) s += v[i] * v[i];
                double prior = gp->cov ? kes__gp_cov_eval(gp->cov, gp->theta, qs + j * d, qs + j * d, NULL) : h.s2;
                double vj = prior - s;
                var[j0 + j] = vj > 0.0 ? vj : 0.0;
            }
        }
    }
    free(Ks), free(qs);
    return KES_OK;
}

kes_status kes_gp_theta(const kes_gp *gp, double *theta)
{
    if (!gp || !theta) return KES_EINVAL;
    memcpy(theta, gp->theta, (size_t)gp->p * sizeof(double));
    return KES_OK;
}

int64_t kes_gp_n_hyper(const kes_gp *gp) { return gp ? gp->p : 0; }
double kes_gp_jitter(const kes_gp *gp) { return gp ? gp->jitter : NAN; }
double kes_gp_noise_var(const kes_gp *gp) { return gp ? exp(gp->theta[gp->p - 1]) : NAN; }
double kes_gp_mean_value(const kes_gp *gp) { return gp ? gp->mean : NAN; }
int64_t kes_gp_n_evals(const kes_gp *gp) { return gp ? gp->n_evals : -1; }
