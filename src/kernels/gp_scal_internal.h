/* Private helpers of the structured and scalable GP sources (gp_kron.c,
 * gp_vecchia.c, gp_scal_opt.c): which kernels they support, and a
 * box-constrained quasi-Newton driver.  The kernel profiles, their
 * derivatives and the kernel predicates are the dense GP's (gp_internal.h). */
#ifndef KES_KERNELS_GP_SCAL_INTERNAL_H
#define KES_KERNELS_GP_SCAL_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include "kernels/gp_internal.h"

/* 1 for the kernels the scalable paths support (SE, Matern 1/2, 3/2, 5/2 and
 * RQ, isotropic or ARD: the values 0..9 of kes_gp_kernel, whose profiles are
 * kes__gp_profile_closed()). */
static inline int kes__gps_kernel_ok(kes_gp_kernel k) { return kes__gp_kernel_valid(k) && !kes__gp_is_matern_nu(k); }

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
