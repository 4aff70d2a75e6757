/* Private pieces of the box-constrained BFGS shared by the dense GP fit
 * (gp_optimize.c) and the Kronecker fit (gp_scal_opt.c): Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., Springer, 2006, Algorithm 6.1 with the
 * inverse update 6.17 and the initial scaling 6.20, and the projected
 * gradient of the box.  The two drivers keep their own line searches
 * (strong Wolfe with value/gradient separation for the dense GP, where a
 * value costs a dpotrf and a gradient a dpotri plus a trace pass;
 * backtracking Armijo for the scalable GPs, whose objectives return both
 * at once). */
#ifndef KES_KERNELS_GP_BFGS_H
#define KES_KERNELS_GP_BFGS_H

#include <math.h>
#include <stdint.h>
#include <string.h>

static inline double kes__gp_dot(const double *a, const double *b, int64_t n)
{
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

/* v projected onto [lo, hi]. */
static inline double kes__gp_box(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* max |projected gradient| at z (n free coordinates, theta index idx[k],
 * bounds lo/hi indexed by theta): components that push out of the box at an
 * active bound are dropped. */
static inline double kes__gp_proj_grad(const int64_t *idx, int64_t n, const double *lo, const double *hi,
                                       const double *z, const double *g)
{
    double m = 0.0;
    for (int64_t k = 0; k < n; k++) {
        int64_t t = idx[k];
        if ((z[k] >= hi[t] && g[k] <= 0.0) || (z[k] <= lo[t] && g[k] >= 0.0)) continue;
        if (fabs(g[k]) > m) m = fabs(g[k]);
    }
    return m;
}

/* H (n x n) = I. */
static inline void kes__gp_bfgs_identity(double *H, int64_t n)
{
    memset(H, 0, (size_t)(n * n) * sizeof *H);
    for (int64_t i = 0; i < n; i++) H[i + i * n] = 1.0;
}

/* The BFGS inverse-Hessian update from the step s and the gradient change y,
 * skipped unless s^T y > 1e-12 |s| |y|; before the first update (*first
 * set) H0 is scaled to (s^T y / y^T y) I and *first cleared.  Hy is n
 * doubles of workspace. */
static inline void kes__gp_bfgs_update(double *H, int64_t n, const double *s, const double *y, double *Hy,
                                       int *first)
{
    double sy = kes__gp_dot(s, y, n);
    if (!(sy > 1e-12 * sqrt(kes__gp_dot(s, s, n) * kes__gp_dot(y, y, n)))) return;
    if (*first) { /* scale H0 = (s.y / y.y) I before the first update */
        double sc = sy / kes__gp_dot(y, y, n);
        for (int64_t i = 0; i < n * n; i++) H[i] *= sc;
        *first = 0;
    }
    /* H <- (I - r s y^T) H (I - r y s^T) + r s s^T, r = 1/s.y (H symmetric: row i = column i) */
    for (int64_t i = 0; i < n; i++) Hy[i] = kes__gp_dot(H + i * n, y, n);
    double r = 1.0 / sy, yHy = kes__gp_dot(y, Hy, n);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++)
            H[i + j * n] += -r * (Hy[i] * s[j] + s[i] * Hy[j]) + (r * r * yHy + r) * s[i] * s[j];
}

#endif
