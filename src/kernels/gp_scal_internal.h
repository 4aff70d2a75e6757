/* Private helpers of the structured and scalable GP sources (gp_kron.c,
 * gp_vecchia.c, gp_scal_opt.c): the correlation profiles with their
 * hyperparameter derivatives, and a box-constrained quasi-Newton driver. */
#ifndef KES_KERNELS_GP_SCAL_INTERNAL_H
#define KES_KERNELS_GP_SCAL_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include "core/internal.h"
#include "kestrel/gp.h"

#define KES__LOG_2PI 1.83787706640934548356

/* 1 for the kernels the scalable paths support (SE, Matern 1/2, 3/2, 5/2 and
 * RQ, isotropic or ARD: the values 0..9 of kes_gp_kernel). */
static inline int kes__gps_kernel_ok(kes_gp_kernel k) { return (int)k >= 0 && (int)k <= 9; }
static inline int kes__gps_is_ard(kes_gp_kernel k) { return ((int)k & 1) == 1; }
static inline int kes__gps_has_a(kes_gp_kernel k) { return (int)k == 8 || (int)k == 9; }
/* Number of hyperparameters 2 + q (+1 for RQ). */
static inline int64_t kes__gps_n_params(kes_gp_kernel k, int64_t d)
{
    return 2 + (kes__gps_is_ard(k) ? d : 1) + (kes__gps_has_a(k) ? 1 : 0);
}

/* g(q) of the correlation profile of kernel k at q = r^2; with dh non-NULL
 * also h(q) = -2 g'(q) (so dk/dlog l = h q for one scale); with da non-NULL
 * dg/dlog a (RQ).  Rasmussen & Williams, GPML, eq. 4.17 and 4.19. */
static inline double kes__gps_profile(kes_gp_kernel k, double q, double a, double *dh, double *da)
{
    double r, e, t, g;
    if (isinf(q)) {
        if (dh) *dh = 0.0;
        if (da) *da = 0.0;
        return 0.0;
    }
    switch ((int)k / 2) {
    case 0:
        g = exp(-0.5 * q);
        if (dh) *dh = g;
        return g;
    case 1:
        r = sqrt(q);
        g = exp(-r);
        if (dh) *dh = r > 0.0 ? g / r : 0.0;
        return g;
    case 2:
        r = sqrt(3.0 * q);
        e = exp(-r);
        if (dh) *dh = 3.0 * e;
        return (1.0 + r) * e;
    case 3:
        r = sqrt(5.0 * q);
        e = exp(-r);
        if (dh) *dh = (5.0 / 3.0) * (1.0 + r) * e;
        return (1.0 + r + r * r / 3.0) * e;
    default: {
        t = q / (2.0 * a);
        double l1 = log1p(t);
        g = exp(-a * l1);
        if (dh) *dh = g / (1.0 + t);
        if (da) *da = a * g * (t / (1.0 + t) - l1);
        return g;
    }
    }
}

/* Objective of the box-constrained maximiser: LML at theta (p values, log
 * space) and, with grad non-NULL, its p derivatives.  Returns KES_OK or an
 * error (the point is then rejected as infinitely bad). */
typedef kes_status (*kes__gps_objective)(void *ctx, const double *theta, double *lml, double *grad);

/* Maximise the LML over the coordinates t of theta with lo[t] < hi[t]
 * (log space) by quasi-Newton from theta (in: start, out: best point).
 * *lml receives the LML there.  KES_OK (gradient test met), KES_NOCONV
 * (max_iter reached or the line search stalled), or the objective's error
 * at the start point; KES_ENOMEM. */
kes_status kes__gps_maximise(kes__gps_objective f, void *ctx, int64_t p, double *theta, const double *lo,
                             const double *hi, int64_t max_iter, double gtol, double *lml, int64_t *n_evals);

/* Check fit options and fill lo/hi (p values each, log space). */
kes_status kes__gps_fit_bounds(const kes_gp_hyperfit_opts *o, int64_t p, const double *theta, double *lo,
                               double *hi);

#endif
