/* Private helpers shared by the GP sources (gp.c, gp_kernel.c, gp_optimize.c, gp_cov.c, gp_posterior.c,
 * and, for the kernel profiles and predicates, gp_kron.c and gp_vecchia.c). */
#ifndef KES_KERNELS_GP_INTERNAL_H
#define KES_KERNELS_GP_INTERNAL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "core/internal.h"
#include "kestrel/gp.h"

#include <float.h>

#define KES__LOG_2PI 1.83787706640934548356 /* log(2 pi) */

/* A scaled coordinate clamped to [-DBL_MAX, DBL_MAX]: x / l overflows for
 * 1e300-scale inputs and 1e-300 length scales, and inf - inf in a distance
 * would then make the kernel matrix NaN. */
static inline double kes__gp_clamp(double v) { return v > DBL_MAX ? DBL_MAX : v < -DBL_MAX ? -DBL_MAX : v; }

/* Squared Euclidean distance of two d-vectors, summed in coordinate order
 * (the kernel matrices, the trace pass and the Vecchia neighbour search). */
static inline double kes__gp_sqdist(const double *a, const double *b, int64_t d)
{
    double s = 0.0;
    for (int64_t c = 0; c < d; c++) {
        double u = a[c] - b[c];
        s += u * u;
    }
    return s;
}

/* Hyperparameters in natural units, unpacked from a log-space theta. */
typedef struct gp_hyper {
    double s2, n2, a; /* signal variance, noise variance, shape: RQ alpha or Matern nu (1 when unused) */
    const double *logl; /* q log length scales (points into theta) */
} gp_hyper;

int kes__gp_kernel_valid(kes_gp_kernel k);
int kes__gp_is_ard(kes_gp_kernel k);
/* 1 when the kernel has a shape hyperparameter after the length scales:
 * the RQ alpha or the general Matern nu (both held in gp_hyper.a). */
int kes__gp_has_alpha(kes_gp_kernel k);
/* 1 for the general-nu Matern kernels (KES_GP_MATERN, KES_GP_MATERN_ARD). */
int kes__gp_is_matern_nu(kes_gp_kernel k);
/* Number of length scales q (1 or d). */
int64_t kes__gp_n_scales(kes_gp_kernel k, int64_t d);
/* Unpack theta = [log s2, log l_1..q, (log a), log n2]. */
gp_hyper kes__gp_unpack(kes_gp_kernel k, int64_t d, const double *theta);

/* xs (n x d, row-major, one point per row) = X / l, X row-major n x d. */
void kes__gp_scale(kes_gp_kernel k, const double *X, int64_t n, int64_t d, const double *logl, double *xs);
/* Lower triangle (diagonal included) of s2 k(x_i, x_j) from the scaled points. */
void kes__gp_kmat(kes_gp_kernel k, const double *xs, int64_t n, int64_t d, gp_hyper h, double *K, int64_t ldk);
/* Ks (n x mb, ld ldk) = s2 k(x_i, q_j) for scaled points xs (n x d) and scaled queries qs (mb x d), row-major. */
void kes__gp_kcross(kes_gp_kernel k, const double *xs, int64_t n, const double *qs, int64_t mb, int64_t d, gp_hyper h,
                    double *Ks, int64_t ldk);
/* The fused trace pass: with W = alpha alpha^T - Kinv (Kinv in the lower
 * triangle of Ki), grad[t] = 1/2 sum_{i,j} W_ij dK_ij/dtheta_t for every
 * hyperparameter (the full p of them; the jitter is a constant).  colacc is
 * workspace of n * (p - 1) doubles; the sum is taken column by column in a
 * fixed order, so the result does not depend on the thread count. */
void kes__gp_grad_pass(kes_gp_kernel k, const double *xs, int64_t n, int64_t d, gp_hyper h, const double *Ki,
                       int64_t ldk, const double *alpha, double *colacc, double *grad);

/* The correlation g(q) of kernel k at q = r^2 (shape a: RQ alpha or Matern
 * nu, ignored otherwise); with dh non-NULL also h = -2 dg/dq, with da
 * non-NULL dg/dlog a.  Used by the composite covariances (gp_cov.c). */
double kes__gp_profile(kes_gp_kernel k, double q, double a, double *dh, double *da);

/* The profile family of kernel k: k / 2 = 0 SE, 1 Matern 1/2, 2 Matern 3/2,
 * 3 Matern 5/2, 4 RQ, 5 general Matern nu. */
static inline int kes__gp_profile_of(kes_gp_kernel k) { return (int)k / 2; }

/* The closed-form profiles (families 0..4 of kes__gp_profile_of(): kernels
 * SE .. RQ_ARD), inline for the hot loops: g(q) at q = r^2; with dh non-NULL
 * also h(q) = -2 g'(q) (so dk/dlog l = h q for one scale, h u_k^2 per ARD
 * scale); with da non-NULL dg/dlog a (RQ; untouched for the others).  At
 * q = inf every value is 0 (also for family 5, whose finite q
 * gp_kernel.c's matern_profile handles).  Rasmussen & Williams, GPML,
 * eq. 4.17 and 4.19; see the comment at the top of gp_kernel.c.  The one
 * implementation behind kes__gp_profile() and the Kronecker and Vecchia GPs. */
static inline double kes__gp_profile_closed(int pf, double q, double a, double *dh, double *da)
{
    double g, r, e, t;
    if (isinf(q)) { /* the limit of every profile and derivative (inf * 0 would give NaN below) */
        if (dh) *dh = 0.0;
        if (da) *da = 0.0;
        return 0.0;
    }
    switch (pf) {
    case 0: /* SE */
        g = exp(-0.5 * q);
        if (dh) *dh = g;
        return g;
    case 1: /* Matern 1/2 */
        r = sqrt(q);
        g = exp(-r);
        if (dh) *dh = r > 0.0 ? g / r : 0.0;
        return g;
    case 2: /* Matern 3/2 */
        r = sqrt(3.0 * q);
        e = exp(-r);
        if (dh) *dh = 3.0 * e;
        return (1.0 + r) * e;
    case 3: /* Matern 5/2 */
        r = sqrt(5.0 * q);
        e = exp(-r);
        if (dh) *dh = (5.0 / 3.0) * (1.0 + r) * e;
        return (1.0 + r + r * r / 3.0) * e;
    default: /* RQ */
        t = q / (2.0 * a);
        {
            double l1 = log1p(t);
            g = exp(-a * l1);
            if (dh) *dh = g / (1.0 + t);
            if (da) *da = a * g * (t / (1.0 + t) - l1);
        }
        return g;
    }
}

/* Composite covariances (gp_cov.c).  theta is the covariance's block. */
double kes__gp_cov_eval(const kes_gp_cov *c, const double *theta, const double *x, const double *z, double *grad);
kes_status kes__gp_cov_eval_dx(const kes_gp_cov *c, const double *theta, const double *x, const double *z, double *k,
                               double *dk, double *d2k);
kes_gp_cov *kes__gp_cov_clone(const kes_gp_cov *c);
/* Text form of a tree inside a model file (gp_posterior.c): write returns
 * 0 or -1; read returns KES_OK, KES_EPARSE or KES_ENOMEM. */
int kes__gp_cov_write(FILE *f, const kes_gp_cov *c);
kes_status kes__gp_cov_read(FILE *f, int depth, kes_gp_cov **out);
/* Lower triangle (diagonal included) of K for row-major X (n x d). */
void kes__gp_cov_kmat(const kes_gp_cov *cov, const double *theta, const double *X, int64_t n, double *K, int64_t ldk);
void kes__gp_cov_kcross(const kes_gp_cov *cov, const double *theta, const double *X, int64_t n, const double *Q,
                        int64_t mb, double *Ks, int64_t ldk);
/* The trace pass for a composite covariance: grad[0..np) and grad[np] (noise
 * n2); colacc n * np doubles.  KES_ENOMEM. */
kes_status kes__gp_cov_grad_pass(const kes_gp_cov *cov, const double *theta, double n2, const double *X, int64_t n,
                                 const double *Ki, int64_t ldk, const double *alpha, double *colacc, double *grad);

/* Evaluation workspace of one fit: the data, K (n x n) and buffers. */
typedef struct gp_work {
    kes_gp_kernel kernel;
    int64_t n, d, p;
    const double *X;  /* n x d row-major copy of the inputs */
    const double *y;  /* n targets, mean removed */
    double *K;        /* n x n, ld n */
    double *xs;       /* n x d scaled inputs */
    double *alpha;    /* n */
    double *colacc;   /* n * (p - 1) */
    int64_t n_evals;
    const kes_gp_cov *cov; /* NULL: the enum kernel; else the composite covariance (theta = [its params, log n2];
                              X unscaled, xs unused) */
} gp_work;

/* Build K at theta (jitter escalating from 0 as documented in gp.h) and
 * factorise it in place (lower triangle); alpha = K^-1 y; *lml.  With grad
 * non-NULL the factor is then overwritten by K^-1 and grad receives the p
 * LML derivatives.  KES_ENOTSPD when no jitter works. */
kes_status kes__gp_eval(gp_work *w, const double *theta, double *lml, double *grad, double *jitter);
/* The gradient part alone, right after kes__gp_eval(w, theta, ..., NULL, ...)
 * left the factor of K at the same theta in w->K (overwritten by K^-1). */
kes_status kes__gp_eval_grad(gp_work *w, const double *theta, double *grad);

/* A fitted model (the opaque kes_gp of gp.h). */
struct kes_gp {
    kes_gp_kernel kernel;
    int64_t n, d, p;
    double *X;      /* n x d row-major */
    double *xs;     /* n x d scaled by the fitted length scales */
    double *L;      /* n x n lower Cholesky factor of K, ld n */
    double *alpha;  /* K^-1 (y - m) */
    double *theta;  /* p */
    double jitter, lml, mean;
    int64_t n_evals;
    kes_gp_cov *cov;        /* NULL, or the composite covariance (kes_gp_fit_cov(); a private copy) */
    double *y;              /* the n targets as given (for kes_gp_save()) */
    kes_gp_mean mean_kind;  /* the options' mean */
};

/* The fit after the argument checks of kes_gp_fit() / kes_gp_fit_cov():
 * theta holds p start values, then p lower and p upper bounds (log space)
 * and is freed here; cov (may be NULL) is copied. */
kes_status kes__gp_fit_core(const double *X, int64_t n, int64_t d, int64_t ldx, const double *y,
                            const kes_gp_opts *o, kes_rng *rng, kes_gp_kernel kernel, const kes_gp_cov *cov,
                            double *theta, int64_t p, kes_gp **gp);

/* Maximise the LML over the free coordinates (lo[t] < hi[t]) of theta
 * (log space, bounds lo/hi in log space) by BFGS from theta (in: the start,
 * out: the best point), then from `restarts` log-uniform draws.  *best_lml
 * receives the best LML, *converged whether the run that found it met the
 * gradient tolerance.  KES_ENOTSPD when no start point could be evaluated;
 * KES_ENOMEM. */
kes_status kes__gp_optimize(gp_work *w, double *theta, const double *lo, const double *hi, int64_t restarts,
                            int64_t max_iter, double gtol, kes_rng *rng, double *best_lml, int *converged);

/* kes__gp_optimize with a choice of optimiser (the options' optimizer). */
kes_status kes__gp_optimize_with(gp_work *w, double *theta, const double *lo, const double *hi, int64_t restarts,
                                 int64_t max_iter, double gtol, kes_gp_optimizer method, kes_rng *rng,
                                 double *best_lml, int *converged);

#endif
